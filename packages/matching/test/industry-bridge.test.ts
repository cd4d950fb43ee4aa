/**
 * The GB/T 4754 ↔ IPC bridge: the committed file (schema, sanity links, reverse index), the fit
 * functions on a small hand-made bridge, the generator's pure core on a small fixture, and — where
 * the shared datasets are present — that the committed file is exactly what the generator writes.
 */
import { statSync } from 'node:fs';
import { sharedDatasetsRoot } from '@patent-bridge/datasets';
import type { Chain } from '@patent-bridge/domain';
import { describe, expect, it } from 'vitest';
import { formatIndustryBridge, generateIndustryBridge } from '../scripts/build-industry-bridge.ts';
import {
  CLASS_AGREEMENT_FACTOR,
  INDUSTRY_BRIDGE_FILE,
  IndustryBridge,
  SECONDARY_CODE_FACTOR,
  industriesForIpc,
  industryLinksOf,
  industryName,
  ipcFit,
  loadIndustryBridge,
} from '../src/industry-bridge.ts';
import { buildIndustryBridge, DEFAULT_BRIDGE_OPTIONS, type BridgeInputs } from '../src/industry-bridge/build.ts';

const bridge = loadIndustryBridge();
const linksOf = (code: string) => bridge.industries.find((industry) => industry.code === code)?.links ?? [];
const topIpcs = (code: string, n: number) => linksOf(code).slice(0, n).map((link) => link.ipc);

describe('the committed bridge file', () => {
  it('follows the schema, covers every industry once, and stays small', () => {
    expect(() => IndustryBridge.parse(bridge)).not.toThrow();
    const codes = bridge.industries.map((industry) => industry.code);
    expect(codes).toHaveLength(432);
    expect(new Set(codes).size).toBe(codes.length);
    expect(statSync(INDUSTRY_BRIDGE_FILE).size).toBeLessThan(600 * 1024);
  });

  it('normalises each industry so that its links are sorted and the strongest weighs 1', () => {
    for (const industry of bridge.industries) {
      if (industry.links.length === 0) continue;
      expect(industry.links[0]!.weight).toBe(1);
      const weights = industry.links.map((link) => link.weight);
      expect(weights).toEqual([...weights].sort((x, y) => y - x));
      expect(new Set(industry.links.map((link) => link.ipc)).size).toBe(industry.links.length);
    }
  });

  it('links most industries, and none of the state bodies and social organisations', () => {
    const linked = bridge.industries.filter((industry) => industry.links.length > 0);
    expect(linked.length).toBeGreaterThan(400);
    expect(linksOf('900')).toEqual([]);
    expect(linksOf('960')).toEqual([]);
    expect(bridge.quality.final.coverage.linked).toBe(linked.length);
  });

  it('links the industries to the IPC codes a patent examiner would expect', () => {
    expect(topIpcs('153', 1)).toEqual(['A23F']); // 精制茶加工 → tea
    expect(topIpcs('271', 3).some((ipc) => ipc === 'A61K' || ipc === 'A61P')).toBe(true); // 化学药品原料药
    expect(topIpcs('272', 3).some((ipc) => ipc === 'A61K' || ipc === 'A61P')).toBe(true); // 化学药品制剂
    expect(topIpcs('011', 3).every((ipc) => ipc.startsWith('A01'))).toBe(true); // 谷物种植
    expect(topIpcs('391', 3)).toContain('G06F'); // 计算机制造
    expect(topIpcs('384', 1)).toEqual(['H01M']); // 电池制造
    expect(topIpcs('342', 3).every((ipc) => ipc.startsWith('B2'))).toBe(true); // 金属加工机械 → B21/B23/B24
  });

  it('says where each link came from, and the chain catalogue adds its prefixes as weak links', () => {
    const tea = linksOf('153')[0]!;
    expect(tea.sources).toContain('corpus');
    expect(tea.sources).toContain('chain'); // modern-agriculture-food lists 153 and the prefix A23
    const chainOnly = bridge.industries.flatMap((industry) => industry.links).filter((link) => link.sources.length === 1 && link.sources[0] === 'chain');
    expect(chainOnly.length).toBeGreaterThan(0);
    expect(Math.max(...chainOnly.map((link) => link.weight))).toBeLessThan(0.5);
  });

  it('keeps a reverse index that only points at links the industries have', () => {
    for (const [ipc, entries] of Object.entries(bridge.ipcIndex)) {
      expect(entries[0]!.weight).toBe(1);
      for (const entry of entries) expect(linksOf(entry.industry).map((link) => link.ipc)).toContain(ipc);
    }
  });

  it('records measured quality at least as good as the documented figures', () => {
    const { evidenceOnly, final } = bridge.quality;
    expect(final.reference.hitAt5).toBeGreaterThanOrEqual(0.9);
    expect(evidenceOnly.chains.agreementAt5).toBeGreaterThanOrEqual(0.85);
    expect(final.chains.agreementAt5).toBeGreaterThanOrEqual(evidenceOnly.chains.agreementAt5);
  });
});

describe('industriesForIpc on the committed bridge', () => {
  it('finds the industry a code stands for', () => {
    expect(industriesForIpc(bridge, ['A23F 3/06'])[0]).toMatchObject({ industry: '153', name: '精制茶加工', value: 1, via: { ipc: 'A23F', patentIpc: 'A23F 3/06' } });
    expect(industriesForIpc(bridge, ['H01M 10/0525'])[0]?.industry).toBe('384');
    const software = industriesForIpc(bridge, ['G06F 16/30'], { limit: 3 }).map((entry) => entry.industry);
    expect(software.some((code) => ['391', '651', '654'].includes(code))).toBe(true);
  });

  it('agrees with ipcFit: every industry it returns fits the code', () => {
    for (const entry of industriesForIpc(bridge, ['C12G 3/02', 'A23L 2/38'])) {
      expect(ipcFit(bridge, entry.industry, ['C12G 3/02', 'A23L 2/38']).value).toBeGreaterThan(0);
    }
  });
});

/** A hand-made bridge, so that the fit values can be checked exactly. */
const small: IndustryBridge = IndustryBridge.parse({
  version: 1,
  about: 'test',
  sources: { industries: 'test', ipcTitles: 'test', chains: 'test', corpus: [] },
  options: {},
  quality: {
    evidenceOnly: { coverage: { linked: 2, industries: 3 }, reference: { industries: 0, hitAt1: 0, hitAt5: 0, mrr: 0 }, chains: { industries: 0, agreementAt5: 0 }, reverse: { subclasses: 0, hitAt1: 0, hitAt3: 0 } },
    final: { coverage: { linked: 2, industries: 3 }, reference: { industries: 0, hitAt1: 0, hitAt5: 0, mrr: 0 }, chains: { industries: 0, agreementAt5: 0 }, reverse: { subclasses: 0, hitAt1: 0, hitAt3: 0 } },
  },
  industries: [
    {
      code: '153',
      name: '精制茶加工',
      links: [
        { ipc: 'A23F', weight: 1, sources: ['corpus', 'chain'] },
        { ipc: 'A23L', weight: 0.4, sources: ['corpus'] },
        { ipc: 'G06N 10', weight: 0.3, sources: ['chain'] },
        { ipc: 'A01', weight: 0.2, sources: ['chain'] },
      ],
    },
    { code: '384', name: '电池制造', links: [{ ipc: 'H01M', weight: 1, sources: ['corpus'] }] },
    { code: '900', name: '中国共产党机关', links: [] },
  ],
  ipcIndex: { A23F: [{ industry: '153', weight: 1 }], H01M: [{ industry: '384', weight: 1 }], A23L: [{ industry: '153', weight: 0.5 }] },
});

describe('ipcFit', () => {
  it('is 1 when the main code lies under the strongest link, and says how', () => {
    expect(ipcFit(small, '153', ['A23F 3/06'])).toEqual({
      value: 1,
      via: { ipc: 'A23F', industry: '153', source: 'corpus+chain', patentIpc: 'A23F 3/06', agreement: 'link' },
    });
  });

  it('gives a weaker link its weight, and class agreement half of the link it agrees with', () => {
    expect(ipcFit(small, '153', ['A01B 1/02']).value).toBeCloseTo(0.2); // under the class link A01
    expect(ipcFit(small, '153', ['A23C 9/00'])).toMatchObject({ value: CLASS_AGREEMENT_FACTOR, via: { ipc: 'A23F', agreement: 'class' } });
    // A23L is a link of its own (0.4) but also shares A23F's class (0.5): the better reading wins.
    expect(ipcFit(small, '153', ['A23L 2/38']).value).toBeCloseTo(Math.max(0.4, CLASS_AGREEMENT_FACTOR));
  });

  it('covers a main group with a group link, not a longer group number', () => {
    expect(ipcFit(small, '153', ['G06N 10/00'])).toMatchObject({ value: 0.3, via: { ipc: 'G06N 10', agreement: 'link' } });
    expect(ipcFit(small, '153', ['G06N 100/00'])).toMatchObject({ value: 0.3 * CLASS_AGREEMENT_FACTOR, via: { agreement: 'class' } });
  });

  it('counts codes after the main one less', () => {
    expect(ipcFit(small, '153', ['H01M 4/00', 'A23F 3/06']).value).toBeCloseTo(SECONDARY_CODE_FACTOR);
    expect(ipcFit(small, '153', ['A23F 3/06', 'H01M 4/00']).value).toBe(1);
  });

  it('accepts codes as exports write them, and four-digit industry classes', () => {
    expect(ipcFit(small, '153', ['a23f3/06(2006.01)']).value).toBe(1);
    expect(ipcFit(small, '1530', ['A23F']).value).toBe(1);
  });

  it('is 0 without any agreement, for unknown or unlinked industries, and for no valid codes', () => {
    expect(ipcFit(small, '153', ['H01M 10/05'])).toEqual({ value: 0 });
    expect(ipcFit(small, '999', ['A23F 3/06'])).toEqual({ value: 0 });
    expect(ipcFit(small, '900', ['A23F 3/06'])).toEqual({ value: 0 });
    expect(ipcFit(small, '153', [])).toEqual({ value: 0 });
    expect(ipcFit(small, '153', ['not a code'])).toEqual({ value: 0 });
  });
});

describe('industriesForIpc and industryName', () => {
  it('ranks industries by the reverse index, main code first', () => {
    expect(industriesForIpc(small, ['H01M 4/00', 'A23F 3/06'])).toEqual([
      { industry: '384', name: '电池制造', value: 1, via: { ipc: 'H01M', patentIpc: 'H01M 4/00' } },
      { industry: '153', name: '精制茶加工', value: SECONDARY_CODE_FACTOR, via: { ipc: 'A23F', patentIpc: 'A23F 3/06' } },
    ]);
    expect(industriesForIpc(small, ['A23L 2/38'])).toEqual([{ industry: '153', name: '精制茶加工', value: 0.5, via: { ipc: 'A23L', patentIpc: 'A23L 2/38' } }]);
    expect(industriesForIpc(small, ['H01M 4/00', 'A23F 3/06'], { limit: 1 })).toHaveLength(1);
    expect(industriesForIpc(small, ['C12G 3/02'])).toEqual([]);
  });

  it('serves the demand profile its industry links', () => {
    const industries = industryLinksOf(small);
    expect(industries.ipcFor('153').map((link) => link.ipc)).toEqual(['A23F', 'A23L', 'G06N 10', 'A01']);
    expect(industries.ipcFor('153')[0]).toEqual({ ipc: 'A23F', weight: 1 });
    expect(industries.ipcFor('999')).toEqual([]);
    expect(industries.name('384')).toBe('电池制造');
  });

  it('names industries by group or class code', () => {
    expect(industryName(small, '384')).toBe('电池制造');
    expect(industryName(small, '1530')).toBe('精制茶加工');
    expect(industryName(small, '999')).toBeUndefined();
    expect(industryName(bridge, '391')).toBe('计算机制造');
  });
});

describe('the generator core on a small fixture', () => {
  const chain: Chain = {
    id: 'agri-food',
    name: '现代农业与食品',
    nameEn: 'Agriculture and food',
    description: '',
    ipcPrefixes: ['A23', 'A01'],
    industryCodes: ['153', '011'],
    keywords: [],
  };
  const inputs: BridgeInputs = {
    industries: [
      {
        code: '153',
        name: '精制茶加工',
        description: '指对毛茶进行筛分、干燥、拼配等精制加工茶叶的生产活动。,—,精制茶：精制红茶、精制绿茶；—,茶制品：保健茶。不包括：,—,以茶为原料生产的饮料，列入（饮料制造）。',
      },
      { code: '384', name: '电池制造', description: '指锂离子电池、蓄电池、镍氢电池等电池的制造。' },
      { code: '011', name: '谷物种植', description: '指稻谷、小麦、玉米等谷物的种植。' },
      { code: '900', name: '中国共产党机关', description: '包括中国共产党各级机关。' },
    ],
    patents: [
      { text: '一种绿茶精制加工方法', subclasses: ['A23F'] },
      { text: '红茶发酵与精制工艺', subclasses: ['A23F'] },
      { text: '茶叶杀青机', subclasses: ['A23F', 'A23N'] },
      { text: '一种保健茶及其制备方法', subclasses: ['A23F', 'A23L'] },
      { text: '锂离子电池正极材料', subclasses: ['H01M'] },
      { text: '一种电池隔膜', subclasses: ['H01M'] },
      { text: '蓄电池极板的制造方法', subclasses: ['H01M'] },
      { text: '电池组热管理系统', subclasses: ['H01M', 'H02J'] },
      { text: '一种小麦播种机', subclasses: ['A01C'] },
      { text: '玉米收获机', subclasses: ['A01D'] },
      { text: '一种数据加密方法', subclasses: ['H04L'] },
      { text: '图像识别神经网络', subclasses: ['G06N'] },
      { text: '机床主轴', subclasses: ['B23Q'] },
      { text: '一种混凝土', subclasses: ['C04B'] },
      { text: '汽车座椅', subclasses: ['B60N'] },
      { text: '一种抗肿瘤药物', subclasses: ['A61K'] },
    ],
    ipcTitles: [
      { code: 'A23F', title: '咖啡；茶；其代用品；它们的制造、配制或泡制' },
      { code: 'A23F 3/00', title: '茶；茶代用品；其配制品' },
      { code: 'A01C', title: '种植；播种；施肥（与整地相结合入A01B 49/00）' },
    ],
    chains: [chain],
  };
  // A fixture this small cannot show a threefold enrichment; the gate is relaxed, not the method.
  const options = { ...DEFAULT_BRIDGE_OPTIONS, minEnrichment: 1 };
  const built = buildIndustryBridge(inputs, options);
  const links = (code: string) => built.industries.find((industry) => industry.code === code)!.links;

  it('links each industry to the subclass its patents carry, with the sources that agree', () => {
    expect(links('153')[0]).toEqual({ ipc: 'A23F', weight: 1, sources: ['corpus', 'ipc-title', 'chain'] });
    expect(links('384')[0]).toEqual({ ipc: 'H01M', weight: 1, sources: ['corpus'] });
    expect(links('384').some((link) => link.ipc.startsWith('A'))).toBe(false);
  });

  it('adds uncovered chain prefixes as weak links, and nothing for unlinked divisions', () => {
    const a01 = links('153').find((link) => link.ipc === 'A01');
    expect(a01?.sources).toEqual(['chain']);
    expect(a01!.weight).toBeLessThan(0.2);
    expect(links('011').every((link) => link.sources.includes('chain') || link.sources.includes('ipc-title'))).toBe(true);
    expect(links('900')).toEqual([]);
  });

  it('leaves the chain catalogue out on request', () => {
    const evidenceOnly = buildIndustryBridge(inputs, { ...options, withoutChains: true });
    const sources = evidenceOnly.industries.flatMap((industry) => industry.links.flatMap((link) => link.sources));
    expect(sources).not.toContain('chain');
    expect(evidenceOnly.industries.find((industry) => industry.code === '153')!.links[0]!.ipc).toBe('A23F');
  });

  it('builds the reverse index from evidence, not from chain-only links', () => {
    expect(built.ipcIndex.A23F?.[0]).toEqual({ industry: '153', weight: 1 });
    expect(built.ipcIndex.H01M?.[0]).toEqual({ industry: '384', weight: 1 });
    expect(built.ipcIndex.A01).toBeUndefined();
  });

  it('is deterministic', () => {
    expect(buildIndustryBridge(inputs, options)).toEqual(built);
  });
});

function sharedDatasets(): string | undefined {
  try {
    return sharedDatasetsRoot();
  } catch {
    return undefined;
  }
}

const root = sharedDatasets();
if (root === undefined && process.env.CI === 'true') {
  throw new Error('CI=true: the shared datasets are required (set PB_SHARED_DATASETS or put shared/ beside the repository)');
}

describe.skipIf(root === undefined)('the committed file against the generator', () => {
  it('is exactly what scripts/build-industry-bridge.ts writes from the shared datasets', async () => {
    const generated = await generateIndustryBridge(root!);
    expect(generated).toEqual(bridge);
    expect(JSON.parse(formatIndustryBridge(generated))).toEqual(bridge);
  }, 120_000);
});
