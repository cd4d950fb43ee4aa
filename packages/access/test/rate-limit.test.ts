import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import { Redis } from 'ioredis';
import { openStorage, saveOrganization, type Storage } from '@patent-bridge/db';
import { TEST_REDIS_URL, deleteRedisKeys, redisAvailable, uniqueTestPrefix } from '@patent-bridge/queue';
import { InMemoryRateLimiter, RedisRateLimiter, authenticate, createRateLimiter, issueApiKey, quotaFor, rateLimit, type RateLimiter, type RateLimitOptions } from '../src/index.ts';
import { serve } from './http.ts';

const ADMIN_SECRET = 'test-admin-secret-0123456789';
const hasRedis = await redisAvailable();

let storage: Storage;
let ownQuotaSecret: string; // a partner key with its own quota of 3
let roleQuotaSecret: string; // a partner key on the role's quota (5 in these tests)

beforeAll(async () => {
  storage = await openStorage({ kind: 'pglite', dataDir: 'memory' });
  const platform = (await saveOrganization(storage.db, { name: '齐鲁技术交易平台', kind: 'partner_platform' })).id;
  ownQuotaSecret = (await issueApiKey(storage.db, { organizationId: platform, role: 'partner', label: 'small', quotaPerMinute: 3 })).secret;
  roleQuotaSecret = (await issueApiKey(storage.db, { organizationId: platform, role: 'partner', label: 'default' })).secret;
});
afterAll(async () => {
  await storage?.close();
});

async function limitedApp(limiter: RateLimiter, options: RateLimitOptions = {}) {
  const app = express();
  app.use('/v1', authenticate(storage.db, { adminSecret: ADMIN_SECRET }), rateLimit(limiter, { quotas: { partner: 5 }, ...options }));
  app.get('/v1/patents', (_req, res) => {
    res.json([]);
  });
  app.post('/v1/search', (_req, res) => {
    res.json({ hits: [] });
  });
  app.post('/v1/imports', (_req, res) => {
    res.status(202).json({ taskId: 1 });
  });
  return serve(app);
}

const get = (base: string, secret: string, path = '/v1/patents', method = 'GET') => fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${secret}` } });

describe('in-memory rate limiter', () => {
  it('counts per key in fixed windows and starts again when the window ends', async () => {
    let now = 1_000_000;
    const limiter = new InMemoryRateLimiter({ windowMs: 60_000, now: () => now });
    expect(await limiter.hit('a', 2)).toEqual({ allowed: true, limit: 2, remaining: 1, resetMs: 60_000 });
    now += 10_000;
    expect(await limiter.hit('a', 2)).toEqual({ allowed: true, limit: 2, remaining: 0, resetMs: 50_000 });
    expect(await limiter.hit('a', 2)).toEqual({ allowed: false, limit: 2, remaining: 0, resetMs: 50_000 });
    expect((await limiter.hit('b', 2)).allowed).toBe(true);
    now += 50_000;
    expect(await limiter.hit('a', 2)).toEqual({ allowed: true, limit: 2, remaining: 1, resetMs: 60_000 });
  });

  it('takes the key’s own quota before the role’s, and leaves admins unlimited', () => {
    expect(quotaFor({ role: 'partner' })).toBe(120);
    expect(quotaFor({ role: 'partner' }, { partner: 5 })).toBe(5);
    expect(quotaFor({ role: 'partner', quotaPerMinute: 3 }, { partner: 5 })).toBe(3);
    expect(quotaFor({ role: 'admin' })).toBeUndefined();
    expect(quotaFor({ role: 'enterprise' }, { enterprise: null })).toBeUndefined();
  });

  it('is what the factory picks without a Redis URL', async () => {
    const limiter = createRateLimiter({});
    expect(limiter.kind).toBe('in-memory');
    await limiter.close();
  });
});

function middlewareSuite(name: string, makeLimiter: () => RateLimiter) {
  describe(`rate-limit middleware on the ${name} limiter`, () => {
    let limiter: RateLimiter;
    let server: { base: string; close: () => Promise<void> };
    beforeAll(async () => {
      limiter = makeLimiter();
      server = await limitedApp(limiter);
    });
    afterAll(async () => {
      await server?.close();
      await limiter?.close();
    });

    it('sets the RateLimit headers and answers 429 problem+json with Retry-After once the key’s quota is used', async () => {
      const remaining: string[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await get(server.base, ownQuotaSecret);
        expect(res.status).toBe(200);
        expect(res.headers.get('ratelimit-limit')).toBe('3');
        expect(res.headers.get('ratelimit-policy')).toBe('3;w=60');
        const reset = Number(res.headers.get('ratelimit-reset'));
        expect(reset).toBeGreaterThanOrEqual(1);
        expect(reset).toBeLessThanOrEqual(60);
        expect(res.headers.get('retry-after')).toBeNull();
        remaining.push(res.headers.get('ratelimit-remaining')!);
      }
      expect(remaining).toEqual(['2', '1', '0']);
      const over = await get(server.base, ownQuotaSecret);
      expect(over.status).toBe(429);
      expect(over.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(over.headers.get('ratelimit-remaining')).toBe('0');
      const retryAfter = Number(over.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(await over.json()).toMatchObject({ status: 429, code: 'rate_limited', title: 'Too Many Requests', retryAfter });
    });

    it('counts each key on its own, on its role’s quota when it has none', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await get(server.base, roleQuotaSecret)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    });

    it('does not count unlimited keys', async () => {
      for (let i = 0; i < 8; i++) {
        const res = await get(server.base, ADMIN_SECRET);
        expect(res.status).toBe(200);
        expect(res.headers.get('ratelimit-limit')).toBeNull();
      }
    });
  });
}

middlewareSuite('in-memory', () => new InMemoryRateLimiter());

describe.skipIf(!hasRedis)('Redis rate limiter', () => {
  const prefix = uniqueTestPrefix('access');
  let inspector: Redis;
  beforeAll(() => {
    inspector = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    inspector?.disconnect();
    if (hasRedis) await deleteRedisKeys(prefix);
  });

  middlewareSuite('Redis', () => createRateLimiter({ redisUrl: TEST_REDIS_URL, prefix }));

  it('shares one count between processes and lets the window expire in Redis', async () => {
    const first = new RedisRateLimiter({ url: TEST_REDIS_URL, prefix, windowMs: 400 });
    const second = new RedisRateLimiter({ url: TEST_REDIS_URL, prefix, windowMs: 400 });
    try {
      expect((await first.hit('shared', 3)).remaining).toBe(2);
      expect((await second.hit('shared', 3)).remaining).toBe(1);
      expect((await first.hit('shared', 3)).remaining).toBe(0);
      const over = await second.hit('shared', 3);
      expect(over.allowed).toBe(false);
      expect(over.resetMs).toBeGreaterThan(0);
      expect(over.resetMs).toBeLessThanOrEqual(400);
      const ttl = await inspector.pttl(`${prefix}:ratelimit:shared`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(400);
      await new Promise((r) => setTimeout(r, over.resetMs + 50));
      expect(await inspector.exists(`${prefix}:ratelimit:shared`)).toBe(0);
      expect(await first.hit('shared', 3)).toMatchObject({ allowed: true, remaining: 2 });
    } finally {
      await first.close();
      await second.close();
    }
  });
});

describe('when the Redis of the rate limiter is unreachable', () => {
  const warnings: Array<{ obj: object; msg: string }> = [];
  let limiter: RateLimiter;
  let server: { base: string; close: () => Promise<void> };
  beforeAll(async () => {
    // Port 1 on the loopback refuses connections: a Redis that is down.
    limiter = createRateLimiter({ redisUrl: 'redis://:hunter2-password@127.0.0.1:1', prefix: 'pb' });
    server = await limitedApp(limiter, { logger: { warn: (obj, msg) => warnings.push({ obj, msg }) } });
  });
  afterAll(async () => {
    await server?.close();
    await limiter?.close();
  });

  it('lets reads through unlimited, refuses writes with 503, and warns once without leaking the password', async () => {
    expect(limiter.kind).toBe('redis');
    for (let i = 0; i < 5; i++) {
      const res = await get(server.base, ownQuotaSecret);
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBeNull();
    }
    expect((await get(server.base, ownQuotaSecret, '/v1/search', 'POST')).status).toBe(200);
    const write = await get(server.base, ownQuotaSecret, '/v1/imports', 'POST');
    expect(write.status).toBe(503);
    expect(write.headers.get('retry-after')).toBe('5');
    expect(await write.json()).toMatchObject({ code: 'rate_limiter_unavailable', status: 503 });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.msg).toMatch(/rate limiter unavailable/);
    expect(JSON.stringify(warnings)).toContain('127.0.0.1:1');
    expect(JSON.stringify(warnings)).not.toContain('hunter2');
  });
});
