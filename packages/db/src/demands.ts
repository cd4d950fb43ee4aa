import { randomBytes } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Demand, DemandInput, LicenceMode, Maturity } from '@patent-bridge/domain';
import type { Database, DemandTable } from './schema.ts';

/**
 * Maps a stored row to the domain demand.
 *
 * @example
 * demandFromRow(await db.selectFrom('demands').selectAll().executeTakeFirstOrThrow())
 */
export function demandFromRow(row: Selectable<DemandTable>): Demand {
  const demand: Demand = {
    id: row.id,
    enterpriseId: row.enterprise_id,
    title: row.title,
    description: row.description,
    keywords: row.keywords,
    chains: row.chains,
    region: row.region,
    licenceModes: row.licence_modes as LicenceMode[],
    visibility: row.visibility as Demand['visibility'],
    status: row.status as Demand['status'],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  if (row.industry_code) demand.industryCode = row.industry_code;
  if (row.budget_min !== null || row.budget_max !== null) {
    demand.budgetCny = {};
    if (row.budget_min !== null) demand.budgetCny.min = row.budget_min;
    if (row.budget_max !== null) demand.budgetCny.max = row.budget_max;
  }
  if (row.maturity) demand.maturity = row.maturity as Maturity;
  if (row.deadline) demand.deadline = row.deadline;
  return demand;
}

function columns(input: DemandInput) {
  return {
    enterprise_id: input.enterpriseId,
    title: input.title,
    description: input.description,
    keywords: input.keywords,
    industry_code: input.industryCode ?? null,
    chains: input.chains,
    region: JSON.stringify(input.region),
    budget_min: input.budgetCny?.min ?? null,
    budget_max: input.budgetCny?.max ?? null,
    licence_modes: input.licenceModes,
    maturity: input.maturity ?? null,
    deadline: input.deadline ?? null,
    visibility: input.visibility,
  };
}

/**
 * Stores a new demand (validated input) and returns it with its id.
 *
 * @example
 * const demand = await createDemand(db, DemandInput.parse({ enterpriseId, title: '茶叶杀青自动化' }));
 */
export async function createDemand(db: Kysely<Database>, input: DemandInput, id = `dm_${randomBytes(8).toString('hex')}`): Promise<Demand> {
  const row = await db.insertInto('demands').values({ id, status: 'open', ...columns(input) }).returningAll().executeTakeFirstOrThrow();
  return demandFromRow(row);
}

/**
 * Replaces a demand's content (bumping its revision); undefined when it does not exist.
 *
 * @example
 * await updateDemand(db, 'dm_…', { ...input, visibility: 'private' })
 */
export async function updateDemand(db: Kysely<Database>, id: string, input: DemandInput, status?: Demand['status']): Promise<Demand | undefined> {
  const row = await db
    .updateTable('demands')
    .set({ ...columns(input), ...(status ? { status } : {}), revision: sql`revision + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row ? demandFromRow(row) : undefined;
}

/**
 * Reads one demand.
 *
 * @example
 * await getDemand(db, 'dm_…')
 */
export async function getDemand(db: Kysely<Database>, id: string): Promise<Demand | undefined> {
  const row = await db.selectFrom('demands').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? demandFromRow(row) : undefined;
}

/**
 * Deletes a demand; true when it existed.
 *
 * @example
 * await deleteDemand(db, 'dm_…')
 */
export async function deleteDemand(db: Kysely<Database>, id: string): Promise<boolean> {
  const result = await db.deleteFrom('demands').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Who is looking: private demands are visible only to their owning enterprise and to brokers/admins. */
export interface DemandViewer {
  organizationIds: string[];
  seesAll: boolean;
}

/**
 * Lists demands a viewer may see, newest first, with an id cursor.
 *
 * @example
 * await listDemands(db, { organizationIds: [myOrg], seesAll: false }, { limit: 20 })
 */
export async function listDemands(
  db: Kysely<Database>,
  viewer: DemandViewer,
  page: { limit: number; cursor?: string; enterpriseId?: string; status?: Demand['status'] },
): Promise<{ demands: Demand[]; nextCursor?: string }> {
  const rows = await db
    .selectFrom('demands')
    .selectAll()
    .$if(!viewer.seesAll, (q) => q.where((eb) => eb.or([eb('visibility', '=', 'public'), ...(viewer.organizationIds.length ? [eb('enterprise_id', 'in', viewer.organizationIds)] : [])])))
    .$if(page.enterpriseId !== undefined, (q) => q.where('enterprise_id', '=', page.enterpriseId!))
    .$if(page.status !== undefined, (q) => q.where('status', '=', page.status!))
    .$if(page.cursor !== undefined, (q) => q.where('id', '>', page.cursor!))
    .orderBy('id')
    .limit(page.limit + 1)
    .execute();
  const demands = rows.slice(0, page.limit).map(demandFromRow);
  return rows.length > page.limit ? { demands, nextCursor: demands[demands.length - 1]!.id } : { demands };
}
