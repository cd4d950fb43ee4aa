import { z } from 'zod';

/** Roadshows are held in Jinan: every time is Beijing time (Asia/Shanghai, UTC+8 all year). */
export const TIME_ZONE = 'Asia/Shanghai';
const OFFSET = '+08:00';

/** A wall-clock time, `09:30`. */
export const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time is written HH:mm');
export type ClockTime = z.infer<typeof ClockTime>;

/**
 * Minutes since midnight.
 *
 * @example
 * minutesOfDay('09:30') // 570
 */
export function minutesOfDay(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return h! * 60 + m!;
}

/**
 * The wall-clock time of a minute of the day.
 *
 * @example
 * clockTime(570) // '09:30'
 */
export function clockTime(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * An ISO 8601 timestamp in Beijing time for a date and a minute of that day.
 *
 * @example
 * beijingTimestamp('2025-04-18', 570) // '2025-04-18T09:30:00+08:00'
 */
export function beijingTimestamp(date: string, minutes: number): string {
  return `${date}T${clockTime(minutes)}:00${OFFSET}`;
}

/**
 * The Beijing wall-clock parts of any ISO 8601 timestamp.
 *
 * @example
 * beijingWallClock('2025-04-18T01:30:00Z') // { date: '2025-04-18', time: '09:30', seconds: 0 }
 */
export function beijingWallClock(timestamp: string): { date: string; time: string; seconds: number } {
  const ms = Date.parse(timestamp);
  if (Number.isNaN(ms)) throw new RangeError(`not a timestamp: ${timestamp}`);
  const local = new Date(ms + 8 * 3600_000);
  const iso = local.toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16), seconds: local.getUTCSeconds() };
}
