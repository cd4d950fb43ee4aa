/**
 * Display width in a terminal: CJK and full-width characters take two columns.
 *
 * @example
 * displayWidth('济南 ab') // 7
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return width;
}

/**
 * Pads text to a display width (CJK-aware), on the right (`left` alignment) or the left.
 *
 * @example
 * padToWidth('济南', 6, 'left') // '济南  '
 */
export function padToWidth(text: string, width: number, align: 'left' | 'right'): string {
  const gap = Math.max(0, width - displayWidth(text));
  return align === 'left' ? text + ' '.repeat(gap) : ' '.repeat(gap) + text;
}
