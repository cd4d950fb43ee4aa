/**
 * The first sheet of an .xlsx workbook as a table of strings, with the sheet's own
 * row numbers, so errors point at the row the user sees in Excel.
 */
import { readSheet } from 'read-excel-file/node';
import { isoDay, plainNumber } from './cell-text.ts';
import { UnreadableFileError } from './format.ts';
import type { TableRow } from './table.ts';

/**
 * Reads the first sheet of an .xlsx file.
 *
 * @example
 * const rows = await readXlsxRows(await readFile('清单.xlsx'));
 * // [{ line: 1, endLine: 1, cells: ['申请号', '名称', '申请日'] },
 * //  { line: 2, endLine: 2, cells: ['201010110545.X', '一种…方法', '2010-02-09'] }]
 *
 * Empty rows are left out (line numbers keep counting). Numbers are written without
 * exponent and without rounding (the sheet's stored digits are kept), date cells as
 * YYYY-MM-DD, booleans as 'true'/'false', empty cells as ''. Throws
 * `UnreadableFileError` when the bytes are not a readable workbook.
 */
export async function readXlsxRows(bytes: Uint8Array): Promise<TableRow[]> {
  let sheet: unknown[][];
  try {
    sheet = (await readSheet<string>(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      // Numeric cells arrive as the digits stored in the sheet; written out here, before they
      // become indistinguishable from text cells.
      parseNumber: (digits) => plainNumber(digits),
    })) as unknown[][];
  } catch (error) {
    throw new UnreadableFileError(`the file could not be read as an Excel .xlsx workbook (${(error as Error).message}); re-save it from Excel as .xlsx or as CSV (UTF-8)`);
  }
  const rows: TableRow[] = [];
  sheet.forEach((cells, index) => {
    const texts = cells.map(cellText);
    if (texts.every((text) => text.trim() === '')) return;
    rows.push({ line: index + 1, endLine: index + 1, cells: texts });
  });
  return rows;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return plainNumber(value);
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : isoDay(value);
  return String(value);
}
