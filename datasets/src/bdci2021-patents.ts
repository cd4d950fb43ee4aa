/**
 * `bdci2021-patents/train.jsonl`: 975 Chinese patents of the CCF BDCI 2021 patent-classification
 * task — title, applicant (`assignee`), abstract and a class label (`label_id`, 0–31).
 * `label-taxonomy.json` maps IPC prefixes to those labels.
 */
import { createHash } from 'node:crypto';
import { datasetLoad, readDatasetText, setField, type DatasetLoad, type DatasetReadError, type RawRecord } from './dataset.ts';

export const NAME = 'bdci2021-patents';
const SOURCE = `${NAME}/train.jsonl`;
const TAXONOMY_SOURCE = `${NAME}/label-taxonomy.json`;

const MAPPED = new Set(['title', 'assignee', 'abstract', 'label_id']);

/**
 * @example
 * const { records } = await load(sharedDatasetsRoot());
 * // records[0]: { line: 1, source: 'bdci2021-patents/train.jsonl',
 * //   fields: { title: '物联网智能终端设备指纹提取方法、装置及电子设备', applicants: '北京智芯微电子科技有限公司',
 * //             abstract: '本发明涉及物联网技术领域，…', sourceId: 'bdci-…' },
 * //   extra: { labelId: '…' } }
 *
 * The records carry no patent number, so `sourceId` is derived from the content: `bdci-` and the
 * first 12 hex digits of SHA-1 over title, applicant and abstract. A re-import of the same file
 * therefore matches the records it imported before. The file holds one exact duplicate (lines
 * 575 and 656); a repeat gets `-2`, `-3`… appended, in file order.
 */
export async function load(root: string): Promise<DatasetLoad> {
  const text = await readDatasetText(root, SOURCE);
  const records: RawRecord[] = [];
  const errors: DatasetReadError[] = [];
  const seen = new Map<string, number>();
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index]!.replace(/\r$/, '');
    if (raw.trim() === '') continue;
    const line = index + 1;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (cause) {
      errors.push({ line, source: SOURCE, field: 'json', message: `not valid JSON: ${(cause as Error).message}` });
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      errors.push({ line, source: SOURCE, field: 'json', message: 'a line must hold one JSON object' });
      continue;
    }
    const object = value as Record<string, unknown>;
    const title = asText(object.title);
    const assignee = asText(object.assignee);
    const abstract = asText(object.abstract);
    const record: RawRecord = { line, source: SOURCE, fields: {} };
    setField(record.fields, 'title', title);
    setField(record.fields, 'applicants', assignee);
    setField(record.fields, 'abstract', abstract);
    const key = contentKey(title, assignee, abstract);
    const occurrence = (seen.get(key) ?? 0) + 1;
    seen.set(key, occurrence);
    record.fields.sourceId = occurrence === 1 ? `bdci-${key}` : `bdci-${key}-${occurrence}`;
    const extra: Record<string, string> = {};
    if (object.label_id !== undefined && object.label_id !== null) extra.labelId = asText(object.label_id);
    for (const [name, field] of Object.entries(object)) if (!MAPPED.has(name) && field !== null) extra[name] = asText(field);
    if (Object.keys(extra).length > 0) record.extra = extra;
    records.push(record);
  }
  return datasetLoad(NAME, records, errors);
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function contentKey(title: string, assignee: string, abstract: string): string {
  return createHash('sha1').update(`${title}\u001f${assignee}\u001f${abstract}`).digest('hex').slice(0, 12);
}

/**
 * The BDCI label taxonomy: a tree keyed by IPC section letter, then class digits, then the
 * subclass letter, whose leaves are label ids; `other` is the fallback at a level.
 */
export interface BdciLabelTaxonomy {
  [key: string]: BdciLabelTaxonomy | number;
}

/**
 * Reads `bdci2021-patents/label-taxonomy.json`.
 *
 * @example
 * const taxonomy = await loadBdciLabelTaxonomy(sharedDatasetsRoot());
 * bdciLabelForIpc(taxonomy, 'A23F 3/06') // 26 (A → 2 → 3 → other)
 */
export async function loadBdciLabelTaxonomy(root: string): Promise<BdciLabelTaxonomy> {
  return JSON.parse(await readDatasetText(root, TAXONOMY_SOURCE)) as BdciLabelTaxonomy;
}

/**
 * The BDCI label an IPC code falls under, walking the taxonomy one character of the subclass at a
 * time (section, class digits, subclass letter) and taking `other` where the character has no
 * branch of its own; undefined when the code falls outside the taxonomy.
 *
 * @example
 * bdciLabelForIpc(taxonomy, 'A01B') // 1
 * bdciLabelForIpc(taxonomy, 'A23K') // 1
 */
export function bdciLabelForIpc(taxonomy: BdciLabelTaxonomy, ipc: string): number | undefined {
  const subclass = ipc.replace(/\s+/g, '').toUpperCase().slice(0, 4);
  let node: BdciLabelTaxonomy | number | undefined = taxonomy;
  for (const char of subclass) {
    if (typeof node === 'number') return node;
    if (node === undefined) return undefined;
    node = node[char] ?? node.other;
  }
  return typeof node === 'number' ? node : undefined;
}
