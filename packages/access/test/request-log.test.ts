import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import { openStorage, saveOrganization, type Storage } from '@patent-bridge/db';
import { assignRequestId, authenticate, createLogger, issueApiKey, requestLog } from '../src/index.ts';
import { serve } from './http.ts';

const ADMIN_SECRET = 'test-admin-secret-0123456789';

/** A pino destination that keeps every line. */
function captured() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { stream, lines, records: () => lines.map((l) => JSON.parse(l) as Record<string, any>) };
}

describe('request logging', () => {
  let storage: Storage;
  let server: { base: string; close: () => Promise<void> };
  let secret: string;
  let keyId: string;
  const out = captured();

  beforeAll(async () => {
    storage = await openStorage({ kind: 'pglite', dataDir: 'memory' });
    const platform = (await saveOrganization(storage.db, { name: '齐鲁技术交易平台', kind: 'partner_platform' })).id;
    const issued = await issueApiKey(storage.db, { organizationId: platform, role: 'partner', label: 'logged' });
    secret = issued.secret;
    keyId = issued.key.id;
    const logger = createLogger({ name: 'api', destination: out.stream });
    const app = express();
    app.use(assignRequestId(), requestLog(logger));
    app.use('/v1', authenticate(storage.db, { adminSecret: ADMIN_SECRET }));
    app.get('/v1/patents', (req, res) => {
      // A careless route logging the whole request must not leak the key either.
      logger.info({ headers: req.headers, req: { headers: req.headers } }, 'route saw request');
      res.json([]);
    });
    app.get('/v1/boom', () => {
      throw new Error('boom');
    });
    server = await serve(app);
  });
  afterAll(async () => {
    await server?.close();
    await storage?.close();
  });

  const waitForLines = async (n: number) => {
    for (let i = 0; i < 100 && out.lines.length < n; i++) await new Promise((r) => setTimeout(r, 10));
  };

  it('logs method, path, status, duration, request id and key id, and never a secret', async () => {
    await fetch(`${server.base}/v1/patents?api_key=${secret}&ipc=A23F`, { headers: { authorization: `Bearer ${secret}`, 'x-request-id': 'req-log-1' } });
    await fetch(`${server.base}/v1/patents`, { headers: { 'x-api-key': secret, 'x-request-id': 'req-log-2' } });
    await fetch(`${server.base}/v1/patents`, { headers: { 'x-api-key': ADMIN_SECRET, 'x-request-id': 'req-log-3' } });
    await fetch(`${server.base}/v1/patents`, { headers: { authorization: `Bearer ${secret.slice(0, -1)}Z`, 'x-request-id': 'req-log-4' } });
    await fetch(`${server.base}/v1/boom`, { headers: { authorization: `Bearer ${secret}`, 'x-request-id': 'req-log-5' } });
    await waitForLines(8);

    const requests = out.records().filter((r) => r.msg === 'request');
    expect(requests.map((r) => [r.requestId, r.status])).toEqual([
      ['req-log-1', 200],
      ['req-log-2', 200],
      ['req-log-3', 200],
      ['req-log-4', 401],
      ['req-log-5', 500],
    ]);
    expect(requests[0]).toMatchObject({ name: 'api', level: 30, method: 'GET', path: '/v1/patents', keyId, role: 'partner' });
    expect(typeof requests[0]!.durationMs).toBe('number');
    expect(requests[2]).toMatchObject({ keyId: 'key_bootstrap_admin', role: 'admin' });
    expect(requests[3]).toMatchObject({ level: 40 });
    expect(requests[3]!.keyId).toBeUndefined();
    expect(requests[4]).toMatchObject({ level: 50, path: '/v1/boom' });

    const routeLines = out.records().filter((r) => r.msg === 'route saw request');
    expect(routeLines).toHaveLength(3);
    expect(routeLines[0]!.headers.authorization).toBe('[redacted]');
    expect(routeLines[0]!.req.headers.authorization).toBe('[redacted]');
    expect(routeLines[1]!.headers['x-api-key']).toBe('[redacted]');

    const everything = out.lines.join('\n');
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain(secret.slice(16));
    expect(everything).not.toContain(ADMIN_SECRET);
  });

  it('redacts secrets in objects a caller logs', () => {
    const own = captured();
    const logger = createLogger({ destination: own.stream });
    logger.info({ secret: 'pb_live_sekrit', issued: { secret: 'pb_live_sekrit2', keyId: 'key_1' }, authorization: 'Bearer x-sekrit' }, 'key issued');
    const [line] = own.records();
    expect(line).toMatchObject({ secret: '[redacted]', issued: { secret: '[redacted]', keyId: 'key_1' }, authorization: '[redacted]' });
    expect(own.lines.join('')).not.toContain('sekrit');
  });
});
