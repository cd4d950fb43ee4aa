/**
 * Reads the public patent records in the shared datasets folder (titles and abstracts)
 * for the dictionary builder and the benchmarks of this package. Read-only, at run time;
 * nothing from the datasets is copied into the repository.
 *
 * The folder is `$PATENT_DATASETS_DIR`, or `../shared/datasets` next to the repository.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CorpusRecord {
  /** Dataset folder, e.g. 'cn-a01-abstracts'. */
  dataset: string;
  title: string;
  /** Empty for datasets with titles only. */
  abstract: string;
}

/** The shared datasets folder, or undefined when it is not there (e.g. on CI without data). */
export function datasetsDir(): string | undefined {
  const dir =
    process.env.PATENT_DATASETS_DIR ??
    process.env.PB_SHARED_DATASETS ??
    fileURLToPath(new URL('../../../../shared/datasets/', import.meta.url));
  return existsSync(join(dir, 'README.md')) ? dir : undefined;
}

export function requireDatasetsDir(): string {
  const dir = datasetsDir();
  if (!dir) {
    throw new Error('shared datasets not found: set PATENT_DATASETS_DIR to the datasets folder');
  }
  return dir;
}

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field.endsWith('\r') ? field.slice(0, -1) : field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function readText(path: string): string {
  return readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
}

/** Rows as objects keyed by the header row. */
function readCsvObjects(path: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(readText(path));
  if (!header) return [];
  return rows
    .filter((row) => row.length === header.length)
    .map((row) => Object.fromEntries(header.map((name, i) => [name, row[i] ?? ''])));
}

/**
 * All Chinese patent records of the shared datasets (about 31k): cn-recent-titles-ipc,
 * cn-a01-abstracts, bdci2021-patents, tw-university-patents, bit-university-patents.
 */
export function loadPatentRecords(dir = requireDatasetsDir()): CorpusRecord[] {
  const records: CorpusRecord[] = [];
  for (const row of readCsvObjects(join(dir, 'cn-recent-titles-ipc', 'patents.csv'))) {
    records.push({ dataset: 'cn-recent-titles-ipc', title: row.patent_title ?? '', abstract: '' });
  }
  const a01 = join(dir, 'cn-a01-abstracts');
  for (const file of readdirSync(a01).filter((f) => f.endsWith('.csv')).sort()) {
    for (const row of readCsvObjects(join(a01, file))) {
      records.push({ dataset: 'cn-a01-abstracts', title: row['名称'] ?? '', abstract: row['摘要'] ?? '' });
    }
  }
  for (const line of readText(join(dir, 'bdci2021-patents', 'train.jsonl')).split('\n')) {
    if (line.trim() === '') continue;
    const row = JSON.parse(line) as { title?: string; abstract?: string };
    records.push({ dataset: 'bdci2021-patents', title: row.title ?? '', abstract: row.abstract ?? '' });
  }
  for (const row of readCsvObjects(join(dir, 'tw-university-patents', 'node_patent.csv'))) {
    records.push({ dataset: 'tw-university-patents', title: row.title ?? '', abstract: '' });
  }
  // No header row: date, grant number, owner, title, inventors, status.
  for (const row of parseCsv(readText(join(dir, 'bit-university-patents', 'patents.csv')))) {
    if (row.length === 6) records.push({ dataset: 'bit-university-patents', title: row[3] ?? '', abstract: '' });
  }
  return records;
}

/** The Chinese IPC scheme text of section A, one line per entry. */
export function loadIpcSectionA(dir = requireDatasetsDir()): string[] {
  return readText(join(dir, 'reference', 'ipc-section-A-zh.csv')).split('\n');
}

/** GB/T 4754 industry descriptions (3-digit codes), one string per industry. */
export function loadIndustryDescriptions(dir = requireDatasetsDir()): string[] {
  return readCsvObjects(join(dir, 'reference', 'gb-t-4754-industry-3digit-zh.csv')).map(
    (row) => row.describe ?? '',
  );
}
