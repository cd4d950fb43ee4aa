import { describe, expect, it } from 'vitest';
import { FUNNEL_STAGES, renderFunnel, roadshowFunnel, type FunnelInput } from '../../src/planning/index.ts';
import { AGRI, DEMANDS, MATCHES } from './fixtures.ts';

const input = {
  roadshows: [
    { id: 'rs-apr', chainId: AGRI, month: '2025-04', lineUp: ['p-tea-roller', 'p-tea-temp', 'p-apple', 'p-feed'] },
    { id: 'rs-oct', chainId: AGRI, month: '2025-10', lineUp: ['p-cold', 'p-tea-roll'] },
    { id: 'rs-bio', chainId: 'biomedicine', month: '2025-05', lineUp: ['p-antibody'] },
  ],
  demands: DEMANDS,
  matches: MATCHES,
  invitations: [
    { roadshowId: 'rs-apr', enterpriseId: 'ent-tea' },
    { roadshowId: 'rs-apr', enterpriseId: 'ent-heyuan' },
    { roadshowId: 'rs-apr', enterpriseId: 'ent-fruit' },
    { roadshowId: 'rs-oct', enterpriseId: 'ent-cold' },
    { roadshowId: 'rs-gone', enterpriseId: 'ent-cold' },
  ],
  meetingRequests: [
    { roadshowId: 'rs-apr', enterpriseId: 'ent-tea', ownerOrganizationId: 'org-sdau', preference: 'must_meet' },
    { roadshowId: 'rs-apr', enterpriseId: 'ent-tea', ownerOrganizationId: 'org-qlu', preference: 'meet' },
    { roadshowId: 'rs-apr', enterpriseId: 'ent-heyuan', ownerOrganizationId: 'org-sdau', preference: 'meet' },
    { roadshowId: 'rs-apr', enterpriseId: 'ent-fruit', ownerOrganizationId: 'org-qlu', preference: 'no' },
  ],
  meetings: [
    { roadshowId: 'rs-apr', enterpriseId: 'ent-tea', ownerOrganizationId: 'org-sdau', status: 'held' },
    { roadshowId: 'rs-apr', enterpriseId: 'ent-tea', ownerOrganizationId: 'org-qlu', status: 'held' },
    { roadshowId: 'rs-apr', enterpriseId: 'ent-heyuan', ownerOrganizationId: 'org-sdau', status: 'cancelled' },
  ],
  contracts: [{ roadshowId: 'rs-apr', enterpriseId: 'ent-tea', valueCny: 150_000, patentIds: ['p-tea-roller'] }],
} satisfies FunnelInput;

describe('roadshowFunnel', () => {
  it('counts each stage per chain and month, as records and as distinct SMEs', () => {
    const funnel = roadshowFunnel(input);
    // By chain id, then month.
    expect(funnel.rows.map((r) => [r.chainId, r.month])).toEqual([
      ['biomedicine', '2025-05'],
      [AGRI, '2025-04'],
      [AGRI, '2025-10'],
    ]);
    const april = funnel.rows[1]!;
    const stage = (name: string) => april.stages.find((s) => s.stage === name)!;
    // Matches of the April line-up with the chain's demands (the closed demand's match is to p-unmatched, not pitched).
    const aprilPatents = new Set(input.roadshows[0]!.lineUp);
    const expectedMatches = MATCHES.filter((m) => aprilPatents.has(m.patentId) && m.score >= 0.3 && DEMANDS.find((d) => d.id === m.demandId)!.chains.every((c) => c === AGRI));
    expect(stage('matches').count).toBe(expectedMatches.length);
    expect(stage('matches').enterprises).toBe(new Set(expectedMatches.map((m) => DEMANDS.find((d) => d.id === m.demandId)!.enterpriseId)).size);
    expect(stage('invitations')).toMatchObject({ count: 3, enterprises: 3 });
    // A "no" is not a request; a cancelled meeting is not a meeting.
    expect(stage('meeting_requests')).toMatchObject({ count: 3, enterprises: 2 });
    expect(stage('meetings')).toMatchObject({ count: 2, enterprises: 1 });
    expect(stage('contracts')).toMatchObject({ count: 1, enterprises: 1 });
    expect(stage('meetings').conversion).toBeCloseTo(1 / 2, 6);
    expect(stage('matches').conversion).toBeNull();
    expect(april.contractValueCny).toBe(150_000);
  });

  it('adds months up to chains and chains up to the total; unknown roadshows are reported, not counted', () => {
    const funnel = roadshowFunnel(input);
    const agri = funnel.byChain.find((r) => r.chainId === AGRI)!;
    expect(agri.month).toBeNull();
    expect(agri.roadshowIds).toEqual(['rs-apr', 'rs-oct']);
    for (const name of FUNNEL_STAGES) {
      const sum = funnel.rows.filter((r) => r.chainId === AGRI).reduce((s, r) => s + r.stages.find((x) => x.stage === name)!.count, 0);
      expect(agri.stages.find((x) => x.stage === name)!.count).toBe(sum);
      const total = funnel.byChain.reduce((s, r) => s + r.stages.find((x) => x.stage === name)!.count, 0);
      expect(funnel.total.stages.find((x) => x.stage === name)!.count).toBe(total);
    }
    expect(funnel.unattributed.invitations).toBe(1);
    // A roadshow with nothing yet still has its row.
    expect(funnel.rows.find((r) => r.chainId === 'biomedicine')!.stages[1]!.count).toBe(0);
  });

  it('renders a table and bar funnels, in Chinese', () => {
    const text = renderFunnel(roadshowFunnel(input));
    expect(text).toContain('现代农业与食品');
    expect(text).toContain('2025年4月');
    expect(text).toContain('签约 contracts');
    expect(text).toContain('15.0'); // 150,000 CNY = 15.0 万元
    expect(text).toMatch(/█+░*/);
    expect(text).toContain('1 records name an unknown roadshow');
    // The bar of the first stage is full, the stages below are no longer than it.
    const agriBlock = text.split('\n\n').find((b) => b.startsWith('现代农业与食品（'))!;
    const bars = agriBlock.split('\n').filter((l) => l.includes('█') || l.includes('░')).map((l) => (l.match(/█/g) ?? []).length);
    expect(bars[0]).toBe(20);
    for (let i = 1; i < bars.length; i++) expect(bars[i]).toBeLessThanOrEqual(bars[0]!);
  });
});
