import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../src/config.ts';
import { createApp } from '../src/app.ts';
import { startSystem, type RunningSystem } from '../src/system.ts';

const KEY = 'test-admin-key-matches-0123';
const auth = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
let system: RunningSystem;
let server: Server;
let base: string;

async function json(path: string, init: RequestInit = {}): Promise<{ status: number; body: any; type: string | null }> {
  const res = await fetch(`${base}${path}`, { ...init, headers: { ...auth, ...(init.headers ?? {}) } });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, type: res.headers.get('content-type') };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  system = await startSystem({ ...configFromEnv({ PB_ADMIN_KEY: KEY }), storage: { kind: 'pglite', dataDir: 'memory' } });
  server = createApp(system.context).listen(0);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await waitFor('the sample import', async () => ((await json(`/v1/tasks/${system.sampleTaskId}`)).body.status === 'succeeded' ? true : undefined));
  await waitFor('the index', async () => {
    await system.indexer.sync();
    return system.context.matcher && (await json('/v1/stats/index')).body.outboxPending === 0 ? true : undefined;
  });
}, 120_000);
afterAll(async () => {
  server?.close();
  await system?.close();
});

describe('matching API', () => {
  it('GET /v1/demands/{id}/matches ranks patents with a score, a breakdown, an explanation and the weights version', async () => {
    const { status, body } = await json('/v1/demands/sample-demand-01/matches?limit=5');
    expect(status).toBe(200);
    expect(body.source).toBe('live');
    expect(body.matches).toHaveLength(5);
    const top = body.matches[0];
    expect(top.patent.title).toContain('杀青');
    expect(top.features.map((f: any) => f.name)).toContain('ipc_fit');
    expect(top.explanation).toMatch(/需求".*"与专利.*中的".*"匹配/);
    expect(top.weightsVersion).toBe(body.weightsVersion);
  });

  it('reuses a live ranking until the demand, its feedback or the index changes', async () => {
    const first = (await json('/v1/demands/sample-demand-05/matches?limit=3')).body.matches;
    const again = (await json('/v1/demands/sample-demand-05/matches?limit=3')).body.matches;
    expect(again[0].computedAt).toBe(first[0].computedAt);
    const demand = (await json('/v1/demands/sample-demand-05')).body;
    const { id: _id, status: _status, createdAt: _c, updatedAt: _u, ...input } = demand;
    expect((await json('/v1/demands/sample-demand-05', { method: 'PUT', body: JSON.stringify({ ...input, description: `${input.description} 还希望能降低能耗。` }) })).status).toBe(200);
    const changed = (await json('/v1/demands/sample-demand-05/matches?limit=3')).body.matches;
    expect(changed[0].computedAt).not.toBe(first[0].computedAt);
  });

  it('the batch job stores every open demand\'s top-K, served with source=stored', async () => {
    const stored = await waitFor('stored matches', async () => {
      const { body } = await json('/v1/demands/sample-demand-01/matches?source=stored');
      return body.matches.length > 0 ? body : undefined;
    });
    expect(stored.source).toBe('stored');
    expect(stored.matches[0].explanation).toBeTruthy();
  });

  it('GET /v1/patents/{id}/matches ranks the enterprises and demands a patent answers', async () => {
    const patentId = (await json('/v1/demands/sample-demand-01/matches?limit=1')).body.matches[0].patentId;
    const { status, body } = await json(`/v1/patents/${patentId}/matches?limit=5`);
    expect(status).toBe(200);
    expect(body.matches[0].demand.title).toMatch(/杀青|茶/);
    expect(body.enterprises[0].enterprise.name).toBeTruthy();
    expect(body.enterprises[0].demandIds).toContain(body.matches[0].demandId);
  });

  it('feedback applies at once: a not-relevant patent leaves the demand\'s matches', async () => {
    const before = (await json('/v1/demands/sample-demand-02/matches?limit=10')).body.matches;
    const dismissed = before[0].patentId;
    const bad = await json(`/v1/demands/sample-demand-02/matches/${dismissed}/feedback`, { method: 'POST', body: JSON.stringify({ verdict: 'not_relevant', reason: 'no_such_reason' }) });
    expect(bad.status).toBe(400);
    const res = await json(`/v1/demands/sample-demand-02/matches/${dismissed}/feedback`, { method: 'POST', body: JSON.stringify({ verdict: 'not_relevant', reason: 'benefit_unclear', note: '投入太大' }) });
    expect(res.status).toBe(201);
    expect(res.body.matches.map((m: any) => m.patentId)).not.toContain(dismissed);
    const after = (await json('/v1/demands/sample-demand-02/matches?limit=10')).body.matches;
    expect(after.map((m: any) => m.patentId)).not.toContain(dismissed);
    await waitFor('the stored top-K to drop it', async () => {
      const { body } = await json('/v1/demands/sample-demand-02/matches?source=stored');
      return body.matches.length > 0 && !body.matches.some((m: any) => m.patentId === dismissed) ? true : undefined;
    });
  });

  it('a demand with no usable text gets a clear 400; English and Traditional Chinese demands work', async () => {
    const org = (await json('/v1/demands/sample-demand-01')).body.enterpriseId;
    const empty = await json('/v1/demands', { method: 'POST', body: JSON.stringify({ enterpriseId: org, title: '？？？', description: '……' }) });
    expect(empty.status).toBe(201);
    const res = await json(`/v1/demands/${empty.body.id}/matches`);
    expect(res.status).toBe(400);
    expect(res.type).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('demand_without_text');

    const traditional = await json('/v1/demands', { method: 'POST', body: JSON.stringify({ enterpriseId: org, title: '阿膠口服液有腥味，想找去腥的新工藝', keywords: ['阿膠', '多肽'] }) });
    const tw = await json(`/v1/demands/${traditional.body.id}/matches?limit=3`);
    expect(tw.status).toBe(200);
    expect(tw.body.matches[0].patent.title).toContain('阿胶');

    const english = await json('/v1/demands', { method: 'POST', body: JSON.stringify({ enterpriseId: org, title: 'Automatic seam tracking for our welding robots', description: 'We weld thick steel plates and need a vision-guided seam tracking solution for our robots.' }) });
    const en = await json(`/v1/demands/${english.body.id}/matches?limit=5`);
    expect(en.status).toBe(200);
    expect(en.body.matches.length).toBeGreaterThan(0);
    expect(en.body.matches.slice(0, 3).some((m: any) => m.patent.title.includes('焊'))).toBe(true);
  });

  it('a rebuild runs as a task', async () => {
    const res = await json('/v1/matches/rebuild', { method: 'POST' });
    expect(res.status).toBe(202);
    const task = await waitFor('the rebuild task', async () => {
      const { body } = await json(`/v1/tasks/${res.body.taskId}`);
      return body.status === 'succeeded' || body.status === 'failed' ? body : undefined;
    });
    expect(task.status).toBe('succeeded');
    expect(task.counts.received).toBeGreaterThanOrEqual(20);
  });
});
