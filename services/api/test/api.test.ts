import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv, ConfigError } from '../src/config.ts';
import { createApp } from '../src/app.ts';
import { startSystem, type RunningSystem } from '../src/system.ts';
import { makeInventoryCsv } from '../../../packages/inventory/test/fixtures/malformed.ts';

const KEY = 'test-admin-key-0123456789';
let system: RunningSystem;
let server: Server;
let base: string;

const auth = { authorization: `Bearer ${KEY}` };

async function waitForTask(taskId: number): Promise<any> {
  for (let i = 0; i < 400; i++) {
    const task = (await (await fetch(`${base}/v1/tasks/${taskId}`, { headers: auth })).json()) as any;
    if (task.status === 'succeeded' || task.status === 'failed') return task;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`task ${taskId} did not finish`);
}

function upload(bytes: Uint8Array, filename: string, mapping?: object): Promise<Response> {
  const form = new FormData();
  form.append('file', new Blob([bytes]), filename);
  if (mapping) form.append('mapping', JSON.stringify(mapping));
  return fetch(`${base}/v1/imports`, { method: 'POST', headers: auth, body: form });
}

beforeAll(async () => {
  system = await startSystem({ ...configFromEnv({ PB_ADMIN_KEY: KEY }), storage: { kind: 'pglite', dataDir: 'memory' } });
  server = createApp(system.context).listen(0);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.close();
  await system?.close();
});

describe('public contract', () => {
  it('answers health once ready and loads the project sample into an empty library', async () => {
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect(system.sampleTaskId).toBeDefined();
    const task = await waitForTask(system.sampleTaskId!);
    expect(task.status).toBe('succeeded');
    expect(task.counts.imported).toBeGreaterThanOrEqual(40);
    expect(task.counts.rejected).toBe(0);
  });

  it('requires a bearer key', async () => {
    const none = await fetch(`${base}/v1/patents`);
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect((await none.json() as any).code).toBe('missing_api_key');
    expect((await fetch(`${base}/v1/patents`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
  });

  it('imports an uploaded file as a task, reports bad rows, and serves the error report', async () => {
    const csv = makeInventoryCsv({ rows: 200, badShare: 0.05, seed: 3 });
    const res = await upload(csv.bytes, '2024年存量专利.csv');
    expect(res.status).toBe(202);
    const { taskId } = (await res.json()) as any;
    const task = await waitForTask(taskId);
    expect(task.status).toBe('succeeded');
    expect(task.counts.rejected).toBe(csv.bad.length);
    expect(task.details.filename).toBe('2024年存量专利.csv');
    expect(task.errors.map((e: any) => e.line).sort((a: number, b: number) => a - b)).toEqual(expect.arrayContaining(csv.bad.map((b) => b.line)));
    const report = await fetch(`${base}/v1/tasks/${taskId}/errors`, { headers: auth });
    expect(report.headers.get('content-type')).toMatch(/text\/csv/);
    const bytes = new Uint8Array(await report.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM, so Excel opens the Chinese text correctly
    const lines = new TextDecoder().decode(bytes).trim().split(/\r\n/);
    expect(lines[0]).toBe('source,line,field,message');
    expect(lines.length - 1).toBe(task.errorCount);

    const good = csv.rows.find((r) => r.kind === 'good')!;
    const byNumber = await fetch(`${base}/v1/patents/${encodeURIComponent(`ZL ${good.cells[0]}`)}`, { headers: auth });
    expect(byNumber.status).toBe(200);
    const patent = (await byNumber.json()) as any;
    expect(patent.title).toBe(good.cells[2]);
    const byId = (await (await fetch(`${base}/v1/patents/${patent.id}`, { headers: auth })).json()) as any;
    expect(byId.applicationNumber).toBe(patent.applicationNumber);
  });

  it('lists patents with filters and a cursor that walks every page once', async () => {
    const seen = new Set<string>();
    let cursor: string | undefined;
    let total = 0;
    do {
      const res = await fetch(`${base}/v1/patents?legalStatus=granted&limit=25${cursor ? `&cursor=${cursor}` : ''}`, { headers: auth });
      expect(res.status).toBe(200);
      const page = (await res.json()) as any;
      total = page.total;
      for (const p of page.patents) {
        expect(p.legalStatus).toBe('granted');
        seen.add(p.id);
      }
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.size).toBe(total);
    expect(total).toBeGreaterThan(0);
  });

  it('serves inventory statistics as JSON and as a readable table', async () => {
    const stats = (await (await fetch(`${base}/v1/stats/inventory`, { headers: auth })).json()) as any;
    expect(stats.overall.total).toBeGreaterThan(0);
    expect(stats.by.chain.length).toBeGreaterThan(0);
    const chainTotal = stats.by.legalStatus.reduce((s: number, g: any) => s + g.total, 0);
    expect(chainTotal).toBe(stats.overall.total);
    const text = await (await fetch(`${base}/v1/stats/inventory?format=text`, { headers: auth })).text();
    expect(text).toContain('按产业链 By chain');
    expect(text).toMatch(/idle ratio/);
  });

  it('answers bad input with a specific 400/404/413, never a 500', async () => {
    const cases: Array<[string, RequestInit, number, string]> = [
      ['/v1/patents?chain=nonsense', {}, 400, 'unknown_chain'],
      ['/v1/patents?legalStatus=alive', {}, 400, 'invalid_request'],
      ['/v1/patents?bogus=1', {}, 400, 'invalid_request'],
      ['/v1/patents?cursor=xyz', {}, 400, 'invalid_cursor'],
      ['/v1/patents/CN000', {}, 404, 'patent_not_found'],
      ['/v1/tasks/abc', {}, 400, 'invalid_task_id'],
      ['/v1/tasks/99999', {}, 404, 'task_not_found'],
      ['/v1/imports', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"dataset":"nope"}' }, 400, 'unknown_dataset'],
      ['/v1/imports', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"dataset":' }, 400, 'malformed_json'],
      ['/v1/imports', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"dataset":"all","x":1}' }, 400, 'invalid_request'],
      ['/v1/imports', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' }, 415, 'unsupported_media_type'],
      ['/v1/imports', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ dataset: 'x'.repeat(2_000_000) }) }, 413, 'body_too_large'],
    ];
    for (const [path, init, status, code] of cases) {
      const res = await fetch(`${base}${path}`, { ...init, headers: { ...auth, ...(init.headers as object) } });
      expect(res.status, path).toBe(status);
      const body = (await res.json()) as any;
      expect(body.code, path).toBe(code);
      expect(body.requestId).toBeTruthy();
      expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
    }
    const empty = await upload(new Uint8Array(), 'empty.csv');
    expect(empty.status).toBe(400);
    const badMapping = await upload(new TextEncoder().encode('a,b\n1,2\n'), 'x.csv', { a: 'nonsense' });
    expect((await badMapping.json() as any).code).toBe('invalid_mapping');
  });

  it('fails an unreadable upload as a task with a coded error', async () => {
    const res = await upload(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'broken.xlsx');
    const task = await waitForTask((await res.json() as any).taskId);
    expect(task.status).toBe('failed');
    expect(task.error.code).toBe('invalid_file');
  });
});

describe('search', () => {
  const search = async (body: unknown, path = '/v1/search') =>
    fetch(`${base}${path}`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    await waitForTask(system.sampleTaskId!);
    await system.indexer.sync();
  });

  it('finds patents by Chinese keywords in every mode, with highlights and score details', async () => {
    for (const mode of ['keyword', 'semantic', 'hybrid']) {
      const res = await search({ q: '茶叶杀青', mode, facets: ['chain'] });
      expect(res.status, mode).toBe(200);
      const body = (await res.json()) as any;
      expect(body.hits.length, mode).toBeGreaterThan(0);
      expect(body.hits[0].item.title, mode).toMatch(/杀青|茶/);
      if (mode !== 'semantic') {
        expect(body.hits[0].highlights.title).toMatch(/<em>/);
        expect(body.hits[0].scoreDetails.matchedTerms.length).toBeGreaterThan(0);
        expect(body.hits[0].scoreDetails.keyword).toBeGreaterThan(0);
      }
      if (mode !== 'keyword') expect(body.embedder.version).toBeTruthy();
      expect(body.facets.chain['modern-agriculture-food']).toBeGreaterThan(0);
    }
  });

  it('treats a Traditional-Chinese query like its Simplified form', async () => {
    const simplified = (await (await search({ q: '滚筒杀青机', mode: 'keyword' })).json()) as any;
    const traditional = (await (await search({ q: '滾筒殺青機', mode: 'keyword' })).json()) as any;
    expect(traditional.hits.map((h: any) => h.item.id)).toEqual(simplified.hits.map((h: any) => h.item.id));
    expect(traditional.hits.length).toBeGreaterThan(0);
  });

  it('finds Chinese patents for an English query through the glossary, and says which terms it added', async () => {
    for (const mode of ['keyword', 'hybrid']) {
      const body = (await (await search({ q: 'green tea fixation machine with temperature control', mode })).json()) as any;
      expect(body.translatedTerms, mode).toEqual(expect.arrayContaining(['杀青', '绿茶']));
      expect(body.hits.length, mode).toBeGreaterThan(0);
      expect(body.hits[0].item.title, mode).toMatch(/杀青|茶/);
    }
    const chinese = (await (await search({ q: '茶叶杀青', mode: 'keyword' })).json()) as any;
    expect(chinese.translatedTerms).toBeUndefined();
  });

  it('applies filters and pages with a cursor', async () => {
    const first = (await (await search({ q: '方法', mode: 'keyword', filters: { chain: ['big-data-it'] }, limit: 2 })).json()) as any;
    for (const hit of first.hits) expect(hit.item.chains).toContain('big-data-it');
    if (first.total > 2) {
      expect(first.nextCursor).toBeTruthy();
      const second = (await (await search({ q: '方法', mode: 'keyword', filters: { chain: ['big-data-it'] }, limit: 2, cursor: first.nextCursor })).json()) as any;
      expect(second.hits.map((h: any) => h.item.id)).not.toContain(first.hits[0].item.id);
      const foreign = await search({ q: '其他', mode: 'keyword', limit: 2, cursor: first.nextCursor });
      expect(foreign.status).toBe(400);
    }
  });

  it('answers hostile or invalid queries with a clear 400, never a 500', async () => {
    const bad: Array<[unknown, RegExp]> = [
      [{ q: '' }, /q is empty/],
      [{ q: 'x'.repeat(10_000) }, /longer than 500/],
      [{ q: '电池', filters: { colour: ['red'] } }, /colour/],
      [{ q: '电池', filters: { chain: ['DROP TABLE'] } }, /chain id/],
      [{ q: '电池', mode: 'fuzzy' }, /mode/],
      [{ q: '电池', semanticRatio: 2 }, /semanticRatio/],
      [{ q: '电池', limit: 10_000 }, /limit/],
      [{ q: '电池', sort: ['price:asc'] }, /sort/],
      [[1, 2], /JSON object/],
    ];
    for (const [body, message] of bad) {
      const res = await search(body);
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect(((await res.json()) as any).detail).toMatch(message);
    }
    for (const q of ['.*[(', "'; DROP TABLE patents; --", '\u0000\ud800', 'a OR b AND NOT c', '"unclosed', '🔋⚡️电池']) {
      const res = await search({ q });
      expect(res.status, q).toBe(200);
    }
  });

  it('returns similar patents for a patent, excluding itself', async () => {
    const hit = ((await (await search({ q: '杀青', mode: 'keyword' })).json()) as any).hits[0].item;
    const res = await fetch(`${base}/v1/patents/${hit.id}/similar?limit=5`, { headers: auth });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.similar.length).toBeGreaterThan(0);
    expect(body.similar.map((s: any) => s.item.id)).not.toContain(hit.id);
    expect((await fetch(`${base}/v1/patents/pt_nope/similar`, { headers: auth })).status).toBe(404);
  });

  it('rebuilds the index from the database as a task', async () => {
    const res = await fetch(`${base}/v1/index/rebuild`, { method: 'POST', headers: auth });
    expect(res.status).toBe(202);
    const task = await waitForTask(((await res.json()) as any).taskId);
    expect(task.status).toBe('succeeded');
    const status = (await (await fetch(`${base}/v1/stats/index`, { headers: auth })).json()) as any;
    const { count } = await system.context.db.selectFrom('patents').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
    const demands = await system.context.db.selectFrom('demands').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(task.details.documents).toBe(Number(count) + Number(demands.n));
    expect(status.documents).toBe(Number(count) + Number(demands.n));
  });

  it('indexes demands and makes them searchable for brokers', async () => {
    const { saveOrganization } = await import('@patent-bridge/db');
    const org = await saveOrganization(system.context.db, { name: '济南示例茶业有限公司', kind: 'enterprise' });
    const created = await fetch(`${base}/v1/demands`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ enterpriseId: org.id, title: '想把绿茶杀青这道工序做成自动化', description: '现在靠人工炒青，温度不好控制，想找能连续作业的设备。', keywords: ['杀青', '自动化'], visibility: 'private' }),
    });
    expect(created.status).toBe(201);
    const demand = (await created.json()) as any;
    await system.indexer.sync();
    const found = (await (await search({ q: '杀青 自动化' }, '/v1/demands/search')).json()) as any;
    expect(found.hits.map((h: any) => h.item.id)).toContain(demand.id);
    const patents = (await (await search({ q: '想把绿茶杀青这道工序做成自动化' })).json()) as any;
    expect(patents.hits.map((h: any) => h.item.id)).not.toContain(demand.id);

    // An edit shows in search results once indexed: nothing stale is served from the record cache.
    const { enterpriseId, title, description, keywords, visibility } = demand;
    const edited = await fetch(`${base}/v1/demands/${demand.id}`, {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ enterpriseId, title: `${title}（急需）`, description, keywords, visibility }),
    });
    expect(edited.status).toBe(200);
    await system.indexer.sync();
    const again = (await (await search({ q: '杀青 自动化' }, '/v1/demands/search')).json()) as any;
    expect(again.hits.find((h: any) => h.item.id === demand.id).item.title).toMatch(/急需/);
  });
});

describe('configuration', () => {
  it('generates an admin key only in embedded mode, once per data directory', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pb-admin-key-'));
    const first = configFromEnv({ DATA_DIR: dataDir });
    expect(first.adminKeyGenerated).toBe(true);
    expect(configFromEnv({ DATA_DIR: dataDir }).adminKey).toBe(first.adminKey);
    expect(statSync(join(dataDir, 'admin-key')).mode & 0o077).toBe(0);
    expect(configFromEnv({ DATA_DIR: mkdtempSync(join(tmpdir(), 'pb-admin-key-')) }).adminKey).not.toBe(first.adminKey);
    expect(() => configFromEnv({ DATABASE_URL: 'postgres://x/y' })).toThrow(ConfigError);
    expect(() => configFromEnv({ PORT: 'abc' })).toThrow(/PORT/);
  });
});
