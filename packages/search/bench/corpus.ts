/**
 * The benchmark corpus of the embedded search engine: the ~31k real patents of the shared
 * datasets as `SearchDocument`s, 1,000 real queries, scaling to any size, and stand-in vectors.
 *
 * Queries: the titles of 800 held-out patents (not indexed), plus 200 short keyword queries of
 * one or two words taken from other held-out titles.
 *
 * Scaling (to 300k): replica r ≥ 1 of real patent i is a new document built from i and a
 * "sibling" j drawn from the same source file (same IPC subclass for the A01 abstracts): the
 * title is the first 40–70% of i's title followed by the tail of j's; the abstract is i's
 * sentences rotated by r with one sentence swapped for one of j's and every digit run
 * re-drawn; IPC codes are i's (plus j's in 30% of cases); the filing year moves by −2…+2; ids
 * are `<id>~r<r>`; owners, regions and the other attributes are re-drawn. Term statistics
 * stay realistic (real words in real combinations), but the vocabulary grows less than a real
 * 300k corpus would: postings per term are longer (harder for BM25) and the term dictionary is
 * smaller (RSS slightly optimistic).
 *
 * Vectors: `standInVector` (see there), not a trained embedder.
 */
import { loadDataset } from '@patent-bridge/datasets';
import { tokenize } from '@patent-bridge/text';
import type { SearchDocument } from '../src/documents.ts';

/** Deterministic PRNG (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function fnv1a(text: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const CHAINS = ['new-energy', 'new-materials', 'modern-agriculture-food', 'biomedicine', 'ai', 'environment', 'equipment', 'electronics', 'chemicals', 'textiles', 'automotive', 'marine'];
const PROVINCES: Array<[string, string[]]> = [
  ['山东', ['济南', '青岛', '泰安']], ['北京', []], ['上海', []], ['广东', ['广州', '深圳']], ['江苏', ['南京', '苏州']],
  ['浙江', ['杭州', '宁波']], ['福建', ['福州', '厦门']], ['四川', ['成都']], ['湖北', ['武汉']], ['陕西', ['西安']], ['台湾', ['台北', '新竹']],
];
const LEGAL = ['granted', 'granted', 'granted', 'pending', 'lapsed', 'lapsed'];

/** A real record as the bench uses it, before attributes are drawn. */
interface BaseRecord {
  id: string;
  source: string;
  title: string;
  body: string;
  extra: string;
  ipc: string[];
  filingYear: number | undefined;
}

function yearOf(fields: Record<string, string | undefined>, random: () => number): number | undefined {
  const date = fields.filingDate;
  if (date && /^\d{4}/.test(date)) return Number(date.slice(0, 4));
  const number = (fields.applicationNumber ?? '').replace(/\s/g, '');
  const match = /^(?:CN|ZL)?(\d{2,4})/.exec(number);
  if (match?.[1]) {
    const digits = match[1];
    if (digits.length >= 4 && (digits.startsWith('19') || digits.startsWith('20'))) return Number(digits.slice(0, 4));
    const two = Number(digits.slice(0, 2));
    return two >= 85 ? 1900 + two : 2000 + two;
  }
  return random() < 0.9 ? 2000 + Math.floor(random() * 24) : undefined;
}

/** Draws the non-text attributes of a document from `random`. */
function withAttributes(base: BaseRecord, id: string, random: () => number, year: number | undefined): SearchDocument {
  const demand = random() < 0.01;
  const [province, cities] = pick(random, PROVINCES);
  const regions = [province, ...(cities.length ? [pick(random, cities)] : [])];
  const ownerCount = random() < 0.2 ? 2 : 1;
  const ownerIds = Array.from({ length: ownerCount }, () => `org_${Math.floor(random() * 3000)}`);
  const doc: SearchDocument = {
    id,
    kind: demand ? 'demand' : 'patent',
    title: base.title,
    body: base.body,
    extra: base.extra,
    ipc: demand ? [] : base.ipc,
    chains: random() < 0.15 ? [] : random() < 0.2 ? [pick(random, CHAINS), pick(random, CHAINS)] : [pick(random, CHAINS)],
    ownerIds,
    ownerKinds: demand ? ['enterprise'] : [random() < 0.8 ? 'university' : 'institute'],
    openLicence: random() < 0.1,
    regions,
    visibility: demand && random() < 0.5 ? 'private' : 'public',
    revision: 1,
  };
  if (!demand) {
    doc.legalStatus = pick(random, LEGAL);
    doc.type = random() < 0.7 ? 'invention' : 'utility_model';
    doc.screeningScore = Math.round(random() * 1000) / 1000;
  }
  if (year !== undefined) doc.filingYear = year;
  return doc;
}

export interface BenchQuery {
  kind: 'title' | 'keywords';
  q: string;
}

export interface BenchCorpus {
  /** The real patents that are indexed (~30.2k). */
  base: BaseRecord[];
  queries: BenchQuery[];
}

/**
 * Loads the shared datasets, holds out 1,000 patents for queries and returns the rest.
 *
 * @example
 * const { base, queries } = await loadBenchCorpus();
 */
export async function loadBenchCorpus(queryCount = 1000): Promise<BenchCorpus> {
  const all = await loadDataset('all');
  const random = seededRandom(42);
  const seen = new Set<string>();
  const records: BaseRecord[] = [];
  for (const [i, record] of all.records.entries()) {
    const f = record.fields as Record<string, string | undefined>;
    const title = (f.title ?? '').trim();
    if (title === '') continue;
    let id = f.publicationNumber || f.applicationNumber || f.sourceId || `row-${i}`;
    if (seen.has(id)) id = `${id}#${i}`;
    seen.add(id);
    records.push({
      id,
      source: record.source ?? 'unknown',
      title,
      body: (f.abstract ?? '').trim(),
      extra: (f.applicants ?? '').split(';').join(' '),
      ipc: (f.ipcCodes ?? '').split(';').map((c) => c.trim()).filter(Boolean),
      filingYear: yearOf(f, random),
    });
  }
  // Hold out a deterministic sample for queries.
  const order = records.map((_, i) => i).sort((a, b) => fnv1a(records[a]!.id) - fnv1a(records[b]!.id));
  const heldOut = new Set(order.slice(0, queryCount));
  const base = records.filter((_, i) => !heldOut.has(i));
  const held = order.slice(0, queryCount).map((i) => records[i]!);
  const titleQueries = Math.round(queryCount * 0.8);
  const queries: BenchQuery[] = held.slice(0, titleQueries).map((r) => ({ kind: 'title', q: r.title }));
  for (const r of held.slice(titleQueries)) {
    const words = tokenize(r.title).filter((w) => [...w].length >= 2 && w !== '方法' && w !== '装置');
    const count = random() < 0.5 ? 1 : 2;
    const chosen = words.length ? Array.from({ length: Math.min(count, words.length) }, () => pick(random, words)) : [r.title.slice(0, 4)];
    queries.push({ kind: 'keywords', q: [...new Set(chosen)].join(' ') });
  }
  return { base, queries };
}

const SENTENCE = /(?<=[。；;！!？?])/;

function perturbDigits(text: string, random: () => number): string {
  return text.replace(/\d+/g, (digits) => Array.from(digits, (_, k) => String(k === 0 && digits.length > 1 ? 1 + Math.floor(random() * 9) : Math.floor(random() * 10))).join(''));
}

function replica(base: readonly BaseRecord[], bySource: Map<string, number[]>, i: number, r: number): SearchDocument {
  const doc = base[i]!;
  const random = seededRandom((i * 7919 + r * 104729) >>> 0);
  const siblings = bySource.get(doc.source)!;
  const sibling = base[pick(random, siblings)]!;
  const cut = Math.max(1, Math.floor(doc.title.length * (0.4 + 0.3 * random())));
  const siblingCut = Math.floor(sibling.title.length * (0.4 + 0.3 * random()));
  const title = doc.title.slice(0, cut) + sibling.title.slice(siblingCut);
  let body = '';
  if (doc.body) {
    const sentences = doc.body.split(SENTENCE).filter(Boolean);
    const rotated = sentences.map((_, k) => sentences[(k + r) % sentences.length]!);
    const theirs = sibling.body ? sibling.body.split(SENTENCE).filter(Boolean) : [];
    if (theirs.length && rotated.length) rotated[Math.floor(random() * rotated.length)] = pick(random, theirs);
    body = perturbDigits(rotated.join(''), random);
  }
  const ipc = random() < 0.3 ? [...new Set([...doc.ipc, ...sibling.ipc])] : doc.ipc;
  const year = doc.filingYear === undefined ? undefined : Math.min(2025, doc.filingYear + Math.floor(random() * 5) - 2);
  return withAttributes({ ...doc, title, body, ipc }, `${doc.id}~r${r}`, random, year);
}

/**
 * The first `size` documents of the scaled corpus, in batches: the real patents first, then
 * replica 1 of each, replica 2, …
 *
 * @example
 * for (const batch of scaledDocuments(base, 300_000, 1000)) await engine.upsert(batch, …);
 */
export function* scaledDocuments(base: readonly BaseRecord[], size: number, batchSize: number): Generator<SearchDocument[]> {
  const bySource = new Map<string, number[]>();
  base.forEach((doc, i) => {
    const list = bySource.get(doc.source) ?? [];
    list.push(i);
    bySource.set(doc.source, list);
  });
  let batch: SearchDocument[] = [];
  for (let n = 0; n < size; n++) {
    const r = Math.floor(n / base.length);
    const i = n % base.length;
    const doc = r === 0 ? withAttributes(base[i]!, base[i]!.id, seededRandom(i + 1), base[i]!.filingYear) : replica(base, bySource, i, r);
    batch.push(doc);
    if (batch.length === batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

export const VECTOR_DIMS = 256;

/** Per-dimension scale and shared offset that make stand-in vectors look like SVD output. */
const SCALE = Float32Array.from({ length: VECTOR_DIMS }, (_, d) => 1 / Math.sqrt(1 + d / 8));
const OFFSET = (() => {
  const random = seededRandom(7);
  return Float32Array.from({ length: VECTOR_DIMS }, () => random() - 0.3);
})();

/**
 * A stand-in embedding (the project's offline embedder was not ready when this was written):
 * character bigrams of the title (twice) and the first 300 characters of the body, each added
 * as ±1 on 8 hashed dimensions (a sparse random projection), then shaped like SVD output
 * (energy falling with the dimension, a shared offset direction) and scaled to unit length.
 * Texts sharing wording get similar vectors, so neighbour structure, and therefore the recall
 * of code-assisted search, is meaningful; random unit vectors would make it meaningless.
 */
export function standInVector(title: string, body = ''): Float32Array {
  const text = `${title}\u0000${title}\u0000${body.slice(0, 300)}`.toLowerCase();
  const v = new Float32Array(VECTOR_DIMS);
  let grams = 0;
  for (let i = 0; i + 1 < text.length; i++) {
    const a = text[i]!;
    const b = text[i + 1]!;
    if (a === '\u0000' || b === '\u0000' || a === ' ' || b === ' ') continue;
    let h = fnv1a(a + b);
    for (let k = 0; k < 8; k++) {
      v[h % VECTOR_DIMS]! += h & 0x100 ? 1 : -1;
      h = Math.imul(h ^ (h >>> 13), 0x5bd1e995) >>> 0;
    }
    grams++;
  }
  let norm = 0;
  for (let d = 0; d < VECTOR_DIMS; d++) {
    const x = (v[d]! / Math.sqrt(Math.max(grams, 1))) * SCALE[d]! + OFFSET[d]! * 0.8;
    v[d] = x;
    norm += x * x;
  }
  const inverse = 1 / Math.sqrt(norm);
  for (let d = 0; d < VECTOR_DIMS; d++) v[d]! *= inverse;
  return v;
}

/** A random unit vector (for the speed-only variant). */
export function randomUnitVector(random: () => number, dims = VECTOR_DIMS): Float32Array {
  const v = new Float32Array(dims);
  let norm = 0;
  for (let d = 0; d < dims; d++) {
    const x = random() - 0.5;
    v[d] = x;
    norm += x * x;
  }
  for (let d = 0; d < dims; d++) v[d]! /= Math.sqrt(norm);
  return v;
}
