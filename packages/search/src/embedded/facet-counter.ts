/**
 * The facet part: counts per value over the whole match set (before pagination). A document
 * counts once per distinct value it holds; documents without a value count nowhere.
 */
import type { Facet } from '../documents.ts';
import { FACETS } from '../documents.ts';
import { NO_YEAR, type DocumentTable, type ValueColumnName } from './document-table.ts';

const VALUE_FACETS: Partial<Record<Facet, ValueColumnName>> = {
  chain: 'chain',
  ipcClass: 'ipcClass',
  ipcSubclass: 'ipcSubclass',
  legalStatus: 'legalStatus',
  type: 'type',
  ownerKind: 'ownerKind',
  region: 'region',
};

function countValues(table: DocumentTable, column: ValueColumnName, slots: Int32Array, n: number): Record<string, number> {
  const values = table.columns[column];
  const counts = new Int32Array(values.valueCount);
  values.countInto(counts, slots, n);
  const result: Record<string, number> = {};
  for (let id = 0; id < counts.length; id++) if (counts[id]! > 0) result[values.valueOf(id)] = counts[id]!;
  return result;
}

function countYears(table: DocumentTable, slots: Int32Array, n: number): Record<string, number> {
  // Years fall in a narrow range: count in an array offset by the smallest.
  const years = table.filingYear;
  let low = Infinity;
  let high = -Infinity;
  for (let i = 0; i < n; i++) {
    const year = years[slots[i]!]!;
    if (year === NO_YEAR) continue;
    if (year < low) low = year;
    if (year > high) high = year;
  }
  const result: Record<string, number> = {};
  if (low > high) return result;
  if (high - low > 100_000) {
    const counts = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const year = years[slots[i]!]!;
      if (year !== NO_YEAR) counts.set(year, (counts.get(year) ?? 0) + 1);
    }
    for (const year of [...counts.keys()].sort((a, b) => a - b)) result[String(year)] = counts.get(year)!;
    return result;
  }
  const counts = new Int32Array(high - low + 1);
  for (let i = 0; i < n; i++) {
    const year = years[slots[i]!]!;
    if (year !== NO_YEAR) counts[year - low]!++;
  }
  for (let k = 0; k < counts.length; k++) if (counts[k]! > 0) result[String(low + k)] = counts[k]!;
  return result;
}

function countOpenLicence(table: DocumentTable, slots: Int32Array, n: number): Record<string, number> {
  let open = 0;
  for (let i = 0; i < n; i++) open += table.openLicence[slots[i]!]!;
  const result: Record<string, number> = {};
  if (open > 0) result.true = open;
  if (n - open > 0) result.false = n - open;
  return result;
}

/**
 * Counts the requested facets over `slots[0…n)`.
 *
 * @example
 * countFacets(table, ['ipcSubclass', 'filingYear'], slots, n) // { ipcSubclass: { A01B: 12 }, filingYear: { '2019': 3 } }
 */
export function countFacets(table: DocumentTable, facets: readonly Facet[] | undefined, slots: Int32Array, n: number): Partial<Record<Facet, Record<string, number>>> {
  const result: Partial<Record<Facet, Record<string, number>>> = {};
  if (!Array.isArray(facets)) return result;
  for (const facet of new Set<Facet>(facets)) {
    if (!(FACETS as readonly string[]).includes(facet)) continue;
    const column = VALUE_FACETS[facet];
    if (column) result[facet] = countValues(table, column, slots, n);
    else if (facet === 'filingYear') result[facet] = countYears(table, slots, n);
    else if (facet === 'openLicence') result[facet] = countOpenLicence(table, slots, n);
  }
  return result;
}
