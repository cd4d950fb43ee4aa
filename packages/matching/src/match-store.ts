import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '@patent-bridge/db';
import type { Match } from '@patent-bridge/domain';
import { emitEvent } from '@patent-bridge/webhooks';

export interface SavedMatches {
  /** Patents that entered the demand's top-K. */
  added: string[];
  /** Patents that left it. */
  removed: string[];
  /** New matches at or above the strong-match score, announced as `match.created` events. */
  strong: string[];
}

/**
 * Replaces a demand's stored top-K with freshly computed matches, in one transaction, and emits a
 * `match.created` webhook event for every new match at or above `strongScore`.
 *
 * @example
 * await saveDemandMatches(db, demand.id, await matcher.matchDemand(demand), 0.6) // { added: ['pt_…'], removed: [], strong: ['pt_…'] }
 */
export async function saveDemandMatches(db: Kysely<Database>, demandId: string, matches: readonly Match[], strongScore: number): Promise<SavedMatches> {
  return db.transaction().execute(async (trx) => {
    // Serialises concurrent refreshes of one demand (two workers, or a worker and a request).
    const { rows } = await sql<{ visibility: string; enterprise_id: string }>`select visibility, enterprise_id from demands where id = ${demandId} for update`.execute(trx);
    const demand = rows[0];
    const before = new Set((await trx.selectFrom('match_results').select('patent_id').where('demand_id', '=', demandId).execute()).map((r) => r.patent_id));
    await trx.deleteFrom('match_results').where('demand_id', '=', demandId).execute();
    if (matches.length > 0) {
      await trx
        .insertInto('match_results')
        .values(
          matches.map((m) => ({
            demand_id: demandId,
            patent_id: m.patentId,
            rank: m.rank,
            score: m.score,
            features: JSON.stringify(m.features),
            explanation: m.explanation,
            matched_terms: m.matchedTerms,
            weights_version: m.weightsVersion,
            computed_at: m.computedAt,
          })),
        )
        .execute();
    }
    const after = new Set(matches.map((m) => m.patentId));
    const added = [...after].filter((id) => !before.has(id));
    const strong = matches.filter((m) => !before.has(m.patentId) && m.score >= strongScore);
    // A private demand's matches are announced only to its own enterprise's subscriptions.
    const audience = demand?.visibility === 'private' ? { audience: [demand.enterprise_id] } : {};
    for (const m of strong) {
      await emitEvent(trx, 'match.created', { demandId, patentId: m.patentId, score: m.score, rank: m.rank, weightsVersion: m.weightsVersion }, audience);
    }
    return { added, removed: [...before].filter((id) => !after.has(id)), strong: strong.map((m) => m.patentId) };
  });
}

/**
 * Removes a demand's stored matches (closed or deleted demand).
 *
 * @example
 * await clearDemandMatches(db, 'dm_…')
 */
export async function clearDemandMatches(db: Kysely<Database> | Transaction<Database>, demandId: string): Promise<string[]> {
  const rows = await db.deleteFrom('match_results').where('demand_id', '=', demandId).returning('patent_id').execute();
  return rows.map((r) => r.patent_id);
}

/**
 * A demand's stored matches, best first.
 *
 * @example
 * await storedMatches(db, 'dm_…') // [{ demandId, patentId, rank: 1, score, features, explanation, weightsVersion, … }]
 */
export async function storedMatches(db: Kysely<Database>, demandId: string): Promise<Match[]> {
  const rows = await db.selectFrom('match_results').selectAll().where('demand_id', '=', demandId).orderBy('rank').execute();
  return rows.map((r) => ({
    demandId: r.demand_id,
    patentId: r.patent_id,
    score: r.score,
    rank: r.rank,
    features: r.features,
    explanation: r.explanation,
    matchedTerms: r.matched_terms,
    weightsVersion: r.weights_version,
    computedAt: new Date(r.computed_at).toISOString(),
  }));
}

/**
 * The demands whose stored top-K holds a patent.
 *
 * @example
 * await demandsHolding(db, 'pt_…') // ['dm_1', 'dm_7']
 */
export async function demandsHolding(db: Kysely<Database>, patentId: string): Promise<string[]> {
  return (await db.selectFrom('match_results').select('demand_id').where('patent_id', '=', patentId).execute()).map((r) => r.demand_id);
}

/**
 * How strongly open demands pull on each patent: how many hold it in their top-K at or above
 * `minScore`, and the best score among them.
 *
 * @example
 * await demandPullOf(db, ['pt_…'], 0.5) // Map { 'pt_…' => { openDemands: 3, strongest: 0.81 } }
 */
export async function demandPullOf(db: Kysely<Database>, patentIds: readonly string[], minScore: number): Promise<Map<string, { openDemands: number; strongest: number }>> {
  const out = new Map<string, { openDemands: number; strongest: number }>();
  for (const id of patentIds) out.set(id, { openDemands: 0, strongest: 0 });
  if (patentIds.length === 0) return out;
  const rows = await db
    .selectFrom('match_results as m')
    .innerJoin('demands as d', 'd.id', 'm.demand_id')
    .select(['m.patent_id', (eb) => eb.fn.countAll<string>().as('n'), (eb) => eb.fn.max('m.score').as('best')])
    .where('m.patent_id', 'in', [...patentIds])
    .where('d.status', '=', 'open')
    .where('m.score', '>=', minScore)
    .groupBy('m.patent_id')
    .execute();
  for (const row of rows) out.set(row.patent_id, { openDemands: Number(row.n), strongest: Number(row.best) });
  return out;
}
