import type { RequestHandler, Response } from 'express';
import type { Kysely } from 'kysely';
import type { Database } from '@patent-bridge/db';
import { Problem, sendProblem, type Logger, type Viewer } from '@patent-bridge/access';
import { BodyTooLargeError, peekRequestBody } from './request-body.ts';
import { requestFingerprint } from './request-fingerprint.ts';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  IDEMPOTENCY_KEY_TTL_MS,
  IDEMPOTENCY_LOCK_TIMEOUT_MS,
  purgeExpiredIdempotencyKeys,
  releaseIdempotencyKey,
  type IdempotencyLock,
  type StoredResponse,
} from './idempotency-store.ts';

/** Longest `Idempotency-Key` accepted. */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;
/** How long a duplicate waits for the first request with its key to answer before getting 409. */
export const IDEMPOTENCY_WAIT_MS = 5_000;
/** The response header that marks a replayed answer. */
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';

/** The headers of an answer that are stored and replayed with it; per-request ones (request id, rate limits) are not. */
const STORED_HEADERS = ['content-type', 'location', 'content-disposition', 'cache-control'] as const;
const POLL_MS = 50;
const PURGE_INTERVAL_MS = 60 * 60 * 1000;

export interface IdempotencyOptions {
  /** Largest body read to fingerprint the request; the route's own parser keeps its own limit. */
  maxBodyBytes: number;
  logger?: Pick<Logger, 'warn' | 'error'>;
  ttlMs?: number;
  waitMs?: number;
  lockTimeoutMs?: number;
}

/**
 * Makes `POST` requests with an `Idempotency-Key` header (1–255 characters) safe to retry. The first
 * request with a key runs, and its answer (status, body, `Content-Type`, `Location`) is stored under
 * the caller's API key with a hash of the request (method, URL, body; a multipart upload by its
 * fields and file bytes). A retry with the same key and the same request gets that answer again
 * with `Idempotent-Replayed: true`, and nothing runs twice. The same key with another request is
 * 422 `idempotency_key_reused`; a retry while the first is still running waits for it (up to 5 s),
 * then gets 409 `idempotency_in_progress`. Server errors (5xx) are not kept, so their retry runs
 * again. An answer marked `Cache-Control: no-store` (a new API key's secret) is not stored: its
 * retry gets 409 `idempotency_response_withheld` with the `Location` of what was created. Keys
 * expire after 24 hours. Mount after `authenticate` and before any body parser.
 *
 * @example
 * app.use('/v1', authenticate(db, { adminSecret }), rateLimit(limiter));
 * app.use('/v1', idempotentRequests(db, { maxBodyBytes: MAX_UPLOAD_BYTES + 1024 * 1024 }));
 * app.use('/v1', express.json());
 */
export function idempotentRequests(db: Kysely<Database>, options: IdempotencyOptions): RequestHandler {
  const waitMs = options.waitMs ?? IDEMPOTENCY_WAIT_MS;
  const claimOptions = { ttlMs: options.ttlMs ?? IDEMPOTENCY_KEY_TTL_MS, lockTimeoutMs: options.lockTimeoutMs ?? IDEMPOTENCY_LOCK_TIMEOUT_MS };
  let lastPurge = 0;
  const purgeNowAndThen = () => {
    if (Date.now() - lastPurge < PURGE_INTERVAL_MS) return;
    lastPurge = Date.now();
    purgeExpiredIdempotencyKeys(db).catch((error: unknown) => options.logger?.warn({ err: (error as Error).message }, 'could not purge expired idempotency keys'));
  };

  return async (req, res, next) => {
    const key = req.get('idempotency-key');
    if (req.method !== 'POST' || key === undefined) return next();
    try {
      if (key.length < 1 || key.length > IDEMPOTENCY_KEY_MAX_LENGTH) {
        throw new Problem(400, 'invalid_idempotency_key', `an Idempotency-Key has 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} characters; this one has ${key.length}`);
      }
      const viewer = res.locals.viewer as Viewer | undefined;
      if (!viewer) throw new Problem(401, 'missing_api_key', 'idempotency keys belong to an API key; send yours as "Authorization: Bearer <key>"');
      let body: Buffer;
      try {
        body = await peekRequestBody(req, options.maxBodyBytes);
      } catch (error) {
        if (error instanceof BodyTooLargeError) throw new Problem(413, 'body_too_large', `the request body is larger than the limit (${error.limitBytes} bytes)`);
        throw error;
      }
      const path = req.originalUrl;
      const request = { apiKeyId: viewer.keyId, key, method: req.method, path, requestHash: await requestFingerprint({ method: req.method, url: path, headers: req.headers, body }) };
      purgeNowAndThen();

      const deadline = Date.now() + waitMs;
      for (;;) {
        const claim = await claimIdempotencyKey(db, request, claimOptions);
        if (claim.outcome === 'claimed') {
          storeAnswer(res, (answer) => persist(db, claim.lock, answer), options.logger);
          return next();
        }
        if (claim.outcome === 'completed') return replay(res, claim.response);
        if (claim.outcome === 'mismatch') {
          throw new Problem(422, 'idempotency_key_reused', `this Idempotency-Key was first used for another request (${claim.method} ${claim.path} with other content); use a new key for a new request`);
        }
        if (Date.now() >= deadline) {
          res.set('Retry-After', '1');
          throw new Problem(409, 'idempotency_in_progress', 'a request with this Idempotency-Key is still running; retry shortly to get its answer');
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    } catch (error) {
      if (error instanceof Problem) return sendProblem(res, error);
      next(error);
    }
  };
}

async function persist(db: Kysely<Database>, lock: IdempotencyLock, answer: StoredResponse): Promise<void> {
  if (answer.status >= 500) return releaseIdempotencyKey(db, lock);
  const withheld = /\bno-store\b/i.test(answer.headers['cache-control'] ?? '');
  await completeIdempotencyKey(db, lock, { ...answer, withheld });
}

function replay(res: Response, stored: StoredResponse): void {
  if (stored.body === null) {
    const location = stored.headers.location;
    return sendProblem(
      res,
      new Problem(
        409,
        'idempotency_response_withheld',
        `the first request with this Idempotency-Key succeeded (${stored.status}${location ? `, ${location}` : ''}), but its answer held a secret that is not kept; it cannot be shown again`,
        { originalStatus: stored.status, ...(location ? { location } : {}) },
      ),
    );
  }
  res.status(stored.status).set(stored.headers).set(IDEMPOTENT_REPLAYED_HEADER, 'true');
  res.end(Buffer.from(stored.body));
}

/**
 * Lets the response go out only once `keep` has stored it, so a client that got an answer always
 * finds it stored when it retries.
 */
function storeAnswer(res: Response, keep: (answer: StoredResponse) => Promise<void>, logger?: Pick<Logger, 'error'>): void {
  const chunks: Buffer[] = [];
  const write = res.write;
  const end = res.end;
  const collect = (chunk: unknown, encoding: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
    chunks.push(Buffer.isBuffer(chunk) ? chunk : typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8') : Buffer.from(chunk as Uint8Array));
  };
  res.write = function (this: Response, chunk: unknown, ...rest: unknown[]) {
    collect(chunk, rest[0]);
    return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as Response['write'];
  res.end = function (this: Response, chunk?: unknown, ...rest: unknown[]) {
    collect(chunk, rest[0]);
    res.write = write;
    res.end = end;
    const headers: Record<string, string> = {};
    for (const name of STORED_HEADERS) {
      const value = res.getHeader(name);
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
    }
    keep({ status: res.statusCode, headers, body: Buffer.concat(chunks) })
      .catch((error: unknown) => logger?.error({ err: error, requestId: res.locals.requestId }, 'could not store the answer of an idempotent request'))
      .finally(() => (end as (...args: unknown[]) => Response).call(res, chunk, ...rest));
    return res;
  } as Response['end'];
}
