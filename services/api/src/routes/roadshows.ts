import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { RoadshowState } from '@patent-bridge/domain';
import { canActForOrganization, canManageRoadshows, canSeeRoadshow, requireRole, taskCreatorOf, type Viewer } from '@patent-bridge/access';
import {
  advanceRoadshow,
  AvailabilityInput,
  buildEvent,
  CancellationRequest,
  ContractInput,
  EventSettings,
  exportRoadshow,
  EXPORT_TYPES,
  findRoadshow,
  funnelOfYear,
  listContracts,
  listInvitations,
  listMeetingRequests,
  listRoadshows,
  MeetingMove,
  MeetingOutcome,
  MeetingRequestSet,
  meetingGrid,
  moveMeeting,
  planAndSaveYear,
  putMeetingRequests,
  recordContract,
  recordMeetingOutcome,
  renderFunnel,
  renderMeetingGrid,
  renderYearPlan,
  roadshowOwners,
  roadshowsOf,
  savedYearPlan,
  ScheduleRequest,
  setOwnerAvailability,
  summaryOf,
  YearPlanRequest,
  type EventExportKind,
  type RoadshowRecord,
} from '@patent-bridge/roadshow';
import type { ApiContext } from '../context.ts';
import { Problem } from '../problem.ts';

const RoadshowIdParam = z.string().regex(/^rs-\d{4}-\d{2}-[a-z0-9-]{1,60}$/, 'a roadshow id looks like rs-2026-04-biomedicine');
export const RoadshowListQuery = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  state: RoadshowState.optional(),
  chainId: z.string().min(1).max(64).optional(),
});
export const YearParam = z.coerce.number().int().min(2000).max(2100);
export const RequestsBody = MeetingRequestSet.extend({ enterpriseId: z.string().min(1).max(64).optional() });
export const FunnelQuery = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100).optional(), format: z.enum(['json', 'text']).default('json') });
export const ExportQuery = z.strictObject({ participant: z.string().min(1).max(64).optional() });
export const FormatQuery = z.strictObject({ format: z.enum(['json', 'text']).default('json') });
const EXPORTS = Object.keys(EXPORT_TYPES) as EventExportKind[];

/**
 * "One chain per month" roadshows (一月一链): the year plan, each event's build (line-up,
 * invitations, agenda), its lifecycle (draft → published → held → closed), meeting requests,
 * the one-to-one schedule (solved as a task), outcomes, contracts, the funnel, and exports.
 * Brokers and admins run them; once published everyone sees an event's public part, and each
 * SME and university sees its own invitation, requests and meetings.
 */
export function roadshowRoutes(context: ApiContext): Router {
  const router = Router();
  const { db, catalogue } = context;
  const viewerOf = (res: Response): Viewer => res.locals.viewer;

  /** The roadshow if the viewer may see it at all; 404 otherwise, so drafts stay unknown. */
  const visible = async (rawId: unknown, viewer: Viewer): Promise<RoadshowRecord> => {
    const id = RoadshowIdParam.safeParse(rawId);
    const roadshow = id.success ? await findRoadshow(db, catalogue, id.data) : undefined;
    if (!roadshow || !canSeeRoadshow(viewer, roadshow)) throw new Problem(404, 'roadshow_not_found', `no roadshow "${String(rawId).slice(0, 80)}" that you can see`);
    return roadshow;
  };
  const managed = async (rawId: unknown, viewer: Viewer): Promise<RoadshowRecord> => {
    const roadshow = await visible(rawId, viewer);
    if (!canManageRoadshows(viewer)) throw new Problem(403, 'forbidden', 'only brokers and admins run roadshows');
    return roadshow;
  };
  /** The organisation an enterprise or university acts for; brokers and admins name it. */
  const actingFor = (viewer: Viewer, named: string | undefined, role: 'enterprise' | 'university'): string => {
    const organizationId = named ?? viewer.organizationId;
    if (!organizationId) throw new Problem(400, 'organization_required', `name the ${role} you act for (enterpriseId)`);
    if (!canActForOrganization(viewer, organizationId, role)) throw new Problem(403, 'forbidden', `you cannot act for ${organizationId} at roadshows`);
    return organizationId;
  };
  const brokerOnly = requireRole('admin', 'broker');

  router.post('/roadshows/plan', brokerOnly, async (req, res) => {
    const request = YearPlanRequest.parse(req.body ?? {});
    const unknown = request.pins.map((p) => p.chainId).filter((c) => !catalogue.chains.some((k) => k.id === c));
    if (unknown.length) throw new Problem(400, 'unknown_chain', `unknown chain(s): ${unknown.join(', ')}; GET /v1/chains lists them`);
    res.json(await planAndSaveYear(db, catalogue, request, viewerOf(res).keyId));
  });

  router.get('/roadshows/plans/:year', brokerOnly, async (req, res) => {
    const { format } = FormatQuery.parse(req.query);
    const saved = await savedYearPlan(db, catalogue, YearParam.parse(req.params.year));
    if (format === 'text') return void res.type('text/plain; charset=utf-8').send(renderYearPlan(saved.plan));
    res.json(saved);
  });

  router.get('/roadshows', async (req, res) => {
    const q = RoadshowListQuery.parse(req.query);
    const viewer = viewerOf(res);
    const all = await listRoadshows(db, catalogue, { ...(q.year ? { year: q.year } : {}), ...(q.state ? { state: q.state } : {}), ...(q.chainId ? { chainId: q.chainId } : {}) });
    const mine = viewer.organizationId ? new Set(await roadshowsOf(db, viewer.organizationId)) : new Set<string>();
    const items = all.filter((r) => canSeeRoadshow(viewer, r)).map((r) => ({ ...summaryOf(r), participating: mine.has(r.id) }));
    res.json({ items });
  });

  /** A roadshow as the viewer may see it: the public part, its owners, and the invitations the viewer may read. */
  const detailed = async (roadshow: RoadshowRecord, viewer: Viewer) => {
    const manager = canManageRoadshows(viewer);
    const own = viewer.organizationId;
    const invitations = manager ? await listInvitations(db, roadshow.id) : own && viewer.role === 'enterprise' ? await listInvitations(db, roadshow.id, own) : [];
    return { ...roadshow, excluded: manager ? roadshow.excluded : [], owners: await roadshowOwners(db, roadshow.id), invitations };
  };

  router.get('/roadshows/:id', async (req, res) => {
    const viewer = viewerOf(res);
    res.json(await detailed(await visible(req.params.id, viewer), viewer));
  });

  router.post('/roadshows/:id/build', brokerOnly, async (req, res) => {
    const roadshow = await managed(req.params.id, viewerOf(res));
    const settings = EventSettings.parse(req.body ?? {});
    res.json(await detailed(await buildEvent(db, catalogue, roadshow.id, settings), viewerOf(res)));
  });

  const advance = (to: 'published' | 'held' | 'closed') => async (req: Request, res: Response) => {
    const roadshow = await managed(req.params.id, viewerOf(res));
    res.json(await detailed(await advanceRoadshow(db, catalogue, roadshow.id, to), viewerOf(res)));
  };
  router.post('/roadshows/:id/publish', brokerOnly, advance('published'));
  router.post('/roadshows/:id/hold', brokerOnly, advance('held'));
  router.post('/roadshows/:id/close', brokerOnly, advance('closed'));

  router.put('/roadshows/:id/availability/:organizationId', async (req, res) => {
    const viewer = viewerOf(res);
    const roadshow = await visible(req.params.id, viewer);
    const organizationId = actingFor(viewer, String(req.params.organizationId), 'university');
    await setOwnerAvailability(db, catalogue, roadshow.id, organizationId, AvailabilityInput.parse(req.body ?? {}));
    res.json({ owners: (await roadshowOwners(db, roadshow.id)).filter((o) => canManageRoadshows(viewer) || o.id === organizationId) });
  });

  router.get('/roadshows/:id/meeting-requests', async (req, res) => {
    const viewer = viewerOf(res);
    const roadshow = await visible(req.params.id, viewer);
    if (canManageRoadshows(viewer)) return void res.json({ requests: await listMeetingRequests(db, roadshow.id) });
    if (viewer.role !== 'enterprise' || !viewer.organizationId) throw new Problem(403, 'forbidden', 'meeting requests are for the invited enterprises and the brokers');
    res.json({ requests: await listMeetingRequests(db, roadshow.id, viewer.organizationId) });
  });

  router.put('/roadshows/:id/meeting-requests', async (req, res) => {
    const viewer = viewerOf(res);
    const roadshow = await visible(req.params.id, viewer);
    const body = RequestsBody.parse(req.body ?? {});
    if (body.enterpriseId && !canManageRoadshows(viewer) && body.enterpriseId !== viewer.organizationId) {
      throw new Problem(403, 'forbidden', 'an enterprise sets only its own meeting requests');
    }
    const enterpriseId = actingFor(viewer, body.enterpriseId, 'enterprise');
    res.json({ requests: await putMeetingRequests(db, catalogue, roadshow.id, enterpriseId, { requests: body.requests }) });
  });

  router.post('/roadshows/:id/schedule', brokerOnly, async (req, res) => {
    const roadshow = await managed(req.params.id, viewerOf(res));
    if (!roadshow.agenda) throw new Problem(409, 'not_built', `roadshow ${roadshow.id} has no meeting block yet; POST /v1/roadshows/${roadshow.id}/build first`);
    const taskId = await context.roadshows.schedule(roadshow.id, ScheduleRequest.parse(req.body ?? {}), { createdBy: taskCreatorOf(viewerOf(res)) });
    res.status(202).location(`/v1/tasks/${taskId}`).json({ taskId, status: 'enqueued', type: 'roadshow_schedule' });
  });

  router.post('/roadshows/:id/cancellations', brokerOnly, async (req, res) => {
    const roadshow = await managed(req.params.id, viewerOf(res));
    const taskId = await context.roadshows.cancel(roadshow.id, CancellationRequest.parse(req.body ?? {}), { createdBy: taskCreatorOf(viewerOf(res)) });
    res.status(202).location(`/v1/tasks/${taskId}`).json({ taskId, status: 'enqueued', type: 'roadshow_schedule' });
  });

  router.get('/roadshows/:id/meetings', async (req, res) => {
    const viewer = viewerOf(res);
    const roadshow = await visible(req.params.id, viewer);
    const { format } = FormatQuery.parse(req.query);
    if (!canManageRoadshows(viewer) && (!viewer.organizationId || (viewer.role !== 'enterprise' && viewer.role !== 'university'))) {
      throw new Problem(403, 'forbidden', 'the meeting grid is for brokers; enterprises and universities see their own meetings');
    }
    const grid = await meetingGrid(db, catalogue, roadshow.id, canManageRoadshows(viewer) ? undefined : viewer.organizationId);
    if (format === 'text') return void res.type('text/plain; charset=utf-8').send(renderMeetingGrid(grid));
    res.json(grid);
  });

  router.patch('/roadshows/:id/meetings/:meetingId', brokerOnly, async (req, res) => {
    const roadshow = await managed(req.params.id, viewerOf(res));
    await moveMeeting(db, catalogue, roadshow.id, String(req.params.meetingId).slice(0, 20), MeetingMove.parse(req.body ?? {}));
    res.json(await meetingGrid(db, catalogue, roadshow.id));
  });

  router.post('/roadshows/:id/meetings/:meetingId/outcome', brokerOnly, async (req, res) => {
    const roadshow = await managed(req.params.id, viewerOf(res));
    await recordMeetingOutcome(db, roadshow.id, String(req.params.meetingId).slice(0, 20), MeetingOutcome.parse(req.body ?? {}));
    res.json(await meetingGrid(db, catalogue, roadshow.id));
  });

  router.post('/roadshows/:id/contracts', brokerOnly, async (req, res) => {
    const roadshow = await managed(req.params.id, viewerOf(res));
    res.status(201).json(await recordContract(db, catalogue, roadshow.id, ContractInput.parse(req.body ?? {}), viewerOf(res).keyId));
  });

  router.get('/roadshows/:id/contracts', brokerOnly, async (req, res) => {
    const roadshow = await managed(req.params.id, viewerOf(res));
    res.json({ contracts: await listContracts(db, roadshow.id) });
  });

  router.get('/roadshows/:id/exports/:file', async (req, res) => {
    const viewer = viewerOf(res);
    const roadshow = await visible(req.params.id, viewer);
    const kind = String(req.params.file) as EventExportKind;
    if (!EXPORTS.includes(kind)) throw new Problem(404, 'export_not_found', `no export "${String(req.params.file).slice(0, 40)}"; one of: ${EXPORTS.join(', ')}`);
    const q = ExportQuery.parse(req.query);
    const manager = canManageRoadshows(viewer);
    if (kind === 'meetings.csv' && !manager) throw new Problem(403, 'forbidden', 'the meeting list is for brokers; download your own calendar (calendar.ics)');
    let participant = q.participant;
    if (kind === 'calendar.ics') {
      participant ??= viewer.organizationId;
      if (!participant) throw new Problem(400, 'participant_required', 'name the participant: ?participant=<organisation id>');
      if (!manager && participant !== viewer.organizationId) throw new Problem(403, 'forbidden', 'you can download only your own organisation’s calendar');
    }
    // The printable agenda's meeting grid names everyone who meets whom: brokers only.
    const file = await exportRoadshow(db, catalogue, roadshow.id, kind, { ...(participant ? { participant } : {}), withMeetings: manager });
    res.type(file.contentType).attachment(file.filename).send(file.body);
  });

  router.get('/stats/roadshows', async (req, res) => {
    const q = FunnelQuery.parse(req.query);
    const funnel = await funnelOfYear(db, catalogue, q.year);
    if (q.format === 'text') return void res.type('text/plain; charset=utf-8').send(renderFunnel(funnel));
    res.json(funnel);
  });

  return router;
}
