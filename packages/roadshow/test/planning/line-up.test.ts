import { describe, expect, it } from 'vitest';
import { chooseLineUp, ownerKeysOf, type LineUpInput, type PlanningPatent } from '../../src/planning/index.ts';
import { AGRI, DEMANDS, MATCHES, PATENTS } from './fixtures.ts';

const base = { chainId: AGRI, month: '2025-04', patents: PATENTS, demands: DEMANDS, matches: MATCHES } satisfies LineUpInput;

describe('chooseLineUp', () => {
  it('pitches only granted, in-force, idle patents of the chain that answer its SMEs, and says why the others are out', () => {
    const lineUp = chooseLineUp({ ...base, size: 20, maxPerOwner: 10 });
    const chosen = lineUp.choices.map((c) => c.patentId);
    for (const id of ['p-lapsed', 'p-licensed', 'p-expired', 'p-unmatched', 'p-antibody']) expect(chosen).not.toContain(id);
    const why = Object.fromEntries(lineUp.excluded.map((e) => [e.patentId, e.why]));
    expect(why).toMatchObject({ 'p-lapsed': 'not_granted', 'p-licensed': 'not_idle', 'p-expired': 'expired', 'p-unmatched': 'no_demand' });
    // Another chain's patent is not a candidate at all.
    expect(why['p-antibody']).toBeUndefined();
    expect(lineUp.excluded.find((e) => e.patentId === 'p-lapsed')!.reason).toBe('法律状态为失效，不是有效授权专利');
    expect(lineUp.excluded.find((e) => e.patentId === 'p-licensed')!.reason).toBe('转化状态为已许可，不是闲置专利');
    expect(lineUp.shortBy).toBe(20 - chosen.length);
    expect(lineUp.choices.map((c) => c.rank)).toEqual(chosen.map((_, i) => i + 1));
  });

  it('puts the patent that best answers the most SMEs first, and explains each choice', () => {
    const lineUp = chooseLineUp({ ...base, size: 4 });
    const first = lineUp.choices[0]!;
    expect(first.patentId).toBe('p-tea-roller');
    expect(first.bestMatch).toMatchObject({ demandId: 'd-tea', enterpriseId: 'ent-tea', score: 0.86 });
    expect(first.enterprises.map((e) => e.enterpriseId)).toEqual(['ent-tea', 'ent-heyuan']);
    expect(first.reason).toMatch(/^第 1 位：最佳匹配 0\.86（需求"杀青火候/);
    expect(first.reason).toContain('可回应 2 家企业');
    expect(first.reason).toContain('已声明开放许可');
    expect(first.reasonEn).toContain('open licence declared');
    for (let i = 1; i < lineUp.choices.length; i++) expect(lineUp.choices[i]!.reason).toContain(`第 ${i + 1} 位`);
  });

  it('keeps to at most M patents per owner, counting a co-owned patent for each owner', () => {
    for (const maxPerOwner of [1, 2, 3]) {
      const lineUp = chooseLineUp({ ...base, size: 8, maxPerOwner });
      const perOwner = new Map<string, number>();
      for (const c of lineUp.choices) for (const o of c.ownerOrganizationIds) perOwner.set(o, (perOwner.get(o) ?? 0) + 1);
      expect(Math.max(...perOwner.values())).toBeLessThanOrEqual(maxPerOwner);
      // The university with four tea patents is capped, and the left-over ones say so.
      const capped = lineUp.excluded.filter((e) => e.why === 'owner_cap').map((e) => e.patentId);
      expect(capped.length).toBeGreaterThanOrEqual(4 - maxPerOwner);
    }
    const one = chooseLineUp({ ...base, size: 8, maxPerOwner: 1 });
    // p-cold is co-owned by org-qlu and org-sdu; with org-qlu's apple patent in, it cannot come too.
    const ids = one.choices.map((c) => c.patentId);
    expect(ids.includes('p-apple') && ids.includes('p-cold')).toBe(false);
    expect(one.excluded.find((e) => e.why === 'owner_cap')!.reason).toContain('每个权利人最多 1 件');
  });

  it('prefers patents unlike those already chosen (MMR), more so as diversity rises', () => {
    const plain = chooseLineUp({ ...base, size: 4, maxPerOwner: 10, diversity: 0 });
    const diverse = chooseLineUp({ ...base, size: 4, maxPerOwner: 10, diversity: 0.5 });
    // Without diversity the second place goes to the same university's near-twin tea patent…
    expect(plain.choices[1]!.patentId).toBe('p-tea-temp');
    // …with it, to a patent from another owner speaking to other SMEs.
    const second = diverse.choices[1]!;
    expect(second.ownerOrganizationIds).not.toContain('org-sdau');
    const owners = (l: typeof plain) => new Set(l.choices.flatMap((c) => ownerKeysOf({ id: c.patentId, ownerOrganizationIds: c.ownerOrganizationIds, owners: [] }))).size;
    expect(owners(diverse)).toBeGreaterThanOrEqual(owners(plain));
    // Only a line-up chosen for diversity says a choice was discounted for it.
    expect(plain.choices.some((c) => c.reason.includes('多样性'))).toBe(false);
    const discounted = diverse.choices.filter((c) => c.similarityToChosen > 0.05);
    expect(discounted.length).toBeGreaterThan(0);
    for (const c of discounted) expect(c.reason).toContain(`与已入选专利相似度 ${c.similarityToChosen.toFixed(2)}`);
  });

  it('never pitches a patent pitched within the last N months (before or after), and only then', () => {
    const previousLineUps = [
      { month: '2025-01', patentIds: ['p-tea-roller'] },
      { month: '2025-07', patentIds: ['p-apple'] },
      { month: '2024-06', patentIds: ['p-feed'] },
      { month: '2025-04', patentIds: ['p-tea-temp'] }, // this month's earlier draft: ignored
    ];
    const lineUp = chooseLineUp({ ...base, size: 8, maxPerOwner: 10, noRepitchMonths: 6, previousLineUps });
    const chosen = lineUp.choices.map((c) => c.patentId);
    expect(chosen).not.toContain('p-tea-roller');
    expect(chosen).not.toContain('p-apple');
    expect(chosen).toContain('p-feed');
    expect(chosen).toContain('p-tea-temp');
    const roller = lineUp.excluded.find((e) => e.patentId === 'p-tea-roller')!;
    expect(roller).toMatchObject({ why: 'pitched_recently' });
    expect(roller.reason).toContain('2025年1月');
    // With a shorter window, January (three months ago) is far enough.
    const short = chooseLineUp({ ...base, size: 8, maxPerOwner: 10, noRepitchMonths: 2, previousLineUps });
    expect(short.choices.map((c) => c.patentId)).toContain('p-tea-roller');
    expect(short.choices.map((c) => c.patentId)).toContain('p-apple');
  });

  it('prefers an open-licence offer over an equal patent without one, and a higher screening score', () => {
    const twin = (id: string, extra: Partial<PlanningPatent>): PlanningPatent =>
      ({ id, title: `一种测试装置${id}`, chains: [AGRI], ownerOrganizationIds: [`org-${id}`], owners: [], legalStatus: 'granted', inventoryState: 'idle', screening: { score: 70 }, ...extra }) as PlanningPatent;
    const patents = [twin('a', {}), twin('b', { openLicence: { declared: true } }), twin('c', { screening: { score: 90 } })];
    const matches = patents.map((p) => ({ demandId: 'd-tea', patentId: p.id, score: 0.7 }));
    const lineUp = chooseLineUp({ ...base, size: 3, patents, matches });
    expect(lineUp.choices.map((c) => c.patentId)).toEqual(['b', 'c', 'a']);
    // Switching the preference off leaves the screening score to decide.
    const neutral = chooseLineUp({ ...base, size: 3, patents, matches, weights: { demandFit: 0.6, openLicence: 0, screening: 0.2 } });
    expect(neutral.choices[0]!.patentId).toBe('c');
  });

  it('is deterministic and does not depend on input order', () => {
    const a = chooseLineUp({ ...base, size: 5 });
    const b = chooseLineUp({ ...base, size: 5, patents: [...PATENTS].reverse(), matches: [...MATCHES].reverse() });
    expect(b.choices.map((c) => c.patentId)).toEqual(a.choices.map((c) => c.patentId));
  });
});
