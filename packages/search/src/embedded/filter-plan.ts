/**
 * The filter part: turns `SearchFilters` into the set of eligible slots, as a byte per slot.
 *
 * Each filter becomes a clause. When a clause on a value column is selective (its values'
 * inverted lists are short), only the slots it lists are tested against every clause;
 * otherwise the live slots are narrowed clause by clause, each pass a tight loop over a typed
 * array. Empty lists mean "no restriction", like an absent filter. Visibility is always
 * applied: without `visibleTo` only public documents pass.
 */
import type { SearchFilters } from '../documents.ts';
import { NO_YEAR, type DocumentTable, type ValueColumnName } from './document-table.ts';

interface Clause {
  /** Whether one slot passes. */
  test(slot: number): boolean;
  /** Clears `mask` for flagged slots below `slotCount` that fail; returns how many stay flagged. */
  restrict(mask: Uint8Array, slotCount: number): number;
  /** Slots that can pass (a superset, may include dead ones), when the clause can list them. */
  candidates?: () => Iterable<number>;
  /** Size of `candidates`, to pick the most selective clause. */
  candidateCount?: number;
}

/** A clause on a per-slot byte or number column. */
function columnClause(test: (slot: number) => boolean): Clause {
  return {
    test,
    restrict(mask, slotCount) {
      let kept = 0;
      for (let slot = 0; slot < slotCount; slot++) {
        if (mask[slot] === 0) continue;
        if (test(slot)) kept++;
        else mask[slot] = 0;
      }
      return kept;
    },
  };
}

function byteClause(column: Uint8Array, value: number): Clause {
  return {
    test: (slot) => column[slot] === value,
    restrict(mask, slotCount) {
      let kept = 0;
      for (let slot = 0; slot < slotCount; slot++) {
        if (mask[slot] === 0) continue;
        if (column[slot] === value) kept++;
        else mask[slot] = 0;
      }
      return kept;
    },
  };
}

/** Documents holding any value of `column` that `ids` lists. */
function valueClause(table: DocumentTable, column: ValueColumnName, ids: readonly number[]): Clause {
  const values = table.columns[column];
  const wanted = new Uint8Array(values.valueCount);
  let postings = 0;
  for (const id of ids) {
    wanted[id] = 1;
    postings += values.slotsWith(id).length;
  }
  return {
    test: (slot) => values.hasAny(slot, wanted),
    restrict: (mask, slotCount) => values.restrict(mask, slotCount, wanted),
    candidateCount: postings,
    *candidates() {
      for (const id of ids) yield* values.slotsWith(id);
    },
  };
}

function listClause(table: DocumentTable, column: ValueColumnName, list: readonly string[] | undefined): Clause | undefined {
  if (!Array.isArray(list) || list.length === 0) return undefined;
  const values = table.columns[column];
  const ids: number[] = [];
  for (const value of new Set(list)) {
    const id = typeof value === 'string' ? values.idOf(value) : undefined;
    if (id !== undefined) ids.push(id);
  }
  return valueClause(table, column, ids);
}

/** The clauses of a filter set except visibility, in no particular order. */
export function clausesOf(table: DocumentTable, filters: SearchFilters): Clause[] {
  const clauses: Clause[] = [];
  if (filters.kind === 'patent' || filters.kind === 'demand') clauses.push(byteClause(table.kind, filters.kind === 'demand' ? 1 : 0));
  if (typeof filters.openLicence === 'boolean') clauses.push(byteClause(table.openLicence, filters.openLicence ? 1 : 0));
  const from = typeof filters.filingYearFrom === 'number' && !Number.isNaN(filters.filingYearFrom) ? filters.filingYearFrom : undefined;
  const to = typeof filters.filingYearTo === 'number' && !Number.isNaN(filters.filingYearTo) ? filters.filingYearTo : undefined;
  if (from !== undefined || to !== undefined) {
    const low = from ?? -Infinity;
    const high = to ?? Infinity;
    const years = table.filingYear;
    clauses.push(columnClause((slot) => {
      const year = years[slot]!;
      return year !== NO_YEAR && year >= low && year <= high;
    }));
  }
  const lists: Array<[ValueColumnName, readonly string[] | undefined]> = [
    ['chain', filters.chain],
    ['ownerId', filters.ownerId],
    ['ownerKind', filters.ownerKind],
    ['legalStatus', filters.legalStatus],
    ['type', filters.type],
    ['region', filters.region],
  ];
  for (const [column, list] of lists) {
    const clause = listClause(table, column, list);
    if (clause) clauses.push(clause);
  }
  if (Array.isArray(filters.ipcPrefix) && filters.ipcPrefix.length > 0) {
    const prefixes = filters.ipcPrefix.filter((p): p is string => typeof p === 'string').map((p) => p.trim().toUpperCase());
    if (prefixes.length > 0) {
      // Any code starting with any prefix; the code dictionary is small (thousands), scan it.
      const ids: number[] = [];
      table.columns.ipc.values().forEach((code, id) => {
        const normalised = code.trim().toUpperCase();
        if (prefixes.some((prefix) => normalised.startsWith(prefix))) ids.push(id);
      });
      clauses.push(valueClause(table, 'ipc', ids));
    }
  }
  return clauses;
}

/**
 * Who may see what: public documents, plus private ones owned by `visibleTo.ownerIds`, or
 * everything with `visibleTo.all`. Returns a test for private slots, or undefined when every
 * document is visible.
 */
function privateVisibility(table: DocumentTable, filters: SearchFilters): ((slot: number) => boolean) | undefined {
  const visibleTo = filters.visibleTo && typeof filters.visibleTo === 'object' ? filters.visibleTo : { ownerIds: [] };
  if (visibleTo.all === true || table.privateSlots.size === 0) return undefined;
  const owners = table.columns.ownerId;
  const wanted = new Uint8Array(owners.valueCount);
  for (const owner of Array.isArray(visibleTo.ownerIds) ? visibleTo.ownerIds : []) {
    const id = typeof owner === 'string' ? owners.idOf(owner) : undefined;
    if (id !== undefined) wanted[id] = 1;
  }
  return (slot) => owners.hasAny(slot, wanted);
}

/** Below this share of live documents, a listing clause drives the evaluation. */
const SELECTIVE_SHARE = 0.25;

/**
 * Writes 1 for every live slot passing all filters into `out` (at least `table.slotCount` long;
 * every other byte below `slotCount` is set to 0) and returns how many passed. When nothing
 * restricts (no filters, and `visibleTo.all` or no private documents) it returns `table.alive`
 * itself and `table.liveCount`.
 *
 * @example
 * const { eligible, count } = eligibleSlots(table, { kind: 'patent', ipcPrefix: ['A01'] }, scratch);
 */
export function eligibleSlots(table: DocumentTable, filters: SearchFilters | undefined, out: Uint8Array): { eligible: Uint8Array; count: number } {
  const safe: SearchFilters = filters && typeof filters === 'object' ? filters : {};
  const clauses = clausesOf(table, safe);
  const privateVisible = privateVisibility(table, safe);
  const alive = table.alive;
  const slotCount = table.slotCount;
  if (clauses.length === 0 && !privateVisible) return { eligible: alive, count: table.liveCount };

  let driver: Clause | undefined;
  for (const clause of clauses) {
    if (clause.candidates && (driver === undefined || clause.candidateCount! < driver.candidateCount!)) driver = clause;
  }
  let count = 0;
  if (driver && driver.candidateCount! < table.liveCount * SELECTIVE_SHARE) {
    out.fill(0, 0, slotCount);
    const visibility = table.visibility;
    for (const slot of driver.candidates!()) {
      if (alive[slot] !== 1 || out[slot] === 1) continue;
      if (!clauses.every((clause) => clause.test(slot))) continue;
      if (privateVisible && visibility[slot] === 1 && !privateVisible(slot)) continue;
      out[slot] = 1;
      count++;
    }
    return { eligible: out, count };
  }
  out.set(alive.subarray(0, slotCount));
  count = table.liveCount;
  for (const clause of clauses) count = clause.restrict(out, slotCount);
  if (privateVisible) {
    for (const slot of table.privateSlots) {
      if (out[slot] === 1 && !privateVisible(slot)) {
        out[slot] = 0;
        count--;
      }
    }
  }
  return { eligible: out, count };
}
