/**
 * A few Meilisearch endpoints on 127.0.0.1, answered by handlers the test sets, with every
 * request recorded. Enough to test task polling, error surfacing and the write path without a
 * server; search behaviour itself is covered by the contract suite against a real one.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export interface FakeResponse {
  status?: number;
  body: unknown;
}

export type Handler = (request: RecordedRequest) => FakeResponse;

export class FakeMeilisearch {
  readonly requests: RecordedRequest[] = [];
  readonly #routes = new Map<string, Handler>();
  #server: Server | undefined;
  #url = '';

  get url(): string {
    return this.#url;
  }

  /**
   * Answers `METHOD /path` (exact path, query string excluded) with a handler, a `FakeResponse`
   * (`{ body, status? }`) or a bare JSON body; a later call replaces the route.
   */
  on(method: string, path: string, answer: Handler | FakeResponse | object): this {
    const handler: Handler = typeof answer === 'function' ? (answer as Handler) : isFakeResponse(answer) ? () => answer : () => ({ body: answer });
    this.#routes.set(`${method} ${path}`, handler);
    return this;
  }

  /** Requests to a route, in order. */
  calls(method: string, path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && r.path === path);
  }

  async start(): Promise<void> {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const text = Buffer.concat(chunks).toString('utf8');
        const recorded: RecordedRequest = {
          method: req.method ?? 'GET',
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body: text ? JSON.parse(text) : undefined,
        };
        this.requests.push(recorded);
        const handler = this.#routes.get(`${recorded.method} ${recorded.path}`);
        const answer = handler
          ? handler(recorded)
          : { status: 404, body: { message: `no fake route ${recorded.method} ${recorded.path}`, code: 'fake_route_missing', type: 'invalid_request', link: '' } };
        res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.#url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }
}

function isFakeResponse(value: object): value is FakeResponse {
  const keys = Object.keys(value);
  return keys.includes('body') && keys.every((k) => k === 'body' || k === 'status');
}

/** The 202 body of an enqueued task. */
export function enqueued(taskUid: number, type = 'documentAdditionOrUpdate'): FakeResponse {
  return { status: 202, body: { taskUid, indexUid: 'idx', status: 'enqueued', type, enqueuedAt: '2026-11-21T00:00:00Z' } };
}

/** A task as `GET /tasks/{uid}` returns it. */
export function task(uid: number, status: string, error: { code: string; message: string } | null = null): FakeResponse {
  return {
    body: {
      uid, batchUid: null, indexUid: 'idx', status, type: 'documentAdditionOrUpdate', canceledBy: null, details: {},
      error: error ? { ...error, type: 'invalid_request', link: `https://docs.meilisearch.com/errors#${error.code}` } : null,
      duration: null, enqueuedAt: '2026-11-21T00:00:00Z', startedAt: null, finishedAt: null,
    },
  };
}
