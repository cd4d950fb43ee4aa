/**
 * Hostile input against every endpoint of the API. The routes are read from the route files
 * (services/api/src/routes/*.ts, packages/webhooks/src/routes.ts) and their mount points from
 * services/api/src/app.ts, so a new route is fuzzed without editing this file. Each request gets
 * malformed JSON, wrong types, bodies up to and past the limit, unicode edge cases (lone surrogates,
 * RTL and zero-width marks, NUL), injection strings (SQL, JSON, path traversal, `__proto__`) or
 * unknown fields, in its path, query, headers or body. Every answer must be below 500; every error
 * must be problem+json with the request id; and a rejected request must leave the rows of patents,
 * demands, tasks, match feedback and webhook subscriptions as they were.
 *
 * Runs per route: `PB_FUZZ_RUNS` (default 24 per storage kind), at most `PB_FUZZ_ROUTE_MS` (20 s)
 * each. The seed is fixed under CI (tests/setup/property-seed.ts); replay a failure with
 * `FC_SEED=<seed>`. One answer is not the application's: past 16 kB of request line and headers,
 * Node's HTTP parser itself answers a bare 431 (checked once; generated URLs stay below it).
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageVariants } from '@patent-bridge/db';
import { createApp, MAX_JSON_BYTES } from '../services/api/src/app.ts';
import { configFromEnv } from '../services/api/src/config.ts';
import { MAX_UPLOAD_BYTES } from '../services/api/src/routes/imports.ts';
import { startSystem, type RunningSystem } from '../services/api/src/system.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const KEY = 'fuzz-test-admin-key-0123456789';
const RUNS = Number(process.env.PB_FUZZ_RUNS ?? 24);
/** Time one route's property may take before it stops generating (the runs done so far count). */
const ROUTE_BUDGET_MS = Number(process.env.PB_FUZZ_ROUTE_MS ?? 20_000);
/** The tables a rejected request must not touch. */
const GUARDED_TABLES = ['patents', 'demands', 'tasks', 'match_feedback', 'webhook_subscriptions'] as const;

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
interface Route {
  method: Method;
  /** Express path with its mount point, e.g. `/v1/demands/:id/matches`. */
  path: string;
  file: string;
}

/**
 * Every route the API declares: `router.<method>('<path>'` in the route files, prefixed with the path
 * its factory is mounted under in app.ts (`app.use('/v1', …fooRoutes(…))`).
 */
function declaredRoutes(): Route[] {
  const app = readFileSync(`${ROOT}/services/api/src/app.ts`, 'utf8');
  const mounts = new Map<string, string>();
  for (const statement of app.split(/;\s*\n/)) {
    const prefix = /app\.use\(\s*'([^']+)'/.exec(statement)?.[1] ?? '';
    for (const [, factory] of statement.matchAll(/\b(\w+Routes)\(/g)) mounts.set(factory!, prefix);
  }
  const files = [
    ...readdirSync(`${ROOT}/services/api/src/routes`)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => `services/api/src/routes/${f}`),
    'packages/webhooks/src/routes.ts',
  ];
  const routes: Route[] = [];
  for (const file of files) {
    const source = readFileSync(`${ROOT}/${file}`, 'utf8');
    const declared = [...source.matchAll(/\brouter\.(get|post|put|patch|delete)\(\s*(['"`])([^'"`]+)\2/g)];
    if (declared.length === 0) continue;
    const factory = /export function (\w+Routes)\(/.exec(source)?.[1];
    if (!factory || !mounts.has(factory)) throw new Error(`${file} declares routes, but its factory ${factory ?? '(none)'} is not mounted in app.ts`);
    for (const [, method, , path] of declared) routes.push({ method: method as Method, path: `${mounts.get(factory)}${path}`, file });
  }
  return routes;
}

// ---------------------------------------------------------------------------------------------
// Hostile values

const EDGE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDFFFy',
  '\uDBFF\uDC00\uD800',
  '\u202Eevil\u202C',
  '\u200F\u05E9\u05DC\u05D5\u05DD',
  '\u200B\u200C\u200D\u2060\uFEFF',
  '茶叶\u200B杀青',
  'e\u0301\u0301\u0301',
  '👩‍👩‍👧‍👦🏳️‍🌈',
  '\uFFFD\uFFFE\uFFFF',
  '１２３４５',
  'ZL 201010110545.X',
  'CN201010110545.X',
  "' OR '1'='1",
  "'; DROP TABLE patents; --",
  '1; SELECT pg_sleep(5)',
  '" OR ""="',
  '\\',
  '\\u0000',
  '%00',
  '%',
  '%%32%65',
  '{"$gt": ""}',
  '{"__proto__": {"admin": true}}',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '/v1/keys',
  '${jndi:ldap://127.0.0.1/a}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e309',
  '9007199254740993',
  'true',
  'null',
  'undefined',
  '[]',
  '{}',
  'a'.repeat(70),
  'é'.repeat(600),
  '\r\n\r\nX-Injected: 1',
] as const;

const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...EDGE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...EDGE_STRINGS), fc.constantFrom(...EDGE_STRINGS)).map(([a, b]) => `${a}${b}`) },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 20_000 }).map((n) => 'x'.repeat(n)) },
);

const hostileNumber = fc.oneof(fc.constantFrom(0, -1, 1.5, 2 ** 31, 2 ** 53 + 2, -0, 1e308, Number.MIN_VALUE), fc.double(), fc.integer());

const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(hostileString, fc.constantFrom('__proto__', 'constructor', 'prototype')), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** Field and parameter names the API knows, so wrong values reach the validators behind them. */
const KNOWN_FIELDS = [
  'q', 'mode', 'semanticRatio', 'filters', 'facets', 'sort', 'limit', 'cursor', 'dataset', 'mapping',
  'enterpriseId', 'title', 'description', 'keywords', 'industryCode', 'chains', 'region', 'budgetCny',
  'licenceModes', 'maturity', 'deadline', 'visibility', 'status', 'verdict', 'reason', 'note', 'url',
  'events', 'organizationId', 'role', 'label', 'quotaPerMinute', 'ipc', 'chain', 'owner', 'ownerKind',
  'legalStatus', 'type', 'inventoryState', 'openLicence', 'filingYear', 'filingYearFrom', 'filingYearTo',
  'expiringBefore', 'format', 'top', 'source', 'enterprise', 'organization', 'province', 'city',
] as const;
const fieldName = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...KNOWN_FIELDS) },
  { weight: 2, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'unknownField', 'id', 'createdAt', '$where', 'a.b', 'a[b]') },
  { weight: 1, arbitrary: hostileString },
);

/** Percent-encodes UTF-8 (a lone surrogate becomes U+FFFD, as any client would send it). */
function encode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** A path segment: encoded hostile text, or raw encodings that are themselves broken. */
const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: hostileString.map((s) => encode(s.slice(0, 600))) },
  { weight: 1, arbitrary: fc.constantFrom('%', '%zz', '%E0%A4%A', '%C0%AE%C0%AE', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', '%00', '%F0%9F', '%ED%A0%80', ';', '*', '~', '.') },
);

/** Node's HTTP parser answers 431, with no body, past 16 kB of request line and headers: stay below it (its own case is checked once). */
const MAX_QUERY_CHARS = 6_000;
const hostileQuery: fc.Arbitrary<string> = fc
  .array(fc.tuple(fieldName, fc.oneof(hostileString, hostileNumber.map(String)), fc.boolean()), { maxLength: 5 })
  .map((pairs) => pairs.map(([k, v, raw]) => (raw && v.length < 20 ? `${encode(k)}=${v.replace(/[#\s]/g, '')}` : `${encode(k)}=${encode(v.slice(0, 1500))}`)).join('&').slice(0, MAX_QUERY_CHARS).replace(/%[0-9A-F]?$/, ''));

// ---------------------------------------------------------------------------------------------
// Requests

interface FuzzRequest {
  method: string;
  path: string;
  key: 'admin' | 'enterprise' | 'university' | 'none' | 'garbage';
  headers: Record<string, string>;
  body?: string | Uint8Array | (() => FormData);
  label: string;
}

const MALFORMED_JSON = ['{', '}', '{"q":', '{"q": "a",}', "{'q': 'a'}", '[1, 2', 'nul', 'tru', '"unterminated', '{"a":1}{"b":2}', '\uFEFF{"q":"a"}', '{"q": "\\uD800"}', '{"q": "\\u0000"}', '{"__proto__": {"polluted": true}}', '{"constructor": {"prototype": {"polluted": true}}}', '1', '"a string"', 'null', '[]', '{"q": NaN}', '{"q": 1e999}', '{"q": "\\x41"}', '/* comment */ {}'];

function jsonBodies(template: Record<string, unknown>): fc.Arbitrary<{ body: string | Uint8Array; label: string }> {
  const own = Object.keys(template);
  const textFields = own.filter((k) => typeof template[k] === 'string');
  // A valid body with one of its own fields, or a new one, set to a hostile value: gets past the type checks to the code behind them.
  const mutated = fc.tuple(own.length ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...own) }, { weight: 1, arbitrary: fieldName }) : fieldName, fc.oneof({ weight: 2, arbitrary: hostileString }, { weight: 1, arbitrary: hostileValue }));
  return fc.oneof(
    { weight: 4, arbitrary: mutated.map(([k, v]) => ({ body: JSON.stringify({ ...template, [k]: v }), label: `template with ${JSON.stringify(k)}` })) },
    ...(textFields.length ? [{ weight: 3, arbitrary: fc.tuple(fc.constantFrom(...textFields), hostileString).map(([k, v]) => ({ body: JSON.stringify({ ...template, [k]: `${String(template[k]).slice(0, 20)}${v}` }), label: `template, hostile text in ${k}` })) }] : []),
    { weight: 2, arbitrary: fc.dictionary(fieldName, hostileValue, { maxKeys: 6 }).map((o) => ({ body: JSON.stringify(o), label: 'object of hostile fields' })) },
    { weight: 1, arbitrary: hostileValue.map((v) => ({ body: JSON.stringify(v) ?? 'null', label: 'hostile JSON value' })) },
    { weight: 2, arbitrary: fc.constantFrom(...MALFORMED_JSON).map((body) => ({ body, label: 'malformed JSON' })) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }).map((body) => ({ body, label: 'random text' })) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((body) => ({ body, label: 'random bytes' })) },
    { weight: 1, arbitrary: fc.constantFrom(new Uint8Array([0x7b, 0x22, 0x71, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), new Uint8Array([0xc0, 0x80]), new Uint8Array([0xed, 0xa0, 0x80])).map((body) => ({ body, label: 'invalid UTF-8' })) },
    { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 60_000 }).map((depth) => ({ body: `${'['.repeat(depth)}${']'.repeat(depth)}`, label: `array nested ${depth} deep` })) },
    { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 40_000 }).map((depth) => ({ body: `{"filters":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`, label: `object nested ${depth} deep` })) },
  );
}

const CONTENT_TYPES = ['application/json; charset=utf-8', 'application/json; charset=gbk', 'application/merge-patch+json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', 'multipart/form-data; boundary=nope', 'application/xml', '*/*', ';;;'];

const multipartBodies: fc.Arbitrary<{ body: () => FormData; label: string }> = fc
  .record({
    field: fc.oneof({ weight: 4, arbitrary: fc.constant('file') }, { weight: 1, arbitrary: fc.constantFrom('upload', 'file[]', '__proto__', '') }),
    filename: fc.oneof(fc.constantFrom('patents.csv', 'x.xlsx', 'x.jsonl', '../../etc/passwd', '..\\evil.csv', 'a\u0000b.csv', '\u202Egpj.csv', '专利.csv', '.csv', 'x'.repeat(300), ''), hostileString),
    content: fc.oneof(
      fc.constantFrom('申请号,专利名称,申请日,专利权人\nCN201010110545.X,一种方法,2010-03-12,北京理工大学\n', '申请号,专利名称\n\u0000,\uD800\n', 'a,b\n"unterminated\n', '{"title": "\\u0000"}\n{"title": 1}\n', 'PK\u0003\u0004garbage', ''),
      hostileString,
      fc.uint8Array({ maxLength: 300 }),
    ),
    extra: fc.array(fc.tuple(fc.oneof(fc.constantFrom('mapping', 'mapping', 'dataset', '__proto__', 'constructor'), hostileString), fc.oneof(hostileString, hostileValue.map((v) => JSON.stringify(v) ?? 'null'))), { maxLength: 3 }),
  })
  .map(({ field, filename, content, extra }) => ({
    label: `multipart ${JSON.stringify(field)} ${JSON.stringify(filename.slice(0, 40))} +${extra.map(([k]) => k).join(',')}`,
    body: () => {
      const form = new FormData();
      form.append(field, new Blob([content]), filename);
      for (const [k, v] of extra) form.append(k, v);
      return form;
    },
  }));

const HEADER_VALUES = ['', 'x', "' OR 1=1 --", '../../etc/passwd', '__proto__', 'a'.repeat(300), '*', 'W/"x"', '"', '%00', '\u00e9\u00ff'];
const extraHeaders: fc.Arbitrary<Record<string, string>> = fc
  .array(fc.tuple(fc.constantFrom('x-request-id', 'idempotency-key', 'if-match', 'if-none-match', 'accept', 'accept-language', 'origin', 'x-api-key', 'content-encoding', 'x-forwarded-for', 'range'), fc.constantFrom(...HEADER_VALUES, 'gzip', 'br', 'application/xml', 'bytes=0-1')), { maxLength: 3 })
  .map((pairs) => Object.fromEntries(pairs));

// ---------------------------------------------------------------------------------------------

interface Fixture {
  system: RunningSystem;
  server: Server;
  base: string;
  keys: { enterprise: string; university: string };
  /** Real ids per kind of path parameter, so hostile bodies get past "not found". */
  ids: Record<string, string>;
  templates: Record<string, Record<string, unknown>>;
}

/** The kind of a path parameter, from the segment before it. */
function paramKind(path: string, param: string): string | undefined {
  const before = path.split('/').slice(0, path.split('/').indexOf(`:${param}`));
  const segment = before[before.length - 1];
  if (param === 'patentId') return 'patent';
  return ({ demands: 'demand', patents: 'patent', tasks: 'task', webhooks: 'webhook', keys: 'key' } as Record<string, string>)[segment ?? ''];
}

function requestsFor(route: Route, fixture: Fixture): fc.Arbitrary<FuzzRequest> {
  const params = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  const paramArbs = params.map((param) => {
    const real = fixture.ids[paramKind(route.path, param) ?? ''];
    // Never aim a DELETE at a real row: a rejected one must not write, an accepted one would eat the fixture.
    return real && route.method !== 'delete' ? fc.oneof({ weight: 3, arbitrary: fc.constant(encode(real)) }, { weight: 2, arbitrary: hostileSegment }) : hostileSegment;
  });
  const template = fixture.templates[`${route.method.toUpperCase()} ${route.path}`] ?? {};
  const isUpload = /imports$/.test(route.path);
  const bodies =
    route.method === 'get'
      ? fc.constant(undefined)
      : fc.oneof(
          { weight: isUpload ? 2 : 6, arbitrary: fc.tuple(jsonBodies(template), fc.oneof({ weight: 3, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: fc.constantFrom(...CONTENT_TYPES) })).map(([b, type]) => ({ ...b, type })) },
          { weight: isUpload ? 4 : 1, arbitrary: multipartBodies.map((b) => ({ ...b, type: undefined })) },
          { weight: 1, arbitrary: fc.constant({ body: undefined, label: 'no body', type: undefined }) },
        );
  return fc
    .record({
      segments: fc.tuple(...paramArbs),
      query: fc.oneof({ weight: route.method === 'get' ? 2 : 4, arbitrary: fc.constant('') }, { weight: 3, arbitrary: hostileQuery }),
      key: fc.oneof({ weight: 12, arbitrary: fc.constant('admin' as const) }, { weight: 3, arbitrary: fc.constantFrom('enterprise' as const, 'university' as const) }, { weight: 1, arbitrary: fc.constantFrom('none' as const, 'garbage' as const) }),
      headers: extraHeaders,
      body: bodies,
      // Another method on the same path (never DELETE: with a real id it would delete the fixture's demand).
      wrongMethod: fc.oneof({ weight: 15, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('PATCH', 'PUT', 'POST') }),
    })
    .map(({ segments, query, key, headers, body, wrongMethod }) => {
      let i = 0;
      const path = route.path.replace(/:(\w+)/g, () => segments[i++]!);
      const method = wrongMethod && wrongMethod.toLowerCase() !== route.method ? wrongMethod : route.method.toUpperCase();
      const allHeaders = { ...headers, ...(body?.type ? { 'content-type': body.type } : {}) };
      const request: FuzzRequest = { method, path: `${path}${query ? `?${query}` : ''}`, key, headers: allHeaders, label: `${method} ${route.path} [${body?.label ?? 'no body'}]` };
      Object.defineProperty(request, fc.toStringMethod, { value: () => describeRequest(request) });
      if (body?.body !== undefined && method !== 'GET') request.body = body.body;
      return request;
    });
}

/** A request as a counterexample: what was sent, cut short so a 20 kB string does not flood the report. */
function describeRequest(request: FuzzRequest): string {
  const body = typeof request.body === 'function' ? '(multipart form)' : request.body instanceof Uint8Array ? `bytes ${Buffer.from(request.body.slice(0, 200)).toString('hex')}` : request.body;
  const cut = (text: string | undefined) => (text && text.length > 400 ? `${text.slice(0, 400)}… (${text.length} chars)` : text);
  return JSON.stringify({ label: request.label, method: request.method, path: cut(request.path), key: request.key, headers: request.headers, body: cut(body) });
}

async function rowCounts(fixture: Fixture): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of GUARDED_TABLES) {
    const { n } = await fixture.system.context.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    counts[table] = Number(n);
  }
  return counts;
}

async function send(fixture: Fixture, request: FuzzRequest): Promise<{ res: Response; text: string }> {
  const secret = { admin: KEY, enterprise: fixture.keys.enterprise, university: fixture.keys.university, garbage: "' OR 1=1 --", none: undefined }[request.key];
  const headers: Record<string, string> = { ...request.headers, ...(secret ? { authorization: `Bearer ${secret}` } : {}) };
  const body = typeof request.body === 'function' ? request.body() : request.body;
  if (body instanceof FormData) delete headers['content-type']; // fetch sets the multipart boundary
  const res = await fetch(`${fixture.base}${request.path}`, { method: request.method, headers, ...(body !== undefined ? { body } : {}), signal: AbortSignal.timeout(20_000) });
  return { res, text: await res.text() };
}

/** The answer is below 500 and, when an error, a problem document with the request id and nothing internal. */
function expectSafeAnswer(request: FuzzRequest, res: Response, text: string): void {
  const where = `${describeRequest(request)} → ${res.status} ${text.slice(0, 500)}`;
  expect(res.status, where).toBeLessThan(500);
  if (res.status < 400) return;
  expect(res.headers.get('content-type') ?? '(none)', where).toMatch(/^application\/problem\+json/);
  const problem = JSON.parse(text) as Record<string, unknown>;
  expect(problem.status, where).toBe(res.status);
  expect(typeof problem.code, where).toBe('string');
  expect(typeof problem.detail, where).toBe('string');
  expect(problem.requestId, where).toBeTruthy();
  expect(res.headers.get('x-request-id'), where).toBe(problem.requestId);
  expect(text, where).not.toMatch(/\n\s+at |node_modules|\.ts:\d+|SqlState|syntax error at or near/i);
}

/** Sends one request and checks it; a rejected one must not have written a row. Accepted writes are let finish. */
/** The last requests sent, to tell in a failure what ran just before it. */
const recent: string[] = [];

async function exercise(fixture: Fixture, request: FuzzRequest): Promise<string> {
  const before = await rowCounts(fixture);
  const { res, text } = await send(fixture, request);
  expectSafeAnswer(request, res, text);
  const outcome = res.status >= 400 ? `${res.status} ${(JSON.parse(text) as { code: string }).code}` : String(res.status);
  recent.push(`${describeRequest(request).slice(0, 300)} → ${outcome}`);
  if (recent.length > 6) recent.shift();
  if (res.status >= 400) {
    const after = await rowCounts(fixture);
    const changed = GUARDED_TABLES.filter((t) => after[t] !== before[t]).map((t) => `${t} ${before[t]} → ${after[t]}`);
    expect(changed, `a rejected request wrote rows: ${describeRequest(request)} → ${res.status} ${text.slice(0, 300)}\nafter:\n${recent.join('\n')}`).toEqual([]);
  } else if (request.method !== 'GET') {
    await fixture.system.context.queue.drained();
  }
  return outcome;
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const routes = declaredRoutes();

it('finds every route file and mount point', () => {
  const paths = routes.map((r) => `${r.method.toUpperCase()} ${r.path}`);
  for (const expected of ['GET /health', 'GET /ready', 'POST /v1/imports', 'GET /v1/tasks/:id', 'POST /v1/search', 'GET /v1/patents/:id', 'PUT /v1/demands/:id', 'POST /v1/demands/:id/matches/:patentId/feedback', 'POST /v1/webhooks', 'DELETE /v1/keys/:id']) {
    expect(paths).toContain(expected);
  }
});

for (const variant of await storageVariants()) {
  describe(`every endpoint under hostile input (${variant.name})`, () => {
    const fixture = {} as Fixture;
    let drop: () => Promise<void>;
    /** Per route, how often each answer (`status code`) came: shows how deep the generated requests get. */
    const statuses = new Map<string, Map<string, number>>();

    beforeAll(async () => {
      const created = await variant.create();
      drop = created.drop;
      fixture.system = await startSystem({ ...configFromEnv({ PB_ADMIN_KEY: KEY, PB_LOG_LEVEL: 'silent' }), storage: created.config });
      fixture.server = createApp(fixture.system.context).listen(0, '127.0.0.1');
      await new Promise((resolve) => fixture.server.once('listening', resolve));
      fixture.base = `http://127.0.0.1:${(fixture.server.address() as AddressInfo).port}`;
      const { db } = fixture.system.context;
      const admin = (path: string, body: unknown) =>
        fetch(`${fixture.base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => {
          expect(r.status, await r.clone().text()).toBeLessThan(300);
          return (await r.json()) as any;
        });
      await waitFor('the sample import', async () => ((await db.selectFrom('tasks').select('status').where('id', '=', fixture.system.sampleTaskId!).executeTakeFirst())?.status ?? '') === 'succeeded');
      await waitFor('the search index', async () => (await fixture.system.context.indexStatus()).ready && (await fixture.system.context.indexStatus()).outboxPending === 0);
      const demand = await db.selectFrom('demands').selectAll().where('visibility', '=', 'public').orderBy('id').limit(1).executeTakeFirstOrThrow();
      const patent = await db.selectFrom('patents').select('id').orderBy('id').limit(1).executeTakeFirstOrThrow();
      const university = await db.selectFrom('organizations').select('id').where('kind', '=', 'university').orderBy('id').limit(1).executeTakeFirstOrThrow();
      const quota = { quotaPerMinute: 1_000_000 };
      fixture.keys = {
        enterprise: (await admin('/v1/keys', { role: 'enterprise', organizationId: demand.enterprise_id, label: 'fuzz enterprise', ...quota })).secret,
        university: (await admin('/v1/keys', { role: 'university', organizationId: university.id, label: 'fuzz university', ...quota })).secret,
      };
      const webhook = await admin('/v1/webhooks', { url: 'https://example.com/patent-bridge-hook', events: ['task.failed'] });
      const key = await admin('/v1/keys', { role: 'enterprise', organizationId: demand.enterprise_id, label: 'fuzz victim' });
      fixture.ids = { demand: demand.id, patent: patent.id, task: String(fixture.system.sampleTaskId), webhook: webhook.id, key: key.id };
      const demandInput = { enterpriseId: demand.enterprise_id, title: demand.title, description: demand.description, keywords: ['茶叶'] };
      fixture.templates = {
        'POST /v1/search': { q: '茶叶杀青', mode: 'hybrid', limit: 5 },
        'POST /v1/demands/search': { q: '茶叶杀青', mode: 'keyword', limit: 5 },
        'POST /v1/demands': demandInput,
        'PUT /v1/demands/:id': demandInput,
        'POST /v1/demands/:id/matches/:patentId/feedback': { verdict: 'interested', note: '有兴趣' },
        'POST /v1/imports': { dataset: 'project-sample' },
        'POST /v1/keys': { role: 'enterprise', organizationId: demand.enterprise_id, label: 'fuzz' },
        'POST /v1/webhooks': { url: 'https://example.com/hook', events: ['task.failed'] },
      };
    });
    afterAll(async () => {
      const summary = [...statuses].map(([route, counts]) => `${route}: ${[...counts].sort(([a], [b]) => a.localeCompare(b)).map(([s, n]) => `${s}×${n}`).join(', ')}`);
      console.info(`[api fuzz ${variant.name}] statuses per route\n  ${summary.join('\n  ')}`);
      fixture.server?.closeAllConnections();
      await new Promise((resolve) => (fixture.server ? fixture.server.close(resolve) : resolve(undefined)));
      await fixture.system?.close();
      await drop?.();
    });

    for (const route of routes) {
      it(`${route.method.toUpperCase()} ${route.path} answers hostile requests without a 500 or a partial write`, { timeout: 60_000 }, async () => {
        const seen = new Map<string, number>();
        statuses.set(`${route.method.toUpperCase()} ${route.path}`, seen);
        await fc.assert(
          fc.asyncProperty(requestsFor(route, fixture), async (request) => {
            const outcome = await exercise(fixture, request);
            seen.set(outcome, (seen.get(outcome) ?? 0) + 1);
          }),
          // A route that is slow to answer gets fewer runs rather than overrunning the budget (or the test's timeout).
          { numRuns: RUNS, interruptAfterTimeLimit: ROUTE_BUDGET_MS, markInterruptAsFailure: false },
        );
        await fixture.system.context.queue.drained(); // what accepted requests started ends before the next route
      });
    }

    it('answers bodies at and past the size limits with a problem, never a 500', { timeout: 60_000 }, async () => {
      for (const route of routes.filter((r) => r.method !== 'get')) {
        const path = route.path.replace(/:(\w+)/g, () => 'fuzz-nothing');
        const padded = (bytes: number) => JSON.stringify({ q: 'x'.repeat(bytes - 8) });
        const near = { method: route.method.toUpperCase(), path, key: 'admin' as const, headers: { 'content-type': 'application/json' }, body: padded(MAX_JSON_BYTES - 16), label: 'just under the JSON limit' };
        expect(await exercise(fixture, near), near.label).not.toMatch(/^413/);
        const over = { ...near, body: padded(MAX_JSON_BYTES + 1), label: 'just over the JSON limit' };
        const { res, text } = await send(fixture, over);
        expectSafeAnswer(over, res, text);
        // Routes that do not read JSON (multipart-only ones) may refuse the content type first.
        expect([413, 415], `${over.label} ${route.method} ${route.path}: ${text}`).toContain(res.status);
      }
      // Past 16 kB of URL, Node's HTTP parser answers 431 itself, before the application sees a request.
      const longUrl = await fetch(`${fixture.base}/v1/patents?owner=${'x'.repeat(20_000)}`, { headers: { authorization: `Bearer ${KEY}` } });
      expect(longUrl.status).toBe(431);
      for (const path of ['/v1/imports', '/v1/demands/imports']) {
        const before = await rowCounts(fixture);
        const huge = { method: 'POST', path, key: 'admin' as const, headers: {}, label: 'upload past the file limit', body: () => {
          const form = new FormData();
          form.append('file', new Blob([new Uint8Array(MAX_UPLOAD_BYTES + 1).fill(0x41)]), 'huge.csv');
          return form;
        } };
        const { res, text } = await send(fixture, huge);
        expectSafeAnswer(huge, res, text);
        expect(res.status, text).toBe(413);
        expect(await rowCounts(fixture)).toEqual(before);
      }
    });
  });
}
