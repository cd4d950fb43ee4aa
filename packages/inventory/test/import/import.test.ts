import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultChainCatalogue, normalizeApplicationNumber } from '@patent-bridge/domain';
import { createTask, findPatent, getTask, listTaskErrors, storageVariants, type Storage } from '@patent-bridge/db';
import { runImport, uploadSource } from '../../src/index.ts';
import { makeInventoryCsv } from '../fixtures/malformed.ts';

const catalogue = defaultChainCatalogue();
const today = new Date('2026-11-21T00:00:00Z');
const utf8 = (text: string) => new TextEncoder().encode(text);

async function importBytes(storage: Storage, bytes: Uint8Array, filename: string, mapping?: Record<string, any>) {
  const taskId = await createTask(storage.db, 'import', { filename });
  await runImport(storage.db, taskId, uploadSource(bytes, filename, mapping), { catalogue, today });
  return (await getTask(storage.db, taskId))!;
}

const HEADER = '申请号,公开(公告)号,名称,摘要,主分类号,IPC分类号,申请人,专利权人,发明人,申请日,法律状态,开放许可,开放许可费\n';

for (const variant of await storageVariants()) {
  describe(`inventory import on ${variant.name}`, () => {
    let storage: Storage;
    beforeAll(async () => {
      storage = await variant.open();
    });
    afterAll(async () => storage?.close());

    it('imports every valid row of a file with 5% malformed rows and reports every bad one; a second run imports nothing new', async () => {
      const csv = makeInventoryCsv({ rows: 400, badShare: 0.05, seed: 11 });
      expect(csv.bad.length).toBeGreaterThanOrEqual(15);
      expect(new Set(csv.bad.map((b) => b.kind))).toEqual(new Set(['bad-date', 'missing-title', 'bad-number', 'broken-quote', 'gb18030-row']));

      const first = await importBytes(storage, csv.bytes, 'inventory.csv');
      expect(first.status).toBe('succeeded');
      const c = first.counts;
      expect(c.received).toBe(400);
      expect(c.rejected).toBe(csv.bad.length);
      expect(c.imported + c.merged).toBe(csv.goodLines.length);
      expect(c.imported + c.updated + c.unchanged + c.merged + c.rejected).toBe(c.received);

      const errors = await listTaskErrors(storage.db, first.id);
      const rejectedLines = new Set(errors.map((e) => e.line));
      for (const bad of csv.bad) expect(rejectedLines, `${bad.kind} on line ${bad.line}`).toContain(bad.line);
      for (const line of csv.goodLines) expect(rejectedLines.has(line), `good line ${line} rejected`).toBe(false);
      const fieldFor = (kind: string) => errors.filter((e) => csv.bad.some((b) => b.kind === kind && b.line === e.line)).map((e) => e.field);
      expect(fieldFor('bad-date').every((f) => /Date$/.test(f))).toBe(true);
      expect(fieldFor('missing-title')).toContain('title');
      expect(fieldFor('bad-number').every((f) => /Number$/.test(f))).toBe(true);
      expect(fieldFor('gb18030-row')).toContain('encoding');
      expect(fieldFor('broken-quote')).toContain('row');

      for (const line of csv.goodLines.slice(0, 20)) {
        const row = csv.rows.find((r) => r.line === line)!;
        const patent = await findPatent(storage.db, row.cells[0]!);
        expect(patent?.applicationNumber).toBe(normalizeApplicationNumber(row.cells[0]!));
      }

      const second = await importBytes(storage, csv.bytes, 'inventory.csv');
      expect(second.counts).toMatchObject({ received: 400, imported: 0, updated: 0, rejected: csv.bad.length });
      expect(second.counts.unchanged + second.counts.merged).toBe(csv.goodLines.length);
    });

    it('treats a re-import of records with extra columns as unchanged', async () => {
      const csv = `申请号,名称,备注,zeta,alpha\n201910011111.${checkDigit('201910011111')},一种储能电池管理系统,x,1,2\n`;
      expect((await importBytes(storage, utf8(csv), 'extra.csv')).counts.imported).toBe(1);
      expect((await importBytes(storage, utf8(csv), 'extra.csv')).counts).toMatchObject({ unchanged: 1, updated: 0 });
    });

    it('imports a whole GB18030 file, detected automatically', async () => {
      const csv = makeInventoryCsv({ rows: 50, badShare: 0, seed: 5, encoding: 'gb18030' });
      const task = await importBytes(storage, csv.bytes, 'gbk-export.csv');
      expect(task.details.encoding).toBe('gb18030');
      expect(task.counts.rejected).toBe(0);
      const row = csv.rows[0]!;
      const patent = await findPatent(storage.db, row.cells[0]!);
      expect(patent?.title).toBe(row.cells[2]);
    });

    it('updates changed fields on re-import, records the change, and keeps what users set', async () => {
      const v1 = `${HEADER}ZL 201010110545.X,,一种软件漏洞动态检测方法,基于指针分析检测漏洞。,G06F 11/36,G06F 21/57,泉城理工大学,泉城理工大学,张三、李四,2010-02-09,授权,否,\n`;
      const first = await importBytes(storage, utf8(v1), 'v1.csv');
      expect(first.counts.imported).toBe(1);
      const created = (await findPatent(storage.db, '201010110545.X'))!;
      expect(created).toMatchObject({ type: 'invention', legalStatus: 'granted', expiryDate: '2030-02-08', inventoryState: 'idle', ownerOrganizationIds: [expect.stringMatching(/^org_/)] });
      expect(created.chains.map((t) => t.chain)).toContain('big-data-it');
      expect(created.screening?.components.map((c) => c.name)).toEqual(['legal_vitality', 'remaining_term', 'patent_type', 'technology_age', 'ipc_breadth', 'claims', 'open_licence', 'chain_fit', 'demand_pull']);

      await storage.db.updateTable('patents').set({ inventory_state: 'implemented' }).where('id', '=', created.id).execute();
      const v2 = v1.replace(',否,\n', ',是,2万\n');
      const second = await importBytes(storage, utf8(v2), 'v2.csv');
      expect(second.counts).toMatchObject({ imported: 0, updated: 1 });
      const updated = (await findPatent(storage.db, 'CN201010110545.X'))!;
      expect(updated.openLicence).toEqual({ declared: true, feeCny: 20000 });
      expect(updated.inventoryState).toBe('implemented');
      expect(updated.screening!.score).toBeGreaterThan(created.screening!.score);
      const changes = await storage.db.selectFrom('patent_changes').selectAll().where('patent_id', '=', created.id).orderBy('id').execute();
      expect(changes.map((c) => [c.change, c.source, c.fields])).toEqual([
        ['created', 'upload:v1.csv', []],
        ['updated', 'upload:v2.csv', ['openLicence']],
      ]);
    });

    it('merges duplicates within one import and across numbers, and reports them', async () => {
      const rows = [
        `201110294120.3,,一种雷达目标识别方法,,G01S 7/41,,泉城理工大学,,,2011-09-29,授权,,`,
        `,CN102364321A,一种雷达目标识别方法,,,,,,,,,,`,
        `ZL201110294120.3,CN102364321B,一种雷达目标识别方法,摘要补充。,,G06K 9/62,,,王五,,,,`,
      ];
      const task = await importBytes(storage, utf8(HEADER + rows.join('\n') + '\n'), 'dups.csv');
      expect(task.counts).toMatchObject({ received: 3, imported: 1, merged: 2, rejected: 0 });
      const duplicates = task.details.duplicates as { groups: number; examples: Array<{ records: Array<{ line: number }> }> };
      expect(duplicates.groups).toBe(1);
      expect(duplicates.examples[0]!.records.map((r) => r.line)).toEqual([2, 3, 4]);
      const patent = (await findPatent(storage.db, 'CN102364321B'))!;
      expect(patent.applicationNumber).toBe('CN201110294120.3');
      expect(patent.ipcCodes).toEqual(['G01S 7/41', 'G06K 9/62']);
      expect(patent.abstract).toBe('摘要补充。');
      expect(patent.publicationNumbers.sort()).toEqual(['CN102364321A', 'CN102364321B']);
    });

    it('converts Traditional Chinese for indexing and keeps the original', async () => {
      const csv = `申請號,名稱,摘要,申請人\n201710012345.${checkDigit('201710012345')},新型ＣＲＩＳＰＲ酶以及系統,一種基因編輯系統。,國立臺灣大學\n`;
      const task = await importBytes(storage, utf8(csv), 'tw.csv');
      expect(task.counts.imported).toBe(1);
      const patent = (await findPatent(storage.db, `201710012345.${checkDigit('201710012345')}`))!;
      expect(patent.script).toBe('traditional');
      expect(patent.title).toMatch(/系统/);
      expect(patent.original?.title).toBe('新型CRISPR酶以及系統');
      expect(patent.applicants[0]).toMatch(/台湾大学/);
    });

    it('takes a user mapping for unusual headers and rejects a mapping to an unknown field', async () => {
      const csv = `Patent No.,Invention,Owner\n201810054321.${checkDigit('201810054321')},一种茶叶滚筒杀青机,泉城农业大学\n`;
      const mapped = await importBytes(storage, utf8(csv), 'custom.csv', { 'Patent No.': 'applicationNumber', Invention: 'title', Owner: 'owners' });
      expect(mapped.counts.imported).toBe(1);
      const patent = (await findPatent(storage.db, `CN201810054321.${checkDigit('201810054321')}`))!;
      expect(patent.owners).toEqual(['泉城农业大学']);
      expect(patent.chains.map((c) => c.chain)).toContain('modern-agriculture-food');
      const bad = await importBytes(storage, utf8(csv), 'custom.csv', { 'Patent No.': 'nonsense' });
      expect(bad.status).toBe('failed');
      expect(bad.error?.code).toBe('invalid_mapping');
    });
  });
}

function checkDigit(body: string): string {
  const weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i]!, 0) % 11;
  return sum === 10 ? 'X' : String(sum);
}
