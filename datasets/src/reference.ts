/**
 * Readers for `reference/`: classification texts, not patents. They feed the matcher's bridge
 * between IPC codes (what patents carry) and GB/T 4754 industries (what SMEs name).
 *
 * Codes come out in one spelling, `A01B 1/02` (subclass, a space, group/subgroup), whatever the
 * file wrote (`A01B1/02`, `A01B 1/02`, `A01B  1/02`).
 */
import { readCsvFile, columnIndexes } from './csv-file.ts';
import { DatasetError, readDatasetText } from './dataset.ts';

export type ClassificationLevel = 'section' | 'class' | 'subclass' | 'main-group' | 'subgroup';

/** One entry of the Chinese IPC scheme text. */
export interface IpcTitle {
  /** `A`, `A01`, `A01B`, `A01B 1/00`, `A01B 1/02`. */
  code: string;
  level: ClassificationLevel;
  /** Indent of a subgroup (number of `·`); 0 for main groups and above. */
  dots: number;
  /** The title, without its indent dots and edition marks such as `〔5〕` or `[2013.01]`. */
  title: string;
  /** 1-based line in `reference/ipc-section-A-zh.csv`. */
  line: number;
}

export const IPC_TITLES_ZH_SOURCE = 'reference/ipc-section-A-zh.csv';
export const INDUSTRY_CODES_SOURCE = 'reference/gb-t-4754-industry-3digit-zh.csv';
export const CPC_TITLES_EN_SOURCE = 'reference/cpc-titles-subclass-maingroup-en.tsv';

const SECTION_LINE = /^([A-H])部[—－-]+\s*(.+)$/;
const GROUP_LINE = /^([A-H]\d{2}[A-Z])\s*(\d{1,4})\s*\/\s*(\d{2,6})\s*(.*)$/;
const SUBCLASS_LINE = /^([A-H]\d{2}[A-Z])(?![\s\d/])\s*(.+)$/;
const CLASS_LINE = /^([A-H]\d{2})(?![\dA-Z])\s*(.+)$/;
const DOTS = /^[\s·•･‧・]+/;
const EDITION_MARKS = /(?:\s*(?:〔[^〔〕]*〕|\[[\d.，,]+\]))+\s*$/;

/**
 * Reads the Chinese IPC scheme text of section A (classes, subclasses, main groups, subgroups).
 * Lines that are not entries (the subclass indexes, headings such as `犁`, notes citing other
 * sections) are skipped.
 *
 * @example
 * const titles = await loadIpcTitlesZh(sharedDatasetsRoot());
 * titles.find((t) => t.code === 'A23F 3/06')
 * // { code: 'A23F 3/06', level: 'subgroup', dots: 1, title: '…', line: … }
 *
 * A few lines of the upstream file hold two entries run together (`A61K 101/02·卤素 〔6〕A61K
 * 103/00 放射性金属 〔6〕`); the second stays part of the first one's title.
 */
export async function loadIpcTitlesZh(root: string): Promise<IpcTitle[]> {
  const text = await readDatasetText(root, IPC_TITLES_ZH_SOURCE);
  const titles: IpcTitle[] = [];
  const lines = text.split('\n');
  let section: string | undefined;
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index]!.replace(/[\f\r]/g, '').trim();
    if (raw === '') continue;
    const entry = parseIpcLine(raw);
    if (entry === undefined) continue;
    if (entry.level === 'section') section = entry.code;
    // Notes cite other sections' codes at the start of a line (`C12生物化学…` under A23): not entries.
    else if (section !== undefined && entry.code[0] !== section) continue;
    titles.push({ ...entry, line: index + 1 });
  }
  return titles;
}

function parseIpcLine(raw: string): Omit<IpcTitle, 'line'> | undefined {
  let m = GROUP_LINE.exec(raw);
  if (m !== null) {
    const [, subclass, main, sub, rest = ''] = m;
    const dots = DOTS.exec(rest)?.[0].replace(/\s/g, '').length ?? 0;
    return {
      code: `${subclass} ${Number(main)}/${sub}`,
      level: sub === '00' ? 'main-group' : 'subgroup',
      dots,
      title: cleanTitle(rest),
    };
  }
  m = SECTION_LINE.exec(raw);
  if (m !== null) return { code: m[1]!, level: 'section', dots: 0, title: cleanTitle(m[2]!) };
  m = SUBCLASS_LINE.exec(raw);
  if (m !== null) return { code: m[1]!, level: 'subclass', dots: 0, title: cleanTitle(m[2]!) };
  m = CLASS_LINE.exec(raw);
  if (m !== null) return { code: m[1]!, level: 'class', dots: 0, title: cleanTitle(m[2]!) };
  return undefined;
}

function cleanTitle(text: string): string {
  return text.replace(DOTS, '').replace(EDITION_MARKS, '').trim();
}

/** One GB/T 4754 (国民经济行业分类, 2011 edition) industry group. */
export interface IndustryCode {
  /** 3 digits, e.g. `153`. */
  code: string;
  /** e.g. `精制茶加工`. */
  name: string;
  /** The explanatory note: what the group includes and excludes, as the upstream file has it. */
  description: string;
}

/**
 * Reads the GB/T 4754 three-digit industry groups (432 of them).
 *
 * @example
 * const industries = await loadIndustryCodes(sharedDatasetsRoot());
 * industries.find((i) => i.code === '153')?.name // '精制茶加工'
 */
export async function loadIndustryCodes(root: string): Promise<IndustryCode[]> {
  const file = await readCsvFile(root, INDUSTRY_CODES_SOURCE);
  failOnErrors(INDUSTRY_CODES_SOURCE, file.errors);
  const at = columnIndexes(file.header, ['code', 'describe'], INDUSTRY_CODES_SOURCE);
  return file.rows.map((row) => {
    const describe = (row.cells[at.describe] ?? '').trim();
    const comma = describe.indexOf(',');
    return {
      code: (row.cells[at.code] ?? '').trim(),
      name: comma === -1 ? describe : describe.slice(0, comma).trim(),
      description: comma === -1 ? '' : describe.slice(comma + 1).trim(),
    };
  });
}

/** One CPC subclass or main-group title (CPC agrees with IPC at these levels). */
export interface CpcTitle {
  /** `A`, `A01`, `A01B` or `A01B 1/00`. */
  code: string;
  level: ClassificationLevel;
  title: string;
}

/**
 * Reads the English CPC titles down to main groups (10,585 lines).
 *
 * @example
 * const titles = await loadCpcTitlesEn(sharedDatasetsRoot());
 * titles.find((t) => t.code === 'A01B 1/00')?.title // 'Hand tools (edge trimmers for lawns A01G3/06 …)'
 */
export async function loadCpcTitlesEn(root: string): Promise<CpcTitle[]> {
  const text = await readDatasetText(root, CPC_TITLES_EN_SOURCE);
  const titles: CpcTitle[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index]!.replace(/\r$/, '');
    if (raw.trim() === '') continue;
    const [code = '', , title = ''] = raw.split('\t');
    const entry = cpcCode(code.trim());
    if (entry === undefined) throw new DatasetError(`${CPC_TITLES_EN_SOURCE} line ${index + 1}: "${code}" is not a CPC code`);
    titles.push({ ...entry, title: title.trim() });
  }
  return titles;
}

function cpcCode(code: string): Pick<CpcTitle, 'code' | 'level'> | undefined {
  const group = /^([A-HY]\d{2}[A-Z])\s*(\d{1,4})\/(\d{2,6})$/.exec(code);
  if (group !== null) return { code: `${group[1]} ${Number(group[2])}/${group[3]}`, level: group[3] === '00' ? 'main-group' : 'subgroup' };
  if (/^[A-HY]$/.test(code)) return { code, level: 'section' };
  if (/^[A-HY]\d{2}$/.test(code)) return { code, level: 'class' };
  if (/^[A-HY]\d{2}[A-Z]$/.test(code)) return { code, level: 'subclass' };
  return undefined;
}

/** Reference files are small and fixed: a row that cannot be read is a broken copy, not a record to skip. */
export function failOnErrors(source: string, errors: ReadonlyArray<{ line: number; message: string }>): void {
  const first = errors[0];
  if (first !== undefined) throw new DatasetError(`${source} line ${first.line}: ${first.message} (${errors.length} row(s) unreadable)`);
}
