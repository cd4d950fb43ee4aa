import { Router } from 'express';
import { ApiKeyError, issueApiKey, listApiKeys, requireRole, revokeApiKey } from '@patent-bridge/access';
import { deactivateKeySubscriptions } from '@patent-bridge/webhooks';
import type { ApiContext } from '../context.ts';
import { Problem } from '../problem.ts';

/** API key management (admin only): `POST/GET /v1/keys`, `DELETE /v1/keys/{id}`. The secret is shown once, at creation. */
export function keyRoutes(context: ApiContext): Router {
  const router = Router();
  router.use('/keys', requireRole('admin'));
  router.post('/keys', async (req, res) => {
    try {
      const { key, secret } = await issueApiKey(context.db, req.body ?? {});
      res.status(201).set('cache-control', 'no-store').location(`/v1/keys/${key.id}`).json({ ...key, secret });
    } catch (error) {
      if (error instanceof ApiKeyError) throw new Problem(400, error.code, error.message);
      throw error;
    }
  });
  router.get('/keys', async (req, res) => {
    const organizationId = typeof req.query.organization === 'string' ? req.query.organization : undefined;
    res.json(await listApiKeys(context.db, organizationId ? { organizationId } : {}));
  });
  router.delete('/keys/:id', async (req, res) => {
    const key = await revokeApiKey(context.db, String(req.params.id));
    if (!key) throw new Problem(404, 'key_not_found', `no API key "${req.params.id}"`);
    await deactivateKeySubscriptions(context.db, key.id);
    res.json(key);
  });
  return router;
}
