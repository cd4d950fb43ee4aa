import type { Kysely } from 'kysely';
import { demandFromRow, patentFromRow, type Database } from '@patent-bridge/db';
import type { Demand, Patent } from '@patent-bridge/domain';
import type { Embedder } from '@patent-bridge/embeddings';
import { isMostlyLatin, translateEnglish } from '@patent-bridge/text';
import type { DocumentKind, SearchFilters, SearchHit, SearchResult } from '../documents.ts';
import { highlight } from '../highlight.ts';
import type { SearchEngine } from '../search-engine.ts';
import type { RecordCache } from './record-cache.ts';
import { decodeSearchCursor, encodeSearchCursor, requestFingerprint, toEngineQuery, type SearchRequest } from './search-request.ts';

export interface SearchServiceDeps {
  db: Kysely<Database>;
  engine: SearchEngine;
  embedder: Embedder;
  /** Recently shown records; only where the indexer runs in the same process and invalidates it. */
  cache?: RecordCache;
}

/** Who searches: brokers and admins see every demand; others see public ones and their own. */
export interface SearchViewer {
  organizationIds: string[];
  seesAllDemands: boolean;
}

export interface ScoreDetails {
  /** BM25 side normalised to 0…1, when the keyword side matched. */
  keyword?: number;
  /** Cosine similarity, when the semantic side matched. */
  semantic?: number;
  matchedTerms: string[];
}

export interface PatentSummary {
  id: string;
  title: string;
  abstract?: string;
  applicationNumber?: string;
  publicationNumbers: string[];
  ipcCodes: string[];
  chains: string[];
  owners: string[];
  legalStatus: Patent['legalStatus'];
  type?: Patent['type'];
  filingYear?: number;
  openLicence: boolean;
  screeningScore?: number;
}

export interface SearchResponse<T> {
  hits: Array<{ item: T; score: number; scoreDetails: ScoreDetails; highlights: { title: string; body?: string } }>;
  total: number;
  facets: SearchResult['facets'];
  nextCursor?: string;
  mode: SearchRequest['mode'];
  semanticHits: number;
  queryTerms: string[];
  /** For an English query: the Chinese terms the glossary put beside it, since the library is Chinese. */
  translatedTerms?: string[];
  embedder?: { id: string; version: string };
  tookMs: number;
}

const HIGHLIGHT = { pre: '<em>', post: '</em>' };

function details(hit: SearchHit): ScoreDetails {
  const d: ScoreDetails = { matchedTerms: hit.matchedTerms };
  if (hit.keywordScore !== undefined) d.keyword = round(hit.keywordScore);
  if (hit.semanticScore !== undefined) d.semantic = round(hit.semanticScore);
  return d;
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/**
 * The summary of a patent that search hits carry.
 *
 * @example
 * patentSummary(patent) // { id, title, applicationNumber, ipcCodes, chains: ['biomedicine'], … }
 */
export function patentSummary(p: Patent): PatentSummary {
  const s: PatentSummary = {
    id: p.id,
    title: p.title,
    publicationNumbers: p.publicationNumbers,
    ipcCodes: p.ipcCodes,
    chains: p.chains.map((c) => c.chain),
    owners: p.owners.length ? p.owners : p.applicants,
    legalStatus: p.legalStatus,
    openLicence: p.openLicence?.declared ?? false,
  };
  if (p.abstract) s.abstract = p.abstract;
  if (p.applicationNumber) s.applicationNumber = p.applicationNumber;
  if (p.type) s.type = p.type;
  if (p.filingYear !== undefined) s.filingYear = p.filingYear;
  if (p.screening) s.screeningScore = p.screening.score;
  return s;
}

/**
 * The query in the library's language: an English (mostly Latin) query keeps its words and gains
 * the glossary's Chinese terms; anything else is searched as written.
 *
 * @example
 * libraryQuery('heat pump dryer for green tea') // { q: 'heat pump dryer for green tea 热泵 烘干机 干燥机 绿茶', translated: ['热泵', …] }
 */
export function libraryQuery(q: string): { q: string; translated?: string[] } {
  if (!isMostlyLatin(q)) return { q };
  const { terms } = translateEnglish(q);
  return terms.length ? { q: `${q} ${terms.join(' ')}`, translated: terms } : { q };
}

async function run(deps: SearchServiceDeps, request: SearchRequest, base: SearchFilters): Promise<{ result: SearchResult; offset: number; fingerprint: string; translated?: string[] }> {
  const fingerprint = requestFingerprint(request);
  const offset = request.cursor ? decodeSearchCursor(request.cursor, fingerprint) : 0;
  const { q, translated } = libraryQuery(request.q);
  const query = toEngineQuery({ ...request, q }, base, offset);
  if (request.mode !== 'keyword') [query.vector] = await deps.embedder.embed([q]);
  return { result: await deps.engine.search(query), offset, fingerprint, ...(translated ? { translated } : {}) };
}

function page<T>(request: SearchRequest, run: { result: SearchResult; offset: number; fingerprint: string; translated?: string[] }, hits: SearchResponse<T>['hits'], deps: SearchServiceDeps): SearchResponse<T> {
  const { result, offset, fingerprint } = run;
  const response: SearchResponse<T> = {
    hits,
    total: result.total,
    facets: result.facets,
    mode: request.mode,
    semanticHits: result.semanticHits,
    queryTerms: result.queryTerms,
    ...(run.translated ? { translatedTerms: run.translated } : {}),
    tookMs: result.tookMs,
  };
  if (request.mode !== 'keyword') response.embedder = { id: deps.embedder.id, version: deps.embedder.version };
  if (offset + result.hits.length < result.total && result.hits.length > 0) response.nextCursor = encodeSearchCursor(offset + result.hits.length, fingerprint);
  return response;
}

/**
 * Searches patents: keyword, semantic or hybrid, with filters, facets, sort and a cursor. Each hit
 * carries the patent summary, highlighted title and abstract, and its score details.
 *
 * @example
 * await searchPatents(deps, SearchRequest.parse({ q: '茶叶 杀青', filters: { chain: ['modern-agriculture-food'] } }))
 */
export async function searchPatents(deps: SearchServiceDeps, request: SearchRequest): Promise<SearchResponse<PatentSummary>> {
  const ran = await run(deps, request, { kind: 'patent' });
  const patents = await loadById(deps, 'patent', ran.result.hits.map((h) => h.id));
  const hits = ran.result.hits.flatMap((hit) => {
    const patent = patents.get(hit.id) as Patent | undefined;
    if (!patent) return [];
    const summary = patentSummary(patent);
    const body = patent.abstract ? highlight(patent.abstract, hit.matchedTerms, { ...HIGHLIGHT, maxLength: 240 }) : undefined;
    return [{ item: summary, score: round(hit.score), scoreDetails: details(hit), highlights: { title: highlight(patent.title, hit.matchedTerms, HIGHLIGHT), ...(body ? { body } : {}) } }];
  });
  return page(request, ran, hits, deps);
}

/**
 * Searches SME demands for brokers (and enterprises, who see public demands and their own).
 *
 * @example
 * await searchDemands(deps, SearchRequest.parse({ q: '杀青' }), { organizationIds: [], seesAllDemands: true })
 */
export async function searchDemands(deps: SearchServiceDeps, request: SearchRequest, viewer: SearchViewer): Promise<SearchResponse<Demand>> {
  const ran = await run(deps, request, { kind: 'demand', visibleTo: { ownerIds: viewer.organizationIds, all: viewer.seesAllDemands } });
  const demands = await loadById(deps, 'demand', ran.result.hits.map((h) => h.id));
  const hits = ran.result.hits.flatMap((hit) => {
    const demand = demands.get(hit.id) as Demand | undefined;
    if (!demand || (demand.visibility === 'private' && !viewer.seesAllDemands && !viewer.organizationIds.includes(demand.enterpriseId))) return [];
    const body = demand.description ? highlight(demand.description, hit.matchedTerms, { ...HIGHLIGHT, maxLength: 240 }) : undefined;
    return [{ item: demand, score: round(hit.score), scoreDetails: details(hit), highlights: { title: highlight(demand.title, hit.matchedTerms, HIGHLIGHT), ...(body ? { body } : {}) } }];
  });
  return page(request, ran, hits, deps);
}

/**
 * "More like this": patents nearest to a patent's stored vector, the patent itself excluded.
 * Undefined when the patent is not indexed.
 *
 * @example
 * await similarPatents(deps, 'pt_…', 10)
 */
export async function similarPatents(deps: SearchServiceDeps, id: string, limit: number): Promise<Array<{ item: PatentSummary; similarity: number }> | undefined> {
  const vector = await deps.engine.vectorOf(id);
  if (!vector) return undefined;
  const result = await deps.engine.search({ q: '', mode: 'semantic', semanticRatio: 1, vector, filters: { kind: 'patent' }, facets: [], sort: [], limit: limit + 1, offset: 0 });
  const hits = result.hits.filter((h) => h.id !== id).slice(0, limit);
  const patents = await loadById(deps, 'patent', hits.map((h) => h.id));
  return hits.flatMap((h) => {
    const p = patents.get(h.id) as Patent | undefined;
    return p ? [{ item: patentSummary(p), similarity: round(h.semanticScore ?? h.score) }] : [];
  });
}

async function loadById(deps: SearchServiceDeps, kind: DocumentKind, ids: string[]): Promise<Map<string, Patent | Demand>> {
  const found = new Map<string, Patent | Demand>();
  const missing: string[] = [];
  for (const id of ids) {
    const cached = deps.cache?.get(id);
    if (cached) found.set(id, cached);
    else missing.push(id);
  }
  if (missing.length === 0) return found;
  const readStartedAt = deps.cache?.beginRead() ?? 0;
  const records =
    kind === 'patent'
      ? (await deps.db.selectFrom('patents').selectAll().where('id', 'in', missing).execute()).map(patentFromRow)
      : (await deps.db.selectFrom('demands').selectAll().where('id', 'in', missing).execute()).map(demandFromRow);
  for (const record of records) {
    found.set(record.id, record);
    deps.cache?.set(record.id, record, readStartedAt);
  }
  return found;
}
