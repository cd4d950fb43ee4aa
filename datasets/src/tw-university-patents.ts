/**
 * `tw-university-patents/`: 8,665 Taiwan patents (Traditional Chinese, titles only), stored as a
 * graph export — `node_patent.csv` (title, uuid) plus one relationship file each for applicants,
 * inventors and IPC subclasses. The loader joins them back into one record per patent. Titles stay
 * in Traditional script: the validator converts them and keeps the original.
 *
 * The upstream export split some names on punctuation, leaving relationship rows whose "name" is
 * only `&`, `"`, `()`, `(`, `)`, `` ` `` or `/` (291 applicant rows on 238 patents, 10 inventor
 * rows). Those are not names: they are left out of the field and listed in `extra.applicantFragments`
 * / `extra.inventorFragments`. A name repeated for the same patent is kept once.
 */
import { columnIndexes, readCsvFile, type CsvFile } from './csv-file.ts';
import { datasetLoad, joinValues, setField, type DatasetLoad, type DatasetReadError, type RawRecord } from './dataset.ts';

export const NAME = 'tw-university-patents';
const PATENTS = `${NAME}/node_patent.csv`;
const APPLICANTS = `${NAME}/relationship_applicant_patent.csv`;
const INVENTORS = `${NAME}/relationship_inventor_patent.csv`;
const IPC = `${NAME}/relationship_ipc_patent.csv`;

/** A name with no letter and no digit in it, in any script. */
const NOT_A_NAME = /^[^\p{L}\p{N}]*$/u;

/**
 * @example
 * const { records } = await load(sharedDatasetsRoot());
 * // records[0]: { line: 2, source: 'tw-university-patents/node_patent.csv',
 * //   fields: { title: '新型ＣＲＩＳＰＲ酶以及系統', sourceId: '21db563b-…',
 * //             applicants: '博得學院股份有限公司;麻省理工學院;哈佛大學校董委員會', inventors: '任恩方;…', ipcCodes: 'C12N' } }
 */
export async function load(root: string): Promise<DatasetLoad> {
  const [patents, applicants, inventors, ipc] = await Promise.all([
    readCsvFile(root, PATENTS),
    readCsvFile(root, APPLICANTS),
    readCsvFile(root, INVENTORS),
    readCsvFile(root, IPC),
  ]);
  const at = columnIndexes(patents.header, ['title', 'uuid'], PATENTS);
  const known = new Set<string>();
  for (const row of patents.rows) known.add((row.cells[at.uuid] ?? '').trim());

  const warnings: DatasetReadError[] = [];
  const applicantsOf = groupByPatent(applicants, APPLICANTS, 'uuid', 'applicant', known, warnings);
  const inventorsOf = groupByPatent(inventors, INVENTORS, 'uuid', 'inventor', known, warnings);
  const ipcOf = groupByPatent(ipc, IPC, 'uuid', 'ipc', known, warnings);

  const records: RawRecord[] = [];
  for (const row of patents.rows) {
    const uuid = (row.cells[at.uuid] ?? '').trim();
    const record: RawRecord = { line: row.line, source: PATENTS, fields: {} };
    setField(record.fields, 'title', row.cells[at.title]);
    setField(record.fields, 'sourceId', uuid);
    const extra: Record<string, string> = {};
    addNames(record, 'applicants', applicantsOf.get(uuid), extra, 'applicantFragments');
    addNames(record, 'inventors', inventorsOf.get(uuid), extra, 'inventorFragments');
    setField(record.fields, 'ipcCodes', joinValues(ipcOf.get(uuid) ?? []));
    if (Object.keys(extra).length > 0) record.extra = extra;
    records.push(record);
  }
  return datasetLoad(NAME, records, patents.errors, [...applicants.errors, ...inventors.errors, ...ipc.errors, ...warnings]);
}

/** uuid → values, in file order. Rows for a uuid that is not in node_patent.csv become warnings. */
function groupByPatent(
  file: CsvFile,
  source: string,
  keyColumn: string,
  valueColumn: string,
  known: ReadonlySet<string>,
  warnings: DatasetReadError[],
): Map<string, string[]> {
  const at = columnIndexes(file.header, [keyColumn, valueColumn], source);
  const groups = new Map<string, string[]>();
  for (const row of file.rows) {
    const uuid = (row.cells[at[keyColumn]!] ?? '').trim();
    const value = row.cells[at[valueColumn]!] ?? '';
    if (!known.has(uuid)) {
      warnings.push({ line: row.line, source, field: 'row', message: `${valueColumn} row for uuid ${uuid || '(empty)'}, which is not in node_patent.csv; ignored` });
      continue;
    }
    const group = groups.get(uuid);
    if (group === undefined) groups.set(uuid, [value]);
    else group.push(value);
  }
  return groups;
}

function addNames(
  record: RawRecord,
  field: 'applicants' | 'inventors',
  values: readonly string[] | undefined,
  extra: Record<string, string>,
  fragmentsKey: string,
): void {
  if (values === undefined) return;
  const names: string[] = [];
  const fragments: string[] = [];
  for (const value of values) {
    if (value.trim() === '') continue;
    (NOT_A_NAME.test(value) ? fragments : names).push(value.trim());
  }
  setField(record.fields, field, joinValues(names));
  if (fragments.length > 0) extra[fragmentsKey] = fragments.join(' ');
}
