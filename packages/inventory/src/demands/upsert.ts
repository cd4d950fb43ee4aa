import type { Kysely } from 'kysely';
import { DemandInput, type Demand, type ImportCounts } from '@patent-bridge/domain';
import { createDemand, demandFromRow, ensureOrganizations, organizationNameKey, updateDemand, type Database } from '@patent-bridge/db';
import { stableJson, type DuplicateGroup } from '../import/upsert.ts';
import { demandIdFor, demandIdentity, demandKey, demandTitleKey, mergeDemandDrafts, type DemandDraft } from './draft.ts';

export interface DemandUpsertOptions {
  batchSize?: number;
  onBatch?: (done: number, total: number, counts: ImportCounts) => Promise<void> | void;
}

/** What became of one demand a row described. */
export interface DemandChange {
  demandId: string;
  source: string;
  line: number;
  change: 'created' | 'updated';
  /** The `DemandInput` fields an update changed; empty for a creation. */
  fields: string[];
}

export interface DemandUpsertOutcome {
  counts: Omit<ImportCounts, 'received' | 'rejected'>;
  duplicates: DuplicateGroup[];
  changes: DemandChange[];
  /** Rows converted from Traditional Chinese, with their own text and the demand they became. */
  converted: Array<{ demandId: string; source: string; line: number; original: NonNullable<DemandDraft['original']> }>;
}

interface Target {
  id: string;
  enterpriseId: string;
  draft: DemandDraft;
}

/**
 * Writes validated demand rows: rows describing the same demand are merged, new demands are created
 * under a stable id, existing ones are updated only where the row says something different, and a row
 * that changes nothing writes nothing. A row is the same demand as a stored one when it has the same
 * enterprise and external id, or (without an external id) the same enterprise and normalised title.
 * Enterprises become organisations of kind `enterprise` when they do not exist yet.
 *
 * @example
 * const { counts } = await upsertDemandDrafts(db, drafts);
 * counts // { imported: 8, updated: 1, unchanged: 0, merged: 1 }
 */
export async function upsertDemandDrafts(db: Kysely<Database>, drafts: DemandDraft[], options: DemandUpsertOptions = {}): Promise<DemandUpsertOutcome> {
  const { groups, duplicates } = groupDemandDrafts(drafts);
  const enterpriseIds = await ensureEnterprises(db, groups.map((g) => g.enterprise));
  const targets = await resolveTargets(db, groups, enterpriseIds, duplicates);
  const counts = { imported: 0, updated: 0, unchanged: 0, merged: drafts.length - targets.length };
  const changes: DemandChange[] = [];
  const converted: DemandUpsertOutcome['converted'] = [];
  const batchSize = options.batchSize ?? 200;
  for (let start = 0; start < targets.length; start += batchSize) {
    const batch = targets.slice(start, start + batchSize);
    await db.transaction().execute(async (trx) => {
      const rows = await trx.selectFrom('demands').selectAll().where('id', 'in', batch.map((t) => t.id)).execute();
      const existing = new Map(rows.map((row) => [row.id, demandFromRow(row)]));
      for (const target of batch) {
        const { draft } = target;
        if (draft.original) converted.push({ demandId: target.id, source: draft.source, line: draft.line, original: draft.original });
        const before = existing.get(target.id);
        const next = DemandInput.parse({ ...(before ? demandInputOf(before) : {}), ...draft.content, enterpriseId: before?.enterpriseId ?? target.enterpriseId });
        if (!before) {
          await createDemand(trx, next, target.id);
          counts.imported++;
          changes.push({ demandId: target.id, source: draft.source, line: draft.line, change: 'created', fields: [] });
          continue;
        }
        const stored = DemandInput.parse(demandInputOf(before));
        const fields = (Object.keys(next) as Array<keyof DemandInput>).filter((field) => stableJson(stored[field] ?? null) !== stableJson(next[field] ?? null));
        if (fields.length === 0) {
          counts.unchanged++;
          continue;
        }
        await updateDemand(trx, target.id, next);
        counts.updated++;
        changes.push({ demandId: target.id, source: draft.source, line: draft.line, change: 'updated', fields });
      }
    });
    await options.onBatch?.(Math.min(start + batchSize, targets.length), targets.length, { received: 0, rejected: 0, ...counts });
  }
  return { counts, duplicates, changes, converted };
}

/**
 * Merges rows of one import that describe the same demand (same enterprise, and same external id or,
 * without one, same normalised title). A row without an external id whose title is that of a row
 * with one joins that row, so the two can never overwrite each other.
 *
 * @example
 * groupDemandDrafts([row, sameRowAgain, other]).groups.length // 2
 */
export function groupDemandDrafts(drafts: DemandDraft[]): { groups: DemandDraft[]; duplicates: DuplicateGroup[] } {
  const members = new Map<string, DemandDraft[]>();
  for (const draft of drafts) {
    const key = demandKey(draft);
    members.set(key, [...(members.get(key) ?? []), draft]);
  }
  const withExternalId = new Map<string, string>();
  for (const [key, [first]] of members) {
    if (first!.externalId === undefined) continue;
    const titleKey = `${organizationNameKey(first!.enterprise)}\u0000title:${demandTitleKey(first!.content.title)}`;
    if (!withExternalId.has(titleKey)) withExternalId.set(titleKey, key);
  }
  for (const [key, rows] of [...members]) {
    const home = withExternalId.get(key);
    if (home === undefined) continue;
    members.get(home)!.push(...rows);
    members.delete(key);
  }
  const groups: DemandDraft[] = [];
  const duplicates: DuplicateGroup[] = [];
  for (const [key, rows] of members) {
    groups.push(rows.slice(1).reduce(mergeDemandDrafts, rows[0]!));
    if (rows.length > 1) duplicates.push({ key: key.replace('\u0000', ' '), records: rows.map((r) => ({ source: r.source, line: r.line })) });
  }
  return { groups, duplicates };
}

/**
 * The organisation id of every enterprise name; names not yet known become organisations of kind
 * `enterprise` (whatever the name looks like: whoever posts a demand is an enterprise here).
 */
async function ensureEnterprises(db: Kysely<Database>, names: string[]): Promise<Map<string, string>> {
  const keys = [...new Set(names.map(organizationNameKey))];
  if (keys.length === 0) return new Map();
  const known = new Set((await db.selectFrom('organizations').select('name_key').where('name_key', 'in', keys).execute()).map((r) => r.name_key));
  const missing = names.filter((name) => !known.has(organizationNameKey(name)));
  if (missing.length) {
    await ensureOrganizations(db, missing);
    const missingKeys = [...new Set(missing.map(organizationNameKey))];
    await db.updateTable('organizations').set({ kind: 'enterprise' }).where('name_key', 'in', missingKeys).where('kind', '<>', 'enterprise').execute();
  }
  const rows = await db.selectFrom('organizations').select(['id', 'name_key']).where('name_key', 'in', keys).execute();
  const idByKey = new Map(rows.map((r) => [r.name_key, r.id]));
  return new Map(names.map((name) => [name, idByKey.get(organizationNameKey(name))!]));
}

/**
 * The demand id each group writes to. With an external id it is derived from enterprise and external
 * id. Without one, a stored demand of the same enterprise with the same normalised title is reused
 * (the one this import's own id rule gives first, else the oldest), so demands entered through the
 * API are found too. Two groups that land on one demand are merged (the first wins).
 */
async function resolveTargets(db: Kysely<Database>, groups: DemandDraft[], enterpriseIds: Map<string, string>, duplicates: DuplicateGroup[]): Promise<Target[]> {
  const titled = groups.filter((g) => g.externalId === undefined);
  const byTitle = new Map<string, string[]>();
  const enterprises = [...new Set(titled.map((g) => enterpriseIds.get(g.enterprise)!))];
  if (enterprises.length) {
    const rows = await db.selectFrom('demands').select(['id', 'enterprise_id', 'title']).where('enterprise_id', 'in', enterprises).orderBy('created_at').orderBy('id').execute();
    for (const row of rows) {
      const key = `${row.enterprise_id}\u0000${demandTitleKey(row.title)}`;
      byTitle.set(key, [...(byTitle.get(key) ?? []), row.id]);
    }
  }
  const targets = new Map<string, Target>();
  for (const draft of groups) {
    const enterpriseId = enterpriseIds.get(draft.enterprise)!;
    const identity = demandIdentity(draft);
    let id = demandIdFor(enterpriseId, identity);
    if (draft.externalId === undefined) {
      const stored = byTitle.get(`${enterpriseId}\u0000${demandTitleKey(draft.content.title)}`) ?? [];
      if (stored.length && !stored.includes(id)) id = stored[0]!;
    }
    const earlier = targets.get(id);
    if (earlier) {
      earlier.draft = mergeDemandDrafts(earlier.draft, draft);
      duplicates.push({ key: id, records: [{ source: earlier.draft.source, line: earlier.draft.line }, { source: draft.source, line: draft.line }] });
    } else targets.set(id, { id, enterpriseId, draft });
  }
  return [...targets.values()];
}

/** A stored demand as the input that would produce it. */
function demandInputOf(demand: Demand): Omit<Demand, 'id' | 'status' | 'createdAt' | 'updatedAt'> {
  const { id: _id, status: _status, createdAt: _created, updatedAt: _updated, ...input } = demand;
  return input;
}
