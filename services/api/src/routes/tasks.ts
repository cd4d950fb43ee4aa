import { Router } from 'express';
import { z } from 'zod';
import { getTask, listTaskErrors, listTasks } from '@patent-bridge/db';
import { TaskStatus, TaskType } from '@patent-bridge/domain';
import type { ApiContext } from '../context.ts';
import { Problem } from '../problem.ts';

const TaskId = z.coerce.number().int().positive().max(2 ** 31 - 1);
const ListQuery = z.strictObject({ status: TaskStatus.optional(), type: TaskType.optional(), limit: z.coerce.number().int().min(1).max(100).default(20) });
const ErrorsQuery = z.strictObject({ format: z.enum(['csv', 'json']).default('csv') });

function csvCell(value: string | number): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** `GET /v1/tasks`, `GET /v1/tasks/{id}`, `GET /v1/tasks/{id}/errors` (CSV report, or JSON). */
export function taskRoutes(context: ApiContext): Router {
  const router = Router();

  router.get('/tasks', async (req, res) => {
    const query = ListQuery.parse(req.query);
    res.json({ tasks: await listTasks(context.db, { limit: query.limit, ...(query.status ? { status: query.status } : {}), ...(query.type ? { type: query.type } : {}) }) });
  });

  router.get('/tasks/:id', async (req, res) => {
    const id = TaskId.safeParse(req.params.id);
    if (!id.success) throw new Problem(400, 'invalid_task_id', `"${req.params.id}" is not a task id (a positive whole number)`);
    const task = await getTask(context.db, id.data);
    if (!task) throw new Problem(404, 'task_not_found', `task ${id.data} does not exist`);
    res.json({ ...task, taskId: task.id, errorReport: `/v1/tasks/${task.id}/errors` });
  });

  router.get('/tasks/:id/errors', async (req, res) => {
    const id = TaskId.safeParse(req.params.id);
    if (!id.success) throw new Problem(400, 'invalid_task_id', `"${req.params.id}" is not a task id (a positive whole number)`);
    const { format } = ErrorsQuery.parse(req.query);
    const task = await getTask(context.db, id.data);
    if (!task) throw new Problem(404, 'task_not_found', `task ${id.data} does not exist`);
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
