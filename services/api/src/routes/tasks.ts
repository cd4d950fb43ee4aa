import { Router } from 'express';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { getTask, listTaskErrors, listTasks, type Database } from '@patent-bridge/db';
import { TaskStatus, TaskType, type Task } from '@patent-bridge/domain';
import { canSeeTask, seesAllTasks, taskCreatorOf, type Viewer } from '@patent-bridge/access';
import type { ApiContext } from '../context.ts';
import { Problem } from '../problem.ts';

const TaskId = z.coerce.number().int().positive().max(2 ** 31 - 1);
export const ListQuery = z.strictObject({ status: TaskStatus.optional(), type: TaskType.optional(), limit: z.coerce.number().int().min(1).max(100).default(20) });
export const ErrorsQuery = z.strictObject({ format: z.enum(['csv', 'json']).default('csv') });

function csvCell(value: string | number): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The tasks a viewer who does not see all of them started (by key or organisation, from `details.createdBy`), newest first. */
async function tasksCreatedBy(db: Kysely<Database>, viewer: Viewer, options: { limit: number; status?: Task['status']; type?: TaskType }): Promise<Task[]> {
  const rows = await db
    .selectFrom('tasks')
    .select('id')
    .where((eb) =>
      eb.or([
        eb(sql<string>`details->'createdBy'->>'keyId'`, '=', viewer.keyId),
        ...(viewer.organizationIds.length ? [eb(sql<string>`details->'createdBy'->>'organizationId'`, 'in', viewer.organizationIds)] : []),
      ]),
    )
    .$if(options.status !== undefined, (q) => q.where('status', '=', options.status!))
    .$if(options.type !== undefined, (q) => q.where('type', '=', options.type!))
    .orderBy('id', 'desc')
    .limit(options.limit)
    .execute();
  const tasks = await Promise.all(rows.map((row) => getTask(db, row.id)));
  return tasks.filter((task): task is Task => task !== undefined && canSeeTask(viewer, task)).map((task) => ({ ...task, errors: [] }));
}

/**
 * Records who started a task that was created without it (rebuilds, whose services create the task),
 * merged into its details.
 *
 * @example
 * await recordTaskCreator(context.db, await context.rebuildMatches(), res.locals.viewer);
 */
export async function recordTaskCreator(db: Kysely<Database>, taskId: number, viewer: Viewer): Promise<void> {
  const createdBy = JSON.stringify({ createdBy: taskCreatorOf(viewer) });
  await db.updateTable('tasks').set({ details: sql`details || ${createdBy}::jsonb` }).where('id', '=', taskId).execute();
}

/**
 * `GET /v1/tasks`, `GET /v1/tasks/{id}`, `GET /v1/tasks/{id}/errors` (CSV report, or JSON). Admins and
 * brokers see every task; other keys see the tasks they or their organisation started (others answer 404).
 */
export function taskRoutes(context: ApiContext): Router {
  const router = Router();
  const visibleTask = async (id: number, viewer: Viewer): Promise<Task> => {
    const task = await getTask(context.db, id);
    if (!task || !canSeeTask(viewer, task)) throw new Problem(404, 'task_not_found', `task ${id} does not exist`);
    return task;
  };

  router.get('/tasks', async (req, res) => {
    const query = ListQuery.parse(req.query);
    const options = { limit: query.limit, ...(query.status ? { status: query.status } : {}), ...(query.type ? { type: query.type } : {}) };
    const viewer: Viewer = res.locals.viewer;
    res.json({ tasks: seesAllTasks(viewer) ? await listTasks(context.db, options) : await tasksCreatedBy(context.db, viewer, options) });
  });

  router.get('/tasks/:id', async (req, res) => {
    const id = TaskId.safeParse(req.params.id);
    if (!id.success) throw new Problem(400, 'invalid_task_id', `"${req.params.id}" is not a task id (a positive whole number)`);
    const task = await visibleTask(id.data, res.locals.viewer);
    res.json({ ...task, taskId: task.id, errorReport: `/v1/tasks/${task.id}/errors` });
  });

  router.get('/tasks/:id/errors', async (req, res) => {
    const id = TaskId.safeParse(req.params.id);
    if (!id.success) throw new Problem(400, 'invalid_task_id', `"${req.params.id}" is not a task id (a positive whole number)`);
    const { format } = ErrorsQuery.parse(req.query);
    await visibleTask(id.data, res.locals.viewer);
    const errors = await listTaskErrors(context.db, id.data);
    if (format === 'json') return void res.json({ taskId: id.data, errors });
    const lines = ['source,line,field,message', ...errors.map((e) => [e.source ?? '', e.line, e.field, e.message].map(csvCell).join(','))];
    res
      .type('text/csv; charset=utf-8')
      .attachment(`task-${id.data}-errors.csv`)
      .send(`\uFEFF${lines.join('\r\n')}\r\n`);
  });

  return router;
}
