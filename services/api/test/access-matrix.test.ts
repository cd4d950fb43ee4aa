import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueApiKey } from '@patent-bridge/access';
import { createDemand, findPatent, organizationId, saveOrganization } from '@patent-bridge/db';
import { applicationCheckDigit, DemandInput, type OrganizationKind, type Patent } from '@patent-bridge/domain';
import { createSubscription } from '@patent-bridge/webhooks';
import { buildAgenda, EventSettings } from '@patent-bridge/roadshow';
import { configFromEnv } from '../src/config.ts';
import { createApp } from '../src/app.ts';
import { startSystem, type RunningSystem } from '../src/system.ts';

/**
 * Who may do what, endpoint by endpoint: every route of the API × every role × the caller's own
 * organisation's resource versus another organisation's. Resources belong to organisation A
 * (university A, enterprise A, A's key); B is the same kind of organisation, crossing over.
 */

const ADMIN_SECRET = 'test-admin-key-access-matrix-0123';

const CALLERS = ['admin', 'uniA', 'uniA2', 'uniB', 'entA', 'entA2', 'entB', 'broker', 'partner'] as const;
type Caller = (typeof CALLERS)[number];

const ORGS = {
  uniA: { name: '甲城测试理工大学', kind: 'university' },
  uniB: { name: '乙城测试农业大学', kind: 'university' },
  entA: { name: '甲方测试茶业有限公司', kind: 'enterprise' },
  entB: { name: '乙方测试机械有限公司', kind: 'enterprise' },
  broker: { name: '丙方测试技术转移中心', kind: 'broker' },
  partner: { name: '丁方测试科技服务平台', kind: 'partner_platform' },
} satisfies Record<string, { name: string; kind: OrganizationKind }>;
type Org = keyof typeof ORGS;
/** The organisation and role of each caller's key (two keys for university A and for enterprise A). */
const KEYS: Record<Exclude<Caller, 'admin'>, { org: Org; role: 'university' | 'enterprise' | 'broker' | 'partner' }> = {
  uniA: { org: 'uniA', role: 'university' },
  uniA2: { org: 'uniA', role: 'university' },
  uniB: { org: 'uniB', role: 'university' },
  entA: { org: 'entA', role: 'enterprise' },
  entA2: { org: 'entA', role: 'enterprise' },
  entB: { org: 'entB', role: 'enterprise' },
  broker: { org: 'broker', role: 'broker' },
  partner: { org: 'partner', role: 'partner' },
};

const number = (body: string) => `${body}.${applicationCheckDigit(body)}`;
const PATENT_A = number('202110086421');
const PATENT_B = number('202010075312');
const PATENT_NEW_B = number('202210097531');
const PATENT_HEADER = '申请号,名称,摘要,主分类号,申请人,专利权人,申请日,法律状态';
const patentRow = (no: string, title: string, abstract: string, owner: string) => `${no},${title},${abstract},A23F 3/06,${owner},${owner},${no.slice(0, 4)}-04-12,授权`;
const PATENT_A_ROW = patentRow(PATENT_A, '一种滚筒杀青机叶温自动控温装置', '红外测温实时检测茶叶叶温，自动调节滚筒杀青机加热功率，避免焦边和红梗。', ORGS.uniA.name);
const PATENT_B_ROW = patentRow(PATENT_B, '一种茶园土壤墒情监测系统', '多点土壤湿度传感器与无线网关，按墒情指导茶园灌溉。', ORGS.uniB.name);
const OFFER_PATCH = { inventoryState: 'licensed', openLicence: { declared: true, feeCny: 20000, paymentMode: 'annual', termYears: 3 } };
const DEMAND_SHEET = '企业名称,需求名称,需求描述,关键词,公开范围\n丙方测试代理茶厂（示例）,揉捻机压力自动调节,想让揉捻机按叶量自动调压。,揉捻,公开\n';

let system: RunningSystem;
let patentBBefore: Patent;
let server: Server;
let base: string;
const secrets = { admin: ADMIN_SECRET } as Record<Caller, string>;
const keyIds = {} as Record<Caller, string>;
const orgIds = Object.fromEntries(Object.entries(ORGS).map(([k, o]) => [k, organizationId(o.name)])) as Record<Org, string>;
const fixtures = {} as {
  patentA: string;
  patentB: string;
  publicDemand: string;
  privateDemand: string;
  taskA: number;
  sampleTask: number;
  webhookA: string;
  meetingA: string;
};

/** A published roadshow where enterprise A is invited and university A pitches patent A, and an unbuilt draft. */
const ROADSHOW = 'rs-2030-04-modern-agriculture-food';
const DRAFT_ROADSHOW = 'rs-2030-03-modern-agriculture-food';
const NO_ROADSHOW = 'rs-2030-05-no-such-chain';

interface Call {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  json?: unknown;
  form?: { filename: string; text: string };
}
interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

async function call(caller: Caller | null, { method, path, json, form }: Call): Promise<Answer> {
  const headers: Record<string, string> = caller ? { authorization: `Bearer ${secrets[caller]}` } : {};
  let body: FormData | string | undefined;
  if (json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(json);
  } else if (form) {
    const data = new FormData();
    data.append('file', new Blob([form.text]), form.filename);
    body = data;
  }
  const res = await fetch(`${base}${path}`, { method, headers, ...(body ? { body } : {}) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // CSV error reports stay text.
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 1200; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function settled(taskId: number): Promise<any> {
  return waitFor(`task ${taskId}`, async () => {
    const { body } = await call('admin', { method: 'GET', path: `/v1/tasks/${taskId}` });
    return body.status === 'succeeded' || body.status === 'failed' ? body : undefined;
  });
}

async function indexed(): Promise<void> {
  await waitFor('the index to catch up', async () => {
    await system.indexer.sync();
    return system.context.matcher && (await call('admin', { method: 'GET', path: '/v1/stats/index' })).body.outboxPending === 0 ? true : undefined;
  });
}

/** Everything a write could change, except what background jobs keep changing (match results, screening, key use). */
async function snapshot(): Promise<Record<string, unknown>> {
  const { rows } = await sql<Record<string, unknown>>`
    select
      (select count(*)::int from patents) as patents,
      (select md5(coalesce(string_agg(id || ':' || content_hash, ',' order by id), '')) from patents) as patent_contents,
      (select count(*)::int from patent_changes) as patent_changes,
      (select count(*)::int from demands) as demands,
      (select md5(coalesce(string_agg(id || ':' || revision || ':' || status, ',' order by id), '')) from demands) as demand_revisions,
      (select count(*)::int from tasks) as tasks,
      (select count(*)::int from organizations) as organizations,
      (select count(*)::int from api_keys) as api_keys,
      (select count(*)::int from api_keys where revoked_at is not null) as revoked_keys,
      (select count(*)::int from webhook_subscriptions) as webhooks,
      (select count(*)::int from match_feedback) as feedback,
      (select md5(coalesce(string_agg(id || ':' || state || ':' || revision, ',' order by id), '')) from roadshows) as roadshows,
      (select count(*)::int from roadshow_plans) as roadshow_plans,
      (select md5(coalesce(string_agg(enterprise_id || owner_organization_id || preference, ',' order by enterprise_id, owner_organization_id), '')) from meeting_requests) as meeting_requests,
      (select md5(coalesce(string_agg(id || ':' || slot || ':' || table_no || ':' || status, ',' order by id), '')) from meetings) as meetings,
      (select md5(coalesce(string_agg(organization_id || coalesce(availability::text, ''), ',' order by organization_id), '')) from roadshow_owners) as roadshow_owners,
      (select count(*)::int from roadshow_contracts) as contracts
  `.execute(system.context.db);
  return rows[0]!;
}

/** A fresh demand of enterprise A, for a request that may change or delete it. */
async function freshDemand(visibility: 'public' | 'private'): Promise<string> {
  const demand = await createDemand(
    system.context.db,
    DemandInput.parse({ enterpriseId: orgIds.entA, title: `茶叶揉捻压力控制（${visibility}）`, description: '揉捻机压力随叶量自动调节。', keywords: ['揉捻'], visibility }),
  );
  return demand.id;
}

const demandBody = (id: string) => ({ enterpriseId: orgIds.entA, title: `改写的需求 ${id}`, description: '改写后的描述：滚筒杀青机控温。', visibility: 'private' });

type Expectation = Record<Caller, number>;
/** `ok` for these callers, `denied` for everyone else. */
function only(allowed: readonly Caller[], ok: number, denied: 403 | 404, exceptions: Partial<Expectation> = {}): Expectation {
  return Object.fromEntries(CALLERS.map((c) => [c, exceptions[c] ?? (allowed.includes(c) ? ok : denied)])) as Expectation;
}
const everyone = (ok: number) => only(CALLERS, ok, 403);

const A_DEMAND_OWNERS: Caller[] = ['admin', 'entA', 'entA2'];
const SEES_PRIVATE_DEMANDS: Caller[] = ['admin', 'entA', 'entA2', 'broker'];
const SEES_TASK_A: Caller[] = ['admin', 'broker', 'uniA', 'uniA2'];
const HOLDS_WEBHOOK_A: Caller[] = ['admin', 'entA'];

interface Case {
  /** `METHOD /v1/path/:param`, as the route file declares it. */
  route: string;
  /** What is asked, and whose resource it is. */
  label: string;
  request: () => Call | Promise<Call>;
  expect: Expectation;
  /** For private resources: the same request for one that does not exist, which a denied caller's answer must equal. */
  missing?: () => Call;
  /** A check of what the answer shows: true exactly for `revealedTo`. */
  reveals?: { what: (body: any) => boolean; to: readonly Caller[] };
  /** Further checks of an allowed answer (e.g. wait for its task). */
  after?: (caller: Caller, answer: Answer) => Promise<void>;
}

const get = (path: string): Call => ({ method: 'GET', path });
const hasDemand = (id: () => string) => (body: any) => JSON.stringify(body).includes(id());
const waitTask = async (_caller: Caller, answer: Answer) => {
  expect((await settled(answer.body.taskId)).status).toBe('succeeded');
};

const CASES: Case[] = [
  // Health, outside /v1: no key needed, the same for everyone.
  { route: 'GET /health', label: 'liveness', request: () => get('/health'), expect: everyone(200) },
  { route: 'GET /ready', label: 'readiness', request: () => get('/ready'), expect: everyone(200) },

  // The public library: patents, search, statistics. Every role reads it, partners included.
  { route: 'GET /v1/patents', label: 'list, filtered to university A', request: () => get(`/v1/patents?owner=${orgIds.uniA}`), expect: everyone(200), reveals: { what: (b) => b.patents.some((p: any) => p.id === fixtures.patentA), to: CALLERS } },
  { route: 'GET /v1/patents/:id', label: 'university A’s patent', request: () => get(`/v1/patents/${fixtures.patentA}`), expect: everyone(200) },
  // Changing a patent's offer and inventory state: its owning university and admins; every other key, university B included, is refused.
  { route: 'PATCH /v1/patents/:id', label: 'university A’s patent’s offer', request: () => ({ method: 'PATCH', path: `/v1/patents/${fixtures.patentA}`, json: OFFER_PATCH }), expect: only(['admin', 'uniA', 'uniA2'], 200, 403) },
  { route: 'PATCH /v1/patents/:id', label: 'university B’s patent’s inventory state', request: () => ({ method: 'PATCH', path: `/v1/patents/${fixtures.patentB}`, json: { inventoryState: 'implemented' } }), expect: only(['admin', 'uniB'], 200, 403) },
  { route: 'GET /v1/patents/:id/similar', label: 'like university A’s patent', request: () => get(`/v1/patents/${fixtures.patentA}/similar`), expect: everyone(200) },
  { route: 'POST /v1/search', label: 'patents', request: () => ({ method: 'POST', path: '/v1/search', json: { q: '杀青 控温', limit: 50 } }), expect: everyone(200), reveals: { what: (b) => b.hits.some((h: any) => h.item.id === fixtures.patentA), to: CALLERS } },
  { route: 'GET /v1/stats/inventory', label: 'university A’s inventory', request: () => get(`/v1/stats/inventory?owner=${orgIds.uniA}`), expect: everyone(200) },
  { route: 'GET /v1/stats/index', label: 'index status', request: () => get('/v1/stats/index'), expect: everyone(200) },

  // Organisations and chains: public directory data; registering an organisation is for admins and brokers.
  { route: 'GET /v1/organizations', label: 'enterprises', request: () => get('/v1/organizations?kind=enterprise&limit=100'), expect: everyone(200), reveals: { what: (b) => b.organizations.some((o: any) => o.id === orgIds.entA), to: CALLERS } },
  { route: 'GET /v1/organizations/:id', label: 'enterprise A', request: () => get(`/v1/organizations/${orgIds.entA}`), expect: everyone(200) },
  { route: 'POST /v1/organizations', label: 'a new enterprise', request: () => ({ method: 'POST', path: '/v1/organizations', json: { name: '济南矩阵测试新企业有限公司', kind: 'enterprise' } }), expect: only(['admin', 'broker'], 201, 403) },
  { route: 'GET /v1/chains', label: 'the catalogue', request: () => get('/v1/chains'), expect: everyone(200) },
  { route: 'GET /v1/chains/:id', label: 'one chain', request: () => get('/v1/chains/biomedicine'), expect: everyone(200) },

  // Demands: public ones for all, private ones for their enterprise, brokers and admins; writes for the enterprise.
  { route: 'POST /v1/demands', label: 'for enterprise A', request: () => ({ method: 'POST', path: '/v1/demands', json: demandBody('new') }), expect: only(A_DEMAND_OWNERS, 201, 403) },
  { route: 'POST /v1/demands', label: 'for enterprise B', request: () => ({ method: 'POST', path: '/v1/demands', json: { ...demandBody('new'), enterpriseId: orgIds.entB } }), expect: only(['admin', 'entB'], 201, 403) },
  {
    route: 'GET /v1/demands',
    label: 'all, with enterprise A’s private one',
    request: () => get('/v1/demands?limit=100'),
    expect: everyone(200),
    reveals: { what: hasDemand(() => fixtures.privateDemand), to: SEES_PRIVATE_DEMANDS },
  },
  {
    route: 'GET /v1/demands',
    label: 'enterprise A’s, by filter',
    request: () => get(`/v1/demands?enterprise=${orgIds.entA}&limit=100`),
    expect: everyone(200),
    reveals: { what: hasDemand(() => fixtures.privateDemand), to: SEES_PRIVATE_DEMANDS },
  },
  { route: 'GET /v1/demands/:id', label: 'enterprise A’s public demand', request: () => get(`/v1/demands/${fixtures.publicDemand}`), expect: everyone(200) },
  {
    route: 'GET /v1/demands/:id',
    label: 'enterprise A’s private demand',
    request: () => get(`/v1/demands/${fixtures.privateDemand}`),
    expect: only(SEES_PRIVATE_DEMANDS, 200, 404),
    missing: () => get('/v1/demands/dm_no_such_demand'),
  },
  {
    route: 'PUT /v1/demands/:id',
    label: 'enterprise A’s public demand',
    request: async () => {
      const id = await freshDemand('public');
      return { method: 'PUT', path: `/v1/demands/${id}`, json: demandBody(id) };
    },
    expect: only(A_DEMAND_OWNERS, 200, 403),
  },
  {
    route: 'PUT /v1/demands/:id',
    label: 'enterprise A’s private demand',
    request: async () => {
      const id = await freshDemand('private');
      return { method: 'PUT', path: `/v1/demands/${id}`, json: demandBody(id) };
    },
    expect: only(A_DEMAND_OWNERS, 200, 404, { broker: 403 }),
    missing: () => ({ method: 'PUT', path: '/v1/demands/dm_no_such_demand', json: demandBody('dm_no_such_demand') }),
  },
  {
    route: 'DELETE /v1/demands/:id',
    label: 'enterprise A’s public demand',
    request: async () => ({ method: 'DELETE', path: `/v1/demands/${await freshDemand('public')}` }),
    expect: only(A_DEMAND_OWNERS, 204, 403),
  },
  {
    route: 'DELETE /v1/demands/:id',
    label: 'enterprise A’s private demand',
    request: async () => ({ method: 'DELETE', path: `/v1/demands/${await freshDemand('private')}` }),
    expect: only(A_DEMAND_OWNERS, 204, 404, { broker: 403 }),
    missing: () => ({ method: 'DELETE', path: '/v1/demands/dm_no_such_demand' }),
  },
  {
    route: 'POST /v1/demands/search',
    label: 'finds enterprise A’s private demand only for those who may see it',
    request: () => ({ method: 'POST', path: '/v1/demands/search', json: { q: '杀青 控温 叶温', mode: 'keyword', limit: 50 } }),
    expect: everyone(200),
    reveals: { what: (b) => b.hits.some((h: any) => h.item.id === fixtures.privateDemand), to: SEES_PRIVATE_DEMANDS },
  },

  // Matches: those of demands the caller may see; feedback from the demand's enterprise and brokers.
  { route: 'GET /v1/demands/:id/matches', label: 'of enterprise A’s public demand', request: () => get(`/v1/demands/${fixtures.publicDemand}/matches?limit=5`), expect: everyone(200) },
  {
    route: 'GET /v1/demands/:id/matches',
    label: 'of enterprise A’s private demand',
    request: () => get(`/v1/demands/${fixtures.privateDemand}/matches?limit=5`),
    expect: only(SEES_PRIVATE_DEMANDS, 200, 404),
    missing: () => get('/v1/demands/dm_no_such_demand/matches?limit=5'),
  },
  {
    route: 'GET /v1/demands/:id/matches',
    label: 'stored, of enterprise A’s private demand',
    request: () => get(`/v1/demands/${fixtures.privateDemand}/matches?source=stored`),
    expect: only(SEES_PRIVATE_DEMANDS, 200, 404),
    missing: () => get('/v1/demands/dm_no_such_demand/matches?source=stored'),
  },
  {
    route: 'GET /v1/patents/:id/matches',
    label: 'of university A’s patent, with enterprise A’s private demand only for those who may see it',
    request: () => get(`/v1/patents/${fixtures.patentA}/matches?limit=100`),
    expect: everyone(200),
    reveals: { what: (b) => b.matches.some((m: any) => m.demandId === fixtures.privateDemand), to: SEES_PRIVATE_DEMANDS },
  },
  {
    route: 'POST /v1/demands/:id/matches/:patentId/feedback',
    label: 'on enterprise A’s public demand',
    request: () => ({ method: 'POST', path: `/v1/demands/${fixtures.publicDemand}/matches/${fixtures.patentA}/feedback`, json: { verdict: 'interested' } }),
    expect: only([...A_DEMAND_OWNERS, 'broker'], 201, 403),
  },
  {
    route: 'POST /v1/demands/:id/matches/:patentId/feedback',
    label: 'on enterprise A’s private demand',
    request: () => ({ method: 'POST', path: `/v1/demands/${fixtures.privateDemand}/matches/${fixtures.patentA}/feedback`, json: { verdict: 'interested' } }),
    expect: only([...A_DEMAND_OWNERS, 'broker'], 201, 404),
    missing: () => ({ method: 'POST', path: `/v1/demands/dm_no_such_demand/matches/${fixtures.patentA}/feedback`, json: { verdict: 'interested' } }),
  },
  { route: 'POST /v1/matches/rebuild', label: 'every demand', request: () => ({ method: 'POST', path: '/v1/matches/rebuild' }), expect: only(['admin', 'broker'], 202, 403), after: waitTask },

  // Imports: universities upload their own stock; public datasets by name are for admins; demand sheets for brokers.
  {
    route: 'POST /v1/imports',
    label: 'an upload of university A’s stock',
    request: () => ({ method: 'POST', path: '/v1/imports', form: { filename: 'a.csv', text: `${PATENT_HEADER}\n${PATENT_A_ROW}\n` } }),
    expect: only(['admin', 'uniA', 'uniA2', 'uniB'], 202, 403),
    after: async (caller, answer) => {
      const task = await settled(answer.body.taskId);
      expect(task.status).toBe('succeeded');
      // University B may upload, but not A's patent: the record is rejected, the patent unchanged.
      if (caller === 'uniB') expect([task.counts.rejected, task.errors[0]?.message]).toEqual([1, expect.stringMatching(/^not_your_patent: /)]);
      else expect(task.counts).toMatchObject({ rejected: 0, unchanged: 1 });
    },
  },
  {
    route: 'POST /v1/imports/preview',
    label: 'of university A’s stock (writes nothing)',
    request: () => ({ method: 'POST', path: '/v1/imports/preview', form: { filename: 'a.csv', text: `${PATENT_HEADER}\n${PATENT_A_ROW}\n` } }),
    expect: only(['admin', 'uniA', 'uniA2', 'uniB'], 200, 403),
    after: async (_caller, answer) => expect([answer.body.rowCount, answer.body.missingRequiredFields]).toEqual([1, []]),
  },
  {
    route: 'POST /v1/imports',
    label: 'a public dataset by name',
    request: () => ({ method: 'POST', path: '/v1/imports', json: { dataset: 'project-sample' } }),
    expect: only(['admin'], 202, 403),
    after: waitTask,
  },
  {
    route: 'POST /v1/demands/imports',
    label: 'a demand sheet',
    request: () => ({ method: 'POST', path: '/v1/demands/imports', form: { filename: 'demands.csv', text: DEMAND_SHEET } }),
    expect: only(['admin', 'broker'], 202, 403),
    after: waitTask,
  },

  // Tasks: admins, brokers, and the key or organisation that started them.
  { route: 'GET /v1/tasks', label: 'listed, with university A’s upload', request: () => get('/v1/tasks?limit=100'), expect: everyone(200), reveals: { what: (b) => b.tasks.some((t: any) => t.id === fixtures.taskA), to: SEES_TASK_A } },
  { route: 'GET /v1/tasks', label: 'listed, with the sample import (started by nobody’s key)', request: () => get('/v1/tasks?type=import&limit=100'), expect: everyone(200), reveals: { what: (b) => b.tasks.some((t: any) => t.id === fixtures.sampleTask), to: ['admin', 'broker'] } },
  { route: 'GET /v1/tasks/:id', label: 'university A’s upload', request: () => get(`/v1/tasks/${fixtures.taskA}`), expect: only(SEES_TASK_A, 200, 404), missing: () => get('/v1/tasks/2147483647') },
  { route: 'GET /v1/tasks/:id', label: 'the sample import', request: () => get(`/v1/tasks/${fixtures.sampleTask}`), expect: only(['admin', 'broker'], 200, 404), missing: () => get('/v1/tasks/2147483647') },
  { route: 'GET /v1/tasks/:id/errors', label: 'of university A’s upload', request: () => get(`/v1/tasks/${fixtures.taskA}/errors?format=json`), expect: only(SEES_TASK_A, 200, 404), missing: () => get('/v1/tasks/2147483647/errors?format=json') },
  { route: 'GET /v1/tasks/:id/errors', label: 'of university A’s upload, as CSV', request: () => get(`/v1/tasks/${fixtures.taskA}/errors`), expect: only(SEES_TASK_A, 200, 404), missing: () => get('/v1/tasks/2147483647/errors') },

  // Webhooks: each key holds its own.
  { route: 'POST /v1/webhooks', label: 'for the caller’s own key', request: () => ({ method: 'POST', path: '/v1/webhooks', json: { url: 'https://hooks.example.com/pb', events: ['patent.imported'] } }), expect: everyone(201) },
  {
    route: 'POST /v1/webhooks',
    label: 'for enterprise A’s organisation',
    request: () => ({ method: 'POST', path: '/v1/webhooks', json: { url: 'https://hooks.example.com/pb', events: ['match.created'], organizationId: orgIds.entA } }),
    expect: only(['admin', 'entA', 'entA2'], 201, 403),
  },
  { route: 'GET /v1/webhooks', label: 'with the one of enterprise A’s key', request: () => get('/v1/webhooks'), expect: everyone(200), reveals: { what: (b) => b.webhooks.some((w: any) => w.id === fixtures.webhookA), to: HOLDS_WEBHOOK_A } },
  { route: 'GET /v1/webhooks/:id/deliveries', label: 'of enterprise A’s key’s webhook', request: () => get(`/v1/webhooks/${fixtures.webhookA}/deliveries`), expect: only(HOLDS_WEBHOOK_A, 200, 404), missing: () => get('/v1/webhooks/wh_no_such_hook/deliveries') },
  {
    route: 'DELETE /v1/webhooks/:id',
    label: 'one of enterprise A’s key',
    request: async () => {
      const hook = await createSubscription(system.context.db, { apiKeyId: keyIds.entA, organizationId: orgIds.entA, url: 'https://hooks.example.com/a', events: ['match.created'] });
      return { method: 'DELETE', path: `/v1/webhooks/${hook.id}` };
    },
    expect: only(HOLDS_WEBHOOK_A, 204, 404),
    missing: () => ({ method: 'DELETE', path: '/v1/webhooks/wh_no_such_hook' }),
  },

  // Who the key is: every key, each seeing only itself.
  {
    route: 'GET /v1/me',
    label: 'the caller’s own key and organisation',
    request: () => get('/v1/me'),
    expect: everyone(200),
    after: async (caller, answer) => {
      expect(answer.body.keyId).toBe(keyIds[caller]);
      expect(answer.body.organization?.id ?? null).toBe(caller === 'admin' ? null : orgIds[KEYS[caller].org]);
    },
  },

  // API keys: admins only.
  { route: 'POST /v1/keys', label: 'for the partner platform', request: () => ({ method: 'POST', path: '/v1/keys', json: { organizationId: orgIds.partner, role: 'partner', label: 'second key' } }), expect: only(['admin'], 201, 403) },
  { route: 'GET /v1/keys', label: 'all', request: () => get('/v1/keys'), expect: only(['admin'], 200, 403) },
  { route: 'GET /v1/keys', label: 'enterprise A’s', request: () => get(`/v1/keys?organization=${orgIds.entA}`), expect: only(['admin'], 200, 403) },
  {
    route: 'DELETE /v1/keys/:id',
    label: 'one of enterprise A',
    request: async () => {
      const { key } = await issueApiKey(system.context.db, { organizationId: orgIds.entA, role: 'enterprise', label: 'to revoke' });
      return { method: 'DELETE', path: `/v1/keys/${key.id}` };
    },
    expect: only(['admin'], 200, 403),
  },

  // Last, as it rebuilds the index every search above used.
  { route: 'POST /v1/index/rebuild', label: 'the search index', request: () => ({ method: 'POST', path: '/v1/index/rebuild' }), expect: only(['admin'], 202, 403), after: waitTask },

  // Roadshows: drafts are the brokers' own; a published event's public part is everyone's; invitations, requests and meetings are the participants'.
  { route: 'POST /v1/roadshows/plan', label: 'a year', request: () => ({ method: 'POST', path: '/v1/roadshows/plan', json: { year: 2031, minSupply: 0, minDemand: 0 } }), expect: only(['admin', 'broker'], 200, 403) },
  { route: 'GET /v1/roadshows/plans/:year', label: 'the year just planned', request: () => get('/v1/roadshows/plans/2031'), expect: only(['admin', 'broker'], 200, 403) },
  {
    route: 'GET /v1/roadshows',
    label: 'of 2030, with a draft',
    request: () => get('/v1/roadshows?year=2030'),
    expect: everyone(200),
    reveals: { what: (b) => b.items.some((r: any) => r.id === DRAFT_ROADSHOW), to: ['admin', 'broker'] },
  },
  { route: 'GET /v1/roadshows/:id', label: 'a draft', request: () => get(`/v1/roadshows/${DRAFT_ROADSHOW}`), expect: only(['admin', 'broker'], 200, 404), missing: () => get(`/v1/roadshows/${NO_ROADSHOW}`) },
  {
    route: 'GET /v1/roadshows/:id',
    label: 'a published one, with enterprise A’s invitation',
    request: () => get(`/v1/roadshows/${ROADSHOW}`),
    expect: everyone(200),
    reveals: { what: (b) => b.invitations.some((i: any) => i.enterpriseId === orgIds.entA), to: ['admin', 'broker', 'entA', 'entA2'] },
  },
  { route: 'POST /v1/roadshows/:id/build', label: 'a published one (not a draft)', request: () => ({ method: 'POST', path: `/v1/roadshows/${ROADSHOW}/build`, json: { date: '2030-04-16' } }), expect: only(['admin', 'broker'], 409, 403) },
  { route: 'POST /v1/roadshows/:id/publish', label: 'an unbuilt draft', request: () => ({ method: 'POST', path: `/v1/roadshows/${DRAFT_ROADSHOW}/publish` }), expect: only(['admin', 'broker'], 409, 403) },
  { route: 'POST /v1/roadshows/:id/hold', label: 'a draft (not published)', request: () => ({ method: 'POST', path: `/v1/roadshows/${DRAFT_ROADSHOW}/hold` }), expect: only(['admin', 'broker'], 409, 403) },
  { route: 'POST /v1/roadshows/:id/close', label: 'a published one (not held)', request: () => ({ method: 'POST', path: `/v1/roadshows/${ROADSHOW}/close` }), expect: only(['admin', 'broker'], 409, 403) },
  {
    route: 'PUT /v1/roadshows/:id/availability/:organizationId',
    label: 'university A’s slots',
    request: () => ({ method: 'PUT', path: `/v1/roadshows/${ROADSHOW}/availability/${orgIds.uniA}`, json: { slots: [{ from: 0, to: 3 }] } }),
    expect: only(['admin', 'broker', 'uniA', 'uniA2'], 200, 403),
  },
  {
    route: 'GET /v1/roadshows/:id/meeting-requests',
    label: 'with enterprise A’s must-meet',
    request: () => get(`/v1/roadshows/${ROADSHOW}/meeting-requests`),
    expect: only(['admin', 'broker', 'entA', 'entA2', 'entB'], 200, 403),
    reveals: { what: (b) => b.requests.some((r: any) => r.enterpriseId === orgIds.entA), to: ['admin', 'broker', 'entA', 'entA2'] },
  },
  {
    route: 'PUT /v1/roadshows/:id/meeting-requests',
    label: 'enterprise A’s',
    request: () => ({ method: 'PUT', path: `/v1/roadshows/${ROADSHOW}/meeting-requests`, json: { enterpriseId: orgIds.entA, requests: [{ ownerOrganizationId: orgIds.uniA, preference: 'must_meet' }] } }),
    expect: only(['admin', 'broker', 'entA', 'entA2'], 200, 403),
  },
  { route: 'POST /v1/roadshows/:id/schedule', label: 'the meetings', request: () => ({ method: 'POST', path: `/v1/roadshows/${ROADSHOW}/schedule`, json: { keepCurrent: true } }), expect: only(['admin', 'broker'], 202, 403), after: waitTask },
  {
    route: 'POST /v1/roadshows/:id/cancellations',
    label: 'university A leaving the last slot',
    request: () => ({ method: 'POST', path: `/v1/roadshows/${ROADSHOW}/cancellations`, json: { cancellations: [{ kind: 'owner', ownerId: orgIds.uniA, slots: [{ from: 3, to: 3 }] }] } }),
    expect: only(['admin', 'broker'], 202, 403),
    after: waitTask,
  },
  {
    route: 'GET /v1/roadshows/:id/meetings',
    label: 'enterprise A meeting university A',
    request: () => get(`/v1/roadshows/${ROADSHOW}/meetings`),
    expect: only(['admin', 'broker', 'entA', 'entA2', 'entB', 'uniA', 'uniA2', 'uniB'], 200, 403),
    reveals: { what: (b) => b.meetings.some((m: any) => m.enterpriseId === orgIds.entA && m.status === 'scheduled'), to: ['admin', 'broker', 'entA', 'entA2', 'uniA', 'uniA2'] },
  },
  { route: 'PATCH /v1/roadshows/:id/meetings/:meetingId', label: 'a meeting that does not exist', request: () => ({ method: 'PATCH', path: `/v1/roadshows/${ROADSHOW}/meetings/999999`, json: { slot: 1 } }), expect: only(['admin', 'broker'], 404, 403) },
  { route: 'POST /v1/roadshows/:id/meetings/:meetingId/outcome', label: 'a meeting that does not exist', request: () => ({ method: 'POST', path: `/v1/roadshows/${ROADSHOW}/meetings/999999/outcome`, json: { status: 'held' } }), expect: only(['admin', 'broker'], 404, 403) },
  {
    route: 'POST /v1/roadshows/:id/contracts',
    label: 'enterprise A licensing patent A',
    request: () => ({ method: 'POST', path: `/v1/roadshows/${ROADSHOW}/contracts`, json: { enterpriseId: orgIds.entA, ownerOrganizationId: orgIds.uniA, patentIds: [fixtures.patentA], kind: 'licence', valueCny: 80000, signedOn: '2030-05-01' } }),
    expect: only(['admin', 'broker'], 201, 403),
  },
  { route: 'GET /v1/roadshows/:id/contracts', label: 'of the published roadshow', request: () => get(`/v1/roadshows/${ROADSHOW}/contracts`), expect: only(['admin', 'broker'], 200, 403) },
  { route: 'GET /v1/roadshows/:id/exports/:file', label: 'the event calendar', request: () => get(`/v1/roadshows/${ROADSHOW}/exports/agenda.ics`), expect: everyone(200) },
  { route: 'GET /v1/roadshows/:id/exports/:file', label: 'enterprise A’s calendar', request: () => get(`/v1/roadshows/${ROADSHOW}/exports/calendar.ics?participant=${orgIds.entA}`), expect: only(['admin', 'broker', 'entA', 'entA2'], 200, 403) },
  { route: 'GET /v1/roadshows/:id/exports/:file', label: 'the meeting list', request: () => get(`/v1/roadshows/${ROADSHOW}/exports/meetings.csv`), expect: only(['admin', 'broker'], 200, 403) },
  { route: 'GET /v1/roadshows/:id/exports/:file', label: 'a draft’s agenda', request: () => get(`/v1/roadshows/${DRAFT_ROADSHOW}/exports/agenda.ics`), expect: only(['admin', 'broker'], 409, 404), missing: () => get(`/v1/roadshows/${NO_ROADSHOW}/exports/agenda.ics`) },
  { route: 'GET /v1/stats/roadshows', label: 'the funnel', request: () => get('/v1/stats/roadshows?year=2030'), expect: everyone(200) },
];

beforeAll(async () => {
  system = await startSystem({ ...configFromEnv({ PB_ADMIN_KEY: ADMIN_SECRET, PB_LOG_LEVEL: 'silent' }), storage: { kind: 'pglite', dataDir: 'memory' } });
  server = createApp(system.context).listen(0);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const db = system.context.db;
  fixtures.sampleTask = system.sampleTaskId!;
  await settled(fixtures.sampleTask);

  for (const [org, { name, kind }] of Object.entries(ORGS)) expect((await saveOrganization(db, { name, kind })).id).toBe(orgIds[org as Org]);
  for (const [caller, { org, role }] of Object.entries(KEYS)) {
    const { key, secret } = await issueApiKey(db, { organizationId: orgIds[org], role, label: `access matrix ${caller}` });
    secrets[caller as Caller] = secret;
    keyIds[caller as Caller] = key.id;
  }
  keyIds.admin = 'key_bootstrap_admin';

  const uploadB = await call('uniB', { method: 'POST', path: '/v1/imports', form: { filename: 'b.csv', text: `${PATENT_HEADER}\n${PATENT_B_ROW}\n` } });
  expect((await settled(uploadB.body.taskId)).counts).toMatchObject({ imported: 1, rejected: 0 });
  patentBBefore = (await findPatent(db, PATENT_B))!;
  fixtures.patentB = patentBBefore.id;

  // University A uploads its patent, plus one of university B's under its own name and a new one of B's.
  const csv = [PATENT_HEADER, PATENT_A_ROW, patentRow(PATENT_B, '一种茶园土壤墒情监测系统（甲城改写）', '被改写的摘要。', ORGS.uniA.name), patentRow(PATENT_NEW_B, '一种茶叶烘干机', '热风循环烘干。', ORGS.uniB.name)].join('\n');
  const uploadA = await call('uniA', { method: 'POST', path: '/v1/imports', form: { filename: 'a.csv', text: `${csv}\n` } });
  expect(uploadA.status).toBe(202);
  fixtures.taskA = uploadA.body.taskId;
  await settled(fixtures.taskA);
  fixtures.patentA = (await findPatent(db, PATENT_A))!.id;

  const demand = (visibility: string) => ({ enterpriseId: orgIds.entA, title: `滚筒杀青机叶温控温改造（${visibility}）`, description: '想给滚筒杀青机加装红外测温，按茶叶叶温自动控温，减少焦边红梗。', keywords: ['杀青', '控温', '叶温'], visibility });
  fixtures.publicDemand = (await call('entA', { method: 'POST', path: '/v1/demands', json: demand('public') })).body.id;
  fixtures.privateDemand = (await call('entA', { method: 'POST', path: '/v1/demands', json: demand('private') })).body.id;
  fixtures.webhookA = (await call('entA', { method: 'POST', path: '/v1/webhooks', json: { url: 'https://hooks.example.com/a', events: ['match.created'] } })).body.id;
  expect([fixtures.publicDemand, fixtures.privateDemand, fixtures.webhookA].every(Boolean)).toBe(true);
  await indexed();
  await roadshowFixtures();
}, 180_000);

async function roadshowFixtures(): Promise<void> {
  const db = system.context.db;
  const settings = EventSettings.parse({ date: '2030-04-16', meetings: { slots: 4, minutes: 20, tables: 2, smeCap: 2 } });
  const lineUp = [{ rank: 1, patentId: fixtures.patentA, title: '一种滚筒杀青机叶温自动控温装置', ownerOrganizationIds: [orgIds.uniA], relevance: 0.8, reason: '第 1 位' }];
  const agenda = buildAgenda({ date: settings.date, pitches: lineUp, organizations: [{ id: orgIds.uniA, name: ORGS.uniA.name }], meetings: { slots: 4, minutes: 20 } });
  await db.insertInto('roadshows').values({ id: DRAFT_ROADSHOW, chain_id: 'modern-agriculture-food', month: '2030-03', reason: '测试草稿' }).execute();
  await db
    .insertInto('roadshows')
    .values({ id: ROADSHOW, chain_id: 'modern-agriculture-food', month: '2030-04', state: 'published', reason: '测试路演', settings: JSON.stringify(settings), line_up: JSON.stringify(lineUp), agenda: JSON.stringify(agenda), published_at: new Date().toISOString() })
    .execute();
  await db
    .insertInto('roadshow_invitations')
    .values({ roadshow_id: ROADSHOW, enterprise_id: orgIds.entA, rank: 1, strength: 0.8, best: 0.8, matched: JSON.stringify([{ patentId: fixtures.patentA, title: lineUp[0]!.title, ownerNames: [ORGS.uniA.name], demandId: fixtures.privateDemand, demandTitle: '私有需求', score: 0.8 }]), text: '尊敬的甲方测试茶业有限公司：' })
    .execute();
  await db.insertInto('roadshow_owners').values({ roadshow_id: ROADSHOW, organization_id: orgIds.uniA, patent_ids: [fixtures.patentA] }).execute();
  await db.insertInto('meeting_requests').values({ roadshow_id: ROADSHOW, enterprise_id: orgIds.entA, owner_organization_id: orgIds.uniA, preference: 'must_meet' }).execute();
  const meeting = await db.insertInto('meetings').values({ roadshow_id: ROADSHOW, enterprise_id: orgIds.entA, owner_organization_id: orgIds.uniA, slot: 0, table_no: 0, value: 0.8, kind: 'must_meet' }).returning('id').executeTakeFirstOrThrow();
  fixtures.meetingA = String(meeting.id);
}

afterAll(async () => {
  server?.close();
  await system?.close();
});

describe('access control', () => {
  it('a university’s upload writes its own patents and rejects, per record, one owned by another university (not_your_patent), which stays unchanged', async () => {
    const task = await settled(fixtures.taskA);
    expect(task.status).toBe('succeeded');
    expect(task.counts).toEqual({ received: 3, imported: 1, updated: 0, unchanged: 0, merged: 0, rejected: 2 });
    expect(task.errors.map((e: any) => [e.line, e.field, e.message.split(':')[0]])).toEqual([
      [3, 'owners', 'not_your_patent'],
      [4, 'owners', 'not_your_patent'],
    ]);
    expect(task.details.createdBy).toEqual({ keyId: keyIds.uniA, organizationId: orgIds.uniA });
    // Demand pull (the matcher, in the background) may re-score it; its content must not change.
    const { screening: _now, updatedAt: _u1, revision: _r1, ...unchanged } = (await findPatent(system.context.db, PATENT_B))! as Patent & { revision?: number };
    const { screening: _then, updatedAt: _u2, revision: _r2, ...before } = patentBBefore as Patent & { revision?: number };
    expect(unchanged).toEqual(before);
    expect(await findPatent(system.context.db, PATENT_NEW_B)).toBeUndefined();
    expect((await findPatent(system.context.db, PATENT_A))?.ownerOrganizationIds).toEqual([orgIds.uniA]);
  });

  it('the matrix covers every route the route files declare', () => {
    const declared = new Set<string>();
    const files = [
      ...readdirSync(new URL('../src/routes/', import.meta.url)).map((f) => new URL(`../src/routes/${f}`, import.meta.url)),
      new URL('../../../packages/webhooks/src/routes.ts', import.meta.url),
    ];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const prefix = file.pathname.endsWith('/health.ts') ? '' : '/v1';
      for (const m of text.matchAll(/router\.(get|post|put|delete|patch)\(\s*'([^']+)'/g)) declared.add(`${m[1]!.toUpperCase()} ${prefix}${m[2]}`);
    }
    expect(declared.size).toBeGreaterThan(25);
    const covered = new Set(CASES.map((c) => c.route));
    expect([...declared].filter((route) => !covered.has(route))).toEqual([]);
    expect([...covered].filter((route) => !declared.has(route))).toEqual([]);
  });

  it('partners read under their quota; admins have none', async () => {
    const partner = await call('partner', get('/v1/patents?limit=1'));
    expect(partner.status).toBe(200);
    expect(partner.headers.get('ratelimit-limit')).toBe('120');
    expect((await call('admin', get('/v1/patents?limit=1'))).headers.get('ratelimit-limit')).toBeNull();
  });

  for (const c of CASES) {
    it(`${c.route} — ${c.label}`, async () => {
      const outcomes: Record<string, number> = {};
      for (const caller of CALLERS) {
        const request = await c.request();
        const before = request.method === 'GET' ? undefined : await snapshot();
        const answer = await call(caller, request);
        outcomes[caller] = answer.status;
        const allowed = answer.status < 300;
        if (!allowed && before) expect(await snapshot(), `${caller}: a denied ${request.method} changed nothing`).toEqual(before);
        if (!allowed && c.missing && answer.status === 404) {
          const missing = await call(caller, c.missing());
          expect([missing.status, missing.body?.code], `${caller}: denied exactly as if it did not exist`).toEqual([404, answer.body?.code]);
        }
        if (allowed && c.reveals) expect(c.reveals.what(answer.body), `${caller} ${c.reveals.to.includes(caller) ? 'sees' : 'must not see'} it`).toBe(c.reveals.to.includes(caller));
        if (allowed && c.after) await c.after(caller, answer);
      }
      expect(outcomes).toEqual(c.expect);
    }, 120_000);
  }

  it('a key that does not see every task lists only tasks its key or organisation started', async () => {
    for (const caller of ['uniA', 'uniA2', 'uniB', 'entA', 'entB', 'partner'] as const) {
      const { body } = await call(caller, get('/v1/tasks?limit=100'));
      const org = orgIds[KEYS[caller].org];
      for (const task of body.tasks) expect(task.details.createdBy.keyId === keyIds[caller] || task.details.createdBy.organizationId === org, `${caller} sees task ${task.id}`).toBe(true);
      if (caller === 'uniB') expect(body.tasks.length).toBeGreaterThanOrEqual(2);
    }
  });
});
