import { z } from 'zod';
import { RoadshowState } from '@patent-bridge/domain';
import type { Role } from '@patent-bridge/access';
import { AvailabilityInput, CancellationRequest, ContractInput, EventSettings, MeetingMove, MeetingOutcome, ScheduleRequest, YearPlanRequest } from '@patent-bridge/roadshow';
import { ExportQuery, FormatQuery, FunnelQuery, RequestsBody, RoadshowListQuery } from '../routes/roadshows.ts';
import { TaskAccepted } from './answers.ts';
import { describeRoute, type RouteDescription } from './route-description.ts';

const EVERY_ROLE: readonly Role[] = ['admin', 'university', 'enterprise', 'broker', 'partner'];
const BROKERS: readonly Role[] = ['admin', 'broker'];
const ROADSHOW_ID = 'The roadshow id: `rs-<month>-<chain>`, e.g. `rs-2026-04-biomedicine`';

const RoadshowSummary = z.object({
  id: z.string(),
  chainId: z.string(),
  chainName: z.string(),
  month: z.string(),
  state: RoadshowState,
  title: z.string(),
  reason: z.string().describe("Why the year plan chose this chain for this month"),
  lineUpSize: z.number().int(),
  invitations: z.number().int(),
  meetings: z.number().int(),
  publishedAt: z.string().nullable(),
  updatedAt: z.string(),
});
const Owner = z.object({ id: z.string(), name: z.string(), patentIds: z.array(z.string()), availability: z.array(z.object({ from: z.number(), to: z.number() })).nullable() });
const Roadshow = RoadshowSummary.extend({
  settings: EventSettings.nullable(),
  lineUp: z.array(z.looseObject({ rank: z.number(), patentId: z.string(), title: z.string(), relevance: z.number(), reason: z.string() })),
  excluded: z.array(z.looseObject({ patentId: z.string(), why: z.string(), reason: z.string() })).describe('Brokers only'),
  agenda: z.looseObject({ date: z.string(), items: z.array(z.looseObject({ kind: z.string(), startTime: z.string(), endTime: z.string(), title: z.string() })) }).nullable(),
  schedule: z.looseObject({ solver: z.string(), objective: z.number(), gap: z.number().nullable() }).nullable(),
  owners: z.array(Owner),
  invitations: z.array(z.looseObject({ rank: z.number(), enterpriseId: z.string(), enterpriseName: z.string(), strength: z.number(), text: z.string() })).describe('All for brokers, its own for an enterprise, none otherwise'),
});
const YearPlanAnswer = z.object({
  year: z.number().int(),
  plan: z.looseObject({ months: z.array(z.looseObject({ month: z.string(), kind: z.enum(['event', 'no_event']), reason: z.string() })), leftOut: z.array(z.looseObject({ chainId: z.string(), reason: z.string() })) }),
  roadshows: z.array(RoadshowSummary),
  createdAt: z.string(),
});
const Request = z.object({ enterpriseId: z.string(), enterpriseName: z.string(), ownerOrganizationId: z.string(), ownerName: z.string(), preference: z.enum(['must_meet', 'meet', 'no']), updatedAt: z.string(), cancelledAt: z.string().nullable() });
const Grid = z.object({
  roadshowId: z.string(),
  slots: z.array(z.object({ slot: z.number(), startTime: z.string(), endTime: z.string() })),
  tables: z.number().int(),
  meetings: z.array(z.looseObject({ id: z.string(), enterpriseId: z.string(), ownerOrganizationId: z.string(), slot: z.number(), table: z.number(), status: z.enum(['scheduled', 'cancelled', 'held']) })),
  conflicts: z.array(z.object({ kind: z.string(), message: z.string(), meetingIds: z.array(z.string()) })),
  schedule: z.looseObject({}).nullable(),
});
const Contract = ContractInput.extend({ id: z.string(), roadshowId: z.string(), enterpriseName: z.string(), ownerName: z.string(), recordedBy: z.string().nullable(), createdAt: z.string() });
const Funnel = z.looseObject({ rows: z.array(z.looseObject({ chainId: z.string(), month: z.string().nullable(), stages: z.array(z.looseObject({ stage: z.string(), count: z.number() })) })), total: z.looseObject({}) });
const schedulingAccepted = { description: 'The `roadshow_schedule` task: poll it at `Location`; `details.outcome` says what was kept, moved, added and removed', schema: TaskAccepted, headers: ['Location'] as const };
const notFound = 'No roadshow with this id that you can see (`roadshow_not_found`; drafts are visible to brokers only)';

/** The roadshow routes, as the OpenAPI document describes them. */
export const ROADSHOW_ROUTES: readonly RouteDescription[] = [
  describeRoute({
    method: 'post',
    path: '/v1/roadshows/plan',
    summary: 'Plan a year, one chain per month (一月一链)',
    description: 'Supply and demand per chain come from the stored matches. Published months are kept; each planned month gets a draft roadshow. Every month says why it holds its chain or no event; chains left out say why.',
    tags: ['Roadshows'],
    roles: BROKERS,
    body: YearPlanRequest,
    responses: { 200: { description: 'The plan and the year’s roadshows', schema: YearPlanAnswer }, 400: 'Invalid constraints, or an unknown chain (`unknown_chain`)' },
  }),
  describeRoute({ method: 'get', path: '/v1/roadshows/plans/{year}', summary: 'The last plan made for a year (`format=text`: a month-by-month table)', tags: ['Roadshows'], roles: BROKERS, params: { year: 'The year' }, query: FormatQuery, responses: { 200: { description: 'The plan', schema: YearPlanAnswer, alternatives: { 'text/plain': z.string() } }, 404: 'No plan for the year yet (`plan_not_found`)' } }),
  describeRoute({ method: 'get', path: '/v1/roadshows', summary: 'List roadshows', description: 'Drafts are listed for brokers only. `participating` marks events the caller’s organisation is invited to or pitches at.', tags: ['Roadshows'], roles: EVERY_ROLE, query: RoadshowListQuery, responses: { 200: { description: 'The roadshows by month', schema: z.object({ items: z.array(RoadshowSummary.extend({ participating: z.boolean() })) }) } } }),
  describeRoute({ method: 'get', path: '/v1/roadshows/{id}', summary: 'One roadshow: line-up, agenda, owners and (your) invitations', tags: ['Roadshows'], roles: EVERY_ROLE, params: { id: ROADSHOW_ID }, responses: { 200: { description: 'The roadshow', schema: Roadshow }, 404: notFound } }),
  describeRoute({
    method: 'post',
    path: '/v1/roadshows/{id}/build',
    summary: 'Build a draft: line-up, invitations, agenda',
    description: 'Chooses K patents of the chain (demand fit, open licence, screening, diverse owners, no re-pitch within N months), ranks the SMEs to invite with a Chinese letter each, and lays out the day.',
    tags: ['Roadshows'],
    roles: BROKERS,
    params: { id: ROADSHOW_ID },
    body: EventSettings,
    responses: { 200: { description: 'The built roadshow', schema: Roadshow }, 400: 'Invalid settings, or a date outside the month', 404: notFound, 409: 'Not a draft (`not_draft`)', 422: 'No patent of the chain can be pitched (`empty_line_up`)' },
  }),
  ...(['publish', 'hold', 'close'] as const).map((verb) =>
    describeRoute({
      method: 'post',
      path: `/v1/roadshows/{id}/${verb}`,
      summary: { publish: 'Publish (draft → published): announces `roadshow.published`', hold: 'Mark held (published → held)', close: 'Close (held → closed)' }[verb],
      tags: ['Roadshows'],
      roles: BROKERS,
      params: { id: ROADSHOW_ID },
      responses: { 200: { description: 'The roadshow in its new state', schema: Roadshow }, 404: notFound, 409: 'Not the state this step starts from (`invalid_transition`), or not built (`not_built`)' },
    }),
  ),
  describeRoute({ method: 'put', path: '/v1/roadshows/{id}/availability/{organizationId}', summary: 'Set the meeting slots an owner is at a table', description: 'A university for itself; brokers for any owner.', tags: ['Roadshows', 'Meetings'], roles: ['admin', 'broker', 'university'], params: { id: ROADSHOW_ID, organizationId: 'The owner organisation' }, body: AvailabilityInput, responses: { 200: { description: 'The owners', schema: z.object({ owners: z.array(Owner) }) }, 400: 'Slots outside the grid (`slot_out_of_range`), or not an owner (`unknown_owner`)', 403: 'Not your organisation', 404: notFound } }),
  describeRoute({ method: 'get', path: '/v1/roadshows/{id}/meeting-requests', summary: 'Meeting requests: all (brokers) or your own (enterprise)', tags: ['Meetings'], roles: ['admin', 'broker', 'enterprise'], params: { id: ROADSHOW_ID }, responses: { 200: { description: 'The requests', schema: z.object({ requests: z.array(Request) }) }, 403: 'Not an enterprise or broker', 404: notFound } }),
  describeRoute({
    method: 'put',
    path: '/v1/roadshows/{id}/meeting-requests',
    summary: 'Set an invited SME’s meeting requests (must meet / meet / no)',
    description: 'Replaces the enterprise’s open requests. Brokers name the enterprise (`enterpriseId`).',
    tags: ['Meetings'],
    roles: ['admin', 'broker', 'enterprise'],
    params: { id: ROADSHOW_ID },
    body: RequestsBody,
    responses: { 200: { description: 'The enterprise’s requests', schema: z.object({ requests: z.array(Request) }) }, 400: 'Not an owner at the event (`unknown_owner`)', 403: 'Another enterprise, or not invited (`not_invited`)', 404: notFound, 409: 'Not published (`not_open_for_requests`)' },
  }),
  describeRoute({ method: 'post', path: '/v1/roadshows/{id}/schedule', summary: 'Solve the one-to-one meetings (HiGHS) as a task', description: 'Must-meets first, then every SME at least one meeting, then total value; with `keepCurrent` the current meetings stay where they are wherever possible.', tags: ['Meetings'], roles: BROKERS, params: { id: ROADSHOW_ID }, body: ScheduleRequest, responses: { 202: schedulingAccepted, 404: notFound, 409: 'Not built (`not_built`)' } }),
  describeRoute({ method: 'post', path: '/v1/roadshows/{id}/cancellations', summary: 'Cancel meetings, SMEs or owners, and re-solve changing as little as possible', tags: ['Meetings'], roles: BROKERS, params: { id: ROADSHOW_ID }, body: CancellationRequest, responses: { 202: schedulingAccepted, 404: notFound } }),
  describeRoute({ method: 'get', path: '/v1/roadshows/{id}/meetings', summary: 'The meeting grid with its conflicts (brokers), or your own meetings (`format=text`: slot × table table)', tags: ['Meetings'], roles: ['admin', 'broker', 'enterprise', 'university'], params: { id: ROADSHOW_ID }, query: FormatQuery, responses: { 200: { description: 'The grid', schema: Grid, alternatives: { 'text/plain': z.string() } }, 403: 'Partners', 404: notFound, 409: 'Not built (`not_built`)' } }),
  describeRoute({ method: 'patch', path: '/v1/roadshows/{id}/meetings/{meetingId}', summary: 'Move a meeting by hand', description: 'Stored even when it breaks a constraint: the grid lists the conflict until a re-solve with `keepCurrent` repairs it.', tags: ['Meetings'], roles: BROKERS, params: { id: ROADSHOW_ID, meetingId: 'The meeting id' }, body: MeetingMove, responses: { 200: { description: 'The grid', schema: Grid }, 400: 'Outside the grid (`slot_out_of_range`)', 404: 'No such meeting (`meeting_not_found`)', 409: 'Held or closed (`schedule_closed`)' } }),
  describeRoute({ method: 'post', path: '/v1/roadshows/{id}/meetings/{meetingId}/outcome', summary: 'Record how a meeting went', tags: ['Meetings'], roles: BROKERS, params: { id: ROADSHOW_ID, meetingId: 'The meeting id' }, body: MeetingOutcome, responses: { 200: { description: 'The grid', schema: Grid }, 404: 'No such meeting (`meeting_not_found`)' } }),
  describeRoute({ method: 'post', path: '/v1/roadshows/{id}/contracts', summary: 'Record a licence or assignment contract', tags: ['Roadshows'], roles: BROKERS, params: { id: ROADSHOW_ID }, body: ContractInput, responses: { 201: { description: 'The contract', schema: Contract }, 400: 'A patent not pitched there (`patent_not_pitched`) or not an owner there (`unknown_owner`)', 404: notFound } }),
  describeRoute({ method: 'get', path: '/v1/roadshows/{id}/contracts', summary: 'The contracts of a roadshow', tags: ['Roadshows'], roles: BROKERS, params: { id: ROADSHOW_ID }, responses: { 200: { description: 'The contracts', schema: z.object({ contracts: z.array(Contract) }) }, 404: notFound } }),
  describeRoute({
    method: 'get',
    path: '/v1/roadshows/{id}/exports/{file}',
    summary: 'Export: agenda.ics, calendar.ics (one participant), agenda.csv, meetings.csv, agenda.html',
    description: 'The printable agenda shows the meeting grid to brokers only; `meetings.csv` is for brokers; `calendar.ics` is the caller’s own organisation’s unless a broker names `participant`.',
    tags: ['Roadshows'],
    roles: EVERY_ROLE,
    params: { id: ROADSHOW_ID, file: 'agenda.ics | calendar.ics | agenda.csv | meetings.csv | agenda.html' },
    query: ExportQuery,
    responses: { 200: { description: 'The file', contentType: 'text/calendar', schema: z.string(), alternatives: { 'text/csv': z.string(), 'text/html': z.string() } }, 403: 'Another organisation’s calendar, or the meeting list', 404: 'No such export (`export_not_found`) or roadshow', 409: 'Not built (`not_built`)' },
  }),
  describeRoute({ method: 'get', path: '/v1/stats/roadshows', summary: 'The roadshow funnel: matches → invitations → requests → meetings → contracts', tags: ['Roadshows', 'Statistics'], roles: EVERY_ROLE, query: FunnelQuery, responses: { 200: { description: 'Per chain and month, per chain, and in total', schema: Funnel, alternatives: { 'text/plain': z.string() } } } }),
];
