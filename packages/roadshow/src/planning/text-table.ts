import { displayWidth, padToWidth as pad } from '@patent-bridge/text';

/**
 * Rows as an aligned text table (CJK-aware), for terminals and plain-text reports.
 *
 * @example
 * textTable(['产业链', 'n'], [['生物医药', '12']], ['left', 'right'])
 * // '产业链     n\n────────  ──\n生物医药  12'
 */
export function textTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>, align: ReadonlyArray<'left' | 'right'> = []): string {
  const widths = headers.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => pad(c, widths[i]!, align[i] ?? 'left'))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/**
 * A horizontal bar of `width` cells for `value` out of `max`.
 *
 * @example
 * textBar(3, 4, 8) // '██████░░'
 */
export function textBar(value: number, max: number, width = 20): string {
  const cells = max <= 0 ? 0 : Math.min(width, Math.max(0, Math.round((value / max) * width)));
  return '█'.repeat(cells) + '░'.repeat(width - cells);
}
