import { createHash, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Request, RequestHandler, Response } from 'express';
import type { Database } from '@patent-bridge/db';
import { checkSecret, recordKeyUse, type SecretCheck } from './api-keys.ts';
import { Problem, sendProblem } from './problem.ts';
import { bootstrapAdminViewer, viewerOf, type Role, type Viewer } from './roles.ts';

export interface AuthenticateOptions {
  /** The admin secret(s) from the environment (`PB_ADMIN_KEY`): an admin viewer without a stored key. */
  adminSecret?: string | Iterable<string>;
}

const CHALLENGE = 'Bearer realm="patent-bridge"';

const digest = (secret: string) => createHash('sha256').update(secret, 'utf8').digest();

/**
 * The secret a request presents: `Authorization: Bearer <secret>`, else `X-API-Key: <secret>`.
 *
 * @example
 * presentedSecret(req) // 'pb_live_…', or undefined
 */
export function presentedSecret(req: Request): string | undefined {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
  if (bearer) return bearer[1];
  const header = req.get('x-api-key')?.trim();
  return header ? header : undefined;
}

function unauthorized(res: Response, code: string, detail: string): void {
  res.set('www-authenticate', CHALLENGE);
  sendProblem(res, new Problem(401, code, detail));
}

/**
 * Resolves the caller's API key into `res.locals.viewer`, or answers 401 problem+json when the key is
 * missing, unknown or revoked. The configured admin secret is compared in constant time and needs no row.
 *
 * @example
 * app.use('/v1', authenticate(db, { adminSecret: process.env.PB_ADMIN_KEY }));
 * // in a route: const viewer = currentViewer(res);
 */
export function authenticate(db: Kysely<Database>, options: AuthenticateOptions = {}): RequestHandler {
  const configured = options.adminSecret === undefined ? [] : typeof options.adminSecret === 'string' ? [options.adminSecret] : [...options.adminSecret];
  const adminDigests = configured.filter((s) => s.length > 0).map(digest);
  return async (req, res, next) => {
    const secret = presentedSecret(req);
    if (!secret) return unauthorized(res, 'missing_api_key', 'send your API key as "Authorization: Bearer <key>" or "X-API-Key: <key>"');
    const presented = digest(secret);
    let isAdmin = false;
    for (const admin of adminDigests) isAdmin = timingSafeEqual(admin, presented) || isAdmin;
    if (isAdmin) {
      res.locals.viewer = bootstrapAdminViewer();
      return next();
    }
    let check: SecretCheck;
    try {
      check = await checkSecret(db, secret);
      if (check.outcome === 'valid') res.locals.viewer = viewerOf(await recordKeyUse(db, check.key));
    } catch (error) {
      return next(error);
    }
    if (check.outcome === 'valid') return next();
    if (check.outcome === 'revoked') return unauthorized(res, 'revoked_api_key', `the API key ${check.key.prefix}… was revoked on ${check.key.revokedAt}`);
    return unauthorized(res, 'invalid_api_key', 'the API key is not valid');
  };
}

/**
 * The viewer `authenticate` attached to this response.
 *
 * @example
 * router.get('/demands', (req, res) => { const viewer = currentViewer(res); … });
 */
export function currentViewer(res: Response): Viewer {
  const viewer = res.locals.viewer as Viewer | undefined;
  if (!viewer) throw new Problem(401, 'missing_api_key', 'this route needs an API key');
  return viewer;
}

/**
 * Lets only the given roles through; others get 403 problem+json (401 when nobody authenticated).
 * Mount after `authenticate`.
 *
 * @example
 * router.post('/roadshows', requireRole('admin', 'broker'), createRoadshow);
 */
export function requireRole(...roles: Role[]): RequestHandler {
  const allowed = new Set<Role>(roles);
  return (_req, res, next) => {
    const viewer = res.locals.viewer as Viewer | undefined;
    if (!viewer) return unauthorized(res, 'missing_api_key', 'this route needs an API key');
    if (!allowed.has(viewer.role)) {
      return sendProblem(res, new Problem(403, 'forbidden_role', `this needs a key of role ${roles.join(' or ')}; yours is ${viewer.role}`, { requiredRoles: roles }));
    }
    next();
  };
}
