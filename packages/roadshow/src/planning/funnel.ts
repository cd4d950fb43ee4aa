import { z } from 'zod';
import { defaultChainCatalogue, MeetingPreference } from '@patent-bridge/domain';
import { PlanningDemand, PlanningMatch } from './eligibility.ts';
import { Month, monthLabel } from './month.ts';
import { textBar, textTable } from './text-table.ts';

const ByRoadshow = { roadshowId: z.string().min(1), enterpriseId: z.string().min(1) };

export const FunnelInput = z.strictObject({
  roadshows: z.array(z.object({ id: z.string().min(1), chainId: z.string().min(1), month: Month, lineUp: z.array(z.string()).default([]) })),
  /** Demands, to know each match's enterprise and chains (closed ones too: a contract closes a demand). */
  demands: z.array(PlanningDemand).default([]),
  /** A match counts for a roadshow when its patent is in the line-up and its demand is of the chain. */
  matches: z.array(PlanningMatch).default([]),
  invitations: z.array(z.object(ByRoadshow)).default([]),
  /** Meeting requests; a `no` preference is not a request. */
  meetingRequests: z.array(z.object({ ...ByRoadshow, ownerOrganizationId: z.string(), preference: MeetingPreference })).default([]),
  /** Scheduled or held meetings; cancelled ones do not count. */
  meetings: z.array(z.object({ ...ByRoadshow, ownerOrganizationId: z.string(), status: z.enum(['scheduled', 'cancelled', 'held']) })).default([]),
  contracts: z.array(z.object({ ...ByRoadshow, valueCny: z.number().nonnegative(), patentIds: z.array(z.string()).default([]) })).default([]),
  /** Matches below this score are not counted. */
  minMatchScore: z.number().min(0).max(1).default(0.3),
  chains: z.array(z.object({ id: z.string(), name: z.string() })).optional(),
});
export type FunnelInput = z.input<typeof FunnelInput>;

export const FUNNEL_STAGES = ['matches', 'invitations', 'meeting_requests', 'meetings', 'contracts'] as const;
export type FunnelStageName = (typeof FUNNEL_STAGES)[number];

const STAGE_LABELS: Record<FunnelStageName, string> = {
  matches: '匹配 matches',
  invitations: '邀请 invitations',
  meeting_requests: '洽谈申请 requests',
  meetings: '洽谈 meetings',
  contracts: '签约 contracts',
};

export interface FunnelStage {
  stage: FunnelStageName;
  /** Records at this stage: demand–patent matches, invitations, requests, meetings, contracts. */
  count: number;
  /** Distinct SMEs at this stage: the funnel's common unit. */
  enterprises: number;
  /** enterprises ÷ the previous stage's enterprises; null for the first stage or after an empty one. */
  conversion: number | null;
}

export interface FunnelRow {
  chainId: string;
  chainName: string;
  /** The month, or null for a chain's total over all its months. */
  month: string | null;
  roadshowIds: string[];
  stages: FunnelStage[];
  contractValueCny: number;
}

export interface Funnel {
  /** One row per chain and month, by chain then month. */
  rows: FunnelRow[];
  /** One row per chain, over all its months. */
  byChain: FunnelRow[];
  total: FunnelRow;
  /** Records naming a roadshow not in `roadshows`, by stage: left out of every row. */
  unattributed: Record<Exclude<FunnelStageName, 'matches'>, number>;
}

type Bucket = Record<FunnelStageName, { count: number; enterprises: Set<string> }> & { value: number; roadshowIds: Set<string> };

function emptyBucket(): Bucket {
  const bucket = { value: 0, roadshowIds: new Set<string>() } as Bucket;
  for (const stage of FUNNEL_STAGES) bucket[stage] = { count: 0, enterprises: new Set() };
  return bucket;
}

/**
 * The conversion funnel of "one chain per month" roadshows, per chain and month, per chain, and
 * overall: matches → invitations → meeting requests → meetings → contracts (with contract value),
 * counted both as records and as distinct SMEs, from plain arrays.
 *
 * @example
 * const funnel = roadshowFunnel({ roadshows, demands, matches, invitations, meetingRequests, meetings, contracts });
 * funnel.total.stages.map((s) => s.enterprises) // [42, 30, 17, 15, 3]
 */
export function roadshowFunnel(input: FunnelInput): Funnel {
  const options = FunnelInput.parse(input);
  const names = new Map((options.chains ?? defaultChainCatalogue().chains).map((c) => [c.id, c.name]));
  const roadshows = new Map(options.roadshows.map((r) => [r.id, r]));
  const rows = new Map<string, Bucket>();
  const chains = new Map<string, Bucket>();
  const total = emptyBucket();
  const unattributed = { invitations: 0, meeting_requests: 0, meetings: 0, contracts: 0 };

  const add = (roadshowId: string, stage: FunnelStageName, enterpriseId: string, value = 0): boolean => {
    const roadshow = roadshows.get(roadshowId);
    if (!roadshow) return false;
    const key = `${roadshow.chainId}\u0000${roadshow.month}`;
    if (!rows.has(key)) rows.set(key, emptyBucket());
    if (!chains.has(roadshow.chainId)) chains.set(roadshow.chainId, emptyBucket());
    for (const bucket of [rows.get(key)!, chains.get(roadshow.chainId)!, total]) {
      bucket[stage].count++;
      bucket[stage].enterprises.add(enterpriseId);
      bucket.value += value;
      bucket.roadshowIds.add(roadshowId);
    }
    return true;
  };

  // Every roadshow gets a row, even one nothing has happened at yet.
  for (const r of options.roadshows) {
    const key = `${r.chainId}\u0000${r.month}`;
    if (!rows.has(key)) rows.set(key, emptyBucket());
    if (!chains.has(r.chainId)) chains.set(r.chainId, emptyBucket());
    rows.get(key)!.roadshowIds.add(r.id);
    chains.get(r.chainId)!.roadshowIds.add(r.id);
    total.roadshowIds.add(r.id);
  }

  const demands = new Map(options.demands.map((d) => [d.id, d]));
  const byPatent = new Map<string, PlanningMatch[]>();
  for (const m of options.matches) if (m.score >= options.minMatchScore) byPatent.set(m.patentId, [...(byPatent.get(m.patentId) ?? []), m]);
  for (const r of options.roadshows) {
    for (const patentId of new Set(r.lineUp)) {
      for (const m of byPatent.get(patentId) ?? []) {
        const demand = demands.get(m.demandId);
        if (demand && (demand.chains.length === 0 || demand.chains.includes(r.chainId))) add(r.id, 'matches', demand.enterpriseId);
      }
    }
  }
  for (const i of options.invitations) if (!add(i.roadshowId, 'invitations', i.enterpriseId)) unattributed.invitations++;
  for (const q of options.meetingRequests) if (q.preference !== 'no' && !add(q.roadshowId, 'meeting_requests', q.enterpriseId)) unattributed.meeting_requests++;
  for (const m of options.meetings) if (m.status !== 'cancelled' && !add(m.roadshowId, 'meetings', m.enterpriseId)) unattributed.meetings++;
  for (const c of options.contracts) if (!add(c.roadshowId, 'contracts', c.enterpriseId, c.valueCny)) unattributed.contracts++;

  const toRow = (chainId: string, month: string | null, bucket: Bucket): FunnelRow => {
    let previous: number | undefined;
    const stages = FUNNEL_STAGES.map((stage) => {
      const enterprises = bucket[stage].enterprises.size;
      const conversion = previous === undefined || previous === 0 ? null : enterprises / previous;
      previous = enterprises;
      return { stage, count: bucket[stage].count, enterprises, conversion };
    });
    return { chainId, chainName: chainId === '*' ? '合计' : (names.get(chainId) ?? chainId), month, roadshowIds: [...bucket.roadshowIds].sort(), stages, contractValueCny: bucket.value };
  };
  const sortedRows = [...rows]
    .map(([key, bucket]) => {
      const [chainId, month] = key.split('\u0000') as [string, string];
      return toRow(chainId, month, bucket);
    })
    .sort((a, b) => (a.chainId === b.chainId ? (a.month! < b.month! ? -1 : 1) : a.chainId < b.chainId ? -1 : 1));
  const byChain = [...chains].map(([chainId, bucket]) => toRow(chainId, null, bucket)).sort((a, b) => (a.chainId < b.chainId ? -1 : 1));
  return { rows: sortedRows, byChain, total: toRow('*', null, total), unattributed };
}

/**
 * The funnel as text: a table per chain and month (SMEs at each stage, contract value), then each
 * chain's funnel and the total as bars, with the conversion from one stage to the next.
 *
 * @example
 * console.log(renderFunnel(roadshowFunnel(input)))
 * // 产业链    月份       匹配  邀请  申请  洽谈  签约  合同额(万元)
 * // 生物医药  2025年3月   18    15    9     8     2         35.0
 */
export function renderFunnel(funnel: Funnel): string {
  const wan = (cny: number) => (cny / 10_000).toFixed(1);
  const table = textTable(
    ['产业链 chain', '月份 month', '匹配', '邀请', '申请', '洽谈', '签约', '合同额(万元)'],
    funnel.rows.map((r) => [r.chainName, r.month === null ? '' : monthLabel(r.month), ...r.stages.map((s) => String(s.enterprises)), wan(r.contractValueCny)]),
    ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
  const bars = (row: FunnelRow) => {
    const top = row.stages[0]!.enterprises;
    const body = textTable(
      ['阶段 stage', '记录', '企业', '转化', ''],
      row.stages.map((s) => [STAGE_LABELS[s.stage], String(s.count), String(s.enterprises), s.conversion === null ? '' : `${Math.round(s.conversion * 100)}%`, textBar(s.enterprises, top)]),
      ['left', 'right', 'right', 'right', 'left'],
    );
    return `${row.chainName}（${row.roadshowIds.length} 场路演，合同额 ${wan(row.contractValueCny)} 万元）\n${body}`;
  };
  const parts = ['“一月一链”路演转化漏斗 Roadshow funnel (SMEs per stage)', '', table, '', ...funnel.byChain.flatMap((r) => [bars(r), '']), bars(funnel.total)];
  const lost = Object.values(funnel.unattributed).reduce((a, b) => a + b, 0);
  if (lost > 0) parts.push('', `另有 ${lost} 条记录的路演不在统计范围内 (${lost} records name an unknown roadshow)`);
  return parts.join('\n');
}
