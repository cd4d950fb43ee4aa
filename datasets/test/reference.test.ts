import { describe, expect, it } from 'vitest';
import { bdciLabelForIpc, loadBdciLabelTaxonomy, loadCpcTitlesEn, loadIndustryCodes, loadIpcTitlesZh, loadPhrasePairs } from '../src/index.ts';
import { ROOT, physicalLines } from './helpers.ts';

describe('reference readers', () => {
  it('reads the 432 GB/T 4754 three-digit industry groups', async () => {
    const industries = await loadIndustryCodes(ROOT);
    expect(industries).toHaveLength(432);
    expect(new Set(industries.map((i) => i.code)).size).toBe(432);
    expect(industries.every((i) => /^\d{3}$/.test(i.code) && i.name !== '')).toBe(true);
    expect(industries[0]).toMatchObject({ code: '011', name: '谷物种植' });
    const tea = industries.find((i) => i.code === '153')!;
    expect(tea.name).toBe('精制茶加工');
    expect(tea.description).toMatch(/^指对毛茶或半成品原料茶进行筛分/);
  });

  it('reads the Chinese IPC scheme of section A, skipping notes that cite other sections', async () => {
    const titles = await loadIpcTitlesZh(ROOT);
    expect(titles.every((t) => t.code.startsWith('A'))).toBe(true);
    const count = (level: string) => titles.filter((t) => t.level === level).length;
    expect([count('section'), count('class'), count('subclass')]).toEqual([1, 16, 84]);
    expect(titles).toHaveLength(8905);
    const lines = physicalLines('reference/ipc-section-A-zh.csv');
    const tea = titles.find((t) => t.code === 'A23F 3/06')!;
    expect(tea).toMatchObject({ level: 'subgroup', dots: 1 });
    expect(tea.title).toMatch(/^提取前的茶处理/);
    expect(lines[tea.line - 1]).toContain('A23F 3/06');
    expect(titles.find((t) => t.code === 'A01B 1/00')).toMatchObject({ level: 'main-group', dots: 0, title: '手动工具（草坪修整机入A01G 3/06）' });
    // Edition marks are dropped, also where the file wrote the code without a space.
    expect(titles.find((t) => t.code === 'A61K 35/19')?.title).toBe('血小板；巨核细胞');
    expect(titles.filter((t) => /〔[^〕]*〕$/.test(t.title))).toEqual([]);
  });

  it('reads every CPC title line', async () => {
    const titles = await loadCpcTitlesEn(ROOT);
    const lines = physicalLines('reference/cpc-titles-subclass-maingroup-en.tsv').filter((l) => l.trim() !== '');
    expect(titles).toHaveLength(lines.length);
    expect(titles).toHaveLength(10585);
    expect(titles.filter((t) => t.level === 'main-group')).toHaveLength(9766);
    expect(titles.find((t) => t.code === 'A01B 1/00')?.title).toMatch(/^Hand tools/);
    expect(titles.find((t) => t.code === 'A23F')?.level).toBe('subclass');
  });

  it('reads the 36,473 rated phrase pairs', async () => {
    const pairs = await loadPhrasePairs(ROOT);
    expect(pairs).toHaveLength(physicalLines('uspppm-phrase-similarity/train.csv').length - 1);
    expect(pairs).toHaveLength(36473);
    expect(pairs[0]).toEqual({ id: '37d61fd2272659b1', anchor: 'abatement', target: 'abatement of pollution', context: 'A47', score: 0.5 });
    expect(new Set(pairs.map((p) => p.score))).toEqual(new Set([0, 0.25, 0.5, 0.75, 1]));
  });

  it('maps IPC codes to BDCI labels through the taxonomy', async () => {
    const taxonomy = await loadBdciLabelTaxonomy(ROOT);
    expect(bdciLabelForIpc(taxonomy, 'A01B')).toBe(1);
    expect(bdciLabelForIpc(taxonomy, 'A23K 10/30')).toBe(1);
    expect(bdciLabelForIpc(taxonomy, 'A23F 3/06')).toBe(26);
    expect(bdciLabelForIpc(taxonomy, 'A61K')).toBe(18);
  });
});
