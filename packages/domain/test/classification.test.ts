import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  defaultChainCatalogue,
  inferOrganizationKind,
  inferRegion,
  normalizeIpc,
  parseIpcList,
  parseLegalStatus,
  parsePatentType,
  tagChains,
  termYears,
} from '../src/index.ts';

describe('IPC codes', () => {
  it('normalises spacing, case, full-width and edition suffixes', () => {
    expect(normalizeIpc('a23f3/06')).toBe('A23F 3/06');
    expect(normalizeIpc('G06F 17/30(2006.01)')).toBe('G06F 17/30');
    expect(normalizeIpc('Ｃ１２Ｎ')).toBe('C12N');
    expect(normalizeIpc('Z99Q')).toBeUndefined();
  });

  it('puts the main code first and reports what it could not read', () => {
    expect(parseIpcList('H04L 29/06;G06F17/30|bogus', 'G06F 17/30')).toEqual({ codes: ['G06F 17/30', 'H04L 29/06'], invalid: ['bogus'] });
  });
});

describe('wordings from exports', () => {
  it('reads legal status and patent type labels', () => {
    expect(parseLegalStatus('未缴年费专利权终止')).toBe('lapsed');
    expect(parseLegalStatus('授权')).toBe('granted');
    expect(parseLegalStatus('实质审查的生效')).toBe('pending');
    expect(parseLegalStatus('专利权期限届满')).toBe('expired');
    expect(parsePatentType('实用新型')).toBe('utility_model');
    expect(termYears('design', '2021-06-01')).toBe(15);
    expect(termYears('design', '2021-05-31')).toBe(10);
  });

  it('infers organisation kind and region from names', () => {
    expect(inferOrganizationKind('北京理工大学')).toBe('university');
    expect(inferOrganizationKind('國立臺灣大學')).toBe('university');
    expect(inferOrganizationKind('中国科学院化学研究所')).toBe('research_institute');
    expect(inferOrganizationKind('北京智芯微电子科技有限公司')).toBe('enterprise');
    expect(inferOrganizationKind('张三')).toBe('individual');
    expect(inferRegion('济南大学')).toEqual({ province: '山东', city: '济南' });
    expect(inferRegion('北京理工大学')).toEqual({ province: '北京' });
    expect(inferRegion('國立臺灣大學')).toEqual({ province: '台湾' });
    expect(inferRegion('国立台灣科技大学')).toEqual({ province: '台湾' });
    expect(inferRegion('臺北醫學大學')).toEqual({ province: '台湾', city: '台北' });
  });
});

describe('chain catalogue', () => {
  const catalogue = defaultChainCatalogue();

  it("covers Jinan's key chains", () => {
    const names = catalogue.chains.map((c) => c.name);
    for (const name of ['生物医药', '智能制造与高端装备', '大数据与新一代信息技术', '新材料', '新能源与节能环保', '现代农业与食品', '未来产业']) {
      expect(names).toContain(name);
    }
  });

  it('uses only GB/T 4754 codes that exist in the shared reference', () => {
    const root = process.env.PB_SHARED_DATASETS ?? new URL('../../../../shared/datasets', import.meta.url).pathname;
    const reference = readFileSync(`${root}/reference/gb-t-4754-industry-3digit-zh.csv`, 'utf8');
    const codes = new Set([...reference.matchAll(/^(\d{3}),/gm)].map((m) => m[1]));
    for (const chain of catalogue.chains) for (const code of chain.industryCodes) expect(codes, `${chain.id} ${code}`).toContain(code);
  });

  it('tags by IPC rule first and by keyword otherwise, with the reason', () => {
    expect(tagChains({ ipcCodes: ['A23F 3/06'], title: '一种滚筒杀青机' }, catalogue)).toContainEqual({ chain: 'modern-agriculture-food', reason: 'ipc:A23' });
    expect(tagChains({ ipcCodes: ['G06N 10/20'], title: '量子比特读出方法' }, catalogue)).toContainEqual({ chain: 'future-industries', reason: 'ipc:G06N 10' });
    expect(tagChains({ ipcCodes: [], title: '一种锂离子电池储能系统' }, catalogue)).toContainEqual({ chain: 'new-energy', reason: 'keyword:电池' });
    expect(tagChains({ ipcCodes: [], title: '一种装置', abstract: '提到电池一次' }, catalogue)).toEqual([]);
  });
});
