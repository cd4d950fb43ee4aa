import { z } from 'zod';
import { InventoryState, LegalStatus } from '@patent-bridge/domain';

/**
 * What planning needs to know about a patent: a `Patent` from the domain fits, and so does any
 * plain record with these fields. Chains are chain ids or the domain's chain tags.
 */
export const PlanningPatent = z.object({
  id: z.string().min(1),
  title: z.string().default(''),
  chains: z.array(z.union([z.string(), z.object({ chain: z.string() })])).default([]),
  ownerOrganizationIds: z.array(z.string()).default([]),
  /** Owner names, used when a patent has no organisation id. */
  owners: z.array(z.string()).default([]),
  legalStatus: LegalStatus,
  inventoryState: InventoryState,
  expiryDate: z.string().optional(),
  openLicence: z.object({ declared: z.boolean(), feeCny: z.number().optional() }).optional(),
  screening: z.object({ score: z.number() }).optional(),
});
export type PlanningPatent = z.infer<typeof PlanningPatent>;

/** What planning needs to know about an SME demand (a domain `Demand` fits). */
export const PlanningDemand = z.object({
  id: z.string().min(1),
  enterpriseId: z.string().min(1),
  title: z.string().default(''),
  chains: z.array(z.string()).default([]),
  status: z.enum(['open', 'closed']).default('open'),
});
export type PlanningDemand = z.infer<typeof PlanningDemand>;

/** A demand–patent match as the matcher stores it (only these fields are read). */
export const PlanningMatch = z.object({
  demandId: z.string(),
  patentId: z.string(),
  score: z.number(),
});
export type PlanningMatch = z.infer<typeof PlanningMatch>;

/**
 * The chain ids of a patent, from plain ids or chain tags.
 *
 * @example
 * chainIdsOf({ chains: [{ chain: 'biomedicine', reason: 'ipc:A61K' }, 'new-materials'] }) // ['biomedicine', 'new-materials']
 */
export function chainIdsOf(patent: { chains: ReadonlyArray<string | { chain: string }> }): string[] {
  return patent.chains.map((c) => (typeof c === 'string' ? c : c.chain));
}

/** Why a patent may not be pitched, or `undefined` when it may. */
export type Unpitchable = 'not_granted' | 'expired' | 'not_idle';

/**
 * Whether a patent can be offered at a roadshow: granted, not past its expiry on `asOf`
 * (an ISO date), and idle (not already implemented, licensed, transferred or abandoned).
 *
 * @example
 * whyUnpitchable({ legalStatus: 'granted', inventoryState: 'idle' }, '2025-03-01') // undefined
 * whyUnpitchable({ legalStatus: 'lapsed', inventoryState: 'idle' }, '2025-03-01')  // 'not_granted'
 */
export function whyUnpitchable(
  patent: { legalStatus: LegalStatus; inventoryState: InventoryState; expiryDate?: string | undefined },
  asOf: string,
  inventoryStates: readonly InventoryState[] = ['idle'],
): Unpitchable | undefined {
  if (patent.legalStatus !== 'granted') return 'not_granted';
  if (patent.expiryDate !== undefined && patent.expiryDate.slice(0, 10) <= asOf.slice(0, 10)) return 'expired';
  if (!inventoryStates.includes(patent.inventoryState)) return 'not_idle';
  return undefined;
}

/**
 * The organisations a patent's owner cap counts against: its owner organisation ids, else its
 * owner names, else the patent itself (an owner nobody else shares).
 *
 * @example
 * ownerKeysOf({ id: 'p1', ownerOrganizationIds: ['org-sdu'], owners: ['山东大学'] }) // ['org-sdu']
 */
export function ownerKeysOf(patent: { id: string; ownerOrganizationIds: readonly string[]; owners: readonly string[] }): string[] {
  if (patent.ownerOrganizationIds.length > 0) return [...new Set(patent.ownerOrganizationIds)];
  if (patent.owners.length > 0) return [...new Set(patent.owners.map((o) => `name:${o}`))];
  return [`patent:${patent.id}`];
}
