import { z } from 'zod';
import { Region } from './organization.ts';

export const LicenceMode = z.enum(['assignment', 'exclusive', 'sole', 'non_exclusive', 'open_licence']);
export type LicenceMode = z.infer<typeof LicenceMode>;

/** Technology readiness an SME needs: a lab result, a prototype, or something ready for production. */
export const Maturity = z.enum(['concept', 'lab', 'prototype', 'pilot', 'production']);
export type Maturity = z.infer<typeof Maturity>;

export const Visibility = z.enum(['public', 'private']);
export type Visibility = z.infer<typeof Visibility>;

export const DemandStatus = z.enum(['open', 'closed']);
export type DemandStatus = z.infer<typeof DemandStatus>;

/** What an SME writes when it posts a technology demand. */
export const DemandInput = z.strictObject({
  enterpriseId: z.string().min(1),
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().max(10_000).default(''),
  keywords: z.array(z.string().trim().min(1).max(50)).max(50).default([]),
  /** GB/T 4754 3-digit industry code. */
  industryCode: z.string().regex(/^\d{3}$/, 'a GB/T 4754 industry code has 3 digits').optional(),
  chains: z.array(z.string()).default([]),
  region: Region.default({}),
  budgetCny: z
    .strictObject({ min: z.number().nonnegative().optional(), max: z.number().nonnegative().optional() })
    .refine((b) => b.min === undefined || b.max === undefined || b.min <= b.max, 'budget min is above max')
    .optional(),
  licenceModes: z.array(LicenceMode).default([]),
  maturity: Maturity.optional(),
  deadline: z.iso.date().optional(),
  visibility: Visibility.default('public'),
});
export type DemandInput = z.infer<typeof DemandInput>;

/** An SME technology demand profile, as stored. */
export const Demand = DemandInput.extend({
  id: z.string(),
  status: DemandStatus,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Demand = z.infer<typeof Demand>;
