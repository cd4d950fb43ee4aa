import { createHash } from 'node:crypto';
import { z } from 'zod';
import { FACETS, SORTABLE, type SearchFilters, type SearchQuery } from '../documents.ts';

/** Longest query accepted; longer ones are refused with a 400 rather than silently cut. */
export const MAX_REQUEST_QUERY_CHARS = 500;
export const MAX_REQUEST_LIMIT = 100;

const ipcPrefix = z.string().trim().regex(/^[A-Ha-h](\d{2}([A-Za-z]( ?\d{1,4}(\/\d{0,6})?)?)?)?$/, 'an IPC prefix such as A61K, G06F 17 or A23F 3/06');
const values = (item: z.ZodType<string>) => z.array(item).min(1).max(50);

export const SearchFiltersInput = z.strictObject({
  ipc: values(ipcPrefix).optional(),
  chain: values(z.string().regex(/^[a-z0-9-]{1,64}$/, 'a chain id such as biomedicine')).optional(),
  owner: values(z.string().min(1).max(64)).optional(),
  ownerKind: values(z.enum(['university', 'research_institute', 'enterprise', 'broker', 'partner_platform', 'individual'])).optional(),
  legalStatus: values(z.enum(['granted', 'pending', 'lapsed', 'expired', 'invalidated', 'rejected', 'withdrawn', 'unknown'])).optional(),
  type: values(z.enum(['invention', 'utility_model', 'design'])).optional(),
  openLicence: z.boolean().optional(),
  filingYear: z
    .strictObject({ from: z.number().int().min(1985).max(2100).optional(), to: z.number().int().min(1985).max(2100).optional() })
    .refine((r) => r.from === undefined || r.to === undefined || r.from <= r.to, 'filingYear.from is after filingYear.to')
    .optional(),
  region: values(z.string().min(1).max(32)).optional(),
});

export const SearchRequest = z.strictObject({
  q: z
    .string({ error: 'q is required: the text to search for' })
    .trim()
    .min(1, 'q is empty: give some words to search for')
    .max(MAX_REQUEST_QUERY_CHARS, `q is longer than ${MAX_REQUEST_QUERY_CHARS} characters; shorten the query`),
  mode: z.enum(['keyword', 'semantic', 'hybrid']).default('hybrid'),
  semanticRatio: z.number().min(0).max(1).default(0.5),
  filters: SearchFiltersInput.default({}),
  facets: z.array(z.enum(FACETS)).max(FACETS.length).default([]),
  sort: z
    .array(z.string().regex(new RegExp(`^(${SORTABLE.join('|')}):(asc|desc)$`), `sort entries look like "filingYear:desc"; fields: ${SORTABLE.join(', ')}`))
    .max(3)
    .default([]),
  limit: z.number().int().min(1).max(MAX_REQUEST_LIMIT).default(20),
  cursor: z.string().max(200).optional(),
});
export type SearchRequest = z.infer<typeof SearchRequest>;

export class SearchRequestError extends Error {
  override readonly name = 'SearchRequestError';
}

/**
 * Fingerprint of everything but the page, so a cursor from one query cannot page another.
 *
 * @example
 * requestFingerprint(a) === requestFingerprint({ ...a, cursor: 'x' }) // true
 */
export function requestFingerprint(request: Omit<SearchRequest, 'cursor' | 'limit'>): string {
  const { q, mode, semanticRatio, filters, facets, sort } = request;
  return createHash('sha1').update(JSON.stringify([q, mode, semanticRatio, filters, facets, sort])).digest('hex').slice(0, 12);
}

export function encodeSearchCursor(offset: number, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ o: offset, f: fingerprint })).toString('base64url');
}

export function decodeSearchCursor(cursor: string, fingerprint: string): number {
  try {
    const { o, f } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o: unknown; f: unknown };
    if (typeof o === 'number' && Number.isInteger(o) && o >= 0 && f === fingerprint) return o;
  } catch {
    /* reported below */
  }
  throw new SearchRequestError('cursor does not belong to this query; repeat the query without a cursor');
}

/**
 * Turns a validated request into an engine query (filters, sort, page).
 *
 * @example
 * toEngineQuery(SearchRequest.parse({ q: '杀青' }), { kind: 'patent' }, 0)
 */
export function toEngineQuery(request: SearchRequest, base: SearchFilters, offset: number): SearchQuery {
  const f = request.filters;
  const filters: SearchFilters = { ...base };
  if (f.ipc) filters.ipcPrefix = f.ipc.map((p) => p.toUpperCase().replace(/\s+/g, ' '));
  if (f.chain) filters.chain = f.chain;
  if (f.owner) filters.ownerId = f.owner;
  if (f.ownerKind) filters.ownerKind = f.ownerKind;
  if (f.legalStatus) filters.legalStatus = f.legalStatus;
  if (f.type) filters.type = f.type;
  if (f.openLicence !== undefined) filters.openLicence = f.openLicence;
  if (f.filingYear?.from !== undefined) filters.filingYearFrom = f.filingYear.from;
  if (f.filingYear?.to !== undefined) filters.filingYearTo = f.filingYear.to;
  if (f.region) filters.region = f.region;
  return {
    q: request.q,
    mode: request.mode,
    semanticRatio: request.mode === 'keyword' ? 0 : request.mode === 'semantic' ? 1 : request.semanticRatio,
    filters,
    facets: request.facets,
    sort: request.sort.map((s) => {
      const [field, direction] = s.split(':') as [SearchQuery['sort'][number]['field'], 'asc' | 'desc'];
      return { field, direction };
    }),
    limit: request.limit,
    offset,
  };
}
