/**
 * Meilisearch tasks as `IndexTask`s.
 *
 * A Meilisearch task is `enqueued → processing → succeeded | failed | canceled`; `canceled`
 * becomes `failed` with the code `task_canceled`. The task's error (`code`, `message`, `link`)
 * is surfaced as `IndexTask.error` so the caller sees why a write did not happen, e.g.
 * `{ code: 'invalid_vector_dimensions', message: 'Index `x`: Invalid vector dimensions: …' }`.
 *
 * Writes the adapter refuses before reaching the server (a vector from another embedder
 * version, vectors not matching the documents) are "local" tasks: already final, with an id
 * starting `local-`.
 */
import type { IndexTask } from '../search-engine.ts';

/** The fields of a Meilisearch task this module reads (`GET /tasks/{uid}`). */
export interface MeiliTask {
  uid?: number;
  taskUid?: number;
  status: string;
  error?: { code?: string; message?: string; link?: string } | null;
}

export const LOCAL_TASK_PREFIX = 'local-';

/** Status of a Meilisearch task in the interface's terms. */
export function toIndexTask(task: MeiliTask): IndexTask {
  const uid = task.uid ?? task.taskUid;
  const id = String(uid);
  switch (task.status) {
    case 'enqueued':
    case 'processing':
      return { id, status: task.status };
    case 'succeeded':
      return { id, status: 'succeeded' };
    case 'canceled':
      return { id, status: 'failed', error: { code: 'task_canceled', message: `Meilisearch task ${id} was canceled` } };
    case 'failed':
      return {
        id,
        status: 'failed',
        error: {
          code: task.error?.code ?? 'task_failed',
          message: task.error?.message ?? `Meilisearch task ${id} failed without an error message`,
        },
      };
    default:
      return { id, status: 'failed', error: { code: 'unknown_task_status', message: `Meilisearch task ${id} has status ${JSON.stringify(task.status)}` } };
  }
}

export function isFinal(task: IndexTask): boolean {
  return task.status === 'succeeded' || task.status === 'failed';
}

/** Thrown by `waitFor` when a task is still enqueued or processing at the deadline. */
export class IndexTaskTimeoutError extends Error {
  override readonly name = 'IndexTaskTimeoutError';
  readonly task: IndexTask;

  constructor(task: IndexTask, timeoutMs: number) {
    super(`Meilisearch task ${task.id} is still ${task.status} after ${timeoutMs} ms`);
    this.task = task;
  }
}

/** Hands out local task ids and remembers those tasks, so `waitFor` can answer for them. */
export class LocalTasks {
  readonly #tasks = new Map<string, IndexTask>();
  #next = 1;

  succeeded(): IndexTask {
    return this.#record({ id: `${LOCAL_TASK_PREFIX}${this.#next++}`, status: 'succeeded' });
  }

  failed(code: string, message: string): IndexTask {
    return this.#record({ id: `${LOCAL_TASK_PREFIX}${this.#next++}`, status: 'failed', error: { code, message } });
  }

  get(id: string): IndexTask | undefined {
    return this.#tasks.get(id);
  }

  #record(task: IndexTask): IndexTask {
    // Keep the last few hundred only: a local task is final when created, waiting is a formality.
    if (this.#tasks.size >= 500) this.#tasks.delete(this.#tasks.keys().next().value as string);
    this.#tasks.set(task.id, task);
    return { ...task };
  }
}
