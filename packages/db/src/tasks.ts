import { sql, type Kysely, type Selectable } from 'kysely';
import type { ImportCounts, RecordError, Task, TaskError, TaskType } from '@patent-bridge/domain';
import type { Database, TaskTable } from './schema.ts';

export const EMPTY_COUNTS: ImportCounts = { received: 0, imported: 0, updated: 0, unchanged: 0, merged: 0, rejected: 0 };
/** How many record errors a task carries inline; the rest are in the downloadable report. */
export const INLINE_ERRORS = 1000;

function taskFromRow(row: Selectable<TaskTable>, errors: RecordError[]): Task {
  const task: Task = {
    id: row.id,
    type: row.type as TaskType,
    status: row.status as Task['status'],
    details: row.details,
    counts: row.counts,
    errors,
    errorCount: row.error_count,
    enqueuedAt: row.enqueued_at,
  };
  if (row.error) task.error = row.error;
  if (row.progress) task.progress = row.progress;
  if (row.started_at) task.startedAt = row.started_at;
  if (row.finished_at) task.finishedAt = row.finished_at;
  return task;
}

/**
 * Records a new task in `enqueued` state and returns its id.
 *
 * @example
 * const id = await createTask(db, 'import', { filename: 'stock.csv' });
 */
export async function createTask(db: Kysely<Database>, type: TaskType, details: Record<string, unknown>): Promise<number> {
  const { id } = await db
    .insertInto('tasks')
    .values({ type, status: 'enqueued', details: JSON.stringify(details), counts: JSON.stringify(EMPTY_COUNTS), error: JSON.stringify(null), progress: JSON.stringify(null) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/**
 * Reads a task with its first {@link INLINE_ERRORS} record errors.
 *
 * @example
 * const task = await getTask(db, 42); // task.status === 'succeeded', task.counts.imported === 120
 */
export async function getTask(db: Kysely<Database>, id: number): Promise<Task | undefined> {
  const row = await db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  return taskFromRow(row, await listTaskErrors(db, id, INLINE_ERRORS));
}

/**
 * Lists tasks, newest first.
 *
 * @example
 * await listTasks(db, { limit: 20, status: 'failed' })
 */
export async function listTasks(db: Kysely<Database>, options: { limit: number; status?: Task['status']; type?: TaskType }): Promise<Task[]> {
  const rows = await db
    .selectFrom('tasks')
    .selectAll()
    .$if(options.status !== undefined, (q) => q.where('status', '=', options.status!))
    .$if(options.type !== undefined, (q) => q.where('type', '=', options.type!))
    .orderBy('id', 'desc')
    .limit(options.limit)
    .execute();
  return rows.map((row) => taskFromRow(row, []));
}

/**
 * Record errors of a task in report order.
 *
 * @example
 * for (const e of await listTaskErrors(db, 42)) console.log(e.line, e.field, e.message);
 */
export async function listTaskErrors(db: Kysely<Database>, taskId: number, limit?: number): Promise<RecordError[]> {
  const rows = await db
    .selectFrom('task_errors')
    .select(['source', 'line', 'field', 'message'])
    .where('task_id', '=', taskId)
    .orderBy('seq')
    .$if(limit !== undefined, (q) => q.limit(limit!))
    .execute();
  return rows.map((r) => (r.source ? { source: r.source, line: r.line, field: r.field, message: r.message } : { line: r.line, field: r.field, message: r.message }));
}

/**
 * Moves a task to `processing`. Returns false when it is no longer enqueued (another worker took it).
 *
 * @example
 * if (await startTask(db, id)) await runImport(…);
 */
export async function startTask(db: Kysely<Database>, id: number): Promise<boolean> {
  const result = await db
    .updateTable('tasks')
    .set({ status: 'processing', started_at: new Date().toISOString() })
    .where('id', '=', id)
    .where('status', '=', 'enqueued')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Claims a task for a job's attempt: the first attempt starts an enqueued task; a retry takes
 * over the task its failed attempt left processing. False when the task is already settled (or
 * another attempt holds it), and the job should do nothing.
 *
 * @example
 * if (await claimTask(db, job.data.taskId, job.attempt)) await run(job.data.taskId);
 */
export async function claimTask(db: Kysely<Database>, id: number, attempt: number): Promise<boolean> {
  if (await startTask(db, id)) return true;
  if (attempt <= 1) return false;
  const task = await db.selectFrom('tasks').select('status').where('id', '=', id).executeTakeFirst();
  return task?.status === 'processing';
}

/**
 * Saves progress and counts so far while a task runs.
 *
 * @example
 * await reportProgress(db, id, { done: 5000, total: 31000 }, counts);
 */
export async function reportProgress(db: Kysely<Database>, id: number, progress: { done: number; total: number }, counts: ImportCounts): Promise<void> {
  await db.updateTable('tasks').set({ progress: JSON.stringify(progress), counts: JSON.stringify(counts) }).where('id', '=', id).execute();
}

/**
 * Appends record errors to a task's report, numbering them after those already stored.
 *
 * @example
 * await appendTaskErrors(db, id, [{ line: 7, field: 'filingDate', message: '…' }]);
 */
export async function appendTaskErrors(db: Kysely<Database>, id: number, errors: readonly RecordError[]): Promise<void> {
  if (errors.length === 0) return;
  await db.transaction().execute(async (trx) => {
    const { error_count } = await trx.selectFrom('tasks').select('error_count').where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
    for (let start = 0; start < errors.length; start += 1000) {
      const chunk = errors.slice(start, start + 1000);
      await trx
        .insertInto('task_errors')
        .values(chunk.map((e, i) => ({ task_id: id, seq: error_count + start + i, source: e.source ?? null, line: e.line, field: e.field, message: e.message })))
        .execute();
    }
    await trx.updateTable('tasks').set({ error_count: error_count + errors.length }).where('id', '=', id).execute();
  });
}

/**
 * Ends a task as succeeded with its final counts.
 *
 * @example
 * await succeedTask(db, id, counts);
 */
export async function succeedTask(db: Kysely<Database>, id: number, counts: ImportCounts, details?: Record<string, unknown>): Promise<void> {
  await db
    .updateTable('tasks')
    // Details are merged, so what the task was created with (its creator, its file) stays.
    .set({ status: 'succeeded', counts: JSON.stringify(counts), finished_at: new Date().toISOString(), ...(details ? { details: sql`details || ${JSON.stringify(details)}::jsonb` } : {}) })
    .where('id', '=', id)
    .execute();
}

/**
 * Ends a task as failed with a structured error, keeping the counts reached.
 *
 * @example
 * await failTask(db, id, { code: 'invalid_file', message: 'the file is empty' });
 */
export async function failTask(db: Kysely<Database>, id: number, error: TaskError, counts?: ImportCounts): Promise<void> {
  await db
    .updateTable('tasks')
    .set({ status: 'failed', error: JSON.stringify(error), finished_at: new Date().toISOString(), ...(counts ? { counts: JSON.stringify(counts) } : {}) })
    .where('id', '=', id)
    .execute();
}

/**
 * Puts tasks left `processing` by a process that died back to `enqueued`, so they run again
 * (imports are idempotent upserts). Returns their ids.
 *
 * @example
 * const requeued = await requeueInterruptedTasks(db); // at start-up
 */
export async function requeueInterruptedTasks(db: Kysely<Database>): Promise<number[]> {
  const rows = await db.updateTable('tasks').set({ status: 'enqueued', started_at: null }).where('status', '=', 'processing').returning('id').execute();
  return rows.map((r) => r.id);
}

/**
 * Puts one task back to `enqueued`, clearing its partial error report, so that a retry starts clean.
 *
 * @example
 * await requeueTask(db, id); // after a transient failure
 */
export async function requeueTask(db: Kysely<Database>, id: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('task_errors').where('task_id', '=', id).execute();
    await trx.updateTable('tasks').set({ status: 'enqueued', started_at: null, error_count: 0, progress: JSON.stringify(null) }).where('id', '=', id).execute();
  });
}
