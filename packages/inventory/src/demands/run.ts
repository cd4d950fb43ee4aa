import type { Kysely } from 'kysely';
import type { ChainCatalogue, ImportCounts } from '@patent-bridge/domain';
import type { Database } from '@patent-bridge/db';
import type { ColumnMapping } from '../read/index.ts';
import { runImportTask, uploadSource, type RecordSource } from '../import/run.ts';
import { DEMAND_FIELD_VOCABULARY, type DemandField } from './fields.ts';
import { upsertDemandDrafts } from './upsert.ts';
import { validateDemandRecord } from './validate.ts';

/** How many converted rows and written demands a task's details list (the counts are always complete). */
const DETAIL_EXAMPLES = 1000;

/**
 * A source over an uploaded demand sheet (CSV in UTF-8, UTF-8 BOM, GB18030 or UTF-16, XLSX, or
 * JSON Lines keyed by demand field), read with the demand headers.
 *
 * @example
 * await runDemandImport(db, taskId, demandUploadSource(bytes, '2025年企业需求.xlsx'), { catalogue });
 */
export function demandUploadSource(bytes: Uint8Array, filename: string, mapping?: ColumnMapping<DemandField>): RecordSource<DemandField> {
  return uploadSource(bytes, filename, mapping, DEMAND_FIELD_VOCABULARY);
}

export interface DemandImportOptions {
  catalogue: ChainCatalogue;
  today?: Date;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Runs one demand import task to its end, with the same rules as a patent import: every row ends as
 * exactly one of imported, updated, unchanged, merged or rejected; every rejected row is in the
 * task's error report with its line, field and reason; an unreadable file or a bad mapping fails the
 * task with a coded error. The details list the demands written (`changes`), rows merged
 * (`duplicates`) and rows converted from Traditional Chinese with their own text (`converted`).
 *
 * @example
 * const taskId = await createTask(db, 'demand_import', { filename: 'demands.csv' });
 * await runDemandImport(db, taskId, demandUploadSource(bytes, 'demands.csv'), { catalogue });
 * (await getTask(db, taskId)).counts // { received: 10, imported: 8, rejected: 2, … }
 */
export async function runDemandImport(db: Kysely<Database>, taskId: number, source: RecordSource<DemandField>, options: DemandImportOptions): Promise<ImportCounts> {
  const today = options.today ?? new Date();
  return runImportTask(
    db,
    taskId,
    source,
    {
      validate: (record, sourceName) => validateDemandRecord(record, { today, source: sourceName, catalogue: options.catalogue }),
      write: async (drafts, onBatch) => {
        const outcome = await upsertDemandDrafts(db, drafts, { onBatch });
        return {
          counts: outcome.counts,
          details: {
            duplicates: { groups: outcome.duplicates.length, examples: outcome.duplicates.slice(0, 100) },
            changes: { count: outcome.changes.length, examples: outcome.changes.slice(0, DETAIL_EXAMPLES) },
            converted: { count: outcome.converted.length, examples: outcome.converted.slice(0, DETAIL_EXAMPLES) },
          },
        };
      },
    },
    { onProgress: options.onProgress },
  );
}
