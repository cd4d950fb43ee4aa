/**
 * Parsers for the raw cell values of inventory records. Each returns the value or throws
 * a {@link ValueError} whose message says what was wrong and what was expected.
 */

export class ValueError extends Error {
  override readonly name = 'ValueError';
}

const DATE_PATTERNS: RegExp[] = [
  /^(\d{4})-(\d{1,2})-(\d{1,2})$/,
  /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/,
  /^(\d{4})\.(\d{1,2})\.(\d{1,2})$/,
  /^(\d{4})(\d{2})(\d{2})$/,
  /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/,
];

/**
 * Reads a date as exports write it and returns ISO `YYYY-MM-DD`. The date must exist on the
 * calendar and fall between 1985 (the Chinese patent law) and next year.
 *
 * @example
 * parseDate('20100209')     // '2010-02-09'
 * parseDate('2010年2月9日')  // '2010-02-09'
 * parseDate('2021-02-30')   // throws ValueError: "2021-02-30" is not a calendar date
 */
export function parseDate(raw: string, today = new Date()): string {
  const text = raw.trim().replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/T.*$/, '');
  for (const pattern of DATE_PATTERNS) {
    const m = pattern.exec(text);
    if (!m) continue;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(y, mo - 1, d));
    if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
      throw new ValueError(`"${raw}" is not a calendar date`);
    }
    if (y < 1985 || y > today.getUTCFullYear() + 1) throw new ValueError(`"${raw}" is outside the plausible range 1985–${today.getUTCFullYear() + 1}`);
    return date.toISOString().slice(0, 10);
  }
  throw new ValueError(`"${raw}" is not a date (expected YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD or YYYY年MM月DD日)`);
}

/**
 * Splits a multi-valued cell (applicants, inventors, numbers) on Chinese and ASCII separators.
 * ASCII commas split only when the cell has no Latin letters, so `Foo Co., Ltd.` stays whole.
 *
 * @example
 * splitList('胡昌振、王崑声;曲洋') // ['胡昌振', '王崑声', '曲洋']
 * splitList('Acme Co., Ltd.')   // ['Acme Co., Ltd.']
 */
export function splitList(raw: string | undefined): string[] {
  if (!raw) return [];
  const separators = /[A-Za-z]/.test(raw) ? /[;；、|\n]+/ : /[;；、|\n,，]+/;
  const seen = new Set<string>();
  for (const part of raw.split(separators)) {
    const value = part.trim();
    if (value) seen.add(value);
  }
  return [...seen];
}

/**
 * Reads a non-negative whole number.
 *
 * @example
 * parseCount('3') // 3
 * parseCount('-1') // throws ValueError
 */
export function parseCount(raw: string): number {
  const n = Number(raw.trim());
  if (!Number.isInteger(n) || n < 0) throw new ValueError(`"${raw}" is not a whole number of 0 or more`);
  return n;
}

/**
 * Reads an amount of money in CNY; accepts `2万`, `20,000`, `20000元`.
 *
 * @example
 * parseMoney('2万')     // 20000
 * parseMoney('1.5万元') // 15000
 */
export function parseMoney(raw: string): number {
  const text = raw.trim().replace(/[,，\s]/g, '').replace(/(元|rmb|cny|￥|¥)/gi, '');
  const m = /^(\d+(?:\.\d+)?)(万)?$/.exec(text);
  if (!m) throw new ValueError(`"${raw}" is not an amount in CNY (e.g. 20000 or 2万)`);
  return Math.round(Number(m[1]) * (m[2] ? 10_000 : 1));
}

const YES = new Set(['是', '有', 'y', 'yes', 'true', '1', '已声明', '开放许可', '是（开放许可）']);
const NO = new Set(['否', '无', 'n', 'no', 'false', '0', '未声明']);

/**
 * Reads a yes/no cell.
 *
 * @example
 * parseYesNo('是') // true
 */
export function parseYesNo(raw: string): boolean {
  const v = raw.trim().toLowerCase();
  if (YES.has(v)) return true;
  if (NO.has(v)) return false;
  throw new ValueError(`"${raw}" is not yes or no (是/否)`);
}
