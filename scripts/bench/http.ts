import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createTask, openStorage } from '@patent-bridge/db';
import { defaultChainCatalogue } from '@patent-bridge/domain';
import { runImport } from '@patent-bridge/inventory';
import { datasetSource, loadDataset } from '@patent-bridge/datasets';
import { seededShuffle } from '../eval/corpus.ts';

const KEY = 'bench-admin-key-0123456789';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * HTTP load on the service as users run it: every shared record imported into PGlite on disk, then
 * `pnpm start`'s entry point in its own process, and autocannon in this process against 127.0.0.1
 * for a bounded time: POST /v1/search with 1,000 real titles rotated.
 */
export async function benchHttp(print: (line: string) => void): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pb-bench-http-'));
  const storage = await openStorage({ kind: 'pglite', dataDir: join(dataDir, 'pglite') });
  const taskId = await createTask(storage.db, 'import', { kind: 'dataset', dataset: 'all' });
  await runImport(storage.db, taskId, datasetSource('all'), { catalogue: defaultChainCatalogue() });
  await storage.close();

  const port = await freePort();
  const server = spawn(process.execPath, ['--import', 'tsx', 'services/api/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), PB_ADMIN_KEY: KEY, PB_LOAD_SAMPLE: 'false', DATABASE_URL: '', REDIS_URL: '', MEILI_URL: '' },
    stdio: 'ignore',
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    let status: { ready?: boolean; documents?: number; outboxPending?: number } = {};
    for (let i = 0; i < 1200 && !(status.ready && status.outboxPending === 0); i++) {
      await new Promise((r) => setTimeout(r, 250));
      status = await fetch(`${base}/v1/stats/index`, { headers: { authorization: `Bearer ${KEY}` } }).then((r) => r.json() as object, () => ({}));
    }
    if (!status.ready) throw new Error('the service did not become ready');
    const titles = seededShuffle((await loadDataset('all')).records.map((r) => r.fields.title ?? '').filter((t) => t.length > 3), 7).slice(0, 1000);
    for (const mode of ['keyword', 'hybrid'] as const) {
      let i = 0;
      const result = await autocannon({
        url: base,
        connections: 16,
        duration: 15,
        requests: [
          {
            method: 'POST',
            path: '/v1/search',
            headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
            setupRequest: (req) => ({ ...req, body: JSON.stringify({ q: titles[i++ % titles.length]!.slice(0, 60), mode, limit: 10 }) }),
          },
        ],
      });
      const errors = result.errors + result.timeouts + result.non2xx;
      print(`POST /v1/search ${mode} at ${status.documents} documents, 16 connections, 15 s: **${Math.round(result.requests.average)} req/s**, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, errors ${errors} (target ≥ 300 req/s, p99 ≤ 100 ms)`);
    }
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
