import { z } from 'zod';
import type { PitchSlot } from '@patent-bridge/domain';
import { beijingTimestamp, ClockTime, clockTime, minutesOfDay, TIME_ZONE } from './clock.ts';

const Minutes = z.number().int().min(1).max(600);

export const AgendaPitch = z
  .object({
    patentId: z.string().min(1),
    title: z.string().min(1),
    ownerOrganizationIds: z.array(z.string()).default([]),
    /** Who presents; the first owning organisation by default. */
    presenterOrganizationId: z.string().min(1).optional(),
    /** This pitch's own length, instead of `pitchMinutes`. */
    minutes: Minutes.optional(),
  })
  .refine((p) => p.presenterOrganizationId !== undefined || p.ownerOrganizationIds.length > 0, 'a pitch needs a presenter: the owning organisation');
export type AgendaPitch = z.input<typeof AgendaPitch>;

export const AgendaInput = z.strictObject({
  date: z.iso.date(),
  start: ClockTime.default('09:00'),
  /** Opening remarks (开幕致辞) before the first pitch; 0 for none. */
  openingMinutes: z.number().int().min(0).max(600).default(10),
  /** The line-up, in pitch order (a `LineUpChoice` fits). */
  pitches: z.array(AgendaPitch).min(1),
  /** Organisation names, for presenters. */
  organizations: z.array(z.object({ id: z.string(), name: z.string() })).default([]),
  pitchMinutes: Minutes.default(15),
  /** Time between two pitches to change presenter; 0 for none. */
  changeoverMinutes: z.number().int().min(0).max(60).default(0),
  /** A break after every n pitches (0 for none); none after the last pitch or right before lunch. */
  breakEvery: z.number().int().min(0).default(4),
  breakMinutes: Minutes.default(10),
  /** A fixed lunch window: nothing is scheduled across it; it appears when the day reaches it. */
  lunch: z.strictObject({ start: ClockTime, minutes: Minutes }).nullable().default({ start: '12:00', minutes: 60 }),
  /** The one-to-one meeting block after the pitches: S slots of m minutes. */
  meetings: z
    .strictObject({
      slots: z.number().int().min(1).max(48),
      minutes: Minutes,
      /** Between two slots, to change tables. */
      gapMinutes: z.number().int().min(0).max(60).default(0),
      /** Between the last pitch and the first slot. */
      transitionMinutes: z.number().int().min(0).max(240).default(10),
      /** Not before this time. */
      notBefore: ClockTime.optional(),
    })
    .optional(),
});
export type AgendaInput = z.input<typeof AgendaInput>;

export type AgendaItemKind = 'opening' | 'pitch' | 'break' | 'lunch' | 'meeting';

export interface AgendaItem {
  kind: AgendaItemKind;
  /** ISO 8601 in Beijing time, `2025-04-18T09:00:00+08:00`. */
  start: string;
  end: string;
  /** `09:00`, for display. */
  startTime: string;
  endTime: string;
  minutes: number;
  /** Chinese; `titleEn` is the English gloss. */
  title: string;
  titleEn: string;
  /** Pitches: the patent, its owners, and who presents. */
  patentId?: string;
  ownerOrganizationIds?: string[];
  presenterOrganizationId?: string;
  presenterName?: string;
  /** 1-based pitch order, or 0-based meeting slot (as `Meeting.slot`). */
  pitch?: number;
  slot?: number;
}

export interface Agenda {
  date: string;
  timeZone: typeof TIME_ZONE;
  start: string;
  end: string;
  items: AgendaItem[];
  /** The pitches as the domain's `Roadshow.agenda`. */
  pitchSlots: PitchSlot[];
  /** Meeting slot s runs from `meetingSlots[s].start` to `.end`. */
  meetingSlots: Array<{ slot: number; start: string; end: string; startTime: string; endTime: string }>;
}

const DAY = 24 * 60;

/**
 * Lays out a roadshow day: opening remarks, the pitches (each presented by its owning
 * organisation) with a break after every n pitches, lunch in its fixed window, then the
 * one-to-one meeting block of S slots. Nothing crosses the lunch window; all times are Beijing time.
 *
 * @example
 * const agenda = buildAgenda({ date: '2025-04-18', start: '09:00', pitches: lineUp.choices, pitchMinutes: 15, breakEvery: 4,
 *   meetings: { slots: 6, minutes: 20 } });
 * agenda.items.map((i) => `${i.startTime} ${i.title}`) // ['09:00 开幕致辞', '09:10 一种滚筒杀青机', …]
 */
export function buildAgenda(input: AgendaInput): Agenda {
  const options = AgendaInput.parse(input);
  const { date } = options;
  const names = new Map(options.organizations.map((o) => [o.id, o.name]));
  const items: AgendaItem[] = [];
  const lunchStart = options.lunch ? minutesOfDay(options.lunch.start) : undefined;
  const lunchEnd = options.lunch ? minutesOfDay(options.lunch.start) + options.lunch.minutes : undefined;
  let lunchTaken = options.lunch === null;
  let t = minutesOfDay(options.start);

  const push = (kind: AgendaItemKind, from: number, minutes: number, title: string, titleEn: string, extra: Partial<AgendaItem> = {}) => {
    if (from + minutes > DAY) throw new RangeError(`the agenda runs past midnight of ${date}; start earlier or shorten it`);
    items.push({ kind, start: beijingTimestamp(date, from), end: beijingTimestamp(date, from + minutes), startTime: clockTime(from), endTime: clockTime(from + minutes), minutes, title, titleEn, ...extra });
  };
  /** Where an item of `minutes` starting at or after `from` can go, taking lunch first if it is in the way. */
  const place = (from: number, minutes: number): number => {
    if (!lunchTaken && lunchStart !== undefined && lunchEnd !== undefined && from < lunchEnd && from + minutes > lunchStart) {
      push('lunch', lunchStart, lunchEnd - lunchStart, '午餐', 'Lunch');
      lunchTaken = true;
      return Math.max(from, lunchEnd);
    }
    if (!lunchTaken && lunchEnd !== undefined && from >= lunchEnd) lunchTaken = true;
    return from;
  };

  if (options.openingMinutes > 0) {
    t = place(t, options.openingMinutes);
    push('opening', t, options.openingMinutes, '开幕致辞', 'Opening remarks');
    t += options.openingMinutes;
  }
  const pitchSlots: PitchSlot[] = [];
  options.pitches.forEach((pitch, i) => {
    if (i > 0) t += options.changeoverMinutes;
    const minutes = pitch.minutes ?? options.pitchMinutes;
    t = place(t, minutes);
    const presenter = pitch.presenterOrganizationId ?? pitch.ownerOrganizationIds[0]!;
    const presenterName = names.get(presenter) ?? presenter;
    push('pitch', t, minutes, pitch.title, `Pitch ${i + 1}`, { patentId: pitch.patentId, ownerOrganizationIds: pitch.ownerOrganizationIds, presenterOrganizationId: presenter, presenterName, pitch: i + 1 });
    pitchSlots.push({ patentId: pitch.patentId, presenterOrganizationId: presenter, start: beijingTimestamp(date, t), minutes });
    t += minutes;
    const next = options.pitches[i + 1];
    if (next && options.breakEvery > 0 && (i + 1) % options.breakEvery === 0) {
      const nextMinutes = next.minutes ?? options.pitchMinutes;
      const lunchFollows = !lunchTaken && lunchStart !== undefined && t + options.breakMinutes + options.changeoverMinutes + nextMinutes > lunchStart;
      if (!lunchFollows) {
        push('break', t, options.breakMinutes, '茶歇', 'Break');
        t += options.breakMinutes;
      }
    }
  });

  const meetingSlots: Agenda['meetingSlots'] = [];
  if (options.meetings) {
    const m = options.meetings;
    t += m.transitionMinutes;
    if (m.notBefore !== undefined) t = Math.max(t, minutesOfDay(m.notBefore));
    for (let slot = 0; slot < m.slots; slot++) {
      if (slot > 0) t += m.gapMinutes;
      t = place(t, m.minutes);
      push('meeting', t, m.minutes, `一对一洽谈 第 ${slot + 1} 轮`, `One-to-one meetings, round ${slot + 1}`, { slot });
      meetingSlots.push({ slot, start: beijingTimestamp(date, t), end: beijingTimestamp(date, t + m.minutes), startTime: clockTime(t), endTime: clockTime(t + m.minutes) });
      t += m.minutes;
    }
  }
  return { date, timeZone: TIME_ZONE, start: items[0]!.start, end: items[items.length - 1]!.end, items, pitchSlots, meetingSlots };
}
