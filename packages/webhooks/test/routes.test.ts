import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureOrganizations, storageVariants, type Storage } from '@patent-bridge/db';
import { InProcessQueue } from '@patent-bridge/queue';
import { dispatchWebhookEvents, emitEvent, webhookRoutes, type WebhookViewer } from '../src/index.ts';

const partner: WebhookViewer = { keyId: 'key_partner', role: 'partner', organizationIds: ['org_partner'] };
const rival: WebhookViewer = { keyId: 'key_rival', role: 'partner', organizationIds: [] };
const admin: WebhookViewer = { keyId: 'key_admin', role: 'admin', organizationIds: [] };

for (const variant of await storageVariants()) {
  describe(`webhook routes on ${variant.name}`, () => {
    let storage: Storage;
    let server: Server;
    let base: string;
    let partnerOrg: string;

    beforeAll(async () => {
      storage = await variant.open();
      [partnerOrg] = [...(await ensureOrganizations(storage.db, ['科技成果转化平台有限公司'])).values()] as [string];
      partner.organizationIds = [partnerOrg];
      const app = express();
      app.use((req, res, next) => {
        res.locals.requestId = 'req-1';
        const viewer = req.get('x-test-viewer');
        if (viewer) res.locals.viewer = JSON.parse(viewer);
        next();
      });
      app.use('/v1', express.json(), webhookRoutes({ db: storage.db }));
      app.use((error: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => void res.status(500).json({ leaked: error.message }));
      server = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    });
    afterAll(async () => {
      await new Promise((resolve) => server?.close(resolve));
      await storage?.close();
    });

    const call = async (viewer: Partial<WebhookViewer> | undefined, method: string, path: string, body?: unknown) => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { ...(viewer ? { 'x-test-viewer': JSON.stringify(viewer) } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, type: response.headers.get('content-type') ?? '', location: response.headers.get('location'), body: text ? JSON.parse(text) : undefined };
    };

    it('creates a subscription, showing its secret only in the creation answer', async () => {
      const created = await call(partner, 'POST', '/webhooks', { url: 'https://partner.example/hooks', events: ['match.created', 'patent.imported'] });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ apiKeyId: 'key_partner', organizationId: partnerOrg, url: 'https://partner.example/hooks', events: ['match.created', 'patent.imported'], active: true });
      expect(created.body.id).toMatch(/^wh_/);
      expect(created.body.secret).toMatch(/^whsec_/);
      expect(created.location).toBe(`/v1/webhooks/${created.body.id}`);

      const listed = await call(partner, 'GET', '/webhooks');
      expect(listed.body.webhooks.map((w: { id: string }) => w.id)).toEqual([created.body.id]);
      expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);
      expect((await call(rival, 'GET', '/webhooks')).body).toEqual({ webhooks: [] });
      expect((await call(admin, 'GET', '/webhooks')).body.webhooks.map((w: { id: string }) => w.id)).toContain(created.body.id);
    });

    it('answers invalid bodies with a problem listing the bad fields', async () => {
      const unknownField = await call(partner, 'POST', '/webhooks', { url: 'https://partner.example/hooks', events: ['match.created'], secret: 'mine' });
      expect(unknownField.status).toBe(400);
      expect(unknownField.type).toContain('application/problem+json');
      expect(unknownField.body).toMatchObject({ status: 400, code: 'invalid_request', requestId: 'req-1' });
      expect(unknownField.body.detail).toContain('secret');

      const badUrl = await call(partner, 'POST', '/webhooks', { url: 'ftp://partner.example/hooks', events: ['match.created'] });
      expect(badUrl.status).toBe(400);
      expect(badUrl.body.errors.map((e: { field: string }) => e.field)).toEqual(['url']);

      const badEvent = await call(partner, 'POST', '/webhooks', { url: 'https://partner.example/hooks', events: ['patent.deleted'] });
      expect(badEvent.status).toBe(400);
      expect(badEvent.body.errors.map((e: { field: string }) => e.field)).toEqual(['events.0']);

      expect((await call(partner, 'POST', '/webhooks', { url: 'https://partner.example/hooks', events: [] })).status).toBe(400);
    });

    it('lets a key subscribe only for its own organisations, and requires a key id', async () => {
      const foreign = await call(rival, 'POST', '/webhooks', { url: 'https://rival.example/hooks', events: ['match.created'], organizationId: partnerOrg });
      expect(foreign).toMatchObject({ status: 403, body: { code: 'organization_not_yours' } });
      const unknown = await call(admin, 'POST', '/webhooks', { url: 'https://ops.example/hooks', events: ['task.failed'], organizationId: 'org_nowhere' });
      expect(unknown).toMatchObject({ status: 400, body: { code: 'unknown_organization' } });
      const keyless = await call({ role: 'partner', organizationIds: [] }, 'POST', '/webhooks', { url: 'https://x.example/hooks', events: ['task.failed'] });
      expect(keyless).toMatchObject({ status: 403, body: { code: 'key_required' } });
      expect((await call(undefined, 'GET', '/webhooks')).status).toBe(401);
    });

    it('deletes only the caller’s subscriptions; another key gets 404', async () => {
      const created = await call(partner, 'POST', '/webhooks', { url: 'https://partner.example/other', events: ['task.failed'] });
      const byRival = await call(rival, 'DELETE', `/webhooks/${created.body.id}`);
      expect(byRival).toMatchObject({ status: 404, body: { code: 'webhook_not_found' } });
      expect((await call(partner, 'DELETE', `/webhooks/${created.body.id}`)).status).toBe(204);
      expect((await call(partner, 'DELETE', `/webhooks/${created.body.id}`)).status).toBe(404);
      expect((await call(partner, 'GET', '/webhooks')).body.webhooks.map((w: { id: string }) => w.id)).not.toContain(created.body.id);
    });

    it('pages through a subscription’s delivery log, newest first, for its owner and admins only', async () => {
      const created = await call(partner, 'POST', '/webhooks', { url: 'https://partner.example/log', events: ['roadshow.published'] });
      const id = created.body.id as string;
      const events: string[] = [];
      for (const month of ['2025-01', '2025-02', '2025-03']) events.push(await emitEvent(storage.db, 'roadshow.published', { roadshowId: `rs_${month}`, chainId: 'tea', month, lineUp: [] }));
      const queue = new InProcessQueue(); // no worker: the deliveries stay pending
      await dispatchWebhookEvents(storage.db, queue);
      await queue.close();

      const first = await call(partner, 'GET', `/webhooks/${id}/deliveries?limit=2`);
      expect(first.status).toBe(200);
      expect(first.body.deliveries.map((d: { eventId: string }) => d.eventId)).toEqual([events[2], events[1]]);
      expect(first.body.deliveries[0]).toMatchObject({ subscriptionId: id, eventType: 'roadshow.published', attempt: 1, status: 'pending', responseStatus: null });
      const second = await call(partner, 'GET', `/webhooks/${id}/deliveries?limit=2&cursor=${first.body.nextCursor}`);
      expect(second.body).toEqual({ deliveries: [expect.objectContaining({ eventId: events[0] })] });
      expect((await call(partner, 'GET', `/webhooks/${id}/deliveries?status=succeeded`)).body).toEqual({ deliveries: [] });
      expect((await call(admin, 'GET', `/webhooks/${id}/deliveries`)).body.deliveries).toHaveLength(3);

      expect((await call(rival, 'GET', `/webhooks/${id}/deliveries`)).status).toBe(404);
      expect((await call(partner, 'GET', `/webhooks/${id}/deliveries?page=2`)).status).toBe(400);
      expect((await call(partner, 'GET', `/webhooks/${id}/deliveries?cursor=abc`)).status).toBe(400);
    });
  });
}
