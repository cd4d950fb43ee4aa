import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveOrganization, storageVariants, type Storage } from '@patent-bridge/db';
import { DemandInput, type Demand } from '@patent-bridge/domain';
import { toSimplified } from '@patent-bridge/text';
import { DemandWithoutTextError, FEATURE_NAMES, Matcher, recordFeedback, renderMatches, withWeights } from '../src/index.ts';
import { sampleSystem, TODAY } from './fixtures/sample-system.ts';

const [pglite] = await storageVariants();

/** Sample demand by the start of its title. */
function demand(system: Awaited<ReturnType<typeof sampleSystem>>, titleStart: string): Demand {
  const found = system.demands.find((d) => d.title.startsWith(titleStart));
  if (!found) throw new Error(`no sample demand titled ${titleStart}…`);
  return found;
}

describe('matcher on the project sample (demand → patents)', () => {
  let storage: Storage;
  let system: Awaited<ReturnType<typeof sampleSystem>>;
  beforeAll(async () => {
    storage = await pglite!.open();
    system = await sampleSystem(storage);
  }, 120_000);
  afterAll(async () => storage?.close());

  it('ranks the patents that answer an SME demand first and explains each in Chinese', async () => {
    const tea = demand(system, '杀青火候');
    const matches = await system.matcher.matchDemand(tea, { limit: 5 });
    expect(matches[0]!.patent.title).toContain('杀青');
    expect(matches.slice(0, 3).every((m) => m.patent.ipcCodes.some((c) => c.startsWith('A23F')))).toBe(true);
    expect(matches.map((m) => m.rank)).toEqual([1, 2, 3, 4, 5]);
    expect(matches.map((m) => m.score)).toEqual([...matches.map((m) => m.score)].sort((a, b) => b - a));
    const top = matches[0]!;
    expect(top.explanation).toMatch(/^需求"[^"]*杀青[^"]*"与专利(名称|摘要|权利要求)中的"[^"]*杀青[^"]*"匹配/);
    expect(top.explanation).toContain('IPC A23F');
    expect(top.explanation).toContain('开放许可');
    expect(top.matchedTerms).toContain('杀青');
    expect(top.weightsVersion).toBe(system.matcher.config.version);
  });

  it('breaks every score down by named feature; the contributions add up to the score', async () => {
    const matches = await system.matcher.matchDemand(demand(system, '阿胶口服液'), { limit: 10 });
    expect(matches.length).toBeGreaterThan(3);
    for (const match of matches) {
      expect(match.features.map((f) => f.name)).toEqual([...FEATURE_NAMES]);
      const sum = match.features.reduce((a, f) => a + f.contribution, 0);
      expect(match.score).toBeCloseTo(Math.min(1, Math.max(0, sum)), 3);
      for (const f of match.features) expect(f.contribution).toBeCloseTo(f.value * f.weight, 3);
    }
    expect(matches[0]!.patent.title).toContain('阿胶');
  });

  it('a demand in Traditional Chinese finds what the Simplified one finds', async () => {
    const simplified = demand(system, '厚板焊接');
    const traditional: Demand = { ...simplified, id: 'tw-copy', title: '厚板焊接全靠老焊工，想讓焊接機器人自己找焊縫', description: '我們是做鋼結構的，焊縫跟蹤全靠人工，想找能讓機器人自動跟蹤焊縫的技術。' };
    expect(toSimplified(traditional.title)).not.toBe(traditional.title);
    const [a] = await system.matcher.matchDemand(simplified, { limit: 1 });
    const [b] = await system.matcher.matchDemand(traditional, { limit: 1 });
    expect(b!.patentId).toBe(a!.patentId);
    expect(b!.explanation).toContain('焊缝');
  });

  it('renders matches for a terminal: ranked table, explanations and a bar per feature contribution', async () => {
    const matches = await system.matcher.matchDemand(demand(system, '杀青火候'), { limit: 3 });
    const text = renderMatches(matches);
    expect(text).toContain(matches[0]!.patent.title.slice(0, 20));
    expect(text).toContain(matches[0]!.explanation);
    expect(text).toMatch(/语义 semantic\s+0\.\d{3} █+/);
    expect(text.split('\n').filter((l) => /^#\d/.test(l)).length).toBe(3);
  });

  it('rejects a demand with no usable text', async () => {
    const empty: Demand = { ...demand(system, '杀青火候'), id: 'empty', title: '……？！', description: '的 了 和', keywords: [] };
    await expect(system.matcher.matchDemand(empty)).rejects.toBeInstanceOf(DemandWithoutTextError);
  });

  it('records the weights version that produced a match', async () => {
    const tuned = new Matcher(system.source, storage.db, { config: withWeights(system.matcher.config, 'match-test-2', { semantic: 0.6 }), catalogue: system.catalogue, today: () => TODAY });
    const [match] = await tuned.matchDemand(demand(system, '杀青火候'), { limit: 1 });
    expect(match!.weightsVersion).toBe('match-test-2');
    expect(match!.features.find((f) => f.name === 'semantic')!.weight).toBeGreaterThan(system.matcher.config.weights.semantic);
  });

  it('feedback applies at once: a dismissed patent is gone and similar ones drop', async () => {
    const target = demand(system, '想把茶叶加工');
    const before = await system.matcher.matchDemand(target, { limit: 10 });
    const dismissed = before[0]!;
    await recordFeedback(storage.db, { demandId: target.id, patentId: dismissed.patentId, feedback: { verdict: 'not_relevant', reason: 'too_early_stage' }, shown: dismissed });
    const after = await system.matcher.matchDemand(target, { limit: 10 });
    expect(after.map((m) => m.patentId)).not.toContain(dismissed.patentId);
    const demoted = after.filter((m) => m.features.find((f) => f.name === 'feedback')!.value < 0);
    expect(demoted.length).toBeGreaterThan(0);
    for (const m of demoted) {
      const was = before.find((b) => b.patentId === m.patentId);
      if (was) expect(m.score).toBeLessThan(was.score);
      expect(m.explanation).toContain('不相关');
    }
    // Interested: kept, and said so.
    await recordFeedback(storage.db, { demandId: target.id, patentId: dismissed.patentId, feedback: { verdict: 'interested' } });
    const again = await system.matcher.matchDemand(target, { limit: 10 });
    expect(again.find((m) => m.patentId === dismissed.patentId)?.explanation).toContain('已标记为感兴趣');
  });
});

describe('matcher on the project sample (patent → demands) and private demands', () => {
  let storage: Storage;
  let system: Awaited<ReturnType<typeof sampleSystem>>;
  let privateDemand: Demand;
  let ownerId: string;
  let otherId: string;
  beforeAll(async () => {
    storage = await pglite!.open();
    system = await sampleSystem(storage);
    ownerId = (await saveOrganization(storage.db, { name: '济南秘茶科技有限公司（示例）', kind: 'enterprise', region: { province: '山东', city: '济南' } })).id;
    otherId = (await saveOrganization(storage.db, { name: '青岛别家茶业有限公司（示例）', kind: 'enterprise' })).id;
    const { createDemand } = await import('@patent-bridge/db');
    privateDemand = await createDemand(storage.db, DemandInput.parse({ enterpriseId: ownerId, title: '滚筒杀青机温度老是控制不好', description: '茶叶杀青时滚筒温度不稳，想找自动控温的杀青机技术。', visibility: 'private' }), 'dm_private_tea');
    await system.indexer.drain();
  }, 120_000);
  afterAll(async () => storage?.close());

  it('ranks the demands a patent answers, with the same features and explanations', async () => {
    const patent = await system.source.patents([(await storage.db.selectFrom('patents').select('id').where('title', '=', '一种滚筒杀青机').executeTakeFirstOrThrow()).id]);
    const drum = [...patent.values()][0]!;
    const matches = await system.matcher.matchPatent(drum, { organizationIds: [], seesAllDemands: true }, { limit: 5 });
    expect(matches[0]!.demand.title).toMatch(/杀青/);
    expect(matches[0]!.features.map((f) => f.name)).toEqual([...FEATURE_NAMES]);
    expect(matches[0]!.explanation).toContain('杀青');
    expect(matches[0]!.enterprise.name).toBeTruthy();
    // Same pair, same score both ways.
    const forward = await system.matcher.matchDemand(system.demands.find((d) => d.id === matches.find((m) => m.demandId !== privateDemand.id)!.demandId)!, { limit: 50 });
    const pair = matches.find((m) => m.demandId !== privateDemand.id)!;
    const inForward = forward.find((m) => m.patentId === drum.id)!;
    expect(Math.abs(inForward.score - pair.score)).toBeLessThan(0.12);
  });

  it('a private demand is seen only by its owner and brokers, never by other enterprises', async () => {
    const drum = [...(await system.source.patents([(await storage.db.selectFrom('patents').select('id').where('title', '=', '一种滚筒杀青机').executeTakeFirstOrThrow()).id])).values()][0]!;
    const ids = async (viewer: { organizationIds: string[]; seesAllDemands: boolean }) => (await system.matcher.matchPatent(drum, viewer, { limit: 100, alsoDemandIds: [privateDemand.id] })).map((m) => m.demandId);
    expect(await ids({ organizationIds: [], seesAllDemands: true })).toContain(privateDemand.id);
    expect(await ids({ organizationIds: [ownerId], seesAllDemands: false })).toContain(privateDemand.id);
    expect(await ids({ organizationIds: [otherId], seesAllDemands: false })).not.toContain(privateDemand.id);
    expect(await ids({ organizationIds: [], seesAllDemands: false })).not.toContain(privateDemand.id);
  });
});
