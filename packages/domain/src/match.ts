import { z } from 'zod';

export const MatchFeature = z.strictObject({
  name: z.string(),
  value: z.number(),
  weight: z.number(),
  contribution: z.number(),
});
export type MatchFeature = z.infer<typeof MatchFeature>;

/** A ranked licensing candidate between one demand and one patent, with why. */
export const Match = z.strictObject({
  demandId: z.string(),
  patentId: z.string(),
  score: z.number(),
  rank: z.number().int().positive(),
  features: z.array(MatchFeature),
  /** A readable explanation in Chinese, naming the matched terms and reasons. */
  explanation: z.string(),
  matchedTerms: z.array(z.string()).default([]),
  /** Version of the weights configuration that produced this match. */
  weightsVersion: z.string(),
  computedAt: z.string(),
});
export type Match = z.infer<typeof Match>;

export const NotRelevantReason = z.enum(['too_early_stage', 'benefit_unclear', 'commercial_route_unclear', 'description_unclear', 'other']);
export type NotRelevantReason = z.infer<typeof NotRelevantReason>;

export const MatchFeedback = z.discriminatedUnion('verdict', [
  z.strictObject({ verdict: z.literal('interested'), note: z.string().max(2000).optional() }),
  z.strictObject({ verdict: z.literal('not_relevant'), reason: NotRelevantReason, note: z.string().max(2000).optional() }),
]);
export type MatchFeedback = z.infer<typeof MatchFeedback>;
