import { describe, expect, it } from 'vitest';
import { ColumnMappingError, previewInventory } from '../../src/index.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('previewInventory', () => {
  it('names empty and repeated headers as the import keeps their values, and warns about the repeated column', async () => {
    const preview = await previewInventory(utf8('名称,,名称,申请号\n一种犁,甲,一种锄,202110086421.X\n'), { filename: 'x.csv' });
    expect(preview.headers).toEqual(['名称', 'column 2', '名称 (column 3)', '申请号']);
    expect(preview.mapping).toEqual({ 名称: 'title', 'column 2': null, '名称 (column 3)': null, 申请号: 'applicationNumber' });
    expect(preview.rows).toEqual([{ line: 2, cells: { 名称: '一种犁', 'column 2': '甲', '名称 (column 3)': '一种锄', 申请号: '202110086421.X' }, fields: { title: '一种犁', applicationNumber: '202110086421.X' } }]);
    expect(preview.warnings.map((w) => w.field)).toEqual(['title']);
    expect(preview.missingRequiredFields).toEqual([]);
  });

  it('shows the first rows only but counts them all, with the read errors', async () => {
    const lines = Array.from({ length: 25 }, (_, i) => `一种装置${i},${i}`);
    const preview = await previewInventory(utf8(`名称,备注\n${lines.join('\n')}\n"坏的引号,x\n`), { rows: 3 });
    expect(preview.rows.map((r) => r.cells.名称)).toEqual(['一种装置0', '一种装置1', '一种装置2']);
    expect([preview.rowCount, preview.errorCount]).toEqual([25, 1]);
    expect(preview.errors).toEqual([{ line: 27, field: 'row', message: expect.stringContaining('unclosed quote') }]);
    expect(preview.missingRequiredFields.map((m) => m.field)).toEqual(['applicationNumber']);
  });

  it('throws ColumnMappingError for a mapping naming a column the file lacks', async () => {
    await expect(previewInventory(utf8('名称\n一种犁\n'), { mapping: { 题目: 'title' } })).rejects.toThrow(ColumnMappingError);
  });
});
