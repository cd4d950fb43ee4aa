import type { ErrorRequestHandler, Response } from 'express';
import { ZodError } from 'zod';

/** An error the API answers as RFC 9457 `application/problem+json`. */
export class Problem extends Error {
  override readonly name = 'Problem';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * Sends a problem document.
 *
 * @example
 * sendProblem(res, new Problem(404, 'patent_not_found', 'no patent has the number CN1'));
 */
export function sendProblem(res: Response, problem: Problem): void {
  res
    .status(problem.status)
    .type('application/problem+json')
    .json({
      type: `https://patent-bridge.dev/problems/${problem.code}`,
      title: TITLES[problem.status] ?? 'Error',
      status: problem.status,
      code: problem.code,
      detail: problem.message,
      requestId: res.locals.requestId,
      ...problem.extra,
    });
}

/**
 * Turns thrown errors into problem documents; validation errors list every bad field.
 * Unexpected errors never leak a stack trace.
 */
export const problemHandler: ErrorRequestHandler = (error, _req, res, _next) => {
  if (error instanceof Problem) return sendProblem(res, error);
  if (error instanceof ZodError) {
    const errors = error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message }));
    return sendProblem(res, new Problem(400, 'invalid_request', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors }));
  }
  const status = typeof error?.status === 'number' ? error.status : typeof error?.statusCode === 'number' ? error.statusCode : 500;
  if (error?.type === 'entity.too.large' || error?.code === 'LIMIT_FILE_SIZE') {
    return sendProblem(res, new Problem(413, 'body_too_large', `the request body is larger than the limit (${error.limit ?? 'see docs'} bytes)`));
  }
  if (error?.type === 'entity.parse.failed') return sendProblem(res, new Problem(400, 'malformed_json', `the body is not valid JSON: ${error.message}`));
  if (status >= 400 && status < 500) return sendProblem(res, new Problem(status, 'bad_request', error.message ?? 'bad request'));
  console.error(`[api] request ${res.locals.requestId} failed:`, error);
  return sendProblem(res, new Problem(500, 'internal', 'an unexpected error occurred; quote the request id when reporting it'));
};
