/**
 * `cn-recent-titles-ipc/patents.csv`: 9,740 recent Chinese patents, all domains — publication
 * number, title and the real IPC subclasses (no abstracts, no applicants). The
 * `predicted_subclasses` column is another project's model output and is not read.
 */
import { columnIndexes, readCsvFile } from './csv-file.ts';
import { datasetLoad, setField, type DatasetLoad, type RawRecord } from './dataset.ts';

export const NAME = 'cn-recent-titles-ipc';
const SOURCE = `${NAME}/patents.csv`;

const COLUMNS = ['dataset_row', 'fold', 'publication_numbers', 'patent_title', 'true_subclasses_all', 'true_subclasses_benchmark'] as const;

/**
 * @example
 * const { records } = await load(sharedDatasetsRoot());
 * // records[0]: { line: 2, source: 'cn-recent-titles-ipc/patents.csv',
 * //   fields: { publicationNumber: 'CN114081026A', title: '一种水电站高压输电线路驱鸟保护装置', ipcCodes: 'A01M;G06F;H02G' },
 * //   extra: { datasetRow: '0', fold: '1', benchmarkSubclasses: 'A01M;G06F;H02G' } }
 *
 * `extra` keeps the upstream cross-validation fold and row id and the subclasses the upstream
 * benchmark scores against (rare ones removed), for the IPC-classification evaluation.
 */
export async function load(root: string): Promise<DatasetLoad> {
  const file = await readCsvFile(root, SOURCE);
  const at = columnIndexes(file.header, COLUMNS, SOURCE);
  const records: RawRecord[] = [];
  for (const row of file.rows) {
    const cell = (index: number) => row.cells[index] ?? '';
    const record: RawRecord = { line: row.line, source: SOURCE, fields: {} };
    setField(record.fields, 'publicationNumber', cell(at.publication_numbers));
    setField(record.fields, 'title', cell(at.patent_title));
    setField(record.fields, 'ipcCodes', pipesToList(cell(at.true_subclasses_all)));
    record.extra = {
      datasetRow: cell(at.dataset_row).trim(),
      fold: cell(at.fold).trim(),
      benchmarkSubclasses: pipesToList(cell(at.true_subclasses_benchmark)),
    };
    records.push(record);
  }
  return datasetLoad(NAME, records, file.errors);
}

function pipesToList(value: string): string {
  return value
    .split('|')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .join(';');
}
