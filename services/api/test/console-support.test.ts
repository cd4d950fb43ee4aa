import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueApiKey } from '@patent-bridge/access';
import { findPatent, organizationId, saveOrganization } from '@patent-bridge/db';
import { applicationCheckDigit } from '@patent-bridge/domain';
import { configFromEnv } from '../src/config.ts';
import { createApp } from '../src/app.ts';
import { startSystem, type RunningSystem } from '../src/system.ts';
import { encodeGb18030 } from '../../../packages/inventory/test/fixtures/malformed.ts';
import { writeWorkbook } from '../../../packages/inventory/test/demands/workbook.ts';

/**
 * The endpoints the web console needs beyond the partner API: who a key is (`GET /v1/me`), editing
 * a patent's offer and inventory state (`PATCH /v1/patents/{id}`), previewing an upload's column
 * mapping (`POST /v1/imports/preview`), the dashboard's statistics and the patent list's filters.
 */

const ADMIN = 'test-admin-key-console-support-0123';
const UNI_A = { name: '甲城控制台测试理工大学', kind: 'university' } as const;
const UNI_B = { name: '乙城控制台测试农业大学', kind: 'university' } as const;
const ENT = { name: '丙方控制台测试茶业有限公司', kind: 'enterprise' } as const;
const PARTNER = { name: '丁方控制台测试科技服务平台', kind: 'partner_platform' } as const;

let system: RunningSystem;
let server: Server;
let base: string;
const keys = { admin: ADMIN } as Record<'admin' | 'uniA' | 'uniB' | 'ent' | 'partner', string>;
const keyIds = {} as Record<'uniA' | 'uniB' | 'ent' | 'partner', string>;
const org = { uniA: organizationId(UNI_A.name), uniB: organizationId(UNI_B.name) };

const number = (body: string) => `${body}.${applicationCheckDigit(body)}`;
const day = (date: Date) => date.toISOString().slice(0, 10);
const today = new Date();
/** A utility model whose ten-year term ends about two months from now. */
const expiringFiled = new Date(Date.UTC(today.getUTCFullYear() - 10, today.getUTCMonth(), today.getUTCDate() + 60));
/** An invention whose twenty-year term ended a month ago. */
const expiredFiled = new Date(Date.UTC(today.getUTCFullYear() - 20, today.getUTCMonth(), today.getUTCDate() - 30));

const P1 = number('202110086421'); // uni A, invention, idle
const P2 = number(`${expiringFiled.getUTCFullYear()}20012345`); // uni A, utility model, expiring within 12 months
const P3 = number('201910031234'); // uni A, invention, licensed
const P4 = number('202010075312'); // uni B, invention
const P5 = number(`${expiredFiled.getUTCFullYear()}10054321`); // uni B, invention, term over

const HEADER = '申请号,名称,摘要,主分类号,专利权人,申请日,法律状态,许可次数';
const INVENTORY = [
  HEADER,
  `${P1},一种滚筒杀青机叶温自动控温装置,红外测温实时检测茶叶叶温，自动调节杀青机加热功率。,A23F 3/06,${UNI_A.name},2021-04-12,授权,`,
  `${P2},一种土壤墒情监测探头,多点土壤湿度传感器与无线网关。,G01N 33/24,${UNI_A.name},${day(expiringFiled)},授权,`,
  `${P3},一种茶叶揉捻压力控制方法,按叶量自动调节揉捻机压力。,A23F 3/12,${UNI_A.name},2019-03-08,授权,2`,
  `${P4},一种茶园灌溉调度系统,按墒情指导茶园灌溉。,A01G 25/16,${UNI_B.name},2020-06-30,授权,`,
  `${P5},一种老式烘干机,热风循环烘干。,F26B 17/00,${UNI_B.name},${day(expiredFiled)},授权,`,
].join('\n');

interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

async function call(who: keyof typeof keys, method: string, path: string, init: { json?: unknown; form?: FormData; headers?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = { authorization: `Bearer ${keys[who]}`, ...init.headers };
  let body: string | FormData | undefined = init.form;
  if (init.json !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(init.json);
  }
  const res = await fetch(`${base}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // text answers stay text
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

function form(bytes: Uint8Array | string, filename: string, mapping?: Record<string, string>): FormData {
  const data = new FormData();
  data.append('file', new Blob([typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes]), filename);
  if (mapping) data.append('mapping', JSON.stringify(mapping));
  return data;
}

async function settled(taskId: number): Promise<any> {
  for (let i = 0; i < 1200; i++) {
    const { body } = await call('admin', 'GET', `/v1/tasks/${taskId}`);
    if (body.status === 'succeeded' || body.status === 'failed') return body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`task ${taskId} did not finish`);
}

/** What a write could change: patents, their change log, tasks. */
async function footprint(): Promise<Record<string, unknown>> {
  const { rows } = await sql<Record<string, unknown>>`
    select
      (select count(*)::int from patents) as patents,
      (select md5(coalesce(string_agg(id || ':' || revision || ':' || content_hash, ',' order by id), '')) from patents) as revisions,
      (select count(*)::int from patent_changes) as changes,
      (select count(*)::int from tasks) as tasks,
      (select count(*)::int from task_payloads) as payloads
  `.execute(system.context.db);
  return rows[0]!;
}

const idOf = async (no: string) => (await findPatent(system.context.db, no))!.id;

beforeAll(async () => {
  system = await startSystem({ ...configFromEnv({ PB_ADMIN_KEY: ADMIN, PB_LOG_LEVEL: 'silent', PB_LOAD_SAMPLE: 'false' }), storage: { kind: 'pglite', dataDir: 'memory' } });
  server = createApp(system.context).listen(0);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const db = system.context.db;
  for (const [who, organization, role] of [
    ['uniA', UNI_A, 'university'],
    ['uniB', UNI_B, 'university'],
    ['ent', ENT, 'enterprise'],
    ['partner', PARTNER, 'partner'],
  ] as const) {
    const saved = await saveOrganization(db, organization);
    const { key, secret } = await issueApiKey(db, { organizationId: saved.id, role, label: `控制台 ${who}` });
    keys[who] = secret;
    keyIds[who] = key.id;
  }
  const upload = await call('admin', 'POST', '/v1/imports', { form: form(`${INVENTORY}\n`, 'inventory.csv') });
  expect(upload.status).toBe(202);
  const task = await settled(upload.body.taskId);
  expect(task.counts).toMatchObject({ imported: 5, rejected: 0 });
}, 120_000);

afterAll(async () => {
  server?.close();
  await system?.close();
});

describe('GET /v1/me', () => {
  it('tells a university key its organisation, key name, quota, permissions and console pages', async () => {
    const { status, body } = await call('uniA', 'GET', '/v1/me');
    expect(status).toBe(200);
    expect(body).toEqual({
      role: 'university',
      organization: { id: org.uniA, name: UNI_A.name, kind: 'university' },
      keyId: keyIds.uniA,
      keyName: '控制台 uniA',
      keyPrefix: expect.stringMatching(/^\w{6,}$/),
      quotaPerMinute: 600,
      permissions: {
        canImport: true,
        canImportDatasets: false,
        canEditPatents: 'own',
        canWriteDemands: 'none',
        canImportDemands: false,
        canGiveMatchFeedback: false,
        canRebuildMatches: false,
        canManageRoadshows: false,
        canRegisterOrganizations: false,
        canIssueKeys: false,
        canRebuildIndex: false,
        seesPrivateDemands: false,
        seesAllTasks: false,
      },
      pages: ['dashboard', 'patents', 'import', 'search', 'tasks'],
    });
  });

  it('tells the configured admin key it has no organisation and may do everything', async () => {
    const { body } = await call('admin', 'GET', '/v1/me');
    expect(body).toMatchObject({ role: 'admin', organization: null, keyId: 'key_bootstrap_admin', keyName: 'PB_ADMIN_KEY', keyPrefix: null, quotaPerMinute: null });
    expect(Object.values(body.permissions).every((v) => v === true || v === 'any')).toBe(true);
    expect(body.pages).toEqual(['dashboard', 'patents', 'import', 'search', 'demands', 'matches', 'meetings', 'roadshows', 'tasks', 'keys']);
  });

  it('shows an SME its demand and match pages, and a partner only the public library', async () => {
    const sme = (await call('ent', 'GET', '/v1/me')).body;
    expect(sme.permissions).toMatchObject({ canImport: false, canWriteDemands: 'own', canGiveMatchFeedback: true, canEditPatents: 'none', canIssueKeys: false });
    expect(sme.pages).toEqual(['patents', 'search', 'demands', 'matches', 'meetings']);
    const partner = (await call('partner', 'GET', '/v1/me')).body;
    expect([partner.role, partner.organization.kind, partner.quotaPerMinute, partner.pages]).toEqual(['partner', 'partner_platform', 120, ['patents', 'search']]);
  });
});

describe('PATCH /v1/patents/{id}', () => {
  const offer = { declared: true, feeCny: 20000, paymentMode: 'annual', termYears: 3 };

  it('lets the owning university set the open-licence offer and inventory state, logs it, re-screens it and bumps the revision', async () => {
    const id = await idOf(P1);
    const before = await sql<{ revision: number; content_hash: string }>`select revision, content_hash from patents where id = ${id}`.execute(system.context.db);
    const outboxBefore = (await sql<{ n: number }>`select count(*)::int as n from index_outbox where entity_id = ${id}`.execute(system.context.db)).rows[0]!.n;

    const { status, body, headers } = await call('uniA', 'PATCH', `/v1/patents/${encodeURIComponent(`ZL ${P1}`)}`, { json: { openLicence: offer, inventoryState: 'implemented' } });
    expect(status).toBe(200);
    expect(body).toMatchObject({ id, openLicence: offer, inventoryState: 'implemented' });
    expect(body.screening.components.find((c: any) => c.name === 'open_licence')).toMatchObject({ value: 1, note: expect.stringContaining('许可费 20000 元') });

    const read = await call('uniA', 'GET', `/v1/patents/${id}`);
    expect(read.body).toEqual(body);
    expect(headers.get('etag')).toBe(read.headers.get('etag'));

    const after = (await sql<{ revision: number; content_hash: string }>`select revision, content_hash from patents where id = ${id}`.execute(system.context.db)).rows[0]!;
    expect(after.revision).toBeGreaterThan(before.rows[0]!.revision);
    expect(after.content_hash).not.toBe(before.rows[0]!.content_hash);
    const changes = await system.context.db.selectFrom('patent_changes').select(['source', 'change', 'fields', 'task_id']).where('patent_id', '=', id).orderBy('id', 'desc').limit(1).execute();
    expect(changes).toEqual([{ source: `api:${keyIds.uniA}`, change: 'updated', fields: ['openLicence', 'inventoryState'], task_id: null }]);
    const outboxAfter = (await sql<{ n: number }>`select count(*)::int as n from index_outbox where entity_id = ${id}`.execute(system.context.db)).rows[0]!.n;
    // The indexer may already have drained the outbox; the match queue keeps its entry until the matcher runs.
    const queued = await sql<{ n: number }>`select count(*)::int as n from match_queue where entity_id = ${id}`.execute(system.context.db);
    expect(outboxAfter > outboxBefore || queued.rows[0]!.n > 0).toBe(true);

    const listed = await call('uniA', 'GET', '/v1/patents?openLicence=true');
    expect(listed.body.patents.map((p: any) => p.id)).toEqual([id]);
  });

  it('merges: a field left out stays, null removes it, "openLicence": null withdraws the offer', async () => {
    const id = await idOf(P1);
    const merged = await call('uniA', 'PATCH', `/v1/patents/${id}`, { json: { openLicence: { feeCny: null, paymentMode: 'royalty' } } });
    expect(merged.status).toBe(200);
    expect([merged.body.openLicence, merged.body.inventoryState]).toEqual([{ declared: true, paymentMode: 'royalty', termYears: 3 }, 'implemented']);
    const withdrawn = await call('uniA', 'PATCH', `/v1/patents/${id}`, { json: { openLicence: null } });
    expect(withdrawn.body.openLicence).toBeUndefined();
    // (not `total`: it is reused for 5 s per filter set)
    expect((await call('uniA', 'GET', '/v1/patents?openLicence=true')).body.patents).toEqual([]);
    const restored = await call('uniA', 'PATCH', `/v1/patents/${id}`, { json: { openLicence: offer } });
    expect(restored.body.openLicence).toEqual(offer);
  });

  it('changes nothing, and logs nothing, when the patch repeats what is stored', async () => {
    const before = await footprint();
    const { status, body } = await call('uniA', 'PATCH', `/v1/patents/${await idOf(P1)}`, { json: { openLicence: { declared: true }, inventoryState: 'implemented' } });
    expect([status, body.openLicence]).toEqual([200, offer]);
    expect(await footprint()).toEqual(before);
  });

  it('refuses unknown fields by name, bad values by field, an empty patch and a contradictory offer, writing nothing', async () => {
    const id = await idOf(P1);
    const before = await footprint();
    const unknown = await call('uniA', 'PATCH', `/v1/patents/${id}`, { json: { inventoryState: 'idle', title: '改名', openLicence: { declared: true, fee: 5 } } });
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(unknown.body.code).toBe('invalid_request');
    expect(unknown.body.errors.map((e: any) => e.field).sort()).toEqual(['openLicence.fee', 'title']);
    expect(unknown.body.detail).toContain('title: unknown field "title"');

    const badState = await call('uniA', 'PATCH', `/v1/patents/${id}`, { json: { inventoryState: 'sold' } });
    expect([badState.status, badState.body.errors[0].field]).toEqual([400, 'inventoryState']);
    const badFee = await call('uniA', 'PATCH', `/v1/patents/${id}`, { json: { openLicence: { feeCny: -1 } } });
    expect([badFee.status, badFee.body.errors[0].field]).toEqual([400, 'openLicence.feeCny']);
    expect((await call('uniA', 'PATCH', `/v1/patents/${id}`, { json: {} })).status).toBe(400);
    expect((await call('uniA', 'PATCH', `/v1/patents/${id}`, { json: [] })).status).toBe(400);
    const free = await call('uniA', 'PATCH', `/v1/patents/${id}`, { json: { openLicence: { paymentMode: 'free' } } });
    expect([free.status, free.body.code, free.body.errors[0].field]).toEqual([400, 'invalid_offer', 'openLicence.feeCny']);
    const text = await call('uniA', 'PATCH', `/v1/patents/${id}`, { json: { inventoryState: 'idle' }, headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
    expect(await footprint()).toEqual(before);
  });

  it('refuses another university, an SME and a partner, and answers 404 for an unknown patent', async () => {
    const id = await idOf(P1);
    const before = await footprint();
    for (const who of ['uniB', 'ent', 'partner'] as const) {
      const { status, body } = await call(who, 'PATCH', `/v1/patents/${id}`, { json: { inventoryState: 'abandoned' } });
      expect([who, status, body.code]).toEqual([who, 403, 'forbidden']);
    }
    expect((await call('uniA', 'PATCH', `/v1/patents/${number('202299999999')}`, { json: { inventoryState: 'idle' } })).body.code).toBe('patent_not_found');
    expect(await footprint()).toEqual(before);
    // The owner of the other patent, and an admin, may.
    expect((await call('uniB', 'PATCH', `/v1/patents/${await idOf(P4)}`, { json: { inventoryState: 'transferred' } })).status).toBe(200);
    expect((await call('admin', 'PATCH', `/v1/patents/${await idOf(P4)}`, { json: { inventoryState: 'idle' } })).body.inventoryState).toBe('idle');
  });

  it('with If-Match, changes only the version the caller read (412 with the current tag otherwise)', async () => {
    const id = await idOf(P3);
    const read = await call('uniA', 'GET', `/v1/patents/${id}`);
    const tag = read.headers.get('etag')!;
    const first = await call('uniA', 'PATCH', `/v1/patents/${id}`, { json: { inventoryState: 'transferred' }, headers: { 'if-match': tag } });
    expect(first.status).toBe(200);
    const before = await footprint();
    const stale = await call('uniA', 'PATCH', `/v1/patents/${id}`, { json: { inventoryState: 'licensed' }, headers: { 'if-match': tag } });
    expect([stale.status, stale.body.code, stale.body.currentETag]).toEqual([412, 'precondition_failed', first.headers.get('etag')]);
    expect(await footprint()).toEqual(before);
    const fresh = await call('uniA', 'PATCH', `/v1/patents/${id}`, { json: { inventoryState: 'licensed' }, headers: { 'if-match': first.headers.get('etag')! } });
    expect([fresh.status, fresh.body.inventoryState]).toEqual([200, 'licensed']);
  });

  it('keeps the content hash right: re-importing the same file after an edit counts the patent as unchanged', async () => {
    const upload = await call('admin', 'POST', '/v1/imports', { form: form(`${HEADER}\n${INVENTORY.split('\n')[1]}\n`, 'again.csv') });
    const task = await settled(upload.body.taskId);
    expect(task.counts).toMatchObject({ received: 1, unchanged: 1, updated: 0 });
    expect((await findPatent(system.context.db, P1))?.openLicence).toEqual(offer);
  });
});

describe('POST /v1/imports/preview', () => {
  const sheet = ['申请号,名称,专利权人,院系,备注', ...Array.from({ length: 12 }, (_, i) => `${number(`2023100${String(i).padStart(5, '0')}`)},一种测试装置${i},${UNI_A.name},机械学院,第${i}行`)].join('\n');

  it('describes the column mapping, the unmapped columns and the first 10 rows, and writes nothing', async () => {
    const before = await footprint();
    const { status, body } = await call('uniA', 'POST', '/v1/imports/preview', { form: form(`${sheet}\n`, '清单.csv') });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      filename: '清单.csv',
      format: 'csv',
      encoding: 'utf-8',
      headers: ['申请号', '名称', '专利权人', '院系', '备注'],
      mapping: { 申请号: 'applicationNumber', 名称: 'title', 专利权人: 'owners', 院系: null, 备注: null },
      unmappedHeaders: ['院系', '备注'],
      missingRequiredFields: [],
      rowCount: 12,
      errorCount: 0,
    });
    expect(body.rows).toHaveLength(10);
    expect(body.rows[0]).toEqual({
      line: 2,
      cells: { 申请号: number('202310000000'), 名称: '一种测试装置0', 专利权人: UNI_A.name, 院系: '机械学院', 备注: '第0行' },
      fields: { applicationNumber: number('202310000000'), title: '一种测试装置0', owners: UNI_A.name },
    });
    expect(body.fields).toContain('openLicenceFee');
    expect(await footprint()).toEqual(before);
  });

  it('applies a mapping, and names the required fields no column feeds (the owner too, for a university)', async () => {
    const csv = 'Nummer,Bezeichnung,备注\n202110086421.X,一种犁,无\n';
    const bare = await call('uniA', 'POST', '/v1/imports/preview', { form: form(csv, 'x.csv') });
    expect(bare.body.missingRequiredFields.map((m: any) => [m.field, m.anyOf])).toEqual([
      ['title', ['title']],
      ['applicationNumber', ['applicationNumber', 'publicationNumber', 'grantPublicationNumber', 'sourceId']],
      ['owners', ['owners', 'applicants']],
    ]);
    const mapped = await call('uniA', 'POST', '/v1/imports/preview', { form: form(csv, 'x.csv', { Nummer: 'applicationNumber', Bezeichnung: 'title' }) });
    expect(mapped.body.mapping).toEqual({ Nummer: 'applicationNumber', Bezeichnung: 'title', 备注: null });
    expect(mapped.body.missingRequiredFields.map((m: any) => m.field)).toEqual(['owners']);
    expect(mapped.body.rows[0].fields).toEqual({ applicationNumber: '202110086421.X', title: '一种犁' });
    // An admin imports for any owner: no owner column is required.
    expect((await call('admin', 'POST', '/v1/imports/preview', { form: form(csv, 'x.csv', { Nummer: 'applicationNumber', Bezeichnung: 'title' }) })).body.missingRequiredFields).toEqual([]);
  });

  it('reads GB18030 CSV, XLSX and JSON Lines like the import does', async () => {
    const gb = await call('uniA', 'POST', '/v1/imports/preview', { form: form(encodeGb18030('申請號,名稱,專利權人\r\n201010110545.X,一種犁,甲城\r\n'), 'gb.csv') });
    expect([gb.body.format, gb.body.encoding, gb.body.mapping]).toEqual(['csv', 'gb18030', { 申請號: 'applicationNumber', 名稱: 'title', 專利權人: 'owners' }]);
    const xlsx = await call('uniA', 'POST', '/v1/imports/preview', { form: form(writeWorkbook([['申请号', '名称', '申请人'], ['201010110545.X', '一种犁', '甲城']]), 'book.xlsx') });
    expect([xlsx.body.format, xlsx.body.rowCount, xlsx.body.rows[0].fields.title]).toEqual(['xlsx', 1, '一种犁']);
    const jsonl = await call('uniA', 'POST', '/v1/imports/preview', { form: form('{"applicationNumber":"201010110545.X","title":"一种犁","owners":["甲城"]}\n{"title":\n', 'p.jsonl') });
    expect([jsonl.body.format, jsonl.body.rowCount, jsonl.body.errorCount, jsonl.body.errors[0].line]).toEqual(['jsonl', 1, 1, 2]);
  });

  it('answers a bad mapping, a missing or unreadable file, and a JSON body with a specific problem', async () => {
    const csv = '名称,申请号\n一种犁,202110086421.X\n';
    const noColumn = await call('uniA', 'POST', '/v1/imports/preview', { form: form(csv, 'x.csv', { 题目: 'title' }) });
    expect([noColumn.status, noColumn.body.code, noColumn.body.detail]).toEqual([400, 'invalid_mapping', expect.stringContaining('no such column')]);
    const badField = await call('uniA', 'POST', '/v1/imports/preview', { form: form(csv, 'x.csv', { 名称: 'name' }) });
    expect([badField.status, badField.body.code]).toEqual([400, 'invalid_mapping']);
    const none = new FormData();
    none.append('mapping', '{}');
    expect((await call('uniA', 'POST', '/v1/imports/preview', { form: none })).body.code).toBe('file_missing');
    const xls = await call('uniA', 'POST', '/v1/imports/preview', { form: form(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'old.xls') });
    expect([xls.status, xls.body.code]).toEqual([400, 'unreadable_file']);
    expect((await call('uniA', 'POST', '/v1/imports/preview', { json: { dataset: 'all' } })).status).toBe(415);
  });

  it('is for universities and admins only', async () => {
    for (const who of ['ent', 'partner'] as const) expect((await call(who, 'POST', '/v1/imports/preview', { form: form('名称\n一种犁\n', 'x.csv') })).status).toBe(403);
  });
});

describe('GET /v1/stats/inventory, for the dashboard', () => {
  it('counts a university key’s own organisation by default, the whole library with owner=all', async () => {
    const own = (await call('uniA', 'GET', '/v1/stats/inventory')).body;
    expect(own.scope).toEqual({ ownerOrganizationIds: [org.uniA] });
    expect(own.overall.total).toBe(3);
    expect(own.by.owner.map((g: any) => g.key)).toEqual([org.uniA]);
    const all = (await call('uniA', 'GET', '/v1/stats/inventory?owner=all')).body;
    expect([all.scope, all.overall.total]).toEqual([undefined, 5]);
    const admin = (await call('admin', 'GET', '/v1/stats/inventory')).body;
    expect([admin.scope, admin.overall.total]).toEqual([undefined, 5]);
    const other = (await call('uniA', 'GET', `/v1/stats/inventory?owner=${org.uniB}`)).body;
    expect([other.scope, other.overall.total]).toEqual([{ ownerOrganizationIds: [org.uniB] }, 2]);
  });

  it('has patents by chain, IPC class, legal status and inventory state, the idle ratio, the expiring ones by month and the score histogram', async () => {
    const stats = (await call('admin', 'GET', '/v1/stats/inventory')).body;
    const keysOf = (dimension: string) => stats.by[dimension].map((g: any) => g.key).sort();
    expect(keysOf('ipcClass')).toEqual(['A01', 'A23', 'F26', 'G01']);
    expect(keysOf('legalStatus')).toEqual(['expired', 'granted']);
    expect(stats.by.chain.length).toBeGreaterThan(0);
    const states = Object.fromEntries(stats.by.inventoryState.map((g: any) => [g.key, g.total]));
    expect(Object.values(states).reduce((a: number, b) => a + (b as number), 0)).toBe(5);
    expect(stats.overall.idleRatio).toBeCloseTo(stats.overall.idle / 5, 3);

    expect(stats.expiring.total).toBe(1);
    expect(stats.overall.expiringWithin12Months).toBe(1);
    const expiry = (await findPatent(system.context.db, P2))!.expiryDate!;
    expect(stats.expiring.byMonth.find((m: any) => m.count > 0)).toEqual({ month: expiry.slice(0, 7), count: 1 });
    expect(stats.expiring.byMonth[0].month).toBe(day(today).slice(0, 7));
    expect(stats.expiring.byMonth.length).toBe(today.getUTCDate() === 1 ? 12 : 13);

    const scores = stats.screeningScores;
    expect(scores.bins.map((b: any) => [b.from, b.to])).toEqual(Array.from({ length: 10 }, (_, i) => [i * 10, i * 10 + 10]));
    expect(scores.bins.reduce((sum: number, b: any) => sum + b.count, 0) + scores.unscored).toBe(5);
    expect(Object.values(scores.byGrade).reduce((a: number, b) => a + (b as number), 0)).toBe(5 - scores.unscored);
    const p1 = (await findPatent(system.context.db, P1))!.screening!.score;
    expect(scores.bins[Math.min(9, Math.floor(p1 / 10))].count).toBeGreaterThanOrEqual(1);
  });

  it('keeps the text rendering, with the histogram and the months', async () => {
    const res = await fetch(`${base}/v1/stats/inventory?format=text`, { headers: { authorization: `Bearer ${keys.uniA}` } });
    const text = await res.text();
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(text).toContain(`owners ${org.uniA}`);
    expect(text).toContain('筛选分分布 Screening scores');
    expect(text).toContain('12个月内到期 Expiring within 12 months, by month (1)');
  });
});

describe('GET /v1/patents filters, for the patent list', () => {
  const ids = async (query: string, who: keyof typeof keys = 'uniA') => {
    const { status, body } = await call(who, 'GET', `/v1/patents?${query}`);
    expect(status, query).toBe(200);
    return body.patents.map((p: any) => p.applicationNumber).sort();
  };
  const cn = (...numbers: string[]) => numbers.map((n) => `CN${n}`).sort();

  it('filters by words in the title, abstract, numbers and owners (all words must match)', async () => {
    expect(await ids(`q=${encodeURIComponent('杀青')}`)).toEqual(cn(P1));
    expect(await ids(`q=${encodeURIComponent('茶园 灌溉')}`)).toEqual(cn(P4));
    expect(await ids(`q=${encodeURIComponent('茶园 杀青')}`)).toEqual([]);
    expect(await ids(`q=${encodeURIComponent(UNI_B.name)}`)).toEqual(cn(P4, P5));
    expect(await ids(`q=${P3.slice(0, 8)}`)).toEqual(cn(P3));
    expect(await ids(`q=${encodeURIComponent('100%_')}`)).toEqual([]);
    expect(await ids('q=%20')).toHaveLength(5); // an empty search box filters nothing
  });

  it('filters by expiring within N months as the statistics count them, and combines with the other filters', async () => {
    expect(await ids('expiringWithinMonths=12')).toEqual(cn(P2));
    expect(await ids('expiringWithinMonths=1')).toEqual([]);
    expect(await ids(`owner=${org.uniA}&legalStatus=granted&inventoryState=idle,licensed,transferred,implemented`)).toEqual(cn(P1, P2, P3));
    const chain = (await findPatent(system.context.db, P1))!.chains[0]!.chain;
    expect(await ids(`ipc=A23F&chain=${chain}`)).toEqual(expect.arrayContaining([`CN${P1}`]));
    expect(await ids(`ipc=A01&chain=${chain}`)).not.toContain(`CN${P1}`);
    expect(await ids('legalStatus=expired')).toEqual(cn(P5));
    expect(await ids('openLicence=false&owner=' + org.uniB)).toEqual(cn(P4, P5));
    const bad = await call('uniA', 'GET', '/v1/patents?expiringWithinMonths=0');
    expect([bad.status, bad.body.errors[0].field]).toEqual([400, 'expiringWithinMonths']);
  });
});
