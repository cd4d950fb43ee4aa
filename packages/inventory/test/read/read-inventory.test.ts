import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ColumnMappingError, UnreadableFileError, detectFormat, plainNumber, isoDay, readInventory } from '../../src/read/index.ts';
import { encodeGb18030, makeInventoryCsv } from '../fixtures/malformed.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);
const DATASETS = process.env.PB_SHARED_DATASETS ? new URL(`file://${process.env.PB_SHARED_DATASETS.replace(/\/?$/, '/')}`) : new URL('../../../../../shared/datasets/', import.meta.url);
// Under CI=true the shared datasets must be there: their tests run (and fail loudly) instead of skipping.
const haveDatasets = existsSync(new URL('cn-a01-abstracts/A01B.csv', DATASETS)) || process.env.CI === 'true';

describe('detectFormat', () => {
  it('prefers the explicit format, then ZIP magic, then the extension, then the first character', () => {
    const zip = Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 0, 0);
    expect(detectFormat(zip, { format: 'csv' })).toBe('csv');
    expect(detectFormat(zip, { filename: 'list.csv' })).toBe('xlsx');
    expect(detectFormat(utf8('{"title":"x"}'), { filename: 'list.csv' })).toBe('csv');
    expect(detectFormat(utf8('名称\n'), { filename: 'LIST.JSONL' })).toBe('jsonl');
    expect(detectFormat(utf8('\ufeff\n  {"title":"x"}'))).toBe('jsonl');
    expect(detectFormat(utf8('名称,摘要\n'))).toBe('csv');
    expect(detectFormat(utf8('名称\t摘要\n'), { filename: 'x.tsv' })).toBe('csv');
  });

  it('refuses legacy .xls files and JSON arrays', () => {
    expect(() => detectFormat(Uint8Array.of(0xd0, 0xcf, 0x11, 0xe0, 0xa1))).toThrow(UnreadableFileError);
    expect(() => detectFormat(utf8('a,b'), { filename: 'old.xls' })).toThrow(/old Excel \.xls/);
    expect(() => detectFormat(utf8('[{"title":"x"}]'))).toThrow(/JSON Lines/);
  });
});

describe('cell text', () => {
  it('writes numbers without exponent and dates as days', () => {
    expect(plainNumber(201010110545)).toBe('201010110545');
    expect(plainNumber(1.5e21)).toBe('1500000000000000000000');
    expect(plainNumber('2.5E-7')).toBe('0.00000025');
    expect(plainNumber('-1.25e2')).toBe('-125');
    expect(plainNumber('12.50')).toBe('12.50');
    expect(plainNumber('abc')).toBe('abc');
    expect(isoDay(new Date(Date.UTC(2010, 1, 9)))).toBe('2010-02-09');
  });
});

describe('readInventory: CSV', () => {
  it('maps the header, trims cells, leaves out empty ones and keeps unmapped columns in extra', async () => {
    const csv = '申请号,名称,摘要,备注,发明人\n 201010110545.X ,一种犁," 翻土, 碎土 ",,张伟;王芳\n201020240908.1,一种耙,,急,\n';
    const result = await readInventory(utf8(csv), { filename: '清单.csv', source: 'uploads/清单.csv' });
    expect(result.encoding).toBe('utf-8');
    expect(result.errors).toEqual([]);
    expect(result.columns).toEqual([
      { header: '申请号', field: 'applicationNumber' },
      { header: '名称', field: 'title' },
      { header: '摘要', field: 'abstract' },
      { header: '备注', field: null },
      { header: '发明人', field: 'inventors' },
    ]);
    expect(result.records).toEqual([
      { line: 2, source: 'uploads/清单.csv', fields: { applicationNumber: '201010110545.X', title: '一种犁', abstract: '翻土, 碎土', inventors: '张伟;王芳' } },
      { line: 3, source: 'uploads/清单.csv', fields: { applicationNumber: '201020240908.1', title: '一种耙' }, extra: { 备注: '急' } },
    ]);
    expect(result.warnings).toBeUndefined();
  });

  it('reads a UTF-8 BOM file and a semicolon file', async () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('名称;摘要\n一种犁;翻土\n')]);
    const result = await readInventory(bom);
    expect(result.encoding).toBe('utf-8-bom');
    expect(result.columns[0]).toEqual({ header: '名称', field: 'title' });
    expect(result.records).toEqual([{ line: 2, fields: { title: '一种犁', abstract: '翻土' } }]);
  });

  it('reads a whole GB18030 file', async () => {
    const bytes = encodeGb18030('申請號,名稱,發明人\r\n201010110545.X,一種結合指針分析的軟件安全漏洞動態檢測方法,胡昌振\r\n');
    const result = await readInventory(bytes);
    expect(result.encoding).toBe('gb18030');
    expect(result.errors).toEqual([]);
    expect(result.records).toEqual([
      { line: 2, fields: { applicationNumber: '201010110545.X', title: '一種結合指針分析的軟件安全漏洞動態檢測方法', inventors: '胡昌振' } },
    ]);
  });

  it('rejects only the rows on lines that are not valid UTF-8', async () => {
    const bytes = new Uint8Array([
      ...utf8('名称,摘要\n一种犁,翻土\n'),
      ...encodeGb18030('一种耙,平整\n'),
      ...utf8('一种锄,"除草\n松土"\n一种镰,收割\n'),
      ...encodeGb18030('一种播种机,播种\n'),
    ]);
    const result = await readInventory(bytes);
    expect(result.encoding).toBe('utf-8');
    expect(result.records.map((r) => [r.line, r.fields.title])).toEqual([
      [2, '一种犁'],
      [4, '一种锄'],
      [6, '一种镰'],
    ]);
    expect(result.errors).toEqual([
      { line: 3, field: 'encoding', message: 'line 3 is not valid UTF-8 (looks like GB18030 bytes); re-save the file as UTF-8; the row was skipped' },
      { line: 7, field: 'encoding', message: 'line 7 is not valid UTF-8 (looks like GB18030 bytes); re-save the file as UTF-8; the row was skipped' },
    ]);
  });

  it('rejects a multi-line row when any of its lines is damaged, reporting that line', async () => {
    const bytes = new Uint8Array([...utf8('名称,摘要\n一种锄,"除草\n'), ...encodeGb18030('松土"\n'), ...utf8('一种镰,收割\n')]);
    const result = await readInventory(bytes);
    expect(result.records.map((r) => r.line)).toEqual([4]);
    expect(result.errors).toEqual([
      { line: 2, field: 'encoding', message: 'line 3 is not valid UTF-8 (looks like GB18030 bytes); re-save the file as UTF-8; the row was skipped' },
    ]);
  });

  it('reports structure errors and duplicate-column warnings alongside the records', async () => {
    const csv = '名称,专利名称,摘要\n一种犁,犁,"翻土\n一种耙,耙,平整\n';
    const result = await readInventory(utf8(csv));
    expect(result.records).toEqual([{ line: 3, fields: { title: '一种耙', abstract: '平整' }, extra: { 专利名称: '耙' } }]);
    expect(result.errors.map((e) => [e.line, e.field])).toEqual([[2, 'row']]);
    expect(result.warnings?.map((w) => w.field)).toEqual(['title']);
  });

  it('applies a user mapping and throws ColumnMappingError for a bad one', async () => {
    const csv = utf8('Patent,Text\n一种犁,翻土\n');
    const mapped = await readInventory(csv, { mapping: { Patent: 'title', Text: 'abstract' } });
    expect(mapped.records).toEqual([{ line: 2, fields: { title: '一种犁', abstract: '翻土' } }]);
    await expect(readInventory(csv, { mapping: { Missing: 'title' } })).rejects.toThrow(ColumnMappingError);
  });

  it('uses the delimiter option', async () => {
    const result = await readInventory(utf8('名称|摘要\n一种犁|翻土, 碎土\n'), { delimiter: '|' });
    expect(result.records).toEqual([{ line: 2, fields: { title: '一种犁', abstract: '翻土, 碎土' } }]);
  });

  it('reports an empty file and a header-only file', async () => {
    expect((await readInventory(new Uint8Array(), { filename: 'x.csv' })).errors).toEqual([
      { line: 1, field: 'row', message: 'the file is empty: no header row and no records' },
    ]);
    const headerOnly = await readInventory(utf8('名称,摘要\r\n'));
    expect(headerOnly.records).toEqual([]);
    expect(headerOnly.errors).toEqual([]);
  });
});

describe('readInventory: JSON Lines', () => {
  it('reads records, reports bad lines and rejects lines that are not valid UTF-8', async () => {
    const bytes = new Uint8Array([
      ...utf8('{"title":"一种犁","applicants":["甲大学","乙公司"]}\n{"title":\n'),
      ...encodeGb18030('{"title":"一种耙"}\n'),
      ...utf8('{"title":"一种锄","color":"red"}\n{"title":"一种镰"}\n'),
    ]);
    const result = await readInventory(bytes, { filename: 'x.jsonl' });
    expect(result.encoding).toBe('jsonl');
    expect(result.records.map((r) => [r.line, r.fields])).toEqual([
      [1, { title: '一种犁', applicants: '甲大学;乙公司' }],
      [5, { title: '一种镰' }],
    ]);
    expect(result.errors.map((e) => [e.line, e.field])).toEqual([
      [2, 'json'],
      [3, 'encoding'],
      [4, 'row'],
    ]);
    expect(result.columns).toEqual([
      { header: 'title', field: 'title' },
      { header: 'applicants', field: 'applicants' },
      { header: 'color', field: null },
    ]);
  });
});

describe('readInventory: generated inventories (fixtures/malformed.ts)', () => {
  for (const encoding of ['utf-8', 'utf-8-bom', 'gb18030'] as const) {
    it(`keeps every good row and every value defect, rejects reader defects (${encoding})`, async () => {
      const csv = makeInventoryCsv({ rows: 600, badShare: 0.2, seed: 11, encoding });
      const result = await readInventory(csv.bytes, { filename: 'inventory.csv' });
      expect(result.encoding).toBe(encoding);
      const readerDefects = csv.bad.filter((b) => b.kind === 'broken-quote' || b.kind === 'gb18030-row');
      const passed = [...csv.goodLines, ...csv.bad.filter((b) => !readerDefects.includes(b)).map((b) => b.line)].sort((a, b) => a - b);
      expect(result.records.map((r) => r.line)).toEqual(passed);
      expect(result.errors.map((e) => e.line)).toEqual(readerDefects.map((b) => b.line));
      for (const error of result.errors) {
        const kind = csv.bad.find((b) => b.line === error.line)!.kind;
        expect(error.field).toBe(kind === 'gb18030-row' ? 'encoding' : 'row');
      }
      // Good rows come back exactly as generated.
      const byLine = new Map(result.records.map((r) => [r.line, r]));
      for (const row of csv.rows.filter((r) => r.kind === 'good')) {
        const record = byLine.get(row.line)!;
        expect(record.fields).toEqual({
          applicationNumber: row.cells[0],
          publicationNumber: row.cells[1],
          title: row.cells[2],
          abstract: row.cells[3],
          mainIpc: row.cells[4],
          ipcCodes: row.cells[5],
          applicants: row.cells[6],
          owners: row.cells[7],
          inventors: row.cells[8],
          filingDate: row.cells[9],
          publicationDate: row.cells[10],
          legalStatus: row.cells[11],
        });
      }
    });
  }

  it('reads 30,000 rows (about 15 MB) in well under a second', async () => {
    const csv = makeInventoryCsv({ rows: 30_000, badShare: 0.05, seed: 3 });
    const started = performance.now();
    const result = await readInventory(csv.bytes);
    const elapsed = performance.now() - started;
    console.info(`readInventory: ${csv.bytes.length} bytes, ${result.records.length} records in ${elapsed.toFixed(0)} ms`);
    expect(result.records.length + result.errors.length).toBe(30_000);
    expect(elapsed).toBeLessThan(1500);
  });
});

describe.skipIf(!haveDatasets)('readInventory: shared real data (../shared/datasets)', () => {
  it('reads cn-a01-abstracts/A01B.csv: 786 records over 915 physical lines, no errors', async () => {
    const bytes = readFileSync(new URL('cn-a01-abstracts/A01B.csv', DATASETS));
    const result = await readInventory(bytes, { filename: 'A01B.csv', source: 'cn-a01-abstracts/A01B.csv' });
    expect(result.encoding).toBe('utf-8');
    expect(result.errors).toEqual([]);
    expect(result.columns).toEqual([
      { header: 'patent_id', field: 'sourceId' },
      { header: '名称', field: 'title' },
      { header: '申请号', field: 'applicationNumber' },
      { header: '摘要', field: 'abstract' },
    ]);
    expect(result.records).toHaveLength(786);
    expect(result.records[0]).toMatchObject({
      line: 2,
      source: 'cn-a01-abstracts/A01B.csv',
      fields: { sourceId: '10000643', title: '利用苕子根茬免耕种植法', applicationNumber: 'CN85105156' },
    });
    expect(result.records.every((r) => r.fields.title !== undefined && r.fields.applicationNumber !== undefined)).toBe(true);
    const multiLine = result.records.filter((r) => r.fields.abstract?.includes('\n'));
    expect(multiLine.length).toBeGreaterThan(0);
    expect(result.records.at(-1)!.line).toBeLessThanOrEqual(915);
  });

  it('reads all of cn-a01-abstracts (11,517 records) without errors', async () => {
    const folder = new URL('cn-a01-abstracts/', DATASETS);
    let records = 0;
    let bytesRead = 0;
    let elapsed = 0;
    for (const name of readdirSync(folder).filter((n) => n.endsWith('.csv'))) {
      const bytes = readFileSync(new URL(name, folder));
      const started = performance.now();
      const result = await readInventory(bytes, { filename: name });
      elapsed += performance.now() - started;
      expect(result.errors, name).toEqual([]);
      records += result.records.length;
      bytesRead += bytes.length;
    }
    console.info(`cn-a01-abstracts: ${bytesRead} bytes, ${records} records in ${elapsed.toFixed(0)} ms`);
    expect(records).toBe(11_517);
  });

  it('reads the BOM-prefixed cn-recent-titles-ipc/patents.csv', async () => {
    const result = await readInventory(readFileSync(new URL('cn-recent-titles-ipc/patents.csv', DATASETS)));
    expect(result.encoding).toBe('utf-8-bom');
    expect(result.errors).toEqual([]);
    expect(result.records).toHaveLength(9_740);
    expect(result.columns.find((c) => c.header === 'publication_numbers')?.field).toBe('publicationNumber');
    expect(result.columns.find((c) => c.header === 'patent_title')?.field).toBe('title');
  });

  it('rejects every line of bdci2021-patents/train.jsonl, whose keys are another schema', async () => {
    // Its keys (title, assignee, abstract, label_id) are not all input fields: every line is rejected
    // with a clear 'row' error, which is what an upload in a foreign schema should get.
    const result = await readInventory(readFileSync(new URL('bdci2021-patents/train.jsonl', DATASETS)));
    expect(result.records).toEqual([]);
    expect(result.errors).toHaveLength(975);
    expect(result.errors[0]!.message).toMatch(/^unknown keys "assignee", "label_id"/);
  });
});
