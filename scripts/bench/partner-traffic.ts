import autocannon from 'autocannon';
import { seededRandom } from '../../packages/search/bench/corpus.ts';

/** What a partner platform asks the API for, one kind per request. */
export type PartnerRequestKind = 'search' | 'matches' | 'patent' | 'patents';

/** The partner-API issue's traffic: 70% hybrid search, 20% demand matches, 10% reads (one patent, a page of patents). */
export const PARTNER_MIX: Readonly<Record<PartnerRequestKind, number>> = { search: 0.7, matches: 0.2, patent: 0.05, patents: 0.05 };

const ROUTES: Record<PartnerRequestKind, string> = {
  search: 'POST /v1/search (hybrid)',
  matches: 'GET /v1/demands/{id}/matches?limit=20',
  patent: 'GET /v1/patents/{id}',
  patents: 'GET /v1/patents?limit=20',
};

/** Real identifiers and texts the requests are drawn from. */
export interface PartnerCorpus {
  /** Search queries, rotated in order (the first 60 characters of each are sent). */
  titles: readonly string[];
  /** Demands whose live matches are asked for. */
  demandIds: readonly string[];
  /** Patents read one by one. */
  patentIds: readonly string[];
}

export interface PartnerLoad {
  /** `http://127.0.0.1:port` */
  base: string;
  /** API key sent as `Authorization: Bearer`. */
  key: string;
  connections: number;
  durationSeconds: number;
  /** Seed of the draw that picks each request's kind, demand and patent. */
  seed: number;
  /** Share of each kind (they need not add up to 1); `PARTNER_MIX` by default. */
  mix?: Partial<Record<PartnerRequestKind, number>>;
}

/** Figures of one kind of request, or of the whole run, from the client's side. */
export interface LoadFigures {
  requests: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
}

export interface PartnerLoadResult {
  /** autocannon's own figures: req/s is its mean of per-second counts, percentiles from its histogram. */
  overall: LoadFigures & { errors: number; timeouts: number };
  kinds: Array<{ kind: PartnerRequestKind; route: string } & LoadFigures>;
  durationSeconds: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : Number.NaN;
}

function drawKind(mix: Partial<Record<PartnerRequestKind, number>>): (u: number) => PartnerRequestKind {
  const entries = Object.entries(mix).filter(([, share]) => share && share > 0) as Array<[PartnerRequestKind, number]>;
  const total = entries.reduce((sum, [, share]) => sum + share, 0);
  return (u) => {
    let left = u * total;
    for (const [kind, share] of entries) if ((left -= share) < 0) return kind;
    return entries[entries.length - 1]![0];
  };
}

/**
 * Runs autocannon against the API with each request's kind (and demand, patent) picked by a seeded
 * draw, and measures every kind on its own as well as the whole. Latency per kind is autocannon's
 * own response time, attributed to the kind the connection's `onResponse` saw.
 *
 * @example
 * const result = await runPartnerLoad({ base: 'http://127.0.0.1:8080', key, connections: 16, durationSeconds: 30, seed: 42 }, corpus);
 * result.kinds.find((k) => k.kind === 'matches') // { route: 'GET /v1/demands/{id}/matches?limit=20', perSecond: 51, p99Ms: 420, … }
 */
export async function runPartnerLoad(load: PartnerLoad, corpus: PartnerCorpus): Promise<PartnerLoadResult> {
  const random = seededRandom(load.seed);
  const kindOf = drawKind(load.mix ?? PARTNER_MIX);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const kinds = Object.keys(ROUTES) as PartnerRequestKind[];
  const samples = new Map<PartnerRequestKind, number[]>(kinds.map((k) => [k, []]));
  const non2xx = new Map<PartnerRequestKind, number>(kinds.map((k) => [k, 0]));
  let searches = 0;
  let answered: PartnerRequestKind | undefined;
  // Headers are built afresh for every request: autocannon writes Content-Length into the object it is given.
  const headers = (json: boolean): Record<string, string> => ({ authorization: `Bearer ${load.key}`, ...(json ? { 'content-type': 'application/json' } : {}) });

  const request: autocannon.Request = {
    setupRequest: (req, context) => {
      const kind = kindOf(random());
      (context as { kind?: PartnerRequestKind }).kind = kind;
      switch (kind) {
        case 'search':
          return { ...req, method: 'POST', path: '/v1/search', headers: headers(true), body: JSON.stringify({ q: corpus.titles[searches++ % corpus.titles.length]!.slice(0, 60), mode: 'hybrid', limit: 10 }) };
        case 'matches':
          return { ...req, method: 'GET', path: `/v1/demands/${encodeURIComponent(pick(corpus.demandIds))}/matches?limit=20`, headers: headers(false), body: '' };
        case 'patent':
          return { ...req, method: 'GET', path: `/v1/patents/${encodeURIComponent(pick(corpus.patentIds))}`, headers: headers(false), body: '' };
        case 'patents':
          return { ...req, method: 'GET', path: '/v1/patents?limit=20', headers: headers(false), body: '' };
      }
    },
    // Called just before the run emits 'response' for the same answer (one request in flight per connection).
    onResponse: (status, _body, context) => {
      answered = (context as { kind?: PartnerRequestKind }).kind;
      if (answered && (status < 200 || status > 299)) non2xx.set(answered, non2xx.get(answered)! + 1);
    },
  };

  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url: load.base, connections: load.connections, pipelining: 1, duration: load.durationSeconds, requests: [request] }, (error, done) =>
      error ? reject(error) : resolve(done),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      if (answered) samples.get(answered)!.push(responseTime);
      answered = undefined;
    });
  });

  const seconds = result.duration;
  return {
    overall: {
      requests: result.requests.total,
      perSecond: result.requests.average,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
    },
    kinds: kinds
      .filter((kind) => samples.get(kind)!.length > 0)
      .map((kind) => {
        const sorted = samples.get(kind)!.sort((a, b) => a - b);
        return { kind, route: ROUTES[kind], requests: sorted.length, perSecond: sorted.length / seconds, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99), non2xx: non2xx.get(kind)! };
      }),
    durationSeconds: seconds,
  };
}

/**
 * One line per kind of request, for the bench report.
 *
 * @example
 * for (const line of partnerKindLines(result)) print(line);
 * // '  matches GET /v1/demands/{id}/matches?limit=20: 1,520 requests (20.1%), 50.7 req/s, p50 190.2 ms, p99 610.5 ms, non-2xx 0'
 */
export function partnerKindLines(result: PartnerLoadResult): string[] {
  const total = result.kinds.reduce((sum, k) => sum + k.requests, 0);
  return result.kinds.map(
    (k) =>
      `  ${k.kind} ${k.route}: ${k.requests.toLocaleString('en')} requests (${((100 * k.requests) / total).toFixed(1)}%), ${k.perSecond.toFixed(1)} req/s, p50 ${k.p50Ms.toFixed(1)} ms, p99 ${k.p99Ms.toFixed(1)} ms, non-2xx ${k.non2xx}`,
  );
}
