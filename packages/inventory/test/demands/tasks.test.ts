import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultChainCatalogue } from '@patent-bridge/domain';
import { createTask, getTask, storageVariants, type Storage } from '@patent-bridge/db';
import { InProcessQueue, RedisQueue, TEST_REDIS_URL, deleteRedisKeys, redisAvailable, uniqueTestPrefix, type JobQueue } from '@patent-bridge/queue';
import { DEMAND_IMPORT_JOB, enqueueDemandImport, enqueueImport, enqueueUploadTask, startDemandImportWorker, startImportWorker, type RecordSource } from '../../src/index.ts';

const catalogue = defaultChainCatalogue();
const today = () => new Date('2026-11-21T00:00:00Z');
const SAMPLE = readFileSync(new URL('../../../../datasets/sample/demands-import-sample.csv', import.meta.url));
const PATENTS = new TextEncoder().encode('申请号,名称\n201010110545.X,一种结合指针分析的软件安全漏洞动态检测方法\n');
const noDatasets = (name: string): RecordSource => ({ name, read: () => Promise.reject(new Error('no datasets in this test')) });
const silent = { warn: () => {}, info: () => {} };

const queues: Array<{ label: string; make: () => { queue: JobQueue; cleanup: () => Promise<void> } }> = [
  { label: 'in-process', make: () => ({ queue: new InProcessQueue(), cleanup: async () => {} }) },
];
if (await redisAvailable()) {
  queues.push({
    label: 'redis',
    make: () => {
      const prefix = uniqueTestPrefix('demand-import');
      return { queue: new RedisQueue({ url: TEST_REDIS_URL, prefix, logger: silent }), cleanup: async () => void (await deleteRedisKeys(prefix)) };
    },
  });
}

async function startWorkers(storage: Storage, queue: JobQueue): Promise<void> {
  await startImportWorker(queue, { db: storage.db, catalogue, datasetSource: noDatasets, today });
  await startDemandImportWorker(queue, { db: storage.db, catalogue, today });
}

async function payloadCount(storage: Storage, taskId: number): Promise<number> {
  return (await storage.db.selectFrom('task_payloads').select('task_id').where('task_id', '=', taskId).execute()).length;
}

const [pglite] = await storageVariants();

for (const { label, make } of queues) {
  describe(`demand import tasks on the ${label} queue`, () => {
    let storage: Storage;
    const cleanups: Array<() => Promise<void>> = [];
    beforeAll(async () => {
      storage = await pglite!.open();
    });
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });
    afterAll(async () => storage?.close());

    const open = () => {
      const { queue, cleanup } = make();
      cleanups.push(cleanup, () => queue.close());
      return queue;
    };

    it('runs a queued demand import next to patent imports, each by its own worker, and drops the stored file', async () => {
      const queue = open();
      await startWorkers(storage, queue);
      const demandTask = await enqueueDemandImport(storage.db, queue, { filename: 'demands-import-sample.csv', bytes: new Uint8Array(SAMPLE) });
      const patentTask = await enqueueImport(storage.db, queue, { kind: 'upload', filename: 'patents.csv', bytes: PATENTS });
      await queue.drained();

      const demands = (await getTask(storage.db, demandTask))!;
      expect(demands).toMatchObject({ type: 'demand_import', status: 'succeeded', details: { kind: 'upload', filename: 'demands-import-sample.csv', bytes: SAMPLE.byteLength } });
      expect(demands.counts).toMatchObject({ received: 10, rejected: 2 });
      expect(demands.counts.imported + demands.counts.unchanged).toBe(8);
      expect(demands.errors.map((e) => e.line)).toEqual([6, 11, 11, 11]);
      const patents = (await getTask(storage.db, patentTask))!;
      expect(patents).toMatchObject({ type: 'import', status: 'succeeded' });
      expect(patents.counts.imported + patents.counts.unchanged).toBe(1);
      expect(await payloadCount(storage, demandTask)).toBe(0);
    });

    it('after a restart, runs demand imports left enqueued or half-done with the demand worker only', async () => {
      const orphan = open();
      const waiting = await enqueueDemandImport(storage.db, orphan, { filename: 'waiting.csv', bytes: new Uint8Array(SAMPLE) });
      const interrupted = await enqueueUploadTask(storage.db, orphan, { taskType: 'demand_import', job: DEMAND_IMPORT_JOB, filename: 'interrupted.csv', bytes: new Uint8Array(SAMPLE) });
      await storage.db.updateTable('tasks').set({ status: 'processing', started_at: new Date().toISOString() }).where('id', '=', interrupted).execute();
      await storage.db.insertInto('task_errors').values({ task_id: interrupted, seq: 0, source: null, line: 99, field: 'row', message: 'left by the dead process' }).execute();
      await storage.db.updateTable('tasks').set({ error_count: 1 }).where('id', '=', interrupted).execute();
      const reindex = await createTask(storage.db, 'reindex', {});
      await storage.db.updateTable('tasks').set({ status: 'processing' }).where('id', '=', reindex).execute();
      await orphan.close();

      const queue = open();
      await startWorkers(storage, queue);
      await queue.drained();
      for (const id of [waiting, interrupted]) {
        const task = (await getTask(storage.db, id))!;
        expect(task.status, `task ${id}`).toBe('succeeded');
        expect(task.counts).toMatchObject({ received: 10, unchanged: 8, rejected: 2 });
        expect(task.errors.map((e) => e.line)).toEqual([6, 11, 11, 11]);
      }
      // A task of another kind is not this worker's to run.
      expect((await getTask(storage.db, reindex))!.status).toBe('processing');
    });
  });
}
