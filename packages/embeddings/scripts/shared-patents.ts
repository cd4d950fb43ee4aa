/**
 * Reads the public patent records of the shared datasets folder for this package's evaluation
 * script and its real-data tests: title, abstract and the IPC subclasses where the source has
 * them. Read-only, in place; nothing is copied into the repository.
 *
 * The folder is `$PB_SHARED_DATASETS`, or `../shared/datasets` next to the repository.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One patent of the shared datasets. */
export interface SharedPatent {
  /** Dataset folder, e.g. `cn-a01-abstracts`. */
  dataset: string;
  /** Publication or application number, or the upstream uuid. */
  id: string;
  title: string;
  /** Empty for the title-only datasets. */
  abstract: string;
  /** IPC subclasses (`A01B`); empty where the source has none (bdci2021, bit). */
  subclasses: string[];
}

/**
 * The shared datasets folder, or undefined when it is not there (a machine without the data).
 *
 * @example
 * const dir = sharedDatasetsDir(); // '/work/shared/datasets'
 */
export function sharedDatasetsDir(): string | undefined {
  const fromEnv = process.env.PB_SHARED_DATASETS;
  const dir =
    fromEnv !== undefined && fromEnv !== ''
      ? resolve(fromEnv)
      : fileURLToPath(new URL('../../../../shared/datasets/', import.meta.url));
  return existsSync(join(dir, 'cn-recent-titles-ipc', 'patents.csv')) ? dir : undefined;
}

/**
 * RFC 4180 rows: quoted fields may hold commas, doubled quotes and line breaks.
 *
 * @example
 * parseCsv('a,"b,c"\n1,2\n'); // [['a', 'b,c'], ['1', '2']]
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
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
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

function readText(path: string): string {
  return readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
}

function readCsvObjects(path: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(readText(path));
  if (!header) return [];
  return rows
    .filter((row) => row.length === header.length)
    .map((row) => Object.fromEntries(header.map((name, i) => [name, row[i] ?? ''])));
}

/**
 * Every patent of the five public patent datasets (about 31k), in a fixed order:
 * cn-recent-titles-ipc, cn-a01-abstracts, bdci2021-patents, tw-university-patents,
 * bit-university-patents.
 *
 * @example
 * const patents = loadSharedPatents(sharedDatasetsDir()!);
 * patents[0]; // { dataset: 'cn-recent-titles-ipc', id: 'CN114081026A', title: '一种水电站…', abstract: '', subclasses: ['A01M', 'G06F', 'H02G'] }
 */
export function loadSharedPatents(dir: string): SharedPatent[] {
  const patents: SharedPatent[] = [];
  for (const row of readCsvObjects(join(dir, 'cn-recent-titles-ipc', 'patents.csv'))) {
    patents.push({
      dataset: 'cn-recent-titles-ipc',
      id: row.publication_numbers ?? '',
      title: row.patent_title ?? '',
      abstract: '',
      subclasses: (row.true_subclasses_all ?? '').split('|').filter((s) => s !== ''),
    });
  }
  const a01 = join(dir, 'cn-a01-abstracts');
  for (const file of readdirSync(a01).filter((f) => f.endsWith('.csv')).sort()) {
    const subclass = file.replace(/\.csv$/, '');
    for (const row of readCsvObjects(join(a01, file))) {
      patents.push({
        dataset: 'cn-a01-abstracts',
        id: row['申请号'] ?? '',
        title: row['名称'] ?? '',
        abstract: (row['摘要'] ?? '').replace(/\$＃!\s*$/, ''),
        subclasses: [subclass],
      });
    }
  }
  let line = 0;
  for (const text of readText(join(dir, 'bdci2021-patents', 'train.jsonl')).split('\n')) {
    line++;
    if (text.trim() === '') continue;
    const row = JSON.parse(text) as { title?: string; abstract?: string };
    patents.push({ dataset: 'bdci2021-patents', id: `bdci-${line}`, title: row.title ?? '', abstract: row.abstract ?? '', subclasses: [] });
  }
  const tw = join(dir, 'tw-university-patents');
  const twSubclasses = new Map<string, string[]>();
  for (const row of readCsvObjects(join(tw, 'relationship_ipc_patent.csv'))) {
    const uuid = row.uuid ?? '';
    const list = twSubclasses.get(uuid) ?? [];
    if (row.ipc) list.push(row.ipc.trim().slice(0, 4).toUpperCase());
    twSubclasses.set(uuid, list);
  }
  for (const row of readCsvObjects(join(tw, 'node_patent.csv'))) {
    const uuid = row.uuid ?? '';
    patents.push({ dataset: 'tw-university-patents', id: uuid, title: row.title ?? '', abstract: '', subclasses: twSubclasses.get(uuid) ?? [] });
  }
  // No header row: date, grant number, owner, title, inventors, status.
  for (const row of parseCsv(readText(join(dir, 'bit-university-patents', 'patents.csv')))) {
    if (row.length === 6) patents.push({ dataset: 'bit-university-patents', id: row[1] ?? '', title: row[3] ?? '', abstract: '', subclasses: [] });
  }
  return patents;
}

/** One rated phrase pair of the USPTO phrase-to-phrase set. */
export interface PhrasePair {
  anchor: string;
  target: string;
  /** CPC class of the context, e.g. `A47`. */
  context: string;
  /** Human similarity rating, 0–1 in steps of 0.25. */
  score: number;
}

/**
 * The rated English phrase pairs of `uspppm-phrase-similarity/train.csv` (36,473).
 *
 * @example
 * loadPhrasePairs(dir)[0]; // { anchor: 'abatement', target: 'abatement of pollution', context: 'A47', score: 0.5 }
 */
export function loadPhrasePairs(dir: string): PhrasePair[] {
  return readCsvObjects(join(dir, 'uspppm-phrase-similarity', 'train.csv')).map((row) => ({
    anchor: row.anchor ?? '',
    target: row.target ?? '',
    context: row.context ?? '',
    score: Number(row.score),
  }));
}
