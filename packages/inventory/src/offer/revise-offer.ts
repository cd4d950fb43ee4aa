/**
 * Changing a patent's open-licence offer (开放许可) and its inventory state (转化状态) by hand, as the
 * owning university does from the console: the offer is merged, checked, re-screened and stored
 * with a change-log entry, never over a change the caller did not see.
 */
import type { Kysely } from 'kysely';
import { findPatent, getPatentRevision, updatePatentOffer, type Database } from '@patent-bridge/db';
import { OpenLicenceOffer, type InventoryState, type Patent, type PaymentMode, type Screening } from '@patent-bridge/domain';
import { contentHash } from '../import/upsert.ts';
import { gradeFor, screenPatent } from '../screening/score.ts';

/**
 * An offer change, as a JSON merge patch (RFC 7396): a field left out stays as it is, `null`
 * removes it; `openLicence: null` withdraws the whole offer. (The API's zod schema is
 * `PatentOfferPatch` in the patents routes.)
 */
export interface PatentOfferPatch {
  openLicence?: {
    declared?: boolean | undefined;
    feeCny?: number | null | undefined;
    paymentMode?: PaymentMode | null | undefined;
    termYears?: number | null | undefined;
  } | null | undefined;
  inventoryState?: InventoryState | undefined;
}

/** An offer that is well formed field by field but contradicts itself; HTTP APIs answer it with 400. */
export class OfferConflictError extends Error {
  override readonly name = 'OfferConflictError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ReviseOfferOptions {
  /** Who makes the change, as the change log records it (`api:<key id>`). */
  source: string;
  /** Re-checked against the patent as it is just before writing; false ends with `precondition_failed`. */
  precondition?: (current: Patent) => boolean | Promise<boolean>;
  today?: Date;
}

export type ReviseOfferResult =
  | { outcome: 'updated'; patent: Patent; fields: string[] }
  | { outcome: 'unchanged'; patent: Patent; fields: [] }
  | { outcome: 'precondition_failed'; patent: Patent }
  | { outcome: 'not_found' };

/** Attempts before giving up when background jobs keep changing the same row (demand pull, re-screening). */
const ATTEMPTS = 5;

/**
 * Applies an offer patch to one patent (by id or any number). The merged offer is checked (a free
 * licence carries no fee), the screening is recomputed for it
 * (its demand-pull part kept, as the matching service owns that), and the write lands only if
 * nobody changed the patent since it was read (it is re-read and re-tried otherwise).
 *
 * @example
 * const result = await revisePatentOffer(db, 'ZL 201010110545.X', { openLicence: { declared: true, feeCny: 20000, paymentMode: 'annual' } }, { source: 'api:key_1' });
 * result.outcome // 'updated'
 * result.patent.openLicence // { declared: true, feeCny: 20000, paymentMode: 'annual' }
 * result.fields // ['openLicence']
 */
export async function revisePatentOffer(db: Kysely<Database>, idOrNumber: string, patch: PatentOfferPatch, options: ReviseOfferOptions): Promise<ReviseOfferResult> {
  const found = await findPatent(db, idOrNumber);
  if (!found) return { outcome: 'not_found' };
  for (let attempt = 1; ; attempt++) {
    const current = await getPatentRevision(db, found.id);
    if (!current) return { outcome: 'not_found' };
    const { patent, revision } = current;
    if (options.precondition && !(await options.precondition(patent))) return { outcome: 'precondition_failed', patent };

    const openLicence = mergeOffer(patent.openLicence, patch.openLicence);
    const inventoryState = patch.inventoryState ?? patent.inventoryState;
    const fields: string[] = [];
    if (JSON.stringify(sortedOffer(openLicence)) !== JSON.stringify(sortedOffer(patent.openLicence))) fields.push('openLicence');
    if (inventoryState !== patent.inventoryState) fields.push('inventoryState');
    if (fields.length === 0) return { outcome: 'unchanged', patent, fields: [] };

    const next: Patent = { ...patent, inventoryState };
    if (openLicence) next.openLicence = openLicence;
    else delete next.openLicence;
    const { createdAt: _c, updatedAt: _u, ...content } = next;
    const updated = await updatePatentOffer(db, patent.id, {
      openLicence,
      inventoryState,
      screening: rescreen(next, patent.screening, options.today ?? new Date()),
      contentHash: contentHash(content),
      expectedRevision: revision,
      change: { source: options.source, fields },
    });
    if (updated) return { outcome: 'updated', patent: updated, fields };
    if (attempt >= ATTEMPTS) throw new Error(`patent ${patent.id} kept changing while its offer was being written; try again`);
  }
}

/**
 * The offer after a merge patch, checked; undefined when there is none.
 *
 * @example
 * mergeOffer({ declared: true, feeCny: 5000, paymentMode: 'annual' }, { feeCny: null, paymentMode: 'free' }) // { declared: true, paymentMode: 'free' }
 * mergeOffer({ declared: true }, null)                                                                   // undefined (withdrawn)
 */
export function mergeOffer(current: OpenLicenceOffer | undefined, patch: PatentOfferPatch['openLicence']): OpenLicenceOffer | undefined {
  if (patch === undefined) return current;
  if (patch === null) return undefined;
  const merged: Record<string, unknown> = { declared: false, ...current };
  for (const [field, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) delete merged[field];
    else merged[field] = value;
  }
  const offer = OpenLicenceOffer.parse(merged);
  if (offer.paymentMode === 'free' && (offer.feeCny ?? 0) > 0) {
    throw new OfferConflictError('openLicence.feeCny', `a free licence (paymentMode "free") has no fee, but feeCny is ${offer.feeCny}; set feeCny to 0 or null, or choose another paymentMode`);
  }
  return offer;
}

function sortedOffer(offer: OpenLicenceOffer | undefined): Array<[string, unknown]> | null {
  return offer ? Object.entries(offer).sort(([a], [b]) => a.localeCompare(b)) : null;
}

/** Screening for the new offer, keeping the demand-pull component the matching service last computed. */
function rescreen(patent: Patent, previous: Screening | undefined, today: Date): Screening {
  const fresh = screenPatent(patent, today);
  const pull = previous?.components.find((c) => c.name === 'demand_pull');
  if (!pull) return fresh;
  const components = fresh.components.map((c) => (c.name === 'demand_pull' ? pull : c));
  const score = Math.round(components.reduce((sum, c) => sum + c.points, 0) * 10) / 10;
  return { ...fresh, components, score, grade: gradeFor(score) };
}
