import type { Kysely } from 'kysely';
import type { ChainCatalogue, Task, TaskType } from '@patent-bridge/domain';
import { createTask, failTask, getTask, requeueTask, type Database } from '@patent-bridge/db';
import type { JobQueue } from '@patent-bridge/queue';
import type { ColumnMapping } from '../read/index.ts';
import { ImportError, runImport, uploadSource, type RecordSource } from './run.ts';

export const IMPORT_JOB = 'import';

/** Who started a task through the API (recorded in its details, so the task can be shown to its creator). */
export interface TaskRequester {
  keyId: string;
  organizationId?: string;
}

export type ImportRequest = (
  | {
      kind: 'upload';
      filename: string;
      bytes: Uint8Array;
      mapping?: ColumnMapping;
      /** A university's upload: only patents this organisation owns are written; others are rejected per record (`not_your_patent`). */
      actingOrganizationId?: string;
    }
  | { kind: 'dataset'; name: string }
) & { createdBy?: TaskRequester };

/** An uploaded file to import as a task of some type, run by the worker of one job name. */
export interface UploadTaskRequest {
  taskType: TaskType;
  job: string;
  filename: string;
  bytes: Uint8Array;
  /** Reading options kept with the bytes (e.g. `{ mapping }`) and shown in the task's details. */
  options?: Record<string, unknown>;
  /** More to record in the task's details only (e.g. `{ createdBy }`), not given to the reader. */
  details?: Record<string, unknown>;
}

/**
 * Records a task for an uploaded file, stores the bytes with it (so any worker can run it, even
 * after a restart) and queues its job. Returns the task id the caller polls.
 *
 * @example
 * const taskId = await enqueueUploadTask(db, queue, { taskType: 'import', job: IMPORT_JOB, filename: 'x.csv', bytes });
 */
export async function enqueueUploadTask(db: Kysely<Database>, queue: JobQueue, request: UploadTaskRequest): Promise<number> {
  const options = request.options ?? {};
  const taskId = await db.transaction().execute(async (trx) => {
    const id = await createTask(trx, request.taskType, { kind: 'upload', filename: request.filename, bytes: request.bytes.byteLength, ...options, ...request.details });
    await trx.insertInto('task_payloads').values({ task_id: id, filename: request.filename, options: JSON.stringify(options), bytes: request.bytes }).execute();
    return id;
  });
  await queueTaskJob(db, queue, request.job, taskId);
  return taskId;
}

/**
 * Queues the job of a task just recorded. When the queue refuses it (Redis unreachable), the task
 * and its stored upload are deleted before the error goes on, so no task waits for a job that will
 * never come and the caller can simply retry. Should the delete fail as well, the task stays
 * `enqueued` and the next worker start queues it (see `startTaskWorker`).
 *
 * @example
 * const taskId = await createTask(db, 'import', { kind: 'dataset', dataset: 'all' });
 * await queueTaskJob(db, queue, IMPORT_JOB, taskId); // throws RedisUnavailableError while Redis is down
 */
export async function queueTaskJob(db: Kysely<Database>, queue: JobQueue, job: string, taskId: number): Promise<void> {
  try {
    await queue.add(job, { taskId }, { jobId: `${job}-${taskId}`, attempts: 3, backoffMs: 2000 });
  } catch (error) {
    await db
      .deleteFrom('tasks')
      .where('id', '=', taskId)
      .execute()
      .catch(() => undefined);
    throw error;
  }
}

/**
 * The uploaded file stored with a task; undefined once it is gone (it is deleted after the task ran).
 *
 * @example
 * const upload = await taskUpload(db, taskId);
 * const source = upload ? uploadSource(upload.bytes, upload.filename) : missingUploadSource(taskId);
 */
export async function taskUpload(db: Kysely<Database>, taskId: number): Promise<{ filename: string; bytes: Uint8Array; options: Record<string, unknown> } | undefined> {
  const payload = await db.selectFrom('task_payloads').selectAll().where('task_id', '=', taskId).executeTakeFirst();
  return payload ? { filename: payload.filename, bytes: payload.bytes, options: payload.options } : undefined;
}

/**
 * A record source that fails its task because the uploaded file is no longer stored.
 *
 * @example
 * return upload ? uploadSource(upload.bytes, upload.filename) : missingUploadSource(taskId);
 */
export function missingUploadSource<F extends string>(taskId: number): RecordSource<F> {
  return { name: 'upload', read: () => Promise.reject(new ImportError('payload_missing', `the uploaded file of task ${taskId} is no longer stored; upload it again`)) };
}

/** One kind of queued task: its type, its job name and how to run one task to its end. */
export interface TaskWorker {
  taskType: TaskType;
  job: string;
  run(taskId: number): Promise<void>;
}

/**
 * Runs queued tasks of one type. Tasks of that type a dead process left half-done are put back and
 * queued again (imports are idempotent upserts), as are tasks still waiting; a task whose job
 * fails on its last attempt ends `failed`. The stored upload is deleted once a task has run.
 *
 * @example
 * await startTaskWorker(queue, db, { taskType: 'import', job: IMPORT_JOB, run: (id) => … });
 */
export async function startTaskWorker(queue: JobQueue, db: Kysely<Database>, worker: TaskWorker): Promise<void> {
  queue.process<{ taskId: number }>(worker.job, async (job) => {
    await worker.run(job.data.taskId);
    await db.deleteFrom('task_payloads').where('task_id', '=', job.data.taskId).execute();
  });
  queue.onFailed(async (job, error) => {
    if (job.name !== worker.job) return;
    const { taskId } = job.data as { taskId: number };
    await failTask(db, taskId, { code: 'internal', message: `the ${worker.taskType.replace('_', ' ')} failed after ${job.attempt} attempts: ${error.message}` });
  });
  // Only this worker's type: a task of another type must not be run by this worker's job.
  const interrupted = await db.selectFrom('tasks').select('id').where('status', '=', 'processing').where('type', '=', worker.taskType).execute();
  for (const { id } of interrupted) await requeueTask(db, id);
  const waiting = await db.selectFrom('tasks').select('id').where('status', '=', 'enqueued').where('type', '=', worker.taskType).orderBy('id').execute();
  for (const { id } of waiting) await queue.add(worker.job, { taskId: id }, { jobId: `${worker.job}-${id}` });
}

/**
 * Records an import task (with the uploaded bytes, so any worker can run it, even after a
 * restart) and queues it. Returns the task id the caller polls.
 *
 * @example
 * const taskId = await enqueueImport(db, queue, { kind: 'dataset', name: 'all' });
 */
export async function enqueueImport(db: Kysely<Database>, queue: JobQueue, request: ImportRequest): Promise<number> {
  const createdBy = request.createdBy ? { createdBy: request.createdBy } : {};
  if (request.kind === 'upload') {
    const acting = request.actingOrganizationId === undefined ? {} : { actingOrganizationId: request.actingOrganizationId };
    return enqueueUploadTask(db, queue, {
      taskType: 'import',
      job: IMPORT_JOB,
      filename: request.filename,
      bytes: request.bytes,
      ...(request.mapping ? { options: { mapping: request.mapping } } : {}),
      details: { ...createdBy, ...acting },
    });
  }
  const taskId = await createTask(db, 'import', { kind: 'dataset', dataset: request.name, ...createdBy });
  await queueTaskJob(db, queue, IMPORT_JOB, taskId);
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
  await startTaskWorker(queue, deps.db, {
    taskType: 'import',
    job: IMPORT_JOB,
    run: async (taskId) => {
      const task = await getTask(deps.db, taskId);
      if (!task) throw new ImportError('task_not_found', `task ${taskId} does not exist`);
      const source = await sourceFor(deps, task);
      const acting = typeof task.details.actingOrganizationId === 'string' ? { actingOrganizationId: task.details.actingOrganizationId } : {};
      await runImport(deps.db, taskId, source, { catalogue: deps.catalogue, ...acting, ...(deps.today ? { today: deps.today() } : {}) });
    },
  });
}

async function sourceFor(deps: ImportWorkerDeps, task: Task): Promise<RecordSource> {
  const taskId = task.id;
  if (task.details.kind === 'dataset') return deps.datasetSource(String(task.details.dataset));
  const upload = await taskUpload(deps.db, taskId);
  if (!upload) return missingUploadSource(taskId);
  return uploadSource(upload.bytes, upload.filename, (upload.options as { mapping?: ColumnMapping }).mapping);
}
