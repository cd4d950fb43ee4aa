/**
 * Reading one CSV file of the shared datasets into rows, with the inventory's CSV parser (the
 * same one uploads go through), so a broken upstream row costs one record and is reported.
 */
import { parseCsv, type CsvRow } from '@patent-bridge/inventory';
import { DatasetError, readDatasetText, type DatasetReadError } from './dataset.ts';

export type { CsvRow };

export interface CsvFile {
  /** The header cells; empty when the file has no header row. */
  header: string[];
  /** Data rows (never the header), each with the physical line it starts on. */
  rows: CsvRow[];
  /** One per record the parser had to skip. */
  errors: DatasetReadError[];
}

/**
 * Reads and parses `<root>/<source>`.
 *
 * @example
 * const { header, rows, errors } = await readCsvFile(root, 'cn-recent-titles-ipc/patents.csv');
 * const { rows } = await readCsvFile(root, 'bit-university-patents/patents.csv', { header: false });
 *
 * Without a header the first row still fixes the expected number of columns. A file whose first
 * row cannot be read is a `DatasetError`: nothing in it can be trusted to line up.
 */
export async function readCsvFile(root: string, source: string, options: { header?: boolean; delimiter?: string } = {}): Promise<CsvFile> {
  const text = await readDatasetText(root, source);
  const parsed = parseCsv(text, { delimiter: options.delimiter ?? ',' });
  const first = parsed.rows[0];
  if (first === undefined) {
    const reason = parsed.errors[0]?.message ?? 'the file is empty';
    throw new DatasetError(`dataset file ${source} cannot be read: ${reason}`);
  }
  const errors = parsed.errors.map((error) => ({ ...error, source }));
  if (options.header === false) return { header: [], rows: parsed.rows, errors };
  return { header: first.cells.map((cell) => cell.trim()), rows: parsed.rows.slice(1), errors };
}

/**
 * The index of each named column, by header text; throws a `DatasetError` naming the missing
 * ones when the upstream file no longer has them.
 *
 * @example
 * const at = columnIndexes(file.header, ['title', 'uuid'], 'tw-university-patents/node_patent.csv');
 * row.cells[at.title]
 */
export function columnIndexes<const Name extends string>(header: readonly string[], names: readonly Name[], source: string): Record<Name, number> {
  const indexes = {} as Record<Name, number>;
  const missing: string[] = [];
  for (const name of names) {
    const index = header.indexOf(name);
    if (index === -1) missing.push(name);
    else indexes[name] = index;
  }
  if (missing.length > 0) {
    throw new DatasetError(`dataset file ${source} lacks column(s) ${missing.join(', ')} (found: ${header.join(', ')})`);
  }
  return indexes;
}
