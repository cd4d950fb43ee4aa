import type { Kysely } from 'kysely';
import type { ChainCatalogue } from '@patent-bridge/domain';
import { createTask, failTask, getTask, requeueInterruptedTasks, type Database } from '@patent-bridge/db';
import type { JobQueue } from '@patent-bridge/queue';
import type { ColumnMapping } from '../read/index.ts';
import { ImportError, runImport, uploadSource, type RecordSource } from './run.ts';

export const IMPORT_JOB = 'import';

export type ImportRequest =
  | { kind: 'upload'; filename: string; bytes: Uint8Array; mapping?: ColumnMapping }
  | { kind: 'dataset'; name: string };

/**
 * Records an import task (with the uploaded bytes, so any worker can run it, even after a
 * restart) and queues it. Returns the task id the caller polls.
 *
 * @example
 * const taskId = await enqueueImport(db, queue, { kind: 'dataset', name: 'all' });
 */
export async function enqueueImport(db: Kysely<Database>, queue: JobQueue, request: ImportRequest): Promise<number> {
  const taskId = await db.transaction().execute(async (trx) => {
    if (request.kind === 'dataset') return createTask(trx, 'import', { kind: 'dataset', dataset: request.name });
    const id = await createTask(trx, 'import', { kind: 'upload', filename: request.filename, bytes: request.bytes.byteLength, ...(request.mapping ? { mapping: request.mapping } : {}) });
    await trx.insertInto('task_payloads').values({ task_id: id, filename: request.filename, options: JSON.stringify(request.mapping ? { mapping: request.mapping } : {}), bytes: request.bytes }).execute();
    return id;
  });
  await queue.add(IMPORT_JOB, { taskId }, { jobId: `import-${taskId}`, attempts: 3, backoffMs: 2000 });
  return taskId;
}

export interface ImportWorkerDeps {
  db: Kysely<Database>;
  catalogue: ChainCatalogue;
  /** Resolves a dataset name (or 'all') to its records. */
  datasetSource: (name: string) => RecordSource;
  today?: () => Date;
}

/**
 * Runs queued import tasks. Tasks a dead process left half-done are put back and queued again
 * (the import is an idempotent upsert); a task whose job fails on its last attempt ends `failed`.
 *
 * @example
 * await startImportWorker(queue, { db, catalogue, datasetSource });
 */
export async function startImportWorker(queue: JobQueue, deps: ImportWorkerDeps): Promise<void> {
  queue.process<{ taskId: number }>(IMPORT_JOB, async (job) => {
    const source = await sourceFor(deps, job.data.taskId);
    await runImport(deps.db, job.data.taskId, source, { catalogue: deps.catalogue, ...(deps.today ? { today: deps.today() } : {}) });
    await deps.db.deleteFrom('task_payloads').where('task_id', '=', job.data.taskId).execute();
  });
  queue.onFailed(async (job, error) => {
    if (job.name !== IMPORT_JOB) return;
    const { taskId } = job.data as { taskId: number };
    await failTask(deps.db, taskId, { code: 'internal', message: `the import failed after ${job.attempt} attempts: ${error.message}` });
  });
  for (const taskId of await requeueInterruptedTasks(deps.db)) await queue.add(IMPORT_JOB, { taskId }, { jobId: `import-${taskId}` });
  const waiting = await deps.db.selectFrom('tasks').select('id').where('status', '=', 'enqueued').where('type', '=', 'import').execute();
  for (const { id } of waiting) await queue.add(IMPORT_JOB, { taskId: id }, { jobId: `import-${id}` });
}

async function sourceFor(deps: ImportWorkerDeps, taskId: number): Promise<RecordSource> {
  const task = await getTask(deps.db, taskId);
  if (!task) throw new ImportError('task_not_found', `task ${taskId} does not exist`);
  if (task.details.kind === 'dataset') return deps.datasetSource(String(task.details.dataset));
  const payload = await deps.db.selectFrom('task_payloads').selectAll().where('task_id', '=', taskId).executeTakeFirst();
  if (!payload) {
    return { name: 'upload', read: () => Promise.reject(new ImportError('payload_missing', `the uploaded file of task ${taskId} is no longer stored; upload it again`)) };
  }
  const mapping = (payload.options as { mapping?: ColumnMapping }).mapping;
  return uploadSource(payload.bytes, payload.filename, mapping);
}
