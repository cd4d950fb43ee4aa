import { z } from 'zod';
import type { Kysely } from 'kysely';
import { organizationNames, type Database } from '@patent-bridge/db';
import type { ChainCatalogue } from '@patent-bridge/domain';
import { SlotRange } from '../meetings/instance.ts';
import { EventSettings } from './event-settings.ts';
import { RoadshowError } from './roadshow-error.ts';
import { getRoadshow } from './roadshow-record.ts';

export const MeetingOutcome = z.strictObject({
  status: z.enum(['held', 'cancelled']),
  /** How far the two sides got: none, interested, negotiating, agreed (to license or assign). */
  intent: z.enum(['none', 'interested', 'negotiating', 'agreed']).optional(),
  note: z.string().trim().max(2000).optional(),
});
export type MeetingOutcome = z.infer<typeof MeetingOutcome>;

/**
 * Records how a meeting went, on the day or after it.
 *
 * @example
 * await recordMeetingOutcome(db, 'rs-2026-04-biomedicine', '17', { status: 'held', intent: 'negotiating', note: '约定下周看样机' });
 */
export async function recordMeetingOutcome(db: Kysely<Database>, roadshowId: string, meetingId: string, input: MeetingOutcome): Promise<void> {
  const outcome = MeetingOutcome.parse(input);
  if (!/^\d{1,15}$/.test(meetingId)) throw new RoadshowError('meeting_not_found', `no meeting ${meetingId} at roadshow ${roadshowId}`);
  const updated = await db
    .updateTable('meetings')
    .set({ status: outcome.status, intent: outcome.intent ?? null, ...(outcome.note !== undefined ? { note: outcome.note } : {}), updated_at: new Date().toISOString() })
    .where('id', '=', Number(meetingId))
    .where('roadshow_id', '=', roadshowId)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new RoadshowError('meeting_not_found', `no meeting ${meetingId} at roadshow ${roadshowId}`);
}

export const ContractInput = z.strictObject({
  enterpriseId: z.string().min(1).max(64),
  ownerOrganizationId: z.string().min(1).max(64),
  patentIds: z.array(z.string().min(1).max(64)).min(1).max(100),
  kind: z.enum(['licence', 'assignment']),
  valueCny: z.number().nonnegative().max(1e12),
  signedOn: z.iso.date(),
});
export type ContractInput = z.infer<typeof ContractInput>;

export interface Contract extends ContractInput {
  id: string;
  roadshowId: string;
  enterpriseName: string;
  ownerName: string;
  recordedBy: string | null;
  createdAt: string;
}

/**
 * Records a licence or assignment contract that came out of a roadshow: the funnel's last stage.
 * The patents must have been pitched at it.
 *
 * @example
 * await recordContract(db, catalogue, 'rs-2026-04-biomedicine', { enterpriseId: 'org_ent', ownerOrganizationId: 'org_sdu', patentIds: ['pt_1'], kind: 'licence', valueCny: 200000, signedOn: '2026-06-01' });
 */
export async function recordContract(db: Kysely<Database>, catalogue: ChainCatalogue, roadshowId: string, input: ContractInput, recordedBy?: string): Promise<Contract> {
  const contract = ContractInput.parse(input);
  const roadshow = await getRoadshow(db, catalogue, roadshowId);
  const pitched = new Set(roadshow.lineUp.map((c) => c.patentId));
  const foreign = contract.patentIds.filter((p) => !pitched.has(p));
  if (foreign.length) throw new RoadshowError('patent_not_pitched', `not pitched at roadshow ${roadshowId}: ${foreign.join(', ')}`);
  const owner = await db.selectFrom('roadshow_owners').select('organization_id').where('roadshow_id', '=', roadshowId).where('organization_id', '=', contract.ownerOrganizationId).executeTakeFirst();
  if (!owner) throw new RoadshowError('unknown_owner', `${contract.ownerOrganizationId} is not an owner at roadshow ${roadshowId}`);
  const row = await db
    .insertInto('roadshow_contracts')
    .values({
      roadshow_id: roadshowId,
      enterprise_id: contract.enterpriseId,
      owner_organization_id: contract.ownerOrganizationId,
      patent_ids: contract.patentIds,
      kind: contract.kind,
      value_cny: contract.valueCny,
      signed_on: contract.signedOn,
      recorded_by: recordedBy ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return (await listContracts(db, roadshowId)).find((c) => c.id === String(row.id))!;
}

/**
 * The contracts recorded for a roadshow.
 *
 * @example
 * (await listContracts(db, 'rs-2026-04-biomedicine'))[0].valueCny // 200000
 */
export async function listContracts(db: Kysely<Database>, roadshowId: string): Promise<Contract[]> {
  const rows = await db.selectFrom('roadshow_contracts').selectAll().where('roadshow_id', '=', roadshowId).orderBy('id').execute();
  const names = await organizationNames(db, [...new Set(rows.flatMap((r) => [r.enterprise_id, r.owner_organization_id]))]);
  return rows.map((r) => ({
    id: String(r.id),
    roadshowId: r.roadshow_id,
    enterpriseId: r.enterprise_id,
    enterpriseName: names.get(r.enterprise_id) ?? r.enterprise_id,
    ownerOrganizationId: r.owner_organization_id,
    ownerName: names.get(r.owner_organization_id) ?? r.owner_organization_id,
    patentIds: r.patent_ids,
    kind: r.kind,
    valueCny: Number(r.value_cny),
    signedOn: String(r.signed_on).slice(0, 10),
    recordedBy: r.recorded_by,
    createdAt: r.created_at,
  }));
}

export const AvailabilityInput = z.strictObject({ slots: z.array(SlotRange).max(48) });

/**
 * Sets the meeting slots an owner's representative is at a table (an empty list: not at all).
 *
 * @example
 * await setOwnerAvailability(db, catalogue, 'rs-2026-04-biomedicine', 'org_sdu', { slots: [{ from: 0, to: 3 }] });
 */
export async function setOwnerAvailability(db: Kysely<Database>, catalogue: ChainCatalogue, roadshowId: string, organizationId: string, input: z.infer<typeof AvailabilityInput>): Promise<void> {
  const { slots } = AvailabilityInput.parse(input);
  const roadshow = await getRoadshow(db, catalogue, roadshowId);
  if (roadshow.state === 'held' || roadshow.state === 'closed') throw new RoadshowError('schedule_closed', `roadshow ${roadshowId} is ${roadshow.state}`);
  const total = roadshow.settings ? EventSettings.parse(roadshow.settings).meetings.slots : 0;
  const beyond = slots.find((r) => r.to >= total);
  if (beyond) throw new RoadshowError('slot_out_of_range', `roadshow ${roadshowId} has meeting slots 0–${total - 1}; ${beyond.from}–${beyond.to} is outside`);
  const updated = await db
    .updateTable('roadshow_owners')
    .set({ availability: JSON.stringify(slots) })
    .where('roadshow_id', '=', roadshowId)
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new RoadshowError('unknown_owner', `${organizationId} is not an owner at roadshow ${roadshowId}`);
}

/**
 * The owners at a roadshow's tables, named, with their pitched patents and availability.
 *
 * @example
 * (await roadshowOwners(db, 'rs-2026-04-biomedicine'))[0] // { id: 'org_sdu', name: '山东大学', patentIds: ['pt_1'], availability: null }
 */
export async function roadshowOwners(db: Kysely<Database>, roadshowId: string): Promise<Array<{ id: string; name: string; patentIds: string[]; availability: Array<{ from: number; to: number }> | null }>> {
  const rows = await db.selectFrom('roadshow_owners').selectAll().where('roadshow_id', '=', roadshowId).orderBy('organization_id').execute();
  const names = await organizationNames(db, rows.map((r) => r.organization_id));
  return rows.map((r) => ({ id: r.organization_id, name: names.get(r.organization_id) ?? r.organization_id, patentIds: r.patent_ids, availability: r.availability }));
}
