/**
 * Crash safety of import + indexing on the production parts (PostgreSQL, bull on Redis): the whole
 * service is killed with SIGKILL in the middle of importing every shared record (~31k), then
 * restarted. The import must finish, every patent must be in the database once and in the search
 * index once, and nothing may be left in the outbox.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestPostgres, postgresAvailable } from '@patent-bridge/db';
import { deleteRedisKeys, redisAvailable, TEST_REDIS_URL, uniqueTestPrefix } from '@patent-bridge/queue';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const KEY = 'crash-test-admin-key-0123456789';
const ready = (await postgresAvailable()) && (await redisAvailable());

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe.runIf(ready)('SIGKILL in the middle of a 30k import, then restart (PostgreSQL + Redis)', () => {
  let drop: () => Promise<void>;
  let databaseUrl: string;
  let prefix: string;
  let port: number;
  let child: ChildProcess | undefined;
  let log = '';

  const start = async () => {
    child = spawn(process.execPath, ['--import', 'tsx', 'services/api/src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: TEST_REDIS_URL, PB_QUEUE_PREFIX: prefix, PB_ADMIN_KEY: KEY, PORT: String(port), PB_LOAD_SAMPLE: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (log += d));
    child.stderr!.on('data', (d) => (log += d));
    for (let i = 0; i < 600; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`service did not start:\n${log}`);
  };
  const api = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { ...init, headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', ...(init.headers as object) } });
    return (await res.json()) as any;
  };

  beforeAll(async () => {
    const created = await createTestPostgres();
    drop = created.drop;
    databaseUrl = (created.config as { url: string }).url;
    prefix = uniqueTestPrefix('crash');
    port = await freePort();
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await deleteRedisKeys(prefix).catch(() => {});
    await drop?.();
  });

  it('finishes the import and indexes every patent exactly once', async () => {
    await start();
    const { taskId } = await api('/v1/imports', { method: 'POST', body: JSON.stringify({ dataset: 'all' }) });
    let killedAt = 0;
    for (let i = 0; i < 600 && !killedAt; i++) {
      const task = await api(`/v1/tasks/${taskId}`);
      if (task.progress?.done >= 3000) {
        child!.kill('SIGKILL');
        killedAt = task.progress.done;
      } else await new Promise((r) => setTimeout(r, 50));
    }
    expect(killedAt, 'the import was killed part-way').toBeGreaterThan(0);
    await new Promise((r) => child!.once('exit', r));

    await start();
    let task: any;
    for (let i = 0; i < 1200; i++) {
      task = await api(`/v1/tasks/${taskId}`);
      if (task.status === 'succeeded' || task.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(task.status, log).toBe('succeeded');
    const c = task.counts;
    expect(c.received).toBe(c.imported + c.updated + c.unchanged + c.merged + c.rejected);

    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const { rows } = await db.query('select count(*)::int as n, count(distinct id)::int as d from patents');
    const [{ n: numbers }] = (await db.query("select count(*)::int as n from patent_numbers where kind = 'application'")).rows;
    await db.end();
    expect(rows[0].n).toBe(c.received - c.rejected - c.merged);
    expect(rows[0].d).toBe(rows[0].n);
    expect(numbers).toBeGreaterThan(11_000);

    let status: any;
    for (let i = 0; i < 1200; i++) {
      status = await api('/v1/stats/index');
      if (status.ready && status.outboxPending === 0 && status.documents === rows[0].n) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toMatchObject({ ready: true, outboxPending: 0, documents: rows[0].n });

    const hit = await api('/v1/search', { method: 'POST', body: JSON.stringify({ q: '一种结合指针分析的软件安全漏洞动态检测方法', mode: 'keyword', limit: 50 }) });
    const ids = hit.hits.map((h: any) => h.item.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(hit.hits[0].item.applicationNumber).toBe('CN201010110545.X');
  }, 600_000);
});
