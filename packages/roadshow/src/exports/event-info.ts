import { monthLabel } from '../planning/month.ts';

/** What every export says about the event itself. */
export interface RoadshowInfo {
  id: string;
  /** e.g. `2025年4月“一月一链”专利转化路演 · 现代农业与食品`; see `roadshowTitle`. */
  title: string;
  location?: string;
  organizer?: string;
}

/** A meeting as the meeting scheduler produces it (a domain `Meeting` fits). */
export interface ExportMeeting {
  id?: string;
  enterpriseId: string;
  ownerOrganizationId: string;
  /** 0-based meeting slot, as in `Agenda.meetingSlots`. */
  slot: number;
  /** 0-based table number; shown 1-based. */
  table: number;
  status?: 'scheduled' | 'cancelled' | 'held';
}

/** Names of enterprises and organisations by id; an id without a name is shown as itself. */
export type NameBook = ReadonlyArray<{ id: string; name: string }> | ReadonlyMap<string, string>;

/**
 * The usual title of a month's roadshow.
 *
 * @example
 * roadshowTitle('2025-04', '现代农业与食品') // '2025年4月“一月一链”专利转化路演 · 现代农业与食品'
 */
export function roadshowTitle(month: string, chainName: string): string {
  return `${monthLabel(month)}“一月一链”专利转化路演 · ${chainName}`;
}

/**
 * A lookup from a name book.
 *
 * @example
 * nameLookup([{ id: 'org-sdu', name: '山东大学' }])('org-sdu') // '山东大学'
 */
export function nameLookup(book: NameBook | undefined): (id: string) => string {
  const map = book === undefined ? new Map<string, string>() : book instanceof Map ? book : new Map((book as ReadonlyArray<{ id: string; name: string }>).map((n) => [n.id, n.name]));
  return (id) => map.get(id) ?? id;
}

/**
 * The agenda's time range for a meeting slot, or an error naming the slot when the agenda has no such slot.
 *
 * @example
 * meetingSlotOf(agenda, 0) // { slot: 0, start: '2025-04-18T14:00:00+08:00', … }
 */
export function meetingSlotOf<T extends { slot: number }>(slots: readonly T[], slot: number): T {
  const found = slots.find((s) => s.slot === slot);
  if (!found) throw new RangeError(`meeting slot ${slot} is not in the agenda (it has ${slots.length} slots)`);
  return found;
}
