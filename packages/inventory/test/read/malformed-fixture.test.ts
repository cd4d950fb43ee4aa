import { isUtf8 } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { INVENTORY_CSV_HEADER, applicationCheckDigit, encodeGb18030, makeInventoryCsv } from '../fixtures/malformed.ts';

describe('fixtures/malformed.ts', () => {
  it('computes application-number check digits', () => {
    expect(applicationCheckDigit('201010110545')).toBe('X');
    expect(applicationCheckDigit('201010240908')).toBe('1');
    expect(applicationCheckDigit('201110294120')).toBe('3');
  });

  it('writes valid application numbers whose 5th digit matches the publication kind', () => {
    const csv = makeInventoryCsv({ rows: 300, badShare: 0, seed: 5 });
    for (const row of csv.rows) {
      const [number = '', publication = ''] = row.cells;
      const match = /^(\d{12})\.([\dX])$/.exec(number);
      expect(match, number).not.toBeNull();
      expect(applicationCheckDigit(match![1]!)).toBe(match![2]);
      const type = number[4];
      expect(publication.slice(-1)).toMatch(type === '1' ? /[AB]/ : type === '2' ? /U/ : /S/);
    }
  });

  it('is deterministic and places the requested share of defects', () => {
    const a = makeInventoryCsv({ rows: 500, badShare: 0.1, seed: 42 });
    const b = makeInventoryCsv({ rows: 500, badShare: 0.1, seed: 42 });
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    expect(a.bad).toHaveLength(50);
    expect(new Set(a.bad.map((x) => x.kind))).toEqual(new Set(['bad-date', 'missing-title', 'bad-number', 'broken-quote', 'gb18030-row']));
    expect(a.goodLines.length + a.bad.length).toBe(500);
    expect(a.text.split(/\r?\n/)[0]).toBe(INVENTORY_CSV_HEADER.join(','));
  });

  it('writes GB18030 rows that are invalid UTF-8 and decode back exactly', () => {
    const csv = makeInventoryCsv({ rows: 100, badShare: 0.2, seed: 8, kinds: ['gb18030-row'] });
    expect(isUtf8(csv.bytes)).toBe(false);
    const whole = makeInventoryCsv({ rows: 100, badShare: 0.2, seed: 8, encoding: 'gb18030' });
    expect(whole.bad.some((b) => b.kind === 'gb18030-row')).toBe(false);
    expect(new TextDecoder('gb18030').decode(whole.bytes)).toBe(whole.text);
  });

  it('encodes GB18030 for the characters it knows and refuses others', () => {
    expect([...encodeGb18030('中文，（１）')]).toEqual([0xd6, 0xd0, 0xce, 0xc4, 0xa3, 0xac, 0xa3, 0xa8, 0xa3, 0xb1, 0xa3, 0xa9]);
    expect(() => encodeGb18030('😀')).toThrow(RangeError);
  });
});
