import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import { openStorage, type Storage } from '@patent-bridge/db';
import { DEFAULT_CONTENT_SECURITY_POLICY, assignRequestId, authenticate, cors, corsOriginsFromEnv, securityHeaders } from '../src/index.ts';
import { serve } from './http.ts';

const CONSOLE = 'https://console.example.cn';

describe('security headers and CORS', () => {
  let storage: Storage;
  let server: { base: string; close: () => Promise<void> };
  beforeAll(async () => {
    storage = await openStorage({ kind: 'pglite', dataDir: 'memory' });
    const app = express();
    app.use(assignRequestId(), securityHeaders(), cors({ origins: corsOriginsFromEnv({ PB_CORS_ORIGINS: ` ${CONSOLE} , http://127.0.0.1:5173` }) }));
    app.use('/v1', authenticate(storage.db, { adminSecret: 'test-admin-secret-0123456789' }));
    app.get('/v1/patents', (_req, res) => {
      res.json([]);
    });
    server = await serve(app);
  });
  afterAll(async () => {
    await server?.close();
    await storage?.close();
  });

  it('sets the security headers on every response, errors included', async () => {
    for (const res of [await fetch(`${server.base}/v1/patents`), await fetch(`${server.base}/v1/patents`, { headers: { authorization: 'Bearer test-admin-secret-0123456789' } })]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('content-security-policy')).toBe(DEFAULT_CONTENT_SECURITY_POLICY);
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(DEFAULT_CONTENT_SECURITY_POLICY).toMatch(/^default-src 'self';/);
    expect(DEFAULT_CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });

  it('answers an allowed origin’s preflight with 204 before authentication', async () => {
    const res = await fetch(`${server.base}/v1/patents`, {
      method: 'OPTIONS',
      headers: { origin: CONSOLE, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(CONSOLE);
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('x-api-key');
    expect(res.headers.get('access-control-max-age')).toBe('600');
    expect(res.headers.get('vary')).toMatch(/origin/i);
  });

  it('lets an allowed origin read the answer and its rate-limit headers', async () => {
    const res = await fetch(`${server.base}/v1/patents`, { headers: { origin: 'http://127.0.0.1:5173', authorization: 'Bearer test-admin-secret-0123456789' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173');
    expect(res.headers.get('access-control-expose-headers')).toContain('RateLimit-Remaining');
    expect(res.headers.get('access-control-expose-headers')).toContain('Retry-After');
  });

  it('gives other origins no CORS headers, and refuses their preflight', async () => {
    const simple = await fetch(`${server.base}/v1/patents`, { headers: { origin: 'https://evil.example', authorization: 'Bearer test-admin-secret-0123456789' } });
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${server.base}/v1/patents`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' } });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(((await preflight.json()) as any).code).toBe('origin_not_allowed');
  });

  it('reads the allow-list from PB_CORS_ORIGINS and rejects entries that are not origins', () => {
    expect(corsOriginsFromEnv({})).toEqual([]);
    expect(corsOriginsFromEnv({ PB_CORS_ORIGINS: 'https://Console.Example.cn,*,' })).toEqual(['https://console.example.cn', '*']);
    expect(corsOriginsFromEnv({ PB_CORS_ORIGINS: 'http://localhost:3000' })).toEqual(['http://localhost:3000']);
    for (const bad of ['console.example.cn', 'https://console.example.cn/', 'https://console.example.cn/app', 'https://a.cn?x=1']) {
      expect(() => corsOriginsFromEnv({ PB_CORS_ORIGINS: bad })).toThrow(/PB_CORS_ORIGINS/);
    }
  });

  it('allows every origin with "*" without echoing it', async () => {
    const app = express();
    app.use(cors({ origins: ['*'] }));
    app.get('/x', (_req, res) => {
      res.json({});
    });
    const open = await serve(app);
    try {
      const res = await fetch(`${open.base}/x`, { headers: { origin: 'https://anyone.example' } });
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
    } finally {
      await open.close();
    }
  });
});
