import { z } from 'zod';
import { PlanningDemand, PlanningMatch } from './eligibility.ts';
import { Month, monthLabel } from './month.ts';
import { ClockTime } from './clock.ts';

const Named = z.object({ id: z.string().min(1), name: z.string().min(1) });

export const InvitationInput = z.strictObject({
  /** The chain of the event: only demands naming it (or naming no chain) count. */
  chainId: z.string().min(1),
  /** The line-up, in pitch order (a `LineUpChoice` fits). */
  lineUp: z.array(z.object({ patentId: z.string().min(1), title: z.string().min(1), ownerOrganizationIds: z.array(z.string()).default([]) })).min(1),
  demands: z.array(PlanningDemand),
  matches: z.array(PlanningMatch),
  enterprises: z.array(Named).default([]),
  /** Patent owners, for naming them in the letter. */
  organizations: z.array(Named).default([]),
  event: z.strictObject({
    month: Month,
    chainName: z.string().min(1),
    date: z.iso.date().optional(),
    start: ClockTime.optional(),
    location: z.string().min(1).optional(),
    /** Who invites: the organising body, as the letter names it. */
    organizer: z.string().min(1).default('主办方'),
  }),
  /** Matches below this score are not mentioned. */
  minMatchScore: z.number().min(0).max(1).default(0.3),
  /** At most this many invitations (best first). */
  limit: z.number().int().positive().optional(),
  /** At most this many patents named per letter. */
  patentsPerLetter: z.number().int().positive().default(5),
});
export type InvitationInput = z.input<typeof InvitationInput>;

export interface InvitedPatent {
  patentId: string;
  title: string;
  ownerNames: string[];
  /** The enterprise's demand this patent answers best, and how well. */
  demandId: string;
  demandTitle: string;
  score: number;
}

export interface Invitation {
  rank: number;
  enterpriseId: string;
  enterpriseName: string;
  /** Σ over the line-up of the enterprise's best match to each patent: how much of the event speaks to it. */
  strength: number;
  /** Its single best match. */
  best: number;
  matchedPatents: InvitedPatent[];
  /** The invitation letter, in Chinese. */
  text: string;
}

/**
 * Ranks the SMEs to invite to a roadshow by how strongly their open demands match the line-up
 * (the sum over pitched patents of each one's best match, then the single best match), and writes
 * each one a Chinese invitation naming the patents that answer its demands.
 *
 * @example
 * const invitations = rankInvitations({ chainId: 'modern-agriculture-food', lineUp: lineUp.choices, demands, matches, enterprises,
 *   event: { month: '2025-04', chainName: '现代农业与食品', date: '2025-04-18', start: '09:00', location: '路演基地报告厅', organizer: '济南市市场监管局' } });
 * invitations[0].text // '尊敬的济南南山云雾茶厂：\n济南市市场监管局定于2025年4月18日（星期五） 09:00在路演基地报告厅举办…'
 */
export function rankInvitations(input: InvitationInput): Invitation[] {
  const options = InvitationInput.parse(input);
  const enterpriseName = new Map(options.enterprises.map((e) => [e.id, e.name]));
  const ownerName = new Map(options.organizations.map((o) => [o.id, o.name]));
  const lineUp = new Map(options.lineUp.map((p) => [p.patentId, p]));
  const demands = new Map(options.demands.filter((d) => d.status === 'open' && (d.chains.length === 0 || d.chains.includes(options.chainId))).map((d) => [d.id, d]));

  // enterprise → patent → its best demand for that patent
  const byEnterprise = new Map<string, Map<string, { demandId: string; demandTitle: string; score: number }>>();
  for (const m of options.matches) {
    if (m.score < options.minMatchScore || !lineUp.has(m.patentId)) continue;
    const demand = demands.get(m.demandId);
    if (!demand) continue;
    const row = byEnterprise.get(demand.enterpriseId) ?? new Map();
    byEnterprise.set(demand.enterpriseId, row);
    const current = row.get(m.patentId);
    if (!current || m.score > current.score || (m.score === current.score && demand.id < current.demandId))
      row.set(m.patentId, { demandId: demand.id, demandTitle: demand.title, score: m.score });
  }

  const ranked = [...byEnterprise].map(([enterpriseId, row]) => {
    const matched = [...row]
      .map(([patentId, d]) => ({ patentId, title: lineUp.get(patentId)!.title, ownerNames: lineUp.get(patentId)!.ownerOrganizationIds.map((id) => ownerName.get(id) ?? id), ...d }))
      .sort((a, b) => b.score - a.score || (a.patentId < b.patentId ? -1 : 1));
    return {
      enterpriseId,
      enterpriseName: enterpriseName.get(enterpriseId) ?? enterpriseId,
      strength: matched.reduce((s, p) => s + p.score, 0),
      best: matched[0]!.score,
      matchedPatents: matched,
    };
  });
  ranked.sort((a, b) => b.strength - a.strength || b.best - a.best || (a.enterpriseId < b.enterpriseId ? -1 : 1));
  return ranked.slice(0, options.limit ?? ranked.length).map((r, i) => ({
    rank: i + 1,
    ...r,
    strength: Math.round(r.strength * 1000) / 1000,
    text: invitationText(r.enterpriseName, r.matchedPatents.slice(0, options.patentsPerLetter), r.matchedPatents.length, options.event),
  }));
}

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

/**
 * A date as a Chinese letter writes it, with the weekday.
 *
 * @example
 * chineseDate('2025-04-18') // '2025年4月18日（星期五）'
 */
export function chineseDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const weekday = new Date(Date.UTC(y!, m! - 1, d!)).getUTCDay();
  return `${y}年${m}月${d}日（${WEEKDAYS[weekday]}）`;
}

function invitationText(
  name: string,
  patents: readonly InvitedPatent[],
  total: number,
  event: z.infer<typeof InvitationInput>['event'],
): string {
  const when = event.date ? `定于${chineseDate(event.date)}${event.start ? ` ${event.start}` : ''}` : `拟于${monthLabel(event.month)}`;
  const where = event.location ? `在${event.location}` : '';
  const lines = [
    `尊敬的${name}：`,
    `${event.organizer}${when}${where}举办${monthLabel(event.month)}“一月一链”专利转化路演（${event.chainName}产业链）。根据贵单位发布的技术需求，以下路演专利与贵单位需求较为契合：`,
    ...patents.map((p, i) => `${i + 1}. “${p.title}”${p.ownerNames.length > 0 ? `（${p.ownerNames.join('、')}）` : ''}，对应需求“${p.demandTitle || p.demandId}”，匹配度 ${p.score.toFixed(2)}`),
  ];
  if (total > patents.length) lines.push(`另有 ${total - patents.length} 项路演专利与贵单位需求相关，详见路演议程。`);
  lines.push('诚邀贵单位派员参加。路演结束后设有一对一洽谈环节，可向专利权人预约面谈。');
  return lines.join('\n');
}
