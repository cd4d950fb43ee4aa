/**
 * From a table (a header row, then data rows, as CSV and XLSX readers produce) to
 * records: every cell trimmed, empty cells left out, unmapped columns kept in `extra`,
 * rows that touch a badly encoded line rejected.
 */
import { mapColumns, type FieldVocabulary } from './columns.ts';
import type { ColumnMapping, InputField, RawRecord, ReadError, ReadResult } from './record.ts';

/** One row of a table as read from a file. */
export interface TableRow {
  /** 1-based physical line (CSV) or sheet row (XLSX) where the row starts. */
  line: number;
  /** Where it ends; equal to `line` unless a CSV field held line breaks. */
  endLine: number;
  cells: string[];
}

export interface TableOptions<F extends string = InputField> {
  /** The file's encoding, reported as `ReadResult.encoding`. */
  encoding: string;
  mapping?: ColumnMapping<F> | undefined;
  /** The fields columns can feed; patent input fields when omitted. */
  vocabulary?: FieldVocabulary<F> | undefined;
  /** Copied into every record's `source`. */
  source?: string | undefined;
  /** Errors already found while splitting the file into rows. */
  errors?: ReadError[];
  /** Physical lines that were not valid in the file's encoding, with a message for each. */
  badLines?: ReadonlyMap<number, string>;
}

/**
 * Maps a table's header and turns its other rows into records.
 *
 * @example
 * const result = tableToRecords(
 *   [{ line: 1, endLine: 1, cells: ['名称', '申请号', '备注'] },
 *    { line: 2, endLine: 2, cells: [' 一种犁 ', 'CN85105156', ''] }],
 *   { encoding: 'utf-8' },
 * );
 * // result.records: [{ line: 2, fields: { title: '一种犁', applicationNumber: 'CN85105156' } }]
 *
 * The first row is the header. Throws `ColumnMappingError` when `mapping` cannot be
 * applied. Cells beyond the header's width go to `extra` as 'column N'.
 */
export function tableToRecords<F extends string = InputField>(rows: TableRow[], options: TableOptions<F>): ReadResult<F> {
  const errors = [...(options.errors ?? [])];
  const badLines = options.badLines ?? new Map<number, string>();
  const [header, ...data] = rows;
  if (header === undefined) {
    if (errors.length === 0) errors.push({ line: 1, field: 'row', message: 'the file is empty: no header row and no records' });
    return finish({ records: [], errors, columns: [], encoding: options.encoding }, badLines, new Set());
  }

  const plan = mapColumns(header.cells, options.mapping, header.line, options.vocabulary);
  const records: RawRecord<F>[] = [];
  const covered = new Set<number>();
  if (badLines.size > 0) for (const row of rows) for (let l = row.line; l <= row.endLine; l++) covered.add(l);

  for (let l = header.line; l <= header.endLine; l++) {
    const message = badLines.get(l);
    if (message !== undefined) errors.push({ line: l, field: 'encoding', message: `the header row is damaged: ${message}` });
  }

  for (const row of data) {
    const damaged = firstBadLine(row, badLines);
    if (damaged !== undefined) {
      errors.push({ line: row.line, field: 'encoding', message: `${damaged}; the row was skipped` });
      continue;
    }
    const record: RawRecord<F> = { line: row.line, fields: {} };
    if (options.source !== undefined) record.source = options.source;
    let extra: Record<string, string> | undefined;
    row.cells.forEach((cell, index) => {
      const value = cell.trim();
      if (value === '') return;
      const field = plan.columns[index]?.field ?? null;
      if (field !== null) {
        record.fields[field] = value;
      } else {
        extra ??= {};
        extra[plan.extraKeys[index] ?? `column ${index + 1}`] = value;
      }
    });
    if (extra !== undefined) record.extra = extra;
    records.push(record);
  }

  const result: ReadResult<F> = { records, errors, columns: plan.columns, encoding: options.encoding };
  if (plan.warnings.length > 0) result.warnings = plan.warnings;
  return finish(result, badLines, covered);
}

function firstBadLine(row: TableRow, badLines: ReadonlyMap<number, string>): string | undefined {
  if (badLines.size === 0) return undefined;
  for (let l = row.line; l <= row.endLine; l++) {
    const message = badLines.get(l);
    if (message !== undefined) return message;
  }
  return undefined;
}

/** Reports damaged lines that belong to no row that was read (e.g. inside a row already rejected), then orders errors by line. */
function finish<F extends string>(result: ReadResult<F>, badLines: ReadonlyMap<number, string>, covered: Set<number>): ReadResult<F> {
  const reported = new Set(result.errors.map((error) => error.line));
  for (const [line, message] of badLines) {
    if (!covered.has(line) && !reported.has(line)) result.errors.push({ line, field: 'encoding', message });
  }
  result.errors.sort((a, b) => a.line - b.line);
  return result;
}
