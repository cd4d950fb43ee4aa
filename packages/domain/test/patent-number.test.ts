import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  applicationCheckDigit,
  normalizeApplicationNumber,
  normalizePublicationNumber,
  parseAnyPatentNumber,
  PatentNumberError,
  typeFromApplicationNumber,
  typeFromPublicationKind,
  applicationYear,
} from '../src/index.ts';

describe('application numbers', () => {
  it('treats ZL, CN and bare spellings as one application', () => {
    for (const spelling of ['ZL 201010110545.X', 'CN201010110545.X', '201010110545.X', 'zl201010110545x', 'ＺＬ２０１０１０１１０５４５．Ｘ', '201010110545X']) {
      expect(normalizeApplicationNumber(spelling)).toBe('CN201010110545.X');
    }
  });

  it('validates check digits of both modern and 1989–2003 numbers', () => {
    expect(normalizeApplicationNumber('CN96121602.6')).toBe('CN96121602.6');
    expect(() => normalizeApplicationNumber('201010110545.1')).toThrow(/requires X/);
    expect(() => normalizeApplicationNumber('CN96121602.5')).toThrow(PatentNumberError);
  });

  it('accepts 1985–1988 numbers, issued without a check digit, also when a database appended one', () => {
    expect(normalizeApplicationNumber('CN85105156')).toBe('CN85105156');
    expect(normalizeApplicationNumber('CN87104573.7')).toBe('CN87104573');
    expect(() => normalizeApplicationNumber('CN87104573.6')).toThrow(/requires 7/);
    expect(() => normalizeApplicationNumber('96121602')).toThrow(/lacks its check digit/);
  });

  it('rejects what is not a number, with the reason', () => {
    expect(() => normalizeApplicationNumber('2010101105')).toThrow(/8 or 12 digits/);
    expect(() => normalizeApplicationNumber('190010110545.X')).toThrow(/filing year/);
  });

  it('derives year and patent type from the number', () => {
    expect(applicationYear('CN201010110545.X')).toBe(2010);
    expect(applicationYear('CN96121602.6')).toBe(1996);
    expect(applicationYear(normalizeApplicationNumber('CN00129265.X'))).toBe(2000);
    expect(() => normalizeApplicationNumber('CN04129265.1')).toThrow(/85 to 03/);
    expect(typeFromApplicationNumber('CN201010110545.X')).toBe('invention');
    const utility = `201920012345.${applicationCheckDigit('201920012345')}`;
    expect(typeFromApplicationNumber(normalizeApplicationNumber(utility))).toBe('utility_model');
    expect(typeFromApplicationNumber('CN85305156')).toBe('design');
  });

  it('round-trips any valid 12-digit body through its check digit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2003, max: 2030 }), fc.constantFrom('1', '2', '3', '8', '9'), fc.integer({ min: 0, max: 9_999_999 }), (year, type, serial) => {
        const body = `${year}${type}${String(serial).padStart(7, '0')}`;
        const canonical = normalizeApplicationNumber(`ZL${body}.${applicationCheckDigit(body)}`);
        expect(canonical).toBe(`CN${body}.${applicationCheckDigit(body)}`);
        const wrong = applicationCheckDigit(body) === '0' ? '1' : '0';
        expect(() => normalizeApplicationNumber(`${body}.${wrong}`)).toThrow(PatentNumberError);
      }),
    );
  });
});

describe('publication numbers', () => {
  it('splits serial and kind, so the A and B publications share a serial', () => {
    expect(normalizePublicationNumber('CN114081026A')).toEqual({ canonical: 'CN114081026A', serial: 'CN114081026', kind: 'A' });
    expect(normalizePublicationNumber('CN 114081026 B').serial).toBe('CN114081026');
    expect(typeFromPublicationKind('U')).toBe('utility_model');
    expect(() => normalizePublicationNumber('US1234567A')).toThrow(PatentNumberError);
  });

  it('reads any number a user types for look-ups', () => {
    expect(parseAnyPatentNumber('ZL 201010110545.X')).toEqual({ kind: 'application', key: 'CN201010110545.X' });
    expect(parseAnyPatentNumber('CN111504366B')).toEqual({ kind: 'publication', key: 'CN111504366' });
    expect(parseAnyPatentNumber('hello')).toBeUndefined();
  });
});
