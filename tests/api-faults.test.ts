/**
 * The API under dependency faults, on real servers this file starts and stops itself (never the shared
 * 5432/6379 ones):
 * (a) Redis outage: its own redis-server on a free port; reads, search and stats keep answering 200,
 *     writes that need the queue answer 503 `queue_unavailable` at once and leave no task behind, and
 *     once Redis is back (same port, same process) an import runs again.
 * (b) PostgreSQL restart: its own cluster (initdb into a temp dir, pg_ctl on a free port, trust auth);
 *     during the outage requests answer 503 problem+json (never 500, no stack trace), an import in
 *     flight finishes after the restart, and the same process answers 200 again.
 * (c) Split deployment: an API process (`PB_ROLE=api`) leaves imports to worker processes
 *     (`pnpm worker`); a worker SIGKILLed mid-import is replaced and the import finishes once.
 *     SIGKILL of the all-in-one process mid-import is tests/crash-safety.test.ts.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPostgres, postgresAvailable } from '@patent-bridge/db';
import { deleteRedisKeys, redisAvailable, TEST_REDIS_URL, uniqueTestPrefix } from '@patent-bridge/queue';
import { createApp } from '../services/api/src/app.ts';
import { configFromEnv } from '../services/api/src/config.ts';
import { startSystem, type RunningSystem } from '../services/api/src/system.ts';
import { DedicatedRedis, freePort, redisServerInstalled } from '../packages/queue/test/fixtures/dedicated-redis.ts';

const KEY = 'faults-test-admin-key-0123456789';
const ON_CI = process.env.CI === 'true';

/** The bin folder of the newest PostgreSQL installed under /usr/lib/postgresql, or from pg_config. */
function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, 'bin', 'initdb')) && existsSync(join(root, v, 'bin', 'pg_ctl')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(root, versions[0], 'bin');
  }
  const fromConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const dir = fromConfig.status === 0 ? fromConfig.stdout.trim() : '';
  return dir && existsSync(join(dir, 'initdb')) ? dir : undefined;
}

/**
 * A throwaway PostgreSQL cluster on its own port, trust auth, started and stopped by the test through
 * pg_ctl on its own data folder, so only the postmaster it started is ever signalled. As root, the
 * server runs as the `postgres` user (PostgreSQL refuses to run as root).
 */
class DedicatedPostgres {
  readonly url: string;
  readonly #bin: string;
  readonly #dir: string;
  readonly #data: string;
  readonly #port: number;
  readonly #as: { uid: number; gid: number } | undefined;

  private constructor(bin: string, port: number) {
    this.#bin = bin;
    this.#port = port;
    this.#dir = mkdtempSync(join(tmpdir(), 'pb-postgres-'));
    this.#data = join(this.#dir, 'data');
    this.url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    if (process.getuid?.() === 0) {
      const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
      this.#as = { uid: id('-u'), gid: id('-g') };
      if (!Number.isInteger(this.#as.uid) || this.#as.uid <= 0) throw new Error('running as root, and there is no "postgres" user to run the test cluster as');
      chownSync(this.#dir, this.#as.uid, this.#as.gid);
    }
  }

  static async create(bin: string): Promise<DedicatedPostgres> {
    const cluster = new DedicatedPostgres(bin, await freePort());
    cluster.#run('initdb', ['-D', cluster.#data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    await cluster.start();
    return cluster;
  }

  async start(): Promise<void> {
    const options = `-p ${this.#port} -k ${this.#dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
    this.#run('pg_ctl', ['start', '-D', this.#data, '-l', join(this.#dir, 'server.log'), '-w', '-t', '30', '-o', options]);
  }

  /** `immediate` is a crash (no checkpoint; recovery at the next start), `fast` a clean shutdown. */
  async stop(mode: 'immediate' | 'fast' = 'immediate'): Promise<void> {
    if (!existsSync(join(this.#data, 'postmaster.pid'))) return;
    this.#run('pg_ctl', ['stop', '-D', this.#data, '-m', mode, '-w', '-t', '30']);
  }

  async dispose(): Promise<void> {
    await this.stop('fast').catch(() => {});
    rmSync(this.#dir, { recursive: true, force: true });
  }

  #run(tool: string, args: string[]): void {
    const result = spawnSync(join(this.#bin, tool), args, { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C', LANG: 'C' }, cwd: this.#dir, ...(this.#as ?? {}) });
    if (result.status !== 0) {
      const log = existsSync(join(this.#dir, 'server.log')) ? readFileSync(join(this.#dir, 'server.log'), 'utf8').slice(-2_000) : '';
      throw new Error(`${tool} ${args[0]} failed (${result.status ?? result.signal}): ${result.stderr || result.stdout}\n${log}`);
    }
  }
}

/** An API over a started system, listening on a free port. */
class RunningApi {
  readonly system: RunningSystem;
  readonly base: string;
  readonly #server: Server;

  private constructor(system: RunningSystem, server: Server) {
    this.system = system;
    this.#server = server;
    this.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  static async start(env: Record<string, string>, storageUrl: string): Promise<RunningApi> {
    const config = configFromEnv({ PB_ADMIN_KEY: KEY, PB_LOAD_SAMPLE: 'false', PB_LOG_LEVEL: 'silent', DATABASE_URL: storageUrl, ...env });
    const system = await startSystem(config);
    const server = createApp(system.context).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    return new RunningApi(system, server);
  }

  /** A request with the admin key (or `key`), bounded so a hanging route fails the test instead of stalling it. */
  request(path: string, init: RequestInit & { key?: string } = {}): Promise<Response> {
    const { key = KEY, ...rest } = init;
    const headers: Record<string, string> = { authorization: `Bearer ${key}`, ...(rest.body && typeof rest.body === 'string' ? { 'content-type': 'application/json' } : {}), ...(rest.headers as Record<string, string>) };
    return fetch(`${this.base}${path}`, { ...rest, headers, signal: AbortSignal.timeout(15_000) });
  }

  async json(path: string, init: RequestInit & { key?: string } = {}): Promise<any> {
    const res = await this.request(path, init);
    expect(res.status, `${init.method ?? 'GET'} ${path}: ${await res.clone().text()}`).toBeLessThan(300);
    return res.json();
  }

  async waitForTask(taskId: number, timeoutMs = 60_000): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await this.request(`/v1/tasks/${taskId}`).catch(() => undefined);
      const task = res?.ok ? ((await res.json()) as any) : undefined;
      if (task && (task.status === 'succeeded' || task.status === 'failed')) return task;
      if (Date.now() > deadline) throw new Error(`task ${taskId} did not finish within ${timeoutMs} ms: ${JSON.stringify(task)}`);
      await sleep(100);
    }
  }

  /** Waits until the search index holds every patent and the outbox is empty. */
  async waitForIndex(): Promise<void> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const status = await this.json('/v1/stats/index');
      const { n } = await this.system.context.db.selectFrom('patents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      if (status.ready && status.outboxPending === 0 && status.documents >= Number(n)) return;
      if (Date.now() > deadline) throw new Error(`the search index did not catch up: ${JSON.stringify(status)}`);
      await sleep(100);
    }
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise((resolve) => this.#server.close(resolve));
    await this.system.close();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A problem+json answer with the request id and no trace of the server's internals. */
async function expectProblem(res: Response, status: number, code: string): Promise<any> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(text);
  expect(body).toMatchObject({ status, code });
  expect(body.requestId).toBeTruthy();
  expect(res.headers.get('x-request-id')).toBe(body.requestId);
  expect(text).not.toMatch(/\bat .*:\d+:\d+|node_modules|\.ts\b|ECONNREFUSED|redis:\/\/|postgres:\/\//);
  return body;
}

async function rowCounts(api: RunningApi): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ['tasks', 'task_payloads', 'patents'] as const) {
    const { n } = await api.system.context.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    counts[table] = Number(n);
  }
  return counts;
}

/** A key of the university that owns the first patent, to exercise authentication and rate limiting too. */
async function universityKey(api: RunningApi): Promise<string> {
  const owner = await api.system.context.db.selectFrom('organizations').select('id').where('kind', '=', 'university').orderBy('id').limit(1).executeTakeFirstOrThrow();
  const { secret } = await api.json('/v1/keys', { method: 'POST', body: JSON.stringify({ role: 'university', organizationId: owner.id, label: 'faults test' }) });
  return secret as string;
}

function csvUpload(): FormData {
  const form = new FormData();
  const csv = '申请号,专利名称,申请日,专利权人\nCN201010110545.X,一种测试方法,2010-03-12,北京理工大学\n';
  form.append('file', new Blob([csv]), 'outage.csv');
  return form;
}

const redisInstalled = redisServerInstalled();
if (!redisInstalled) {
  if (ON_CI) throw new Error('redis-server is required under CI=true for the API Redis outage test');
  console.warn('[patent-bridge tests] redis-server is not installed; the API Redis outage test is skipped (it fails under CI=true).');
}
const sharedPostgres = redisInstalled && (await postgresAvailable());

describe.runIf(sharedPostgres)('API during a Redis outage (own redis-server, real PostgreSQL)', () => {
  let redis: DedicatedRedis;
  let drop: () => Promise<void>;
  let api: RunningApi;

  beforeAll(async () => {
    redis = await DedicatedRedis.start();
    const created = await createTestPostgres();
    drop = created.drop;
    api = await RunningApi.start({ REDIS_URL: redis.url, PB_QUEUE_PREFIX: 'pbtest-api-faults' }, (created.config as { url: string }).url);
  });
  afterAll(async () => {
    await api?.close();
    await redis?.dispose(); // kills only the redis-server this file started
    await drop?.();
  });

  it('keeps reads, search and stats up, refuses queued writes with 503 and no leftover task, and recovers in place', { timeout: 120_000 }, async () => {
    const { taskId } = await api.json('/v1/imports', { method: 'POST', body: JSON.stringify({ dataset: 'project-sample' }) });
    expect((await api.waitForTask(taskId)).status).toBe('succeeded');
    await api.waitForIndex();
    const university = await universityKey(api);
    const patent = await api.system.context.db.selectFrom('patents').select(['id', 'title']).orderBy('id').limit(1).executeTakeFirstOrThrow();
    expect((await api.json('/ready')).status).toBe('ok');

    await redis.stop();
    const reads: Array<[string, RequestInit & { key?: string }]> = [
      [`/v1/patents/${patent.id}`, {}],
      ['/v1/patents?limit=5', {}],
      ['/v1/patents?limit=5', { key: university }], // counted by the (Redis) rate limiter, which fails open for reads
      ['/v1/stats/inventory', {}],
      ['/v1/stats/index', {}],
      [`/v1/tasks/${taskId}`, {}],
      ['/v1/search', { method: 'POST', body: JSON.stringify({ q: patent.title, mode: 'hybrid', limit: 5 }) }],
      ['/v1/demands/search', { method: 'POST', body: JSON.stringify({ q: '茶叶', limit: 5 }) }],
    ];
    for (const [path, init] of reads) {
      const res = await api.request(path, init);
      expect(res.status, `${init.method ?? 'GET'} ${path}: ${await res.clone().text()}`).toBe(200);
    }
    const search = await api.json('/v1/search', { method: 'POST', body: JSON.stringify({ q: patent.title, mode: 'keyword', limit: 5 }) });
    expect(search.hits.map((h: any) => h.item.id)).toContain(patent.id);

    const ready = await api.request('/ready');
    expect(ready.status).toBe(200); // the API still serves: degraded, not unavailable
    const report = (await ready.json()) as any;
    expect(report.status).toBe('degraded');
    expect(report.checks.database.ok).toBe(true);
    expect(report.checks.queue).toMatchObject({ ok: false, kind: 'redis' });
    expect(report.checks.queue.error).toBeTruthy();
    expect(report.checks.search).toMatchObject({ ok: true });
    expect(report.checks.embedder).toMatchObject({ ok: true });

    const before = await rowCounts(api);
    const writes: Array<[string, () => RequestInit & { key?: string }]> = [
      ['/v1/imports', () => ({ method: 'POST', body: JSON.stringify({ dataset: 'bit-university-patents' }) })],
      ['/v1/imports', () => ({ method: 'POST', body: csvUpload() })],
      ['/v1/demands/imports', () => ({ method: 'POST', body: csvUpload() })],
      ['/v1/matches/rebuild', () => ({ method: 'POST' })],
    ];
    for (const [path, init] of writes) {
      const started = performance.now();
      const res = await api.request(path, init());
      const body = await expectProblem(res, 503, 'queue_unavailable');
      expect(res.headers.get('retry-after')).toBe('5');
      expect(body.detail).toMatch(/nothing was created/);
      expect(performance.now() - started, `${path} answered within the queue's unreachable bound`).toBeLessThan(5_000);
    }
    // Writes by a rate-limited key are refused by the limiter itself (it cannot count them without Redis).
    await expectProblem(await api.request('/v1/imports', { method: 'POST', body: csvUpload(), key: university }), 503, 'rate_limiter_unavailable');
    expect(await rowCounts(api), 'no task or stored upload is left behind by a refused write').toEqual(before);

    await redis.restart(); // same port, empty: the queue, the workers and the limiter reconnect by themselves
    const deadline = Date.now() + 20_000;
    while (((await api.json('/ready')).status as string) !== 'ok') {
      if (Date.now() > deadline) throw new Error(`the API did not become ready again: ${JSON.stringify(await api.json('/ready'))}`);
      await sleep(100);
    }
    const retried = await api.json('/v1/imports', { method: 'POST', body: JSON.stringify({ dataset: 'bit-university-patents' }) });
    const task = await api.waitForTask(retried.taskId);
    expect(task.status).toBe('succeeded');
    expect(task.counts.imported).toBeGreaterThan(100);
    // The rate limiter's own connection backs off up to 5 s between reconnects; until then it refuses writes of counted keys.
    let upload: Response;
    for (;;) {
      upload = await api.request('/v1/imports', { method: 'POST', body: csvUpload(), key: university });
      if (upload.status !== 503 || Date.now() > deadline + 10_000) break;
      await sleep(200);
    }
    expect(upload.status, await upload.clone().text()).toBe(202);
    expect((await api.waitForTask(((await upload.json()) as any).taskId)).status).toBe('succeeded');
  });
});

const pgBin = postgresBinDir();
if (!pgBin) {
  if (ON_CI) throw new Error('PostgreSQL server binaries (initdb, pg_ctl) are required under CI=true for the PostgreSQL restart test');
  console.warn('[patent-bridge tests] initdb/pg_ctl not found; the PostgreSQL restart test is skipped (it fails under CI=true).');
}

describe.runIf(pgBin !== undefined)('API across a PostgreSQL restart (own cluster on a free port)', () => {
  let cluster: DedicatedPostgres;
  let api: RunningApi;

  beforeAll(async () => {
    cluster = await DedicatedPostgres.create(pgBin!);
    api = await RunningApi.start({}, cluster.url);
  });
  afterAll(async () => {
    await api?.close();
    await cluster?.dispose(); // stops only the postmaster of this file's data folder
  });

  it('answers 503 problem+json while the database is down and 200 again after it restarts, in the same process', { timeout: 120_000 }, async () => {
    const sample = await api.json('/v1/imports', { method: 'POST', body: JSON.stringify({ dataset: 'project-sample' }) });
    expect((await api.waitForTask(sample.taskId)).status).toBe('succeeded');
    await api.waitForIndex();
    const university = await universityKey(api);
    const patent = await api.system.context.db.selectFrom('patents').select(['id', 'title']).orderBy('id').limit(1).executeTakeFirstOrThrow();

    const probes: Array<[string, RequestInit & { key?: string }]> = [
      [`/v1/patents/${patent.id}`, {}],
      ['/v1/patents?limit=5', {}],
      ['/v1/patents?limit=5', { key: university }], // authentication itself needs the database
      ['/v1/stats/inventory', {}],
      ['/v1/stats/index', {}],
      [`/v1/tasks/${sample.taskId}`, {}],
      ['/v1/search', { method: 'POST', body: JSON.stringify({ q: patent.title, mode: 'hybrid', limit: 5 }) }],
      ['/v1/demands', { method: 'POST', body: JSON.stringify({ enterpriseId: 'org_nobody', title: '需要一种茶叶杀青设备', description: '用于绿茶加工' }) }],
    ];
    // Requests keep coming while the server goes away and comes back: each must be answered, and only with 2xx/4xx or 503.
    const answers: Array<{ path: string; status: number; code?: string; at: number }> = [];
    let load = true;
    const traffic = (async () => {
      while (load) {
        for (const [path, init] of probes) {
          const res = await api.request(path, init);
          const text = await res.text();
          const code = res.headers.get('content-type')?.startsWith('application/problem+json') ? JSON.parse(text).code : undefined;
          answers.push({ path, status: res.status, code, at: Date.now() });
          if (res.status >= 500) {
            expect(res.status, `${path}: ${text}`).toBe(503);
            expect(text).not.toMatch(/\bat .*:\d+:\d+|node_modules|\.ts\b|postgres:\/\//);
          }
        }
      }
    })();
    // An import in flight when the server dies is retried by the queue once the database is back.
    const inFlight = await api.json('/v1/imports', { method: 'POST', body: JSON.stringify({ dataset: 'bdci2021-patents' }) });
    for (let i = 0; i < 200 && (await api.json(`/v1/tasks/${inFlight.taskId}`)).status === 'enqueued'; i++) await sleep(10);

    const atStop = await api.json(`/v1/tasks/${inFlight.taskId}`);
    expect(atStop.status, 'the import is running when the server stops').toBe('processing');
    await cluster.stop('immediate');
    const downAt = Date.now();
    for (const [path, init] of probes.slice(0, 6)) {
      const body = await expectProblem(await api.request(path, init), 503, 'database_unavailable');
      expect(body.detail).toMatch(/database is unavailable/);
    }
    const ready = await api.request('/ready');
    expect(ready.status).toBe(503);
    const report = (await ready.json()) as any;
    expect(report.status).toBe('unavailable');
    expect(report.checks.database.ok).toBe(false);
    expect(report.checks.database.error).toBeTruthy();
    expect(report.checks.database.latencyMs).toBeLessThan(2_000);
    expect((await fetch(`${api.base}/health`)).status, 'liveness stays up: restarting the process would not help').toBe(200);
    await sleep(1_000);

    await cluster.start();
    const upAt = Date.now();
    let recoveredAt = 0;
    while (!recoveredAt) {
      if ((await api.request('/ready')).status === 200) recoveredAt = Date.now();
      else if (Date.now() - upAt > 20_000) throw new Error('the API did not recover within 20 s of the restart');
      else await sleep(100);
    }
    await sleep(1_000); // a second of traffic after the recovery
    load = false;
    await traffic;

    const during = answers.filter((a) => a.at > downAt && a.at < upAt);
    expect(during.length).toBeGreaterThan(0);
    expect(during.filter((a) => a.status === 503).length).toBeGreaterThan(0);
    expect(answers.filter((a) => a.status >= 500 && a.status !== 503)).toEqual([]);
    expect([...new Set(answers.filter((a) => a.status === 503).map((a) => a.code))].sort()).toEqual(['database_unavailable']);
    const after = answers.filter((a) => a.at > recoveredAt + 200);
    expect(after.length).toBeGreaterThan(0);
    expect(after.filter((a) => a.status >= 500)).toEqual([]);
    for (const [path, init] of probes.slice(0, 7)) expect((await api.request(path, init)).status, path).toBe(200);

    const task = await api.waitForTask(inFlight.taskId, 60_000);
    expect(task.status, JSON.stringify(task.error)).toBe('succeeded');
    const c = task.counts;
    expect(c.received).toBe(c.imported + c.updated + c.unchanged + c.merged + c.rejected);
    console.info(`[api faults] import at the stop: ${atStop.status} ${JSON.stringify(atStop.progress)}; finished ${task.finishedAt} (started ${task.startedAt})`);
    console.info(`[api faults] PostgreSQL down ${upAt - downAt} ms; the API answered 200 again ${recoveredAt - upAt} ms after the restart; ${during.length} requests during the outage, ${during.filter((a) => a.status === 503).length} of them 503`);
  });
});

const ROOT = fileURLToPath(new URL('..', import.meta.url));

describe.runIf(sharedPostgres && (await redisAvailable()))('API and worker processes apart (PB_ROLE=api + pnpm worker, PostgreSQL + Redis)', () => {
  let drop: () => Promise<void>;
  let databaseUrl: string;
  let prefix: string;
  let api: RunningApi;
  const workers: ChildProcess[] = [];
  let log = '';

  /** Starts `services/api/src/worker.ts` as its own process, as `pnpm worker` does. */
  const startWorker = (): ChildProcess => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'services/api/src/worker.ts'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: TEST_REDIS_URL, PB_QUEUE_PREFIX: prefix, PB_LOG_LEVEL: 'warn', PB_ADMIN_KEY: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (log += d));
    child.stderr!.on('data', (d) => (log += d));
    workers.push(child);
    return child;
  };
  const kill = async (child: ChildProcess) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL'); // only the worker this test spawned
    await exited;
  };

  beforeAll(async () => {
    const created = await createTestPostgres();
    drop = created.drop;
    databaseUrl = (created.config as { url: string }).url;
    prefix = uniqueTestPrefix('api-roles');
    api = await RunningApi.start({ PB_ROLE: 'api', REDIS_URL: TEST_REDIS_URL, PB_QUEUE_PREFIX: prefix }, databaseUrl);
  });
  afterAll(async () => {
    for (const child of workers) await kill(child);
    await api?.close();
    await deleteRedisKeys(prefix).catch(() => {});
    await drop?.();
  });

  it('runs imports only in workers, and finishes an import whose worker was killed in a new worker', { timeout: 180_000 }, async () => {
    const first = await api.json('/v1/imports', { method: 'POST', body: JSON.stringify({ dataset: 'bit-university-patents' }) });
    await sleep(1_500);
    expect((await api.json(`/v1/tasks/${first.taskId}`)).status, 'an API process does not run imports').toBe('enqueued');

    const worker = startWorker();
    const done = await api.waitForTask(first.taskId, 90_000).catch((error: Error) => Promise.reject(new Error(`${error.message}\n${log}`)));
    expect(done.status).toBe('succeeded');

    const big = await api.json('/v1/imports', { method: 'POST', body: JSON.stringify({ dataset: 'cn-recent-titles-ipc' }) });
    let killedAt: unknown;
    for (let i = 0; i < 600 && killedAt === undefined; i++) {
      const task = await api.json(`/v1/tasks/${big.taskId}`);
      if (task.status === 'processing' && task.progress?.done > 0) killedAt = task.progress;
      else if (task.status === 'succeeded') break;
      else await sleep(20);
    }
    expect(killedAt, 'the worker was killed part-way through the import').toBeDefined();
    await kill(worker);
    startWorker();
    const task = await api.waitForTask(big.taskId, 90_000).catch((error: Error) => Promise.reject(new Error(`${error.message}\n${log}`)));
    expect(task.status, JSON.stringify(task.error)).toBe('succeeded');
    const c = task.counts;
    expect(c.received).toBe(c.imported + c.updated + c.unchanged + c.merged + c.rejected);

    // The API process indexes what the workers wrote, into the index it serves.
    const { n } = await api.system.context.db.selectFrom('patents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    // Every record kept is one patent, once: the part written before the kill is found again (unchanged), not duplicated.
    expect(Number(n) - done.counts.imported).toBe(c.received - c.rejected - c.merged);
    expect(c.unchanged, 'the killed run had written a part already').toBeGreaterThan(0);
    await api.waitForIndex();
    expect((await api.json('/v1/stats/index')).documents).toBe(Number(n));
    console.info(`[api faults] worker killed at ${JSON.stringify(killedAt)}; the next worker finished the import: ${JSON.stringify(c)}`);
  });
});
