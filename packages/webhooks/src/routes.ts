import { Router, type Response } from 'express';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '@patent-bridge/db';
import { listDeliveries } from './deliveries.ts';
import { WebhookEventType } from './events.ts';
import { Problem } from '@patent-bridge/access';
import { webhookProblemHandler } from './problem.ts';
import { createSubscription, deleteSubscription, getSubscription, listSubscriptions, type WebhookSubscription } from './subscriptions.ts';

/** Subscriptions one API key may hold, so one key cannot multiply every event without bound. */
export const MAX_SUBSCRIPTIONS_PER_KEY = 20;

/** The key id of the configured admin secret, which has no key row (as `@patent-bridge/access` names it). */
const BOOTSTRAP_ADMIN_KEY_ID = 'key_bootstrap_admin';

const CreateBody = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).max(2048),
  events: z.array(WebhookEventType).min(1).max(WebhookEventType.options.length),
  /** One of the caller's organisations (any, for an admin): only then do events meant for it arrive. */
  organizationId: z.string().min(1).max(64).optional(),
});

const DeliveriesQuery = z.strictObject({
  cursor: z.string().regex(/^\d{1,15}$/, 'not a delivery cursor').optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  status: z.enum(['pending', 'succeeded', 'failed', 'dead']).optional(),
});

/** What the authentication middleware leaves in `res.locals.viewer`. */
export interface WebhookViewer {
  keyId?: string;
  role: string;
  organizationIds: string[];
}

interface Caller {
  keyId: string;
  admin: boolean;
  organizationIds: string[];
}

function callerOf(res: Response): Caller {
  const viewer = res.locals.viewer as Partial<WebhookViewer> | undefined;
  if (!viewer) throw new Problem(401, 'missing_api_key', 'send your API key as "Authorization: Bearer <key>"');
  const admin = (viewer.role ?? res.locals.role) === 'admin';
  const keyId = viewer.keyId ?? (admin ? BOOTSTRAP_ADMIN_KEY_ID : undefined);
  if (!keyId) throw new Problem(403, 'key_required', 'webhooks belong to an API key; this credential has none');
  return { keyId, admin, organizationIds: viewer.organizationIds ?? [] };
}

export interface WebhookRouteDeps {
  db: Kysely<Database>;
}

/**
 * The webhook endpoints, to mount under `/v1` after authentication and `express.json()`:
 * `POST /webhooks` (201 with the secret, shown this once), `GET /webhooks` (the caller's; all for
 * an admin), `DELETE /webhooks/:id`, `GET /webhooks/:id/deliveries` (`cursor`, `limit`, `status`).
 * A subscription of another key answers 404, as if it did not exist. Errors are problem+json.
 *
 * @example
 * app.use('/v1', requireKey(context), express.json());
 * app.use('/v1', webhookRoutes({ db }));
 */
export function webhookRoutes(deps: WebhookRouteDeps): Router {
  const router = Router();

  const owned = async (id: string, caller: Caller): Promise<WebhookSubscription> => {
    const subscription = await getSubscription(deps.db, id.slice(0, 64));
    if (!subscription || (!caller.admin && subscription.apiKeyId !== caller.keyId)) {
      throw new Problem(404, 'webhook_not_found', `no webhook "${id.slice(0, 64)}" of yours`);
    }
    return subscription;
  };

  router.post('/webhooks', async (req, res) => {
    const caller = callerOf(res);
    const body = CreateBody.parse(req.body ?? {});
    let organizationId: string | null = caller.organizationIds.length === 1 ? caller.organizationIds[0]! : null;
    if (body.organizationId !== undefined) {
      if (!caller.admin && !caller.organizationIds.includes(body.organizationId)) {
        throw new Problem(403, 'organization_not_yours', `your key does not act for organisation "${body.organizationId}"`);
      }
      const known = await deps.db.selectFrom('organizations').select('id').where('id', '=', body.organizationId).executeTakeFirst();
      if (!known) throw new Problem(400, 'unknown_organization', `organizationId "${body.organizationId}" is not a known organisation`);
      organizationId = body.organizationId;
    }
    const existing = await listSubscriptions(deps.db, caller.keyId);
    if (existing.length >= MAX_SUBSCRIPTIONS_PER_KEY) {
      throw new Problem(409, 'too_many_webhooks', `a key may hold at most ${MAX_SUBSCRIPTIONS_PER_KEY} webhooks; delete one first`);
    }
    const subscription = await createSubscription(deps.db, { apiKeyId: caller.keyId, organizationId, url: body.url, events: body.events });
    res.status(201).location(`/v1/webhooks/${subscription.id}`).json(subscription);
  });

  router.get('/webhooks', async (_req, res) => {
    const caller = callerOf(res);
    res.json({ webhooks: await listSubscriptions(deps.db, caller.admin ? null : caller.keyId) });
  });

  router.delete('/webhooks/:id', async (req, res) => {
    const subscription = await owned(String(req.params.id), callerOf(res));
    await deleteSubscription(deps.db, subscription.id);
    res.status(204).end();
  });

  router.get('/webhooks/:id/deliveries', async (req, res) => {
    const subscription = await owned(String(req.params.id), callerOf(res));
    const query = DeliveriesQuery.parse(req.query);
    res.json(await listDeliveries(deps.db, { subscriptionId: subscription.id, limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}), ...(query.status ? { status: query.status } : {}) }));
  });

  router.use(webhookProblemHandler);
  return router;
}

/** The request schemas of these routes, for the API description (OpenAPI). */
export { CreateBody as WebhookCreateBody, DeliveriesQuery as WebhookDeliveriesQuery };
