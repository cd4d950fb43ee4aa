/**
 * Reading an inventory upload (CSV, XLSX or JSON Lines) into raw records. Readers
 * split and map; they never judge values — validation happens afterwards, once, for
 * every source.
 */
import { decodeBytes } from './encoding.ts';
import { parseCsv } from './csv.ts';
import { detectFormat, type InventoryFormat } from './format.ts';
import { parseJsonl } from './jsonl.ts';
import { tableToRecords } from './table.ts';
import { readXlsxRows } from './xlsx.ts';
import { PATENT_FIELD_VOCABULARY, type FieldVocabulary } from './columns.ts';
import type { ColumnMapping, InputField, ReadError, ReadResult } from './record.ts';

export * from './record.ts';
export { decodeBytes, isGb18030, type DecodedText, type TextEncodingName } from './encoding.ts';
export { parseCsv, detectDelimiter, type CsvOptions, type CsvParseResult, type CsvRow } from './csv.ts';
export { mapColumns, fieldForHeader, normalizeHeader, HEADER_ALIASES, ColumnMappingError, defineFieldVocabulary, PATENT_FIELD_VOCABULARY, type ColumnPlan, type FieldVocabulary } from './columns.ts';
export { parseJsonl, MULTI_VALUED_FIELDS, type JsonlParseResult } from './jsonl.ts';
export { readXlsxRows } from './xlsx.ts';
export { tableToRecords, type TableRow, type TableOptions } from './table.ts';
export { detectFormat, UnreadableFileError, type InventoryFormat } from './format.ts';
export { plainNumber, isoDay } from './cell-text.ts';

export interface ReadInventoryOptions<F extends string = InputField> {
  /** Overrides detection from the file name and content. */
  format?: InventoryFormat;
  /** The uploaded file's name; its extension helps pick the format. */
  filename?: string;
  /** Header → input field for columns the built-in aliases do not recognise (CSV and XLSX). */
  mapping?: ColumnMapping<F>;
  /** The fields records are read into (headers, JSON Lines keys); patent input fields when omitted. */
  vocabulary?: FieldVocabulary<F>;
  /** CSV delimiter; detected from the header line when omitted. */
  delimiter?: string;
  /** Copied into every record's `source`. */
  source?: string;
}

/**
 * Reads an uploaded inventory file into raw records and per-row errors.
 *
 * @example
 * const result = await readInventory(await readFile('清单.csv'), { filename: '清单.csv' });
 * // result.records[0]: { line: 2, fields: { applicationNumber: '201010110545.X', title: '一种…', … } }
 * // result.errors:     [{ line: 17, field: 'encoding', message: 'line 17 is not valid UTF-8 (looks like GB18030 bytes); …' }]
 * // result.columns:    [{ header: '申请号', field: 'applicationNumber' }, …]
 * // result.encoding:   'utf-8'
 *
 * The format comes from `format`, else the bytes and the file name (see
 * `detectFormat`). CSV is decoded (UTF-8, UTF-8 with BOM or GB18030, detected), split
 * with recovery from broken quoting, and mapped by its header; rows touching a line
 * that is not valid in the file's encoding are rejected with an 'encoding' error.
 * Throws `ColumnMappingError` for an unusable `mapping` and `UnreadableFileError` for
 * a file no reader can open; everything else is reported per row in `errors`.
 * Other kinds of record (SME demands) pass their own `vocabulary`.
 */
export async function readInventory<F extends string = InputField>(bytes: Uint8Array, options: ReadInventoryOptions<F> = {}): Promise<ReadResult<F>> {
  const vocabulary = options.vocabulary ?? (PATENT_FIELD_VOCABULARY as unknown as FieldVocabulary<F>);
  const format = detectFormat(bytes, options);
  if (format === 'xlsx') {
    const rows = await readXlsxRows(bytes);
    return tableToRecords(rows, { encoding: 'xlsx', mapping: options.mapping, source: options.source, vocabulary });
  }
  const decoded = decodeBytes(bytes);
  const badLines = new Map(decoded.badLines.map((line, index) => [line, decoded.badLineMessages[index]!]));
  if (format === 'jsonl') return readJsonl(decoded.text, badLines, options.source, vocabulary);
  const parsed = parseCsv(decoded.text, options.delimiter === undefined ? {} : { delimiter: options.delimiter });
  return tableToRecords(parsed.rows, {
    encoding: decoded.encoding,
    mapping: options.mapping,
    vocabulary,
    source: options.source,
    errors: parsed.errors,
    badLines,
  });
}

function readJsonl<F extends string>(text: string, badLines: ReadonlyMap<number, string>, source: string | undefined, vocabulary: FieldVocabulary<F>): ReadResult<F> {
  const parsed = parseJsonl(text, { source, vocabulary });
  const errors: ReadError[] = parsed.errors.filter((error) => !badLines.has(error.line));
  for (const [line, message] of badLines) errors.push({ line, field: 'encoding', message: `${message}; the line was skipped` });
  errors.sort((a, b) => a.line - b.line);
  const known = new Set<string>(vocabulary.fields);
  return {
    records: parsed.records.filter((record) => !badLines.has(record.line)),
    errors,
    columns: parsed.keys.map((key) => ({ header: key, field: known.has(key) ? (key as F) : null })),
    encoding: 'jsonl',
  };
}
