import type { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';
import { Problem, sendProblem } from '@patent-bridge/access';

/**
 * Answers the project's `Problem`s and validation errors (every bad field listed, code
 * `invalid_request`) from the webhook routes, so the router also works mounted on its own;
 * passes anything else on to the application's error handler.
 *
 * @example
 * router.use(webhookProblemHandler); // last, after the routes
 */
export const webhookProblemHandler: ErrorRequestHandler = (error, _req, res, next) => {
  if (error instanceof Problem) return sendProblem(res, error);
  if (error instanceof ZodError) {
    const errors = error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message }));
    return sendProblem(res, new Problem(400, 'invalid_request', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors }));
  }
  next(error);
};
