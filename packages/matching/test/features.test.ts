import { describe, expect, it } from 'vitest';
import { defaultChainCatalogue } from '@patent-bridge/domain';
import { chainFeature, ipcFitFeature } from '../src/features/classification.ts';
import { licenceFeature, regionFeature } from '../src/features/deal.ts';
import { ownerKindFeature, screeningFeature, vitalityFeature } from '../src/features/patent-standing.ts';
import { keywordFeature, semanticFeature } from '../src/features/text.ts';
import { defaultMatchingConfig, explainMatch, snippet } from '../src/index.ts';

const config = defaultMatchingConfig();
const today = new Date('2026-11-21T00:00:00Z');

describe('matching features', () => {
  it('semantic: rescales the cosine and names it only when it matters', () => {
    expect(semanticFeature(undefined).value).toBe(0);
    expect(semanticFeature(0.05).value).toBe(0);
    expect(semanticFeature(0.9).value).toBe(1);
    expect(semanticFeature(0.6).reason).toBe('语义相似度 0.60');
  });

  it('keyword: longer words weigh more, generic words little', () => {
    const specific = keywordFeature(['滚筒杀青机', '系统'], new Set(['滚筒杀青机']));
    const generic = keywordFeature(['滚筒杀青机', '系统'], new Set(['系统']));
    expect(specific.value).toBeGreaterThan(generic.value);
    expect(specific.matched).toEqual(['滚筒杀青机']);
    expect(keywordFeature(['杀青'], new Set(['杀青']), 0).value).toBe(0.5);
  });

  it('ipc fit: the main code counts fully, later codes less, class-level hints count', () => {
    const hints = { weights: new Map([['A23F', 1], ['B23', 0.5]]), origins: new Map([['A23F', '需求所在行业（153 精制茶加工）']]) };
    expect(ipcFitFeature(['A23F 3/06'], hints)).toEqual({ value: 1, reason: 'IPC A23F 属于需求所在行业（153 精制茶加工）' });
    expect(ipcFitFeature(['G05D 23/19', 'A23F 3/06'], hints).value).toBeCloseTo(0.8);
    expect(ipcFitFeature(['B23K 9/127'], hints).value).toBe(0.5);
    expect(ipcFitFeature(['H01M 4/13'], hints).value).toBe(0);
    expect(ipcFitFeature(['H01M 4/13'], { weights: new Map(), origins: new Map() }).value).toBe(0.5);
  });

  it('chain: a named chain that misses counts against, an inferred one does not', () => {
    const catalogue = defaultChainCatalogue();
    expect(chainFeature(['biomedicine'], ['biomedicine'], catalogue).reason).toBe('同属"生物医药"产业链');
    expect(chainFeature(['biomedicine'], ['new-energy'], catalogue).value).toBe(0);
    expect(chainFeature(['biomedicine'], ['new-energy'], catalogue, true).value).toBe(0.5);
  });

  it('vitality: granted with a long term left is best; dead patents score 0 with a warning', () => {
    expect(vitalityFeature({ legalStatus: 'granted', type: 'invention', filingDate: '2020-03-01' }, today).value).toBe(1);
    expect(vitalityFeature({ legalStatus: 'granted', type: 'utility_model', filingDate: '2018-03-01' }, today).value).toBeLessThan(0.6);
    expect(vitalityFeature({ legalStatus: 'lapsed' }, today)).toEqual({ value: 0, reason: '注意：专利已失效' });
    expect(vitalityFeature({ legalStatus: 'granted', type: 'invention', filingDate: '2001-01-01' }, today).value).toBe(0);
  });

  it('licence: open licence accepted, fee against budget, exclusivity already given away', () => {
    const open = { openLicence: { declared: true, feeCny: 20_000 }, inventoryState: 'idle' as const };
    expect(licenceFeature(open, { licenceModes: ['open_licence'], budgetCny: { max: 50_000 } })).toEqual({ value: 1, reason: '专利开放许可，许可费 2 万元低于预算 5 万元' });
    expect(licenceFeature(open, { licenceModes: [], budgetCny: { max: 10_000 } }).value).toBeCloseTo(0.75);
    expect(licenceFeature({ inventoryState: 'licensed' }, { licenceModes: ['exclusive'] }).reason).toContain('已有许可');
    expect(licenceFeature({ inventoryState: 'transferred' }, { licenceModes: [] }).value).toBeLessThan(0.4);
  });

  it('region and owner kind follow the configuration', () => {
    const jinan = { name: '山东大学', region: { province: '山东', city: '济南' } };
    expect(regionFeature({ province: '山东', city: '济南' }, [jinan], config)).toEqual({ value: config.region.sameCity, reason: '权利人同在济南' });
    expect(regionFeature({ province: '山东', city: '青岛' }, [jinan], config).value).toBe(config.region.sameProvince);
    expect(regionFeature({ province: '浙江' }, [jinan], config).value).toBe(config.region.preferredProvince);
    expect(regionFeature({}, [jinan], config).value).toBe(config.region.unknown);
    expect(ownerKindFeature([{ kind: 'enterprise', name: 'A 公司' }, { kind: 'university', name: '山东大学' }], config)).toEqual({ value: 1, reason: '权利人为高校（山东大学）' });
  });

  it('screening leaves out demand pull, so matches never feed back into themselves', () => {
    const screening = { version: 's', score: 80, grade: 'A' as const, computedAt: '', components: [{ name: 'demand_pull', value: 1, weight: 5, points: 5, note: '' }] };
    expect(screeningFeature(screening).value).toBeCloseTo(75 / 95);
  });
});

describe('explanations', () => {
  it('quote both sides around a matched term and skip generic words', () => {
    expect(snippet('我们想找滚筒杀青机的控温技术', '杀青', 3)).toBe('…找滚筒杀青机的控…');
    const text = explainMatch('茶叶杀青火候控制不好。', { title: '一种滚筒杀青机', abstract: '一种茶叶加工系统' }, ['杀青', '系统'], ['专利开放许可']);
    expect(text).toBe('需求"茶叶杀青火候控制不好…"与专利名称中的"一种滚筒杀青机"匹配；专利开放许可。');
  });
});
