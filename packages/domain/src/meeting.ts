import { z } from 'zod';

/** Grip-style preference an SME gives for a one-to-one meeting. */
export const MeetingPreference = z.enum(['must_meet', 'meet', 'no']);
export type MeetingPreference = z.infer<typeof MeetingPreference>;

export const MeetingRequest = z.strictObject({
  roadshowId: z.string(),
  enterpriseId: z.string(),
  ownerOrganizationId: z.string(),
  preference: MeetingPreference,
});
export type MeetingRequest = z.infer<typeof MeetingRequest>;

/** A scheduled one-to-one meeting between an SME and a patent owner at a roadshow. */
export const Meeting = z.strictObject({
  id: z.string(),
  roadshowId: z.string(),
  enterpriseId: z.string(),
  ownerOrganizationId: z.string(),
  slot: z.number().int().nonnegative(),
  table: z.number().int().nonnegative(),
  value: z.number(),
  status: z.enum(['scheduled', 'cancelled', 'held']),
});
export type Meeting = z.infer<typeof Meeting>;
