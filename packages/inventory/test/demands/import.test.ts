import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemandInput, defaultChainCatalogue, type Demand, type Task } from '@patent-bridge/domain';
import { createDemand, createTask, getTask, listTaskErrors, saveOrganization, storageVariants, updateDemand, type Storage } from '@patent-bridge/db';
import { demandUploadSource, runDemandImport } from '../../src/index.ts';
import { encodeGb18030 } from '../fixtures/malformed.ts';
import { writeWorkbook } from './workbook.ts';

const catalogue = defaultChainCatalogue();
const today = new Date('2026-11-21T00:00:00Z');
const utf8 = (text: string) => new TextEncoder().encode(text);

/** The project's sample demand sheet: 10 rows, lines 6 and 11 deliberately bad. */
const SAMPLE_TEXT = readFileSync(new URL('../../../../datasets/sample/demands-import-sample.csv', import.meta.url), 'utf8');
const SAMPLE_ROWS = SAMPLE_TEXT.trim().split('\n').map((line) => line.split(','));
const SAMPLE_HEADER = SAMPLE_ROWS[0]!;
const sampleCell = (line: number, header: string) => SAMPLE_ROWS[line - 1]![SAMPLE_HEADER.indexOf(header)]!;
const BAD_LINES = [6, 11];
const GOOD_LINES = [2, 3, 4, 5, 7, 8, 9, 10];

async function importBytes(storage: Storage, bytes: Uint8Array, filename: string, mapping?: Record<string, any>): Promise<Task> {
  const taskId = await createTask(storage.db, 'demand_import', { filename });
  await runDemandImport(storage.db, taskId, demandUploadSource(bytes, filename, mapping), { catalogue, today });
  return (await getTask(storage.db, taskId))!;
}

async function demandsTitled(storage: Storage, title: string): Promise<Array<{ id: string; enterprise_id: string; revision: number; updated_at: string }>> {
  return storage.db.selectFrom('demands').select(['id', 'enterprise_id', 'revision', 'updated_at']).where('title', '=', title).execute();
}

function reconciles(task: Task): boolean {
  const c = task.counts;
  return c.imported + c.updated + c.unchanged + c.merged + c.rejected === c.received;
}

function utf16le(text: string): Uint8Array {
  const body = Buffer.from(text, 'utf16le');
  return new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), body]));
}

for (const variant of await storageVariants()) {
  describe(`demand import on ${variant.name}`, () => {
    let storage: Storage;
    beforeAll(async () => {
      storage = await variant.open();
    });
    afterAll(async () => storage?.close());

    it('imports the project sample: 8 demands, the 2 bad rows reported with line, field and reason; a second run writes nothing', async () => {
      const first = await importBytes(storage, utf8(SAMPLE_TEXT), 'demands-import-sample.csv');
      expect(first.status).toBe('succeeded');
      expect(first.type).toBe('demand_import');
      expect(first.counts).toEqual({ received: 10, imported: 8, updated: 0, unchanged: 0, merged: 0, rejected: 2 });
      expect(reconciles(first)).toBe(true);

      const errors = await listTaskErrors(storage.db, first.id);
      expect([...new Set(errors.map((e) => e.line))].sort((a, b) => a - b)).toEqual(BAD_LINES);
      expect(errors.every((e) => e.source === 'upload:demands-import-sample.csv' && e.message.length > 0)).toBe(true);
      expect(errors.filter((e) => e.line === 6).map((e) => e.field)).toEqual(['enterprise']);
      expect(errors.filter((e) => e.line === 11).map((e) => e.field).sort()).toEqual(['budgetMin', 'industryCode', 'licenceModes']);
      expect(errors.find((e) => e.field === 'licenceModes')!.message).toContain('"许可"');

      // Every good row is a demand of an enterprise organisation; the Traditional row is stored Simplified.
      for (const line of GOOD_LINES.filter((l) => l !== 7)) {
        const [stored] = await demandsTitled(storage, sampleCell(line, '需求名称'));
        expect(stored, `line ${line}`).toBeDefined();
        const org = await storage.db.selectFrom('organizations').select(['name', 'kind']).where('id', '=', stored!.enterprise_id).executeTakeFirstOrThrow();
        expect(org).toEqual({ name: sampleCell(line, '企业名称'), kind: 'enterprise' });
      }
      const [traditional] = await demandsTitled(storage, '电路板瑕疵自动检测');
      expect(traditional).toBeDefined();
      const org = await storage.db.selectFrom('organizations').select(['name', 'kind']).where('id', '=', traditional!.enterprise_id).executeTakeFirstOrThrow();
      expect(org).toEqual({ name: '济南汇通电子科技有限公司（示例）', kind: 'enterprise' });
      const converted = first.details.converted as { count: number; examples: Array<{ line: number; demandId: string; original: { title: string; enterprise: string } }> };
      expect(converted.count).toBe(1);
      expect(converted.examples[0]).toMatchObject({ line: 7, demandId: traditional!.id, original: { title: sampleCell(7, '需求名称'), enterprise: sampleCell(7, '企业名称') } });

      const row4 = await storage.db.selectFrom('demands').selectAll().where('title', '=', sampleCell(4, '需求名称')).executeTakeFirstOrThrow();
      expect(row4).toMatchObject({
        industry_code: '274',
        chains: ['biomedicine'],
        keywords: ['阿胶', '多肽', '酶解', '去腥'],
        region: { province: '山东', city: '济南' },
        budget_min: 300_000,
        budget_max: 1_000_000,
        licence_modes: ['assignment', 'exclusive'],
        maturity: 'pilot',
        deadline: '2027-03-31',
        visibility: 'private',
        status: 'open',
      });

      const before = await storage.db.selectFrom('demands').select(['id', 'revision', 'updated_at']).orderBy('id').execute();
      const outboxBefore = await storage.db.selectFrom('index_outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'demand').executeTakeFirstOrThrow();
      const second = await importBytes(storage, utf8(SAMPLE_TEXT), 'demands-import-sample.csv');
      expect(second.counts).toEqual({ received: 10, imported: 0, updated: 0, unchanged: 8, merged: 0, rejected: 2 });
      expect(await storage.db.selectFrom('demands').select(['id', 'revision', 'updated_at']).orderBy('id').execute()).toEqual(before);
      const outboxAfter = await storage.db.selectFrom('index_outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'demand').executeTakeFirstOrThrow();
      expect(Number(outboxAfter.n)).toBe(Number(outboxBefore.n));
    });

    it('reads the same sample saved as GB18030, UTF-8 with BOM or UTF-16 as the same demands', async () => {
      for (const [bytes, encoding] of [
        [encodeGb18030(SAMPLE_TEXT), 'gb18030'],
        [new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(SAMPLE_TEXT)]), 'utf-8-bom'],
        [utf16le(SAMPLE_TEXT), 'utf-16le'],
      ] as const) {
        const task = await importBytes(storage, bytes, 'demands.csv');
        expect(task.details.encoding).toBe(encoding);
        expect(task.counts, encoding).toEqual({ received: 10, imported: 0, updated: 0, unchanged: 8, merged: 0, rejected: 2 });
      }
    });

    it('rejects only the rows on a wrongly encoded line or with broken quoting; the rows around them are imported', async () => {
      const header = '需求编号,企业名称,需求名称,关键词\n';
      const good = (n: number) => `ENC-${n},济南编码测试有限公司（示例）,编码测试需求${n},关键词${n}\n`;
      const bytes = new Uint8Array([
        ...utf8(header + good(1)),
        ...encodeGb18030(`ENC-2,济南编码测试有限公司（示例）,这一行是GB18030编码,乱码\n`),
        ...utf8(good(3)),
        ...utf8(`ENC-4,济南编码测试有限公司（示例）,"引号没有闭合,坏行\n`),
        ...utf8(good(5)),
      ]);
      const task = await importBytes(storage, bytes, 'mixed.csv');
      expect(task.counts).toEqual({ received: 5, imported: 3, updated: 0, unchanged: 0, merged: 0, rejected: 2 });
      const errors = await listTaskErrors(storage.db, task.id);
      expect(errors.map((e) => [e.line, e.field])).toEqual([
        [3, 'encoding'],
        [5, 'row'],
      ]);
      for (const n of [1, 3, 5]) expect(await demandsTitled(storage, `编码测试需求${n}`)).toHaveLength(1);
    });

    it('updates a changed row and keeps what a user changed through the API where the sheet is silent', async () => {
      const v1 = '需求编号,企业名称,需求名称,预算上限\nUPD-1,济南更新测试有限公司（示例）,揉捻机自动化改造,20万\nUPD-2,济南更新测试有限公司（示例）,茶叶烘干节能,10万\n';
      expect((await importBytes(storage, utf8(v1), 'v1.csv')).counts.imported).toBe(2);
      const [created] = await demandsTitled(storage, '揉捻机自动化改造');
      const stored = (await storage.db.selectFrom('demands').selectAll().where('id', '=', created!.id).executeTakeFirstOrThrow());
      await updateDemand(storage.db, created!.id, DemandInput.parse({ enterpriseId: stored.enterprise_id, title: stored.title, budgetCny: { max: 200_000 }, visibility: 'private' }));

      const v2 = v1.replace('揉捻机自动化改造,20万', '揉捻机全自动改造,30万');
      const task = await importBytes(storage, utf8(v2), 'v2.csv');
      expect(task.counts).toMatchObject({ received: 2, imported: 0, updated: 1, unchanged: 1 });
      const changes = task.details.changes as { examples: Array<{ demandId: string; change: string; fields: string[]; line: number }> };
      expect(changes.examples).toEqual([{ demandId: created!.id, source: 'upload:v2.csv', line: 2, change: 'updated', fields: ['title', 'budgetCny'] }]);
      const after = await storage.db.selectFrom('demands').selectAll().where('id', '=', created!.id).executeTakeFirstOrThrow();
      expect(after).toMatchObject({ title: '揉捻机全自动改造', budget_max: 300_000, visibility: 'private', revision: 3 });
      expect(await demandsTitled(storage, '揉捻机自动化改造')).toHaveLength(0);
    });

    it('without an external id, finds the demand by enterprise and normalised title, also one entered through the API', async () => {
      const enterprise = await saveOrganization(storage.db, { name: '济南标题匹配茶厂（示例）', kind: 'enterprise' });
      const viaApi: Demand = await createDemand(storage.db, DemandInput.parse({ enterpriseId: enterprise.id, title: '茶叶揉捻机改造' }));
      const csv = '企業名稱,需求名稱,關鍵詞\n濟南標題匹配茶廠（示例）,茶葉 揉捻機改造！,揉捻；茶葉\n';
      const task = await importBytes(storage, utf8(csv), 'tw.csv');
      expect(task.counts).toMatchObject({ received: 1, imported: 0, updated: 1 });
      const rows = await storage.db.selectFrom('demands').select(['id', 'title', 'keywords']).where('enterprise_id', '=', enterprise.id).execute();
      expect(rows).toEqual([{ id: viaApi.id, title: '茶叶 揉捻机改造！', keywords: ['揉捻', '茶叶'] }]);
      expect((await importBytes(storage, utf8(csv), 'tw.csv')).counts).toMatchObject({ updated: 0, unchanged: 1 });
    });

    it('merges rows of one file that describe the same demand', async () => {
      const csv = [
        '需求编号,企业名称,需求名称,技术成熟度,关键词',
        'DUP-1,济南重复测试有限公司（示例）,粉尘在线监测,,粉尘',
        'DUP-1,济南重复测试有限公司（示例）,粉尘在线监测（重复）,中试,监测',
        ',济南重复测试有限公司（示例）,粉尘在线监测,样机,',
        ',济南重复测试有限公司（示例）,废水回用,,',
        ',济南重复测试有限公司 （示例）,废水 回用,量产,',
      ].join('\n');
      const task = await importBytes(storage, utf8(`${csv}\n`), 'dups.csv');
      expect(task.counts).toEqual({ received: 5, imported: 2, updated: 0, unchanged: 0, merged: 3, rejected: 0 });
      expect((task.details.duplicates as { groups: number }).groups).toBe(2);
      const dust = await storage.db.selectFrom('demands').selectAll().where('title', '=', '粉尘在线监测').executeTakeFirstOrThrow();
      expect(dust).toMatchObject({ maturity: 'pilot', keywords: ['粉尘'] });
      const water = await storage.db.selectFrom('demands').selectAll().where('title', '=', '废水回用').executeTakeFirstOrThrow();
      expect(water.maturity).toBe('production');
      expect((await importBytes(storage, utf8(`${csv}\n`), 'dups.csv')).counts).toMatchObject({ imported: 0, updated: 0, unchanged: 2, merged: 3 });
    });

    it('imports an XLSX sheet with Traditional headers and a 万元 budget column', async () => {
      const workbook = writeWorkbook([
        ['需求編號', '企業名稱', '需求名稱', '預算下限（萬元）', '預算上限（萬元）', '產業鏈', '許可方式'],
        ['XLSX-1', '济南表格测试有限公司（示例）', '表格导入的需求', 15, 40, '新材料', '排他許可'],
        ['XLSX-2', '济南表格测试有限公司（示例）', '第二个表格需求', 'abc', null, null, null],
      ]);
      const task = await importBytes(storage, workbook, '需求.xlsx');
      expect(task.details.encoding).toBe('xlsx');
      expect(task.counts).toMatchObject({ received: 2, imported: 1, rejected: 1 });
      expect(await listTaskErrors(storage.db, task.id)).toEqual([{ source: 'upload:需求.xlsx', line: 3, field: 'budgetMinWan', message: expect.stringContaining('plain numbers in this column are 万元') }]);
      const demand = await storage.db.selectFrom('demands').selectAll().where('title', '=', '表格导入的需求').executeTakeFirstOrThrow();
      expect(demand).toMatchObject({ budget_min: 150_000, budget_max: 400_000, chains: ['new-materials'], licence_modes: ['sole'] });
    });

    it('takes a user mapping, and fails the task with a coded error for a bad mapping or an unreadable file', async () => {
      const csv = '单位,项目,说明\n济南映射测试有限公司（示例）,映射导入的需求,按用户映射读取\n';
      const mapped = await importBytes(storage, utf8(csv), 'custom.csv', { 单位: 'enterprise', 项目: 'title', 说明: 'description' });
      expect(mapped.counts).toMatchObject({ imported: 1, rejected: 0 });
      expect((await demandsTitled(storage, '映射导入的需求'))).toHaveLength(1);

      const badMapping = await importBytes(storage, utf8(csv), 'custom.csv', { 单位: 'nonsense' });
      expect(badMapping.status).toBe('failed');
      expect(badMapping.error?.code).toBe('invalid_mapping');
      expect(badMapping.error?.message).toContain('enterprise, externalId, title');

      const xls = await importBytes(storage, Uint8Array.of(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1), '需求.xls');
      expect(xls.status).toBe('failed');
      expect(xls.error?.code).toBe('invalid_file');
    });
  });
}
