import { sql, type Kysely, type Insertable, type Selectable } from 'kysely';
import { parseAnyPatentNumber, type InventoryState, type LegalStatus, type Patent, type PatentType } from '@patent-bridge/domain';
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
