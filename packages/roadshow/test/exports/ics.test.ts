import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { calendarLocal, escapeCalendarText, foldCalendarLine, participantCalendar, renderCalendar, roadshowCalendar } from '../../src/exports/index.ts';
import { AGENDA, LONG_TITLE, MEETINGS, NAMES, ROADSHOW } from './fixtures.ts';

const STAMP = '2025-03-01T02:03:04Z';

interface Property {
  name: string;
  params: Record<string, string>;
  value: string;
}
interface Component {
  name: string;
  properties: Property[];
  components: Component[];
}

/** A small RFC 5545 reader: unfolds lines, splits name, parameters and value, nests components. */
function parseCalendar(text: string): Component {
  const lines = text.replace(/\r\n[ \t]/g, '').split('\r\n');
  expect(lines.pop()).toBe(''); // the file ends with CRLF
  const root: Component = { name: '', properties: [], components: [] };
  const stack = [root];
  for (const line of lines) {
    const colon = line.indexOf(':');
    expect(colon, line).toBeGreaterThan(0);
    const [name, ...params] = line.slice(0, colon).split(';');
    const value = line.slice(colon + 1);
    if (name === 'BEGIN') {
      const component: Component = { name: value, properties: [], components: [] };
      stack.at(-1)!.components.push(component);
      stack.push(component);
    } else if (name === 'END') {
      expect(stack.pop()!.name).toBe(value);
    } else {
      stack.at(-1)!.properties.push({ name: name!, params: Object.fromEntries(params.map((p) => p.split('=') as [string, string])), value });
    }
  }
  expect(stack).toHaveLength(1);
  expect(root.components).toHaveLength(1);
  return root.components[0]!;
}

function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

const prop = (c: Component, name: string) => c.properties.find((p) => p.name === name);
const text = (c: Component, name: string) => unescapeText(prop(c, name)!.value);

/** Physical lines: CRLF only, none over 75 octets, no multi-octet character split between lines. */
function expectWellFormed(ics: string) {
  expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  for (const line of ics.split('\r\n')) {
    const bytes = Buffer.from(line, 'utf8');
    expect(bytes.length, line).toBeLessThanOrEqual(75);
    expect(Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes)).toBe(true);
    expect(line).not.toContain('\uFFFD');
  }
}

describe('iCalendar export', () => {
  it('writes a VCALENDAR with the Asia/Shanghai VTIMEZONE and one VEVENT per pitch, plus the day and the meeting block', () => {
    const ics = roadshowCalendar({ roadshow: ROADSHOW, agenda: AGENDA, stamp: STAMP });
    expectWellFormed(ics);
    const calendar = parseCalendar(ics);
    expect(calendar.name).toBe('VCALENDAR');
    expect(prop(calendar, 'VERSION')!.value).toBe('2.0');
    expect(prop(calendar, 'PRODID')).toBeDefined();
    const tz = calendar.components.find((c) => c.name === 'VTIMEZONE')!;
    expect(prop(tz, 'TZID')!.value).toBe('Asia/Shanghai');
    expect(prop(tz.components[0]!, 'TZOFFSETTO')!.value).toBe('+0800');
    const events = calendar.components.filter((c) => c.name === 'VEVENT');
    expect(events).toHaveLength(1 + 4 + 1);
    expect(new Set(events.map((e) => prop(e, 'UID')!.value)).size).toBe(events.length);
    for (const e of events) {
      expect(prop(e, 'DTSTAMP')!.value).toBe('20250301T020304Z');
      for (const name of ['DTSTART', 'DTEND']) {
        expect(prop(e, name)!.params).toEqual({ TZID: 'Asia/Shanghai' });
        expect(prop(e, name)!.value).toMatch(/^20250418T\d{6}$/);
      }
      expect(prop(e, 'DTEND')!.value > prop(e, 'DTSTART')!.value).toBe(true);
    }
    const day = events[0]!;
    expect(text(day, 'SUMMARY')).toBe(ROADSHOW.title);
    expect(prop(day, 'DTSTART')!.value).toBe(`20250418T${AGENDA.items[0]!.startTime.replace(':', '')}00`);
    expect(text(day, 'DESCRIPTION')).toContain(`${AGENDA.items[1]!.startTime}–${AGENDA.items[1]!.endTime} 一种滚筒杀青机（山东农业大学（示例））`);
  });

  it('escapes and folds Chinese text so that it reads back exactly', () => {
    const ics = roadshowCalendar({ roadshow: ROADSHOW, agenda: AGENDA, stamp: STAMP });
    const events = parseCalendar(ics).components.filter((c) => c.name === 'VEVENT');
    const long = events.find((e) => text(e, 'SUMMARY').includes('多光谱'))!;
    expect(text(long, 'SUMMARY')).toBe(`路演：${LONG_TITLE}`);
    const evil = events.find((e) => text(e, 'SUMMARY').includes('加粗'))!;
    expect(text(evil, 'SUMMARY')).toBe('路演：一种<b>加粗</b>的装置; 含逗号, 与反斜杠\\');
    expect(prop(evil, 'SUMMARY')!.value).toContain('装置\\; 含逗号\\, 与反斜杠\\\\');
    expect(text(evil, 'DESCRIPTION')).toContain(`报告单位：${NAMES[1]!.name}`);
    expect(text(events[0]!, 'LOCATION')).toBe(ROADSHOW.location);
    // The long title really was folded.
    expect(ics.split('\r\n').some((l) => l.startsWith(' '))).toBe(true);
  });

  it('gives a patent owner its own pitches and meetings, and an SME its meetings and the pitches named for it', () => {
    const owner = parseCalendar(participantCalendar({ roadshow: ROADSHOW, agenda: AGENDA, meetings: MEETINGS, names: NAMES, participant: { kind: 'owner', id: 'org-sdau' }, stamp: STAMP }));
    const ownerEvents = owner.components.filter((c) => c.name === 'VEVENT').map((e) => text(e, 'SUMMARY'));
    expect(ownerEvents).toEqual([ROADSHOW.title, '路演：一种滚筒杀青机', `路演：${LONG_TITLE}`, '一对一洽谈：济南南山云雾茶厂（示例）（1 号桌）', '一对一洽谈：济南"禾源"茶业,有限公司\n第二行（1 号桌）']);
    expect(text(owner, 'X-WR-CALNAME')).toBe(`${ROADSHOW.title} · 山东农业大学（示例）`);

    const sme = parseCalendar(participantCalendar({ roadshow: ROADSHOW, agenda: AGENDA, meetings: MEETINGS, names: NAMES, participant: { kind: 'enterprise', id: 'ent-tea', name: '南山茶厂' }, patentIds: ['p-apple'], stamp: STAMP, includeDay: false }));
    const smeEvents = sme.components.filter((c) => c.name === 'VEVENT');
    expect(smeEvents.map((e) => text(e, 'SUMMARY'))).toEqual(['路演：一种苹果保鲜剂及其使用方法', '一对一洽谈：山东农业大学（示例）（1 号桌）', `一对一洽谈：${NAMES[1]!.name}（2 号桌）`]);
    // The meeting sits in its slot of the agenda, at its table.
    const second = smeEvents[2]!;
    expect(prop(second, 'DTSTART')!.value).toBe(calendarLocal(AGENDA.meetingSlots[1]!.start));
    expect(prop(second, 'DTEND')!.value).toBe(calendarLocal(AGENDA.meetingSlots[1]!.end));
    expect(text(second, 'LOCATION')).toBe(`${ROADSHOW.location} 2 号桌`);
  });

  it('keeps a cancelled meeting as STATUS:CANCELLED with the same UID, so calendars drop it', () => {
    const calendar = (status: 'scheduled' | 'cancelled') =>
      parseCalendar(participantCalendar({ roadshow: ROADSHOW, agenda: AGENDA, meetings: MEETINGS.map((m) => (m.id === 'm4' ? { ...m, status } : m)), names: NAMES, participant: { kind: 'owner', id: 'org-qlu' }, stamp: STAMP, includeDay: false }));
    const meeting = (c: Component) => c.components.find((e) => e.name === 'VEVENT' && text(e, 'SUMMARY').includes('HYPERLINK'))!;
    const before = meeting(calendar('scheduled'));
    const after = meeting(calendar('cancelled'));
    expect(prop(before, 'STATUS')!.value).toBe('CONFIRMED');
    expect(prop(after, 'STATUS')!.value).toBe('CANCELLED');
    expect(prop(after, 'UID')!.value).toBe(prop(before, 'UID')!.value);
  });

  it('refuses a meeting in a slot the agenda does not have', () => {
    expect(() => participantCalendar({ roadshow: ROADSHOW, agenda: AGENDA, meetings: [{ enterpriseId: 'ent-tea', ownerOrganizationId: 'org-sdau', slot: 9, table: 0 }], participant: { kind: 'enterprise', id: 'ent-tea' } })).toThrow(/slot 9/);
  });

  it('folds any text at 75 octets without splitting a character, and unfolds to the original', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'é', '路', '演', '🍵', ' ', ',', ';', '\\'), maxLength: 400 }), (value) => {
        const line = `DESCRIPTION:${value}`;
        const folded = foldCalendarLine(line);
        for (const physical of folded.split('\r\n')) expect(Buffer.byteLength(physical, 'utf8')).toBeLessThanOrEqual(75);
        expect(folded.replace(/\r\n /g, '')).toBe(line);
        expect(folded).not.toContain('\uFFFD');
      }),
    );
  });

  it('escapes TEXT as RFC 5545 says and reads any string back', () => {
    expect(escapeCalendarText('a\\b;c,d\r\ne\nf\u0007')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('x', '路', '\\', ';', ',', '\n', ':', '"', 'n'), maxLength: 60 }), (value) => {
        const ics = renderCalendar([{ uid: 'u@test', start: '2025-04-18T09:00:00+08:00', end: '2025-04-18T10:00:00+08:00', summary: value }], { stamp: STAMP });
        const event = parseCalendar(ics).components.find((c) => c.name === 'VEVENT')!;
        expect(text(event, 'SUMMARY')).toBe(value);
      }),
    );
  });

  it('writes any timestamp as Beijing wall-clock time', () => {
    expect(calendarLocal('2025-04-18T01:30:00Z')).toBe('20250418T093000');
    expect(calendarLocal('2025-04-18T20:00:00-04:00')).toBe('20250419T080000');
  });
});
