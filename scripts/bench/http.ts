import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createTask, openStorage, saveOrganization } from '@patent-bridge/db';
import { defaultChainCatalogue } from '@patent-bridge/domain';
import { runImport } from '@patent-bridge/inventory';
import { datasetSource, loadDataset, loadSmeEvalDemands } from '@patent-bridge/datasets';
import { seededShuffle } from '../eval/corpus.ts';
import { cpuProfileLines, profileClock, summariseCpuProfile, type ProfileWindow } from './cpu-profile.ts';
import { partnerKindLines, runPartnerLoad, type PartnerCorpus, type PartnerLoadResult } from './partner-traffic.ts';
import { compareBuilds, comparisonLines, type ServiceBuild } from './http-comparison.ts';

/** The bootstrap admin key: admins have no quota, so rate limiting never answers 429 during a run. */
const KEY = 'bench-admin-key-0123456789';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CONNECTIONS = 16;
const SEARCH_SECONDS = 15;
const MIX_SECONDS = 30;
const MATCHES_ONLY_SECONDS = 10;
const COMPARISON_WARM_UP_SECONDS = 5;
const DEMANDS = 200;
const SEED = 20261121;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface Library {
  dataDir: string;
  /** The enterprise the bench's demands are posted for. */
  enterpriseId: string;
  patents: Array<{ id: string; title: string }>;
}

/**
 * Every shared record imported into PGlite on disk, as `pnpm cli import --dataset all` does, and an
 * enterprise to post demands for: the API has no route that creates organisations, so it is saved
 * through the db package like the partner platforms' onboarding does.
 */
async function prepareLibrary(): Promise<Library> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pb-bench-http-'));
  const storage = await openStorage({ kind: 'pglite', dataDir: join(dataDir, 'pglite') });
  try {
    const taskId = await createTask(storage.db, 'import', { kind: 'dataset', dataset: 'all' });
    await runImport(storage.db, taskId, datasetSource('all'), { catalogue: defaultChainCatalogue() });
    const enterprise = await saveOrganization(storage.db, { name: '接口压测企业（示例）', kind: 'enterprise', region: { province: '山东', city: '济南' } });
    const patents = await storage.db.selectFrom('patents').select(['id', 'title']).orderBy('id').execute();
    return { dataDir, enterpriseId: enterprise.id, patents };
  } finally {
    await storage.close();
  }
}

/** `pnpm start`'s entry point in its own process, on embedded defaults, without the sample; from `root`, this checkout by default. */
function startApi(dataDir: string, port: number, profileDir?: string, root = ROOT): ChildProcess {
  const profile = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
  return spawn(process.execPath, [...profile, '--import', 'tsx', 'services/api/src/main.ts'], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), PB_ADMIN_KEY: KEY, PB_LOAD_SAMPLE: 'false', DATABASE_URL: '', REDIS_URL: '', MEILI_URL: '' },
    stdio: 'ignore',
  });
}

async function call<T>(base: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  return (await response.json()) as T;
}

interface IndexStatus {
  ready?: boolean;
  documents?: number;
  outboxPending?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function indexStatus(base: string): Promise<IndexStatus> {
  return call<IndexStatus>(base, 'GET', '/v1/stats/index').catch(() => ({}));
}

/** Waits until the index is ready and its outbox has stayed empty for `quietMs`. */
async function waitForIndex(base: string, server: ChildProcess, quietMs: number, timeoutMs = 300_000): Promise<IndexStatus> {
  const deadline = Date.now() + timeoutMs;
  let quietSince: number | undefined;
  while (Date.now() < deadline) {
    if (server.exitCode !== null || server.signalCode !== null) throw new Error(`the service exited (${server.exitCode ?? server.signalCode}) before its index was ready`);
    const status = await indexStatus(base);
    if (status.ready && status.outboxPending === 0) {
      quietSince ??= Date.now();
      if (Date.now() - quietSince >= quietMs) return status;
    } else {
      quietSince = undefined;
    }
    await sleep(250);
  }
  throw new Error(`the search index was not ready with an empty outbox within ${timeoutMs / 1000} s`);
}

/**
 * Posts the bench's demands through `POST /v1/demands`: the evaluation set's SME demands, then real
 * patent titles posed as short demands, up to `count`.
 */
async function postDemands(base: string, enterpriseId: string, titles: readonly string[], count: number): Promise<string[]> {
  const sme = await loadSmeEvalDemands();
  const inputs = [
    ...sme.map((d) => ({ title: d.title, description: d.description, keywords: d.keywords, industryCode: d.industryCode, chains: d.chains, region: d.region, licenceModes: d.licenceModes })),
    ...titles.map((title) => ({ title })),
  ].slice(0, count);
  const ids: string[] = [];
  for (const input of inputs) ids.push((await call<{ id: string }>(base, 'POST', '/v1/demands', { enterpriseId, ...input })).id);
  return ids;
}

/**
 * Waits until the matching service has stored every demand's top-K, so its background work (and the
 * demand-pull updates and re-indexing it causes) is over before anything is measured.
 */
async function waitForStoredMatches(base: string, demandIds: readonly string[], timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let pending = [...demandIds];
  while (pending.length > 0) {
    if (Date.now() > deadline) throw new Error(`${pending.length} demands had no stored matches after ${timeoutMs / 1000} s`);
    await sleep(500);
    const stored = await Promise.all(
      pending.map((id) => call<{ matches: unknown[] }>(base, 'GET', `/v1/demands/${id}/matches?source=stored&limit=1`).then((r) => r.matches.length > 0)),
    );
    pending = pending.filter((_, i) => !stored[i]);
  }
}

/**
 * Makes sure the run measures the routes, not the quota: the admin key is not counted by the rate
 * limiter (no `RateLimit-*` headers), and no request sends an `Idempotency-Key`, so that middleware
 * passes every request straight through.
 */
async function assertUnthrottled(base: string): Promise<void> {
  const response = await fetch(`${base}/v1/search`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ q: '茶叶', mode: 'hybrid', limit: 10 }),
  });
  await response.arrayBuffer();
  if (!response.ok || response.headers.has('ratelimit-limit')) {
    throw new Error(`the bench key is rate limited or refused (status ${response.status}, RateLimit-Limit ${response.headers.get('ratelimit-limit')})`);
  }
}

async function searchOnly(base: string, titles: readonly string[], mode: 'keyword' | 'hybrid'): Promise<autocannon.Result> {
  let i = 0;
  return autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: SEARCH_SECONDS,
    requests: [
      {
        method: 'POST',
        path: '/v1/search',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: JSON.stringify({ q: titles[i++ % titles.length]!.slice(0, 60), mode, limit: 10 }) }),
      },
    ],
  });
}

function overallLine(result: PartnerLoadResult): string {
  const o = result.overall;
  return `**${Math.round(o.perSecond)} req/s**, p50 ${o.p50Ms} ms, p99 ${o.p99Ms} ms, non-2xx ${o.non2xx}, errors ${o.errors} (timeouts ${o.timeouts}), ${o.requests.toLocaleString('en')} requests`;
}

function goalLine(result: PartnerLoadResult): string {
  const o = result.overall;
  const verdicts = [
    `${Math.round(o.perSecond)} req/s ${o.perSecond >= 300 ? 'met' : 'NOT met'}`,
    `p99 ${o.p99Ms} ms ${o.p99Ms <= 150 ? 'met' : 'NOT met'}`,
    `${o.errors + o.timeouts + o.non2xx} errors ${o.errors + o.timeouts + o.non2xx === 0 ? 'met' : 'NOT met'}`,
  ];
  return `goal on 2 cores: ≥ 300 req/s, p99 ≤ 150 ms, 0 errors: ${verdicts.join('; ')}`;
}

/**
 * HTTP load on the service as users run it: every shared record imported into PGlite on disk, then
 * `pnpm start`'s entry point in its own process, and autocannon in this process against 127.0.0.1.
 * 200 demands are posted through the API first and the service is let finish matching and indexing
 * them. Then, for a bounded time each, with 16 connections and the admin key (no quota):
 * - baseline: POST /v1/search alone, keyword then hybrid, 1,000 real titles rotated;
 * - the partner mix of the API issue: 70% hybrid search, 20% a demand's live matches, 10% reads of
 *   one patent or the first page of patents, each request drawn by a seeded random draw; figures
 *   overall and per kind, the mixed ÷ search-only throughput ratio and the goal.
 * `--profile` starts the server under `--cpu-prof`, adds a matches-only run and prints where the
 * server's CPU went during the mix and during the matches-only run. `--baseline=<checkout>` then
 * compares the service of another checkout (with its dependencies installed) with this one on
 * the same data: the partner mix against each in turn, A B A B, with the service's CPU per request.
 */
export async function benchHttp(print: (line: string) => void): Promise<void> {
  const profiling = process.argv.includes('--profile');
  const baselineRoot = process.argv.find((a) => a.startsWith('--baseline='))?.slice('--baseline='.length);
  let started = performance.now();
  const library = await prepareLibrary();
  const { dataDir } = library;
  print(`library: ${library.patents.length} patents imported into PGlite in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const port = await freePort();
  const profileDir = profiling ? join(dataDir, 'cpu-profile') : undefined;
  const server = startApi(dataDir, port, profileDir);
  const exited = new Promise((r) => server.once('exit', r));
  const base = `http://127.0.0.1:${port}`;
  const windows: Array<{ label: string; window: ProfileWindow; requests: number }> = [];
  try {
    started = performance.now();
    let status = await waitForIndex(base, server, 0);
    print(`service up and ${status.documents} documents indexed in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    started = performance.now();
    const patentTitles = seededShuffle(library.patents.map((p) => p.title).filter((t) => t.length > 3), 11);
    const demandIds = await postDemands(base, library.enterpriseId, patentTitles, DEMANDS);
    await waitForStoredMatches(base, demandIds);
    status = await waitForIndex(base, server, 3000);
    print(`${demandIds.length} demands posted (POST /v1/demands), matched and indexed by the service in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    await assertUnthrottled(base);
    const titles = seededShuffle((await loadDataset('all')).records.map((r) => r.fields.title ?? '').filter((t) => t.length > 3), 7).slice(0, 1000);
    let hybridPerSecond = Number.NaN;
    for (const mode of ['keyword', 'hybrid'] as const) {
      const result = await searchOnly(base, titles, mode);
      const errors = result.errors + result.timeouts + result.non2xx;
      if (mode === 'hybrid') hybridPerSecond = result.requests.average;
      print(`POST /v1/search ${mode} at ${status.documents} documents, ${CONNECTIONS} connections, ${SEARCH_SECONDS} s: **${Math.round(result.requests.average)} req/s**, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, errors ${errors} (target ≥ 300 req/s, p99 ≤ 100 ms)`);
    }

    const corpus: PartnerCorpus = { titles, demandIds, patentIds: seededShuffle(library.patents.map((p) => p.id), 13).slice(0, 1000) };
    const load = { base, key: KEY, connections: CONNECTIONS, seed: SEED };
    let from = profileClock();
    const mixed = await runPartnerLoad({ ...load, durationSeconds: MIX_SECONDS }, corpus);
    windows.push({ label: 'partner mix', window: { fromMicros: from, toMicros: profileClock() }, requests: mixed.overall.requests });
    print(`partner mix (70% hybrid search, 20% demand matches, 10% patent reads; seeded draw) at ${library.patents.length} patents and ${demandIds.length} demands, ${CONNECTIONS} connections, ${MIX_SECONDS} s: ${overallLine(mixed)}`);
    for (const line of partnerKindLines(mixed)) print(line);
    print(`mixed ÷ search-only (hybrid) throughput: ${(mixed.overall.perSecond / hybridPerSecond).toFixed(2)}×`);
    print(goalLine(mixed));

    if (profiling) {
      from = profileClock();
      const matchesOnly = await runPartnerLoad({ ...load, durationSeconds: MATCHES_ONLY_SECONDS, mix: { matches: 1 } }, corpus);
      windows.push({ label: 'matches-only run', window: { fromMicros: from, toMicros: profileClock() }, requests: matchesOnly.overall.requests });
      print(`GET /v1/demands/{id}/matches?limit=20 alone, ${CONNECTIONS} connections, ${MATCHES_ONLY_SECONDS} s: ${overallLine(matchesOnly)}`);
    }

    if (baselineRoot) {
      server.kill('SIGTERM');
      await exited;
      const builds: [ServiceBuild, ServiceBuild] = [
        { label: `before (${baselineRoot})`, root: baselineRoot },
        { label: 'after (this checkout)', root: ROOT },
      ];
      const start = async (build: ServiceBuild) => {
        const started = startApi(dataDir, port, undefined, build.root);
        await waitForIndex(base, started, 3000);
        await assertUnthrottled(base);
        return started;
      };
      const runs = await compareBuilds({ builds, start, load, corpus, durationSeconds: MIX_SECONDS, warmUpSeconds: COMPARISON_WARM_UP_SECONDS });
      print(`before/after, partner mix on the same data, each build warmed up ${COMPARISON_WARM_UP_SECONDS} s then measured ${MIX_SECONDS} s, alternating:`);
      for (const line of comparisonLines(runs)) print(line);
    }
  } finally {
    server.kill('SIGTERM');
    await exited;
    if (profileDir) {
      const file = existsSync(profileDir) ? readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile')) : undefined;
      for (const { label, window, requests } of file ? windows : []) {
        const summary = summariseCpuProfile(join(profileDir, file!), window, { root: ROOT });
        print(`server CPU during the ${label}: ≈ ${(summary.busyMs / requests).toFixed(1)} ms per request (${requests.toLocaleString('en')} requests)`);
        for (const line of cpuProfileLines(summary)) print(line);
      }
      if (!file) print('no CPU profile was written by the server');
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}
