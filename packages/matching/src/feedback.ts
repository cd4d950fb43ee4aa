import type { Kysely } from 'kysely';
import type { Database } from '@patent-bridge/db';
import type { MatchFeature, MatchFeedback } from '@patent-bridge/domain';
import type { FeatureValue } from './features/feature.ts';

/** What a demand's feedback says, latest verdict per patent. */
export interface DemandFeedback {
  dismissed: Set<string>;
  interested: Set<string>;
}

/**
 * Records feedback on a match, with the match as the person saw it (score, breakdown and weights
 * version), so weights can be learned from it offline.
 *
 * @example
 * await recordFeedback(db, { demandId, patentId, feedback: { verdict: 'not_relevant', reason: 'too_early_stage' }, givenBy: 'org_…' })
 */
export async function recordFeedback(
  db: Kysely<Database>,
  input: { demandId: string; patentId: string; feedback: MatchFeedback; givenBy?: string; shown?: { score: number; features: MatchFeature[]; weightsVersion: string } },
): Promise<{ id: number; createdAt: string }> {
  const row = await db
    .insertInto('match_feedback')
    .values({
      demand_id: input.demandId,
      patent_id: input.patentId,
      verdict: input.feedback.verdict,
      reason: input.feedback.verdict === 'not_relevant' ? input.feedback.reason : null,
      note: input.feedback.note ?? null,
      given_by: input.givenBy ?? null,
      score: input.shown?.score ?? null,
      features: input.shown ? JSON.stringify(input.shown.features) : null,
      weights_version: input.shown?.weightsVersion ?? null,
    })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow();
  return { id: Number(row.id), createdAt: new Date(row.created_at).toISOString() };
}

/**
 * The latest verdict per patent for each demand.
 *
 * @example
 * (await feedbackOf(db, ['dm_1'])).get('dm_1')?.dismissed.has('pt_…')
 */
export async function feedbackOf(db: Kysely<Database>, demandIds: readonly string[]): Promise<Map<string, DemandFeedback>> {
  const out = new Map<string, DemandFeedback>();
  if (demandIds.length === 0) return out;
  const rows = await db.selectFrom('match_feedback').select(['demand_id', 'patent_id', 'verdict']).where('demand_id', 'in', [...new Set(demandIds)]).orderBy('id').execute();
  for (const row of rows) {
    let entry = out.get(row.demand_id);
    if (!entry) out.set(row.demand_id, (entry = { dismissed: new Set(), interested: new Set() }));
    entry.dismissed.delete(row.patent_id);
    entry.interested.delete(row.patent_id);
    (row.verdict === 'not_relevant' ? entry.dismissed : entry.interested).add(row.patent_id);
  }
  return out;
}

/** Logged feedback with the features shown, for learning weights offline. */
export async function loggedFeedback(db: Kysely<Database>): Promise<Array<{ demandId: string; patentId: string; verdict: string; reason: string | null; features: MatchFeature[] }>> {
  const rows = await db.selectFrom('match_feedback').select(['demand_id', 'patent_id', 'verdict', 'reason', 'features']).where('features', 'is not', null).orderBy('id').execute();
  return rows.map((r) => ({ demandId: r.demand_id, patentId: r.patent_id, verdict: r.verdict, reason: r.reason, features: r.features ?? [] }));
}

/**
 * Cosine similarity of two vectors (0 when either is all zeros).
 *
 * @example
 * cosine(Float32Array.of(1, 0), Float32Array.of(1, 1)) // 0.7071…
 */
export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/**
 * The feedback feature of a candidate: demoted by similarity to patents the demand dismissed,
 * lifted a little by similarity to those it marked interesting.
 *
 * @example
 * feedbackFeature(candidateVector, { dismissed: [v1], interested: [] }, 0.6) // { value: -0.5, reason: '与已标记为不相关的专利相似，已降低排序' }
 */
export function feedbackFeature(
  vector: Float32Array | undefined,
  marked: { dismissed: readonly Float32Array[]; interested: readonly Float32Array[] },
  threshold: number,
  isInterested = false,
): FeatureValue {
  if (isInterested) return { value: 0, reason: '已标记为感兴趣' };
  if (!vector) return { value: 0 };
  const closest = (vectors: readonly Float32Array[]) => vectors.reduce((best, v) => Math.max(best, cosine(vector, v)), -1);
  const excess = (similarity: number) => (similarity > threshold ? (similarity - threshold) / (1 - threshold) : 0);
  const penalty = excess(closest(marked.dismissed));
  const boost = 0.5 * excess(closest(marked.interested));
  const value = Math.max(-1, Math.min(1, boost - penalty));
  if (penalty > boost) return { value, reason: '与已标记为不相关的专利相似，已降低排序' };
  if (boost > 0) return { value, reason: '与已标记为感兴趣的专利相似' };
  return { value: 0 };
}
