import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { greedySchedule, MeetingInstance, ownerSlots, scheduleConflicts, solveMeetings, type MeetingSchedule } from '../../src/meetings/index.ts';
import { roadshowInstance } from '../../bench/meetings-instance.ts';
import { compareLevels, instanceArbitrary, levelsOf, plantedArbitrary } from './helpers.ts';

const medium = instanceArbitrary({ smes: 12, owners: 6, slots: 6, tables: 3, maxCap: 4 });

/** The hard constraints checked directly, without `scheduleConflicts`. */
function expectRespectsConstraints(input: Parameters<typeof MeetingInstance.parse>[0], schedule: MeetingSchedule): void {
  const instance = MeetingInstance.parse(input);
  const declined = new Set(instance.requests.filter((r) => r.preference === 'no').map((r) => `${r.smeId}|${r.ownerId}`));
  const open = new Map(instance.owners.map((o) => [o.id, new Set(ownerSlots(o, instance.slots))]));
  const cap = new Map(instance.smes.map((s) => [s.id, s.cap]));
  const seen = new Set<string>();
  const perSme = new Map<string, number>();
  for (const m of schedule.meetings) {
    expect(declined.has(`${m.smeId}|${m.ownerId}`)).toBe(false);
    expect(open.get(m.ownerId)!.has(m.slot)).toBe(true);
    expect(m.table).toBeLessThan(instance.tables);
    for (const key of [`sme ${m.smeId} ${m.slot}`, `owner ${m.ownerId} ${m.slot}`, `table ${m.slot} ${m.table}`, `pair ${m.smeId} ${m.ownerId}`]) {
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
    perSme.set(m.smeId, (perSme.get(m.smeId) ?? 0) + 1);
  }
  for (const [sme, count] of perSme) expect(count).toBeLessThanOrEqual(cap.get(sme)!);
}

describe('meeting schedules on random instances', () => {
  it('never conflict, never schedule a no, respect caps and availability', async () => {
    await fc.assert(
      fc.asyncProperty(medium, async (instance) => {
        const schedule = await solveMeetings(instance);
        expect(scheduleConflicts(instance, schedule)).toEqual([]);
        expectRespectsConstraints(instance, schedule);
        const greedy = greedySchedule(instance);
        expect(scheduleConflicts(instance, greedy)).toEqual([]);
        expectRespectsConstraints(instance, greedy);
        expect(compareLevels(levelsOf(instance, schedule.meetings), levelsOf(instance, greedy.meetings))).toBeGreaterThanOrEqual(0);
        expect(schedule.objective).toBeLessThanOrEqual(schedule.bound! + 1e-9);
      }),
      { numRuns: 60 },
    );
  });

  it('honour every must-meet whenever they all fit together', async () => {
    await fc.assert(
      fc.asyncProperty(plantedArbitrary({ smes: 14, owners: 7, slots: 8, tables: 4 }), async ({ instance }) => {
        const schedule = await solveMeetings(instance);
        expect(scheduleConflicts(instance, schedule)).toEqual([]);
        expect(schedule.mustMeets.unmet).toEqual([]);
        expect(schedule.complete).toBe(true);
        expect(schedule.diagnoses.filter((d) => d.pairs.some((p) => instance.requests!.some((r) => r.preference === 'must_meet' && r.smeId === p.smeId && r.ownerId === p.ownerId)))).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('report a schedule, objective, proven bound and gap consistent with each other', async () => {
    await fc.assert(
      fc.asyncProperty(medium, async (instance) => {
        const schedule = await solveMeetings(instance);
        expect(schedule.objective).toBeCloseTo(schedule.meetings.reduce((sum, m) => sum + m.value, 0), 9);
        const value = schedule.stages.at(-1)!;
        expect(value.stage).toBe('value');
        expect(value.achieved).toBeCloseTo(schedule.objective, 6);
        expect(schedule.gap).toBeCloseTo(Math.max(0, schedule.bound! - schedule.objective) / Math.max(Math.abs(schedule.bound!), 1e-9), 9);
        expect(schedule.gap!).toBeLessThanOrEqual(1e-4 + 1e-9);
        expect(schedule.mustMeets.honoured).toBe(schedule.meetings.filter((m) => m.kind === 'must_meet').length);
        expect(schedule.millis.total).toBeGreaterThanOrEqual(schedule.millis.solve);
      }),
      { numRuns: 30 },
    );
  });

  it('out of time, still return a valid schedule no worse than greedy, with an honest bound', async () => {
    const instance = roadshowInstance({ smes: 120, owners: 30, slots: 12, tables: 8, seed: 5 });
    const rushed = await solveMeetings(instance, { timeLimitSeconds: 0.001 });
    expect(rushed.stages.some((s) => s.status === 'not_solved' || s.status === 'time_limit')).toBe(true);
    expect(scheduleConflicts(instance, rushed)).toEqual([]);
    expect(compareLevels(levelsOf(instance, rushed.meetings), levelsOf(instance, greedySchedule(instance).meetings))).toBeGreaterThanOrEqual(0);
    const full = await solveMeetings(instance);
    for (const [k, stage] of rushed.stages.entries()) expect(stage.bound).toBeGreaterThanOrEqual(full.stages[k]!.achieved - 1e-9);
    expect(rushed.gap!).toBeGreaterThan(0);
  });
});
