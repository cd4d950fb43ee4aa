import { sql, type Kysely } from 'kysely';
import { demandFromRow, patentFromRow, type Database } from '@patent-bridge/db';
import type { Match } from '@patent-bridge/domain';
import { screenPatent } from '@patent-bridge/inventory';
import { DemandWithoutTextError } from './demand-profile.ts';
import type { Matcher } from './matcher.ts';
import { feedbackOf } from './feedback.ts';
import { clearDemandMatches, demandPullOf, demandsHolding, saveDemandMatches } from './match-store.ts';

/** A broker's view: every demand, private ones included, can be affected by a patent change. */
const ALL_DEMANDS = { organizationIds: [], seesAllDemands: true };

export interface RefreshReport {
  /** Queue entries handled. */
  processed: number;
  /** Entries left for later because the search index has not caught up with them yet. */
  deferred: number;
  /** Demands whose top-K was recomputed. */
  recomputed: number;
  /** New strong matches announced. */
  strongMatches: number;
  /** Patents whose demand pull changed. */
  pullUpdated: number;
}

export interface RefreshOptions {
  batchSize?: number;
  /** How many of a changed patent's best-fitting demands are checked (default 50). */
  affectedLimit?: number;
  today?: Date;
}

/**
 * One round of incremental matching: takes a batch from the matching queue (written by triggers
 * on every patent and demand change), works out which demands are affected, recomputes only
 * those, stores their top-K with the weights version, and updates the demand pull of every
 * patent that entered or left a top-K. Entries whose change the search index has not absorbed
 * yet wait for the next round. Queue entries are deleted only after their work is stored, so a
 * crash repeats work rather than losing it.
 *
 * A changed patent affects the demands that hold it now and the demands it would now enter:
 * those among its best-fitting demands (the reverse direction) whose current K-th score it beats.
 *
 * @example
 * while ((await refreshMatches(db, matcher)).processed > 0);
 */
export async function refreshMatches(db: Kysely<Database>, matcher: Matcher, options: RefreshOptions = {}): Promise<RefreshReport> {
  const report: RefreshReport = { processed: 0, deferred: 0, recomputed: 0, strongMatches: 0, pullUpdated: 0 };
  const entries = await db.selectFrom('match_queue').selectAll().orderBy('id').limit(options.batchSize ?? 200).execute();
  if (entries.length === 0) return report;
  const pendingIndex = new Set(
    (await db.selectFrom('index_outbox').select('entity_id').where('entity_id', 'in', [...new Set(entries.map((e) => e.entity_id))]).execute()).map((r) => r.entity_id),
  );
  const ready = entries.filter((e) => !pendingIndex.has(e.entity_id));
  report.deferred = entries.length - ready.length;

  const affected = new Set<string>();
  const pullChanged = new Set<string>();
  const { topK } = matcher.config;
  for (const entry of ready) {
    if (entry.kind === 'demand') {
      affected.add(entry.entity_id);
      continue;
    }
    pullChanged.add(entry.entity_id);
    for (const id of await demandsHolding(db, entry.entity_id)) affected.add(id);
    const row = await db.selectFrom('patents').selectAll().where('id', '=', entry.entity_id).executeTakeFirst();
    if (!row) continue;
    const fits = await matcher.matchPatent(patentFromRow(row), ALL_DEMANDS, { limit: options.affectedLimit ?? 50 });
    const thresholds = await kthScores(db, fits.map((f) => f.demandId), topK);
    for (const fit of fits) if (fit.score > (thresholds.get(fit.demandId) ?? -1)) affected.add(fit.demandId);
  }

  for (const demandId of affected) {
    const row = await db.selectFrom('demands').selectAll().where('id', '=', demandId).executeTakeFirst();
    if (!row || row.status !== 'open') {
      for (const id of await clearDemandMatches(db, demandId)) pullChanged.add(id);
      continue;
    }
    let matches: Match[];
    try {
      matches = await matcher.matchDemand(demandFromRow(row), { limit: topK });
    } catch (error) {
      if (!(error instanceof DemandWithoutTextError)) throw error;
      matches = [];
    }
    const saved = await saveDemandMatches(db, demandId, matches, matcher.config.strongMatchScore);
    for (const id of [...saved.added, ...saved.removed]) pullChanged.add(id);
    report.recomputed++;
    report.strongMatches += saved.strong.length;
  }

  report.pullUpdated = await updateDemandPull(db, [...pullChanged], options.today ?? new Date());
  if (ready.length > 0) await db.deleteFrom('match_queue').where('id', 'in', ready.map((e) => e.id)).execute();
  report.processed = ready.length;
  return report;
}

/** The score a patent must beat to enter each demand's top-K; −1 while it holds fewer than K. */
async function kthScores(db: Kysely<Database>, demandIds: readonly string[], k: number): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (demandIds.length === 0) return out;
  const rows = await db.selectFrom('match_results').select(['demand_id', 'score']).where('demand_id', 'in', [...demandIds]).where('rank', '=', k).execute();
  for (const row of rows) out.set(row.demand_id, row.score);
  return out;
}

/**
 * Recomputes the screening score of patents whose demand pull (open demands holding them at a
 * match score of 0.5 or more, and the strongest) changed, and stores it. Returns how many changed.
 *
 * @example
 * await updateDemandPull(db, ['pt_…'], new Date())
 */
export async function updateDemandPull(db: Kysely<Database>, patentIds: readonly string[], today: Date): Promise<number> {
  let updated = 0;
  for (let i = 0; i < patentIds.length; i += 500) updated += await updatePullOf(db, patentIds.slice(i, i + 500), today);
  return updated;
}

async function updatePullOf(db: Kysely<Database>, patentIds: readonly string[], today: Date): Promise<number> {
  if (patentIds.length === 0) return 0;
  const pulls = await demandPullOf(db, patentIds, 0.5);
  const changed: Array<{ id: string; screening: string; score: number }> = [];
  for (const row of await db.selectFrom('patents').selectAll().where('id', 'in', [...patentIds]).execute()) {
    const patent = patentFromRow(row);
    const pull = pulls.get(patent.id)!;
    const before = patent.screening?.components.find((c) => c.name === 'demand_pull');
    const screening = screenPatent(patent, today, pull.openDemands > 0 ? pull : undefined);
    const after = screening.components.find((c) => c.name === 'demand_pull');
    if (before && after && before.value === after.value && before.note === after.note) continue;
    changed.push({ id: patent.id, screening: JSON.stringify(screening), score: screening.score });
  }
  if (changed.length === 0) return 0;
  // One statement per chunk: row-by-row updates took 12 s for 11k patents.
  const values = sql.join(changed.map((c) => sql`(${c.id}, ${c.screening}, ${c.score})`));
  await sql`
    update patents set screening = v.screening::jsonb, screening_score = v.score::real, revision = revision + 1, updated_at = now()
    from (values ${values}) as v(id, screening, score)
    where patents.id = v.id`.execute(db);
  return changed.length;
}

/**
 * Recomputes the top-K of every open demand (after a weights change, or on request), reporting
 * progress; patents that entered or left a top-K get their demand pull updated.
 *
 * @example
 * await rebuildAllMatches(db, matcher, { onProgress: (done, total) => bar.update(done, total) })
 */
export async function rebuildAllMatches(
  db: Kysely<Database>,
  matcher: Matcher,
  options: { today?: Date; onProgress?: (done: number, total: number) => void } = {},
): Promise<{ demands: number; matches: number; strongMatches: number; pullUpdated: number; matchingMs: number; pullMs: number }> {
  const started = performance.now();
  const ids = (await db.selectFrom('demands').select('id').where('status', '=', 'open').orderBy('id').execute()).map((r) => r.id);
  const pullChanged = new Set<string>();
  let matches = 0;
  let strongMatches = 0;
  const CHUNK = 100;
  for (let start = 0; start < ids.length; start += CHUNK) {
    const chunk = ids.slice(start, start + CHUNK);
    // Demands and their feedback are read a chunk at a time, not one query per demand.
    const rows = await db.selectFrom('demands').selectAll().where('id', 'in', chunk).where('status', '=', 'open').execute();
    const feedback = await feedbackOf(db, chunk);
    for (const row of rows) {
      let found: Match[] = [];
      try {
        const marks = feedback.get(row.id) ?? { dismissed: new Set<string>(), interested: new Set<string>() };
        found = await matcher.matchDemand(demandFromRow(row), { limit: matcher.config.topK, feedback: marks });
      } catch (error) {
        if (!(error instanceof DemandWithoutTextError)) throw error;
      }
      const saved = await saveDemandMatches(db, row.id, found, matcher.config.strongMatchScore);
      for (const id of [...saved.added, ...saved.removed, ...found.map((m) => m.patentId)]) pullChanged.add(id);
      matches += found.length;
      strongMatches += saved.strong.length;
    }
    options.onProgress?.(Math.min(ids.length, start + CHUNK), ids.length);
  }
  const matchingMs = performance.now() - started;
  const pullUpdated = await updateDemandPull(db, [...pullChanged], options.today ?? new Date());
  return { demands: ids.length, matches, strongMatches, pullUpdated, matchingMs, pullMs: performance.now() - started - matchingMs };
}
