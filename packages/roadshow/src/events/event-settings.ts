import { z } from 'zod';
import { ClockTime } from '../planning/clock.ts';

/** How a broker sets up one event: the day, the line-up rules, the pitches and the meeting block. */
export const EventSettings = z.strictObject({
  date: z.iso.date(),
  start: ClockTime.default('09:00'),
  location: z.string().trim().min(1).max(200).optional(),
  organizer: z.string().trim().min(1).max(200).optional(),
  /** K: patents pitched. */
  size: z.number().int().min(1).max(40).default(8),
  /** At most this many patents of one owner. */
  maxPerOwner: z.number().int().min(1).max(40).default(2),
  /** A patent pitched within this many months is not pitched again. */
  noRepitchMonths: z.number().int().min(0).max(36).default(6),
  pitchMinutes: z.number().int().min(5).max(120).default(15),
  breakEvery: z.number().int().min(0).max(40).default(4),
  /** At most this many SMEs invited (best first). */
  invitationLimit: z.number().int().min(1).max(1000).default(200),
  /** The one-to-one block after the pitches: S slots × T tables, each SME at most `smeCap` meetings. */
  meetings: z
    .strictObject({
      slots: z.number().int().min(1).max(48).default(8),
      minutes: z.number().int().min(5).max(120).default(20),
      tables: z.number().int().min(1).max(200).default(6),
      smeCap: z.number().int().min(1).max(48).default(3),
    })
    .default({ slots: 8, minutes: 20, tables: 6, smeCap: 3 }),
});
export type EventSettings = z.infer<typeof EventSettings>;
export type EventSettingsInput = z.input<typeof EventSettings>;
