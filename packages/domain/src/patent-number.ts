/**
 * Chinese patent numbers. One application has several spellings:
 * `ZL 201010110545.X` (the granted patent's number), `CN201010110545.X`, `201010110545.X`,
 * `CN2010101105455`… They all normalise to one canonical application number.
 *
 * Application number layouts (CNIPA):
 * - 2003-10 onwards: 12 digits (YYYY, type digit, 7-digit serial) + check digit → `201010110545.X`
 * - 1989–2003: 8 digits (YY, type digit, 5-digit serial) + check digit → `96121602.6`
 * - 1985–1988: 8 digits, issued without a check digit → `85105156` (databases often append one: `87104573.7`)
 * The check digit is Σ(digit × weight) mod 11 with weights 2…9,2,3,4,5; 10 is written X.
 */
import type { PatentType } from './patent-type.ts';

export class PatentNumberError extends Error {
  override readonly name = 'PatentNumberError';
}

const WEIGHTS = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];

/**
 * Computes the check digit of an 8- or 12-digit application number body.
 *
 * @example
 * applicationCheckDigit('201010110545') // 'X'
 * applicationCheckDigit('96121602')     // '6'
 */
export function applicationCheckDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += Number(body[i]) * WEIGHTS[i]!;
  const check = sum % 11;
  return check === 10 ? 'X' : String(check);
}

function foldNumber(raw: string): string {
  return raw
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]/g, '')
    .replace(/[。·]/g, '.')
    .toUpperCase();
}

/**
 * Normalises any spelling of a Chinese application (or ZL patent) number to `CN<digits>.<check>`
 * (or `CN<8 digits>` for 1985–1988 numbers), validating the check digit.
 *
 * @example
 * normalizeApplicationNumber('ZL 201010110545.X') // 'CN201010110545.X'
 * normalizeApplicationNumber('201010110545X')     // 'CN201010110545.X'
 * normalizeApplicationNumber('CN96121602.6')      // 'CN96121602.6'
 * normalizeApplicationNumber('201010110545.1')    // throws PatentNumberError (check digit)
 */
export function normalizeApplicationNumber(raw: string): string {
  const folded = foldNumber(raw).replace(/^(ZL|CN)/, '');
  const m = /^(\d{12}|\d{8})(?:\.?([0-9X]))?$/.exec(folded);
  if (!m) throw new PatentNumberError(`"${raw}" is not a Chinese application number (expected 8 or 12 digits and a check digit, e.g. 201010110545.X)`);
  const body = m[1]!;
  const given = m[2];
  const year = body.length === 12 ? Number(body.slice(0, 4)) : twoDigitYear(body.slice(0, 2));
  if (body.length === 12 && (year < 2003 || year > 2100)) {
    throw new PatentNumberError(`"${raw}": a 12-digit application number starts with its filing year (2003 or later), not ${body.slice(0, 4)}`);
  }
  if (body.length === 8 && (year < 1985 || year > 2003)) {
    throw new PatentNumberError(`"${raw}": an 8-digit application number starts with a filing year from 85 to 03`);
  }
  const expected = applicationCheckDigit(body);
  if (given === undefined) {
    if (body.length === 8 && year <= 1988) return `CN${body}`;
    throw new PatentNumberError(`"${raw}" lacks its check digit (expected ${body}.${expected})`);
  }
  if (given !== expected) {
    throw new PatentNumberError(`"${raw}" has check digit ${given}, but ${body} requires ${expected}`);
  }
  // Numbers filed before 1989 were issued without a check digit; databases often append one.
  if (body.length === 8 && year <= 1988) return `CN${body}`;
  return `CN${body}.${expected}`;
}

/**
 * The filing year encoded in a canonical application number.
 *
 * @example
 * applicationYear('CN201010110545.X') // 2010
 * applicationYear('CN96121602.6')     // 1996
 */
export function applicationYear(canonical: string): number {
  const digits = canonical.replace(/^CN/, '');
  return digits.length >= 12 && /^\d{12}/.test(digits) ? Number(digits.slice(0, 4)) : twoDigitYear(digits.slice(0, 2));
}

/** 8-digit numbers were issued from 1985 to 2003: 85–99 are 19xx, 00–03 are 20xx. */
function twoDigitYear(yy: string): number {
  const n = Number(yy);
  return n >= 85 ? 1900 + n : 2000 + n;
}

/**
 * The patent type encoded in an application number's type digit (1 invention, 2 utility model,
 * 3 design, 8/9 PCT national phase of an invention/utility model).
 *
 * @example
 * typeFromApplicationNumber('CN201010110545.X') // 'invention'
 * typeFromApplicationNumber('CN201920012345.6') // 'utility_model'
 */
export function typeFromApplicationNumber(canonical: string): PatentType | undefined {
  const digits = canonical.replace(/^CN/, '');
  const typeDigit = /^\d{12}/.test(digits) ? digits[4] : digits[2];
  switch (typeDigit) {
    case '1':
    case '8':
      return 'invention';
    case '2':
    case '9':
      return 'utility_model';
    case '3':
      return 'design';
    default:
      return undefined;
  }
}

export interface PublicationNumber {
  /** `CN114081026B`: serial and kind code. */
  canonical: string;
  /** `CN114081026`: shared by the A (application) and B (grant) publications of one patent. */
  serial: string;
  kind: string;
}

/**
 * Normalises a Chinese publication (公开/公告) number and splits off its kind code.
 *
 * @example
 * normalizePublicationNumber('CN 114081026 A') // { canonical: 'CN114081026A', serial: 'CN114081026', kind: 'A' }
 * normalizePublicationNumber('cn1234567c')     // { canonical: 'CN1234567C', serial: 'CN1234567', kind: 'C' }
 */
export function normalizePublicationNumber(raw: string): PublicationNumber {
  const folded = foldNumber(raw);
  const m = /^(?:CN)?(\d{7,9})([ABCUYSD]\d?)?$/.exec(folded);
  if (!m) throw new PatentNumberError(`"${raw}" is not a Chinese publication number (expected e.g. CN114081026A)`);
  const serial = `CN${m[1]}`;
  const kind = m[2] ?? '';
  return { canonical: serial + kind, serial, kind };
}

/**
 * Patent type implied by a publication kind code.
 *
 * @example
 * typeFromPublicationKind('B') // 'invention'
 * typeFromPublicationKind('U') // 'utility_model'
 */
export function typeFromPublicationKind(kind: string): PatentType | undefined {
  switch (kind.charAt(0)) {
    case 'A':
    case 'B':
    case 'C':
      return 'invention';
    case 'U':
    case 'Y':
      return 'utility_model';
    case 'S':
    case 'D':
      return 'design';
    default:
      return undefined;
  }
}

export type PatentNumberKind = 'application' | 'publication';

export interface ParsedPatentNumber {
  kind: PatentNumberKind;
  /** The lookup key: canonical application number, or publication serial (kind code dropped). */
  key: string;
}

/**
 * Reads whatever number a user typed, for look-ups: an application/ZL number or a publication number.
 * Returns undefined when it is neither.
 *
 * @example
 * parseAnyPatentNumber('ZL201010110545.X') // { kind: 'application', key: 'CN201010110545.X' }
 * parseAnyPatentNumber('CN114081026A')     // { kind: 'publication', key: 'CN114081026' }
 */
export function parseAnyPatentNumber(raw: string): ParsedPatentNumber | undefined {
  const folded = foldNumber(raw);
  const hasKind = /[ABCUYSD]\d?$/.test(folded) && !/\.[0-9X]$/.test(folded);
  if (!hasKind || /^ZL/.test(folded)) {
    try {
      return { kind: 'application', key: normalizeApplicationNumber(raw) };
    } catch {
      /* fall through: it may still be a publication serial */
    }
  }
  try {
    return { kind: 'publication', key: normalizePublicationNumber(raw).serial };
  } catch {
    return undefined;
  }
}
