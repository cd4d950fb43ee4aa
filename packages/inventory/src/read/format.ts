/**
 * Which reader a file needs: CSV, XLSX or JSON Lines, from an explicit choice, the
 * file's magic bytes, its name, or its first character.
 */

export type InventoryFormat = 'csv' | 'xlsx' | 'jsonl';

/** A file no reader can open (an old .xls, a JSON array, a damaged .xlsx); HTTP APIs answer it with 400. */
export class UnreadableFileError extends Error {
  override readonly name = 'UnreadableFileError';
  readonly code = 'unreadable-file';
  readonly status = 400;
}

const EXTENSIONS: Readonly<Record<string, InventoryFormat>> = {
  csv: 'csv',
  tsv: 'csv',
  txt: 'csv',
  xlsx: 'xlsx',
  xlsm: 'xlsx',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
};

/**
 * Picks the format of an upload.
 *
 * @example
 * detectFormat(bytes, { filename: '2024年专利清单.xlsx' }); // 'xlsx'
 * detectFormat(new TextEncoder().encode('{"title":"一种犁"}\n'));  // 'jsonl'
 *
 * In order: the `format` option; ZIP magic bytes (`PK\x03\x04`, an .xlsx); the file
 * name's extension; a first non-blank character `{` (JSON Lines); otherwise CSV.
 * Throws `UnreadableFileError` for legacy .xls (OLE) files and JSON arrays.
 */
export function detectFormat(bytes: Uint8Array, options: { format?: InventoryFormat | undefined; filename?: string | undefined } = {}): InventoryFormat {
  if (options.format !== undefined) return options.format;
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'xlsx';
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) {
    throw new UnreadableFileError('this is an old Excel .xls file, which cannot be read; save it as .xlsx or as CSV (UTF-8) and upload again');
  }
  const extension = /\.([a-z0-9]+)$/i.exec(options.filename ?? '')?.[1]?.toLowerCase();
  if (extension === 'xls') {
    throw new UnreadableFileError('old Excel .xls files cannot be read; save the file as .xlsx or as CSV (UTF-8) and upload again');
  }
  if (extension !== undefined && EXTENSIONS[extension] !== undefined) return EXTENSIONS[extension];
  const first = firstNonBlankByte(bytes);
  if (first === 0x7b) return 'jsonl';
  if (first === 0x5b) {
    throw new UnreadableFileError('the file is a JSON array; upload JSON Lines instead: one JSON object per line');
  }
  return 'csv';
}

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((byte, index) => bytes[index] === byte);
}

function firstNonBlankByte(bytes: Uint8Array): number | undefined {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return byte;
  }
  return undefined;
}
