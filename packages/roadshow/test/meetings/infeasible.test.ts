import { describe, expect, it } from 'vitest';
import { greedySchedule, scheduleConflicts, solveMeetings, type MeetingInstanceInput } from '../../src/meetings/index.ts';

const must = (smeId: string, ownerId: string) => ({ smeId, ownerId, preference: 'must_meet' as const });
const meet = (smeId: string, ownerId: string) => ({ smeId, ownerId, preference: 'meet' as const });

describe('when constraints block must-meets', () => {
  it('names the owner with too few slots and the SME over its cap, and still returns the best partial schedule', async () => {
    const instance: MeetingInstanceInput = {
      slots: 6,
      tables: 3,
      smes: [
        { id: 'sme-a', cap: 2 },
        { id: 'sme-b', cap: 3 },
        { id: 'sme-c', cap: 3 },
        { id: 'sme-d', cap: 3 },
        { id: 'sme-e', cap: 3 },
      ],
      owners: [{ id: 'uni-busy', availability: [{ from: 1, to: 3 }] }, { id: 'uni-x' }, { id: 'uni-y' }, { id: 'uni-z' }],
      requests: [
        must('sme-a', 'uni-busy'), must('sme-b', 'uni-busy'), must('sme-c', 'uni-busy'), must('sme-d', 'uni-busy'), must('sme-e', 'uni-busy'),
        must('sme-a', 'uni-x'), must('sme-a', 'uni-y'),
        meet('sme-b', 'uni-z'), meet('sme-c', 'uni-z'),
      ],
    };
    const schedule = await solveMeetings(instance);
    expect(scheduleConflicts(instance, schedule)).toEqual([]);
    expect(schedule.complete).toBe(false);

    const owner = schedule.diagnoses.find((d) => d.constraint === 'owner_availability');
    expect(owner).toMatchObject({ ownerId: 'uni-busy', needed: 5, available: 3 });
    expect(owner!.message).toBe('Owner uni-busy has 5 must-meet requests (sme-a, sme-b, sme-c, sme-d, sme-e) but is available in only 3 slots (slots 1–3)');
    const sme = schedule.diagnoses.find((d) => d.constraint === 'sme_cap');
    expect(sme).toMatchObject({ smeId: 'sme-a', needed: 3, available: 2 });
    expect(sme!.message).toBe('SME sme-a has 3 must-meet requests (uni-busy, uni-x, uni-y) but a cap of 2 meetings');

    // Best partial: uni-busy's 3 slots go to three of sme-b…e, so sme-a's two meetings can be
    // uni-x and uni-y: 5 of the 7 must-meets (the most any schedule can honour).
    expect(schedule.mustMeets.honoured).toBe(5);
    expect(schedule.meetings.filter((m) => m.ownerId === 'uni-busy').map((m) => m.smeId)).not.toContain('sme-a');
    expect(schedule.meetings.filter((m) => m.ownerId === 'uni-busy')).toHaveLength(3);
    expect(schedule.meetings.filter((m) => m.smeId === 'sme-a').map((m) => m.ownerId).sort()).toEqual(['uni-x', 'uni-y']);
    expect(schedule.stages[0]).toMatchObject({ stage: 'must_meets', achieved: 5, bound: 5, status: 'optimal' });
    // Fairness: the SME left out of uni-busy is sme-b or sme-c, who can still meet uni-z.
    expect(schedule.fairness).toEqual({ smes: 5, withMeeting: 5, without: [] });
    expect(schedule.meetings.filter((m) => m.ownerId === 'uni-busy').map((m) => m.smeId)).toEqual(expect.arrayContaining(['sme-d', 'sme-e']));
  });

  it('names the tables when must-meets outnumber them, overall or in a window', async () => {
    const owners = Array.from({ length: 6 }, (_, o) => ({ id: `uni-${o}`, availability: o < 4 ? [{ from: 0, to: 1 }] : undefined }));
    const smes = Array.from({ length: 6 }, (_, i) => ({ id: `sme-${i}`, cap: 3 }));
    const instance: MeetingInstanceInput = {
      slots: 4,
      tables: 2,
      smes,
      owners,
      // 6 must-meets with owners uni-0…3, who are only there in slots 0–1 (2 × 2 = 4 tables).
      requests: smes.map((s, i) => must(s.id, `uni-${i % 4}`)),
    };
    const schedule = await solveMeetings(instance);
    expect(scheduleConflicts(instance, schedule)).toEqual([]);
    const tables = schedule.diagnoses.find((d) => d.constraint === 'table_capacity' && d.needed === 6);
    expect(tables).toMatchObject({ needed: 6, available: 4 });
    expect(tables!.message).toBe("6 must-meet requests can only take place in slots 0–1 (their owners' availability), which hold 4 meetings (2 slots × 2 tables)");
    expect(schedule.mustMeets.honoured).toBe(4);

    const overall = await solveMeetings({ slots: 1, tables: 1, smes: smes.slice(0, 2), owners: owners.slice(4), requests: [must('sme-0', 'uni-4'), must('sme-1', 'uni-5')] });
    expect(overall.diagnoses.map((d) => d.message)).toContain('2 must-meet requests but only 1 meeting fits (1 slot × 1 table)');
  });

  it('names an owner who is never there', async () => {
    const schedule = await solveMeetings({
      slots: 3,
      tables: 2,
      smes: [{ id: 'sme-a', cap: 2 }, { id: 'sme-b', cap: 2 }],
      owners: [{ id: 'uni-gone', availability: [] }, { id: 'uni-here' }],
      requests: [must('sme-a', 'uni-gone'), must('sme-b', 'uni-gone'), meet('sme-a', 'uni-here')],
    });
    expect(schedule.diagnoses[0]).toMatchObject({ constraint: 'owner_unavailable', ownerId: 'uni-gone', needed: 2, available: 0 });
    expect(schedule.diagnoses[0]!.message).toBe('Owner uni-gone is not available in any of the 3 slots, yet 2 SMEs marked it must-meet (sme-a, sme-b)');
    expect(schedule.diagnoses.find((d) => d.smeId === 'sme-b')!.message).toBe('SME sme-b gets no meeting: its owners (uni-gone) are available in no slot');
    expect(schedule.meetings.map((m) => [m.smeId, m.ownerId])).toEqual([['sme-a', 'uni-here']]);
  });

  it('reports clashes no single constraint explains as combined, with the proven maximum', async () => {
    // sme-a must meet uni-1 and uni-2, both only in slot 0: every count is fine on its own.
    const instance: MeetingInstanceInput = {
      slots: 3,
      tables: 2,
      smes: [{ id: 'sme-a', cap: 3 }],
      owners: [{ id: 'uni-1', availability: [{ from: 0, to: 0 }] }, { id: 'uni-2', availability: [{ from: 0, to: 0 }] }],
      requests: [must('sme-a', 'uni-1'), must('sme-a', 'uni-2')],
    };
    const schedule = await solveMeetings(instance);
    expect(schedule.meetings).toHaveLength(1);
    expect(schedule.diagnoses).toHaveLength(1);
    expect(schedule.diagnoses[0]!.constraint).toBe('combined');
    expect(schedule.diagnoses[0]!.message).toMatch(/^1 more must-meet cannot be placed: .*the solver proved at most 1 of 2 must-meets fit together\); unmet: sme-a → uni-[12]$/);
    expect(greedySchedule(instance).diagnoses[0]!.message).toContain('the greedy placement honoured 1 of 2');
  });

  it('explains SMEs left without a meeting', async () => {
    const schedule = await solveMeetings({
      slots: 2,
      tables: 1,
      smes: [{ id: 'sme-a', cap: 1 }, { id: 'sme-b', cap: 1 }, { id: 'sme-c', cap: 1 }, { id: 'sme-zero', cap: 0 }, { id: 'sme-none', cap: 2 }],
      owners: [{ id: 'uni-1' }],
      requests: [meet('sme-a', 'uni-1'), meet('sme-b', 'uni-1'), meet('sme-c', 'uni-1'), meet('sme-zero', 'uni-1'), { smeId: 'sme-none', ownerId: 'uni-1', preference: 'no' }],
      scores: [{ smeId: 'sme-a', ownerId: 'uni-1', score: 0.9 }, { smeId: 'sme-b', ownerId: 'uni-1', score: 0.5 }, { smeId: 'sme-c', ownerId: 'uni-1', score: 0.1 }],
    });
    expect(schedule.meetings.map((m) => m.smeId)).toEqual(['sme-a', 'sme-b']);
    const messages = schedule.diagnoses.map((d) => d.message);
    expect(messages).toContain('SME sme-zero has a cap of 0 meetings, so none of its 1 request can be placed');
    expect(messages).toContain('SME sme-none has no pair that could meet: no meet request and no scored suggestion');
    expect(messages).toContain('1 SME gets no meeting (sme-c): 3 SMEs could meet someone but only 2 meetings fit (2 slots × 1 table)');
  });
});
