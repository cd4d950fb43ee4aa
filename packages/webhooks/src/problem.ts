import type { ErrorRequestHandler, Response } from 'express';
import { ZodError } from 'zod';

// The same RFC 9457 document as services/api/src/problem.ts, which no package exports yet.

/** An error the webhook routes answer as `application/problem+json`. */
export class WebhookProblem extends Error {
  override readonly name = 'WebhookProblem';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const TITLES: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict' };

/**
 * Sends a problem document, with the request id the API's first middleware put in `res.locals`.
 *
 * @example
 * sendWebhookProblem(res, new WebhookProblem(404, 'webhook_not_found', 'no webhook "wh_1" of yours'));
 */
export function sendWebhookProblem(res: Response, problem: WebhookProblem): void {
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
 * Answers `WebhookProblem`s and validation errors (every bad field listed, code `invalid_request`);
 * passes anything else on to the application's error handler.
 *
 * @example
 * router.use(webhookProblemHandler); // last, after the routes
 */
export const webhookProblemHandler: ErrorRequestHandler = (error, _req, res, next) => {
  if (error instanceof WebhookProblem) return sendWebhookProblem(res, error);
  if (error instanceof ZodError) {
    const errors = error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message }));
    return sendWebhookProblem(res, new WebhookProblem(400, 'invalid_request', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors }));
  }
  next(error);
};
