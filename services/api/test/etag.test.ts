import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveOrganization } from '@patent-bridge/db';
import { configFromEnv } from '../src/config.ts';
import { createApp } from '../src/app.ts';
import { startSystem, type RunningSystem } from '../src/system.ts';

const KEY = 'test-admin-key-etag-0123456';
let system: RunningSystem;
let server: Server;
let base: string;

function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Response> {
  return fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${KEY}`, ...headers } });
}

/** What the tag of a body must be: a hash of exactly the bytes sent. */
const tagOf = (body: string) => `"${createHash('sha256').update(body, 'utf8').digest('base64url').slice(0, 32)}"`;

beforeAll(async () => {
  system = await startSystem({ ...configFromEnv({ PB_ADMIN_KEY: KEY, PB_LOG_LEVEL: 'silent' }), storage: { kind: 'pglite', dataDir: 'memory' } });
  server = createApp(system.context).listen(0);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (let i = 0; ; i++) {
    const task = (await (await get(`/v1/tasks/${system.sampleTaskId}`)).json()) as { status: string };
    if (task.status === 'succeeded') break;
    if (task.status === 'failed' || i > 600) throw new Error(`the sample import did not succeed: ${task.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}, 120_000);
afterAll(async () => {
  server?.close();
  await system?.close();
});

describe('ETag and If-None-Match on GET /v1/…', () => {
  it('GET /v1/patents/{id}: a strong tag of the body; the same tag in If-None-Match answers 304 without a body', async () => {
    const list = (await (await get('/v1/patents?limit=1')).json()) as { patents: Array<{ id: string }> };
    const id = list.patents[0]!.id;
    const first = await get(`/v1/patents/${id}`);
    const body = await first.text();
    expect(first.status).toBe(200);
    const tag = first.headers.get('etag');
    expect(tag).toBe(tagOf(body));
    expect(first.headers.get('cache-control')).toBe('private, no-cache');
    expect(first.headers.get('vary')).toMatch(/Authorization/);
    expect(JSON.parse(body).id).toBe(id);

    const notModified = await get(`/v1/patents/${id}`, { 'if-none-match': tag! });
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe('');
    expect(notModified.headers.get('etag')).toBe(tag);

    // RFC 9110: If-None-Match compares weakly, and takes a list or *.
    expect((await get(`/v1/patents/${id}`, { 'if-none-match': `W/${tag}` })).status).toBe(304);
    expect((await get(`/v1/patents/${id}`, { 'if-none-match': `"somethingelse", ${tag}` })).status).toBe(304);
    expect((await get(`/v1/patents/${id}`, { 'if-none-match': '*' })).status).toBe(304);
    expect((await get(`/v1/patents/${id}`, { 'if-none-match': '"somethingelse"' })).status).toBe(200);
    expect((await get(`/v1/patents/${id}`, { 'if-none-match': tag! }, 'HEAD')).status).toBe(304);

    // Another patent has another tag.
    const other = (await (await get('/v1/patents?limit=2')).json()) as { patents: Array<{ id: string }> };
    const second = await get(`/v1/patents/${other.patents[1]!.id}`, { 'if-none-match': tag! });
    expect(second.status).toBe(200);
    expect(second.headers.get('etag')).not.toBe(tag);
  });

  it('a list: the tag holds while nothing changes and moves when the list does', async () => {
    const enterprise = await saveOrganization(system.context.db, { name: '龙井茶机械股份有限公司', kind: 'enterprise', region: { province: '浙江省' } });
    const path = `/v1/demands?enterprise=${enterprise.id}&limit=50`;
    const before = await get(path);
    const beforeTag = before.headers.get('etag')!;
    expect(beforeTag).toBe(tagOf(await before.text()));
    expect((await get(path, { 'if-none-match': beforeTag })).status).toBe(304);

    const created = await fetch(`${base}/v1/demands`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ enterpriseId: enterprise.id, title: '扁形茶自动理条设备', keywords: ['理条'] }),
    });
    expect(created.status).toBe(201);

    const after = await get(path, { 'if-none-match': beforeTag });
    expect(after.status).toBe(200);
    const afterTag = after.headers.get('etag')!;
    expect(afterTag).not.toBe(beforeTag);
    expect(((await after.json()) as { demands: Array<{ title: string }> }).demands.map((d) => d.title)).toEqual(['扁形茶自动理条设备']);
    expect((await get(path, { 'if-none-match': afterTag })).status).toBe(304);
    // Filters are part of what is tagged: another page is another representation.
    expect((await get(`/v1/patents?limit=3`, { 'if-none-match': afterTag })).status).toBe(200);
  });

  it('text answers are tagged too; errors and writes are not', async () => {
    const text = await get('/v1/stats/inventory?format=text');
    expect(text.status).toBe(200);
    const tag = text.headers.get('etag')!;
    expect(tag).toBe(tagOf(await text.text()));
    expect((await get('/v1/stats/inventory?format=text', { 'if-none-match': tag })).status).toBe(304);

    const missing = await get('/v1/patents/pt_does_not_exist');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('etag')).toBeNull();
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);

    const written = await fetch(`${base}/v1/demands`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: '{}' });
    expect(written.status).toBe(400);
    expect(written.headers.get('etag')).toBeNull();
  });
});
