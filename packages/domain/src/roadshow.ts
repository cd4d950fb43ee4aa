import { z } from 'zod';

/** draft → published → held → closed. */
export const RoadshowState = z.enum(['draft', 'published', 'held', 'closed']);
export type RoadshowState = z.infer<typeof RoadshowState>;

export const PitchSlot = z.strictObject({
  patentId: z.string(),
  presenterOrganizationId: z.string(),
  start: z.string(),
  minutes: z.number().int().positive(),
});
export type PitchSlot = z.infer<typeof PitchSlot>;

/** One month's "one chain per month" (一月一链) event. */
export const Roadshow = z.strictObject({
  id: z.string(),
  chainId: z.string(),
  /** `2025-03`. */
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  state: RoadshowState,
  reason: z.string(),
  lineUp: z.array(z.string()).default([]),
  invitedEnterpriseIds: z.array(z.string()).default([]),
  agenda: z.array(PitchSlot).default([]),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Roadshow = z.infer<typeof Roadshow>;
