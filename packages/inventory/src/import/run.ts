import type { Kysely } from 'kysely';
import type { ChainCatalogue, ImportCounts, RecordError } from '@patent-bridge/domain';
import { appendTaskErrors, failTask, requeueTask, getTask, reportProgress, startTask, succeedTask, type Database } from '@patent-bridge/db';
import { ColumnMappingError, UnreadableFileError, readInventory, type ColumnMapping, type FieldVocabulary, type InputField, type RawRecord, type ReadError } from '../read/index.ts';
import { upsertDrafts } from './upsert.ts';
import { validateRecord } from './validate.ts';

/** Where an import's records come from: an uploaded file, a public dataset, … */
export interface RecordSource<F extends string = InputField> {
  /** Name used in provenance and error reports when a record does not carry its own. */
  readonly name: string;
  read(): Promise<{ records: RawRecord<F>[]; errors: Array<ReadError & { source?: string }>; details?: Record<string, unknown> }>;
}

/**
 * A source over the bytes of an uploaded CSV, XLSX or JSON Lines file. Records are read into
 * patent input fields unless `vocabulary` names other fields (SME demands).
 *
 * @example
 * await runImport(db, taskId, uploadSource(bytes, '2024清单.xlsx'), options)
 */
export function uploadSource<F extends string = InputField>(bytes: Uint8Array, filename: string, mapping?: ColumnMapping<F>, vocabulary?: FieldVocabulary<F>): RecordSource<F> {
  return {
    name: `upload:${filename}`,
    async read() {
      const result = await readInventory<F>(bytes, { filename, ...(mapping ? { mapping } : {}), ...(vocabulary ? { vocabulary } : {}) });
      return {
        records: result.records,
        errors: result.errors,
        details: { encoding: result.encoding, columns: result.columns, ...(result.warnings?.length ? { warnings: result.warnings } : {}) },
      };
    },
  };
}

export interface ImportOptions {
  today?: Date;
  catalogue: ChainCatalogue;
  /** A university's upload: only patents this organisation owns are written (see `UpsertOptions`). */
  actingOrganizationId?: string;
  /** Called as batches land, for progress bars. */
  onProgress?: (done: number, total: number) => void;
}

export class ImportError extends Error {
  override readonly name = 'ImportError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** What one kind of import does with the records it read: validate each, then write the valid ones. */
export interface ImportSteps<F extends string, D> {
  /** One record's draft, or every problem with it (each with the record's line). */
  validate(record: RawRecord<F>, source: string): { ok: true; draft: D } | { ok: false; errors: ReadError[] };
  /**
   * Writes the drafts; calls `onBatch` as batches land. Every draft ends as exactly one of
   * imported, updated, unchanged, merged or `rejected` (one error each, e.g. not the importer's
   * patent). `details` are added to the task's details.
   */
  write(
    drafts: D[],
    onBatch: (done: number, total: number, counts: ImportCounts) => Promise<void>,
  ): Promise<{ counts: Omit<ImportCounts, 'received' | 'rejected'>; rejected?: RecordError[]; details?: Record<string, unknown> }>;
}

/**
 * Runs one import task of any kind to its end: reads the source, validates every record, writes
 * the valid ones, and records counts and every rejected record (line, field, reason) on the task.
 * A task that cannot run at all (unreadable file, bad mapping) ends `failed` with a coded error;
 * a failure that is not the input's fault puts the task back to `enqueued` and rethrows, so the
 * queue retries it.
 *
 * @example
 * const counts = await runImportTask(db, taskId, uploadSource(bytes, 'x.csv', undefined, vocabulary), { validate, write });
 * counts // { received: 10, imported: 8, updated: 0, unchanged: 0, merged: 0, rejected: 2 }
 */
export async function runImportTask<F extends string, D>(
  db: Kysely<Database>,
  taskId: number,
  source: RecordSource<F>,
  steps: ImportSteps<F, D>,
  options: { onProgress?: ((done: number, total: number) => void) | undefined } = {},
): Promise<ImportCounts> {
  if (!(await startTask(db, taskId))) {
    const task = await getTask(db, taskId);
    if (!task) throw new ImportError('task_not_found', `task ${taskId} does not exist`);
    if (task.status !== 'processing') return task.counts;
  }
  const counts: ImportCounts = { received: 0, imported: 0, updated: 0, unchanged: 0, merged: 0, rejected: 0 };
  try {
    const { records, errors: readErrors, details } = await source.read();
    const rejectedLines = new Set(readErrors.map((e) => `${e.source ?? source.name}\u0000${e.line}`));
    const recordErrors: RecordError[] = readErrors.map((e) => withSource(e, e.source ?? source.name));
    const drafts: D[] = [];
    for (const record of records) {
      const result = steps.validate(record, record.source ?? source.name);
      if (result.ok) drafts.push(result.draft);
      else {
        rejectedLines.add(`${record.source ?? source.name}\u0000${record.line}`);
        recordErrors.push(...result.errors.map((e) => withSource(e, record.source ?? source.name)));
      }
    }
    counts.rejected = rejectedLines.size;
    counts.received = records.length + new Set(readErrors.map((e) => `${e.source ?? source.name}\u0000${e.line}`)).size;
    await appendTaskErrors(db, taskId, recordErrors);
    options.onProgress?.(0, drafts.length);
    let lastReport = 0;
    const outcome = await steps.write(drafts, async (done, total, partial) => {
      options.onProgress?.(done, total);
      if (Date.now() - lastReport > 500 || done === total) {
        lastReport = Date.now();
        await reportProgress(db, taskId, { done, total }, { ...partial, received: counts.received, rejected: counts.rejected + partial.rejected });
      }
    });
    Object.assign(counts, outcome.counts);
    if (outcome.rejected?.length) {
      counts.rejected += outcome.rejected.length;
      await appendTaskErrors(db, taskId, outcome.rejected);
    }
    await succeedTask(db, taskId, counts, { ...(await taskDetails(db, taskId)), ...details, ...outcome.details });
    return counts;
  } catch (error) {
    const code = error instanceof ColumnMappingError ? 'invalid_mapping' : error instanceof UnreadableFileError ? 'invalid_file' : error instanceof ImportError ? error.code : undefined;
    if (code === undefined) {
      // Not the input's fault (e.g. the database went away): put the task back so a retry runs it again.
      await requeueTask(db, taskId).catch(() => {});
      throw error;
    }
    await failTask(db, taskId, { code, message: (error as Error).message }, counts);
    return counts;
  }
}

/**
 * Runs one patent import task to its end: reads the source, validates every record, upserts the valid
 * ones, and records counts and every rejected record (line, field, reason) on the task. A task
 * that cannot run at all (unreadable file, bad mapping) ends `failed` with a coded error.
 *
 * @example
 * const taskId = await createTask(db, 'import', { filename: 'stock.csv' });
 * await runImport(db, taskId, uploadSource(bytes, 'stock.csv'), { catalogue });
 * (await getTask(db, taskId)).counts // { received: 100, imported: 95, rejected: 5, … }
 */
export async function runImport(db: Kysely<Database>, taskId: number, source: RecordSource, options: ImportOptions): Promise<ImportCounts> {
  const today = options.today ?? new Date();
  return runImportTask(
    db,
    taskId,
    source,
    {
      validate: (record, sourceName) => validateRecord(record, { today, source: sourceName }),
      write: async (drafts, onBatch) => {
        const acting = options.actingOrganizationId === undefined ? {} : { actingOrganizationId: options.actingOrganizationId };
        const outcome = await upsertDrafts(db, drafts, { taskId, today, catalogue: options.catalogue, onBatch, ...acting });
        return { counts: outcome.counts, rejected: outcome.rejected, details: { duplicates: { groups: outcome.duplicates.length, examples: outcome.duplicates.slice(0, 100) } } };
      },
    },
    { onProgress: options.onProgress },
  );
}

function withSource(error: ReadError, source: string): RecordError {
  return { source, line: error.line, field: error.field, message: error.message };
}

async function taskDetails(db: Kysely<Database>, taskId: number): Promise<Record<string, unknown>> {
  return (await getTask(db, taskId))?.details ?? {};
}
