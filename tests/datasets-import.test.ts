import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultChainCatalogue } from '@patent-bridge/domain';
import { createTask, findPatent, getTask, listTaskErrors, openStorage, type Storage } from '@patent-bridge/db';
import { runImport } from '@patent-bridge/inventory';
import { datasetSource, loadDataset } from '@patent-bridge/datasets';

describe('importing every shared dataset on embedded defaults', () => {
  let storage: Storage;
  beforeAll(async () => {
    storage = await openStorage({ kind: 'pglite', dataDir: 'memory' });
  });
  afterAll(async () => storage?.close());

  it('reconciles: records read = imported + merged + rejected, every rejection reported', async () => {
    const expected = await loadDataset('all');
    const taskId = await createTask(storage.db, 'import', { kind: 'dataset', dataset: 'all' });
    const started = Date.now();
    await runImport(storage.db, taskId, datasetSource('all'), { catalogue: defaultChainCatalogue(), today: new Date('2026-11-21') });
    const seconds = (Date.now() - started) / 1000;
    const task = (await getTask(storage.db, taskId))!;
    expect(task.status).toBe('succeeded');
    const c = task.counts;
    expect(c.received).toBe(expected.read);
    expect(c.received).toBeGreaterThan(30_000);
    expect(c.imported + c.merged + c.rejected).toBe(c.received);
    const { count } = await storage.db.selectFrom('patents').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    expect(Number(count)).toBe(c.imported);

    const errors = await listTaskErrors(storage.db, taskId);
    expect(new Set(errors.map((e) => `${e.source}:${e.line}`)).size).toBe(c.rejected);
    // The two upstream typos in the BIT file fail their check digit; nothing else is rejected.
    expect(errors.map((e) => [e.source, e.field])).toEqual([
      ['dataset:bit-university-patents/patents.csv', 'applicationNumber'],
      ['dataset:bit-university-patents/patents.csv', 'applicationNumber'],
    ]);
    console.log(`imported ${c.imported} of ${c.received} records in ${seconds.toFixed(1)} s`);

    const bit = (await findPatent(storage.db, 'ZL 201010110545.X'))!;
    expect(bit).toMatchObject({ filingDate: '2010-02-09', type: 'invention', legalStatus: 'granted', owners: ['北京理工大学'] });
    expect(bit.provenance).toMatchObject({ source: 'dataset:bit-university-patents/patents.csv', line: 1 });
    const tw = await findPatent(storage.db, 'src:tw-university-patents:21db563b-5b9f-42a6-a167-f64ba356a4f8');
    expect(tw?.script).toBe('traditional');
    expect(tw?.original?.title).toBe('新型CRISPR酶以及系統');
    expect(tw?.title).toContain('系统');

    const again = await createTask(storage.db, 'import', { kind: 'dataset', dataset: 'all' });
    await runImport(storage.db, again, datasetSource('all'), { catalogue: defaultChainCatalogue(), today: new Date('2026-11-21') });
    expect((await getTask(storage.db, again))!.counts).toMatchObject({ imported: 0, updated: 0, unchanged: c.imported });
  }, 180_000);
});
