import type { Kysely, Selectable } from 'kysely';
import type { Database, RoadshowTable } from '@patent-bridge/db';
import type { ChainCatalogue, RoadshowState } from '@patent-bridge/domain';
import { roadshowTitle } from '../exports/event-info.ts';
import type { Agenda } from '../planning/agenda.ts';
import type { LineUpChoice, LineUpExclusion } from '../planning/line-up.ts';
import { RoadshowError } from './roadshow-error.ts';
import type { EventSettings } from './event-settings.ts';
import type { ScheduleSummary } from './meeting-grid.ts';

/** A roadshow as listed: what, when, how far along. */
export interface RoadshowSummary {
  id: string;
  chainId: string;
  chainName: string;
  month: string;
  state: RoadshowState;
  title: string;
  reason: string;
  lineUpSize: number;
  invitations: number;
  meetings: number;
  publishedAt: string | null;
  updatedAt: string;
}

/** A roadshow in full, as its broker sees it. */
export interface RoadshowRecord extends RoadshowSummary {
  settings: EventSettings | null;
  lineUp: LineUpChoice[];
  excluded: LineUpExclusion[];
  agenda: Agenda | null;
  schedule: ScheduleSummary | null;
  revision: number;
  createdAt: string;
  heldAt: string | null;
  closedAt: string | null;
}

/**
 * A roadshow's id: its month and chain, readable in URLs and calendars.
 *
 * @example
 * roadshowId('2026-04', 'biomedicine') // 'rs-2026-04-biomedicine'
 */
export function roadshowId(month: string, chainId: string): string {
  return `rs-${month}-${chainId}`;
}

/**
 * The chain's display name, or its id when the catalogue does not know it.
 *
 * @example
 * chainName(defaultChainCatalogue(), 'biomedicine') // '生物医药'
 */
export function chainName(catalogue: ChainCatalogue, chainId: string): string {
  return catalogue.chains.find((c) => c.id === chainId)?.name ?? chainId;
}

function toRecord(row: Selectable<RoadshowTable>, catalogue: ChainCatalogue, counts: { invitations: number; meetings: number }): RoadshowRecord {
  const name = chainName(catalogue, row.chain_id);
  return {
    id: row.id,
    chainId: row.chain_id,
    chainName: name,
    month: row.month,
    state: row.state,
    title: roadshowTitle(row.month, name),
    reason: row.reason,
    lineUpSize: row.line_up.length,
    invitations: counts.invitations,
    meetings: counts.meetings,
    publishedAt: row.published_at,
    updatedAt: row.updated_at,
    settings: (row.settings as EventSettings | null) ?? null,
    lineUp: row.line_up as unknown as LineUpChoice[],
    excluded: row.excluded as unknown as LineUpExclusion[],
    agenda: (row.agenda as unknown as Agenda | null) ?? null,
    schedule: (row.schedule as unknown as ScheduleSummary | null) ?? null,
    revision: row.revision,
    createdAt: row.created_at,
    heldAt: row.held_at,
    closedAt: row.closed_at,
  };
}

/** Only the summary fields of a record. */
export function summaryOf(record: RoadshowRecord): RoadshowSummary {
  const { id, chainId, chainName, month, state, title, reason, lineUpSize, invitations, meetings, publishedAt, updatedAt } = record;
  return { id, chainId, chainName, month, state, title, reason, lineUpSize, invitations, meetings, publishedAt, updatedAt };
}

async function countsOf(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, { invitations: number; meetings: number }>> {
  const counts = new Map(ids.map((id) => [id, { invitations: 0, meetings: 0 }]));
  if (ids.length === 0) return counts;
  const invitations = await db.selectFrom('roadshow_invitations').select(['roadshow_id', (eb) => eb.fn.countAll<string>().as('n')]).where('roadshow_id', 'in', ids).groupBy('roadshow_id').execute();
  for (const r of invitations) counts.get(r.roadshow_id)!.invitations = Number(r.n);
  const meetings = await db
    .selectFrom('meetings')
    .select(['roadshow_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('roadshow_id', 'in', ids)
    .where('status', '!=', 'cancelled')
    .groupBy('roadshow_id')
    .execute();
  for (const r of meetings) counts.get(r.roadshow_id)!.meetings = Number(r.n);
  return counts;
}

/**
 * One roadshow, or `undefined`.
 *
 * @example
 * const roadshow = await findRoadshow(db, catalogue, 'rs-2026-04-biomedicine');
 * roadshow?.state // 'draft'
 */
export async function findRoadshow(db: Kysely<Database>, catalogue: ChainCatalogue, id: string): Promise<RoadshowRecord | undefined> {
  const row = await db.selectFrom('roadshows').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  return toRecord(row, catalogue, (await countsOf(db, [id])).get(id)!);
}

/**
 * One roadshow; throws `roadshow_not_found` when there is none.
 *
 * @example
 * const roadshow = await getRoadshow(db, catalogue, 'rs-2026-04-biomedicine');
 */
export async function getRoadshow(db: Kysely<Database>, catalogue: ChainCatalogue, id: string): Promise<RoadshowRecord> {
  const roadshow = await findRoadshow(db, catalogue, id);
  if (!roadshow) throw new RoadshowError('roadshow_not_found', `no roadshow "${id}"; GET /v1/roadshows lists them`);
  return roadshow;
}

export interface RoadshowFilter {
  year?: number;
  state?: RoadshowState;
  chainId?: string;
  /** Only these ids (e.g. the roadshows a viewer may see). */
  ids?: readonly string[];
}

/**
 * Roadshows by month.
 *
 * @example
 * (await listRoadshows(db, catalogue, { year: 2026 })).map((r) => r.month) // ['2026-03', '2026-04', …]
 */
export async function listRoadshows(db: Kysely<Database>, catalogue: ChainCatalogue, filter: RoadshowFilter = {}): Promise<RoadshowRecord[]> {
  if (filter.ids && filter.ids.length === 0) return [];
  let query = db.selectFrom('roadshows').selectAll().orderBy('month');
  if (filter.year !== undefined) query = query.where('month', 'like', `${filter.year}-%`);
  if (filter.state) query = query.where('state', '=', filter.state);
  if (filter.chainId) query = query.where('chain_id', '=', filter.chainId);
  if (filter.ids) query = query.where('id', 'in', filter.ids);
  const rows = await query.execute();
  const counts = await countsOf(db, rows.map((r) => r.id));
  return rows.map((r) => toRecord(r, catalogue, counts.get(r.id)!));
}
