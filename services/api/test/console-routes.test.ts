import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleRoutes } from '../src/console.ts';

/** The console's static files at `/`, next to an API route and a 404 handler like the real app's. */
function appServing(dist: string) {
  const app = express();
  app.get('/v1/ping', (_req, res) => void res.json({ pong: true }));
  app.get('/docs', (_req, res) => void res.type('html').send('docs page'));
  app.use(consoleRoutes({ dist }));
  app.use((req, res) => void res.status(404).json({ code: 'route_not_found', path: req.path }));
  return app;
}

async function listen(app: express.Express): Promise<{ server: Server; base: string }> {
  const server = app.listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('consoleRoutes', () => {
  const dist = mkdtempSync(path.join(tmpdir(), 'pb-console-dist-'));
  const missing = path.join(dist, 'not-built');
  let built: { server: Server; base: string };
  let unbuilt: { server: Server; base: string };

  beforeAll(async () => {
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>专利桥</title><script type="module" src="/assets/index-abc123.js"></script>');
    writeFileSync(path.join(dist, 'assets', 'index-abc123.js'), 'console.log("console")');
    writeFileSync(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    built = await listen(appServing(dist));
    unbuilt = await listen(appServing(missing));
  });
  afterAll(() => {
    built.server.close();
    unbuilt.server.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves index.html at / and /console, revalidated on every load', async () => {
    for (const route of ['/', '/console', '/index.html']) {
      const answer = await fetch(`${built.base}${route}`);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
      expect(answer.headers.get('cache-control')).toBe('no-cache');
      expect(await answer.text()).toContain('专利桥');
    }
  });

  it('serves hashed assets with a long, immutable cache; an unknown asset falls through to the 404 handler', async () => {
    const answer = await fetch(`${built.base}/assets/index-abc123.js`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(answer.headers.get('content-type')).toMatch(/javascript/);
    const unknown = await fetch(`${built.base}/assets/nope.js`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { code: string }).code).toBe('route_not_found');
    expect((await fetch(`${built.base}/favicon.svg`)).status).toBe(200);
  });

  it('leaves the API, the docs and other methods alone', async () => {
    expect(await (await fetch(`${built.base}/v1/ping`)).json()).toEqual({ pong: true });
    expect(await (await fetch(`${built.base}/docs`)).text()).toBe('docs page');
    expect((await fetch(`${built.base}/v1/unknown`)).status).toBe(404);
    expect((await fetch(`${built.base}/`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${built.base}/elsewhere`)).status).toBe(404);
  });

  it('says how to build the console when the build is missing', async () => {
    const answer = await fetch(`${unbuilt.base}/`);
    expect(answer.status).toBe(503);
    const html = await answer.text();
    expect(html).toContain('pnpm start');
    expect(html).toContain('@patent-bridge/console');
    expect((await fetch(`${unbuilt.base}/v1/ping`)).status).toBe(200);
  });
});
