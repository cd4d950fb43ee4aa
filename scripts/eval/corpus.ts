import { loadDataset, bdciLabelForIpc, loadBdciLabelTaxonomy, sharedDatasetsRoot } from '@patent-bridge/datasets';
import { validateRecord, type PatentDraft } from '@patent-bridge/inventory';
import { ipcClass, ipcSubclass } from '@patent-bridge/domain';

/** One corpus document of the evaluation, with the labels relevance is judged by. */
export interface EvalDocument {
  id: string;
  title: string;
  body: string;
  ipc: string[];
  subclasses: Set<string>;
  classes: Set<string>;
  /** BDCI label: the record's own for BDCI, else derived from its IPC codes through the BDCI taxonomy. */
  bdciLabel?: string;
  dataset: string;
}

export interface EvalQuery {
  id: string;
  text: string;
  gain: (doc: EvalDocument) => number;
}

export interface EvalTask {
  name: string;
  description: string;
  corpus: EvalDocument[];
  queries: EvalQuery[];
}

/** Deterministic shuffle (mulberry32), so every run holds out the same records. */
export function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  let a = seed >>> 0;
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Every shared record as an evaluation document (validated and normalised like an import).
 *
 * @example
 * const docs = await loadEvalDocuments(); // ≈31k
 */
export async function loadEvalDocuments(): Promise<EvalDocument[]> {
  const load = await loadDataset('all');
  const taxonomy = await loadBdciLabelTaxonomy(sharedDatasetsRoot());
  const today = new Date('2026-11-21T00:00:00Z');
  const docs: EvalDocument[] = [];
  load.records.forEach((record, i) => {
    const result = validateRecord(record, { today, source: record.source ?? 'eval' });
    if (!result.ok) return;
    const d: PatentDraft = result.draft;
    const dataset = (record.source ?? '').split('/')[0]!;
    const label = record.extra?.labelId ?? (d.ipcCodes.length ? bdciLabelForIpc(taxonomy, d.ipcCodes[0]!) : undefined);
    docs.push({
      id: `d${i}`,
      title: d.title,
      body: d.abstract ?? '',
      ipc: d.ipcCodes,
      subclasses: new Set(d.ipcCodes.map(ipcSubclass)),
      classes: new Set(d.ipcCodes.map(ipcClass)),
      ...(label !== undefined && label !== null ? { bdciLabel: String(label) } : {}),
      dataset,
    });
  });
  return docs;
}

/**
 * Task 1: 500 held-out cn-recent-titles-ipc titles as queries over every other record; gain 1 for a
 * shared IPC subclass, 0.5 for a shared class only.
 */
export function ipcTask(all: EvalDocument[], count = 500, seed = 20261121): EvalTask {
  const candidates = all.filter((d) => d.dataset === 'cn-recent-titles-ipc' && d.subclasses.size > 0);
  const held = new Set(seededShuffle(candidates, seed).slice(0, count).map((d) => d.id));
  const corpus = all.filter((d) => !held.has(d.id));
  const queries = all
    .filter((d) => held.has(d.id))
    .map((q) => ({
      id: q.id,
      text: q.title,
      gain: (doc: EvalDocument) => ([...q.subclasses].some((s) => doc.subclasses.has(s)) ? 1 : [...q.classes].some((c) => doc.classes.has(c)) ? 0.5 : 0),
    }));
  return { name: 'task1-ipc', description: `${count} held-out cn-recent-titles-ipc titles; gain 1 same IPC subclass, 0.5 same class`, corpus, queries };
}

/**
 * Task 2: held-out BDCI titles as queries; gain 1 when a document has the same BDCI label (its own, or
 * derived from its IPC codes through the BDCI taxonomy).
 */
export function bdciTask(all: EvalDocument[], count = 200, seed = 20261121): EvalTask {
  const candidates = all.filter((d) => d.dataset === 'bdci2021-patents' && d.bdciLabel !== undefined);
  const held = new Set(seededShuffle(candidates, seed).slice(0, count).map((d) => d.id));
  const corpus = all.filter((d) => !held.has(d.id));
  const queries = all
    .filter((d) => held.has(d.id))
    .map((q) => ({ id: q.id, text: q.title, gain: (doc: EvalDocument) => (doc.bdciLabel === q.bdciLabel ? 1 : 0) }));
  return { name: 'task2-bdci', description: `${count} held-out BDCI titles; gain 1 same label_id (BDCI label, or derived from IPC)`, corpus, queries };
}
