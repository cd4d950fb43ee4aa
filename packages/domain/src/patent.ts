import { z } from 'zod';
import { PatentType } from './patent-type.ts';
import { LegalStatus } from './legal-status.ts';

const IsoDate = z.iso.date();

/** 转化状态: what has happened to a patent in the conversion programme. */
export const InventoryState = z.enum(['idle', 'implemented', 'licensed', 'transferred', 'abandoned']);
export type InventoryState = z.infer<typeof InventoryState>;

export const PaymentMode = z.enum(['lump_sum', 'annual', 'royalty', 'lump_sum_plus_royalty', 'free']);
export type PaymentMode = z.infer<typeof PaymentMode>;

/** 开放许可: the owner's public offer to license to anyone on stated terms. */
export const OpenLicenceOffer = z.strictObject({
  declared: z.boolean(),
  /** Fee in CNY per year for annual payment, or in total for a lump sum. */
  feeCny: z.number().nonnegative().optional(),
  paymentMode: PaymentMode.optional(),
  termYears: z.number().positive().max(30).optional(),
});
export type OpenLicenceOffer = z.infer<typeof OpenLicenceOffer>;

export const Script = z.enum(['simplified', 'traditional']);
export type Script = z.infer<typeof Script>;

export const Provenance = z.strictObject({
  /** Upload file name or `dataset:<folder>/<file>`. */
  source: z.string(),
  line: z.number().int().positive().optional(),
  taskId: z.number().int().positive().optional(),
});
export type Provenance = z.infer<typeof Provenance>;

export const ChainTag = z.strictObject({
  chain: z.string(),
  /** Why: `ipc:A61K` (an IPC prefix rule matched) or `keyword:疫苗`. */
  reason: z.string(),
});
export type ChainTag = z.infer<typeof ChainTag>;

export const ScreeningComponent = z.strictObject({
  name: z.string(),
  /** 0…1, how the patent does on this signal. */
  value: z.number().min(0).max(1),
  weight: z.number().min(0),
  /** Points this component adds to the 0…100 score. */
  points: z.number(),
  note: z.string(),
});
export type ScreeningComponent = z.infer<typeof ScreeningComponent>;

export const Screening = z.strictObject({
  version: z.string(),
  /** 0…100. */
  score: z.number().min(0).max(100),
  grade: z.enum(['A', 'B', 'C', 'D']),
  components: z.array(ScreeningComponent),
  computedAt: z.string(),
});
export type Screening = z.infer<typeof Screening>;

/** A patent in the base library, as stored and served. */
export const Patent = z.strictObject({
  id: z.string(),
  applicationNumber: z.string().optional(),
  publicationNumbers: z.array(z.string()).default([]),
  grantPublicationNumber: z.string().optional(),
  sourceId: z.string().optional(),
  type: PatentType.optional(),
  title: z.string().min(1),
  abstract: z.string().optional(),
  claims: z.string().optional(),
  /** Original-script text, kept when the record came in Traditional Chinese. */
  original: z.strictObject({ title: z.string(), abstract: z.string().optional(), claims: z.string().optional() }).optional(),
  script: Script,
  ipcCodes: z.array(z.string()).default([]),
  applicants: z.array(z.string()).default([]),
  owners: z.array(z.string()).default([]),
  inventors: z.array(z.string()).default([]),
  ownerOrganizationIds: z.array(z.string()).default([]),
  filingDate: IsoDate.optional(),
  filingYear: z.number().int().optional(),
  publicationDate: IsoDate.optional(),
  grantDate: IsoDate.optional(),
  legalStatus: LegalStatus,
  legalStatusRaw: z.string().optional(),
  legalStatusAsOf: IsoDate.optional(),
  expiryDate: IsoDate.optional(),
  openLicence: OpenLicenceOffer.optional(),
  inventoryState: InventoryState,
  transferCount: z.number().int().nonnegative().optional(),
  licenseCount: z.number().int().nonnegative().optional(),
  chains: z.array(ChainTag).default([]),
  screening: Screening.optional(),
  attributes: z.record(z.string(), z.string()).default({}),
  provenance: Provenance,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Patent = z.infer<typeof Patent>;
