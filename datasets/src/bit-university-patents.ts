/**
 * `bit-university-patents/patents.csv`: one university's (北京理工大学) patents, no header row.
 * Columns: filing date (YYYYMMDD — the year matches the application number's), patent number
 * (`ZL 201010110545.X` when granted, the bare application number when pending), owner(s), title,
 * inventors, status (`授权` granted / `申请` pending).
 *
 * The file has 145 physical lines but 126 records: 19 owner cells hold two organisations
 * separated by a line break inside quotes (e.g. `"北京理工大学⏎公安部第三研究所"`).
 */
import { readCsvFile } from './csv-file.ts';
import { datasetLoad, joinValues, setField, type DatasetLoad, type RawRecord } from './dataset.ts';

export const NAME = 'bit-university-patents';
const SOURCE = `${NAME}/patents.csv`;

const DATE = 0;
const NUMBER = 1;
const OWNER = 2;
const TITLE = 3;
const INVENTORS = 4;
const STATUS = 5;

/** The status under which the owner column names the patentee (专利权人), not only the applicant. */
const GRANTED = '授权';

/**
 * @example
 * const { records } = await load(sharedDatasetsRoot());
 * // records[0]: { line: 1, source: 'bit-university-patents/patents.csv',
 * //   fields: { filingDate: '20100209', applicationNumber: 'ZL 201010110545.X', applicants: '北京理工大学',
 * //             owners: '北京理工大学', title: '一种结合指针分析的软件安全漏洞动态检测方法',
 * //             inventors: '胡昌振;王崑声;曲洋;马锐;薛静锋', legalStatus: '授权' } }
 *
 * Owners are split at line breaks; inventors at `、` and at the other separators a few rows use
 * (space, `;`, `,`, and `;?` where a non-breaking space was lost). A pending application has no
 * patentee yet, so its owner column fills `applicants` only.
 */
export async function load(root: string): Promise<DatasetLoad> {
  const file = await readCsvFile(root, SOURCE, { header: false });
  const records: RawRecord[] = [];
  for (const row of file.rows) {
    const cell = (index: number) => row.cells[index] ?? '';
    const record: RawRecord = { line: row.line, source: SOURCE, fields: {} };
    const organisations = joinValues(cell(OWNER).split(/\r?\n/));
    const status = cell(STATUS).trim();
    setField(record.fields, 'filingDate', cell(DATE));
    setField(record.fields, 'applicationNumber', cell(NUMBER));
    setField(record.fields, 'applicants', organisations);
    if (status === GRANTED) setField(record.fields, 'owners', organisations);
    setField(record.fields, 'title', cell(TITLE));
    setField(record.fields, 'inventors', joinValues(cell(INVENTORS).split(/[\s、;；,，?？]+/)));
    setField(record.fields, 'legalStatus', status);
    records.push(record);
  }
  return datasetLoad(NAME, records, file.errors);
}
