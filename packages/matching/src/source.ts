import type { Kysely } from 'kysely';
import { demandFromRow, patentFromRow, type Database } from '@patent-bridge/db';
import type { Demand, Organization, Patent } from '@patent-bridge/domain';
import type { Embedder } from '@patent-bridge/embeddings';
import type { RecordCache, SearchEngine, SearchFilters } from '@patent-bridge/search';

/** One document hybrid search returned as a candidate, with what the engine saw. */
export interface Retrieved {
  id: string;
  score: number;
  /** Cosine with the query vector, when the semantic side found it. */
  cosine?: number;
  /** BM25 score normalised by the best of the result (0…1), when the keyword side found it. */
  keywordScore?: number;
}

export type Owner = Pick<Organization, 'id' | 'kind' | 'name' | 'region'>;

/**
 * What the matcher reads: candidates from the search index, records from the database, owners,
 * stored vectors, and the embedder. The database stays the source of truth for every record.
 */
export interface MatchingSource {
  readonly embedderVersion: string;
  embed(texts: string[]): Promise<Float32Array[]>;
  retrieve(request: { q: string; vector: Float32Array; filters: SearchFilters; limit: number }): Promise<Retrieved[]>;
  vectorOf(id: string): Promise<Float32Array | undefined>;
  patents(ids: readonly string[]): Promise<Map<string, Patent>>;
  demands(ids: readonly string[]): Promise<Map<string, Demand>>;
  owners(ids: readonly string[]): Promise<Map<string, Owner>>;
}

export interface SearchSourceDeps {
  db: Kysely<Database>;
  /** The index and the embedder it was built with; read on every call, as a retrained embedder replaces both. */
  search: () => { engine: SearchEngine; embedder: Embedder };
  cache?: RecordCache;
}

/**
 * The matching source of a running system: the search engine for candidates and vectors, the
 * database (through the record cache, when the indexer invalidates one) for records.
 *
 * @example
 * const source = searchSource({ db, search: () => ({ engine, embedder }), cache });
 */
export function searchSource(deps: SearchSourceDeps): MatchingSource {
  // Organisations change rarely; a minute of staleness in a kind or region is acceptable.
  const owners = new Map<string, { owner: Owner; at: number }>();
  const OWNER_TTL_MS = 60_000;
  async function records<T extends Patent | Demand>(table: 'patents' | 'demands', ids: readonly string[]): Promise<Map<string, T>> {
    const found = new Map<string, T>();
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const cached = deps.cache?.get(id);
      if (cached) found.set(id, cached as T);
      else missing.push(id);
    }
    if (missing.length === 0) return found;
    const readStartedAt = deps.cache?.beginRead() ?? 0;
    const rows =
      table === 'patents'
        ? (await deps.db.selectFrom('patents').selectAll().where('id', 'in', missing).execute()).map(patentFromRow)
        : (await deps.db.selectFrom('demands').selectAll().where('id', 'in', missing).execute()).map(demandFromRow);
    for (const record of rows) {
      found.set(record.id, record as T);
      deps.cache?.set(record.id, record, readStartedAt);
    }
    return found;
  }
  return {
    get embedderVersion() {
      return deps.search().embedder.version;
    },
    embed: (texts) => deps.search().embedder.embed(texts),
    async retrieve({ q, vector, filters, limit }) {
      const result = await deps.search().engine.search({ q, mode: 'hybrid', semanticRatio: 0.5, vector, filters, facets: [], sort: [], limit, offset: 0 });
      return result.hits.map((hit) => {
        const r: Retrieved = { id: hit.id, score: hit.score };
        if (hit.semanticScore !== undefined) r.cosine = hit.semanticScore;
        if (hit.keywordScore !== undefined) r.keywordScore = hit.keywordScore;
        return r;
      });
    },
    vectorOf: (id) => deps.search().engine.vectorOf(id),
    patents: (ids) => records<Patent>('patents', ids),
    demands: (ids) => records<Demand>('demands', ids),
    async owners(ids) {
      const found = new Map<string, Owner>();
      const now = Date.now();
      const missing = [...new Set(ids)].filter((id) => {
        const known = owners.get(id);
        if (known && now - known.at < OWNER_TTL_MS) found.set(id, known.owner);
        return !known || now - known.at >= OWNER_TTL_MS;
      });
      if (missing.length > 0) {
        const rows = await deps.db.selectFrom('organizations').select(['id', 'kind', 'name', 'region']).where('id', 'in', missing).execute();
        for (const row of rows) {
          const owner: Owner = { id: row.id, kind: row.kind as Owner['kind'], name: row.name, region: row.region ?? {} };
          if (owners.size > 50_000) owners.clear();
          owners.set(row.id, { owner, at: now });
          found.set(row.id, owner);
        }
      }
      return found;
    },
  };
}
