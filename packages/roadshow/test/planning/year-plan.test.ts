import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { chainValue, monthIndex, monthsOfYear, planYear, type ChainDemand, type ChainSupply, type PlannedMonth, type YearPlanInput } from '../../src/planning/index.ts';

const CHAINS = [
  { id: 'biomedicine', name: '生物医药', nameEn: 'Biomedicine' },
  { id: 'intelligent-manufacturing', name: '智能制造与高端装备', nameEn: 'Intelligent manufacturing' },
  { id: 'big-data-it', name: '大数据与新一代信息技术', nameEn: 'Big data and IT' },
  { id: 'new-materials', name: '新材料', nameEn: 'New materials' },
  { id: 'modern-agriculture-food', name: '现代农业与食品', nameEn: 'Modern agriculture and food' },
];

/** Supply and demand where each chain's figures are given as [patents, supply strength, enterprises, demand strength]. */
function figures(table: Record<string, [number, number, number, number]>): { supply: ChainSupply[]; demand: ChainDemand[] } {
  return {
    supply: Object.entries(table).map(([chainId, [patents, strength]]) => ({ chainId, patents, strength })),
    demand: Object.entries(table).map(([chainId, [, , enterprises, strength]]) => ({ chainId, enterprises, strength })),
  };
}

const events = (months: PlannedMonth[]) => months.filter((m): m is Extract<PlannedMonth, { kind: 'event' }> => m.kind === 'event');
const chainOf = (months: PlannedMonth[], month: string) => {
  const m = months.find((x) => x.month === month)!;
  return m.kind === 'event' ? m.chainId : null;
};

/** Every pair of events of one chain, at least one of them planned, is at least `gap` months apart. */
function expectGapsRespected(months: PlannedMonth[], gap: number, previous: Array<{ month: string; chainId: string }> = []) {
  const all = [...previous.map((p) => ({ ...p, source: 'previous' })), ...events(months)];
  for (const a of all)
    for (const b of all) {
      if (a === b || a.chainId !== b.chainId) continue;
      if (a.source !== 'planned' && b.source !== 'planned') continue;
      expect(Math.abs(monthIndex(a.month) - monthIndex(b.month)), `${a.chainId} ${a.month}/${b.month}`).toBeGreaterThanOrEqual(gap);
    }
}

const base = {
  year: 2025,
  chains: CHAINS,
  ...figures({
    biomedicine: [18, 0.72, 12, 0.65],
    'big-data-it': [30, 0.7, 25, 0.6],
    'new-materials': [9, 0.6, 7, 0.7],
    'intelligent-manufacturing': [14, 0.66, 10, 0.62],
    'modern-agriculture-food': [3, 0.9, 20, 0.8],
  }),
} satisfies YearPlanInput;

describe('planYear', () => {
  it('gives every month a chain or a reason, in Chinese with an English gloss', () => {
    const plan = planYear({ ...base, minGapMonths: 3 });
    expect(plan.months.map((m) => m.month)).toEqual(monthsOfYear(2025));
    expect(plan.objective.exact).toBe(true);
    for (const m of plan.months) {
      expect(m.reason).toMatch(/[\u4e00-\u9fff]/);
      expect(m.reasonEn).toMatch(/^[\x20-\x7e]+$/);
    }
    const first = events(plan.months)[0]!;
    // The strongest chain opens the year and its reason carries its figures.
    expect(first.chainId).toBe('big-data-it');
    expect(first.reason).toContain('可路演专利 30 件');
    expect(first.reason).toContain('有需求的中小企业 25 家');
    expect(first.value).toBeCloseTo(chainValue(25, 0.7, 0.6), 3);
    expectGapsRespected(plan.months, 3);
  });

  it('keeps the broker\'s pins, even against the optimiser, and plans around them', () => {
    const plan = planYear({ ...base, minGapMonths: 3, pins: [{ month: '2025-01', chainId: 'new-materials' }, { month: '2025-06', chainId: 'biomedicine' }] });
    expect(chainOf(plan.months, '2025-01')).toBe('new-materials');
    expect(chainOf(plan.months, '2025-06')).toBe('biomedicine');
    const jan = plan.months[0]!;
    expect(jan.kind === 'event' && jan.source).toBe('pinned');
    expect(jan.reason).toContain('经办人指定');
    // No planned biomedicine event within 3 months of the pinned June one.
    for (const e of events(plan.months)) if (e.chainId === 'biomedicine' && e.source === 'planned') expect(Math.abs(monthIndex(e.month) - monthIndex('2025-06'))).toBeGreaterThanOrEqual(3);
    expectGapsRespected(plan.months, 3);
  });

  it('never repeats a chain within the minimum gap, also across the year boundary', () => {
    const previousEvents = [{ month: '2024-12', chainId: 'big-data-it' }, { month: '2024-11', chainId: 'biomedicine' }];
    for (const gap of [1, 2, 4, 6, 12]) {
      const plan = planYear({ ...base, minGapMonths: gap, previousEvents });
      expectGapsRespected(plan.months, gap, previousEvents);
    }
    const plan = planYear({ ...base, minGapMonths: 4, previousEvents });
    // Big data was held in December 2024, so it cannot come back before April 2025.
    expect(events(plan.months).filter((e) => e.chainId === 'big-data-it').map((e) => e.month)[0]! >= '2025-04').toBe(true);
    expect(plan.months.find((m) => m.month === '2025-02')!.reason).toMatch(/价值更高的.*大数据与新一代信息技术（2024年12月有路演/);
  });

  it('holds nothing in blackout months and says why', () => {
    const plan = planYear({ ...base, blackouts: [{ month: '2025-01', label: '春节' }, '2025-08'] });
    const jan = plan.months[0]!;
    expect(jan).toMatchObject({ kind: 'no_event', why: 'blackout' });
    expect(jan.reason).toContain('春节');
    expect(plan.months[7]).toMatchObject({ kind: 'no_event', why: 'blackout' });
    expect(events(plan.months)).toHaveLength(10);
  });

  it('leaves out chains below the minimum supply or demand, with the figures that fall short', () => {
    const plan = planYear({ ...base, minSupply: 10, minDemand: 8, minGapMonths: 2 });
    const used = new Set(events(plan.months).map((e) => e.chainId));
    expect(used.has('new-materials')).toBe(false); // 9 patents, 7 SMEs
    expect(used.has('modern-agriculture-food')).toBe(false); // 3 patents
    const materials = plan.leftOut.find((c) => c.chainId === 'new-materials')!;
    expect(materials.why).toEqual(['below_min_supply', 'below_min_demand']);
    expect(materials.reason).toContain('可路演专利 9 件，少于门槛 10 件');
    expect(plan.leftOut.find((c) => c.chainId === 'modern-agriculture-food')!.why).toEqual(['below_min_supply']);
    for (const e of events(plan.months)) {
      expect(e.figures!.patents).toBeGreaterThanOrEqual(10);
      expect(e.figures!.enterprises).toBeGreaterThanOrEqual(8);
    }
  });

  it('says "no event" when no chain reaches the minimum, and when every eligible chain is within its gap', () => {
    const none = planYear({ ...base, minSupply: 100 });
    expect(none.months.every((m) => m.kind === 'no_event' && m.why === 'no_eligible_chain')).toBe(true);
    expect(none.months[0]!.reason).toContain('没有产业链达到举办门槛');

    const single = planYear({ ...base, ...figures({ biomedicine: [18, 0.72, 12, 0.65] }), minGapMonths: 4 });
    expect(events(single.months).map((e) => e.month)).toEqual(['2025-01', '2025-05', '2025-09']);
    expect(single.months[1]).toMatchObject({ kind: 'no_event', why: 'repeat_gap' });
    expect(single.months[1]!.reason).toContain('生物医药（2025年1月）');
    expect(single.leftOut.find((c) => c.chainId === 'big-data-it')!.why).toEqual(['no_data']);
  });

  it('keeps already-published months on re-plan and only changes the rest', () => {
    const first = planYear({ ...base, minGapMonths: 3 });
    const published = events(first.months)
      .filter((e) => e.month <= '2025-04')
      .map((e) => ({ month: e.month, chainId: e.chainId }));
    // Half-way through the year the figures change: biomedicine has a lot more to offer.
    const replanned = planYear({ ...base, ...figures({ biomedicine: [60, 0.8, 40, 0.8], 'big-data-it': [30, 0.7, 25, 0.6] }), minGapMonths: 3, published, fromMonth: '2025-05' });
    for (const p of published) {
      const month = replanned.months.find((m) => m.month === p.month)!;
      expect(month).toMatchObject({ kind: 'event', chainId: p.chainId, source: 'published' });
      expect(month.reason).toContain('已发布');
    }
    // A published month also wins over a pin on the same month.
    const pinned = planYear({ ...base, published, pins: [{ month: published[0]!.month, chainId: 'new-materials' }] });
    expect(chainOf(pinned.months, published[0]!.month)).toBe(published[0]!.chainId);
    expect(pinned.warnings.map((w) => w.code)).toContain('pin_on_published_month');
    // Published months still count for the gap of what is planned after them.
    expectGapsRespected(replanned.months, 3);
    expect(events(replanned.months).filter((e) => e.month >= '2025-05').some((e) => e.chainId === 'biomedicine')).toBe(true);
  });

  it('warns about, but keeps, fixed months that break a rule', () => {
    const plan = planYear({
      ...base,
      minGapMonths: 3,
      blackouts: ['2025-02'],
      pins: [{ month: '2025-02', chainId: 'modern-agriculture-food' }, { month: '2025-03', chainId: 'modern-agriculture-food' }, { month: '2024-12', chainId: 'biomedicine' }],
    });
    expect(chainOf(plan.months, '2025-02')).toBe('modern-agriculture-food');
    expect(chainOf(plan.months, '2025-03')).toBe('modern-agriculture-food');
    expect(new Set(plan.warnings.map((w) => w.code))).toEqual(new Set(['fixed_in_blackout', 'fixed_below_minimum', 'fixed_within_gap', 'pin_outside_plan']));
    for (const w of plan.warnings) expect(w.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('gives repeats diminishing value: a weaker chain beats a third event of the strongest', () => {
    const plan = planYear({ ...base, ...figures({ 'big-data-it': [30, 0.7, 25, 0.6], 'new-materials': [9, 0.6, 7, 0.7] }), minGapMonths: 1, repeatDecay: 0.3 });
    const counts = new Map<string, number>();
    for (const e of events(plan.months)) counts.set(e.chainId, (counts.get(e.chainId) ?? 0) + 1);
    // 16.2 × 0.3^k falls below new-materials' 4.5 after two events.
    expect(counts.get('new-materials')).toBeGreaterThan(0);
    const repeat = events(plan.months).find((e) => e.occurrence === 2)!;
    expect(repeat.value).toBeCloseTo(repeat.figures!.value * 0.3, 3);
    expect(repeat.reason).toContain('全年第 2 场');
  });

  it('explains chains that are eligible but not worth a month', () => {
    const plan = planYear({ ...base, minGapMonths: 1, repeatDecay: 1 });
    // Without a gap or decay, the strongest chain takes every month.
    expect(new Set(events(plan.months).map((e) => e.chainId))).toEqual(new Set(['big-data-it']));
    const out = plan.leftOut.find((c) => c.chainId === 'biomedicine')!;
    expect(out.why).toEqual(['outranked']);
    expect(out.reason).toContain('达到举办门槛');
  });

  it('looks ahead: gives up the strongest chain this month when that would leave the next month empty', () => {
    // B is pinned in December; A now would leave November with nothing (A and B both within the gap).
    const plan = planYear({
      year: 2025,
      chains: [{ id: 'a', name: '甲' }, { id: 'b', name: '乙' }],
      fromMonth: '2025-10',
      ...figures({ a: [10, 1, 10, 1], b: [9, 1, 9, 1] }),
      pins: [{ month: '2025-12', chainId: 'b' }],
      minGapMonths: 2,
      repeatDecay: 1,
    });
    expect(plan.months.slice(9).map((m) => (m.kind === 'event' ? m.chainId : null))).toEqual(['b', 'a', 'b']);
    expect(plan.objective.value).toBeCloseTo(28, 6);
  });

  it('is deterministic', () => {
    const input = { ...base, minGapMonths: 3, blackouts: ['2025-02'] };
    expect(planYear(input)).toEqual(planYear(input));
  });

  it('solves 12 months × 10 chains exactly in well under a second', () => {
    const chains = Array.from({ length: 10 }, (_, i) => ({ id: `chain-${i}`, name: `产业链${i}` }));
    const random = mulberry32(7);
    for (let round = 0; round < 5; round++) {
      const table = Object.fromEntries(chains.map((c) => [c.id, [5 + Math.floor(random() * 40), 0.3 + random() * 0.6, 3 + Math.floor(random() * 30), 0.3 + random() * 0.6]])) as Record<string, [number, number, number, number]>;
      const started = performance.now();
      const plan = planYear({ year: 2026, chains, ...figures(table), minGapMonths: 2 + (round % 3), repeatDecay: 0.6 });
      expect(plan.objective.exact).toBe(true);
      expect(performance.now() - started).toBeLessThan(1000);
      expectGapsRespected(plan.months, 2 + (round % 3));
    }
  });
});

describe('planYear is optimal (against brute force on small inputs)', () => {
  const chainIds = CHAINS.slice(0, 4).map((c) => c.id);
  const monthOf = (n: number) => `2025-${String(n).padStart(2, '0')}`;
  const arbitraryInput = fc.record({
    // Coarse figures make near-ties, where looking ahead matters, common.
    table: fc.tuple(...chainIds.map(() => fc.tuple(fc.integer({ min: 0, max: 12 }), fc.constantFrom(0, 0.25, 0.5, 0.75, 1), fc.integer({ min: 0, max: 12 }), fc.constantFrom(0.25, 0.5, 0.75, 1)))),
    from: fc.integer({ min: 7, max: 10 }),
    gap: fc.integer({ min: 1, max: 4 }),
    decay: fc.constantFrom(0, 0.3, 0.5, 0.8, 1),
    minSupply: fc.integer({ min: 0, max: 6 }),
    minDemand: fc.integer({ min: 0, max: 6 }),
    blackouts: fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { maxLength: 2 }),
    published: fc.uniqueArray(fc.record({ m: fc.integer({ min: 1, max: 12 }), c: fc.integer({ min: 0, max: 3 }) }), { maxLength: 3, selector: (p) => p.m }),
    pins: fc.uniqueArray(fc.record({ m: fc.integer({ min: 7, max: 12 }), c: fc.integer({ min: 0, max: 3 }) }), { maxLength: 3, selector: (p) => p.m }),
    previous: fc.uniqueArray(fc.record({ m: fc.integer({ min: 8, max: 12 }), c: fc.integer({ min: 0, max: 3 }) }), { maxLength: 3, selector: (p) => p.m }),
  });

  it('finds the best objective that exhaustive search finds', () => {
    fc.assert(
      fc.property(arbitraryInput, (a) => {
        const table = Object.fromEntries(chainIds.map((id, i) => [id, a.table[i]!])) as Record<string, [number, number, number, number]>;
        const published = a.published.map((p) => ({ month: monthOf(p.m), chainId: chainIds[p.c]! }));
        const pins = a.pins.filter((p) => p.m >= a.from && !a.published.some((q) => q.m === p.m)).map((p) => ({ month: monthOf(p.m), chainId: chainIds[p.c]! }));
        const previousEvents = a.previous.map((p) => ({ month: `2024-${String(p.m).padStart(2, '0')}`, chainId: chainIds[p.c]! }));
        const input = {
          year: 2025,
          chains: CHAINS.slice(0, 4),
          ...figures(table),
          fromMonth: monthOf(a.from),
          minGapMonths: a.gap,
          repeatDecay: a.decay,
          minSupply: a.minSupply,
          minDemand: a.minDemand,
          blackouts: a.blackouts.map(monthOf),
          published,
          pins,
          previousEvents,
        };
        const plan = planYear(input);
        const best = bruteForce({ table, from: a.from, gap: a.gap, decay: a.decay, minSupply: a.minSupply, minDemand: a.minDemand, blackouts: a.blackouts, published, pins, previousEvents });
        expect(plan.objective.exact).toBe(true);
        expect(plan.objective.value).toBeCloseTo(best, 4);
        // The reported objective is the sum of the months' values, and the plan is feasible.
        expect(events(plan.months).reduce((s, e) => s + e.value, 0)).toBeCloseTo(plan.objective.value, 3);
        expectGapsRespected(plan.months, a.gap, previousEvents);
        for (const e of events(plan.months)) {
          if (e.source !== 'planned') continue;
          expect(a.blackouts).not.toContain(Number(e.month.slice(5)));
          expect(Number(e.month.slice(5))).toBeGreaterThanOrEqual(a.from);
          expect(e.figures!.patents).toBeGreaterThanOrEqual(a.minSupply);
          expect(e.figures!.enterprises).toBeGreaterThanOrEqual(a.minDemand);
        }
      }),
      { numRuns: 300 },
    );
  });
});

/**
 * Exhaustive search over every assignment of the free months (a chain that reaches the minima, or
 * nothing), written independently from the planner: the objective is Σ over chains of
 * value × (1 + decay + … + decay^(n−1)) for its n events of the year.
 */
function bruteForce(a: {
  table: Record<string, [number, number, number, number]>;
  from: number;
  gap: number;
  decay: number;
  minSupply: number;
  minDemand: number;
  blackouts: number[];
  published: Array<{ month: string; chainId: string }>;
  pins: Array<{ month: string; chainId: string }>;
  previousEvents: Array<{ month: string; chainId: string }>;
}): number {
  const value = (id: string) => {
    const row = a.table[id];
    return row ? Math.min(row[0], row[2]) * Math.sqrt(row[1] * row[3]) : 0;
  };
  const fixed = new Map<number, string>();
  for (const p of a.published) fixed.set(monthIndex(p.month), p.chainId);
  for (const p of a.pins) fixed.set(monthIndex(p.month), p.chainId);
  const eligible = Object.entries(a.table)
    .filter(([id, [s, , d]]) => s >= a.minSupply && d >= a.minDemand && value(id) > 0)
    .map(([id]) => id);
  const free = monthsOfYear(2025)
    .map(monthIndex)
    .filter((i) => i % 12 >= a.from - 1 && !fixed.has(i) && !a.blackouts.includes((i % 12) + 1));
  const history = a.previousEvents.map((e) => ({ index: monthIndex(e.month), chainId: e.chainId }));
  let best = 0;
  const assigned: Array<{ index: number; chainId: string }> = [];
  const score = () => {
    const counts = new Map<string, number>();
    for (const chainId of [...fixed.values(), ...assigned.map((x) => x.chainId)]) counts.set(chainId, (counts.get(chainId) ?? 0) + 1);
    let total = 0;
    for (const [chainId, n] of counts) for (let k = 0; k < n; k++) total += value(chainId) * a.decay ** k;
    return total;
  };
  const walk = (j: number) => {
    if (j === free.length) {
      best = Math.max(best, score());
      return;
    }
    const month = free[j]!;
    for (const chainId of eligible) {
      const others = [...history, ...[...fixed].map(([index, c]) => ({ index, chainId: c })), ...assigned];
      if (others.some((o) => o.chainId === chainId && Math.abs(o.index - month) < a.gap)) continue;
      assigned.push({ index: month, chainId });
      walk(j + 1);
      assigned.pop();
    }
    walk(j + 1);
  };
  walk(0);
  return best;
}

function mulberry32(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
