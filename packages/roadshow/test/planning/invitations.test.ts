import { describe, expect, it } from 'vitest';
import { chineseDate, chooseLineUp, rankInvitations, type InvitationInput } from '../../src/planning/index.ts';
import { AGRI, DEMANDS, ENTERPRISES, MATCHES, ORGANIZATIONS, PATENTS } from './fixtures.ts';

const lineUp = chooseLineUp({ chainId: AGRI, month: '2025-04', patents: PATENTS, demands: DEMANDS, matches: MATCHES, size: 6 });
const event = { month: '2025-04', chainName: '现代农业与食品', date: '2025-04-18', start: '09:00', location: '济南市专利转化路演基地' };
const base = { chainId: AGRI, lineUp: lineUp.choices, demands: DEMANDS, matches: MATCHES, enterprises: ENTERPRISES, organizations: ORGANIZATIONS, event } satisfies InvitationInput;

describe('rankInvitations', () => {
  it('ranks SMEs by how strongly their open demands match the line-up', () => {
    const invitations = rankInvitations(base);
    expect(invitations.map((i) => i.rank)).toEqual(invitations.map((_, i) => i + 1));
    for (let i = 1; i < invitations.length; i++) expect(invitations[i - 1]!.strength).toBeGreaterThanOrEqual(invitations[i]!.strength);
    const inLineUp = new Set(lineUp.choices.map((c) => c.patentId));
    for (const inv of invitations) {
      // The strength is the sum of the best match per pitched patent, and every named patent is pitched.
      expect(inv.strength).toBeCloseTo(inv.matchedPatents.reduce((s, p) => s + p.score, 0), 3);
      expect(inv.best).toBe(Math.max(...inv.matchedPatents.map((p) => p.score)));
      for (const p of inv.matchedPatents) expect(inLineUp.has(p.patentId)).toBe(true);
    }
    // The tea factory, with two strong tea patents pitched, is first.
    expect(invitations[0]!.enterpriseId).toBe('ent-tea');
  });

  it('leaves out closed demands, other chains\' demands and matches below the threshold', () => {
    const withUnpitched = rankInvitations({ ...base, lineUp: [...lineUp.choices, { patentId: 'p-unmatched', title: '一种蘑菇栽培基质', ownerOrganizationIds: ['org-sdu'] }] });
    // p-unmatched is matched only by a closed demand (0.9) and by the fruit co-operative at 0.1.
    for (const inv of withUnpitched) expect(inv.matchedPatents.map((p) => p.patentId)).not.toContain('p-unmatched');
    const fruit = rankInvitations(base).find((i) => i.enterpriseId === 'ent-fruit');
    // The fruit co-operative's biomedicine demand does not count at an agriculture roadshow.
    for (const p of fruit?.matchedPatents ?? []) expect(p.demandId).not.toBe('d-bio');
    const strict = rankInvitations({ ...base, minMatchScore: 0.8 });
    for (const inv of strict) for (const p of inv.matchedPatents) expect(p.score).toBeGreaterThanOrEqual(0.8);
    expect(strict.length).toBeLessThan(rankInvitations(base).length);
  });

  it('writes a Chinese letter naming the date, place, chain and the matched patents with their owners', () => {
    const [first] = rankInvitations(base);
    const text = first!.text;
    expect(text.startsWith('尊敬的济南南山云雾茶厂（示例）：\n')).toBe(true);
    expect(text).toContain(`定于${chineseDate('2025-04-18')} 09:00在济南市专利转化路演基地举办2025年4月“一月一链”专利转化路演（现代农业与食品产业链）`);
    for (const p of first!.matchedPatents) {
      expect(text).toContain(`“${p.title}”`);
      expect(text).toContain(`匹配度 ${p.score.toFixed(2)}`);
    }
    expect(text).toContain('山东农业大学（示例）');
    expect(text).toContain('一对一洽谈');
  });

  it('names the month when no date is fixed, caps the patents per letter, and limits the list', () => {
    const [first] = rankInvitations({ ...base, event: { month: '2025-04', chainName: '现代农业与食品' }, patentsPerLetter: 1, limit: 2 });
    expect(first!.text).toContain('拟于2025年4月举办');
    expect(first!.text.split('\n').filter((l) => /^\d+\. /.test(l))).toHaveLength(1);
    expect(first!.text).toMatch(/另有 \d+ 项路演专利与贵单位需求相关/);
    expect(rankInvitations({ ...base, limit: 2 })).toHaveLength(2);
  });

  it('writes dates with the right weekday', () => {
    expect(chineseDate('2025-04-18')).toBe('2025年4月18日（星期五）');
    expect(chineseDate('2024-02-29')).toBe('2024年2月29日（星期四）');
  });
});
