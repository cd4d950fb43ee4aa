import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveOrganization, storageVariants } from '@patent-bridge/db';
import { configFromEnv } from '../src/config.ts';
import { createApp } from '../src/app.ts';
import { startSystem, type RunningSystem } from '../src/system.ts';
import { requestFingerprint } from '../src/middleware/request-fingerprint.ts';

const KEY = 'test-admin-key-idempotency-0123';
const PATENTS = new Uint8Array(readFileSync(new URL('../../../datasets/sample/patents.csv', import.meta.url)));
const DEMAND_SHEET = new Uint8Array(readFileSync(new URL('../../../datasets/sample/demands-import-sample.csv', import.meta.url)));

for (const variant of await storageVariants()) {
  describe(`Idempotency-Key on POST (${variant.name})`, () => {
    let system: RunningSystem;
    let server: Server;
    let base: string;
    let drop: () => Promise<void>;
    let enterpriseId: string;

    beforeAll(async () => {
      const storage = await variant.create();
      drop = storage.drop;
      system = await startSystem({ ...configFromEnv({ PB_ADMIN_KEY: KEY, PB_LOG_LEVEL: 'silent', PB_LOAD_SAMPLE: 'false' }), storage: storage.config });
      server = createApp(system.context).listen(0);
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      enterpriseId = (await saveOrganization(system.context.db, { name: '杭州茶机制造有限公司', kind: 'enterprise', region: { province: '浙江省' } })).id;
    }, 120_000);
    afterAll(async () => {
      server?.close();
      await system?.close();
      await drop?.();
    });

    const count = async (table: 'demands' | 'api_keys') =>
      Number((await system.context.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const countTasks = async (type: 'import' | 'demand_import') =>
      Number((await system.context.db.selectFrom('tasks').select((eb) => eb.fn.countAll<number>().as('n')).where('type', '=', type).executeTakeFirstOrThrow()).n);
    const demand = (title: string, extra: object = {}) => ({ enterpriseId, title, description: '连续式杀青，温度可控', keywords: ['杀青'], ...extra });
    const postJson = (path: string, body: unknown, headers: Record<string, string> = {}, secret = KEY) =>
      fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
    const upload = (path: string, bytes: Uint8Array, filename: string, headers: Record<string, string>) => {
      // A new FormData each time: a new random boundary, as a real retry would send.
      const form = new FormData();
      form.append('file', new Blob([bytes]), filename);
      return fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, ...headers }, body: form });
    };

    it('a replayed POST /v1/demands returns the stored 201 with Idempotent-Replayed and creates exactly one demand', async () => {
      const before = await count('demands');
      const key = randomUUID();
      const first = await postJson('/v1/demands', demand('名优绿茶自动化杀青设备'), { 'idempotency-key': key });
      expect(first.status).toBe(201);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      const created = (await first.json()) as { id: string };

      const second = await postJson('/v1/demands', demand('名优绿茶自动化杀青设备'), { 'idempotency-key': key });
      expect(second.status).toBe(201);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect(second.headers.get('location')).toBe(`/v1/demands/${created.id}`);
      expect(second.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await second.json()).toEqual(created);
      expect(await count('demands')).toBe(before + 1);
    });

    it('compares JSON bodies by value: other key order and spacing is the same request', async () => {
      const before = await count('demands');
      const key = randomUUID();
      const body = demand('茶叶色选机');
      expect((await postJson('/v1/demands', body, { 'idempotency-key': key })).status).toBe(201);
      const reordered = JSON.stringify(Object.fromEntries(Object.entries(body).reverse()), null, 2);
      expect(reordered).not.toBe(JSON.stringify(body));
      const replay = await postJson('/v1/demands', reordered, { 'idempotency-key': key });
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(await count('demands')).toBe(before + 1);
    });

    it('the same key with another request is 422 idempotency_key_reused, and nothing is written', async () => {
      const key = randomUUID();
      expect((await postJson('/v1/demands', demand('揉捻机'), { 'idempotency-key': key })).status).toBe(201);
      const before = await count('demands');
      const otherBody = await postJson('/v1/demands', demand('揉捻机', { keywords: ['揉捻'] }), { 'idempotency-key': key });
      expect(otherBody.status).toBe(422);
      expect(otherBody.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await otherBody.json()).toMatchObject({ status: 422, code: 'idempotency_key_reused' });
      const otherPath = await postJson('/v1/demands/search', { q: '揉捻' }, { 'idempotency-key': key });
      expect(otherPath.status).toBe(422);
      expect(await count('demands')).toBe(before);
    });

    it('without the header, every POST runs', async () => {
      const before = await count('demands');
      expect((await postJson('/v1/demands', demand('烘干机'))).status).toBe(201);
      expect((await postJson('/v1/demands', demand('烘干机'))).status).toBe(201);
      expect(await count('demands')).toBe(before + 2);
    });

    it('rejects keys that are empty or longer than 255 characters', async () => {
      const before = await count('demands');
      const long = await postJson('/v1/demands', demand('提香机'), { 'idempotency-key': 'k'.repeat(256) });
      expect(long.status).toBe(400);
      expect(await long.json()).toMatchObject({ code: 'invalid_idempotency_key' });
      expect((await postJson('/v1/demands', demand('提香机'), { 'idempotency-key': '' })).status).toBe(400);
      expect((await postJson('/v1/demands', demand('提香机'), { 'idempotency-key': 'k'.repeat(255) })).status).toBe(201);
      expect(await count('demands')).toBe(before + 1);
    });

    it('concurrent duplicates: exactly one runs; the others wait for its answer or get 409 idempotency_in_progress', async () => {
      const before = await count('demands');
      const key = randomUUID();
      const responses = await Promise.all(Array.from({ length: 6 }, () => postJson('/v1/demands', demand('茶叶杀青机组'), { 'idempotency-key': key })));
      const answers = await Promise.all(responses.map(async (r) => ({ status: r.status, replayed: r.headers.get('idempotent-replayed'), body: (await r.json()) as any })));
      expect(answers.filter((a) => a.status === 201 && a.replayed === null)).toHaveLength(1);
      for (const a of answers) {
        if (a.status === 201) expect(a.body.id).toBe(answers.find((x) => x.replayed === null)!.body.id);
        else expect(a).toMatchObject({ status: 409, body: { code: 'idempotency_in_progress' } });
      }
      expect(await count('demands')).toBe(before + 1);
    });

    it('a duplicate of a request still running gets 409 with Retry-After once it has waited', async () => {
      const key = randomUUID();
      const body = JSON.stringify(demand('自动摊青机'));
      const requestHash = await requestFingerprint({ method: 'POST', url: '/v1/demands', headers: { 'content-type': 'application/json' }, body: Buffer.from(body) });
      const now = new Date();
      await system.context.db
        .insertInto('idempotency_keys')
        .values({ api_key_id: 'key_bootstrap_admin', key, request_hash: requestHash, method: 'POST', path: '/v1/demands', lock_token: 'held-elsewhere', locked_at: now, created_at: now, expires_at: new Date(now.getTime() + 60_000) })
        .execute();
      const before = await count('demands');
      const started = Date.now();
      const res = await postJson('/v1/demands', body, { 'idempotency-key': key });
      expect(res.status).toBe(409);
      expect(Date.now() - started).toBeGreaterThanOrEqual(4_000);
      expect(res.headers.get('retry-after')).toBe('1');
      expect(await res.json()).toMatchObject({ code: 'idempotency_in_progress' });
      expect(await count('demands')).toBe(before);

      // The holder died: past the lock timeout, a retry takes the key over and runs.
      await system.context.db.updateTable('idempotency_keys').set({ locked_at: new Date(Date.now() - 10 * 60_000) }).where('key', '=', key).execute();
      const retried = await postJson('/v1/demands', body, { 'idempotency-key': key });
      expect(retried.status).toBe(201);
      expect(retried.headers.get('idempotent-replayed')).toBeNull();
      expect(await count('demands')).toBe(before + 1);
    }, 20_000);

    it('keys belong to the caller: another API key may use the same Idempotency-Key for its own request', async () => {
      const key = randomUUID();
      const issued = await postJson('/v1/keys', { role: 'enterprise', organizationId: enterpriseId, label: '茶机企业' });
      expect(issued.status).toBe(201);
      const { secret } = (await issued.json()) as { secret: string };
      const byAdmin = await postJson('/v1/demands', demand('茶园修剪机'), { 'idempotency-key': key });
      const byEnterprise = await postJson('/v1/demands', demand('茶园修剪机'), { 'idempotency-key': key }, secret);
      expect(byAdmin.status).toBe(201);
      expect(byEnterprise.status).toBe(201);
      expect(byEnterprise.headers.get('idempotent-replayed')).toBeNull();
      expect(((await byEnterprise.json()) as any).id).not.toBe(((await byAdmin.json()) as any).id);
    });

    it('client errors are kept and replayed; the request does not run again', async () => {
      const key = randomUUID();
      const first = await postJson('/v1/demands', { enterpriseId: 'org_nobody', title: '杀青机' }, { 'idempotency-key': key });
      expect(first.status).toBe(400);
      const replay = await postJson('/v1/demands', { enterpriseId: 'org_nobody', title: '杀青机' }, { 'idempotency-key': key });
      expect(replay.status).toBe(400);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await replay.json()).toEqual(await first.json());
    });

    it('keys expire: after 24 hours the same key runs a new request', async () => {
      const key = randomUUID();
      const first = await postJson('/v1/demands', demand('茶叶压饼机'), { 'idempotency-key': key });
      expect(first.status).toBe(201);
      const stored = await system.context.db.selectFrom('idempotency_keys').select(['created_at', 'expires_at', 'status']).where('key', '=', key).executeTakeFirstOrThrow();
      expect(stored.status).toBe('completed');
      expect(Date.parse(stored.expires_at) - Date.parse(stored.created_at)).toBe(24 * 60 * 60 * 1000);

      await system.context.db.updateTable('idempotency_keys').set({ expires_at: new Date(Date.now() - 1000) }).where('key', '=', key).execute();
      const before = await count('demands');
      const again = await postJson('/v1/demands', demand('茶叶压饼机'), { 'idempotency-key': key });
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBeNull();
      expect(((await again.json()) as any).id).not.toBe(((await first.json()) as any).id);
      expect(await count('demands')).toBe(before + 1);
    });

    it('an answer holding a secret is not stored: a replayed POST /v1/keys is 409 with the key\'s location, and issues no second key', async () => {
      const key = randomUUID();
      const body = { role: 'enterprise', organizationId: enterpriseId, label: '重试测试' };
      const first = await postJson('/v1/keys', body, { 'idempotency-key': key });
      expect(first.status).toBe(201);
      const { secret } = (await first.json()) as { secret: string };
      const row = await system.context.db.selectFrom('idempotency_keys').selectAll().where('key', '=', key).executeTakeFirstOrThrow();
      expect(row.response_withheld).toBe(true);
      expect(row.response_body).toBeNull();
      const before = await count('api_keys');
      const replay = await postJson('/v1/keys', body, { 'idempotency-key': key });
      expect(replay.status).toBe(409);
      const problem = (await replay.json()) as any;
      expect(problem).toMatchObject({ code: 'idempotency_response_withheld', originalStatus: 201, location: first.headers.get('location') });
      expect(JSON.stringify(problem)).not.toContain(secret);
      expect(await count('api_keys')).toBe(before);
    });

    it('replaying POST /v1/imports with the same file (a new multipart boundary) creates one task; another file is 422', async () => {
      const before = await countTasks('import');
      const key = randomUUID();
      const first = await upload('/v1/imports', PATENTS, 'patents.csv', { 'idempotency-key': key });
      expect(first.status).toBe(202);
      const accepted = (await first.json()) as { taskId: number };
      const replay = await upload('/v1/imports', PATENTS, 'patents.csv', { 'idempotency-key': key });
      expect(replay.status).toBe(202);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(await replay.json()).toEqual(accepted);
      expect(await countTasks('import')).toBe(before + 1);

      const changed = PATENTS.slice(0, PATENTS.length - 1);
      const other = await upload('/v1/imports', changed, 'patents.csv', { 'idempotency-key': key });
      expect(other.status).toBe(422);
      expect(await countTasks('import')).toBe(before + 1);

      // The route still parses the upload it was handed back: the file arrived whole.
      const task = await waitForTask(accepted.taskId);
      expect(task.status).toBe('succeeded');
      expect(task.counts.received).toBeGreaterThan(0);
    });

    it('replaying POST /v1/demands/imports with the same sheet creates one task', async () => {
      const before = await countTasks('demand_import');
      const key = randomUUID();
      const first = await upload('/v1/demands/imports', DEMAND_SHEET, 'demands.csv', { 'idempotency-key': key });
      expect(first.status).toBe(202);
      const replay = await upload('/v1/demands/imports', DEMAND_SHEET, 'demands.csv', { 'idempotency-key': key });
      expect(replay.status).toBe(202);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(await replay.json()).toEqual(await first.json());
      expect(await countTasks('demand_import')).toBe(before + 1);
    });

    async function waitForTask(id: number): Promise<any> {
      for (let i = 0; i < 600; i++) {
        const task = (await (await fetch(`${base}/v1/tasks/${id}`, { headers: { authorization: `Bearer ${KEY}` } })).json()) as any;
        if (task.status === 'succeeded' || task.status === 'failed') return task;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`task ${id} did not finish`);
    }
  });
}
