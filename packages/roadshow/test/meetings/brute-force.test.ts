import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { greedySchedule, resolveAfterCancellation, scheduleConflicts, solveMeetings, type Cancellation } from '../../src/meetings/index.ts';
import { bruteForceLevels, candidateCount, compareLevels, instanceArbitrary, levelsOf } from './helpers.ts';

const small = instanceArbitrary({ smes: 4, owners: 3, slots: 3, tables: 2, maxCap: 3 }).filter((i) => candidateCount(i) <= 10);

describe('meeting optimiser against brute force', () => {
  it('reaches the enumerated optimum (must-meets, SMEs met, value) with no conflicts', async () => {
    await fc.assert(
      fc.asyncProperty(small, async (instance) => {
        const schedule = await solveMeetings(instance, { relativeGap: 0 });
        expect(scheduleConflicts(instance, schedule)).toEqual([]);
        const best = bruteForceLevels(instance);
        const found = levelsOf(instance, schedule.meetings);
        expect(found.mustMeets).toBe(best.mustMeets);
        expect(found.smesMet).toBe(best.smesMet);
        expect(found.value).toBeCloseTo(best.value, 9);
        expect(schedule.objective).toBeCloseTo(best.value, 9);
        expect(schedule.gap).toBeLessThanOrEqual(1e-9);
        expect(schedule.bound!).toBeGreaterThanOrEqual(best.value - 1e-9);
        expect(schedule.stages.every((s) => s.status === 'optimal' || s.status === 'trivial')).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('without the fairness stage it maximises value once must-meets are in', async () => {
    await fc.assert(
      fc.asyncProperty(small, async (instance) => {
        const schedule = await solveMeetings(instance, { relativeGap: 0, fairness: false });
        const best = bruteForceLevels(instance, false);
        const found = levelsOf(instance, schedule.meetings);
        expect(found.mustMeets).toBe(best.mustMeets);
        expect(found.value).toBeCloseTo(best.value, 9);
      }),
      { numRuns: 30 },
    );
  });

  it('is never beaten by the greedy baseline, objective by objective', async () => {
    await fc.assert(
      fc.asyncProperty(small, async (instance) => {
        const optimal = levelsOf(instance, (await solveMeetings(instance, { relativeGap: 0 })).meetings);
        const greedy = greedySchedule(instance);
        expect(scheduleConflicts(instance, greedy)).toEqual([]);
        expect(compareLevels(optimal, levelsOf(instance, greedy.meetings))).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 30 },
    );
  });

  it('after a cancellation keeps the most previous meetings in place that any schedule can', async () => {
    await fc.assert(
      fc.asyncProperty(small, fc.nat(), fc.constantFrom('meeting', 'sme', 'owner'), async (instance, pick, kind) => {
        const published = await solveMeetings(instance, { relativeGap: 0 });
        fc.pre(published.meetings.length > 0);
        const victim = published.meetings[pick % published.meetings.length]!;
        const cancellation: Cancellation =
          kind === 'meeting' ? { kind, smeId: victim.smeId, ownerId: victim.ownerId }
          : kind === 'sme' ? { kind, smeId: victim.smeId }
          : { kind, ownerId: victim.ownerId, slots: [{ from: victim.slot, to: victim.slot }] };
        const result = await resolveAfterCancellation(instance, published, cancellation, { relativeGap: 0 });
        expect(scheduleConflicts(result.instance, result.schedule)).toEqual([]);
        const best = bruteForceLevels(result.instance);
        const found = levelsOf(result.instance, result.schedule.meetings);
        expect(found.mustMeets).toBe(best.mustMeets);
        expect(found.kept).toBe(best.kept);
        expect(found.smesMet).toBe(best.smesMet);
        expect(found.value).toBeCloseTo(best.value, 9);
      }),
      { numRuns: 40 },
    );
  });
});
