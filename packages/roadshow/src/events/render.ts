import { monthLabel } from '../planning/month.ts';
import { textTable } from '../planning/text-table.ts';
import type { YearPlan } from '../planning/year-plan.ts';
import type { MeetingGrid } from './meeting-grid.ts';

const clip = (text: string, width: number) => ([...text].length > width ? `${[...text].slice(0, width - 1).join('')}…` : text);

/**
 * A year plan as a month-by-month table (chain, source, value, reason), then the chains left out.
 *
 * @example
 * console.log(renderYearPlan(plan))
 * // 月份      产业链      来源  价值   理由
 * // 2027年1月  生物医药    优化  8.20  优化选定。生物医药：可路演专利 18 件…
 */
export function renderYearPlan(plan: YearPlan): string {
  const source = { published: '已发布', pinned: '指定', planned: '优化' } as const;
  const rows = plan.months.map((m) =>
    m.kind === 'event' ? [monthLabel(m.month), m.chainName, source[m.source], m.value.toFixed(2), clip(m.reason, 60)] : [monthLabel(m.month), '—', '无', '', clip(m.reason, 60)],
  );
  const parts = [`${plan.year} 年“一月一链”路演计划（总价值 ${plan.objective.value.toFixed(2)}${plan.objective.exact ? '，已证明最优' : ''}）`, textTable(['月份', '产业链', '来源', '价值', '理由'], rows, ['left', 'left', 'left', 'right', 'left'])];
  if (plan.leftOut.length) parts.push('未安排的产业链：', ...plan.leftOut.map((c) => `  · ${c.chainName}：${clip(c.reason, 80)}`));
  if (plan.warnings.length) parts.push('提示：', ...plan.warnings.map((w) => `  ! ${w.message}`));
  return parts.join('\n');
}

/**
 * A roadshow's meetings as a slot × table grid ("企业 ↔ 专利权人" per cell), then every conflict.
 *
 * @example
 * console.log(renderMeetingGrid(grid))
 * // 轮次  时间         1 号桌                      2 号桌
 * // 1     14:00–14:20  禾源茶业 ↔ 山东农业大学      …
 */
export function renderMeetingGrid(grid: MeetingGrid): string {
  const active = grid.meetings.filter((m) => m.status !== 'cancelled');
  const cell = new Map(active.map((m) => [`${m.slot}:${m.table}`, m]));
  const conflicted = new Set(grid.conflicts.flatMap((c) => c.meetingIds));
  const rows = grid.slots.map((s) => [
    String(s.slot + 1),
    `${s.startTime}–${s.endTime}`,
    ...Array.from({ length: grid.tables }, (_, t) => {
      const m = cell.get(`${s.slot}:${t}`);
      return m ? `${conflicted.has(m.id) ? '⚠ ' : ''}${clip(m.enterpriseName, 10)} ↔ ${clip(m.ownerName, 10)}` : '';
    }),
  ]);
  const headers = ['轮次', '时间', ...Array.from({ length: grid.tables }, (_, t) => `${t + 1} 号桌`)];
  const parts = [textTable(headers, rows)];
  const s = grid.schedule;
  if (s) parts.push(`共 ${active.length} 场；必见 ${s.mustMeets.honoured}/${s.mustMeets.requested}；有洽谈的企业 ${s.fairness.withMeeting}/${s.fairness.smes}；求解 ${s.solver}，最优差距 ${s.gap === null ? '—' : `${(s.gap * 100).toFixed(2)}%`}`);
  parts.push(grid.conflicts.length ? `冲突 ${grid.conflicts.length} 处：\n${grid.conflicts.map((c) => `  ⚠ ${c.message}`).join('\n')}` : '无冲突。');
  return parts.join('\n');
}
