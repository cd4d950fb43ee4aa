import { describe, expect, it } from 'vitest';
import { defaultChainCatalogue } from '@patent-bridge/domain';
import { ValueError } from '../../src/import/values.ts';
import {
  chainReader,
  parseBudget,
  parseCity,
  parseDeadline,
  parseIndustryCode,
  parseLicenceModes,
  parseMaturity,
  parseProvince,
  parseVisibility,
  splitKeywords,
} from '../../src/demands/values.ts';

describe('demand cell values', () => {
  it('splits keywords on Chinese and ASCII separators and spaces, once each', () => {
    expect(splitKeywords('杀青，滚筒杀青机、温度控制 绿茶加工;杀青；揉捻,烘干')).toEqual(['杀青', '滚筒杀青机', '温度控制', '绿茶加工', '揉捻', '烘干']);
    expect(splitKeywords('  ')).toEqual([]);
    expect(splitKeywords(undefined)).toEqual([]);
  });

  it('reads licence modes in Chinese (either script) and English, and refuses the ambiguous 许可', () => {
    expect(parseLicenceModes('转让/独占/排他/普通/开放许可')).toEqual(['assignment', 'exclusive', 'sole', 'non_exclusive', 'open_licence']);
    expect(parseLicenceModes('普通許可、開放許可')).toEqual(['non_exclusive', 'open_licence']);
    expect(parseLicenceModes('open licence')).toEqual(['open_licence']);
    expect(parseLicenceModes('exclusive; non_exclusive')).toEqual(['exclusive', 'non_exclusive']);
    expect(parseLicenceModes('不限')).toEqual([]);
    expect(() => parseLicenceModes('许可')).toThrow(ValueError);
    expect(() => parseLicenceModes('转让，租赁')).toThrow(/"租赁" is not a licence mode/);
  });

  it('reads maturity stages and technology readiness levels', () => {
    expect(parseMaturity('中试')).toBe('pilot');
    expect(parseMaturity('產業化')).toBe('production');
    expect(parseMaturity('小试')).toBe('lab');
    expect(parseMaturity('TRL 6')).toBe('prototype');
    expect(parseMaturity('9')).toBe('production');
    expect(() => parseMaturity('很成熟了')).toThrow(/not a technology maturity/);
  });

  it('reads visibility', () => {
    expect(parseVisibility('公開')).toBe('public');
    expect(parseVisibility('私有')).toBe('private');
    expect(parseVisibility('不公开')).toBe('private');
    expect(() => parseVisibility('部分')).toThrow(ValueError);
  });

  it('reads GB/T 4754 groups, with a section letter, a class or a name, and explains a 2-digit code', () => {
    expect(parseIndustryCode('153')).toBe('153');
    expect(parseIndustryCode('C274')).toBe('274');
    expect(parseIndustryCode('C1530 精制茶加工')).toBe('153');
    expect(parseIndustryCode('０１７')).toBe('017');
    expect(() => parseIndustryCode('17')).toThrow(/leading 0/);
    expect(() => parseIndustryCode('茶叶')).toThrow(/not a GB\/T 4754 industry code/);
  });

  it('reads budgets in 元 and 万元, and 面议 as no bound', () => {
    expect(parseBudget('50万', 'cny')).toBe(500_000);
    expect(parseBudget('1.5万元', 'cny')).toBe(15_000);
    expect(parseBudget('500,000元', 'cny')).toBe(500_000);
    expect(parseBudget('500000', 'cny')).toBe(500_000);
    expect(parseBudget('50', 'wan')).toBe(500_000);
    expect(parseBudget('50萬', 'wan')).toBe(500_000);
    expect(parseBudget('30000元', 'wan')).toBe(30_000);
    expect(parseBudget('面议', 'cny')).toBeUndefined();
    expect(() => parseBudget('八十万', 'cny')).toThrow(/not an amount in CNY/);
  });

  it('reads deadlines up to ten years ahead', () => {
    const today = new Date('2026-11-21T00:00:00Z');
    expect(parseDeadline('2031年6月30日', today)).toBe('2031-06-30');
    expect(() => parseDeadline('2027-02-30', today)).toThrow(/not a calendar date/);
    expect(() => parseDeadline('2040-01-01', today)).toThrow(/plausible range/);
  });

  it('reads provinces to their short name and cities without 市, placing well-known cities', () => {
    expect(parseProvince('山東省')).toBe('山东');
    expect(parseProvince('广西壮族自治区')).toBe('广西');
    expect(parseProvince('北京市')).toBe('北京');
    expect(() => parseProvince('济南')).toThrow(/not a province-level region/);
    expect(parseCity('濟南市')).toEqual({ city: '济南', province: '山东' });
    expect(parseCity('临沂')).toEqual({ city: '临沂' });
    expect(() => parseCity('370100')).toThrow(/not a city name/);
  });

  it('reads chains by id, Chinese name (either script), a distinctive part of a name, or with 产业链', () => {
    const catalogue = defaultChainCatalogue();
    const readChains = chainReader(catalogue);
    expect(readChains('智能制造与高端装备，生物医药产业链')).toEqual(['intelligent-manufacturing', 'biomedicine']);
    expect(readChains('大數據與新一代信息技術')).toEqual(['big-data-it']);
    expect(readChains('new-materials; 现代农业')).toEqual(['new-materials', 'modern-agriculture-food']);
    expect(readChains('New materials')).toEqual(['new-materials']);
    for (const chain of catalogue.chains) {
      expect(readChains(chain.id)).toEqual([chain.id]);
      expect(readChains(chain.name)).toEqual([chain.id]);
    }
    expect(() => readChains('生物医药，航空航天')).toThrow(/"航空航天" is not a chain of the catalogue/);
  });
});
