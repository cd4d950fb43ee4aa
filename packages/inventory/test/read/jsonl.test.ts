import { describe, expect, it } from 'vitest';
import { parseJsonl } from '../../src/read/jsonl.ts';

describe('parseJsonl', () => {
  it('reads objects keyed by input fields, joining lists and writing numbers plainly', () => {
    const text = [
      JSON.stringify({ title: ' 一种犁 ', applicants: ['甲大学', ' 乙公司 ', ''], transferCount: 2, openLicence: true, abstract: '', claims: null }),
      '',
      JSON.stringify({ applicationNumber: 201010110545, openLicenceFee: 1.5e21, ipcCodes: 'A01B1/00;A01B3/00' }),
    ].join('\r\n');
    const result = parseJsonl(text, { source: 'upload.jsonl' });
    expect(result.errors).toEqual([]);
    expect(result.records).toEqual([
      { line: 1, source: 'upload.jsonl', fields: { title: '一种犁', applicants: '甲大学;乙公司', transferCount: '2', openLicence: 'true' } },
      { line: 3, source: 'upload.jsonl', fields: { applicationNumber: '201010110545', openLicenceFee: '1500000000000000000000', ipcCodes: 'A01B1/00;A01B3/00' } },
    ]);
    expect(result.keys).toEqual(['title', 'applicants', 'transferCount', 'openLicence', 'abstract', 'claims', 'applicationNumber', 'openLicenceFee', 'ipcCodes']);
  });

  it('rejects bad lines one by one and keeps the rest', () => {
    const text = [
      '{"title":"一种犁"}',
      '{"title":"一种耙",}',
      '["not", "an object"]',
      '{"title":"一种锄","titel":"typo","foo":1}',
      '{"title":["a","b"]}',
      '{"inventors":[{"name":"张伟"}]}',
      '{"owners":{"name":"甲大学"}}',
      'null',
      '{"title":"一种镰"}',
    ].join('\n');
    const result = parseJsonl(text);
    expect(result.records.map((r) => [r.line, r.fields.title])).toEqual([
      [1, '一种犁'],
      [9, '一种镰'],
    ]);
    expect(result.errors.map((e) => [e.line, e.field])).toEqual([
      [2, 'json'],
      [3, 'json'],
      [4, 'row'],
      [5, 'title'],
      [6, 'inventors'],
      [7, 'owners'],
      [8, 'json'],
    ]);
    expect(result.errors[0]!.message).toMatch(/^line 2 is not valid JSON \(.+\); the line was skipped$/);
    expect(result.errors[1]!.message).toBe('line 3 is an array, expected a JSON object; the line was skipped');
    expect(result.errors[2]!.message).toMatch(/^unknown keys "titel", "foo" \(keys must be input fields: applicationNumber, .*\); the line was skipped$/);
    expect(result.errors[3]!.message).toBe('title must be a string or a number, not a list; the line was skipped');
    expect(result.errors[4]!.message).toBe('inventors must be a list of strings; the line was skipped');
    expect(result.errors[5]!.message).toBe('owners must be a string or a list of strings, not an object; the line was skipped');
    expect(result.errors[6]!.message).toBe('line 8 is null, expected a JSON object; the line was skipped');
  });
});
