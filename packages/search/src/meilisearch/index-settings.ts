/**
 * The explicit settings of a patent-bridge index: nothing is left to Meilisearch's inference.
 */
import type { Settings } from 'meilisearch';
import type { Facet, SortField } from '../documents.ts';
import { EMBEDDER_NAME, FIELD } from './document-mapping.ts';

/** Searched text, most important first: a title match outranks an `extra` match, which outranks a body match. */
export const SEARCHABLE_ATTRIBUTES = [FIELD.title, FIELD.extra, FIELD.body, FIELD.ipc] as const;

/** Highlighted in `_formatted` to report `matchedTerms`. */
export const HIGHLIGHTED_ATTRIBUTES = [FIELD.title, FIELD.extra, FIELD.body] as const;

/** The stored attribute each facet of the interface reads. */
export const FACET_ATTRIBUTE: Record<Facet, string> = {
  chain: FIELD.chains,
  ipcClass: FIELD.ipcClasses,
  ipcSubclass: FIELD.ipcSubclasses,
  legalStatus: FIELD.legalStatus,
  type: FIELD.type,
  ownerKind: FIELD.ownerKinds,
  openLicence: FIELD.openLicence,
  filingYear: FIELD.filingYear,
  region: FIELD.regions,
};

/** The stored attribute each sort field reads (`relevance` is the ranking itself). */
export const SORT_ATTRIBUTE: Record<Exclude<SortField, 'relevance'>, string> = {
  filingYear: FIELD.filingYear,
  screeningScore: FIELD.screeningScore,
};

export interface IndexSettingsOptions {
  /** Dimensions of the user-provided embedder; omitted to leave the embedder setting untouched. */
  dimensions?: number;
  /** Facet values returned per facet (Meilisearch's default is 100; there are ~650 IPC subclasses). */
  maxValuesPerFacet?: number;
  /** Cap on `estimatedTotalHits` and on how deep offset/limit can page. */
  maxTotalHits?: number;
}

/**
 * Index settings.
 *
 * - `rankingRules` puts `sort` first: a requested sort orders strictly, relevance breaks ties
 *   (Meilisearch's default applies `sort` only inside relevance buckets).
 * - `filterableAttributes`: every filter, plus `id` (revision look-up) and `embedderVersion` (stats).
 *   `ownerIds` is deliberately not filterable: filtering compares lower-cased values, so owner
 *   filters go through the hex `ownerKeys`.
 * - `typoTolerance`: off on numbers (years, `5G`, `18650`) and on IPC codes.
 * - `localizedAttributes`: Chinese and English, so short Chinese texts are segmented as Chinese
 *   rather than detected as Japanese.
 *
 * @example
 * await index.updateSettings(meilisearchIndexSettings({ dimensions: 384 })).waitTask();
 */
export function meilisearchIndexSettings(options: IndexSettingsOptions = {}): Settings {
  const settings: Settings = {
    searchableAttributes: [...SEARCHABLE_ATTRIBUTES],
    displayedAttributes: [
      FIELD.id, FIELD.kind, FIELD.title, FIELD.body, FIELD.extra, FIELD.ipc, FIELD.chains, FIELD.ownerIds, FIELD.ownerKinds,
      FIELD.legalStatus, FIELD.type, FIELD.openLicence, FIELD.filingYear, FIELD.regions, FIELD.visibility, FIELD.screeningScore,
      FIELD.revision, FIELD.embedderVersion, FIELD.vectors,
    ],
    filterableAttributes: [
      FIELD.id, FIELD.kind, FIELD.ipcPrefixes, FIELD.ipcClasses, FIELD.ipcSubclasses, FIELD.chains, FIELD.ownerKeys,
      FIELD.ownerKinds, FIELD.legalStatus, FIELD.type, FIELD.openLicence, FIELD.filingYear, FIELD.regions, FIELD.visibility,
      FIELD.embedderVersion,
    ],
    sortableAttributes: Object.values(SORT_ATTRIBUTE),
    rankingRules: ['sort', 'words', 'typo', 'proximity', 'attribute', 'exactness'],
    typoTolerance: { enabled: true, disableOnNumbers: true, disableOnAttributes: [FIELD.ipc] },
    faceting: { maxValuesPerFacet: options.maxValuesPerFacet ?? 1000, sortFacetValuesBy: { '*': 'count' } },
    pagination: { maxTotalHits: options.maxTotalHits ?? 1000 },
    localizedAttributes: [{ attributePatterns: [...HIGHLIGHTED_ATTRIBUTES], locales: ['cmn', 'eng'] }],
  };
  if (options.dimensions !== undefined) {
    settings.embedders = { [EMBEDDER_NAME]: { source: 'userProvided', dimensions: options.dimensions } };
  }
  return settings;
}

/** Locales sent with every search, matching `localizedAttributes`. */
export const SEARCH_LOCALES = ['cmn', 'eng'];
