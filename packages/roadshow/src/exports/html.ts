import type { Agenda } from '../planning/agenda.ts';
import { chineseDate } from '../planning/invitations.ts';
import { nameLookup, type ExportMeeting, type NameBook, type RoadshowInfo } from './event-info.ts';

/** Renders Chinese on a plain Linux box (Noto CJK, WenQuanYi), on Windows (YaHei), else the default sans. */
export const CHINESE_FONT_STACK = '"Noto Sans CJK SC","WenQuanYi Zen Hei","Microsoft YaHei",sans-serif';

/**
 * Escapes text for HTML content and attribute values.
 *
 * @example
 * escapeHtml('<script>alert("x")</script>') // '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const KIND_ZH = { opening: '开幕', pitch: '路演', break: '茶歇', lunch: '午餐', meeting: '洽谈' } as const;

const STYLE = `
:root { color-scheme: light; }
body { font-family: ${CHINESE_FONT_STACK}; color: #1a1a1a; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; line-height: 1.5; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
.meta { color: #444; margin: 0 0 1rem; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #bbb; padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
td.time { white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.break td, tr.lunch td { background: #fafafa; color: #555; }
footer { margin-top: 1.5rem; color: #777; font-size: .85rem; }
@page { size: A4; margin: 15mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10.5pt; }
  th { background: #eee !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  tr, td, th { page-break-inside: avoid; break-inside: avoid; }
  thead { display: table-header-group; }
  h2 { page-break-after: avoid; break-after: avoid; }
  section.meetings { page-break-before: auto; }
}
`;

export interface AgendaHtmlInput {
  roadshow: RoadshowInfo;
  agenda: Agenda;
  /** The one-to-one meetings, shown as a slot × table grid. */
  meetings?: readonly ExportMeeting[];
  /** Enterprise and organisation names. */
  names?: NameBook;
  /** Shown in the footer; e.g. `2025-03-01 10:00`. */
  generatedAt?: string;
}

/**
 * A printable agenda page: self-contained HTML (no external resources), `lang="zh-CN"`, UTF-8,
 * print CSS for A4, a font stack that renders Chinese on plain Linux, every text escaped. With
 * meetings, a slot × table grid of who meets whom follows the agenda.
 *
 * @example
 * writeFileSync('agenda.html', agendaHtml({ roadshow: { id: 'rs-2025-04', title: roadshowTitle('2025-04', '现代农业与食品'), location: '济南市专利转化路演基地' }, agenda }));
 */
export function agendaHtml(input: AgendaHtmlInput): string {
  const { roadshow, agenda } = input;
  const name = nameLookup(input.names);
  const e = escapeHtml;
  const meta = [`日期：${chineseDate(agenda.date)} ${agenda.items[0]!.startTime}–${agenda.items[agenda.items.length - 1]!.endTime}（北京时间）`];
  if (roadshow.location) meta.push(`地点：${roadshow.location}`);
  if (roadshow.organizer) meta.push(`主办：${roadshow.organizer}`);
  const rows = agenda.items
    .map((i) => {
      const content = i.kind === 'pitch' ? `${i.pitch}. ${i.title}` : i.title;
      return `<tr class="${i.kind}"><td class="time">${e(i.startTime)}–${e(i.endTime)}</td><td>${e(KIND_ZH[i.kind])}</td><td>${e(content)}</td><td>${e(i.presenterName ?? '')}</td></tr>`;
    })
    .join('\n');
  const parts = [
    '<!DOCTYPE html>',
    '<html lang="zh-CN">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(roadshow.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>${e(roadshow.title)}</h1>`,
    `<p class="meta">${meta.map(e).join('<br>')}</p>`,
    '</header>',
    '<section class="agenda">',
    '<h2>议程</h2>',
    '<table>',
    '<thead><tr><th>时间</th><th>环节</th><th>内容</th><th>报告单位</th></tr></thead>',
    `<tbody>\n${rows}\n</tbody>`,
    '</table>',
    '</section>',
  ];
  const meetings = (input.meetings ?? []).filter((m) => m.status !== 'cancelled');
  if (meetings.length > 0 && agenda.meetingSlots.length > 0) {
    const tables = Math.max(...meetings.map((m) => m.table)) + 1;
    const cell = new Map(meetings.map((m) => [`${m.slot}:${m.table}`, m]));
    const header = Array.from({ length: tables }, (_, t) => `<th>${t + 1} 号桌</th>`).join('');
    const body = agenda.meetingSlots
      .map((s) => {
        const cells = Array.from({ length: tables }, (_, t) => {
          const m = cell.get(`${s.slot}:${t}`);
          return `<td>${m ? `${e(name(m.enterpriseId))}<br>↔ ${e(name(m.ownerOrganizationId))}` : ''}</td>`;
        }).join('');
        return `<tr><td class="time">${e(s.startTime)}–${e(s.endTime)}</td>${cells}</tr>`;
      })
      .join('\n');
    parts.push('<section class="meetings">', '<h2>一对一洽谈安排</h2>', '<table>', `<thead><tr><th>时间</th>${header}</tr></thead>`, `<tbody>\n${body}\n</tbody>`, '</table>', '</section>');
  }
  parts.push(`<footer>${e(`“一月一链”专利转化路演${input.generatedAt ? ` · 生成于 ${input.generatedAt}` : ''} · patent-bridge`)}</footer>`, '</body>', '</html>', '');
  return parts.join('\n');
}
