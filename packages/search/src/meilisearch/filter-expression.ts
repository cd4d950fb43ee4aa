/**
 * `SearchFilters` → a Meilisearch filter expression. Values come from users, so every string is
 * quoted and escaped, every number is checked, and attribute names are fixed constants.
 *
 * Meilisearch's filter parser (crates/filter-parser, `value.rs`) reads a double-quoted value up
 * to the first `"` not preceded by a backslash, turns `\"` into `"`, then un-escapes `\\` into
 * `\`. Escaping `\` as `\\` and `"` as `\"` therefore round-trips any string: no value can
 * close the quotes early, and keywords (`OR`, `NOT`, `_geoRadius`) inside quotes are plain text.
 */
import type { SearchFilters } from '../documents.ts';
import { FIELD, canonicalIpc, hexKey, wellFormed } from './document-mapping.ts';

/**
 * A string as a double-quoted filter value.
 *
 * @example
 * quoteFilterValue('a "b" \\ c') // '"a \\"b\\" \\\\ c"'
 */
export function quoteFilterValue(value: string): string {
  return `"${wellFormed(value).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function distinct(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** `attribute IN ["a", "b"]`, or undefined when there are no values (no constraint). */
function anyOf(attribute: string, values: readonly string[] | undefined): string | undefined {
  if (!values || values.length === 0) return undefined;
  return `${attribute} IN [${distinct(values).map(quoteFilterValue).join(', ')}]`;
}

/**
 * Any code starts with any prefix: `ipcPrefixes IN [...]` (every prefix of every code is stored).
 * An empty prefix is a prefix of every code, so it asks for documents having any code.
 */
function ipcClause(prefixes: readonly string[] | undefined): string | undefined {
  if (!prefixes || prefixes.length === 0) return undefined;
  const canonical = prefixes.map(canonicalIpc);
  if (canonical.includes('')) return `${FIELD.ipcPrefixes} IS NOT EMPTY`;
  return anyOf(FIELD.ipcPrefixes, canonical);
}

function year(value: number | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : undefined;
}

/**
 * The visibility clause: public documents, plus private ones owned by the viewer; nothing for a
 * broker (`all`). Without `visibleTo`, only public documents: a private demand must never leak
 * because a caller forgot to say who is looking.
 */
export function visibilityClause(visibleTo: SearchFilters['visibleTo']): string | undefined {
  if (visibleTo?.all === true) return undefined;
  const owners = visibleTo?.ownerIds ?? [];
  const isPublic = `${FIELD.visibility} = ${quoteFilterValue('public')}`;
  if (owners.length === 0) return isPublic;
  return `(${isPublic} OR ${anyOf(FIELD.ownerKeys, owners.map(hexKey))})`;
}

/**
 * The clauses of a filter, each one self-contained, joined with AND by `buildFilterExpression`.
 * Empty arrays mean "no constraint"; non-finite years are ignored.
 */
export function filterClauses(filters: SearchFilters): string[] {
  const clauses: Array<string | undefined> = [];
  if (filters.kind !== undefined) clauses.push(`${FIELD.kind} = ${quoteFilterValue(filters.kind)}`);
  clauses.push(ipcClause(filters.ipcPrefix));
  clauses.push(anyOf(FIELD.chains, filters.chain));
  clauses.push(anyOf(FIELD.ownerKeys, filters.ownerId?.map(hexKey)));
  clauses.push(anyOf(FIELD.ownerKinds, filters.ownerKind));
  clauses.push(anyOf(FIELD.legalStatus, filters.legalStatus));
  clauses.push(anyOf(FIELD.type, filters.type));
  if (typeof filters.openLicence === 'boolean') clauses.push(`${FIELD.openLicence} = ${filters.openLicence}`);
  const from = year(filters.filingYearFrom);
  const to = year(filters.filingYearTo);
  if (from !== undefined) clauses.push(`${FIELD.filingYear} >= ${from}`);
  if (to !== undefined) clauses.push(`${FIELD.filingYear} <= ${to}`);
  clauses.push(anyOf(FIELD.regions, filters.region));
  clauses.push(visibilityClause(filters.visibleTo));
  return clauses.filter((c): c is string => c !== undefined);
}

/**
 * The whole filter expression, or undefined when nothing constrains the search (brokers only:
 * everyone else always gets the visibility clause).
 *
 * @example
 * buildFilterExpression({ kind: 'demand', region: ['山东'], visibleTo: { ownerIds: ['org_1'] } })
 * // 'kind = "demand" AND regions IN ["山东"] AND (visibility = "public" OR ownerKeys IN ["6f72675f31"])'
 */
export function buildFilterExpression(filters: SearchFilters): string | undefined {
  const clauses = filterClauses(filters);
  return clauses.length === 0 ? undefined : clauses.join(' AND ');
}
