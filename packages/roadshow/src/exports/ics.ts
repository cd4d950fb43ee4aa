import type { Agenda, AgendaItem } from '../planning/agenda.ts';
import { beijingWallClock, TIME_ZONE } from '../planning/clock.ts';
import { meetingSlotOf, nameLookup, type ExportMeeting, type NameBook, type RoadshowInfo } from './event-info.ts';

/** One VEVENT. Times are ISO 8601 timestamps; they are written as Beijing wall-clock time with TZID. */
export interface CalendarEvent {
  /** Stable across exports, so a re-import updates the event instead of adding a copy. */
  uid: string;
  start: string;
  end: string;
  summary: string;
  location?: string;
  description?: string;
  status?: 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED';
  /** Raise on every change of a published event. */
  sequence?: number;
}

export interface CalendarOptions {
  /** The calendar's display name (X-WR-CALNAME). */
  name?: string;
  /** DTSTAMP: when this calendar was generated; now by default. */
  stamp?: Date | string;
}

const CRLF = '\r\n';
const PRODID = '-//patent-bridge//roadshow//ZH';

/**
 * Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma are escaped, line
 * breaks become `\n`, other control characters are dropped.
 *
 * @example
 * escapeCalendarText('茶歇; 签到,入场\n下午') // '茶歇\\; 签到\\,入场\\n下午'
 */
export function escapeCalendarText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\n/g, '\\n');
}

function utf8Length(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/**
 * Folds a content line so that no physical line is longer than 75 octets of UTF-8 (RFC 5545
 * §3.1): continuation lines start with a space, and a multi-octet character is never split.
 *
 * @example
 * foldCalendarLine('SUMMARY:' + '路演'.repeat(20)).split('\r\n').length // 2
 */
export function foldCalendarLine(line: string): string {
  const lines: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const n = utf8Length(ch.codePointAt(0)!);
    if (octets + n > limit) {
      lines.push(current);
      current = '';
      octets = 0;
      limit = 74; // the leading space is the 75th octet
    }
    current += ch;
    octets += n;
  }
  lines.push(current);
  return lines.join(`${CRLF} `);
}

/**
 * A UTC DATE-TIME, as DTSTAMP needs.
 *
 * @example
 * calendarUtc(new Date('2025-03-01T08:00:00Z')) // '20250301T080000Z'
 */
export function calendarUtc(moment: Date | string): string {
  const iso = (typeof moment === 'string' ? new Date(moment) : moment).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

/**
 * A Beijing wall-clock DATE-TIME for DTSTART/DTEND with `TZID=Asia/Shanghai`.
 *
 * @example
 * calendarLocal('2025-04-18T09:30:00+08:00') // '20250418T093000'
 */
export function calendarLocal(timestamp: string): string {
  const { date, time, seconds } = beijingWallClock(timestamp);
  return `${date.replace(/-/g, '')}T${time.replace(':', '')}${String(seconds).padStart(2, '0')}`;
}

/** Asia/Shanghai has kept UTC+8 without daylight saving since 1991: one STANDARD rule is exact. */
const VTIMEZONE = ['BEGIN:VTIMEZONE', `TZID:${TIME_ZONE}`, `X-LIC-LOCATION:${TIME_ZONE}`, 'BEGIN:STANDARD', 'TZOFFSETFROM:+0800', 'TZOFFSETTO:+0800', 'TZNAME:CST', 'DTSTART:19700101T000000', 'END:STANDARD', 'END:VTIMEZONE'];

/**
 * A complete iCalendar file (RFC 5545): VCALENDAR with the Asia/Shanghai VTIMEZONE and one
 * VEVENT per event, lines folded at 75 octets and ended by CRLF, UTF-8 text escaped.
 *
 * @example
 * renderCalendar([{ uid: 'rs-1@patent-bridge', start: '2025-04-18T09:00:00+08:00', end: '2025-04-18T17:00:00+08:00', summary: '路演' }], { stamp: '2025-03-01T00:00:00Z' })
 * // 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//patent-bridge//roadshow//ZH\r\n…'
 */
export function renderCalendar(events: readonly CalendarEvent[], options: CalendarOptions = {}): string {
  const stamp = calendarUtc(options.stamp ?? new Date());
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:${PRODID}`, 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH'];
  if (options.name) lines.push(`X-WR-CALNAME:${escapeCalendarText(options.name)}`);
  lines.push(`X-WR-TIMEZONE:${TIME_ZONE}`, ...VTIMEZONE);
  for (const e of events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${escapeCalendarText(e.uid)}`,
      `DTSTAMP:${stamp}`,
      `DTSTART;TZID=${TIME_ZONE}:${calendarLocal(e.start)}`,
      `DTEND;TZID=${TIME_ZONE}:${calendarLocal(e.end)}`,
      `SUMMARY:${escapeCalendarText(e.summary)}`,
    );
    if (e.location) lines.push(`LOCATION:${escapeCalendarText(e.location)}`);
    if (e.description) lines.push(`DESCRIPTION:${escapeCalendarText(e.description)}`);
    lines.push(`STATUS:${e.status ?? 'CONFIRMED'}`, `SEQUENCE:${e.sequence ?? 0}`, 'TRANSP:OPAQUE', 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldCalendarLine).join(CRLF) + CRLF;
}

export interface CalendarExportOptions extends CalendarOptions {
  /** The right-hand side of every UID; default `patent-bridge`. */
  uidDomain?: string;
  sequence?: number;
}

function uid(roadshowId: string, kind: string, key: string, domain: string): string {
  return `roadshow-${roadshowId}-${kind}-${key}`.replace(/\s+/g, '-') + `@${domain}`;
}

function agendaText(agenda: Agenda): string {
  return agenda.items.map((i) => `${i.startTime}–${i.endTime} ${i.title}${i.presenterName ? `（${i.presenterName}）` : ''}`).join('\n');
}

function dayEvent(roadshow: RoadshowInfo, agenda: Agenda, options: CalendarExportOptions): CalendarEvent {
  const head = [roadshow.organizer ? `主办：${roadshow.organizer}` : '', '议程：'].filter(Boolean).join('\n');
  return {
    uid: uid(roadshow.id, 'day', agenda.date, options.uidDomain ?? 'patent-bridge'),
    start: agenda.start,
    end: agenda.end,
    summary: roadshow.title,
    ...(roadshow.location ? { location: roadshow.location } : {}),
    description: `${head}\n${agendaText(agenda)}`,
    sequence: options.sequence ?? 0,
  };
}

function pitchEvent(roadshow: RoadshowInfo, item: AgendaItem, options: CalendarExportOptions): CalendarEvent {
  return {
    uid: uid(roadshow.id, 'pitch', item.patentId ?? String(item.pitch), options.uidDomain ?? 'patent-bridge'),
    start: item.start,
    end: item.end,
    summary: `路演：${item.title}`,
    ...(roadshow.location ? { location: roadshow.location } : {}),
    description: [`${roadshow.title}`, `第 ${item.pitch} 项路演`, `专利：${item.title}`, `报告单位：${item.presenterName ?? item.presenterOrganizationId ?? ''}`].join('\n'),
    sequence: options.sequence ?? 0,
  };
}

/**
 * The calendar of one roadshow: the whole day (its agenda in the description), each pitch, and
 * the one-to-one meeting block.
 *
 * @example
 * const ics = roadshowCalendar({ roadshow: { id: 'rs-2025-04', title: roadshowTitle('2025-04', '现代农业与食品'), location: '济南市专利转化路演基地' }, agenda });
 */
export function roadshowCalendar(input: { roadshow: RoadshowInfo; agenda: Agenda } & CalendarExportOptions): string {
  const { roadshow, agenda } = input;
  const events = [dayEvent(roadshow, agenda, input), ...agenda.items.filter((i) => i.kind === 'pitch').map((i) => pitchEvent(roadshow, i, input))];
  const slots = agenda.meetingSlots;
  if (slots.length > 0)
    events.push({
      uid: uid(roadshow.id, 'meetings', agenda.date, input.uidDomain ?? 'patent-bridge'),
      start: slots[0]!.start,
      end: slots[slots.length - 1]!.end,
      summary: `一对一洽谈：${roadshow.title}`,
      ...(roadshow.location ? { location: roadshow.location } : {}),
      description: slots.map((s) => `第 ${s.slot + 1} 轮 ${s.startTime}–${s.endTime}`).join('\n'),
      sequence: input.sequence ?? 0,
    });
  return renderCalendar(events, { name: roadshow.title, ...(input.stamp ? { stamp: input.stamp } : {}) });
}

export interface ParticipantCalendarInput extends CalendarExportOptions {
  roadshow: RoadshowInfo;
  agenda: Agenda;
  /** An SME (its meetings, and the pitches in `patentIds`) or a patent owner (its pitches and meetings). */
  participant: { kind: 'enterprise' | 'owner'; id: string; name?: string };
  meetings?: readonly ExportMeeting[];
  /** Enterprise and organisation names. */
  names?: NameBook;
  /** For an SME: the pitches it should not miss (e.g. its invitation's matched patents). */
  patentIds?: readonly string[];
  /** Add the whole day as an event too (default true). */
  includeDay?: boolean;
}

/**
 * One participant's calendar: a patent owner's pitches and meetings, or an SME's meetings and the
 * pitches named for it, plus the day itself. Cancelled meetings stay in with STATUS:CANCELLED so
 * that calendars which imported them drop them.
 *
 * @example
 * const ics = participantCalendar({ roadshow, agenda, meetings, participant: { kind: 'enterprise', id: 'ent-42', name: '济南禾源茶业' }, patentIds: invitation.matchedPatents.map((p) => p.patentId), names });
 */
export function participantCalendar(input: ParticipantCalendarInput): string {
  const { roadshow, agenda, participant } = input;
  const name = nameLookup(input.names);
  const domain = input.uidDomain ?? 'patent-bridge';
  const events: CalendarEvent[] = input.includeDay === false ? [] : [dayEvent(roadshow, agenda, input)];
  const wanted = new Set(input.patentIds ?? []);
  for (const item of agenda.items) {
    if (item.kind !== 'pitch') continue;
    const own = participant.kind === 'owner' && (item.presenterOrganizationId === participant.id || (item.ownerOrganizationIds ?? []).includes(participant.id));
    if (own || (item.patentId !== undefined && wanted.has(item.patentId))) events.push(pitchEvent(roadshow, item, input));
  }
  const mine = (input.meetings ?? []).filter((m) => (participant.kind === 'enterprise' ? m.enterpriseId : m.ownerOrganizationId) === participant.id);
  for (const m of [...mine].sort((a, b) => a.slot - b.slot)) {
    const slot = meetingSlotOf(agenda.meetingSlots, m.slot);
    const other = participant.kind === 'enterprise' ? name(m.ownerOrganizationId) : name(m.enterpriseId);
    events.push({
      uid: uid(roadshow.id, 'meeting', m.id ?? `${m.slot}-${m.enterpriseId}-${m.ownerOrganizationId}`, domain),
      start: slot.start,
      end: slot.end,
      summary: `一对一洽谈：${other}（${m.table + 1} 号桌）`,
      ...(roadshow.location ? { location: `${roadshow.location} ${m.table + 1} 号桌` } : {}),
      description: [roadshow.title, `第 ${m.slot + 1} 轮 ${slot.startTime}–${slot.endTime}`, `企业：${name(m.enterpriseId)}`, `专利权人：${name(m.ownerOrganizationId)}`, `桌号：${m.table + 1}`].join('\n'),
      status: m.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
      sequence: input.sequence ?? 0,
    });
  }
  const who = participant.name ?? name(participant.id);
  return renderCalendar(events, { name: `${roadshow.title} · ${who}`, ...(input.stamp ? { stamp: input.stamp } : {}) });
}
