import type { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';

import { Problem, sendProblem } from '@patent-bridge/access';

export { Problem, sendProblem };

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
  (res.locals.logger ?? console).error({ err: error, requestId: res.locals.requestId }, 'request failed');
  return sendProblem(res, new Problem(500, 'internal', 'an unexpected error occurred; quote the request id when reporting it'));
};
