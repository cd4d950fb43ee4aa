import type { Response } from 'express';

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
  412: 'Precondition Failed',
  422: 'Unprocessable Content',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * Sends a problem document: `type`, `title`, `status`, `code`, `detail`, `instance` (the request's
 * path, without its query) and `requestId`.
 *
 * @example
 * sendProblem(res, new Problem(404, 'patent_not_found', 'no patent has the number CN1'));
 */
export function sendProblem(res: Response, problem: Problem): void {
  const instance = res.req?.originalUrl?.split('?')[0];
  res
    .status(problem.status)
    .type('application/problem+json')
    .json({
      type: `https://patent-bridge.dev/problems/${problem.code}`,
      title: TITLES[problem.status] ?? 'Error',
      status: problem.status,
      code: problem.code,
      detail: problem.message,
      ...(instance ? { instance } : {}),
      requestId: res.locals.requestId,
      ...problem.extra,
    });
}
