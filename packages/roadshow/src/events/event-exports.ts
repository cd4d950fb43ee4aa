import type { Kysely } from 'kysely';
import { organizationNames, type Database } from '@patent-bridge/db';
import type { ChainCatalogue } from '@patent-bridge/domain';
import { agendaCsv, meetingScheduleCsv } from '../exports/csv.ts';
import type { ExportMeeting, RoadshowInfo } from '../exports/event-info.ts';
import { agendaHtml } from '../exports/html.ts';
import { participantCalendar, roadshowCalendar } from '../exports/ics.ts';
import type { Agenda } from '../planning/agenda.ts';
import { RoadshowError } from './roadshow-error.ts';
import { getRoadshow } from './roadshow-record.ts';

export type EventExportKind = 'agenda.ics' | 'agenda.csv' | 'agenda.html' | 'meetings.csv' | 'calendar.ics';

export const EXPORT_TYPES: Record<EventExportKind, string> = {
  'agenda.ics': 'text/calendar; charset=utf-8',
  'calendar.ics': 'text/calendar; charset=utf-8',
  'agenda.csv': 'text/csv; charset=utf-8',
  'meetings.csv': 'text/csv; charset=utf-8',
  'agenda.html': 'text/html; charset=utf-8',
};

/**
 * A built roadshow as a file: the event's calendar, its agenda as CSV or printable HTML, the
 * meeting list as CSV, or one participant's calendar (`participant`: an invited enterprise or an
 * owner at the tables). Cancelled meetings stay in calendars as cancelled. `withMeetings: false`
 * leaves the meeting grid out of the printable agenda.
 *
 * @example
 * const { body, filename } = await exportRoadshow(db, catalogue, 'rs-2026-04-biomedicine', 'calendar.ics', { participant: 'org_ent' });
 */
export async function exportRoadshow(
  db: Kysely<Database>,
  catalogue: ChainCatalogue,
  id: string,
  kind: EventExportKind,
  options: { participant?: string; withMeetings?: boolean } = {},
): Promise<{ body: string; filename: string; contentType: string }> {
  const roadshow = await getRoadshow(db, catalogue, id);
  if (!roadshow.agenda) throw new RoadshowError('not_built', `roadshow ${id} has no agenda yet; POST /v1/roadshows/${id}/build first`);
  const agenda = roadshow.agenda as Agenda;
  const rows = await db.selectFrom('meetings').selectAll().where('roadshow_id', '=', id).execute();
  const meetings: ExportMeeting[] = rows.map((m) => ({ id: String(m.id), enterpriseId: m.enterprise_id, ownerOrganizationId: m.owner_organization_id, slot: m.slot, table: m.table_no, status: m.status }));
  const names = await organizationNames(db, [...new Set([...rows.flatMap((m) => [m.enterprise_id, m.owner_organization_id]), ...(options.participant ? [options.participant] : [])])]);
  const settings = roadshow.settings;
  const info: RoadshowInfo = {
    id,
    title: roadshow.title,
    ...(settings?.location ? { location: settings.location } : {}),
    ...(settings?.organizer ? { organizer: settings.organizer } : {}),
  };
  const sequence = roadshow.revision;
  const file = (body: string, suffix: string) => ({ body, filename: `${id}${suffix}`, contentType: EXPORT_TYPES[kind] });
  switch (kind) {
    case 'agenda.ics':
      return file(roadshowCalendar({ roadshow: info, agenda, sequence }), '.ics');
    case 'agenda.csv':
      return file(agendaCsv(agenda), '-agenda.csv');
    case 'meetings.csv':
      return file(meetingScheduleCsv({ agenda, meetings: meetings.filter((m) => m.status !== 'cancelled'), names }), '-meetings.csv');
    case 'agenda.html':
      return file(agendaHtml({ roadshow: info, agenda, meetings: options.withMeetings === false ? [] : meetings.filter((m) => m.status !== 'cancelled'), names, generatedAt: new Date().toISOString().slice(0, 16).replace('T', ' ') }), '.html');
    case 'calendar.ics': {
      const participant = options.participant;
      if (!participant) throw new RoadshowError('unknown_enterprise', 'name the participant: ?participant=<organisation id>');
      const invitation = await db.selectFrom('roadshow_invitations').select('matched').where('roadshow_id', '=', id).where('enterprise_id', '=', participant).executeTakeFirst();
      const owner = await db.selectFrom('roadshow_owners').select('organization_id').where('roadshow_id', '=', id).where('organization_id', '=', participant).executeTakeFirst();
      if (!invitation && !owner) throw new RoadshowError('unknown_enterprise', `${participant} is neither invited to nor an owner at roadshow ${id}`);
      const body = participantCalendar({
        roadshow: info,
        agenda,
        meetings,
        names,
        sequence,
        participant: { kind: owner ? 'owner' : 'enterprise', id: participant, ...(names.get(participant) ? { name: names.get(participant)! } : {}) },
        ...(invitation ? { patentIds: invitation.matched.map((p) => String((p as { patentId: string }).patentId)) } : {}),
      });
      return file(body, `-${participant}.ics`);
    }
  }
}
