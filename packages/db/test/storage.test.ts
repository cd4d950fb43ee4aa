import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Patent } from '@patent-bridge/domain';
import {
  appendTaskErrors,
  createTask,
  ensureOrganizations,
  failTask,
  findPatent,
  getOrganization,
  getTask,
  listPatents,
  listTaskErrors,
  openStorage,
  requeueInterruptedTasks,
  rowFromPatent,
  startTask,
  claimTask,
  storageVariants,
  succeedTask,
  type Storage,
} from '../src/index.ts';

function patent(id: string, overrides: Partial<Patent> = {}): Omit<Patent, 'createdAt' | 'updatedAt'> {
  return {
    id,
    publicationNumbers: [],
    title: `专利 ${id}`,
    script: 'simplified',
    ipcCodes: [],
    applicants: [],
    owners: [],
    inventors: [],
    ownerOrganizationIds: [],
    legalStatus: 'granted',
    inventoryState: 'idle',
    chains: [],
    attributes: {},
    provenance: { source: 'test' },
    ...overrides,
  };
}

for (const variant of await storageVariants()) {
  describe(`storage on ${variant.name}`, () => {
    let storage: Storage;
    let drop: () => Promise<void>;

    beforeAll(async () => {
      const created = await variant.create();
      drop = created.drop;
      storage = await openStorage(created.config);
    });
    afterAll(async () => {
      await storage?.close();
      await drop?.();
    });

    it('migrates idempotently', async () => {
      const { migrateToLatest } = await import('../src/migrate.ts');
      expect(await migrateToLatest(storage.db)).toEqual([]);
    });

    it('stores patents and finds them by any of their numbers', async () => {
      const p = patent('pt_a', {
        applicationNumber: 'CN201010110545.X',
        publicationNumbers: ['CN101789123A'],
        filingDate: '2010-02-09',
        ipcCodes: ['G06F 11/36', 'G06F 21/57'],
        chains: [{ chain: 'big-data-it', reason: 'ipc:G06F' }],
        openLicence: { declared: true, feeCny: 20000, paymentMode: 'annual' },
      });
      await storage.db.insertInto('patents').values(rowFromPatent(p, 'h1')).execute();
      await storage.db
        .insertInto('patent_numbers')
        .values([
          { number: 'CN201010110545.X', kind: 'application', patent_id: 'pt_a' },
          { number: 'CN101789123', kind: 'publication', patent_id: 'pt_a' },
        ])
        .execute();
      for (const spelling of ['ZL 201010110545.X', '201010110545.X', 'CN101789123B', 'pt_a']) {
        const found = await findPatent(storage.db, spelling);
        expect(found?.id, spelling).toBe('pt_a');
      }
      const found = (await findPatent(storage.db, 'pt_a'))!;
      expect(found.filingDate).toBe('2010-02-09');
      expect(found.openLicence).toEqual({ declared: true, feeCny: 20000, paymentMode: 'annual' });
      expect(found.chains).toEqual([{ chain: 'big-data-it', reason: 'ipc:G06F' }]);
      expect(typeof found.createdAt).toBe('string');
      expect(await findPatent(storage.db, 'CN999999999A')).toBeUndefined();
    });

    it('filters and pages with a cursor', async () => {
      const rows = Array.from({ length: 25 }, (_, i) =>
        rowFromPatent(
          patent(`pt_f${String(i).padStart(2, '0')}`, {
            ipcCodes: [i % 2 ? 'A61K 36/00' : 'A23F 3/06'],
            chains: [{ chain: i % 2 ? 'biomedicine' : 'modern-agriculture-food', reason: 'ipc' }],
            filingYear: 2000 + i,
            legalStatus: i % 5 === 0 ? 'lapsed' : 'granted',
          }),
          'h',
        ),
      );
      await storage.db.insertInto('patents').values(rows).execute();
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listPatents(storage.db, { ipc: ['A61K'] }, { limit: 5, ...(cursor ? { cursor } : {}) });
        expect(page.total).toBe(12);
        seen.push(...page.patents.map((p) => p.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(12);
      expect(new Set(seen).size).toBe(12);
      const agriGranted = await listPatents(storage.db, { chain: ['modern-agriculture-food'], legalStatus: ['granted'], filingYearFrom: 2010 }, { limit: 50 });
      expect(agriGranted.patents.map((p) => p.filingYear)).toEqual([2012, 2014, 2016, 2018, 2022, 2024]);
      await expect(listPatents(storage.db, {}, { limit: 5, cursor: 'garbage' })).rejects.toThrow(/cursor/);
    });

    it('runs a task through its lifecycle with its error report', async () => {
      const id = await createTask(storage.db, 'import', { filename: 'x.csv' });
      expect((await getTask(storage.db, id))?.status).toBe('enqueued');
      expect(await startTask(storage.db, id)).toBe(true);
      expect(await startTask(storage.db, id)).toBe(false);
      // a job's retry takes over the task its failed attempt left processing; a second first attempt does not
      expect(await claimTask(storage.db, id, 1)).toBe(false);
      expect(await claimTask(storage.db, id, 2)).toBe(true);
      await appendTaskErrors(storage.db, id, [{ line: 3, field: 'title', message: 'missing' }]);
      await appendTaskErrors(storage.db, id, [{ line: 9, field: 'filingDate', message: 'bad', source: 'b.csv' }]);
      await succeedTask(storage.db, id, { received: 10, imported: 8, updated: 0, unchanged: 0, merged: 0, rejected: 2 });
      const task = (await getTask(storage.db, id))!;
      expect(task.status).toBe('succeeded');
      expect(await claimTask(storage.db, id, 3)).toBe(false);
      expect(task.counts.rejected).toBe(2);
      expect(task.errorCount).toBe(2);
      expect(await listTaskErrors(storage.db, id)).toEqual([
        { line: 3, field: 'title', message: 'missing' },
        { source: 'b.csv', line: 9, field: 'filingDate', message: 'bad' },
      ]);
      const failed = await createTask(storage.db, 'import', {});
      await failTask(storage.db, failed, { code: 'invalid_file', message: 'empty' });
      expect((await getTask(storage.db, failed))?.error).toEqual({ code: 'invalid_file', message: 'empty' });
    });

    it('requeues tasks a dead process left processing', async () => {
      const id = await createTask(storage.db, 'import', {});
      await startTask(storage.db, id);
      expect(await requeueInterruptedTasks(storage.db)).toContain(id);
      expect((await getTask(storage.db, id))?.status).toBe('enqueued');
    });

    it('creates organisations once per name with inferred kind and region', async () => {
      const first = await ensureOrganizations(storage.db, ['济南大学', '济南大学 ', '张三']);
      const second = await ensureOrganizations(storage.db, ['济南大学']);
      expect(second.get('济南大学')).toBe(first.get('济南大学'));
      const org = await getOrganization(storage.db, first.get('济南大学')!);
      expect(org).toMatchObject({ kind: 'university', region: { province: '山东', city: '济南' } });
      expect((await getOrganization(storage.db, first.get('张三')!))?.kind).toBe('individual');
    });
  });
}

for (const variant of await storageVariants()) {
  describe(`index outbox on ${variant.name}`, () => {
    it('records every patent insert, update and delete for the indexer, in the same transaction', async () => {
      const created = await variant.create();
      const storage = await openStorage(created.config);
      try {
        await storage.db.insertInto('patents').values(rowFromPatent(patent('pt_o1'), 'h')).execute();
        await storage.db.updateTable('patents').set({ title: '新标题', revision: 2 }).where('id', '=', 'pt_o1').execute();
        await storage.db.transaction().execute(async (trx) => {
          await trx.insertInto('patents').values(rowFromPatent(patent('pt_o2'), 'h')).execute();
          await trx.deleteFrom('patents').where('id', '=', 'pt_o2').execute();
        });
        await storage.db
          .transaction()
          .execute(async (trx) => {
            await trx.insertInto('patents').values(rowFromPatent(patent('pt_o3'), 'h')).execute();
            throw new Error('rolled back');
          })
          .catch(() => {});
        const outbox = await storage.db.selectFrom('index_outbox').select(['kind', 'entity_id', 'revision', 'deleted']).orderBy('id').execute();
        expect(outbox).toEqual([
          { kind: 'patent', entity_id: 'pt_o1', revision: 1, deleted: false },
          { kind: 'patent', entity_id: 'pt_o1', revision: 2, deleted: false },
          { kind: 'patent', entity_id: 'pt_o2', revision: 1, deleted: false },
          { kind: 'patent', entity_id: 'pt_o2', revision: 1, deleted: true },
        ]);
      } finally {
        await storage.close();
        await created.drop();
      }
    });
  });
}
