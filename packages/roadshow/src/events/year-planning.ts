import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { Database } from '@patent-bridge/db';
import type { ChainCatalogue } from '@patent-bridge/domain';
import { chainReadiness } from '../planning/chain-readiness.ts';
import { Month } from '../planning/month.ts';
import { planYear, type YearPlan } from '../planning/year-plan.ts';
import { loadPlanningData } from './planning-data.ts';
import { RoadshowError } from './roadshow-error.ts';
import { listRoadshows, roadshowId, summaryOf, type RoadshowSummary } from './roadshow-record.ts';

/** A broker's request for a year plan: the constraints of `planYear`; supply and demand come from stored matches. */
export const YearPlanRequest = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  pins: z.array(z.strictObject({ month: Month, chainId: z.string().min(1) })).max(12).default([]),
  blackouts: z.array(z.union([Month, z.strictObject({ month: Month, label: z.string().trim().min(1).max(40) })])).max(12).default([]),
  fromMonth: Month.optional(),
  minGapMonths: z.number().int().min(1).max(24).default(3),
  minSupply: z.number().int().min(0).max(1000).default(5),
  minDemand: z.number().int().min(0).max(1000).default(3),
  repeatDecay: z.number().min(0).max(1).default(0.5),
  /** Matches at or above this score count as strong (the matcher's own threshold by default). */
  strongMatchScore: z.number().min(0).max(1).default(0.6),
});
export type YearPlanRequest = z.input<typeof YearPlanRequest>;

export interface SavedYearPlan {
  year: number;
  plan: YearPlan;
  /** The year's roadshows after planning: drafts for planned months, published ones as they were. */
  roadshows: RoadshowSummary[];
  createdAt: string;
}

/**
 * Plans a year "one chain per month" from the stored matches (supply and demand per chain), keeps
 * every roadshow already published, held or closed, and leaves a draft roadshow for each planned
 * month. Drafts of months the new plan drops, or gives to another chain, are replaced. The plan
 * is stored, so the console can show each month's reason later.
 *
 * @example
 * const { plan, roadshows } = await planAndSaveYear(db, catalogue, { year: 2026, blackouts: [{ month: '2026-02', label: '春节' }] });
 * plan.months[2].reason // '优化选定。生物医药：可路演专利 18 件…'
 */
export async function planAndSaveYear(db: Kysely<Database>, catalogue: ChainCatalogue, request: YearPlanRequest, createdBy?: string): Promise<SavedYearPlan> {
  const options = YearPlanRequest.parse(request);
  const today = new Date().toISOString().slice(0, 10);
  const asOf = `${options.year}-01-01` > today ? `${options.year}-01-01` : today;
  const data = await loadPlanningData(db);
  const { supply, demand } = chainReadiness({ ...data, asOf, strongMatchScore: options.strongMatchScore });
  // Published (held, closed) months of this year stay; last year's count for the repeat gap.
  const fixed = await db
    .selectFrom('roadshows')
    .select(['month', 'chain_id as chainId'])
    .where('state', '!=', 'draft')
    .where('month', '>=', `${options.year - 1}-01`)
    .where('month', '<=', `${options.year}-12`)
    .execute();
  const yearOf = (month: string) => Number(month.slice(0, 4));
  const plan = planYear({
    year: options.year,
    chains: catalogue.chains.map((c) => ({ id: c.id, name: c.name, nameEn: c.nameEn })),
    supply,
    demand,
    pins: options.pins,
    blackouts: options.blackouts,
    ...(options.fromMonth ? { fromMonth: options.fromMonth } : {}),
    minGapMonths: options.minGapMonths,
    minSupply: options.minSupply,
    minDemand: options.minDemand,
    repeatDecay: options.repeatDecay,
    published: fixed.filter((r) => yearOf(r.month) === options.year).map((r) => ({ month: r.month, chainId: r.chainId })),
    previousEvents: fixed.filter((r) => yearOf(r.month) === options.year - 1).map((r) => ({ month: r.month, chainId: r.chainId })),
  });

  const createdAt = await db.transaction().execute(async (trx) => {
    const events = plan.months.flatMap((m) => (m.kind === 'event' && m.source !== 'published' ? [m] : []));
    const wanted = new Map(events.map((e) => [e.month, roadshowId(e.month, e.chainId)]));
    const drafts = await trx.selectFrom('roadshows').select(['id', 'month']).where('state', '=', 'draft').where('month', 'like', `${options.year}-%`).execute();
    const stale = drafts.filter((d) => wanted.get(d.month) !== d.id).map((d) => d.id);
    if (stale.length) await trx.deleteFrom('roadshows').where('id', 'in', stale).execute();
    for (const event of events) {
      await trx
        .insertInto('roadshows')
        .values({ id: roadshowId(event.month, event.chainId), chain_id: event.chainId, month: event.month, reason: event.reason })
        .onConflict((oc) => oc.column('id').doUpdateSet({ reason: event.reason, updated_at: new Date().toISOString() }))
        .execute();
    }
    const saved = await trx
      .insertInto('roadshow_plans')
      .values({ year: options.year, input: JSON.stringify(options), plan: JSON.stringify(plan), created_by: createdBy ?? null })
      .onConflict((oc) => oc.column('year').doUpdateSet((eb) => ({ input: eb.ref('excluded.input'), plan: eb.ref('excluded.plan'), created_by: eb.ref('excluded.created_by'), created_at: new Date().toISOString() })))
      .returning('created_at')
      .executeTakeFirstOrThrow();
    return saved.created_at;
  });
  const roadshows = (await listRoadshows(db, catalogue, { year: options.year })).map(summaryOf);
  return { year: options.year, plan, roadshows, createdAt };
}

/**
 * The last plan stored for a year, with the year's roadshows as they are now.
 *
 * @example
 * (await savedYearPlan(db, catalogue, 2026)).plan.months.length // 12
 */
export async function savedYearPlan(db: Kysely<Database>, catalogue: ChainCatalogue, year: number): Promise<SavedYearPlan> {
  const row = await db.selectFrom('roadshow_plans').selectAll().where('year', '=', year).executeTakeFirst();
  if (!row) throw new RoadshowError('plan_not_found', `no plan for ${year} yet; POST /v1/roadshows/plan with {"year": ${year}} makes one`);
  const roadshows = (await listRoadshows(db, catalogue, { year })).map(summaryOf);
  return { year, plan: row.plan as unknown as YearPlan, roadshows, createdAt: row.created_at };
}
