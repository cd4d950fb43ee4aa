import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueApiKey } from '@patent-bridge/access';
import { saveOrganization } from '@patent-bridge/db';
import { configFromEnv } from '../src/config.ts';
import { createApp } from '../src/app.ts';
import { startSystem, type RunningSystem } from '../src/system.ts';

/**
 * A broker's month, end to end over HTTP on the project's sample: plan the year, build the event,
 * publish it, take SMEs' meeting requests, solve the meetings, move one by hand and repair it,
 * cancel, export, record outcomes and see the funnel.
 */

const ADMIN = 'test-admin-key-roadshows-0123';
const YEAR = 2027;
let system: RunningSystem;
let server: Server;
let base: string;
const keys: Record<'broker' | 'partner' | 'enterprise' | 'otherEnterprise' | 'university', string> = {} as never;

async function call(key: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any; text: string; type: string | null }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  const type = res.headers.get('content-type');
  return { status: res.status, text, type, body: type?.includes('json') && text ? JSON.parse(text) : undefined };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, tries = 1200): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function finished(taskId: number): Promise<any> {
  return waitFor(`task ${taskId}`, async () => {
    const task = (await call(ADMIN, 'GET', `/v1/tasks/${taskId}`)).body;
    return task.status === 'succeeded' || task.status === 'failed' ? task : undefined;
  });
}

async function keyFor(organization: { name: string; kind: 'broker' | 'partner_platform' } | { id: string }, role: 'broker' | 'partner' | 'enterprise' | 'university'): Promise<string> {
  const organizationId = 'id' in organization ? organization.id : (await saveOrganization(system.context.db, { name: organization.name, kind: organization.kind, region: {} })).id;
  return (await issueApiKey(system.context.db, { organizationId, role, label: `roadshow test ${role}` })).secret;
}

let roadshowId: string;
let event: any;

beforeAll(async () => {
  system = await startSystem({ ...configFromEnv({ PB_ADMIN_KEY: ADMIN }), storage: { kind: 'pglite', dataDir: 'memory' } });
  server = createApp(system.context).listen(0);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await waitFor('the sample import', async () => ((await call(ADMIN, 'GET', `/v1/tasks/${system.sampleTaskId}`)).body.status === 'succeeded' ? true : undefined));
  await waitFor('stored matches of the sample demands', async () => {
    await system.indexer.sync();
    if (!system.context.matcher) return undefined;
    await system.matching.refreshNow();
    const { n } = await system.context.db.selectFrom('match_results').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    return Number(n) > 100 ? true : undefined;
  });
  keys.broker = await keyFor({ name: '测试技术转移服务中心（路演）', kind: 'broker' }, 'broker');
  keys.partner = await keyFor({ name: '测试科技服务平台（路演）', kind: 'partner_platform' }, 'partner');
}, 180_000);

afterAll(async () => {
  server?.close();
  await system?.close();
});

describe('roadshows API', () => {
  it('plans a year from the stored matches: one chain per month with reasons, drafts for the planned months', async () => {
    const { status, body } = await call(keys.broker, 'POST', '/v1/roadshows/plan', { year: YEAR, minSupply: 1, minDemand: 1, minGapMonths: 2, blackouts: [{ month: `${YEAR}-02`, label: '春节' }] });
    expect(status).toBe(200);
    expect(body.plan.months).toHaveLength(12);
    const february = body.plan.months.find((m: any) => m.month === `${YEAR}-02`);
    expect(february).toMatchObject({ kind: 'no_event', why: 'blackout' });
    const events = body.plan.months.filter((m: any) => m.kind === 'event');
    expect(events.length).toBeGreaterThan(0);
    expect(events[0].reason).toMatch(/可路演专利/);
    expect(body.roadshows.map((r: any) => r.month).sort()).toEqual(events.map((e: any) => e.month).sort());
    expect(body.roadshows.every((r: any) => r.state === 'draft')).toBe(true);
    roadshowId = body.roadshows[0].id;
    const stored = await call(keys.broker, 'GET', `/v1/roadshows/plans/${YEAR}`);
    expect(stored.body.plan.months).toEqual(body.plan.months);
    const text = (await call(keys.broker, 'GET', `/v1/roadshows/plans/${YEAR}?format=text`)).text;
    expect(text).toContain(`${YEAR}年2月`);
    expect(text).toContain('春节');
  });

  it('keeps drafts from everyone but brokers and admins', async () => {
    expect((await call(keys.partner, 'GET', `/v1/roadshows/${roadshowId}`)).status).toBe(404);
    expect((await call(keys.partner, 'GET', `/v1/roadshows?year=${YEAR}`)).body.items).toEqual([]);
    expect((await call(keys.partner, 'POST', '/v1/roadshows/plan', { year: YEAR })).status).toBe(403);
    expect((await call(keys.broker, 'GET', `/v1/roadshows/${roadshowId}`)).status).toBe(200);
  });

  it('refuses a bad plan request with the field named', async () => {
    const { status, body } = await call(keys.broker, 'POST', '/v1/roadshows/plan', { year: YEAR, pins: [{ month: `${YEAR}-13`, chainId: 'biomedicine' }], extra: 1 });
    expect(status).toBe(400);
    expect(body.detail).toMatch(/pins\.0\.month|extra/);
    const unknown = await call(keys.broker, 'POST', '/v1/roadshows/plan', { year: YEAR, pins: [{ month: `${YEAR}-03`, chainId: 'no-such-chain' }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('unknown_chain');
  });

  it('builds the event: a line-up of the chain with reasons, invitations naming matched patents, an agenda with presenters', async () => {
    const month = roadshowId.slice(3, 10);
    const { status, body } = await call(keys.broker, 'POST', `/v1/roadshows/${roadshowId}/build`, {
      date: `${month}-15`,
      location: '济南市专利转化路演基地',
      organizer: '济南市市场监督管理局',
      size: 6,
      meetings: { slots: 4, minutes: 20, tables: 3, smeCap: 2 },
    });
    expect(status).toBe(200);
    event = body;
    expect(body.lineUp.length).toBeGreaterThan(0);
    expect(body.lineUp.length).toBeLessThanOrEqual(6);
    expect(body.lineUp[0].reason).toMatch(/第 1 位/);
    expect(body.invitations.length).toBeGreaterThan(0);
    expect(body.invitations[0].matchedPatents.length).toBeGreaterThan(0);
    expect(body.invitations[0].text).toContain(body.invitations[0].matchedPatents[0].title);
    expect(body.agenda.items.filter((i: any) => i.kind === 'pitch')).toHaveLength(body.lineUp.length);
    expect(body.agenda.items.find((i: any) => i.kind === 'pitch').presenterName).toBeTruthy();
    expect(body.agenda.meetingSlots).toHaveLength(4);
    expect(body.owners.length).toBeGreaterThan(0);
    const wrongMonth = await call(keys.broker, 'POST', `/v1/roadshows/${roadshowId}/build`, { date: `${YEAR - 1}-01-15` });
    expect(wrongMonth.status).toBe(400);
  });

  it('publishes (announcing it to webhook subscribers), then shows the public part to partners', async () => {
    const before = await system.context.db.selectFrom('webhook_events').select('id').where('type', '=', 'roadshow.published').execute();
    const published = await call(keys.broker, 'POST', `/v1/roadshows/${roadshowId}/publish`);
    expect(published.status).toBe(200);
    expect(published.body.state).toBe('published');
    expect(published.body.invitations).toEqual(event.invitations);
    expect(published.body.owners).toEqual(event.owners);
    const events = await system.context.db.selectFrom('webhook_events').selectAll().where('type', '=', 'roadshow.published').execute();
    expect(events.length).toBe(before.length + 1);
    expect(events.at(-1)!.payload).toMatchObject({ roadshowId, lineUp: event.lineUp.map((c: any) => c.patentId) });
    const seen = await call(keys.partner, 'GET', `/v1/roadshows/${roadshowId}`);
    expect(seen.status).toBe(200);
    expect(seen.body.invitations).toEqual([]);
    expect(seen.body.excluded).toEqual([]);
    expect((await call(keys.partner, 'GET', `/v1/roadshows/${roadshowId}/meetings`)).status).toBe(403);
    expect((await call(keys.broker, 'POST', `/v1/roadshows/${roadshowId}/build`, { date: `${roadshowId.slice(3, 10)}-15` })).body.code).toBe('not_draft');
    expect((await call(keys.broker, 'POST', `/v1/roadshows/${roadshowId}/close`)).body.code).toBe('invalid_transition');
  });

  it('takes meeting requests from invited SMEs only, for the event\'s owners only', async () => {
    const invited = event.invitations[0].enterpriseId;
    keys.enterprise = await keyFor({ id: invited }, 'enterprise');
    const stranger = (await system.context.db.selectFrom('organizations').select('id').where('kind', '=', 'enterprise').where('id', 'not in', event.invitations.map((i: any) => i.enterpriseId)).executeTakeFirst())?.id;
    const owner = event.owners[0].id;
    const mine = await call(keys.enterprise, 'GET', `/v1/roadshows/${roadshowId}`);
    expect(mine.body.invitations.map((i: any) => i.enterpriseId)).toEqual([invited]);
    const put = await call(keys.enterprise, 'PUT', `/v1/roadshows/${roadshowId}/meeting-requests`, { requests: [{ ownerOrganizationId: owner, preference: 'must_meet' }] });
    expect(put.status).toBe(200);
    expect(put.body.requests).toMatchObject([{ enterpriseId: invited, ownerOrganizationId: owner, preference: 'must_meet' }]);
    const forOther = await call(keys.enterprise, 'PUT', `/v1/roadshows/${roadshowId}/meeting-requests`, { enterpriseId: event.invitations[1]?.enterpriseId ?? 'org_x', requests: [] });
    expect(forOther.status).toBe(403);
    const unknownOwner = await call(keys.enterprise, 'PUT', `/v1/roadshows/${roadshowId}/meeting-requests`, { requests: [{ ownerOrganizationId: 'org_not_here', preference: 'meet' }] });
    expect(unknownOwner.body.code).toBe('unknown_owner');
    if (stranger) {
      keys.otherEnterprise = await keyFor({ id: stranger }, 'enterprise');
      const refused = await call(keys.otherEnterprise, 'PUT', `/v1/roadshows/${roadshowId}/meeting-requests`, { requests: [{ ownerOrganizationId: owner, preference: 'meet' }] });
      expect(refused.body.code).toBe('not_invited');
    }
    // a second invited SME says no to that owner: the pair must never be scheduled
    if (event.invitations[1]) {
      const asBroker = await call(keys.broker, 'PUT', `/v1/roadshows/${roadshowId}/meeting-requests`, { enterpriseId: event.invitations[1].enterpriseId, requests: [{ ownerOrganizationId: owner, preference: 'no' }] });
      expect(asBroker.status).toBe(200);
    }
    expect((await call(keys.broker, 'GET', `/v1/roadshows/${roadshowId}/meeting-requests`)).body.requests.length).toBeGreaterThanOrEqual(1);
  });

  it('solves the meetings as a task: no conflicts, the must-meet honoured, the "no" never scheduled, announced to both sides', async () => {
    const accepted = await call(keys.broker, 'POST', `/v1/roadshows/${roadshowId}/schedule`, {});
    expect(accepted.status).toBe(202);
    const task = await finished(accepted.body.taskId);
    expect(task.status).toBe('succeeded');
    const grid = (await call(keys.broker, 'GET', `/v1/roadshows/${roadshowId}/meetings`)).body;
    expect(grid.meetings.length).toBeGreaterThan(0);
    expect(grid.conflicts).toEqual([]);
    expect(grid.slots).toHaveLength(4);
    expect(grid.tables).toBe(3);
    expect(grid.schedule.solver).toBe('highs');
    expect(grid.schedule.mustMeets).toMatchObject({ requested: 1, honoured: 1 });
    const invited = event.invitations[0].enterpriseId;
    const owner = event.owners[0].id;
    expect(grid.meetings.some((m: any) => m.enterpriseId === invited && m.ownerOrganizationId === owner)).toBe(true);
    if (event.invitations[1]) expect(grid.meetings.some((m: any) => m.enterpriseId === event.invitations[1].enterpriseId && m.ownerOrganizationId === owner)).toBe(false);
    const announced = await system.context.db.selectFrom('webhook_events').selectAll().where('type', '=', 'meeting.scheduled').execute();
    expect(announced.length).toBe(grid.meetings.length);
    expect(announced[0]!.audience).toHaveLength(2);
    const text = (await call(keys.broker, 'GET', `/v1/roadshows/${roadshowId}/meetings?format=text`)).text;
    expect(text).toContain('1 号桌');
    expect(text).toContain(grid.meetings[0].enterpriseName.slice(0, 4));
    expect(text).toContain('无冲突');
    const own = (await call(keys.enterprise, 'GET', `/v1/roadshows/${roadshowId}/meetings`)).body;
    expect(own.meetings.length).toBeGreaterThan(0);
    expect(own.meetings.every((m: any) => m.enterpriseId === invited)).toBe(true);
  });

  it('a hand move that double-books shows the conflict; re-solving with keepCurrent repairs it and says what moved', async () => {
    const grid = (await call(keys.broker, 'GET', `/v1/roadshows/${roadshowId}/meetings`)).body;
    const [a, b] = grid.meetings.filter((m: any) => m.status === 'scheduled');
    if (!b) return;
    const clash = grid.meetings.find((m: any) => m.enterpriseId === a.enterpriseId && m.id !== a.id) ?? b;
    const moved = await call(keys.broker, 'PATCH', `/v1/roadshows/${roadshowId}/meetings/${clash.id}`, { slot: a.slot, table: a.table });
    expect(moved.status).toBe(200);
    expect(moved.body.conflicts.length).toBeGreaterThan(0);
    expect(moved.body.conflicts[0].meetingIds).toContain(clash.id);
    expect((await call(keys.broker, 'GET', `/v1/roadshows/${roadshowId}/meetings?format=text`)).text).toContain('⚠');
    const task = await finished((await call(keys.broker, 'POST', `/v1/roadshows/${roadshowId}/schedule`, { keepCurrent: true })).body.taskId);
    expect(task.status).toBe('succeeded');
    const repaired = (await call(keys.broker, 'GET', `/v1/roadshows/${roadshowId}/meetings`)).body;
    expect(repaired.conflicts).toEqual([]);
    expect(repaired.schedule.changes.kept).toBeGreaterThan(0);
    expect(task.details.outcome.kept + task.details.outcome.moved.length).toBeGreaterThanOrEqual(grid.meetings.length - 1);
  });

  it('after an SME withdraws, re-solves changing as few other meetings as possible and reports what was removed', async () => {
    const before = (await call(keys.broker, 'GET', `/v1/roadshows/${roadshowId}/meetings`)).body.meetings.filter((m: any) => m.status === 'scheduled');
    const leaving = event.invitations[0].enterpriseId;
    const theirs = before.filter((m: any) => m.enterpriseId === leaving);
    const task = await finished((await call(keys.broker, 'POST', `/v1/roadshows/${roadshowId}/cancellations`, { cancellations: [{ kind: 'sme', smeId: leaving }] })).body.taskId);
    expect(task.status).toBe('succeeded');
    const outcome = task.details.outcome;
    expect(outcome.removed.filter((r: any) => r.reason === 'cancelled').map((r: any) => r.meetingId).sort()).toEqual(theirs.map((m: any) => m.id).sort());
    expect(outcome.kept).toBe(before.length - theirs.length);
    const after = (await call(keys.broker, 'GET', `/v1/roadshows/${roadshowId}/meetings`)).body;
    expect(after.conflicts).toEqual([]);
    expect(after.meetings.filter((m: any) => m.enterpriseId === leaving).every((m: any) => m.status === 'cancelled')).toBe(true);
    const invitation = (await call(keys.broker, 'GET', `/v1/roadshows/${roadshowId}`)).body.invitations.find((i: any) => i.enterpriseId === leaving);
    expect(invitation.withdrawnAt).toBeTruthy();
    expect((await call(keys.enterprise, 'PUT', `/v1/roadshows/${roadshowId}/meeting-requests`, { requests: [] })).body.code).toBe('not_invited');
    const unknown = await call(keys.broker, 'POST', `/v1/roadshows/${roadshowId}/cancellations`, { cancellations: [{ kind: 'sme', smeId: 'org_nobody' }] });
    expect(unknown.status).toBe(202);
    expect((await finished(unknown.body.taskId)).error.code).toBe('unknown_enterprise');
  });

  it('exports the event calendar, a participant calendar, CSV agenda and meeting list, and a printable Chinese agenda', async () => {
    const ics = await call(keys.broker, 'GET', `/v1/roadshows/${roadshowId}/exports/agenda.ics`);
    expect(ics.type).toMatch(/text\/calendar/);
    expect(ics.text.startsWith('BEGIN:VCALENDAR')).toBe(true);
    expect(ics.text).toContain('路演');
    const owner = event.owners[0].id;
    const mine = await call(keys.broker, 'GET', `/v1/roadshows/${roadshowId}/exports/calendar.ics?participant=${owner}`);
    expect(mine.text).toContain('一对一洽谈');
    const csv = await call(keys.broker, 'GET', `/v1/roadshows/${roadshowId}/exports/meetings.csv`);
    expect(csv.text.split('\r\n')[0]).toContain('桌号');
    const html = await call(keys.partner, 'GET', `/v1/roadshows/${roadshowId}/exports/agenda.html`);
    expect(html.type).toMatch(/text\/html/);
    expect(html.text).toContain('lang="zh-CN"');
    expect(html.text).toContain(event.lineUp[0].title.slice(0, 6));
    expect((await call(keys.partner, 'GET', `/v1/roadshows/${roadshowId}/exports/meetings.csv`)).status).toBe(403);
    expect((await call(keys.partner, 'GET', `/v1/roadshows/${roadshowId}/exports/calendar.ics?participant=${owner}`)).status).toBe(403);
    expect((await call(keys.broker, 'GET', `/v1/roadshows/${roadshowId}/exports/secrets.txt`)).status).toBe(404);
  });

  it('records outcomes and contracts, and the funnel counts every stage', async () => {
    const grid = (await call(keys.broker, 'GET', `/v1/roadshows/${roadshowId}/meetings`)).body;
    const held = grid.meetings.find((m: any) => m.status === 'scheduled');
    expect((await call(keys.broker, 'POST', `/v1/roadshows/${roadshowId}/hold`)).body.state).toBe('held');
    const late = await call(keys.broker, 'POST', `/v1/roadshows/${roadshowId}/schedule`, {});
    expect(late.status).toBe(202);
    expect((await finished(late.body.taskId)).error.code).toBe('schedule_closed');
    const outcome = await call(keys.broker, 'POST', `/v1/roadshows/${roadshowId}/meetings/${held.id}/outcome`, { status: 'held', intent: 'negotiating', note: '约定下周看样机' });
    expect(outcome.status).toBe(200);
    expect(outcome.body.meetings.find((m: any) => m.id === held.id)).toMatchObject({ status: 'held', intent: 'negotiating' });
    const patentId = event.owners.find((o: any) => o.id === held.ownerOrganizationId).patentIds[0];
    const contract = await call(keys.broker, 'POST', `/v1/roadshows/${roadshowId}/contracts`, { enterpriseId: held.enterpriseId, ownerOrganizationId: held.ownerOrganizationId, patentIds: [patentId], kind: 'licence', valueCny: 150000, signedOn: `${YEAR}-06-01` });
    expect(contract.status).toBe(201);
    expect(contract.body).toMatchObject({ kind: 'licence', valueCny: 150000, ownerName: held.ownerName });
    const notPitched = await call(keys.broker, 'POST', `/v1/roadshows/${roadshowId}/contracts`, { enterpriseId: held.enterpriseId, ownerOrganizationId: held.ownerOrganizationId, patentIds: ['pt_not_pitched'], kind: 'licence', valueCny: 1, signedOn: `${YEAR}-06-01` });
    expect(notPitched.body.code).toBe('patent_not_pitched');
    const funnel = (await call(keys.broker, 'GET', `/v1/stats/roadshows?year=${YEAR}`)).body;
    const row = funnel.rows.find((r: any) => r.roadshowIds.includes(roadshowId));
    const stages = Object.fromEntries(row.stages.map((s: any) => [s.stage, s.count]));
    expect(stages.invitations).toBe(event.invitations.length);
    expect(stages.meeting_requests).toBeGreaterThanOrEqual(1);
    expect(stages.meetings).toBeGreaterThan(0);
    expect(stages.contracts).toBe(1);
    expect(row.contractValueCny).toBe(150000);
    const text = await call(keys.broker, 'GET', `/v1/stats/roadshows?year=${YEAR}&format=text`);
    expect(text.text).toMatch(/签约|合同/);
    expect((await call(keys.broker, 'POST', `/v1/roadshows/${roadshowId}/close`)).body.state).toBe('closed');
  });

  it('re-planning keeps the published (now closed) month and replaces only drafts', async () => {
    const { body } = await call(keys.broker, 'POST', '/v1/roadshows/plan', { year: YEAR, minSupply: 1, minDemand: 1, minGapMonths: 2 });
    const month = roadshowId.slice(3, 10);
    expect(body.plan.months.find((m: any) => m.month === month)).toMatchObject({ kind: 'event', source: 'published' });
    expect(body.roadshows.find((r: any) => r.id === roadshowId).state).toBe('closed');
  });
});
