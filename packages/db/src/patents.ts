import { sql, type Kysely, type Insertable, type Selectable } from 'kysely';
import { parseAnyPatentNumber, type InventoryState, type LegalStatus, type OpenLicenceOffer, type Patent, type PatentType, type Screening } from '@patent-bridge/domain';
import type { Database, PatentTable } from './schema.ts';

type PatentRow = Selectable<PatentTable>;

const orUndefined = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

/**
 * Maps a stored row to the domain patent.
 *
 * @example
 * const patent = patentFromRow(await db.selectFrom('patents').selectAll().executeTakeFirstOrThrow());
 */
export function patentFromRow(row: PatentRow): Patent {
  const patent: Patent = {
    id: row.id,
    publicationNumbers: row.publication_numbers,
    title: row.title,
    script: row.script as Patent['script'],
    ipcCodes: row.ipc_codes,
    applicants: row.applicants,
    owners: row.owners,
    inventors: row.inventors,
    ownerOrganizationIds: row.owner_organization_ids,
    legalStatus: row.legal_status as LegalStatus,
    inventoryState: row.inventory_state as InventoryState,
    chains: row.chain_tags,
    attributes: row.attributes,
    provenance: row.provenance,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  const optional: Partial<Patent> = {
    applicationNumber: orUndefined(row.application_number),
    grantPublicationNumber: orUndefined(row.grant_publication_number),
    sourceId: orUndefined(row.source_id),
    type: orUndefined(row.type) as PatentType | undefined,
    abstract: orUndefined(row.abstract),
    claims: orUndefined(row.claims),
    original: orUndefined(row.original) as Patent['original'],
    filingDate: orUndefined(row.filing_date),
    filingYear: orUndefined(row.filing_year),
    publicationDate: orUndefined(row.publication_date),
    grantDate: orUndefined(row.grant_date),
    legalStatusRaw: orUndefined(row.legal_status_raw),
    legalStatusAsOf: orUndefined(row.legal_status_as_of),
    expiryDate: orUndefined(row.expiry_date),
    openLicence: orUndefined(row.open_licence) as Patent['openLicence'],
    transferCount: orUndefined(row.transfer_count),
    licenseCount: orUndefined(row.license_count),
    screening: orUndefined(row.screening) as Patent['screening'],
  };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) (patent as Record<string, unknown>)[key] = value;
  return patent;
}

/** The content of a patent as written; ids, timestamps and revision are the store's. */
export type PatentContent = Omit<Patent, 'createdAt' | 'updatedAt'>;

/**
 * Maps a domain patent to a row for insertion (content hash supplied by the caller).
 *
 * @example
 * await db.insertInto('patents').values(rowFromPatent(patent, hash)).execute();
 */
export function rowFromPatent(p: PatentContent, contentHash: string): Insertable<PatentTable> {
  return {
    id: p.id,
    application_number: p.applicationNumber ?? null,
    publication_numbers: p.publicationNumbers,
    grant_publication_number: p.grantPublicationNumber ?? null,
    source_id: p.sourceId ?? null,
    type: p.type ?? null,
    title: p.title,
    abstract: p.abstract ?? null,
    claims: p.claims ?? null,
    original: JSON.stringify(p.original ?? null),
    script: p.script,
    ipc_codes: p.ipcCodes,
    applicants: p.applicants,
    owners: p.owners,
    inventors: p.inventors,
    owner_organization_ids: p.ownerOrganizationIds,
    filing_date: p.filingDate ?? null,
    filing_year: p.filingYear ?? null,
    publication_date: p.publicationDate ?? null,
    grant_date: p.grantDate ?? null,
    legal_status: p.legalStatus,
    legal_status_raw: p.legalStatusRaw ?? null,
    legal_status_as_of: p.legalStatusAsOf ?? null,
    expiry_date: p.expiryDate ?? null,
    open_licence: JSON.stringify(p.openLicence ?? null),
    open_licence_declared: p.openLicence?.declared ?? false,
    inventory_state: p.inventoryState,
    transfer_count: p.transferCount ?? null,
    license_count: p.licenseCount ?? null,
    chains: p.chains.map((t) => t.chain),
    chain_tags: JSON.stringify(p.chains),
    screening: JSON.stringify(p.screening ?? null),
    screening_score: p.screening?.score ?? null,
    attributes: JSON.stringify(p.attributes),
    provenance: JSON.stringify(p.provenance),
    content_hash: contentHash,
  };
}

/**
 * Looks a patent up by its id (`pt_…`) or by any of its numbers: application/ZL number,
 * publication number (either kind code), or source id.
 *
 * @example
 * await findPatent(db, 'ZL 201010110545.X') // the same patent as findPatent(db, 'CN201010110545.X')
 */
export async function findPatent(db: Kysely<Database>, idOrNumber: string): Promise<Patent | undefined> {
  const key = idOrNumber.trim();
  let id: string | undefined = key.startsWith('pt_') ? key : undefined;
  if (!id) {
    const parsed = parseAnyPatentNumber(key);
    const candidates = parsed ? [parsed.key] : [key];
    if (key.startsWith('src:')) candidates.push(key);
    const hit = await db.selectFrom('patent_numbers').select('patent_id').where('number', 'in', candidates).executeTakeFirst();
    id = hit?.patent_id;
  }
  if (!id) return undefined;
  const row = await db.selectFrom('patents').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? patentFromRow(row) : undefined;
}

/** A stored patent with the revision its row is at, for writes that must not overwrite a change they did not see. */
export interface RevisedPatent {
  patent: Patent;
  revision: number;
}

/**
 * Reads one patent by id (`pt_…`) together with its row revision.
 *
 * @example
 * const current = await getPatentRevision(db, 'pt_3f9a…'); // { patent, revision: 4 }, or undefined
 */
export async function getPatentRevision(db: Kysely<Database>, id: string): Promise<RevisedPatent | undefined> {
  const row = await db.selectFrom('patents').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? { patent: patentFromRow(row), revision: row.revision } : undefined;
}

/** A change of a patent's open-licence offer (开放许可) and inventory state (转化状态), with what follows from it. */
export interface PatentOfferUpdate {
  /** The offer as it is to be stored; undefined removes it. */
  openLicence: OpenLicenceOffer | undefined;
  inventoryState: InventoryState;
  /** The screening recomputed for the new offer. */
  screening: Screening;
  /** The content hash of the patent with the new offer and state. */
  contentHash: string;
  /** The revision the change was computed from: the write happens only if the row is still at it. */
  expectedRevision: number;
  /** What the change log records: who made it (`api:<key id>`) and which fields changed. */
  change: { source: string; fields: string[] };
}

/**
 * Stores a new open-licence offer and inventory state for a patent, in one transaction with its
 * `patent_changes` entry. The revision is bumped and `updated_at` set, so the index outbox, the
 * match queue and the webhook triggers see the change. Returns undefined, writing nothing, when the
 * row is no longer at `expectedRevision` (someone else changed it in between) or is gone.
 *
 * @example
 * const { patent, revision } = (await getPatentRevision(db, id))!;
 * const updated = await updatePatentOffer(db, id, {
 *   openLicence: { declared: true, feeCny: 20000, paymentMode: 'annual', termYears: 3 },
 *   inventoryState: 'idle', screening, contentHash, expectedRevision: revision,
 *   change: { source: 'api:key_1', fields: ['openLicence'] },
 * }); // the stored patent, or undefined on a concurrent change
 */
export async function updatePatentOffer(db: Kysely<Database>, id: string, update: PatentOfferUpdate): Promise<Patent | undefined> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('patents')
      .set({
        open_licence: JSON.stringify(update.openLicence ?? null),
        open_licence_declared: update.openLicence?.declared ?? false,
        inventory_state: update.inventoryState,
        screening: JSON.stringify(update.screening),
        screening_score: update.screening.score,
        content_hash: update.contentHash,
        revision: sql`revision + 1`,
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .where('revision', '=', update.expectedRevision)
      .returningAll()
      .executeTakeFirst();
    if (!row) return undefined;
    await trx
      .insertInto('patent_changes')
      .values({ patent_id: id, task_id: null, source: update.change.source, line: null, change: 'updated', fields: update.change.fields })
      .execute();
    return patentFromRow(row);
  });
}

export interface PatentFilters {
  /** IPC prefixes, any of which must match one of the patent's codes (`A61K`, `G06F 17`). */
  ipc?: string[];
  chain?: string[];
  ownerOrganizationId?: string[];
  legalStatus?: LegalStatus[];
  type?: PatentType[];
  inventoryState?: InventoryState[];
  openLicence?: boolean;
  filingYearFrom?: number;
  filingYearTo?: number;
  /** Only patents whose term ends on or before this date. */
  expiringBefore?: string;
  /**
   * Only patents in force (granted) whose term ends on or after `from` and before `until`: the
   * "expiring within N months" the inventory statistics count.
   */
  expiringBetween?: { from: string; until: string };
  /** Words that must each appear in the title, abstract, a number or an owner's or applicant's name (case-insensitive). */
  text?: string;
}

export interface PatentPage {
  patents: Patent[];
  /** Pass back to get the next page; absent on the last page. */
  nextCursor?: string;
  total: number;
}

/**
 * Lists patents matching filters, in id order, with an opaque cursor and the total (counted unless
 * `page.total` is given).
 *
 * @example
 * const first = await listPatents(db, { chain: ['biomedicine'] }, { limit: 20 });
 * const second = await listPatents(db, { chain: ['biomedicine'] }, { limit: 20, cursor: first.nextCursor });
 */
export async function listPatents(db: Kysely<Database>, filters: PatentFilters, page: { limit: number; cursor?: string; total?: number }): Promise<PatentPage> {
  let query = db.selectFrom('patents');
  if (filters.ipc?.length) {
    const patterns = filters.ipc.map((p) => `${p.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom(sql<{ code: string }>`unnest(patents.ipc_codes)`.as('c'))
          .select(sql`1`.as('one'))
          .where(sql<boolean>`c like any(${sql.val(patterns)}::text[])`),
      ),
    );
  }
  if (filters.chain?.length) query = query.where(sql<boolean>`chains && ${sql.val(filters.chain)}::text[]`);
  if (filters.ownerOrganizationId?.length) query = query.where(sql<boolean>`owner_organization_ids && ${sql.val(filters.ownerOrganizationId)}::text[]`);
  if (filters.legalStatus?.length) query = query.where('legal_status', 'in', filters.legalStatus);
  if (filters.type?.length) query = query.where('type', 'in', filters.type);
  if (filters.inventoryState?.length) query = query.where('inventory_state', 'in', filters.inventoryState);
  if (filters.openLicence !== undefined) query = query.where('open_licence_declared', '=', filters.openLicence);
  if (filters.filingYearFrom !== undefined) query = query.where('filing_year', '>=', filters.filingYearFrom);
  if (filters.filingYearTo !== undefined) query = query.where('filing_year', '<=', filters.filingYearTo);
  if (filters.expiringBefore !== undefined) query = query.where('expiry_date', '<=', filters.expiringBefore);
  if (filters.expiringBetween !== undefined) {
    query = query.where('legal_status', '=', 'granted').where('expiry_date', '>=', filters.expiringBetween.from).where('expiry_date', '<', filters.expiringBetween.until);
  }
  for (const word of textWords(filters.text)) {
    const pattern = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where(
      sql<boolean>`(title ilike ${pattern} or abstract ilike ${pattern} or application_number ilike ${pattern} or array_to_string(publication_numbers, ' ') ilike ${pattern} or array_to_string(owners, ' ') ilike ${pattern} or array_to_string(applicants, ' ') ilike ${pattern})`,
    );
  }

  // A caller that remembers the total for these filters (e.g. for a few seconds) skips the count.
  const count = page.total ?? Number((await query.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow()).count);
  const after = page.cursor ? decodeCursor(page.cursor) : undefined;
  const rows = await query
    .selectAll()
    .$if(after !== undefined, (q) => q.where('id', '>', after!))
    .orderBy('id')
    .limit(page.limit + 1)
    .execute();
  const patents = rows.slice(0, page.limit).map(patentFromRow);
  const result: PatentPage = { patents, total: Number(count) };
  if (rows.length > page.limit) result.nextCursor = encodeCursor(patents[patents.length - 1]!.id);
  return result;
}

/** The words of a free-text filter: split on spaces (ASCII and ideographic), at most 8. */
function textWords(text: string | undefined): string[] {
  return (text ?? '').split(/[\s\u3000]+/u).filter(Boolean).slice(0, 8);
}

export class CursorError extends Error {
  override readonly name = 'CursorError';
}

function encodeCursor(id: string): string {
  return Buffer.from(JSON.stringify({ after: id })).toString('base64url');
}

function decodeCursor(cursor: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof parsed.after === 'string') return parsed.after;
  } catch {
    /* reported below */
  }
  throw new CursorError('cursor is not one this API returned; start again without it');
}
