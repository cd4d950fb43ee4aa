/**
 * The embedded (in-process) search engine: keyword (BM25 over jieba terms), semantic (cosine
 * over stored vectors) and hybrid search with filters, facets and sorting, in typed arrays.
 *
 * Parts, each replaceable or tunable: `TextAnalyzer` (tokenizer), `KeywordIndex` (postings +
 * BM25), `VectorIndex` (vectors + one-bit codes), `DocumentTable` (attributes), `eligibleSlots`
 * (filters), `countFacets`, `mergeSides` (hybrid scorer), `candidateComparator` (sorter).
 */
import type { Facet, SearchDocument, SearchHit, SearchQuery, SearchResult } from '../documents.ts';
import { FACETS, SORTABLE } from '../documents.ts';
import type { IndexStats, IndexTask, SearchEngine } from '../search-engine.ts';
import { DocumentTable, VALUE_COLUMNS } from './document-table.ts';
import { EmbeddedIndexError } from './embedded-index-error.ts';
import { countFacets } from './facet-counter.ts';
import type { Accumulator, Bm25Parameters } from './field-postings.ts';
import { eligibleSlots } from './filter-plan.ts';
import { candidateComparator, firstInOrder, type SortKey } from './hit-order.ts';
import { mergeSides, type SideResult } from './hybrid-ranking.ts';
import { DEFAULT_BM25, DEFAULT_FIELD_WEIGHTS, KeywordIndex, type FieldWeights } from './keyword-index.ts';
import { isBlankQuery, MAX_QUERY_CHARS, MAX_QUERY_TERMS, queryTermsOf } from './query-terms.ts';
import { patentTextAnalyzer, type TextAnalyzer } from './text-analyzer.ts';
import { SnapshotReader, SnapshotWriter } from './snapshot-file.ts';
import { DEFAULT_VECTOR_SEARCH, VectorIndex, type VectorSearchOptions, type VectorState } from './vector-index.ts';

/** What a snapshot's directory records besides its sections. */
interface SnapshotMeta {
  analyzerVersion: string;
  embedderVersion: string | null;
  slotCount: number;
  fieldTotals: number[];
  vectors: { dims: number; chunks: number; codes?: { seed: number; rotations: number } };
  documents: number;
  writtenAt: string;
}

export interface EmbeddedSearchEngineOptions {
  /** Tokenizer part (default: jieba + patent dictionary, `patentTextAnalyzer`). */
  analyzer?: TextAnalyzer;
  /** BM25 weight per field (default title 3, extra 1.5, body 1). */
  fieldWeights?: Partial<FieldWeights>;
  bm25?: Partial<Bm25Parameters>;
  /** Exact vs code-assisted vector search (default: exact up to 5,000 eligible documents, else 256-bit codes pick 1,000 to score exactly). */
  vectorSearch?: Partial<VectorSearchOptions>;
  /**
   * How many nearest documents the semantic side contributes (default 200, or offset + limit
   * when larger). They form the semantic match set: total and facets count them.
   */
  semanticCandidates?: number;
  /** Cosine below which the semantic side finds nothing (default −1: no threshold). */
  minSemanticScore?: number;
  /** Distinct query terms searched for (default 64; the rest are ignored). */
  maxQueryTerms?: number;
  /** Query characters tokenised (default 4096). */
  maxQueryChars?: number;
  /** Tail postings that trigger a merge into the compact arrays (default 262,144, or a third of the compact postings). */
  mergeTailPostings?: number;
}

/** A query read leniently: every field valid, terms extracted, the vector checked. */
interface PreparedQuery {
  filters: SearchQuery['filters'] | undefined;
  facets: Facet[];
  sort: SortKey[];
  limit: number;
  offset: number;
  mode: SearchQuery['mode'];
  ratio: number;
  terms: string[];
  blank: boolean;
  vector: Float32Array | undefined;
}

/** Largest page served; larger limits are cut to it. */
export const MAX_LIMIT = 1000;
const DEFAULT_LIMIT = 20;
const MAX_OFFSET = 1_000_000;

interface ResolvedOptions {
  analyzer: TextAnalyzer;
  fieldWeights: FieldWeights;
  bm25: Bm25Parameters;
  vectorSearch: VectorSearchOptions;
  semanticCandidates: number;
  minSemanticScore: number;
  maxQueryTerms: number;
  maxQueryChars: number;
  mergeTailPostings: number;
}

function resolve(options: EmbeddedSearchEngineOptions): ResolvedOptions {
  return {
    analyzer: options.analyzer ?? patentTextAnalyzer,
    fieldWeights: { ...DEFAULT_FIELD_WEIGHTS, ...options.fieldWeights },
    bm25: { ...DEFAULT_BM25, ...options.bm25 },
    vectorSearch: { ...DEFAULT_VECTOR_SEARCH, ...options.vectorSearch },
    semanticCandidates: options.semanticCandidates ?? 200,
    minSemanticScore: options.minSemanticScore ?? -1,
    maxQueryTerms: Math.max(1, Math.min(64, options.maxQueryTerms ?? MAX_QUERY_TERMS)),
    maxQueryChars: options.maxQueryChars ?? MAX_QUERY_CHARS,
    mergeTailPostings: options.mergeTailPostings ?? 262_144,
  };
}

function integerIn(value: unknown, low: number, high: number, fallback: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return Math.max(low, Math.min(high, Math.floor(value)));
}

/**
 * @example
 * const engine = new EmbeddedSearchEngine();
 * await engine.waitFor(await engine.upsert(docs, vectors, embedder.version));
 * const result = await engine.search({ q: '石墨烯 散热', mode: 'hybrid', semanticRatio: 0.5, vector,
 *   filters: { ipcPrefix: ['H01'] }, facets: ['ipcSubclass'], sort: [], limit: 20, offset: 0 });
 *
 * Writes apply at once (tasks come back `succeeded`, or `failed` with a code for a refused
 * write). An upsert replaces the whole document, vector included: upserting without vectors
 * leaves the document without one. A delete forgets the revision. The index records the
 * embedder version of its vectors; other versions are refused until `clear()` (or until no
 * vector is left). Queries never throw on their text: at most `maxQueryChars` characters and
 * `maxQueryTerms` distinct terms are used; a query vector of the wrong dimensions is an error.
 */
export class EmbeddedSearchEngine implements SearchEngine {
  readonly kind = 'embedded' as const;
  readonly #options: ResolvedOptions;
  #table = new DocumentTable();
  #keyword: KeywordIndex;
  #vectors: VectorIndex;
  #embedderVersion: string | null = null;
  #taskCounter = 0;
  // Per-query scratch, sized to the table's capacity and left clean after each query.
  #acc: Accumulator = { scores: new Float64Array(0), touched: new Int32Array(0), count: 0, termsLow: new Uint32Array(0), termsHigh: new Uint32Array(0) };
  #filterScratch = new Uint8Array(0);
  #position = new Int32Array(0);

  constructor(options: EmbeddedSearchEngineOptions = {}) {
    this.#options = resolve(options);
    this.#keyword = new KeywordIndex(this.#options.fieldWeights, this.#options.bm25);
    this.#vectors = new VectorIndex(this.#options.vectorSearch);
  }

  /** The analyzer's version (snapshots from another text pipeline are refused). */
  get analyzerVersion(): string {
    return this.#options.analyzer.version;
  }

  #task(run: () => void): IndexTask {
    const id = `embedded-${++this.#taskCounter}`;
    try {
      run();
      return { id, status: 'succeeded' };
    } catch (error) {
      if (error instanceof EmbeddedIndexError) return { id, status: 'failed', error: { code: error.code, message: error.message } };
      throw error;
    }
  }

  async upsert(documents: readonly SearchDocument[], vectors: readonly Float32Array[] | undefined, embedderVersion: string | undefined): Promise<IndexTask> {
    return this.#task(() => this.#upsert(documents, vectors, embedderVersion));
  }

  async delete(ids: readonly string[]): Promise<IndexTask> {
    return this.#task(() => {
      for (const id of Array.isArray(ids) ? ids : []) {
        const slot = typeof id === 'string' ? this.#table.slotOf(id) : undefined;
        if (slot !== undefined) this.#kill(slot);
      }
      this.#maybeMerge();
    });
  }

  async clear(): Promise<IndexTask> {
    return this.#task(() => this.#reset());
  }

  async waitFor(task: IndexTask, _timeoutMs?: number): Promise<IndexTask> {
    return task;
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    return this.searchNow(query);
  }

  async vectorOf(id: string): Promise<Float32Array | undefined> {
    const slot = this.#table.slotOf(id);
    return slot === undefined ? undefined : this.#vectors.get(slot);
  }

  async stats(): Promise<IndexStats> {
    return { documents: this.#table.liveCount, embedderVersion: this.#vectors.storedCount > 0 ? this.#embedderVersion : null };
  }

  async close(): Promise<void> {
    this.#reset();
  }

  /** Ids of the live documents (for checks and snapshots). */
  ids(): string[] {
    return [...this.#table.entries()].map(([, id]) => id);
  }

  /** Rough bytes held by the index's arrays (excluding V8 object overhead of strings and maps). */
  approximateBytes(): number {
    return this.#table.approximateBytes() + this.#keyword.approximateBytes() + this.#vectors.approximateBytes();
  }

  #reset(): void {
    this.#table = new DocumentTable();
    this.#keyword = new KeywordIndex(this.#options.fieldWeights, this.#options.bm25);
    this.#vectors = new VectorIndex(this.#options.vectorSearch);
    this.#embedderVersion = null;
    this.#acc = { scores: new Float64Array(0), touched: new Int32Array(0), count: 0, termsLow: new Uint32Array(0), termsHigh: new Uint32Array(0) };
    this.#filterScratch = new Uint8Array(0);
    this.#position = new Int32Array(0);
  }

  #checkVectors(documents: readonly SearchDocument[], vectors: readonly Float32Array[], embedderVersion: string | undefined): void {
    if (!Array.isArray(vectors) || vectors.length !== documents.length) {
      throw new EmbeddedIndexError('invalid_vectors', `got ${Array.isArray(vectors) ? vectors.length : 'no'} vectors for ${documents.length} documents; pass one per document`);
    }
    if (typeof embedderVersion !== 'string' || embedderVersion === '') {
      throw new EmbeddedIndexError('missing_embedder_version', 'vectors were given without the embedder version that produced them');
    }
    const holdsVectors = this.#vectors.storedCount > 0;
    if (holdsVectors && embedderVersion !== this.#embedderVersion) {
      throw new EmbeddedIndexError(
        'embedder_version_mismatch',
        `the index holds vectors of embedder version "${this.#embedderVersion}", these are from "${embedderVersion}"; clear() the index and re-embed every document to change embedders`,
      );
    }
    const dims = holdsVectors ? this.#vectors.dims : vectors[0]?.length;
    vectors.forEach((vector, i) => {
      if (!(vector instanceof Float32Array) || vector.length !== dims || dims === 0) {
        throw new EmbeddedIndexError('vector_dimensions_mismatch', `vector ${i} (document ${documents[i]?.id}) has ${vector instanceof Float32Array ? vector.length : 'no'} dimensions, the index uses ${dims}`);
      }
    });
  }

  #upsert(documents: readonly SearchDocument[], vectors: readonly Float32Array[] | undefined, embedderVersion: string | undefined): void {
    if (!Array.isArray(documents)) throw new EmbeddedIndexError('invalid_document', 'documents must be an array');
    documents.forEach((doc, i) => {
      if (!doc || typeof doc !== 'object' || typeof doc.id !== 'string' || doc.id === '') {
        throw new EmbeddedIndexError('invalid_document', `document ${i} has no id`);
      }
    });
    if (vectors !== undefined) {
      this.#checkVectors(documents, vectors, embedderVersion);
      if (this.#vectors.storedCount === 0 && documents.length > 0) {
        // First vectors (or the first since every vector went): this embedder now owns the index.
        this.#vectors = new VectorIndex(this.#options.vectorSearch);
        this.#embedderVersion = embedderVersion!;
      }
    }
    const analyzer = this.#options.analyzer;
    const terms = (text: unknown): string[] => {
      if (typeof text !== 'string' || text === '') return [];
      try {
        return analyzer.indexTerms(text);
      } catch {
        return [];
      }
    };
    documents.forEach((doc, i) => {
      const existing = this.#table.slotOf(doc.id);
      if (existing !== undefined && this.#table.revision[existing]! > doc.revision) return;
      const fieldTerms = [terms(doc.title), terms(doc.extra), terms(doc.body)];
      if (existing !== undefined) this.#kill(existing);
      const slot = this.#table.insert(doc);
      this.#keyword.addDocument(slot, fieldTerms);
      const vector = vectors?.[i];
      if (vector) this.#vectors.set(slot, vector);
    });
    this.#vectors.maintainCodes(this.#table.slotCount);
    this.#maybeMerge();
  }

  #kill(slot: number): void {
    this.#keyword.removeDocument(slot);
    this.#vectors.remove(slot);
    this.#table.kill(slot);
  }

  #maybeMerge(force = false): void {
    const tail = this.#keyword.tailPostings;
    const dead = this.#table.deadCount;
    const tooMuchTail = tail > Math.max(this.#options.mergeTailPostings, this.#keyword.compactPostings / 3);
    const tooManyDead = dead > Math.max(1024, this.#table.liveCount / 8);
    if (force ? tail > 0 || dead > 0 : tooMuchTail || tooManyDead) {
      this.#keyword.merge(this.#table.alive);
      this.#table.purge();
    }
  }

  /**
   * Changes the vector search settings of this engine, e.g. `{ exactLimit: Infinity }` for exact
   * neighbours when measuring the recall of code-assisted search.
   */
  tuneVectorSearch(options: Partial<VectorSearchOptions>): void {
    Object.assign(this.#options.vectorSearch, options);
  }

  /** Merges pending postings and drops deleted documents now (snapshots call it). */
  compact(): void {
    this.#maybeMerge(true);
  }

  #scratch(): void {
    const capacity = this.#table.alive.length;
    if (this.#acc.scores.length < capacity) {
      this.#acc = { scores: new Float64Array(capacity), touched: new Int32Array(capacity), count: 0, termsLow: new Uint32Array(capacity), termsHigh: new Uint32Array(capacity) };
    }
    if (this.#filterScratch.length < capacity) this.#filterScratch = new Uint8Array(capacity);
    if (this.#position.length < capacity) this.#position = new Int32Array(capacity).fill(-1);
  }

  /**
   * Writes the whole index to one binary file (compacting it first), so a restart can `load`
   * it instead of re-tokenising and re-embedding everything. The database stays the source of
   * truth: a missing or refused snapshot only means a rebuild.
   *
   * @example
   * await engine.snapshot(join(dataDir, 'search.pbse')); // { bytes: 48_211_032, documents: 30_223 }
   */
  async snapshot(path: string): Promise<{ bytes: number; documents: number }> {
    this.compact();
    const table = this.#table;
    const n = table.slotCount;
    const writer = new SnapshotWriter(path);
    try {
      writer.array('table.alive', table.alive.slice(0, n));
      writer.array('table.revision', table.revision.slice(0, n));
      writer.array('table.kind', table.kind.slice(0, n));
      writer.array('table.visibility', table.visibility.slice(0, n));
      writer.array('table.openLicence', table.openLicence.slice(0, n));
      writer.array('table.filingYear', table.filingYear.slice(0, n));
      writer.array('table.screeningScore', table.screeningScore.slice(0, n));
      writer.strings('table.ids', table.ids.slice(0, n));
      for (const name of VALUE_COLUMNS) {
        const column = table.columns[name].exportState(n);
        writer.strings(`column.${name}.values`, column.values);
        writer.array(`column.${name}.start`, column.start);
        writer.array(`column.${name}.count`, column.count);
        writer.array(`column.${name}.pool`, column.pool);
      }
      const keyword = this.#keyword.exportState();
      writer.strings('keyword.terms', keyword.terms);
      keyword.fields.forEach((field, f) => {
        writer.array(`keyword.${f}.offsets`, field.offsets);
        writer.array(`keyword.${f}.slots`, field.slots);
        writer.array(`keyword.${f}.frequencies`, field.frequencies);
        const lengths = new Uint16Array(n);
        lengths.set(field.lengths.subarray(0, n));
        writer.array(`keyword.${f}.lengths`, lengths);
      });
      const vectors = this.#vectors.exportState(n);
      vectors.chunks.forEach((chunk, c) => writer.array(`vectors.chunk.${c}`, chunk));
      writer.array('vectors.stored', vectors.stored);
      writer.array('vectors.searchable', vectors.searchable);
      writer.array('vectors.inverseNorm', vectors.inverseNorm);
      if (vectors.codes) {
        writer.array('vectors.codes.centre', vectors.codes.centre);
        writer.array('vectors.codes', vectors.codes.codes);
      }
      const meta: SnapshotMeta = {
        analyzerVersion: this.analyzerVersion,
        embedderVersion: this.#embedderVersion,
        slotCount: n,
        fieldTotals: keyword.fields.map((field) => field.totalLength),
        vectors: { dims: vectors.dims, chunks: vectors.chunks.length, ...(vectors.codes ? { codes: { seed: vectors.codes.seed, rotations: vectors.codes.rotations } } : {}) },
        documents: table.liveCount,
        writtenAt: new Date().toISOString(),
      };
      return { bytes: writer.finish(meta), documents: table.liveCount };
    } catch (error) {
      writer.abort();
      throw error;
    }
  }

  /**
   * An engine restored from a `snapshot` file. Throws `EmbeddedIndexError` (`invalid_snapshot`)
   * for a file that is not a snapshot, is truncated, or was built with another text pipeline
   * (`analyzer.version`): rebuild from the database then.
   *
   * @example
   * const engine = await EmbeddedSearchEngine.load(join(dataDir, 'search.pbse'));
   */
  static async load(path: string, options: EmbeddedSearchEngineOptions = {}): Promise<EmbeddedSearchEngine> {
    const engine = new EmbeddedSearchEngine(options);
    const reader = new SnapshotReader(path);
    try {
      engine.#restore(reader, path);
    } finally {
      reader.close();
    }
    return engine;
  }

  #restore(reader: SnapshotReader, path: string): void {
    const meta = reader.meta as SnapshotMeta;
    if (!meta || meta.analyzerVersion !== this.analyzerVersion) {
      throw new EmbeddedIndexError('invalid_snapshot', `${path} was built with text pipeline "${meta?.analyzerVersion}", this engine uses "${this.analyzerVersion}": rebuild the index`);
    }
    const table = new DocumentTable();
    const n = meta.slotCount;
    table.slotCount = n;
    table.alive = reader.array('table.alive', 'Uint8Array');
    table.revision = reader.array('table.revision', 'Float64Array');
    table.kind = reader.array('table.kind', 'Uint8Array');
    table.visibility = reader.array('table.visibility', 'Uint8Array');
    table.openLicence = reader.array('table.openLicence', 'Uint8Array');
    table.filingYear = reader.array('table.filingYear', 'Int32Array');
    table.screeningScore = reader.array('table.screeningScore', 'Float64Array');
    table.ids = reader.strings('table.ids').map((id, slot) => (table.alive[slot] === 1 ? id : undefined));
    for (const name of VALUE_COLUMNS) {
      table.columns[name].importState({
        values: reader.strings(`column.${name}.values`),
        start: reader.array(`column.${name}.start`, 'Int32Array'),
        count: reader.array(`column.${name}.count`, 'Uint16Array'),
        pool: reader.array(`column.${name}.pool`, 'Int32Array'),
      });
    }
    table.restoreIndexes();
    const keyword = new KeywordIndex(this.#options.fieldWeights, this.#options.bm25);
    keyword.importState({
      terms: reader.strings('keyword.terms'),
      fields: meta.fieldTotals.map((totalLength, f) => ({
        offsets: reader.array(`keyword.${f}.offsets`, 'Int32Array'),
        slots: reader.array(`keyword.${f}.slots`, 'Int32Array'),
        frequencies: reader.array(`keyword.${f}.frequencies`, 'Uint16Array'),
        lengths: reader.array(`keyword.${f}.lengths`, 'Uint16Array'),
        totalLength,
      })),
    });
    const vectorState: VectorState = {
      dims: meta.vectors.dims,
      chunks: Array.from({ length: meta.vectors.chunks }, (_, c) => reader.array(`vectors.chunk.${c}`, 'Float32Array')),
      stored: reader.array('vectors.stored', 'Uint8Array'),
      searchable: reader.array('vectors.searchable', 'Uint8Array'),
      inverseNorm: reader.array('vectors.inverseNorm', 'Float32Array'),
    };
    if (meta.vectors.codes) {
      vectorState.codes = { ...meta.vectors.codes, centre: reader.array('vectors.codes.centre', 'Float32Array'), codes: reader.array('vectors.codes', 'Int32Array') };
    }
    const vectors = new VectorIndex(this.#options.vectorSearch);
    vectors.importState(vectorState);
    this.#table = table;
    this.#keyword = keyword;
    this.#vectors = vectors;
    this.#embedderVersion = meta.embedderVersion;
  }

  /** `search` without the promise (benchmarks and tests). */
  searchNow(query: SearchQuery): SearchResult {
    const started = performance.now();
    const options = this.#options;
    const q: Partial<SearchQuery> = query && typeof query === 'object' ? query : {};
    const mode = q.mode === 'semantic' || q.mode === 'hybrid' ? q.mode : 'keyword';
    const prepared: PreparedQuery = {
      filters: q.filters,
      facets: this.#facetsOf(q.facets),
      sort: this.#sortOf(q.sort),
      limit: integerIn(q.limit, 0, MAX_LIMIT, DEFAULT_LIMIT),
      offset: integerIn(q.offset, 0, MAX_OFFSET, 0),
      mode,
      ratio: typeof q.semanticRatio === 'number' && Number.isFinite(q.semanticRatio) ? Math.max(0, Math.min(1, q.semanticRatio)) : 0.5,
      terms: queryTermsOf(q.q, options.analyzer, options.maxQueryTerms, options.maxQueryChars),
      blank: isBlankQuery(q.q),
      vector: this.#queryVector(q.vector),
    };
    this.#scratch();
    try {
      return { ...this.#run(prepared), tookMs: performance.now() - started };
    } finally {
      this.#cleanScratch();
    }
  }

  #run(query: PreparedQuery): Omit<SearchResult, 'tookMs'> {
    const options = this.#options;
    const table = this.#table;
    const { limit, offset, mode, ratio, terms, blank, vector } = query;
    const { eligible, count: eligibleCount } = eligibleSlots(table, query.filters, this.#filterScratch);
    const semanticWanted = vector !== undefined && (mode === 'semantic' || (mode === 'hybrid' && ratio > 0));
    const keywordWanted = mode === 'keyword' || (mode === 'hybrid' && (ratio < 1 || vector === undefined));

    const acc = this.#acc;
    let keywordSide: SideResult | undefined;
    let placeholder = false;
    if (keywordWanted && terms.length > 0) {
      const termIds = terms.map((term) => this.#keyword.termId(term));
      this.#keyword.score(termIds, eligible, table.alive, table.liveCount, table.deadCount > 0, acc);
      const slots = acc.touched.slice(0, acc.count);
      const raw = new Float64Array(slots.length);
      for (let i = 0; i < slots.length; i++) raw[i] = acc.scores[slots[i]!]!;
      keywordSide = { slots, raw, count: slots.length };
    } else if (keywordWanted && blank && !semanticWanted) {
      placeholder = true;
      const slots = new Int32Array(eligibleCount);
      let n = 0;
      for (let slot = 0; slot < table.slotCount && n < eligibleCount; slot++) if (eligible[slot] === 1) slots[n++] = slot;
      keywordSide = { slots, raw: new Float64Array(n), count: n };
    }

    let semanticSide: SideResult | undefined;
    if (semanticWanted) {
      const k = Math.max(options.semanticCandidates, offset + limit);
      const { slots, scores } = this.#vectors.nearest(vector, eligible, eligibleCount, table.slotCount, k, options.minSemanticScore);
      semanticSide = { slots, raw: scores, count: slots.length };
    }

    const ranked = mergeSides(keywordSide, semanticSide, ratio, this.#position);
    const facets = countFacets(table, query.facets, ranked.slots, ranked.count);
    const order = firstInOrder(ranked.count, offset + limit, candidateComparator(table, ranked, query.sort));

    const hits: SearchHit[] = [];
    let semanticHits = 0;
    for (let i = offset; i < order.length; i++) {
      const at = order[i]!;
      const slot = ranked.slots[at]!;
      const hit: SearchHit = { id: table.ids[slot]!, score: ranked.scores[at]!, matchedTerms: this.#matchedTerms(terms, slot, keywordSide !== undefined && !placeholder) };
      const keywordScore = ranked.keywordScores[at]!;
      const semanticScore = ranked.semanticScores[at]!;
      if (!Number.isNaN(keywordScore) && !placeholder) hit.keywordScore = keywordScore;
      if (!Number.isNaN(semanticScore)) {
        hit.semanticScore = semanticScore;
        semanticHits++;
      }
      hits.push(hit);
    }
    return { hits, total: ranked.count, facets, semanticHits, queryTerms: terms };
  }

  #queryVector(vector: unknown): Float32Array | undefined {
    if (!(vector instanceof Float32Array)) return undefined;
    if (this.#vectors.dims > 0 && vector.length !== this.#vectors.dims) {
      throw new EmbeddedIndexError('vector_dimensions_mismatch', `the query vector has ${vector.length} dimensions, the index uses ${this.#vectors.dims}: embed the query with embedder "${this.#embedderVersion}"`);
    }
    return vector;
  }

  #facetsOf(facets: unknown): Facet[] {
    return Array.isArray(facets) ? facets.filter((f): f is Facet => (FACETS as readonly unknown[]).includes(f)) : [];
  }

  #sortOf(sort: unknown): SortKey[] {
    if (!Array.isArray(sort)) return [];
    return sort.filter((key): key is SortKey => key && typeof key === 'object' && (SORTABLE as readonly unknown[]).includes(key.field)).map((key) => ({ field: key.field, direction: key.direction === 'asc' ? 'asc' : 'desc' }));
  }

  /** Query terms the document holds: from the scoring masks when the keyword side ran, else looked up. */
  #matchedTerms(terms: readonly string[], slot: number, scored: boolean): string[] {
    if (terms.length === 0) return [];
    const matched: string[] = [];
    if (scored) {
      const low = this.#acc.termsLow[slot]!;
      const high = this.#acc.termsHigh[slot]!;
      terms.forEach((term, i) => {
        if ((i < 32 ? low >>> i : high >>> (i - 32)) & 1) matched.push(term);
      });
      return matched;
    }
    for (const term of terms) {
      const id = this.#keyword.termId(term);
      if (id !== undefined && this.#keyword.contains(id, slot)) matched.push(term);
    }
    return matched;
  }

  #cleanScratch(): void {
    const acc = this.#acc;
    for (let i = 0; i < acc.count; i++) {
      const slot = acc.touched[i]!;
      acc.scores[slot] = 0;
      acc.termsLow[slot] = 0;
      acc.termsHigh[slot] = 0;
    }
    acc.count = 0;
  }
}
