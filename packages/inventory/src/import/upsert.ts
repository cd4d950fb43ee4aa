import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { tagChains, type ChainCatalogue, type ImportCounts, type Patent, type RecordError } from '@patent-bridge/domain';
import { ensureOrganizations, patentFromRow, rowFromPatent, type Database, type PatentContent } from '@patent-bridge/db';
import { screenPatent } from '../screening/score.ts';
import { draftKeys, keyKind, mergeDrafts, patentIdFor, type PatentDraft } from './draft.ts';

/** Records folded together because they identify the same patent. */
export interface DuplicateGroup {
  key: string;
  records: Array<{ source: string; line: number }>;
}

export interface UpsertOptions {
  taskId?: number;
  today: Date;
  catalogue: ChainCatalogue;
  batchSize?: number;
  /**
   * The organisation a university's upload acts for: a record is written only when that organisation
   * is among its owners and, for a patent already in the library, among the stored owners too.
   * Any other record is rejected with a `not_your_patent` error. Unset for admins and datasets.
   */
  actingOrganizationId?: string;
  onBatch?: (done: number, total: number, counts: ImportCounts) => Promise<void> | void;
}

export interface UpsertOutcome {
  counts: Omit<ImportCounts, 'received' | 'rejected'>;
  duplicates: DuplicateGroup[];
  /** Ids of patents created or changed, for the search index and webhooks. */
  changedIds: string[];
  /** Records refused because the acting organisation does not own their patent, one error each. */
  rejected: RecordError[];
}

/** The message prefix of a record refused by {@link UpsertOptions.actingOrganizationId}. */
export const NOT_YOUR_PATENT = 'not_your_patent';

/** The fields whose change makes a re-import an update. Screening, provenance and timestamps follow content. */
const CONTENT_FIELDS = [
  'applicationNumber', 'publicationNumbers', 'grantPublicationNumber', 'sourceId', 'type', 'title', 'abstract', 'claims', 'original', 'script',
  'ipcCodes', 'applicants', 'owners', 'inventors', 'filingDate', 'filingYear', 'publicationDate', 'grantDate', 'legalStatus', 'legalStatusRaw',
  'expiryDate', 'openLicence', 'inventoryState', 'transferCount', 'licenseCount', 'chains', 'attributes',
] as const satisfies ReadonlyArray<keyof Patent>;

/**
 * Writes validated drafts into the base library: duplicates within the batch of drafts are merged,
 * existing patents (found by any of their numbers) are updated only where the source says something
 * different, and every creation or change is logged with its source and line.
 *
 * @example
 * const { counts } = await upsertDrafts(db, drafts, { today: new Date(), catalogue });
 * counts // { imported: 120, updated: 3, unchanged: 0, merged: 2 }
 */
export async function upsertDrafts(db: Kysely<Database>, drafts: PatentDraft[], options: UpsertOptions): Promise<UpsertOutcome> {
  const { groups, duplicates } = groupDuplicates(drafts);
  const counts = { imported: 0, updated: 0, unchanged: 0, merged: drafts.length - groups.length };
  const changedIds: string[] = [];
  const rejected: RecordError[] = [];
  const batchSize = options.batchSize ?? 500;
  for (let start = 0; start < groups.length; start += batchSize) {
    const batch = groups.slice(start, start + batchSize);
    await db.transaction().execute(async (trx) => {
      const outcome = await upsertBatch(trx, batch, options, duplicates);
      counts.imported += outcome.imported;
      counts.updated += outcome.updated;
      counts.unchanged += outcome.unchanged;
      counts.merged += outcome.merged;
      changedIds.push(...outcome.changedIds);
      rejected.push(...outcome.rejected);
    });
    await options.onBatch?.(Math.min(start + batchSize, groups.length), groups.length, { received: 0, rejected: rejected.length, ...counts });
  }
  return { counts, duplicates, changedIds, rejected };
}

/**
 * Groups drafts that share any key (application number, publication serial, source id) and
 * merges each group into its first record.
 *
 * @example
 * groupDuplicates([a, aAgainFromAnotherFile, b]).groups.length // 2
 */
export function groupDuplicates(drafts: PatentDraft[]): { groups: PatentDraft[]; duplicates: DuplicateGroup[] } {
  const parent = drafts.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const owner = new Map<string, number>();
  drafts.forEach((draft, i) => {
    for (const key of draftKeys(draft)) {
      const other = owner.get(key);
      if (other === undefined) owner.set(key, i);
      else {
        const [a, b] = [find(other), find(i)];
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  });
  const members = new Map<number, number[]>();
  drafts.forEach((_, i) => {
    const root = find(i);
    members.set(root, [...(members.get(root) ?? []), i]);
  });
  const groups: PatentDraft[] = [];
  const duplicates: DuplicateGroup[] = [];
  for (const indices of members.values()) {
    const merged = indices.slice(1).reduce((acc, i) => mergeDrafts(acc, drafts[i]!), drafts[indices[0]!]!);
    groups.push(merged);
    if (indices.length > 1) {
      duplicates.push({ key: draftKeys(merged)[0]!, records: indices.map((i) => ({ source: drafts[i]!.source, line: drafts[i]!.line })) });
    }
  }
  return { groups, duplicates };
}

async function upsertBatch(db: Kysely<Database>, batch: PatentDraft[], options: UpsertOptions, duplicates: DuplicateGroup[]) {
  const outcome = { imported: 0, updated: 0, unchanged: 0, merged: 0, changedIds: [] as string[], rejected: [] as RecordError[] };
  const keysOf = batch.map((draft) => draftKeys(draft));
  const allKeys = [...new Set(keysOf.flat())];
  const known = new Map<string, string>();
  if (allKeys.length) {
    for (const row of await db.selectFrom('patent_numbers').select(['number', 'patent_id']).where('number', 'in', allKeys).execute()) known.set(row.number, row.patent_id);
  }

  // Records of this task that did not share a key may still be the same stored patent: fold them.
  const byId = new Map<string, PatentDraft>();
  batch.forEach((draft, i) => {
    const keys = keysOf[i]!;
    const id = keys.map((k) => known.get(k)).find((v) => v !== undefined) ?? patentIdFor(keys[0]!);
    const earlier = byId.get(id);
    if (earlier) {
      byId.set(id, mergeDrafts(earlier, draft));
      outcome.merged++;
      duplicates.push({ key: keys[0]!, records: [{ source: earlier.source, line: earlier.line }, { source: draft.source, line: draft.line }] });
    } else byId.set(id, draft);
  });

  const ids = [...byId.keys()];
  const existingRows = ids.length ? await db.selectFrom('patents').selectAll().where('id', 'in', ids).execute() : [];
  const existing = new Map(existingRows.map((row) => [row.id, { patent: patentFromRow(row), hash: row.content_hash }]));

  const names = new Set<string>();
  for (const draft of byId.values()) for (const name of [...draft.owners, ...draft.applicants]) names.add(name);
  for (const { patent } of existing.values()) for (const name of [...patent.owners, ...patent.applicants]) names.add(name);
  const orgIds = await ensureOrganizations(db, names);

  const rows: Array<ReturnType<typeof rowFromPatent>> = [];
  const numbers: Array<{ number: string; kind: 'application' | 'publication' | 'source'; patent_id: string }> = [];
  const changes = [];
  for (const [id, draft] of byId) {
    const before = existing.get(id);
    const content = composePatent(id, draft, before?.patent, orgIds, options);
    const refusal = options.actingOrganizationId === undefined ? undefined : ownershipRefusal(options.actingOrganizationId, before?.patent, content);
    if (refusal) {
      outcome.rejected.push({ source: draft.source, line: draft.line, field: 'owners', message: refusal });
      continue;
    }
    const hash = contentHash(content);
    for (const key of draftKeys(draft)) if (!known.has(key)) numbers.push({ number: key, kind: keyKind(key), patent_id: id });
    if (before && before.hash === hash) {
      outcome.unchanged++;
      continue;
    }
    const fields = before ? CONTENT_FIELDS.filter((f) => stableJson(before.patent[f] ?? null) !== stableJson(content[f] ?? null)) : [];
    rows.push(rowFromPatent(content, hash));
    changes.push({ patent_id: id, task_id: options.taskId ?? null, source: draft.source, line: draft.line, change: before ? ('updated' as const) : ('created' as const), fields });
    outcome.changedIds.push(id);
    if (before) outcome.updated++;
    else outcome.imported++;
  }

  if (rows.length) {
    await db
      .insertInto('patents')
      .values(rows)
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => {
          const set: Record<string, unknown> = {};
          for (const column of Object.keys(rows[0]!)) if (column !== 'id') set[column] = eb.ref(`excluded.${column}` as any);
          return { ...set, revision: sql`patents.revision + 1`, updated_at: sql`now()` } as any;
        }),
      )
      .execute();
    await db.insertInto('patent_changes').values(changes).execute();
  }
  if (numbers.length) {
    const unique = [...new Map(numbers.map((n) => [n.number, n])).values()];
    await db.insertInto('patent_numbers').values(unique).onConflict((oc) => oc.column('number').doNothing()).execute();
  }
  return outcome;
}

function ownershipRefusal(actingOrganizationId: string, before: Patent | undefined, content: PatentContent): string | undefined {
  const number = content.applicationNumber ?? content.publicationNumbers[0] ?? content.title;
  if (before && !before.ownerOrganizationIds.includes(actingOrganizationId)) {
    const owners = before.owners.length ? before.owners : before.applicants;
    return `${NOT_YOUR_PATENT}: ${number} is already in the library owned by ${owners.join('、') || 'no known owner'}, not by your organisation; only its owner can change it`;
  }
  if (!content.ownerOrganizationIds.includes(actingOrganizationId)) {
    const owners = content.owners.length ? content.owners : content.applicants;
    return `${NOT_YOUR_PATENT}: ${number} names ${owners.join('、') || 'no owner'} as owner, not your organisation; a university may import only its own patents`;
  }
  return undefined;
}

function composePatent(id: string, draft: PatentDraft, before: Patent | undefined, orgIds: Map<string, string>, options: UpsertOptions): PatentContent {
  const base: PatentContent = before
    ? { ...before }
    : {
        id,
        publicationNumbers: [],
        title: draft.title,
        script: draft.script,
        ipcCodes: [],
        applicants: [],
        owners: [],
        inventors: [],
        ownerOrganizationIds: [],
        legalStatus: 'unknown',
        inventoryState: 'idle',
        chains: [],
        attributes: {},
        provenance: { source: draft.source, line: draft.line },
      };
  delete (base as Partial<Patent>).createdAt;
  delete (base as Partial<Patent>).updatedAt;
  const { line, source, attributes, publicationNumbers, ...rest } = draft;
  for (const [key, value] of Object.entries(rest)) {
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    (base as unknown as Record<string, unknown>)[key] = value;
  }
  base.publicationNumbers = [...new Set([...base.publicationNumbers, ...publicationNumbers])];
  base.attributes = { ...base.attributes, ...attributes };
  const holders = base.owners.length ? base.owners : base.applicants;
  base.ownerOrganizationIds = holders.map((name) => orgIds.get(name)).filter((v): v is string => v !== undefined);
  base.chains = tagChains(base, options.catalogue);
  base.provenance = { source, line, ...(options.taskId ? { taskId: options.taskId } : {}) };
  base.screening = screenPatent(base, options.today);
  return base;
}

/**
 * Hash of a patent's content fields (not screening, provenance or timestamps).
 *
 * @example
 * contentHash(a) === contentHash({ ...a, provenance: other }) // true
 */
export function contentHash(patent: PatentContent): string {
  const content = CONTENT_FIELDS.map((f) => [f, patent[f] ?? null]);
  return createHash('sha1').update(stableJson(content)).digest('hex');
}

/**
 * JSON with object keys sorted, so values read back from jsonb (which reorders keys) compare equal.
 *
 * @example
 * stableJson({ b: 1, a: [2] }) === stableJson({ a: [2], b: 1 }) // true
 */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

export type { RecordError };
