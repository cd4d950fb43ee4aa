import { displayWidth, padToWidth as pad } from '@patent-bridge/text';
import type { InventoryDimension, InventoryGroup, InventoryStatistics } from './inventory-statistics.ts';

const TITLES: Record<InventoryDimension, string> = {
  owner: '按权利人 By owner',
  chain: '按产业链 By chain',
  ipcClass: '按IPC大类 By IPC class',
  type: '按专利类型 By type',
  legalStatus: '按法律状态 By legal status',
  inventoryState: '按转化状态 By inventory state',
};

function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  for (const ch of text) {
    if (displayWidth(out + ch) > width - 1) break;
    out += ch;
  }
  return `${out}…`;
}

/**
 * Renders rows as an aligned text table (CJK-aware), for the CLI.
 *
 * @example
 * renderTable(['名称', 'n'], [['北京理工大学', '144']])
 */
export function renderTable(headers: string[], rows: string[][], align: Array<'left' | 'right'> = []): string {
  const widths = headers.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i]!, align[i] ?? 'left')).join('  ');
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/**
 * Renders inventory statistics as readable tables with an idle-ratio bar, then the screening-score
 * histogram and the expiring patents by month.
 *
 * @example
 * console.log(renderInventoryStatistics(await inventoryStatistics(db), { top: 10 }));
 */
export function renderInventoryStatistics(stats: InventoryStatistics, options: { top?: number; dimensions?: InventoryDimension[] } = {}): string {
  const top = options.top ?? 10;
  const o = stats.overall;
  const parts = [
    `专利存量统计 Inventory statistics (as of ${stats.asOf}${stats.scope ? `; owners ${stats.scope.ownerOrganizationIds.join(', ')}` : ''})`,
    `总数 total ${o.total} · 闲置 idle ${o.idle} (${(o.idleRatio * 100).toFixed(1)}%) · 12个月内到期 expiring within 12 months ${o.expiringWithin12Months} · 平均筛选分 mean screening score ${o.averageScreeningScore ?? '–'}`,
  ];
  for (const dimension of options.dimensions ?? (Object.keys(TITLES) as InventoryDimension[])) {
    const groups: InventoryGroup[] = stats.by[dimension].slice(0, top);
    parts.push(
      '',
      TITLES[dimension],
      renderTable(
        ['', 'total', 'idle', 'idle ratio', '', '≤12m', 'score'],
        groups.map((g) => [
          truncate(g.label, 28),
          String(g.total),
          String(g.idle),
          `${(g.idleRatio * 100).toFixed(1)}%`,
          '█'.repeat(Math.round(g.idleRatio * 10)).padEnd(10, '░'),
          String(g.expiringWithin12Months),
          g.averageScreeningScore === null ? '–' : g.averageScreeningScore.toFixed(1),
        ]),
        ['left', 'right', 'right', 'right', 'left', 'right', 'right'],
      ),
    );
  }
  const bins = stats.screeningScores.bins;
  const widest = Math.max(1, ...bins.map((b) => b.count));
  const grades = stats.screeningScores.byGrade;
  parts.push(
    '',
    `筛选分分布 Screening scores (A ${grades.A} · B ${grades.B} · C ${grades.C} · D ${grades.D} · 未评 unscored ${stats.screeningScores.unscored})`,
    renderTable(
      ['score', 'n', ''],
      bins.map((b) => [`${b.from}–${b.to}`, String(b.count), '█'.repeat(Math.round((b.count / widest) * 30))]),
      ['left', 'right', 'left'],
    ),
    '',
    `12个月内到期 Expiring within 12 months, by month (${stats.expiring.total})`,
    renderTable(['month', 'n'], stats.expiring.byMonth.map((m) => [m.month, String(m.count)]), ['left', 'right']),
  );
  return parts.join('\n');
}
