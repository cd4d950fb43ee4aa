import { describe, expect, it } from 'vitest';
import { scheduleConflicts, type MeetingInstanceInput } from '../../src/meetings/index.ts';

const instance: MeetingInstanceInput = {
  slots: 3,
  tables: 2,
  smes: [{ id: 'sme-a', cap: 2 }, { id: 'sme-b', cap: 1 }, { id: 'sme-c', cap: 3 }],
  owners: [{ id: 'uni-1' }, { id: 'uni-2', availability: [{ from: 1, to: 2 }] }, { id: 'uni-3' }],
  requests: [
    { smeId: 'sme-a', ownerId: 'uni-1', preference: 'meet' },
    { smeId: 'sme-a', ownerId: 'uni-2', preference: 'must_meet' },
    { smeId: 'sme-a', ownerId: 'uni-3', preference: 'meet' },
    { smeId: 'sme-b', ownerId: 'uni-1', preference: 'meet' },
    { smeId: 'sme-b', ownerId: 'uni-2', preference: 'no' },
    { smeId: 'sme-c', ownerId: 'uni-1', preference: 'meet' },
    { smeId: 'sme-c', ownerId: 'uni-3', preference: 'meet' },
  ],
  scores: [{ smeId: 'sme-b', ownerId: 'uni-3', score: 0.4 }],
  suggestionWeight: 0,
};

const kinds = (meetings: Parameters<typeof scheduleConflicts>[1]) => scheduleConflicts(instance, meetings).map((c) => c.kind);

describe('scheduleConflicts', () => {
  it('accepts a valid schedule', () => {
    expect(
      kinds([
        { smeId: 'sme-a', ownerId: 'uni-1', slot: 0, table: 0 },
        { smeId: 'sme-c', ownerId: 'uni-3', slot: 0, table: 1 },
        { smeId: 'sme-a', ownerId: 'uni-2', slot: 1, table: 1 },
        { smeId: 'sme-b', ownerId: 'uni-1', slot: 2, table: 0 },
      ]),
    ).toEqual([]);
  });

  it('finds an SME or an owner in two places at once', () => {
    const sme = scheduleConflicts(instance, [
      { smeId: 'sme-a', ownerId: 'uni-1', slot: 1, table: 0 },
      { smeId: 'sme-a', ownerId: 'uni-2', slot: 1, table: 1 },
    ]);
    expect(sme).toEqual([{ kind: 'sme_double_booked', meetings: [0, 1], message: 'SME sme-a has several meetings in slot 1: sme-a → uni-1 (slot 1, table 0); sme-a → uni-2 (slot 1, table 1)' }]);
    expect(kinds([
      { smeId: 'sme-a', ownerId: 'uni-1', slot: 0, table: 0 },
      { smeId: 'sme-c', ownerId: 'uni-1', slot: 0, table: 1 },
    ])).toEqual(['owner_double_booked']);
  });

  it('finds tables used twice and slots over their tables', () => {
    expect(kinds([
      { smeId: 'sme-a', ownerId: 'uni-1', slot: 0, table: 1 },
      { smeId: 'sme-c', ownerId: 'uni-3', slot: 0, table: 1 },
    ])).toEqual(['table_double_booked']);
    expect(kinds([
      { smeId: 'sme-a', ownerId: 'uni-1', slot: 2, table: 0 },
      { smeId: 'sme-c', ownerId: 'uni-3', slot: 2, table: 1 },
      { smeId: 'sme-b', ownerId: 'uni-2', slot: 2, table: 2 },
    ])).toEqual(['table_out_of_range', 'declined_pair', 'slot_over_capacity']);
  });

  it('finds caps, availability, no answers, repeats, unknown people and slots outside the grid', () => {
    expect(kinds([
      { smeId: 'sme-b', ownerId: 'uni-1', slot: 0, table: 0 },
      { smeId: 'sme-b', ownerId: 'uni-3', slot: 1, table: 0 },
    ])).toEqual(['not_a_candidate', 'sme_over_cap']);
    expect(kinds([{ smeId: 'sme-a', ownerId: 'uni-2', slot: 0, table: 0 }])).toEqual(['owner_unavailable']);
    expect(kinds([{ smeId: 'sme-b', ownerId: 'uni-2', slot: 1, table: 0 }])).toEqual(['declined_pair']);
    expect(kinds([
      { smeId: 'sme-c', ownerId: 'uni-1', slot: 0, table: 0 },
      { smeId: 'sme-c', ownerId: 'uni-1', slot: 2, table: 0 },
    ])).toEqual(['repeated_pair']);
    expect(kinds([{ smeId: 'sme-x', ownerId: 'uni-9', slot: 3, table: 0 }])).toEqual(['unknown_sme', 'unknown_owner', 'slot_out_of_range']);
  });

  it('accepts a schedule object as well as a list', () => {
    expect(scheduleConflicts(instance, { meetings: [{ smeId: 'sme-a', ownerId: 'uni-2', slot: 0, table: 0 }] })[0]!.message).toBe(
      'sme-a → uni-2 (slot 0, table 0): owner uni-2 is not available in slot 0',
    );
  });
});
