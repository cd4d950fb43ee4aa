import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { runInNewContext } from 'node:vm';
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { configFromEnv } from '../src/config.ts';
import { createApp } from '../src/app.ts';
import { startSystem, type RunningSystem } from '../src/system.ts';
import { API_ROUTES, type MediaDescription } from '../src/openapi/index.ts';

const KEY = 'test-admin-key-openapi-0123';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];
let system: RunningSystem;
let app: Express;
let server: Server;
let base: string;
let document: any;

interface RouterLayer {
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: RouterLayer[] };
  rawPath?: unknown;
}

/**
 * Every `METHOD /path` the express application mounts, as OpenAPI templates, found by walking its
 * router stack (express 5 / router 2: `app.router.stack`, a mounted router's `rawPath`, a route's
 * `path` and `methods`). Anything it cannot read as a plain path fails the test rather than hiding.
 */
function mountedRoutes(application: Express): string[] {
  const root = (application as unknown as { router?: { stack?: RouterLayer[] } }).router?.stack;
  if (!root) throw new Error('express no longer exposes app.router.stack: update mountedRoutes()');
  const found: string[] = [];
  const walk = (stack: RouterLayer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        if (typeof layer.route.path !== 'string') throw new Error(`a route under ${prefix || '/'} has a non-string path: ${String(layer.route.path)}`);
        const path = (prefix + layer.route.path).replace(/:(\w+)/g, '{$1}');
        for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') found.push(`${method.toUpperCase()} ${path}`);
      } else if (layer.handle?.stack) {
        if (typeof layer.rawPath !== 'string') throw new Error(`a router is mounted under ${prefix || '/'} on a non-string path`);
        walk(layer.handle.stack, prefix + (layer.rawPath === '/' ? '' : layer.rawPath));
      }
    }
  };
  walk(root, '');
  return found;
}

function documentedRoutes(doc: any): string[] {
  return Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((k) => METHODS.includes(k))
      .map((method) => `${method.toUpperCase()} ${path}`),
  );
}

/** Every `$ref` string in the document, with where it is. */
function refsOf(node: unknown, at = '#'): Array<{ ref: string; at: string }> {
  if (Array.isArray(node)) return node.flatMap((n, i) => refsOf(n, `${at}/${i}`));
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([k, v]) => (k === '$ref' && typeof v === 'string' ? [{ ref: v, at }] : refsOf(v, `${at}/${k}`)));
}

function resolvePointer(doc: any, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((node: any, key) => (node === undefined ? undefined : node[key]), doc);
}

beforeAll(async () => {
  system = await startSystem({ ...configFromEnv({ PB_ADMIN_KEY: KEY, PB_LOG_LEVEL: 'silent', PB_LOAD_SAMPLE: 'false' }), storage: { kind: 'pglite', dataDir: 'memory' } });
  app = createApp(system.context);
  server = app.listen(0);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const res = await fetch(`${base}/v1/openapi.json`);
  expect(res.status).toBe(200);
  document = await res.json();
}, 120_000);
afterAll(async () => {
  server?.close();
  await system?.close();
});

describe('GET /v1/openapi.json', () => {
  it('is served without an API key, as JSON, while every other /v1 route needs one', async () => {
    const res = await fetch(`${base}/v1/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect((await fetch(`${base}/v1/patents`)).status).toBe(401);
  });

  it('is an OpenAPI 3.1 document: every path has operations, every operation answers, every $ref resolves', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.info).toMatchObject({ title: expect.any(String), version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    const paths = Object.entries(document.paths as Record<string, Record<string, any>>);
    expect(paths.length).toBeGreaterThan(20);
    const operationIds = new Set<string>();
    for (const [path, item] of paths) {
      expect(path).toMatch(/^\//);
      const operations = Object.entries(item).filter(([k]) => METHODS.includes(k));
      expect(operations.length, path).toBeGreaterThan(0);
      for (const [method, operation] of operations) {
        const where = `${method.toUpperCase()} ${path}`;
        expect(operation.summary, where).toBeTruthy();
        expect(operationIds.has(operation.operationId), `${where}: duplicate operationId`).toBe(false);
        operationIds.add(operation.operationId);
        const responses = Object.entries(operation.responses as Record<string, any>);
        expect(responses.length, where).toBeGreaterThan(0);
        expect(responses.some(([status]) => /^[23]\d\d$/.test(status)), `${where} has a success response`).toBe(true);
        for (const [status, response] of responses) expect(response.description, `${where} ${status}`).toBeTruthy();
        // Every template parameter is a required path parameter.
        const declared = (operation.parameters as any[]).map((p) => (p.$ref ? resolvePointer(document, p.$ref) : p)) as any[];
        for (const name of [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])) {
          expect(declared.find((p) => p.in === 'path' && p.name === name), `${where}: path parameter ${name}`).toMatchObject({ required: true });
        }
      }
    }
    const dangling = refsOf(document).filter(({ ref }) => resolvePointer(document, ref) === undefined);
    expect(dangling).toEqual([]);
  });

  it('describes bearer authentication, problem+json errors and the rate-limit headers', () => {
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.security).toContainEqual({ bearer: [] });
    expect(document.components.schemas.Problem.properties).toMatchObject({ code: { type: 'string' }, detail: { type: 'string' }, status: { type: 'integer' } });
    const getPatent = document.paths['/v1/patents/{id}'].get;
    expect(getPatent.responses['404'].content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
    expect(getPatent.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Patent' });
    expect(Object.keys(getPatent.responses['200'].headers)).toEqual(expect.arrayContaining(['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'ETag']));
    expect(getPatent.responses['429'].headers).toHaveProperty('Retry-After');
    expect(getPatent.responses['401']).toBeDefined();
    // Routes without a key say so.
    expect(document.paths['/v1/openapi.json'].get.security).toEqual([]);
    expect(document.paths['/health'].get.security).toEqual([]);
  });

  it('takes its request schemas from the routes: query parameters, JSON and multipart bodies, idempotency keys', () => {
    const listPatents = document.paths['/v1/patents'].get;
    const query = (listPatents.parameters as any[]).filter((p) => p.in === 'query');
    expect(query.map((p) => p.name)).toEqual(expect.arrayContaining(['ipc', 'chain', 'owner', 'legalStatus', 'filingYearFrom', 'expiringBefore', 'limit', 'cursor']));
    expect(query.find((p) => p.name === 'limit').schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 200, default: 20 });
    expect(query.find((p) => p.name === 'legalStatus').schema.items.enum).toContain('granted');

    const search = document.paths['/v1/search'].post.requestBody.content['application/json'].schema;
    expect(search.properties.q).toMatchObject({ type: 'string', maxLength: 500 });
    expect(search.required).toEqual(['q']);

    const imports = document.paths['/v1/imports'].post.requestBody.content;
    expect(imports['multipart/form-data'].schema.properties.file).toMatchObject({ type: 'string', contentMediaType: 'application/octet-stream' });
    expect(imports['multipart/form-data'].encoding.mapping.contentType).toBe('application/json');
    expect(imports['application/json'].schema.properties.dataset).toMatchObject({ type: 'string' });

    const postDemand = document.paths['/v1/demands'].post;
    expect(postDemand['x-roles']).toEqual(['admin', 'enterprise']);
    expect(postDemand.parameters).toContainEqual({ $ref: '#/components/parameters/IdempotencyKey' });
    expect(Object.keys(postDemand.responses)).toEqual(expect.arrayContaining(['201', '409', '422']));
    expect(document.components.parameters.IdempotencyKey.schema).toEqual({ type: 'string', minLength: 1, maxLength: 255 });
  });

  it('every example is valid: requests for the schema the route parses with, answers for their schema', () => {
    let checked = 0;
    for (const route of API_ROUTES) {
      for (const [status, response] of Object.entries(route.responses)) {
        if (typeof response === 'string' || !response.schema || response.example === undefined) continue;
        const result = response.schema.safeParse(response.example);
        expect(result.success, `${route.method.toUpperCase()} ${route.path} ${status}: ${result.error?.message}`).toBe(true);
        checked++;
      }
      if (!route.body || !('content' in route.body) || '_zod' in route.body) continue;
      for (const [type, media] of Object.entries(route.body.content)) {
        const { schema, example } = media as MediaDescription;
        if (example === undefined) continue;
        const result = (schema as z.ZodType).safeParse(example);
        expect(result.success, `${route.method.toUpperCase()} ${route.path} ${type}: ${result.error?.message}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(10);
  });

  it('documents exactly the routes the application mounts, both ways', () => {
    const mounted = mountedRoutes(app);
    const documented = documentedRoutes(document);
    expect(mounted.length).toBeGreaterThan(20);
    const undocumented = [...new Set(mounted)].filter((r) => !documented.includes(r));
    const unmounted = documented.filter((r) => !mounted.includes(r));
    expect({ undocumented, unmounted }).toEqual({ undocumented: [], unmounted: [] });
  });

  it('answers conditionally like every other read', async () => {
    const first = await fetch(`${base}/v1/openapi.json`);
    const tag = first.headers.get('etag');
    expect(tag).toMatch(/^"[\w-]{32}"$/);
    const again = await fetch(`${base}/v1/openapi.json`, { headers: { 'if-none-match': tag! } });
    expect(again.status).toBe(304);
  });
});

describe('GET /docs', () => {
  let res: Response;
  let html: string;
  beforeAll(async () => {
    res = await fetch(`${base}/docs`);
    html = await res.text();
  });

  it('serves one self-contained HTML page: no external URL, no external script, style or font', () => {
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/);
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?\/\//i);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+stylesheet|@import|url\(/i);
    // A system font stack that covers Chinese.
    expect(html).toMatch(/font[^;]*"PingFang SC"[^;]*"Microsoft YaHei"[^;]*"Noto Sans CJK SC"/);
  });

  it('lets its own inline script and style run, and nothing else, through its Content-Security-Policy', () => {
    const csp = res.headers.get('content-security-policy') ?? '';
    const script = /<script>([\s\S]*)<\/script>/.exec(html)![1]!;
    const style = /<style>([\s\S]*)<\/style>/.exec(html)![1]!;
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
    expect(csp).toContain(`script-src ${hash(script)}`);
    expect(csp).toContain(`style-src ${hash(style)}`);
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
  });

  it('renders every operation, its parameters, schemas and examples, Chinese included, from the served document', () => {
    const script = /<script>([\s\S]*)<\/script>/.exec(html)![1]!;
    const render = runInNewContext(`${script}; renderApiDocument`, {}) as (doc: unknown) => string;
    const page = render(document);
    for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, any>>)) {
      for (const [method, operation] of Object.entries(item)) {
        const escapedPath = path.replace(/&/g, '&amp;');
        expect(page, `${method} ${path}`).toContain(`<span class="method ${method}">${method.toUpperCase()}</span> <code class="path">${escapedPath}</code>`);
        expect(page).toContain(operation.summary.replace(/&/g, '&amp;').replace(/'/g, '&#39;').replace(/"/g, '&quot;'));
      }
    }
    expect(page).toContain('<code class="field">expiringBefore</code>'); // a query parameter
    expect(page).toContain('<code class="field">Idempotency-Key</code>'); // a header parameter
    expect(page).toContain('<code class="field">enterpriseId</code> <span class="req" title="required">required</span>'); // a body field
    expect(page).toContain('id="schema-Patent"'); // the named schemas
    expect(page).toContain('茶叶杀青'); // an example, in Chinese
    expect(page).toContain('multipart/form-data');
    expect(page).not.toContain('<script');
  });
});
