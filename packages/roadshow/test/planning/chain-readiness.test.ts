import { describe, expect, it } from 'vitest';
import { chainReadiness, planYear } from '../../src/planning/index.ts';
import { AGRI, DEMANDS, MATCHES, PATENTS } from './fixtures.ts';

const asOf = '2025-03-01';

describe('chainReadiness', () => {
  it('counts idle, granted, in-force patents with a strong match to an open demand of the chain, and the SMEs behind those demands', () => {
    const { supply, demand } = chainReadiness({ patents: PATENTS, demands: DEMANDS, matches: MATCHES, asOf });
    const agriSupply = supply.find((s) => s.chainId === AGRI)!;
    const agriDemand = demand.find((d) => d.chainId === AGRI)!;
    // Strong (≥ 0.6): the four tea patents, apple, cold chain, and feed (its demand names no chain, so it takes the patent's).
    expect(agriSupply.patents).toBe(7);
    // Tea, Heyuan, fruit, cold chain, farm; the closed demand and the weak match do not count.
    expect(agriDemand.enterprises).toBe(5);
    expect(agriSupply.strength).toBeGreaterThan(0.6);
    expect(agriSupply.strength).toBeLessThanOrEqual(1);
    expect(supply.find((s) => s.chainId === 'biomedicine')).toMatchObject({ patents: 1 });
  });

  it('leaves out patents that are lapsed, licensed or expired, and closed demands', () => {
    const withoutUnpitchable = chainReadiness({ patents: PATENTS.filter((p) => !['p-lapsed', 'p-licensed', 'p-expired'].includes(p.id)), demands: DEMANDS, matches: MATCHES, asOf });
    expect(chainReadiness({ patents: PATENTS, demands: DEMANDS, matches: MATCHES, asOf })).toEqual(withoutUnpitchable);
    // Re-opening the closed demand brings its strongly matched patent in.
    const reopened = chainReadiness({ patents: PATENTS, demands: DEMANDS.map((d) => (d.id === 'd-closed' ? { ...d, status: 'open' as const } : d)), matches: MATCHES, asOf });
    expect(reopened.supply.find((s) => s.chainId === AGRI)!.patents).toBe(8);
  });

  it('moves with the strong-match threshold', () => {
    const strict = chainReadiness({ patents: PATENTS, demands: DEMANDS, matches: MATCHES, asOf, strongMatchScore: 0.8 });
    // At 0.8 only the roller, the temperature control (tea) and the apple preservative (fruit) remain.
    expect(strict.supply.find((s) => s.chainId === AGRI)).toEqual({ chainId: AGRI, patents: 3, strength: Number(((0.86 + 0.84 + 0.81) / 3).toFixed(3)) });
    expect(strict.demand.find((s) => s.chainId === AGRI)).toEqual({ chainId: AGRI, enterprises: 2, strength: Number(((0.86 + 0.81) / 2).toFixed(3)) });
  });

  it('feeds planYear', () => {
    const { supply, demand } = chainReadiness({ patents: PATENTS, demands: DEMANDS, matches: MATCHES, asOf });
    const plan = planYear({ year: 2025, supply, demand, minSupply: 5, minDemand: 3, minGapMonths: 6 });
    const agriMonths = plan.months.filter((m) => m.kind === 'event' && m.chainId === AGRI);
    expect(agriMonths.length).toBeGreaterThan(0);
    expect(plan.leftOut.find((c) => c.chainId === 'biomedicine')!.why).toEqual(['below_min_supply', 'below_min_demand']);
  });
});
