import type { Kysely } from 'kysely';
import type { ChainCatalogue } from '@patent-bridge/domain';
import type { Database } from '@patent-bridge/db';
import type { JobQueue } from '@patent-bridge/queue';
import type { ColumnMapping } from '../read/index.ts';
import { enqueueUploadTask, missingUploadSource, startTaskWorker, taskUpload } from '../import/tasks.ts';
import type { DemandField } from './fields.ts';
import { demandUploadSource, runDemandImport } from './run.ts';

export const DEMAND_IMPORT_JOB = 'demand-import';

export interface DemandImportRequest {
  filename: string;
  bytes: Uint8Array;
  mapping?: ColumnMapping<DemandField>;
}

/**
 * Records a `demand_import` task with the uploaded sheet (so any worker can run it, even after a
 * restart) and queues it. Returns the task id the caller polls.
 *
 * @example
 * const taskId = await enqueueDemandImport(db, queue, { filename: '企业需求.xlsx', bytes });
 */
export async function enqueueDemandImport(db: Kysely<Database>, queue: JobQueue, request: DemandImportRequest): Promise<number> {
  return enqueueUploadTask(db, queue, {
    taskType: 'demand_import',
    job: DEMAND_IMPORT_JOB,
    filename: request.filename,
    bytes: request.bytes,
    ...(request.mapping ? { options: { mapping: request.mapping } } : {}),
  });
}

export interface DemandImportWorkerDeps {
  db: Kysely<Database>;
  catalogue: ChainCatalogue;
  today?: () => Date;
}

/**
 * Runs queued demand import tasks, in this process or on Redis workers alike. Tasks a dead process
 * left half-done are run again (the import is idempotent); a task whose job fails on its last
 * attempt ends `failed`.
 *
 * @example
 * await startDemandImportWorker(queue, { db, catalogue });
 */
export async function startDemandImportWorker(queue: JobQueue, deps: DemandImportWorkerDeps): Promise<void> {
  await startTaskWorker(queue, deps.db, {
    taskType: 'demand_import',
    job: DEMAND_IMPORT_JOB,
    run: async (taskId) => {
      const upload = await taskUpload(deps.db, taskId);
      const source = upload
        ? demandUploadSource(upload.bytes, upload.filename, (upload.options as { mapping?: ColumnMapping<DemandField> }).mapping)
        : missingUploadSource<DemandField>(taskId);
      await runDemandImport(deps.db, taskId, source, { catalogue: deps.catalogue, ...(deps.today ? { today: deps.today() } : {}) });
    },
  });
}
