/**
 * IPC (International Patent Classification) codes, e.g. `A23F 3/06`:
 * section `A`, class `A23`, subclass `A23F`, main group `A23F 3/00`.
 */

/**
 * Normalises an IPC code to `A23F 3/06` form (subclass, one space, group/subgroup); returns
 * undefined for anything that is not an IPC code. Edition suffixes like `(2006.01)` are dropped.
 *
 * @example
 * normalizeIpc('a23f3/06')          // 'A23F 3/06'
 * normalizeIpc('G06F 17/30(2006.01)') // 'G06F 17/30'
 * normalizeIpc('C12N')              // 'C12N'
 * normalizeIpc('not a code')        // undefined
 */
export function normalizeIpc(raw: string): string | undefined {
  const folded = raw
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\(\d{4}\.\d{2}\)|（\d{4}\.\d{2}）/g, '')
    .trim()
    .toUpperCase();
  const m = /^([A-H])\s*(\d{2})\s*([A-Z])(?:\s*(\d{1,4})\s*\/\s*(\d{2,6}))?$/.exec(folded);
  if (!m) return undefined;
  const subclass = `${m[1]}${m[2]}${m[3]}`;
  return m[4] === undefined ? subclass : `${subclass} ${Number(m[4])}/${m[5]}`;
}

/**
 * Splits a list of IPC codes as exports write it (`;`, `,`, `|`, spaces between codes),
 * normalises each, drops duplicates, and puts `main` first.
 *
 * @example
 * parseIpcList('G06F 17/30; H04L 29/06 | G06F 17/30') // ['G06F 17/30', 'H04L 29/06']
 * parseIpcList('H04L 29/06;G06F 17/30', 'G06F17/30')  // ['G06F 17/30', 'H04L 29/06']
 */
export function parseIpcList(raw: string | undefined, main?: string): { codes: string[]; invalid: string[] } {
  const parts = (raw ?? '').split(/[;；,，|、\n]+/).map((p) => p.trim()).filter(Boolean);
  const codes: string[] = [];
  const invalid: string[] = [];
  const push = (code: string, first: boolean) => {
    if (codes.includes(code)) {
      if (first) codes.splice(codes.indexOf(code), 1);
      else return;
    }
    if (first) codes.unshift(code);
    else codes.push(code);
  };
  for (const part of parts) {
    const code = normalizeIpc(part);
    if (code) push(code, false);
    else invalid.push(part);
  }
  if (main?.trim()) {
    const code = normalizeIpc(main);
    if (code) push(code, true);
    else invalid.push(main.trim());
  }
  return { codes, invalid };
}

/**
 * The subclass (first four characters) of an IPC code.
 *
 * @example
 * ipcSubclass('A23F 3/06') // 'A23F'
 */
export function ipcSubclass(code: string): string {
  return code.slice(0, 4);
}

/**
 * The class (first three characters) of an IPC code.
 *
 * @example
 * ipcClass('A23F 3/06') // 'A23'
 */
export function ipcClass(code: string): string {
  return code.slice(0, 3);
}
