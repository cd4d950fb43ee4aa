import { z } from 'zod';

/** A calendar month, `2025-03`, as in `Roadshow.month`. */
export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month is written YYYY-MM');
export type Month = z.infer<typeof Month>;

/**
 * Months since year 0: differences of two indexes count months.
 *
 * @example
 * monthIndex('2025-03') - monthIndex('2024-12') // 3
 */
export function monthIndex(month: string): number {
  const [year, mm] = month.split('-').map(Number);
  return year! * 12 + (mm! - 1);
}

/**
 * The month with this index (the inverse of `monthIndex`).
 *
 * @example
 * monthAt(monthIndex('2025-12') + 1) // '2026-01'
 */
export function monthAt(index: number): string {
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/**
 * The twelve months of a year.
 *
 * @example
 * monthsOfYear(2025)[0] // '2025-01'
 */
export function monthsOfYear(year: number): string[] {
  return Array.from({ length: 12 }, (_, i) => monthAt(year * 12 + i));
}

/**
 * A month as Chinese readers write it.
 *
 * @example
 * monthLabel('2025-03') // '2025年3月'
 */
export function monthLabel(month: string): string {
  const [year, mm] = month.split('-');
  return `${year}年${Number(mm)}月`;
}

/**
 * A short month name for an English gloss.
 *
 * @example
 * monthLabelEn('2025-03') // 'Mar 2025'
 */
export function monthLabelEn(month: string): string {
  const [year, mm] = month.split('-');
  return `${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][Number(mm) - 1]} ${year}`;
}
