import { beforeAll, describe, expect, it } from 'vitest';
import { roadshowInstance } from '../../bench/meetings-instance.ts';
import { applyCancellations, resolveAfterCancellation, scheduleConflicts, solveMeetings, type MeetingInstanceInput, type MeetingSchedule } from '../../src/meetings/index.ts';

// 40 SMEs and 12 owners over 10 slots × 8 tables: every table-slot taken, every must-meet honoured.
const instance: MeetingInstanceInput = roadshowInstance({ smes: 40, owners: 12, slots: 10, tables: 8, seed: 12 });
let published: MeetingSchedule;

const key = (m: { smeId: string; ownerId: string }) => `${m.smeId} → ${m.ownerId}`;

describe('resolveAfterCancellation', () => {
  beforeAll(async () => {
    published = await solveMeetings(instance);
    // The cases below rely on a published schedule with every must-meet honoured.
    expect(published.complete).toBe(true);
    expect(published.meetings).toHaveLength(80);
  });

  it('an SME withdrawing frees its tables and moves nobody else', async () => {
    const leaving = published.meetings[0]!.smeId;
    const gone = published.meetings.filter((m) => m.smeId === leaving);
    const result = await resolveAfterCancellation(instance, published, { kind: 'sme', smeId: leaving });
    expect(scheduleConflicts(result.instance, result.schedule)).toEqual([]);
    expect(result.removed.map(key).sort()).toEqual(gone.map(key).sort());
    expect(result.removed.every((m) => m.reason === 'cancelled')).toBe(true);
    expect(result.moved).toEqual([]);
    expect(result.kept).toHaveLength(published.meetings.length - gone.length);
    expect(result.schedule.meetings.some((m) => m.smeId === leaving)).toBe(false);
    // Freed seats may go to new meetings, never to the SME that left.
    for (const m of result.added) expect(published.meetings.some((p) => key(p) === key(m))).toBe(false);
    expect(result.schedule.stages.find((s) => s.stage === 'kept')).toMatchObject({ status: expect.stringMatching(/optimal|trivial/) });
  });

  it('an owner leaving some slots: only its meetings there move, everything else stays at its table', async () => {
    const byOwner = new Map<string, MeetingSchedule['meetings']>();
    for (const m of published.meetings) byOwner.set(m.ownerId, [...(byOwner.get(m.ownerId) ?? []), m]);
    // An owner with meetings in the first half and none of them a must-meet there.
    const [ownerId] = [...byOwner].find(([, ms]) => ms.some((m) => m.slot < 5) && ms.every((m) => m.slot >= 5 || m.kind !== 'must_meet'))!;
    const affected = published.meetings.filter((m) => m.ownerId === ownerId && m.slot < 5);
    const result = await resolveAfterCancellation(instance, published, { kind: 'owner', ownerId, slots: [{ from: 0, to: 4 }] });
    expect(scheduleConflicts(result.instance, result.schedule)).toEqual([]);
    expect(result.kept).toHaveLength(published.meetings.length - affected.length);
    const affectedKeys = new Set(affected.map(key));
    for (const m of result.moved) {
      expect(affectedKeys.has(key(m))).toBe(true);
      expect(m.to.slot).toBeGreaterThanOrEqual(5);
    }
    expect(result.removed.every((m) => affectedKeys.has(key(m)) && m.reason === 'cancelled')).toBe(true);
    expect(result.moved.length + result.removed.length).toBe(affected.length);
    expect(result.schedule.meetings.filter((m) => m.ownerId === ownerId).every((m) => m.slot >= 5)).toBe(true);
  });

  it('one cancelled meeting is removed and never put back; the rest stay', async () => {
    const victim = published.meetings.find((m) => m.kind !== 'must_meet')!;
    const result = await resolveAfterCancellation(instance, published.meetings, { kind: 'meeting', smeId: victim.smeId, ownerId: victim.ownerId });
    expect(result.removed).toEqual([{ smeId: victim.smeId, ownerId: victim.ownerId, slot: victim.slot, table: victim.table, reason: 'cancelled' }]);
    expect(result.moved).toEqual([]);
    expect(result.kept).toHaveLength(published.meetings.length - 1);
    expect(result.schedule.meetings.some((m) => key(m) === key(victim))).toBe(false);
    expect(scheduleConflicts(result.instance, [{ smeId: victim.smeId, ownerId: victim.ownerId, slot: victim.slot, table: victim.table }]).map((c) => c.kind)).toEqual(['declined_pair']);
  });

  it('applies cancellations to the instance', () => {
    const base: MeetingInstanceInput = {
      slots: 8,
      tables: 2,
      smes: [{ id: 'sme-a', cap: 2 }, { id: 'sme-b', cap: 2 }],
      owners: [{ id: 'uni-1' }, { id: 'uni-2', availability: [{ from: 2, to: 7 }] }],
      requests: [{ smeId: 'sme-a', ownerId: 'uni-1', preference: 'must_meet' }, { smeId: 'sme-b', ownerId: 'uni-2', preference: 'meet' }],
      scores: [{ smeId: 'sme-b', ownerId: 'uni-1', score: 0.3 }],
    };
    const changed = applyCancellations(base, [
      { kind: 'owner', ownerId: 'uni-2', slots: [{ from: 4, to: 5 }] },
      { kind: 'meeting', smeId: 'sme-a', ownerId: 'uni-1' },
      { kind: 'sme', smeId: 'sme-b' },
    ]);
    expect(changed.owners[1]).toEqual({ id: 'uni-2', availability: [{ from: 2, to: 3 }, { from: 6, to: 7 }] });
    expect(changed.requests).toEqual([{ smeId: 'sme-a', ownerId: 'uni-1', preference: 'no' }]);
    expect(changed.smes.map((s) => s.id)).toEqual(['sme-a']);
    expect(changed.scores).toEqual([]);
    expect(() => applyCancellations(base, { kind: 'sme', smeId: 'sme-z' })).toThrow('unknown SME sme-z');
  });
});
