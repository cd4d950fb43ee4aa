import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { describeSlots, greedySchedule, ownerSlots, parseMeetingInstance, prepareInstance, solveMeetings, type MeetingInstanceInput } from '../../src/meetings/index.ts';

const base: MeetingInstanceInput = {
  slots: 4,
  tables: 2,
  smes: [{ id: 'sme-a', cap: 2 }, { id: 'sme-b', cap: 1 }],
  owners: [{ id: 'uni-1' }, { id: 'uni-2', availability: [{ from: 2, to: 3 }] }],
};

function issues(input: unknown): string[] {
  try {
    parseMeetingInstance(input as MeetingInstanceInput);
    return [];
  } catch (error) {
    if (!(error instanceof ZodError)) throw error;
    return error.issues.map((i) => i.message);
  }
}

describe('meeting instance', () => {
  it('rejects unknown, duplicate and out-of-grid data with a message naming it', () => {
    expect(issues({ ...base, smes: [...base.smes, { id: 'sme-a', cap: 1 }] })).toEqual(['duplicate SME id sme-a']);
    expect(issues({ ...base, owners: [{ id: 'uni-1', availability: [{ from: 1, to: 4 }] }] })).toEqual(['owner uni-1: slot 4 is beyond the last slot 3']);
    expect(issues({ ...base, owners: [{ id: 'uni-1', availability: [{ from: 2, to: 1 }] }] })).toEqual(['a slot range must have from ≤ to']);
    expect(issues({ ...base, requests: [{ smeId: 'sme-z', ownerId: 'uni-1', preference: 'meet' }] })).toEqual(['unknown SME sme-z']);
    expect(issues({ ...base, requests: [{ smeId: 'sme-a', ownerId: 'uni-1', preference: 'maybe' }] })).toHaveLength(1);
    expect(issues({ ...base, scores: [{ smeId: 'sme-a', ownerId: 'uni-1', score: 1 }, { smeId: 'sme-a', ownerId: 'uni-1', score: 2 }] })).toEqual(['pair sme-a → uni-1 is listed twice']);
    expect(issues({ ...base, tables: 0 })).toHaveLength(1);
    expect(issues({ ...base, smes: [{ id: 'sme-a', cap: -1 }] })).toHaveLength(1);
  });

  it('derives candidate pairs: requests with their score or the default, suggestions weighted, no answers left out', () => {
    const { pairs } = prepareInstance(
      parseMeetingInstance({
        ...base,
        requests: [
          { smeId: 'sme-a', ownerId: 'uni-1', preference: 'must_meet' },
          { smeId: 'sme-a', ownerId: 'uni-2', preference: 'no' },
          { smeId: 'sme-b', ownerId: 'uni-2', preference: 'meet' },
        ],
        scores: [
          { smeId: 'sme-a', ownerId: 'uni-1', score: 0.8 },
          { smeId: 'sme-a', ownerId: 'uni-2', score: 0.9 },
          { smeId: 'sme-b', ownerId: 'uni-1', score: 0.6 },
        ],
      }),
    );
    expect(pairs.map((p) => [p.smeId, p.ownerId, p.kind, p.value, p.slots])).toEqual([
      ['sme-a', 'uni-1', 'must_meet', 0.8, [0, 1, 2, 3]],
      ['sme-b', 'uni-2', 'meet', 1, [2, 3]],
      ['sme-b', 'uni-1', 'suggested', 0.3, [0, 1, 2, 3]],
    ]);
  });

  it('schedules suggestions only when their weight is above zero', async () => {
    const input: MeetingInstanceInput = { ...base, scores: [{ smeId: 'sme-b', ownerId: 'uni-1', score: 0.6 }] };
    expect((await solveMeetings(input)).meetings.map((m) => [m.smeId, m.kind])).toEqual([['sme-b', 'suggested']]);
    expect((await solveMeetings({ ...input, suggestionWeight: 0 })).meetings).toEqual([]);
  });

  it('reads availability as slot sets and describes them as ranges', () => {
    expect(ownerSlots({ id: 'o', availability: [{ from: 5, to: 6 }, { from: 0, to: 1 }, { from: 1, to: 2 }] }, 8)).toEqual([0, 1, 2, 5, 6]);
    expect(ownerSlots({ id: 'o', availability: [] }, 8)).toEqual([]);
    expect(describeSlots([0, 1, 2, 5, 7, 8])).toBe('slots 0–2, 5, 7–8');
    expect(describeSlots([3])).toBe('slot 3');
  });
});

describe('greedy baseline', () => {
  it('places must-meets first, then by value, each in its earliest free slot', () => {
    const schedule = greedySchedule({
      slots: 3,
      tables: 1,
      smes: [{ id: 'sme-a', cap: 3 }, { id: 'sme-b', cap: 3 }],
      owners: [{ id: 'uni-1' }, { id: 'uni-2', availability: [{ from: 1, to: 2 }] }],
      requests: [
        { smeId: 'sme-a', ownerId: 'uni-1', preference: 'meet' },
        { smeId: 'sme-b', ownerId: 'uni-1', preference: 'meet' },
        { smeId: 'sme-b', ownerId: 'uni-2', preference: 'must_meet' },
      ],
      scores: [
        { smeId: 'sme-a', ownerId: 'uni-1', score: 0.2 },
        { smeId: 'sme-b', ownerId: 'uni-1', score: 0.7 },
        { smeId: 'sme-b', ownerId: 'uni-2', score: 0.1 },
      ],
    });
    expect(schedule.meetings.map((m) => [m.smeId, m.ownerId, m.slot, m.table])).toEqual([
      ['sme-b', 'uni-1', 0, 0],
      ['sme-b', 'uni-2', 1, 0],
      ['sme-a', 'uni-1', 2, 0],
    ]);
    expect(schedule).toMatchObject({ solver: 'greedy', bound: null, gap: null, complete: true, stages: [] });
    expect(schedule.objective).toBeCloseTo(1.0, 12);
  });
});
