import { describe, expect, it } from 'vitest';
import { PitchSlot } from '@patent-bridge/domain';
import { buildAgenda, minutesOfDay, type Agenda, type AgendaInput } from '../../src/planning/index.ts';
import { ORGANIZATIONS } from './fixtures.ts';

const pitches = Array.from({ length: 7 }, (_, i) => ({ patentId: `p-${i + 1}`, title: `专利 ${i + 1}`, ownerOrganizationIds: [ORGANIZATIONS[i % ORGANIZATIONS.length]!.id] }));
const base = {
  date: '2025-04-18',
  start: '09:00',
  openingMinutes: 10,
  pitches,
  organizations: ORGANIZATIONS,
  pitchMinutes: 15,
  breakEvery: 3,
  breakMinutes: 10,
  lunch: { start: '12:00', minutes: 60 },
  meetings: { slots: 6, minutes: 20, gapMinutes: 5, transitionMinutes: 10 },
} satisfies AgendaInput;

const at = (iso: string) => minutesOfDay(iso.slice(11, 16));

/** Every item lasts its minutes, items follow each other without overlapping, and only lunch sits in the lunch window. */
function expectConsistent(agenda: Agenda, lunch?: { start: string; minutes: number }) {
  for (const item of agenda.items) {
    expect(at(item.end) - at(item.start)).toBe(item.minutes);
    expect(item.startTime).toBe(item.start.slice(11, 16));
    expect(item.start.endsWith('+08:00')).toBe(true);
  }
  for (let i = 1; i < agenda.items.length; i++) expect(at(agenda.items[i]!.start)).toBeGreaterThanOrEqual(at(agenda.items[i - 1]!.end));
  if (lunch) {
    const from = minutesOfDay(lunch.start);
    for (const item of agenda.items.filter((x) => x.kind !== 'lunch')) expect(at(item.end) <= from || at(item.start) >= from + lunch.minutes, `${item.title} ${item.startTime}`).toBe(true);
  }
  expect(agenda.start).toBe(agenda.items[0]!.start);
  expect(agenda.end).toBe(agenda.items.at(-1)!.end);
}

describe('buildAgenda', () => {
  it('adds up: opening, pitches with a break after every n, lunch in its window, then the meeting slots', () => {
    const agenda = buildAgenda(base);
    expectConsistent(agenda, base.lunch);
    expect(agenda.items.map((i) => i.kind)).toEqual(['opening', 'pitch', 'pitch', 'pitch', 'break', 'pitch', 'pitch', 'pitch', 'break', 'pitch', 'meeting', 'lunch', 'meeting', 'meeting', 'meeting', 'meeting', 'meeting']);
    // 10 min opening, then 7 × 15 min of pitches and two 10 min breaks, back to back.
    const lastPitch = agenda.items.filter((i) => i.kind === 'pitch').at(-1)!;
    expect(at(lastPitch.end)).toBe(minutesOfDay('09:00') + 10 + 7 * 15 + 2 * 10);
    // The first slot follows the 10 min transition; the second would cross noon, so it waits for lunch to end.
    expect(agenda.meetingSlots[0]!.startTime).toBe('11:25');
    expect(agenda.meetingSlots[1]!.startTime).toBe('13:00');
    expect(agenda.items.find((i) => i.kind === 'lunch')).toMatchObject({ startTime: '12:00', endTime: '13:00', minutes: 60 });
    for (let s = 2; s < 6; s++) expect(at(agenda.meetingSlots[s]!.start) - at(agenda.meetingSlots[s - 1]!.end)).toBe(5);
    expect(agenda.meetingSlots.map((s) => s.slot)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(agenda.meetingSlots.every((s) => at(s.end) - at(s.start) === 20)).toBe(true);
  });

  it('has each pitch presented by its owning organisation, as domain pitch slots', () => {
    const agenda = buildAgenda(base);
    expect(agenda.pitchSlots).toHaveLength(7);
    agenda.pitchSlots.forEach((slot, i) => {
      expect(PitchSlot.parse(slot)).toEqual(slot);
      expect(slot.presenterOrganizationId).toBe(pitches[i]!.ownerOrganizationIds[0]);
      expect(slot.minutes).toBe(15);
    });
    const item = agenda.items.find((i) => i.patentId === 'p-1')!;
    expect(item.presenterName).toBe(ORGANIZATIONS[0]!.name);
    // An explicit presenter wins over the first owner.
    const explicit = buildAgenda({ ...base, pitches: [{ ...pitches[0]!, ownerOrganizationIds: ['org-a', 'org-b'], presenterOrganizationId: 'org-b' }] });
    expect(explicit.pitchSlots[0]!.presenterOrganizationId).toBe('org-b');
  });

  it('skips a break that lunch would follow, and honours per-pitch lengths and changeovers', () => {
    const agenda = buildAgenda({ ...base, start: '10:45', openingMinutes: 0, pitches: pitches.slice(0, 4), breakEvery: 2, changeoverMinutes: 2, meetings: undefined, lunch: { start: '11:40', minutes: 50 } });
    expectConsistent(agenda, { start: '11:40', minutes: 50 });
    // Pitches at 10:45 and 11:02 end at 11:17; a break and the third pitch would cross 11:40, so the
    // break is dropped, the third pitch still fits (11:19–11:34), and the fourth waits for lunch to end.
    expect(agenda.items.map((i) => i.kind)).toEqual(['pitch', 'pitch', 'pitch', 'lunch', 'pitch']);
    expect(agenda.items.map((i) => i.startTime)).toEqual(['10:45', '11:02', '11:19', '11:40', '12:30']);
    const custom = buildAgenda({ ...base, pitches: [{ ...pitches[0]!, minutes: 30 }, pitches[1]!], meetings: undefined });
    expect(custom.items.filter((i) => i.kind === 'pitch').map((i) => i.minutes)).toEqual([30, 15]);
  });

  it('places meetings no earlier than asked and can go without lunch', () => {
    const agenda = buildAgenda({ ...base, lunch: null, meetings: { slots: 3, minutes: 15, notBefore: '14:00' } });
    expectConsistent(agenda);
    expect(agenda.items.some((i) => i.kind === 'lunch')).toBe(false);
    expect(agenda.meetingSlots.map((s) => s.startTime)).toEqual(['14:00', '14:15', '14:30']);
  });

  it('refuses a day that runs past midnight, and a pitch without a presenter', () => {
    expect(() => buildAgenda({ ...base, start: '22:00', meetings: { slots: 10, minutes: 30 } })).toThrow(/midnight/);
    expect(() => buildAgenda({ ...base, pitches: [{ patentId: 'p', title: 't' }] })).toThrow(/presenter/);
  });
});
