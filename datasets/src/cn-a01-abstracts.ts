/**
 * `cn-a01-abstracts/A01*.csv`: 11,517 Chinese agriculture patents (IPC A01) with full abstracts,
 * one file per IPC subclass (the file name is the subclass).
 *
 * Two quirks of this source are undone here, because nothing downstream could know about them:
 * 441 abstracts are hard-wrapped at a fixed width (a line break in the middle of a word), and 22
 * end with a stray `$＃!`, `$#!` or `$` marker. Records so cleaned say what was done in
 * `extra.cleaning`; the original text is one `git show` away in the upstream repository.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { columnIndexes, readCsvFile } from './csv-file.ts';
import { DatasetError, datasetLoad, setField, type DatasetLoad, type DatasetReadError, type RawRecord } from './dataset.ts';

export const NAME = 'cn-a01-abstracts';

const COLUMNS = ['patent_id', '名称', '申请号', '摘要'] as const;
const FILE_NAME = /^(A01[A-Z])\.csv$/;

/** The subclass files present, e.g. `['A01B.csv', 'A01C.csv', …]`, in name order. */
export async function subclassFiles(root: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(join(root, NAME));
  } catch (cause) {
    throw new DatasetError(`dataset folder ${NAME} not found under ${root}`, { cause });
  }
  const files = names.filter((name) => FILE_NAME.test(name)).sort();
  if (files.length === 0) throw new DatasetError(`dataset folder ${join(root, NAME)} holds no A01*.csv files`);
  return files;
}

/**
 * @example
 * const { records } = await load(sharedDatasetsRoot());
 * // records[0]: { line: 2, source: 'cn-a01-abstracts/A01B.csv',
 * //   fields: { applicationNumber: 'CN85105156', title: '利用苕子根茬免耕种植法', abstract: '“利用苕子根茬…', ipcCodes: 'A01B', sourceId: '10000643' } }
 */
export async function load(root: string): Promise<DatasetLoad> {
  const files = await subclassFiles(root);
  const parts = await Promise.all(files.map((file) => loadFile(root, file)));
  const records: RawRecord[] = [];
  const errors: DatasetReadError[] = [];
  for (const part of parts) {
    for (const record of part.records) records.push(record);
    for (const error of part.errors) errors.push(error);
  }
  return datasetLoad(NAME, records, errors);
}

async function loadFile(root: string, file: string): Promise<{ records: RawRecord[]; errors: DatasetReadError[] }> {
  const source = `${NAME}/${file}`;
  const subclass = FILE_NAME.exec(file)![1]!;
  const csv = await readCsvFile(root, source);
  const at = columnIndexes(csv.header, COLUMNS, source);
  const records: RawRecord[] = [];
  for (const row of csv.rows) {
    const cell = (index: number) => row.cells[index] ?? '';
    const record: RawRecord = { line: row.line, source, fields: {} };
    const cleaning: string[] = [];
    const title = unwrap(cell(at.名称));
    const abstract = cleanAbstract(cell(at.摘要), cleaning);
    if (title !== cell(at.名称)) cleaning.push('title line breaks');
    setField(record.fields, 'applicationNumber', cell(at.申请号));
    setField(record.fields, 'title', title);
    setField(record.fields, 'abstract', abstract);
    record.fields.ipcCodes = subclass;
    setField(record.fields, 'sourceId', cell(at.patent_id));
    if (cleaning.length > 0) record.extra = { cleaning: cleaning.join('; ') };
    records.push(record);
  }
  return { records, errors: csv.errors };
}

const END_MARKER = /\s*\$(?:[#＃]!)?\s*$/;

function cleanAbstract(text: string, cleaning: string[]): string {
  let result = unwrap(text);
  if (result !== text) cleaning.push('abstract line breaks');
  const marker = END_MARKER.exec(result);
  if (marker !== null) {
    cleaning.push(`end marker ${marker[0].trim()}`);
    result = result.slice(0, marker.index);
  }
  return result;
}

/**
 * Removes fixed-width line wrapping. The wrap falls after a fixed number of characters, not at a
 * word boundary (`框体部(1⏎0)`, `15～20⏎mm`), so the break simply disappears.
 */
function unwrap(text: string): string {
  return text.includes('\n') ? text.replace(/[ \t]*\r?\n[ \t]*/g, '') : text;
}
