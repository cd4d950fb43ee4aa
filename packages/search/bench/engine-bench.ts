/**
 * Benchmark of the embedded search engine against its candidates and baseline, at 30k and 300k
 * documents (the ~31k real patents of the shared datasets, scaled as `corpus.ts` describes).
 *
 *   npx tsx packages/search/bench/engine-bench.ts                       # embedded + MiniSearch, 30k and 300k
 *   npx tsx packages/search/bench/engine-bench.ts --sizes=30000 --engines=embedded,minisearch,orama
 *   npx tsx packages/search/bench/engine-bench.ts --json=/tmp/engine-bench.json
 *
 * Every (engine, size) runs in its own child process, so RSS and build time are its own. Each
 * child: loads the corpus, indexes it in batches of 1,000 (tokenisation included, stand-in
 * vector generation excluded), collects garbage, reads RSS, warms up with 50 queries, then times
 * 1,000 real queries (800 held-out titles, 200 short keyword queries) in each mode:
 *
 * - keyword: BM25 over title/extra/body, limit 20;
 * - semantic: cosine over the 256-dim vectors (query text still tokenised for matchedTerms);
 * - hybrid: both, semanticRatio 0.5;
 * - hybrid+filters: hybrid with kind/filingYear/visibility filters and four facets, as the API asks.
 *
 * The baseline is MiniSearch 7 with the same tokenisation (`tokenizeForIndex` for documents,
 * `tokenize` for queries) and the same field boosts, keyword mode; the ratio is
 * baseline ÷ embedded. Orama 3 (jieba tokenizer plugged in, OR semantics via threshold 1, its
 * brute-force vectors) runs with `--engines=…,orama`, with a build budget (`--orama-budget-s`).
 *
 * Vectors (`--vectors=`): `standin` (default; `standInVector`: hashed character bigrams shaped
 * like SVD output, cheap), `offline` (the project's offline SVD embedder, trained on the indexed
 * real patents; slower to make), `random` (random unit vectors). Latency of code-assisted vector
 * search does not depend on the vectors; its recall does, and is reported as recall@10 against
 * exact search (embedded only). Making vectors is excluded from build time.
 */
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { TEXT_PIPELINE_VERSION, tokenize, tokenizeForIndex } from '@patent-bridge/text';
import type { SearchDocument, SearchMode, SearchQuery } from '../src/documents.ts';
import { EmbeddedSearchEngine } from '../src/embedded/index.ts';
import { loadBenchCorpus, randomUnitVector, scaledDocuments, seededRandom, standInVector, type BenchQuery } from './corpus.ts';

type EngineName = 'embedded' | 'minisearch' | 'orama';
type ModeName = 'keyword' | 'semantic' | 'hybrid' | 'hybrid+filters';

type VectorSource = 'standin' | 'random' | 'offline';

interface ChildJob {
  engine: EngineName;
  size: number;
  queries: number;
  vectors: VectorSource;
  oramaBudgetS: number;
}

interface Latency {
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
}

interface ChildResult {
  engine: EngineName;
  size: number;
  indexed: number;
  buildMs: number;
  tokenizeMs?: number;
  vectorMs: number;
  docsPerSecond: number;
  rssMb: number;
  rssBeforeMb: number;
  heapMb: number;
  externalMb: number;
  latency: Partial<Record<ModeName, Latency>>;
  recallAt10?: number;
  note?: string;
}

const BATCH = 1000;
const EMBEDDER_VERSION = 'bench-stand-in@1';
const WARMUP = 50;

function arg(name: string, fallback: string): string {
  const found = process.argv.find((a) => a.startsWith(`--${name}=`));
  return found ? found.slice(name.length + 3) : fallback;
}

function latencyOf(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), mean: samples.reduce((s, x) => s + x, 0) / samples.length, max: sorted[sorted.length - 1]! };
}

function memory(): { rssMb: number; heapMb: number; externalMb: number } {
  (globalThis as { gc?: () => void }).gc?.();
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return { rssMb: m.rss / 2 ** 20, heapMb: m.heapUsed / 2 ** 20, externalMb: m.external / 2 ** 20 };
}

async function timeQueries(queries: readonly BenchQuery[], run: (i: number) => Promise<unknown> | unknown): Promise<Latency> {
  for (let i = 0; i < WARMUP; i++) await run(i % queries.length);
  const samples: number[] = [];
  for (let i = 0; i < queries.length; i++) {
    const started = performance.now();
    await run(i);
    samples.push(performance.now() - started);
  }
  return latencyOf(samples);
}

/** Makes the vectors of documents or query texts for the job's vector source. */
type VectorMaker = (docs: ReadonlyArray<{ title: string; body?: string }>) => Float32Array[];

/**
 * The job's vector source. `offline` trains the project's offline SVD embedder
 * (`@patent-bridge/embeddings`) on the indexed real patents (title + abstract, IPC labels) and
 * embeds what the indexer would (title twice, then the abstract's first 1,000 characters).
 */
async function vectorMaker(job: ChildJob, base: ReadonlyArray<{ title: string; body: string; ipc: string[] }>): Promise<{ make: VectorMaker; trainMs: number }> {
  if (job.vectors === 'random') {
    const random = seededRandom(99);
    return { make: (docs) => docs.map(() => randomUnitVector(random)), trainMs: 0 };
  }
  if (job.vectors === 'standin') return { make: (docs) => docs.map((d) => standInVector(d.title, d.body ?? '')), trainMs: 0 };
  const { trainOfflineEmbedder } = await import('@patent-bridge/embeddings');
  const started = performance.now();
  const embedder = trainOfflineEmbedder(base.map((d) => ({ text: `${d.title}\n${d.body}`, labels: d.ipc })));
  const trainMs = performance.now() - started;
  return { make: (docs) => embedder.embedSync(docs.map((d) => `${d.title} ${d.title} ${(d.body ?? '').slice(0, 1000)}`.trim())), trainMs };
}

/** The filters and facets an API search sends (a logged-in SME viewer, patents since 2000). */
const API_FILTERS: SearchQuery['filters'] = { kind: 'patent', filingYearFrom: 2000, visibleTo: { ownerIds: ['org_17'] } };
const API_FACETS: SearchQuery['facets'] = ['ipcSubclass', 'chain', 'filingYear', 'legalStatus'];

async function runEmbedded(job: ChildJob): Promise<ChildResult> {
  const { base, queries: allQueries } = await loadBenchCorpus(job.queries);
  const queries = allQueries.slice(0, job.queries);
  const before = memory();
  let tokenizeMs = 0;
  const engine = new EmbeddedSearchEngine({
    analyzer: {
      version: `patent-text-${TEXT_PIPELINE_VERSION}`,
      indexTerms: (text) => {
        const started = performance.now();
        const terms = tokenizeForIndex(text);
        tokenizeMs += performance.now() - started;
        return terms;
      },
      queryTerms: (text) => tokenize(text),
    },
  });
  const { make, trainMs } = await vectorMaker(job, base);
  let buildMs = 0;
  let vectorMs = 0;
  let indexed = 0;
  for (const batch of scaledDocuments(base, job.size, BATCH)) {
    let started = performance.now();
    const vectors = make(batch);
    vectorMs += performance.now() - started;
    started = performance.now();
    const task = await engine.upsert(batch, vectors, EMBEDDER_VERSION);
    buildMs += performance.now() - started;
    if (task.status !== 'succeeded') throw new Error(JSON.stringify(task.error));
    indexed += batch.length;
  }
  const after = memory();
  const queryVectors = make(queries.map((q) => ({ title: q.q })));
  const search = (mode: SearchMode, i: number, api = false) =>
    engine.search({
      q: queries[i]!.q,
      mode,
      semanticRatio: 0.5,
      vector: queryVectors[i]!,
      filters: api ? API_FILTERS : {},
      facets: api ? API_FACETS : [],
      sort: [],
      limit: 20,
      offset: 0,
    });
  const latency: ChildResult['latency'] = {
    keyword: await timeQueries(queries, (i) => search('keyword', i)),
    semantic: await timeQueries(queries, (i) => search('semantic', i)),
    hybrid: await timeQueries(queries, (i) => search('hybrid', i)),
    'hybrid+filters': await timeQueries(queries, (i) => search('hybrid', i, true)),
  };
  // Recall@10 of the semantic side against exact search, on 200 queries.
  const sample = queries.slice(0, 200).map((_, i) => i);
  const approximate = await Promise.all(sample.map(async (i) => (await search('semantic', i)).hits.slice(0, 10).map((h) => h.id)));
  engine.tuneVectorSearch({ exactLimit: Number.POSITIVE_INFINITY });
  let found = 0;
  let wanted = 0;
  for (const [k, i] of sample.entries()) {
    const exact = (await search('semantic', i)).hits.slice(0, 10).map((h) => h.id);
    const got = new Set(approximate[k]);
    wanted += exact.length;
    found += exact.filter((id) => got.has(id)).length;
  }
  const exactSemantic = await timeQueries(queries.slice(0, 200), (i) => search('semantic', i));
  return {
    engine: 'embedded',
    size: job.size,
    indexed,
    buildMs,
    tokenizeMs,
    vectorMs,
    docsPerSecond: indexed / (buildMs / 1000),
    rssMb: after.rssMb,
    rssBeforeMb: before.rssMb,
    heapMb: after.heapMb,
    externalMb: after.externalMb,
    latency,
    recallAt10: wanted ? found / wanted : 1,
    note: `exact (brute-force) semantic p50 ${exactSemantic.p50.toFixed(1)} ms, p95 ${exactSemantic.p95.toFixed(1)} ms; approx. engine arrays ${(engine.approximateBytes() / 2 ** 20).toFixed(0)} MB; vectors (${job.vectors}) ${(vectorMs / 1000).toFixed(1)} s to make${trainMs ? `, embedder trained in ${(trainMs / 1000).toFixed(1)} s` : ''}`,
  };
}

async function runMiniSearch(job: ChildJob): Promise<ChildResult> {
  const { default: MiniSearch } = await import('minisearch');
  const { base, queries: allQueries } = await loadBenchCorpus(job.queries);
  const queries = allQueries.slice(0, job.queries);
  const before = memory();
  let tokenizeMs = 0;
  const mini = new MiniSearch<SearchDocument>({
    fields: ['title', 'extra', 'body'],
    idField: 'id',
    tokenize: (text) => {
      const started = performance.now();
      const terms = tokenizeForIndex(text);
      tokenizeMs += performance.now() - started;
      return terms;
    },
    processTerm: (term) => term,
    searchOptions: { tokenize: (text) => tokenize(text), processTerm: (term) => term, boost: { title: 3, extra: 1.5, body: 1 }, combineWith: 'OR' },
  });
  let buildMs = 0;
  let indexed = 0;
  for (const batch of scaledDocuments(base, job.size, BATCH)) {
    const started = performance.now();
    mini.addAll(batch);
    buildMs += performance.now() - started;
    indexed += batch.length;
  }
  const after = memory();
  const latency: ChildResult['latency'] = {
    keyword: await timeQueries(queries, (i) => mini.search(queries[i]!.q).slice(0, 20)),
  };
  return { engine: 'minisearch', size: job.size, indexed, buildMs, tokenizeMs, vectorMs: 0, docsPerSecond: indexed / (buildMs / 1000), rssMb: after.rssMb, rssBeforeMb: before.rssMb, heapMb: after.heapMb, externalMb: after.externalMb, latency };
}

async function runOrama(job: ChildJob): Promise<ChildResult> {
  const orama = await import('@orama/orama');
  const { base, queries: allQueries } = await loadBenchCorpus(job.queries);
  const queries = allQueries.slice(0, job.queries);
  const before = memory();
  let tokenizeMs = 0;
  const tokenizer = {
    language: 'english',
    normalizationCache: new Map<string, string>(),
    // Orama passes the property when indexing and none when searching.
    tokenize: (raw: string, _language?: string, prop?: string) => {
      const started = performance.now();
      const terms = prop ? tokenizeForIndex(String(raw ?? '')) : tokenize(String(raw ?? ''));
      tokenizeMs += performance.now() - started;
      return terms;
    },
  };
  const db = orama.create({
    schema: { title: 'string', extra: 'string', body: 'string', kind: 'enum', filingYear: 'number', ipcSubclass: 'enum[]', chains: 'enum[]', legalStatus: 'enum', embedding: `vector[${256}]` } as const,
    components: { tokenizer },
  });
  const { make } = await vectorMaker(job, base);
  let buildMs = 0;
  let vectorMs = 0;
  let indexed = 0;
  let note: string | undefined;
  for (const batch of scaledDocuments(base, job.size, BATCH)) {
    let started = performance.now();
    const vectors = make(batch).map((v) => Array.from(v));
    vectorMs += performance.now() - started;
    started = performance.now();
    orama.insertMultiple(
      db,
      batch.map((doc, k) => ({
        id: doc.id, title: doc.title, extra: doc.extra ?? '', body: doc.body, kind: doc.kind, filingYear: doc.filingYear ?? 0,
        ipcSubclass: [...new Set(doc.ipc.map((c) => c.slice(0, 4)))], chains: doc.chains, legalStatus: doc.legalStatus ?? 'unknown', embedding: vectors[k]!,
      })),
      BATCH,
    );
    buildMs += performance.now() - started;
    indexed += batch.length;
    if (buildMs > job.oramaBudgetS * 1000 && indexed < job.size) {
      note = `build stopped at ${indexed} of ${job.size} documents after ${(buildMs / 1000).toFixed(0)} s (budget); latencies are at ${indexed}`;
      break;
    }
  }
  const after = memory();
  const queryVectors = make(queries.map((q) => ({ title: q.q }))).map((v) => Array.from(v));
  const common = { properties: ['title', 'extra', 'body'] as Array<'title' | 'extra' | 'body'>, boost: { title: 3, extra: 1.5, body: 1 }, threshold: 1, limit: 20 };
  const latency: ChildResult['latency'] = {
    keyword: await timeQueries(queries, (i) => orama.search(db, { ...common, mode: 'fulltext', term: queries[i]!.q })),
    semantic: await timeQueries(queries, (i) => orama.search(db, { mode: 'vector', vector: { value: queryVectors[i]!, property: 'embedding' }, similarity: 0.5, limit: 20 })),
    hybrid: await timeQueries(queries, (i) => orama.search(db, { ...common, mode: 'hybrid', term: queries[i]!.q, vector: { value: queryVectors[i]!, property: 'embedding' }, similarity: 0.5 })),
    'hybrid+filters': await timeQueries(queries, (i) =>
      orama.search(db, {
        ...common, mode: 'hybrid', term: queries[i]!.q, vector: { value: queryVectors[i]!, property: 'embedding' }, similarity: 0.5,
        where: { kind: { eq: 'patent' }, filingYear: { gte: 2000 } }, facets: { ipcSubclass: {}, chains: {}, legalStatus: {} },
      }),
    ),
  };
  return { engine: 'orama', size: job.size, indexed, buildMs, tokenizeMs, vectorMs, docsPerSecond: indexed / (buildMs / 1000), rssMb: after.rssMb, rssBeforeMb: before.rssMb, heapMb: after.heapMb, externalMb: after.externalMb, latency, ...(note ? { note } : {}) };
}

async function child(job: ChildJob): Promise<void> {
  const run = job.engine === 'embedded' ? runEmbedded : job.engine === 'minisearch' ? runMiniSearch : runOrama;
  const result = await run(job);
  process.send!(result);
}

function runChild(job: ChildJob): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const file = fileURLToPath(import.meta.url);
    const execArgv = [...process.execArgv.filter((a) => !a.startsWith('--max-old-space-size')), '--expose-gc', '--max-old-space-size=16384'];
    const proc = fork(file, ['--child', JSON.stringify(job)], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: ChildResult | undefined;
    proc.on('message', (message) => {
      result = message as ChildResult;
    });
    proc.on('exit', (code) => (result ? resolve(result) : reject(new Error(`${job.engine} at ${job.size}: child exited with ${code}`))));
  });
}

const f1 = (x: number | undefined) => (x === undefined ? '–' : x.toFixed(1));

function report(results: ChildResult[], print: (line: string) => void): void {
  print(`| engine | docs | build s (tokenise s) | docs/s | RSS MB (before index) | keyword p50/p95 | semantic p50/p95 | hybrid p50/p95 | hybrid+filters p50/p95 | recall@10 |`);
  print(`|---|---|---|---|---|---|---|---|---|---|`);
  for (const r of results) {
    const l = r.latency;
    const cell = (m: ModeName) => (l[m] ? `${f1(l[m]!.p50)} / ${f1(l[m]!.p95)}` : '–');
    print(
      `| ${r.engine} | ${r.indexed.toLocaleString('en')} | ${(r.buildMs / 1000).toFixed(1)} (${r.tokenizeMs === undefined ? '–' : (r.tokenizeMs / 1000).toFixed(1)}) | ${Math.round(r.docsPerSecond).toLocaleString('en')} | ${r.rssMb.toFixed(0)} (${r.rssBeforeMb.toFixed(0)}) | ${cell('keyword')} | ${cell('semantic')} | ${cell('hybrid')} | ${cell('hybrid+filters')} | ${r.recallAt10 === undefined ? '–' : r.recallAt10.toFixed(3)} |`,
    );
  }
  for (const r of results) if (r.note) print(`${r.engine} at ${r.size}: ${r.note}`);
  for (const size of [...new Set(results.map((r) => r.size))]) {
    const ours = results.find((r) => r.engine === 'embedded' && r.size === size)?.latency.keyword;
    const mini = results.find((r) => r.engine === 'minisearch' && r.size === size)?.latency.keyword;
    if (ours && mini) print(`baseline ratio at ${size.toLocaleString('en')} (MiniSearch ÷ embedded, keyword): p50 ${(mini.p50 / ours.p50).toFixed(1)}×, p95 ${(mini.p95 / ours.p95).toFixed(1)}×`);
  }
}

/**
 * Runs the benchmark and prints a markdown table through `print` (for `pnpm bench`).
 */
export async function benchSearchEngine(print: (line: string) => void, options: { sizes?: number[]; engines?: EngineName[]; queries?: number; vectors?: VectorSource; oramaBudgetS?: number } = {}): Promise<ChildResult[]> {
  const sizes = options.sizes ?? [30_000, 300_000];
  const engines = options.engines ?? ['embedded', 'minisearch'];
  const results: ChildResult[] = [];
  print(`engine bench · Node ${process.version} · ${cpus().length} × ${cpus()[0]?.model ?? '?'} · ${(totalmem() / 2 ** 30).toFixed(0)} GiB · vectors: ${options.vectors ?? 'standin'} 256-dim · ${options.queries ?? 1000} queries`);
  for (const size of sizes) {
    for (const engine of engines) {
      const job: ChildJob = { engine, size, queries: options.queries ?? 1000, vectors: options.vectors ?? 'standin', oramaBudgetS: options.oramaBudgetS ?? 600 };
      const started = performance.now();
      try {
        results.push(await runChild(job));
        print(`done: ${engine} at ${size.toLocaleString('en')} in ${((performance.now() - started) / 1000).toFixed(0)} s (load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}: other processes share the cores)`);
      } catch (error) {
        print(`failed: ${engine} at ${size}: ${(error as Error).message}`);
      }
    }
  }
  report(results, print);
  return results;
}

const childAt = process.argv.indexOf('--child');
if (childAt >= 0) {
  await child(JSON.parse(process.argv[childAt + 1]!) as ChildJob);
  process.exit(0);
} else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const results = await benchSearchEngine((line) => console.log(line), {
    sizes: arg('sizes', '30000,300000').split(',').map(Number),
    engines: arg('engines', 'embedded,minisearch').split(',') as EngineName[],
    queries: Number(arg('queries', '1000')),
    vectors: (['random', 'offline'].includes(arg('vectors', 'standin')) ? arg('vectors', 'standin') : 'standin') as VectorSource,
    oramaBudgetS: Number(arg('orama-budget-s', '600')),
  });
  const json = arg('json', '');
  if (json) writeFileSync(json, JSON.stringify(results, null, 2));
  process.exit(0);
}
