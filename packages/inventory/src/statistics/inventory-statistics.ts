import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '@patent-bridge/db';
import type { ChainCatalogue } from '@patent-bridge/domain';

export interface InventoryGroup {
  /** The group's value: an organisation id, chain id, IPC class, type or status. */
  key: string;
  /** A readable name (organisation name, chain name) where the key is an id. */
  label: string;
  total: number;
  idle: number;
  /** idle / total, 0…1. */
  idleRatio: number;
  /** In force and reaching the end of term within 12 months. */
  expiringWithin12Months: number;
  averageScreeningScore: number | null;
}

export type InventoryDimension = 'owner' | 'chain' | 'ipcClass' | 'type' | 'legalStatus' | 'inventoryState';

/** How screening scores (0…100) spread: ten bins of ten points, the last one closed (90…100). */
export interface ScreeningDistribution {
  bins: Array<{ from: number; to: number; count: number }>;
  byGrade: Record<'A' | 'B' | 'C' | 'D', number>;
  /** Patents not screened yet. */
  unscored: number;
}

/** Patents in force whose term ends within the next 12 months, month by month. */
export interface ExpiringSchedule {
  months: 12;
  total: number;
  /** One entry per calendar month the window touches (`YYYY-MM`): 13 unless today is the 1st; the first counts from today, the last up to the day before today's date. */
  byMonth: Array<{ month: string; count: number }>;
}

export interface InventoryStatistics {
  asOf: string;
  /** The organisations counted; absent when the whole library is. */
  scope?: { ownerOrganizationIds: string[] };
  overall: Omit<InventoryGroup, 'key' | 'label'>;
  by: Record<InventoryDimension, InventoryGroup[]>;
  screeningScores: ScreeningDistribution;
  expiring: ExpiringSchedule;
}

export interface StatisticsOptions {
  today?: Date;
  /** Groups kept per dimension, largest first (default 50). */
  top?: number;
  /** Only patents owned by these organisations. */
  ownerOrganizationIds?: string[];
  /** Names chains by the catalogue instead of by id. */
  catalogue?: ChainCatalogue;
}

/**
 * Counts the base library per owner, chain, IPC class, type, legal status and inventory state:
 * totals, idle ratio, patents in force whose term ends within 12 months, and mean screening score;
 * then the screening-score distribution (ten bins and the grades) and the expiring patents month
 * by month.
 *
 * @example
 * const stats = await inventoryStatistics(db, { today: new Date('2026-11-21') });
 * stats.by.chain[0] // { key: 'modern-agriculture-food', label: '现代农业与食品', total: 11890, idle: 320, … }
 * stats.screeningScores.bins[6] // { from: 60, to: 70, count: 4210 }
 * stats.expiring.byMonth[0] // { month: '2026-11', count: 12 }
 */
export async function inventoryStatistics(db: Kysely<Database>, options: StatisticsOptions = {}): Promise<InventoryStatistics> {
  const today = (options.today ?? new Date()).toISOString().slice(0, 10);
  const horizon = new Date(`${today}T00:00:00Z`);
  horizon.setUTCFullYear(horizon.getUTCFullYear() + 1);
  const until = horizon.toISOString().slice(0, 10);
  const top = options.top ?? 50;
  const scope = options.ownerOrganizationIds?.length ? sql`p.owner_organization_ids && ${sql.val(options.ownerOrganizationIds)}::text[]` : sql`true`;

  const metrics = sql`
    count(*)::int as total,
    count(*) filter (where p.inventory_state = 'idle')::int as idle,
    count(*) filter (where p.legal_status = 'granted' and p.expiry_date >= ${today}::date and p.expiry_date < ${until}::date)::int as expiring,
    avg(p.screening_score)::float8 as score`;

  const grouped = async (keyExpr: RawBuilder<unknown>, from: RawBuilder<unknown>, label?: RawBuilder<unknown>): Promise<InventoryGroup[]> => {
    const { rows } = await sql<{ key: string | null; label: string | null; total: number; idle: number; expiring: number; score: number | null }>`
      select ${keyExpr} as key, ${label ?? keyExpr} as label, ${metrics}
      from ${from}
      where ${scope}
      group by 1, 2
      order by total desc, key
      limit ${top}`.execute(db);
    return rows.map((r) => group(r.key ?? '(none)', r.label ?? r.key ?? '(none)', r));
  };

  const [overallRow] = (await sql<{ total: number; idle: number; expiring: number; score: number | null }>`select ${metrics} from patents p where ${scope}`.execute(db)).rows;
  const overall = group('', '', overallRow ?? { total: 0, idle: 0, expiring: 0, score: null });
  const { key: _k, label: _l, ...overallMetrics } = overall;

  const chainName = new Map(options.catalogue?.chains.map((c) => [c.id, c.name]) ?? []);
  return {
    asOf: today,
    ...(options.ownerOrganizationIds?.length ? { scope: { ownerOrganizationIds: [...options.ownerOrganizationIds] } } : {}),
    overall: overallMetrics,
    by: {
      owner: await grouped(sql`o.id`, sql`patents p cross join lateral unnest(p.owner_organization_ids) as oid left join organizations o on o.id = oid`, sql`o.name`),
      chain: (await grouped(sql`coalesce(c, '(none)')`, sql`patents p left join lateral unnest(p.chains) as c on true`)).map((g) => ({ ...g, label: chainName.get(g.key) ?? g.label })),
      ipcClass: await grouped(sql`coalesce(left(p.ipc_codes[1], 3), '(none)')`, sql`patents p`),
      type: await grouped(sql`coalesce(p.type, 'unknown')`, sql`patents p`),
      legalStatus: await grouped(sql`p.legal_status`, sql`patents p`),
      inventoryState: await grouped(sql`p.inventory_state`, sql`patents p`),
    },
    screeningScores: await screeningDistribution(db, scope),
    expiring: await expiringSchedule(db, scope, today, until),
  };
}

async function screeningDistribution(db: Kysely<Database>, scope: RawBuilder<unknown>): Promise<ScreeningDistribution> {
  const { rows } = await sql<{ bin: number | null; grade: string | null; count: number }>`
    select least(floor(p.screening_score / 10), 9)::int as bin, p.screening->>'grade' as grade, count(*)::int as count
    from patents p
    where ${scope}
    group by 1, 2`.execute(db);
  const bins = Array.from({ length: 10 }, (_, i) => ({ from: i * 10, to: i * 10 + 10, count: 0 }));
  const byGrade = { A: 0, B: 0, C: 0, D: 0 };
  let unscored = 0;
  for (const row of rows) {
    if (row.bin === null) {
      unscored += row.count;
      continue;
    }
    bins[Math.max(0, row.bin)]!.count += row.count;
    if (row.grade === 'A' || row.grade === 'B' || row.grade === 'C' || row.grade === 'D') byGrade[row.grade] += row.count;
  }
  return { bins, byGrade, unscored };
}

async function expiringSchedule(db: Kysely<Database>, scope: RawBuilder<unknown>, today: string, until: string): Promise<ExpiringSchedule> {
  const { rows } = await sql<{ month: string; count: number }>`
    select to_char(p.expiry_date, 'YYYY-MM') as month, count(*)::int as count
    from patents p
    where ${scope} and p.legal_status = 'granted' and p.expiry_date >= ${today}::date and p.expiry_date < ${until}::date
    group by 1`.execute(db);
  const counts = new Map(rows.map((r) => [r.month, r.count]));
  // The window starts today, so unless today is the 1st it touches 13 calendar months.
  const start = new Date(`${today.slice(0, 7)}-01T00:00:00Z`);
  const lastDay = new Date(`${until}T00:00:00Z`);
  lastDay.setUTCDate(lastDay.getUTCDate() - 1);
  const span = (lastDay.getUTCFullYear() - start.getUTCFullYear()) * 12 + lastDay.getUTCMonth() - start.getUTCMonth() + 1;
  const byMonth = Array.from({ length: span }, (_, i) => {
    const month = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + i, 1)).toISOString().slice(0, 7);
    return { month, count: counts.get(month) ?? 0 };
  });
  return { months: 12, total: rows.reduce((sum, r) => sum + r.count, 0), byMonth };
}

function group(key: string, label: string, r: { total: number; idle: number; expiring: number; score: number | null }): InventoryGroup {
  return {
    key,
    label,
    total: r.total,
    idle: r.idle,
    idleRatio: r.total ? Math.round((r.idle / r.total) * 1000) / 1000 : 0,
    expiringWithin12Months: r.expiring,
    averageScreeningScore: r.score === null ? null : Math.round(r.score * 10) / 10,
  };
}
