import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPOSITORY = fileURLToPath(new URL('../../..', import.meta.url));
export const ARTIFACTS = path.join(REPOSITORY, 'tests', 'artifacts');

/** A running `pnpm start` of the repository. */
export interface RunningServer {
  baseUrl: string;
  adminKey: string;
  stop: () => Promise<void>;
}

/** A TCP port nobody listens on right now. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a value, or fails with what it last saw. */
async function until<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>, alive: () => string | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const dead = alive();
    if (dead) throw new Error(`the server exited while waiting for ${what}:\n${dead}`);
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(500);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last: ${last})` : ''}`);
}

/**
 * Starts the project as a user does (`scripts/start.sh`, which `pnpm start` runs: builds the console
 * when stale, then `tsx services/api/src/main.ts`) on a free port with a temp `DATA_DIR` and embedded
 * defaults, waits for `/ready` and for the sample import and matching to be available.
 *
 * @example
 * const server = await startServer();
 * await fetch(`${server.baseUrl}/v1/patents`, { headers: { Authorization: `Bearer ${server.adminKey}` } });
 * await server.stop();
 */
export async function startServer(): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pb-console-'));
  const adminKey = `console-admin-${Math.random().toString(36).slice(2)}-0123456789`;
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATA_DIR: dataDir, PB_ADMIN_KEY: adminKey, PB_LOG_LEVEL: process.env.PB_LOG_LEVEL ?? 'warn' };
  for (const name of ['DATABASE_URL', 'REDIS_URL', 'MEILI_URL', 'MEILI_KEY', 'PB_ROLE', 'EMBEDDING_MODEL']) delete env[name];
  const child: ChildProcess = spawn('bash', ['scripts/start.sh'], { cwd: REPOSITORY, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let exited: string | undefined;
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.on('exit', (code, signal) => (exited = `exit ${code ?? signal}\n${output.slice(-4000)}`));
  const baseUrl = `http://127.0.0.1:${port}`;
  const auth = { Authorization: `Bearer ${adminKey}` };

  const stop = async () => {
    if (!exited && child.pid) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      for (let i = 0; i < 40 && !exited; i++) await sleep(250);
      if (!exited) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(path.join(ARTIFACTS, 'server.log'), output);
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await until('GET /ready = ok', 180_000, async () => {
      const answer = await fetch(`${baseUrl}/ready`);
      const body = (await answer.json()) as { status: string };
      return body.status === 'ok' ? true : undefined;
    }, () => exited);
    await until('the sample import', 120_000, async () => {
      const answer = await fetch(`${baseUrl}/v1/tasks?type=import`, { headers: auth });
      const { tasks } = (await answer.json()) as { tasks: { status: string }[] };
      if (tasks.some((t) => t.status === 'failed')) throw new Error('the sample import failed');
      return tasks.length > 0 && tasks.every((t) => t.status === 'succeeded') ? true : undefined;
    }, () => exited);
    await until('matching', 120_000, async () => {
      const answer = await fetch(`${baseUrl}/v1/demands/sample-demand-01/matches?limit=1`, { headers: auth });
      return answer.ok ? true : undefined;
    }, () => exited);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, adminKey, stop };
}
