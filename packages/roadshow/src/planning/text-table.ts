/** Display width in a terminal: CJK and full-width characters take two columns. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return width;
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const gap = Math.max(0, width - displayWidth(text));
  return align === 'left' ? text + ' '.repeat(gap) : ' '.repeat(gap) + text;
}

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
