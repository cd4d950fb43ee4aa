/**
 * What the search index holds. Documents are flat projections of patents and demands: the
 * database stays the source of truth and the index can always be rebuilt from it.
 */
export type DocumentKind = 'patent' | 'demand';

export interface SearchDocument {
  /** Patent id (`pt_…`) or demand id. */
  id: string;
  kind: DocumentKind;
  /** Simplified, display form. */
  title: string;
  /** Abstract (patent) or description (demand). */
  body: string;
  /** Extra searchable text: keywords, claims, applicant names. */
  extra?: string;
  /** Full IPC codes, main code first (`A23F 3/06`); prefix filters match any of them. */
  ipc: string[];
  chains: string[];
  ownerIds: string[];
  ownerKinds: string[];
  legalStatus?: string;
  type?: string;
  openLicence: boolean;
  filingYear?: number;
  /** Province (and city) of the owner, e.g. `山东`, `济南`. */
  regions: string[];
  /** `public`, or `private` (demands visible only to their owner and brokers). */
  visibility: 'public' | 'private';
  screeningScore?: number;
  /** Revision of the source row, so a stale write never overwrites a newer one. */
  revision: number;
}

/** The filters a search can apply, same meaning in every engine. */
export interface SearchFilters {
  kind?: DocumentKind;
  /** Any code of the document starts with any of these prefixes. */
  ipcPrefix?: string[];
  chain?: string[];
  ownerId?: string[];
  ownerKind?: string[];
  legalStatus?: string[];
  type?: string[];
  openLicence?: boolean;
  filingYearFrom?: number;
  filingYearTo?: number;
  region?: string[];
  /** Documents visible to this viewer: public ones, plus private ones owned by these ids. */
  visibleTo?: { ownerIds: string[]; all?: boolean };
}

export const FACETS = ['chain', 'ipcClass', 'ipcSubclass', 'legalStatus', 'type', 'ownerKind', 'openLicence', 'filingYear', 'region'] as const;
export type Facet = (typeof FACETS)[number];

export const SORTABLE = ['relevance', 'filingYear', 'screeningScore'] as const;
export type SortField = (typeof SORTABLE)[number];

export type SearchMode = 'keyword' | 'semantic' | 'hybrid';

export interface SearchQuery {
  q: string;
  mode: SearchMode;
  /** Weight of the semantic side in hybrid mode, 0…1 (default 0.5). */
  semanticRatio: number;
  /** The query embedded by the same embedder the index was built with (semantic and hybrid). */
  vector?: Float32Array;
  filters: SearchFilters;
  facets: Facet[];
  sort: Array<{ field: SortField; direction: 'asc' | 'desc' }>;
  limit: number;
  offset: number;
}

export interface SearchHit {
  id: string;
  /** Final score used for ranking, 0…1 after normalisation. */
  score: number;
  /** BM25-side score normalised to 0…1, when the keyword side found the document. */
  keywordScore?: number;
  /** Cosine similarity, when the semantic side found the document. */
  semanticScore?: number;
  /** Query terms found in the document. */
  matchedTerms: string[];
}

export interface SearchResult {
  hits: SearchHit[];
  /** Matches before pagination (estimate allowed for engines that cap it). */
  total: number;
  facets: Partial<Record<Facet, Record<string, number>>>;
  /** How many of the returned hits the semantic side contributed (hybrid). */
  semanticHits: number;
  /** The query's terms after normalisation and segmentation. */
  queryTerms: string[];
  tookMs: number;
}
