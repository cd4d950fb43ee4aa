/**
 * Quality and speed of the offline embedder variants on the shared public patents, against BM25.
 *
 *   npx tsx packages/embeddings/scripts/evaluate.ts                  # the standard variant list
 *   npx tsx packages/embeddings/scripts/evaluate.ts --variants default,lsa-128
 *   npx tsx packages/embeddings/scripts/evaluate.ts --list
 *   npx tsx packages/embeddings/scripts/evaluate.ts --variants default --speed
 *   npx tsx packages/embeddings/scripts/evaluate.ts --variants default --split 1   # another held-out set
 *
 * Protocol
 * - IPC retrieval: 500 `cn-recent-titles-ipc` titles (the first 500 by SHA-1 of their publication
 *   number) are held out as queries; the embedder trains on every other shared patent (title +
 *   abstract; the IPC subclasses of the sources that have them as labels). Each query ranks the
 *   29.4k training patents that have IPC subclasses by cosine; nDCG@10 with graded gains
 *   (1 = shares a subclass with the query, 0.5 = shares only a class).
 * - Title → abstract: 1,000 titles of patents with abstracts (cn-a01, bdci2021; first by SHA-1)
 *   look for their own abstract among the 12.5k abstracts: MRR@10. Fine-grained matching that the
 *   IPC gains cannot see.
 * - Hybrid: the same two tasks ranked by 0.5 · min-max(BM25) + 0.5 · min-max(cosine) over the top
 *   100 of each (how the search package combines them).
 * - USPPPM: Spearman's ρ between cosine and the human score of 36k English USPTO phrase pairs,
 *   over all pairs and over the pairs where both phrases have a known term (coverage).
 * BM25 (k1 1.2, b 0.75; index with words and parts, query with words) is the reference.
 */
import { createHash } from 'node:crypto';
import { cpus } from 'node:os';
import { tokenize, tokenizeForIndex } from '@patent-bridge/text';
import type { OfflineEmbedder } from '../src/offline/offline-embedder.ts';
import { resolveOfflineSettings, type OfflineEmbedderOptions, type OfflineTokenMode } from '../src/offline/offline-embedder-settings.ts';
import { trainOfflineEmbedder, trainOfflineEmbedderFromTokens } from '../src/offline/train-offline-embedder.ts';
import { Bm25Index } from './bm25.ts';
import { ipcGain, ndcgAtK, spearman } from './retrieval-metrics.ts';
import { loadPhrasePairs, loadSharedPatents, sharedDatasetsDir, type SharedPatent } from './shared-patents.ts';

const HELD_OUT = 500;
const TITLE_QUERIES = 1000;
const K = 10;
const POOL = 100;

/**
 * What the variants below leave unsaid (the settings of the first measurements): one joint SVD,
 * no fold-in, words and parts as tokens, PPMI label weighting, no co-occurrence block, singular
 * values^0.5.
 * The `default-*` variants change one thing of `DEFAULT_OFFLINE_SETTINGS`.
 */
const MEASURED_BASE: OfflineEmbedderOptions = {
  tokens: 'words-and-parts',
  labelWeighting: 'ppmi',
  contextWeight: 0,
  documentWeight: 0,
  labelShare: 0,
  svdTerms: 0,
  singularValuePower: 0.5,
};

/** The variants measured; `default` is `DEFAULT_OFFLINE_SETTINGS`. */
const VARIANTS: Record<string, OfflineEmbedderOptions> = {
  'lsa-128': { ...MEASURED_BASE, labelWeight: 0, contextWeight: 0, documentWeight: 1, dimensions: 128, tokens: 'words-and-parts', svdTerms: 0 },
  'context-ppmi-256': { ...MEASURED_BASE, labelWeight: 0, contextWeight: 1, documentWeight: 0, tokens: 'words-and-parts', svdTerms: 0 },
  'label-ppmi-256': { ...MEASURED_BASE, labelWeighting: 'ppmi', tokens: 'words-and-parts' },
  'label-hellinger-256': { ...MEASURED_BASE, labelWeighting: 'hellinger', tokens: 'words-and-parts' },
  'label-tfidf-256': { ...MEASURED_BASE, labelWeighting: 'tfidf', tokens: 'words-and-parts' },
  'label-tfidf-256-words': { ...MEASURED_BASE, labelWeighting: 'tfidf', tokens: 'words' },
  'label-tfidf-128-words': { ...MEASURED_BASE, labelWeighting: 'tfidf', tokens: 'words', dimensions: 128 },
  'joint-label+lsa-0.5': { ...MEASURED_BASE, labelWeighting: 'tfidf', contextWeight: 0, documentWeight: 0.5, labelShare: 0 },
  'split-128+128-label+lsa': { ...MEASURED_BASE, labelWeighting: 'tfidf', contextWeight: 0, documentWeight: 1, labelShare: 0.5 },
  'split-128+128-label+context': { ...MEASURED_BASE, labelWeighting: 'tfidf', contextWeight: 1, documentWeight: 0, labelShare: 0.5 },
  'split-128+128-label+lsa-words': { ...MEASURED_BASE, labelWeighting: 'tfidf', contextWeight: 0, documentWeight: 1, labelShare: 0.5, tokens: 'words' },
  'split-64+64-label+lsa': { ...MEASURED_BASE, labelWeighting: 'tfidf', contextWeight: 0, documentWeight: 1, labelShare: 0.5, dimensions: 128 },
  'split-64+192-words': { ...MEASURED_BASE, labelWeighting: 'tfidf', contextWeight: 0, documentWeight: 1, labelShare: 0.25, tokens: 'words' },
  'split-64+192-words-lsa0.75': { ...MEASURED_BASE, labelWeighting: 'tfidf', contextWeight: 0, documentWeight: 0.75, labelShare: 0.25, tokens: 'words' },
  'split-64+192-words-fit10k': { ...MEASURED_BASE, labelWeighting: 'tfidf', contextWeight: 0, documentWeight: 1, labelShare: 0.25, tokens: 'words', svdTerms: 10000 },
  'split-64+192-words-fit5k': { ...MEASURED_BASE, labelWeighting: 'tfidf', contextWeight: 0, documentWeight: 1, labelShare: 0.25, tokens: 'words', svdTerms: 5000 },
  'split-64+128-words-fit10k': { ...MEASURED_BASE, labelWeighting: 'tfidf', contextWeight: 0, documentWeight: 1, labelShare: 64 / 192, dimensions: 192, tokens: 'words', svdTerms: 10000 },
  'split-64+192-parts-fit10k': { ...MEASURED_BASE, labelWeighting: 'tfidf', contextWeight: 0, documentWeight: 1, labelShare: 0.25, tokens: 'words-and-parts', svdTerms: 10000 },
  'default-fit2k': { svdTerms: 2000 },
  'default-cc0': { commonComponents: 0 },
  'default-cc2': { commonComponents: 2 },
  'default-sv0.5': { singularValuePower: 0.5 },
  'default-sv0.25': { singularValuePower: 0.25 },
  'default-sif': { termWeighting: 'sif' },
  'default-unlabelled': { labelWeight: 0 },
  'default-192': { dimensions: 192 },
  'default-128': { dimensions: 128 },
  default: {},
};

interface RankedList {
  document: number;
  score: number;
}

function main(): void {
  const args = process.argv.slice(2);
  if (args.includes('--list')) {
    for (const [name, options] of Object.entries(VARIANTS)) console.log(name, JSON.stringify(options));
    return;
  }
  const chosen = valueOf(args, '--variants')?.split(',') ?? Object.keys(VARIANTS);
  const unknown = chosen.filter((name) => !(name in VARIANTS));
  if (unknown.length > 0) throw new Error(`unknown variant(s) ${unknown.join(', ')}; --list shows them`);
  const dir = sharedDatasetsDir();
  if (!dir) throw new Error('shared datasets not found: set PB_SHARED_DATASETS');

  const patents = loadSharedPatents(dir);
  // --split n picks another held-out set (n = 0 is the one DECISION.md reports).
  const split = Number(valueOf(args, '--split') ?? 0);
  const salt = split === 0 ? '' : `split${split}:`;
  const queries = firstByHash(patents.filter((p) => p.dataset === 'cn-recent-titles-ipc'), (p) => salt + p.id, HELD_OUT);
  const held = new Set(queries);
  const training = patents.filter((p) => !held.has(p));
  const candidates = training.map((p, i) => ({ p, i })).filter(({ p }) => p.subclasses.length > 0);
  const withAbstract = training.map((p, i) => ({ p, i })).filter(({ p }) => p.abstract !== '');
  const titleQueries = firstByHash(withAbstract.map((_, position) => position), (position) => {
    const { p } = withAbstract[position]!;
    return `${salt}${p.dataset}/${p.id}/${p.title}`;
  }, TITLE_QUERIES);
  console.log(
    `${training.length} training patents (${candidates.length} labelled), ${queries.length} IPC queries over ${candidates.length}, ` +
      `${titleQueries.length} title queries over ${withAbstract.length} abstracts; ${cpus().length} cores`,
  );

  const text = (p: SharedPatent) => (p.abstract ? `${p.title}\n${p.abstract}` : p.title);
  const tokenCache = new Map<OfflineTokenMode, { training: string[][]; queries: string[][]; titles: string[][]; abstracts: string[][]; ms: number }>();
  const tokensFor = (mode: OfflineTokenMode) => {
    let cached = tokenCache.get(mode);
    if (!cached) {
      const started = performance.now();
      const fn = mode === 'words' ? tokenize : tokenizeForIndex;
      cached = {
        training: training.map((p) => fn(text(p))),
        queries: queries.map((p) => fn(p.title)),
        titles: titleQueries.map((position) => fn(withAbstract[position]!.p.title)),
        abstracts: withAbstract.map(({ p }) => fn(p.abstract)),
        ms: 0,
      };
      cached.ms = performance.now() - started;
      tokenCache.set(mode, cached);
      console.log(`tokenised (${mode}) in ${(cached.ms / 1000).toFixed(1)} s`);
    }
    return cached;
  };

  const ipcGains = queries.map((q) => candidates.map(({ p }) => ipcGain(q.subclasses, p.subclasses)));
  const ipcScores = (lists: RankedList[][]) => lists.map((list, q) => ndcgAtK(list.slice(0, K).map((h) => ipcGains[q]![h.document]!), ipcGains[q]!, K));
  const ipcScore = (lists: RankedList[][]) => mean(ipcScores(lists));
  const titleScore = (lists: RankedList[][]) =>
    mean(lists.map((list, q) => {
      const rank = list.slice(0, K).findIndex((h) => h.document === titleQueries[q]);
      return rank >= 0 ? 1 / (rank + 1) : 0;
    }));

  // BM25 reference: index words + parts, query words (what the text package recommends).
  let started = performance.now();
  const ipcIndex = new Bm25Index(candidates.map(({ i }) => tokensFor('words-and-parts').training[i]!));
  const bm25Ipc = queries.map((_, q) => ipcIndex.search(tokensFor('words').queries[q]!, POOL));
  const abstractIndex = new Bm25Index(tokensFor('words-and-parts').abstracts);
  const bm25Titles = titleQueries.map((_, q) => abstractIndex.search(tokensFor('words').titles[q]!, POOL));
  const bm25Ms = (performance.now() - started) / (queries.length + titleQueries.length);
  const rows: string[] = [`| BM25 | ${ipcScore(bm25Ipc).toFixed(4)} ± ${standardError(ipcScores(bm25Ipc)).toFixed(3)} | ${titleScore(bm25Titles).toFixed(4)} | – | – | – | – | ${bm25Ms.toFixed(1)} ms/query (incl. indexing) | – |`];
  console.log(rows[0]);
  const pairs = loadPhrasePairs(dir);

  for (const name of chosen) {
    const options = VARIANTS[name];
    if (!options) throw new Error(`unknown variant ${name}; --list shows them`);
    const tokens = tokensFor(resolveOfflineSettings(options).tokens);
    started = performance.now();
    const embedder = trainOfflineEmbedderFromTokens(training.map((p, i) => ({ tokens: tokens.training[i]!, labels: p.subclasses })), options);
    const trainMs = performance.now() - started;

    const candidateVectors = candidates.map(({ i }) => embedder.embedTokens(tokens.training[i]!));
    // Queries go through embed() (the production path, with the sub-word fallback); documents use the cached tokens.
    const vectorIpc = embedder.embedSync(queries.map((p) => p.title)).map((query) => topByCosine(query, candidateVectors, POOL));
    const abstractVectors = tokens.abstracts.map((t) => embedder.embedTokens(t));
    const vectorTitles = embedder.embedSync(titleQueries.map((position) => withAbstract[position]!.p.title)).map((query) => topByCosine(query, abstractVectors, POOL));
    const hybridIpc = vectorIpc.map((list, q) => hybrid(bm25Ipc[q]!, list));
    const hybridTitles = vectorTitles.map((list, q) => hybrid(bm25Titles[q]!, list));
    const rho = phraseSpearman(embedder, pairs);
    const perQuery = ipcScores(vectorIpc);
    rows.push(
      `| ${name} | ${mean(perQuery).toFixed(4)} ± ${standardError(perQuery).toFixed(3)} | ${titleScore(vectorTitles).toFixed(4)} | ${ipcScore(hybridIpc).toFixed(4)} | ${titleScore(hybridTitles).toFixed(4)} | ` +
        `${embedder.dimensions} | ${(trainMs / 1000).toFixed(1)} s | – | ${rho.all.toFixed(3)} / ${rho.covered.toFixed(3)} (${(rho.coverage * 100).toFixed(0)}%) |`,
    );
    console.log(rows.at(-1));
  }

  if (args.includes('--speed')) measureSpeed(training.map(text), training.map((p) => p.subclasses));

  console.log(
    `\n| variant | IPC nDCG@10 | title→abstract MRR@10 | hybrid IPC nDCG@10 | hybrid title MRR@10 | dims | training (tokens given) | BM25 query | USPPPM ρ all / covered (coverage) |\n|---|---|---|---|---|---|---|---|---|`,
  );
  for (const row of rows) console.log(row);
}

/** End-to-end speed of the default settings: training from raw text (tokenising included) and embedding throughput. */
function measureSpeed(texts: string[], labels: string[][]): void {
  let started = performance.now();
  const embedder = trainOfflineEmbedder(texts.map((t, i) => ({ text: t, labels: labels[i]! })));
  console.log(`train from text on ${texts.length} documents: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  for (const [name, sample] of [['title+abstract', texts], ['titles only', texts.map((t) => t.split('\n')[0]!)]] as const) {
    started = performance.now();
    embedder.embedSync(sample);
    const seconds = (performance.now() - started) / 1000;
    console.log(`embed ${sample.length} texts (${name}): ${seconds.toFixed(1)} s = ${Math.round(sample.length / seconds)} docs/s`);
  }
}

/** 0.5 · min-max(BM25) + 0.5 · min-max(cosine); a document missing from one list scores 0 there. */
function hybrid(keyword: readonly RankedList[], vector: readonly RankedList[]): RankedList[] {
  const combined = new Map<number, number>();
  for (const [list, weight] of [[keyword, 0.5], [vector, 0.5]] as const) {
    if (list.length === 0) continue;
    const max = Math.max(...list.map((h) => h.score));
    const min = Math.min(...list.map((h) => h.score));
    for (const h of list) combined.set(h.document, (combined.get(h.document) ?? 0) + weight * (max > min ? (h.score - min) / (max - min) : 1));
  }
  return [...combined.entries()].map(([document, score]) => ({ document, score })).sort((a, b) => b.score - a.score || a.document - b.document);
}

function topByCosine(query: Float32Array, vectors: readonly Float32Array[], k: number): RankedList[] {
  const d = query.length;
  let zero = true;
  for (let j = 0; j < d; j++) if (query[j] !== 0) zero = false;
  if (zero) return [];
  const scores = new Float32Array(vectors.length);
  for (let i = 0; i < vectors.length; i++) {
    const v = vectors[i]!;
    let s = 0;
    for (let j = 0; j < d; j++) s += query[j]! * v[j]!;
    scores[i] = s;
  }
  const order = Array.from(scores.keys()).sort((a, b) => scores[b]! - scores[a]! || a - b);
  return order.slice(0, k).map((document) => ({ document, score: scores[document]! }));
}

function phraseSpearman(embedder: OfflineEmbedder, pairs: ReturnType<typeof loadPhrasePairs>) {
  const cache = new Map<string, Float32Array>();
  const vector = (phrase: string) => {
    let v = cache.get(phrase);
    if (!v) cache.set(phrase, (v = embedder.embedSync([phrase])[0]!));
    return v;
  };
  const similarity: number[] = [];
  const human: number[] = [];
  const coveredSimilarity: number[] = [];
  const coveredHuman: number[] = [];
  for (const pair of pairs) {
    const a = vector(pair.anchor);
    const b = vector(pair.target);
    let s = 0, na = 0, nb = 0;
    for (let j = 0; j < a.length; j++) {
      s += a[j]! * b[j]!;
      na += a[j]! * a[j]!;
      nb += b[j]! * b[j]!;
    }
    similarity.push(s);
    human.push(pair.score);
    if (na > 0 && nb > 0) {
      coveredSimilarity.push(s);
      coveredHuman.push(pair.score);
    }
  }
  return { all: spearman(similarity, human), covered: spearman(coveredSimilarity, coveredHuman), coverage: coveredHuman.length / pairs.length };
}

function firstByHash<T>(items: readonly T[], key: (item: T) => string, n: number): T[] {
  return items
    .map((item) => ({ item, hash: createHash('sha1').update(key(item)).digest('hex') }))
    .sort((a, b) => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0))
    .slice(0, n)
    .map(({ item }) => item);
}

function standardError(values: readonly number[]): number {
  const m = mean(values);
  return Math.sqrt(values.reduce((sum, v) => sum + (v - m) ** 2, 0) / Math.max(1, values.length - 1) / Math.max(1, values.length));
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
}

function valueOf(args: readonly string[], flag: string): string | undefined {
  const at = args.indexOf(flag);
  return at >= 0 ? args[at + 1] : undefined;
}

main();
