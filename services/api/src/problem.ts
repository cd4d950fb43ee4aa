import type { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';

import { Problem, sendProblem } from '@patent-bridge/access';
import { RedisUnavailableError } from '@patent-bridge/queue';
import { RoadshowError } from '@patent-bridge/roadshow';

export { Problem, sendProblem };

/** Seconds a client is told to wait (`Retry-After`) when a dependency is down. */
const UNAVAILABLE_RETRY_AFTER_S = 5;
/** SQLSTATEs of a server that is gone, shutting down, starting up or full (classes 08 and 57P, and 53300). */
const UNAVAILABLE_SQLSTATE = /^(08\w{3}|57P0[1-4]|53300)$/;
const UNAVAILABLE_SOCKET = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
const UNAVAILABLE_MESSAGE = /Connection terminated|timeout exceeded when trying to connect|connection error and is not queryable|Client was closed and is not queryable/;

/**
 * True when a database call failed because PostgreSQL could not be reached (refused, restarting,
 * connection dropped or timed out), not because of the query.
 *
 * @example
 * databaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })) // true
 */
export function databaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_SOCKET.has(code))) return true;
  if (error instanceof AggregateError && error.errors.some(databaseUnavailable)) return true;
  return UNAVAILABLE_MESSAGE.test(error.message);
}

/**
 * True when PostgreSQL refused a value that came with the request (SQLSTATE class 22, data
 * exception): a NUL character in text, a number out of range, malformed text for a typed column.
 *
 * @example
 * rejectedValue(Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021', severity: 'ERROR' })) // true
 */
export function rejectedValue(error: unknown): boolean {
  const { code, severity } = (error ?? {}) as { code?: unknown; severity?: unknown };
  return error instanceof Error && typeof severity === 'string' && typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code);
}

/**
 * Turns thrown errors into problem documents; validation errors list every bad field.
 * Unexpected errors never leak a stack trace.
 */
export const problemHandler: ErrorRequestHandler = (error, _req, res, _next) => {
  if (error instanceof Problem) return sendProblem(res, error);
  if (error instanceof RoadshowError) return sendProblem(res, new Problem(error.status, error.code, error.message));
  if (error instanceof ZodError) {
    const errors = error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message }));
    return sendProblem(res, new Problem(400, 'invalid_request', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors }));
  }
  const status = typeof error?.status === 'number' ? error.status : typeof error?.statusCode === 'number' ? error.statusCode : 500;
  if (error?.type === 'entity.too.large' || error?.code === 'LIMIT_FILE_SIZE') {
    return sendProblem(res, new Problem(413, 'body_too_large', `the request body is larger than the limit (${error.limit ?? 'see docs'} bytes)`));
  }
  if (error instanceof RedisUnavailableError) {
    (res.locals.logger ?? console).warn({ err: error.message, requestId: res.locals.requestId }, 'job queue unavailable');
    res.set('Retry-After', String(UNAVAILABLE_RETRY_AFTER_S));
    return sendProblem(res, new Problem(503, 'queue_unavailable', 'the job queue is unavailable, so nothing was created; retry shortly'));
  }
  if (databaseUnavailable(error)) {
    (res.locals.logger ?? console).warn({ err: error.message, requestId: res.locals.requestId }, 'database unavailable');
    res.set('Retry-After', String(UNAVAILABLE_RETRY_AFTER_S));
    return sendProblem(res, new Problem(503, 'database_unavailable', 'the database is unavailable; retry shortly'));
  }
  if (rejectedValue(error)) {
    return sendProblem(res, new Problem(400, 'invalid_value', 'the request holds a value that cannot be stored or compared (for example a NUL character, or a number out of range)'));
  }
  if (error?.type === 'entity.parse.failed') return sendProblem(res, new Problem(400, 'malformed_json', `the body is not valid JSON: ${error.message}`));
  if (status >= 400 && status < 500) return sendProblem(res, new Problem(status, 'bad_request', error.message ?? 'bad request'));
  (res.locals.logger ?? console).error({ err: error, requestId: res.locals.requestId }, 'request failed');
  return sendProblem(res, new Problem(500, 'internal', 'an unexpected error occurred; quote the request id when reporting it'));
};
