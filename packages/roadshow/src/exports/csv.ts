import type { Agenda } from '../planning/agenda.ts';
import { meetingSlotOf, nameLookup, type ExportMeeting, type NameBook } from './event-info.ts';

const BOM = '\uFEFF';
const CRLF = '\r\n';

export type CsvCell = string | number | null | undefined;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote, a line break or edge spaces,
 * quotes doubled. Text that a spreadsheet would run as a formula (starting with = + - @, a tab
 * or a carriage return) is prefixed with an apostrophe, so a name like `=HYPERLINK(…)` stays text.
 *
 * @example
 * csvField('山东大学, 济南')   // '"山东大学, 济南"'
 * csvField('say "hi"')        // '"say ""hi"""'
 * csvField('=1+1')            // "'=1+1"
 * csvField(-3)                // '-3'
 */
export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Rows as a CSV file Excel opens correctly: UTF-8 with a byte-order mark, CRLF line ends.
 *
 * @example
 * toCsv([['时间', '环节'], ['09:00', '开幕致辞']]) // '\uFEFF时间,环节\r\n09:00,开幕致辞\r\n'
 */
export function toCsv(rows: ReadonlyArray<readonly CsvCell[]>, options: { bom?: boolean } = {}): string {
  const body = rows.map((row) => row.map(csvField).join(',')).join(CRLF) + CRLF;
  return options.bom === false ? body : BOM + body;
}

const KIND_ZH = { opening: '开幕', pitch: '路演', break: '茶歇', lunch: '午餐', meeting: '一对一洽谈' } as const;

/**
 * The agenda as CSV: one row per item with date, start, end, minutes, kind, title, patent and presenter.
 *
 * @example
 * agendaCsv(agenda).split('\r\n')[1] // '2025-04-18,09:00,09:10,10,开幕,开幕致辞,,'
 */
export function agendaCsv(agenda: Agenda): string {
  return toCsv([
    ['日期', '开始', '结束', '时长（分钟）', '环节', '内容', '专利', '报告单位'],
    ...agenda.items.map((i) => [agenda.date, i.startTime, i.endTime, i.minutes, KIND_ZH[i.kind], i.title, i.patentId, i.presenterName]),
  ]);
}

/**
 * The one-to-one meetings as CSV, by slot then table: what the desk at the door prints.
 *
 * @example
 * meetingScheduleCsv({ agenda, meetings, names }).split('\r\n')[1] // '1,14:00,14:20,1,济南禾源茶业,山东农业大学,scheduled'
 */
export function meetingScheduleCsv(input: { agenda: Agenda; meetings: readonly ExportMeeting[]; names?: NameBook }): string {
  const name = nameLookup(input.names);
  const rows = [...input.meetings]
    .sort((a, b) => a.slot - b.slot || a.table - b.table)
    .map((m) => {
      const slot = meetingSlotOf(input.agenda.meetingSlots, m.slot);
      return [m.slot + 1, slot.startTime, slot.endTime, m.table + 1, name(m.enterpriseId), name(m.ownerOrganizationId), m.status ?? 'scheduled'];
    });
  return toCsv([['轮次', '开始', '结束', '桌号', '企业', '专利权人', '状态'], ...rows]);
}
