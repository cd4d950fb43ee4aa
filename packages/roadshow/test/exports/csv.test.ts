import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { agendaCsv, csvField, meetingScheduleCsv, toCsv } from '../../src/exports/index.ts';
import { AGENDA, MEETINGS, NAMES } from './fixtures.ts';

/** A small RFC 4180 reader (after the byte-order mark). */
function parseCsv(text: string): string[][] {
  expect(text.startsWith('\uFEFF')).toBe(true);
  const body = text.slice(1);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && body[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      expect(ch, 'a bare line break or quote outside a quoted field').not.toMatch(/["\r\n]/);
      field += ch;
    }
  }
  expect(field).toBe('');
  expect(row).toEqual([]);
  return rows;
}

describe('CSV export', () => {
  it('writes the agenda with a BOM, CRLF rows and one row per item', () => {
    const csv = agendaCsv(AGENDA);
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual(['日期', '开始', '结束', '时长（分钟）', '环节', '内容', '专利', '报告单位']);
    expect(rows).toHaveLength(1 + AGENDA.items.length);
    AGENDA.items.forEach((item, i) => {
      expect(rows[i + 1]!.slice(0, 4)).toEqual([AGENDA.date, item.startTime, item.endTime, String(item.minutes)]);
      expect(rows[i + 1]![5]).toBe(item.title);
    });
    // Commas, semicolons, quotes and markup in names survive the round trip.
    const evil = rows.find((r) => r[6] === 'p-evil')!;
    expect(evil[5]).toBe('一种<b>加粗</b>的装置; 含逗号, 与反斜杠\\');
    expect(evil[7]).toBe(NAMES[1]!.name);
  });

  it('writes the meeting schedule by slot and table, names that a spreadsheet would run as formulas kept as text', () => {
    const rows = parseCsv(meetingScheduleCsv({ agenda: AGENDA, meetings: MEETINGS, names: NAMES }));
    expect(rows[0]).toEqual(['轮次', '开始', '结束', '桌号', '企业', '专利权人', '状态']);
    expect(rows.slice(1).map((r) => [r[0], r[3]])).toEqual([
      ['1', '1'],
      ['2', '1'],
      ['2', '2'],
      ['3', '1'],
      ['4', '3'],
    ]);
    expect(rows[2]![4]).toBe('济南"禾源"茶业,有限公司\n第二行');
    expect(rows[4]![4]).toBe(`'${NAMES[5]!.name}`);
    expect(rows[4]![6]).toBe('cancelled');
    expect(rows[1]!.slice(1, 3)).toEqual([AGENDA.meetingSlots[0]!.startTime, AGENDA.meetingSlots[0]!.endTime]);
  });

  it('quotes exactly what needs quoting, and any text reads back', () => {
    expect(csvField('山东大学')).toBe('山东大学');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField(' padded')).toBe('" padded"');
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField(-12.5)).toBe('-12.5');
    expect(csvField(undefined)).toBe('');
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit: fc.constantFrom('a', '路', ',', '"', '\n', '\r', ' ', ';') }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const guarded = rows.map((r) => r.map((v) => (/^[\r]/.test(v) ? `'${v}` : v)));
        expect(parseCsv(toCsv(rows))).toEqual(guarded);
      }),
    );
  });

  it('can leave the BOM out', () => {
    expect(toCsv([['a']], { bom: false })).toBe('a\r\n');
  });
});
