import { z } from 'zod';
import defaultFile from '../config/matching-weights.json' with { type: 'json' };

/** The features a match score is made of, in the order breakdowns list them. */
export const FEATURE_NAMES = ['semantic', 'keyword', 'ipc_fit', 'chain', 'vitality', 'licence', 'region', 'owner_kind', 'screening', 'feedback'] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];

const Weight = z.number().min(0).max(10);

export const MatchingConfig = z.strictObject({
  /** Bump on every change: stored matches and feedback record it. */
  version: z.string().min(1),
  note: z.string().optional(),
  /** How many hybrid-search candidates are re-ranked per demand. */
  candidates: z.number().int().min(10).max(2000),
  /** Weight (0…1) of the IPC hints taken from the demand's best candidates' own classification. */
  candidateHintStrength: z.number().min(0).max(1),
  /** How many matches are kept per demand by the batch job. */
  topK: z.number().int().min(1).max(200),
  /** A stored match at or above this score is announced as a `match.created` event. */
  strongMatchScore: z.number().min(0).max(1),
  weights: z.strictObject(Object.fromEntries(FEATURE_NAMES.map((name) => [name, Weight])) as Record<FeatureName, typeof Weight>),
  region: z.strictObject({
    sameCity: z.number().min(0).max(1),
    sameProvince: z.number().min(0).max(1),
    /** Owners in these provinces (the programme's own) rank above other places. */
    preferredProvince: z.number().min(0).max(1),
    elsewhere: z.number().min(0).max(1),
    unknown: z.number().min(0).max(1),
    preferredProvinces: z.array(z.string().min(1)),
  }),
  ownerKind: z.record(z.string(), z.number().min(0).max(1)),
  feedback: z.strictObject({
    /** Patents at least this similar (cosine) to one the demand dismissed are demoted. */
    similarityThreshold: z.number().min(0).max(1),
  }),
});
export type MatchingConfig = z.infer<typeof MatchingConfig>;

/**
 * The configuration shipped in `packages/matching/config/matching-weights.json`.
 *
 * @example
 * defaultMatchingConfig().version // 'match-1'
 */
export function defaultMatchingConfig(): MatchingConfig {
  return MatchingConfig.parse(defaultFile);
}

/**
 * A configuration with some weights replaced, under a new version name.
 *
 * @example
 * withWeights(defaultMatchingConfig(), 'match-1-learned', { semantic: 0.5 })
 */
export function withWeights(config: MatchingConfig, version: string, weights: Partial<Record<FeatureName, number>>): MatchingConfig {
  return MatchingConfig.parse({ ...config, version, weights: { ...config.weights, ...weights } });
}
