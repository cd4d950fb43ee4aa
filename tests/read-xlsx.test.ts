// XLSX tests for the inventory readers (packages/inventory/src/read). They live here because
// write-excel-file, used to build the workbooks, is a dependency of this package only.
import writeXlsxFile from 'write-excel-file/node';
import { describe, expect, it } from 'vitest';
import { ColumnMappingError, UnreadableFileError, readInventory, readXlsxRows } from '../packages/inventory/src/read/index.ts';

const day = (year: number, month: number, date: number) => ({ value: new Date(Date.UTC(year, month - 1, date)), format: 'yyyy-mm-dd' });

describe('readXlsxRows', () => {
  it('reads the first sheet as strings with sheet row numbers', async () => {
    const workbook = await writeXlsxFile([
      ['申请号', '名称', '申请日', '专利转移次数', '开放许可'],
      [null, null, null, null, null],
      ['201010110545.X', '一种犁', day(2010, 2, 9), 3, true],
      [201010110545, '一种耙', day(2011, 9, 29), 1.5e21, false],
      [1.25, ' ', null, 0.5, null, '多出的单元格'],
    ]).toBuffer();
    expect(await readXlsxRows(workbook)).toEqual([
      { line: 1, endLine: 1, cells: ['申请号', '名称', '申请日', '专利转移次数', '开放许可', ''] },
      { line: 3, endLine: 3, cells: ['201010110545.X', '一种犁', '2010-02-09', '3', 'true', ''] },
      { line: 4, endLine: 4, cells: ['201010110545', '一种耙', '2011-09-29', '1500000000000000000000', 'false', ''] },
      { line: 5, endLine: 5, cells: ['1.25', '', '', '0.5', '', '多出的单元格'] },
    ]);
  });

  it('keeps row numbers when the sheet starts with empty rows', async () => {
    const workbook = await writeXlsxFile([[null, null], [null, null], ['名称', '摘要'], ['一种犁', '翻土']]).toBuffer();
    expect((await readXlsxRows(workbook)).map((row) => row.line)).toEqual([3, 4]);
  });

  it('throws UnreadableFileError for a damaged workbook', async () => {
    const workbook = await writeXlsxFile([['名称'], ['一种犁']]).toBuffer();
    await expect(readXlsxRows(workbook.subarray(0, 200))).rejects.toThrow(UnreadableFileError);
  });
});

describe('readInventory: XLSX round trip', () => {
  it('writes an inventory with write-excel-file and reads the same records back', async () => {
    const patents = [
      { number: '201010110545.X', title: '一种结合指针分析的软件安全漏洞动态检测方法', filed: day(2010, 2, 9), applicants: '北京理工大学', transfers: 0 },
      { number: '201010240908.1', title: '一种基于GCC抽象语法树的缓冲区溢出漏洞检测方法', filed: day(2010, 7, 30), applicants: '北京理工大学;浙江大学', transfers: 2 },
    ];
    const workbook = await writeXlsxFile([
      ['申請號', '專利名稱', '申请日', '申请（专利权）人', '专利转移次数', '备注'],
      ...patents.map((p) => [p.number, p.title, p.filed, p.applicants, p.transfers, p.transfers > 0 ? '已转让' : null]),
    ]).toBuffer();
    const result = await readInventory(workbook, { filename: '清单.xlsx' });
    expect(result.encoding).toBe('xlsx');
    expect(result.errors).toEqual([]);
    expect(result.columns).toEqual([
      { header: '申請號', field: 'applicationNumber' },
      { header: '專利名稱', field: 'title' },
      { header: '申请日', field: 'filingDate' },
      { header: '申请（专利权）人', field: 'applicants' },
      { header: '专利转移次数', field: 'transferCount' },
      { header: '备注', field: null },
    ]);
    expect(result.records).toEqual([
      {
        line: 2,
        fields: { applicationNumber: '201010110545.X', title: patents[0]!.title, filingDate: '2010-02-09', applicants: '北京理工大学', transferCount: '0' },
      },
      {
        line: 3,
        fields: { applicationNumber: '201010240908.1', title: patents[1]!.title, filingDate: '2010-07-30', applicants: '北京理工大学;浙江大学', transferCount: '2' },
        extra: { 备注: '已转让' },
      },
    ]);
  });

  it('detects XLSX from the bytes whatever the file name, and applies a user mapping', async () => {
    const workbook = await writeXlsxFile([
      ['Patent', 'Summary', 'Extra col'],
      ['一种犁', '翻土', 'x'],
    ]).toBuffer();
    const result = await readInventory(workbook, { filename: 'upload.bin', mapping: { Patent: 'title', Summary: 'abstract' } });
    expect(result.records).toEqual([{ line: 2, fields: { title: '一种犁', abstract: '翻土' }, extra: { 'Extra col': 'x' } }]);
    await expect(readInventory(workbook, { mapping: { Nope: 'title' } })).rejects.toThrow(ColumnMappingError);
  });
});
