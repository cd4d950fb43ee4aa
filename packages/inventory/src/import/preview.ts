/**
 * A look at an inventory file before it is imported: how each column will be read, which
 * required fields no column feeds, and the first rows as they will arrive. Reads only; nothing is
 * stored, so a user can fix the column mapping and look again.
 */
import { readInventory, detectFormat, INPUT_FIELDS, type ColumnMapping, type InputField, type InventoryFormat, type ReadError, type ReadWarning } from '../read/index.ts';

/** One required field, or a set of which any one will do, that no column of the file feeds. */
export interface MissingRequiredField {
  /** The field to map a column to (the first of `anyOf`). */
  field: InputField;
  /** Any of these fields satisfies the requirement. */
  anyOf: InputField[];
  message: string;
}

/** One data row of the file: its cells by column header, and the fields they feed. */
export interface PreviewRow {
  line: number;
  /** Non-empty cells, by column header (as in `headers`). */
  cells: Record<string, string>;
  /** The same values by the input field their column feeds; unmapped columns are not here. */
  fields: Partial<Record<InputField, string>>;
}

export interface InventoryPreview {
  format: InventoryFormat;
  /** 'utf-8', 'utf-8-bom', 'gb18030', 'xlsx' or 'jsonl'. */
  encoding: string;
  /** The column headers (JSON Lines: the keys), trimmed; an empty header is `column N`, a repeated one `X (column N)`. */
  headers: string[];
  /** Header → the input field it feeds, or null when it feeds none (its values are kept as extra attributes). */
  mapping: Record<string, InputField | null>;
  unmappedHeaders: string[];
  missingRequiredFields: MissingRequiredField[];
  /** The first data rows (10 unless asked otherwise). */
  rows: PreviewRow[];
  /** Data rows read from the whole file, not counting those with errors. */
  rowCount: number;
  /** Rows or lines that could not be read (bad encoding, broken quoting, bad JSON). */
  errorCount: number;
  /** The first 20 of them. */
  errors: ReadError[];
  /** Columns recognised twice, or a header row with no recognised column. */
  warnings: ReadWarning[];
  /** Every field a column can be mapped to. */
  fields: readonly InputField[];
}

export interface PreviewOptions {
  filename?: string;
  /** Header → input field, as `POST /v1/imports` takes it. */
  mapping?: ColumnMapping;
  /** Rows to show (default 10). */
  rows?: number;
  /** A university's upload: the owner or applicant column is needed to tell the patent is its own. */
  requireHolder?: boolean;
}

const REQUIREMENTS: ReadonlyArray<{ anyOf: InputField[]; message: string; holder?: true }> = [
  { anyOf: ['title'], message: '没有专利名称列 no column holds the title (名称, 专利名称, title)' },
  {
    anyOf: ['applicationNumber', 'publicationNumber', 'grantPublicationNumber', 'sourceId'],
    message: '没有申请号或公开号列 no column identifies the patent: an application number (申请号), publication number (公开号), grant publication number (授权公告号) or record id',
  },
  { anyOf: ['owners', 'applicants'], message: '没有专利权人或申请人列 no column names the owner (专利权人) or applicant (申请人), so the patents cannot be shown to be yours', holder: true },
];

const SHOWN_ERRORS = 20;

/**
 * Reads an inventory file the way an import would and describes it: format, encoding, column
 * mapping, required fields left unmapped, the first rows, and the read errors. Throws
 * `ColumnMappingError` for a mapping that cannot apply and `UnreadableFileError` for a file no
 * reader opens, as the import does.
 *
 * @example
 * const preview = await previewInventory(await readFile('清单.csv'), { filename: '清单.csv', mapping: { 备注: 'abstract' } });
 * preview.mapping               // { 申请号: 'applicationNumber', 名称: 'title', 备注: 'abstract', 院系: null }
 * preview.missingRequiredFields // []
 * preview.rows[0]               // { line: 2, cells: { 申请号: '201010110545.X', … }, fields: { applicationNumber: '201010110545.X', … } }
 */
export async function previewInventory(bytes: Uint8Array, options: PreviewOptions = {}): Promise<InventoryPreview> {
  const format = detectFormat(bytes, { filename: options.filename });
  const read = await readInventory(bytes, { format, ...(options.filename ? { filename: options.filename } : {}), ...(options.mapping ? { mapping: options.mapping } : {}) });
  const headers = displayHeaders(read.columns.map((c) => c.header));
  const mapping: Record<string, InputField | null> = {};
  const headerOfField = new Map<InputField, string>();
  read.columns.forEach((column, index) => {
    mapping[headers[index]!] = column.field;
    if (column.field !== null) headerOfField.set(column.field, headers[index]!);
  });
  const mapped = new Set(headerOfField.keys());
  const missingRequiredFields = REQUIREMENTS.filter((r) => (options.requireHolder || !r.holder) && !r.anyOf.some((f) => mapped.has(f))).map((r) => ({
    field: r.anyOf[0]!,
    anyOf: [...r.anyOf],
    message: r.message,
  }));

  const rows = read.records.slice(0, options.rows ?? 10).map((record): PreviewRow => {
    const cells: Record<string, string> = {};
    for (const [field, value] of Object.entries(record.fields) as Array<[InputField, string]>) cells[headerOfField.get(field) ?? field] = value;
    Object.assign(cells, record.extra ?? {});
    return { line: record.line, cells, fields: { ...record.fields } };
  });

  return {
    format,
    encoding: read.encoding,
    headers,
    mapping,
    unmappedHeaders: headers.filter((h) => mapping[h] === null),
    missingRequiredFields,
    rows,
    rowCount: read.records.length,
    errorCount: read.errors.length,
    errors: read.errors.slice(0, SHOWN_ERRORS),
    warnings: read.warnings ?? [],
    fields: INPUT_FIELDS,
  };
}

/** Headers as the table reader names unmapped columns in `extra`: trimmed, `column N` when empty, `X (column N)` when repeated. */
function displayHeaders(headers: readonly string[]): string[] {
  const seen = new Set<string>();
  return headers.map((header, index) => {
    let key = header.trim() || `column ${index + 1}`;
    if (seen.has(key)) key = `${key} (column ${index + 1})`;
    seen.add(key);
    return key;
  });
}
