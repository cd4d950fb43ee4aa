import { z } from 'zod';

/** Every write that takes time is a task the caller polls, as in Meilisearch. */
export const TaskStatus = z.enum(['enqueued', 'processing', 'succeeded', 'failed']);
export type TaskStatus = z.infer<typeof TaskStatus>;

/** `import` reads patents into the base library; `demand_import` reads SME demand profiles. */
export const TaskType = z.enum(['import', 'demand_import', 'reindex', 'match', 'roadshow_schedule']);
export type TaskType = z.infer<typeof TaskType>;

/**
 * How an import's records ended: each record received lands in exactly one of
 * imported (new), updated, unchanged, merged (a duplicate folded into another record of the same task) or rejected.
 */
export const ImportCounts = z.strictObject({
  received: z.number().int().nonnegative(),
  imported: z.number().int().nonnegative(),
  updated: z.number().int().nonnegative(),
  unchanged: z.number().int().nonnegative(),
  merged: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
});
export type ImportCounts = z.infer<typeof ImportCounts>;

export const RecordError = z.strictObject({
  /** The source file or dataset file, when the task read several. */
  source: z.string().optional(),
  line: z.number().int().nonnegative(),
  field: z.string(),
  message: z.string(),
});
export type RecordError = z.infer<typeof RecordError>;

export const TaskError = z.strictObject({
  code: z.string(),
  message: z.string(),
});
export type TaskError = z.infer<typeof TaskError>;

export const Task = z.strictObject({
  id: z.number().int().positive(),
  type: TaskType,
  status: TaskStatus,
  /** What the task was asked to do: file name, dataset name, options. */
  details: z.record(z.string(), z.unknown()),
  counts: ImportCounts,
  /** Up to 1,000 record errors inline; the full report is downloadable. */
  errors: z.array(RecordError),
  errorCount: z.number().int().nonnegative(),
  error: TaskError.optional(),
  progress: z.strictObject({ done: z.number().int().nonnegative(), total: z.number().int().nonnegative() }).optional(),
  enqueuedAt: z.string(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
});
export type Task = z.infer<typeof Task>;
