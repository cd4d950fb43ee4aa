import type { Kysely } from 'kysely';
import type { Database } from '@patent-bridge/db';
import type { ChainCatalogue } from '@patent-bridge/domain';
import { buildAgenda } from '../planning/agenda.ts';
import { rankInvitations } from '../planning/invitations.ts';
import { chooseLineUp } from '../planning/line-up.ts';
import { EventSettings, type EventSettingsInput } from './event-settings.ts';
import { loadPlanningData, nameBook } from './planning-data.ts';
import { RoadshowError } from './roadshow-error.ts';
import { chainName, getRoadshow, type RoadshowRecord } from './roadshow-record.ts';

/**
 * Builds a draft roadshow from the stored matches: its line-up (`chooseLineUp`, respecting the
 * no-repitch rule against every other roadshow's line-up), the SMEs to invite with their letters
 * (`rankInvitations`), the owners who sit at the meeting tables, and the day's agenda
 * (`buildAgenda`). Building again replaces all of it; only drafts can be built.
 *
 * @example
 * const roadshow = await buildEvent(db, catalogue, 'rs-2026-04-biomedicine', { date: '2026-04-17', size: 6, meetings: { slots: 8, tables: 6 } });
 * roadshow.lineUp.map((c) => c.title)
 */
export async function buildEvent(db: Kysely<Database>, catalogue: ChainCatalogue, id: string, input: EventSettingsInput): Promise<RoadshowRecord> {
  const settings = EventSettings.parse(input);
  const roadshow = await getRoadshow(db, catalogue, id);
  if (roadshow.state !== 'draft') throw new RoadshowError('not_draft', `roadshow ${id} is ${roadshow.state}; only a draft can be rebuilt`);
  if (settings.date.slice(0, 7) !== roadshow.month) {
    throw new RoadshowError('slot_out_of_range', `the date ${settings.date} is not in the roadshow's month ${roadshow.month}`);
  }
  const data = await loadPlanningData(db);
  const others = await db.selectFrom('roadshows').select(['month', 'line_up']).where('id', '!=', id).execute();
  const previousLineUps = others
    .filter((r) => r.line_up.length > 0)
    .map((r) => ({ month: r.month, patentIds: r.line_up.map((c) => String((c as { patentId: string }).patentId)) }));
  const lineUp = chooseLineUp({
    chainId: roadshow.chainId,
    month: roadshow.month,
    size: settings.size,
    maxPerOwner: settings.maxPerOwner,
    noRepitchMonths: settings.noRepitchMonths,
    patents: data.patents,
    demands: data.demands,
    matches: data.matches,
    previousLineUps,
    asOf: settings.date,
  });
  if (lineUp.choices.length === 0) {
    const why = [...new Set(lineUp.excluded.map((e) => e.why))].join(', ') || 'no patents of the chain have matches';
    throw new RoadshowError('empty_line_up', `no patent of ${roadshow.chainName} can be pitched on ${settings.date} (${why}); import patents or demands of this chain, or plan another chain for ${roadshow.month}`);
  }
  const organizations = nameBook(data.names);
  const invitations = rankInvitations({
    chainId: roadshow.chainId,
    lineUp: lineUp.choices,
    demands: data.demands,
    matches: data.matches,
    enterprises: organizations,
    organizations,
    event: {
      month: roadshow.month,
      chainName: chainName(catalogue, roadshow.chainId),
      date: settings.date,
      start: settings.start,
      ...(settings.location ? { location: settings.location } : {}),
      ...(settings.organizer ? { organizer: settings.organizer } : {}),
    },
    limit: settings.invitationLimit,
  });
  const agenda = buildAgenda({
    date: settings.date,
    start: settings.start,
    pitches: lineUp.choices,
    organizations,
    pitchMinutes: settings.pitchMinutes,
    breakEvery: settings.breakEvery,
    meetings: { slots: settings.meetings.slots, minutes: settings.meetings.minutes },
  });
  const owners = new Map<string, string[]>();
  for (const choice of lineUp.choices) for (const org of choice.ownerOrganizationIds) owners.set(org, [...(owners.get(org) ?? []), choice.patentId]);

  await db.transaction().execute(async (trx) => {
    const kept = await trx.selectFrom('roadshow_owners').select(['organization_id', 'availability']).where('roadshow_id', '=', id).execute();
    const availability = new Map(kept.map((o) => [o.organization_id, o.availability]));
    await trx.deleteFrom('roadshow_invitations').where('roadshow_id', '=', id).execute();
    await trx.deleteFrom('roadshow_owners').where('roadshow_id', '=', id).execute();
    await trx.deleteFrom('meetings').where('roadshow_id', '=', id).execute();
    if (invitations.length) {
      await trx
        .insertInto('roadshow_invitations')
        .values(invitations.map((i) => ({ roadshow_id: id, enterprise_id: i.enterpriseId, rank: i.rank, strength: i.strength, best: i.best, matched: JSON.stringify(i.matchedPatents), text: i.text })))
        .execute();
    }
    await trx
      .insertInto('roadshow_owners')
      .values([...owners].map(([org, patentIds]) => {
        const slots = availability.get(org);
        const fits = slots?.every((r) => r.to < settings.meetings.slots);
        return { roadshow_id: id, organization_id: org, patent_ids: patentIds, availability: slots && fits ? JSON.stringify(slots) : null };
      }))
      .execute();
    await trx
      .updateTable('roadshows')
      .set((eb) => ({
        settings: JSON.stringify(settings),
        line_up: JSON.stringify(lineUp.choices),
        excluded: JSON.stringify(lineUp.excluded),
        agenda: JSON.stringify(agenda),
        schedule: null,
        revision: eb('revision', '+', 1),
        updated_at: new Date().toISOString(),
      }))
      .where('id', '=', id)
      .execute();
  });
  return getRoadshow(db, catalogue, id);
}
