import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import { saveOrganization, storageVariants, type Storage } from '@patent-bridge/db';
import { assignRequestId, authenticate, currentViewer, issueApiKey, requireRole, revokeApiKey } from '../src/index.ts';
import { serve } from './http.ts';

const ADMIN_SECRET = 'test-admin-secret-0123456789';

for (const variant of await storageVariants()) {
  describe(`authenticate middleware on ${variant.name}`, () => {
    let storage: Storage;
    let server: { base: string; close: () => Promise<void> };
    let partnerSecret: string;
    let partnerKeyId: string;
    let smeSecret: string;
    let sme: string;

    beforeAll(async () => {
      storage = await variant.open();
      sme = (await saveOrganization(storage.db, { name: '泉城茶业有限公司', kind: 'enterprise' })).id;
      const platform = (await saveOrganization(storage.db, { name: '齐鲁技术交易平台', kind: 'partner_platform' })).id;
      const partner = await issueApiKey(storage.db, { organizationId: platform, role: 'partner', label: 'feed' });
      partnerSecret = partner.secret;
      partnerKeyId = partner.key.id;
      smeSecret = (await issueApiKey(storage.db, { organizationId: sme, role: 'enterprise', label: 'erp' })).secret;

      const app = express();
      app.use(assignRequestId());
      app.use('/v1', authenticate(storage.db, { adminSecret: ADMIN_SECRET }));
      app.get('/v1/whoami', (_req, res) => {
        res.json(currentViewer(res));
      });
      app.post('/v1/keys', requireRole('admin'), (_req, res) => {
        res.status(201).json({ ok: true });
      });
      app.get('/v1/roadshows', requireRole('admin', 'broker'), (_req, res) => {
        res.json([]);
      });
      server = await serve(app);
    });
    afterAll(async () => {
      await server?.close();
      await storage?.close();
    });

    const call = (path: string, headers: Record<string, string> = {}, method = 'GET') => fetch(`${server.base}${path}`, { method, headers });

    it('answers 401 problem+json without a key, with the RFC 9457 members and a challenge', async () => {
      const res = await call('/v1/whoami?q=1', { 'x-request-id': 'req-401-test' });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
      expect(await res.json()).toEqual({
        type: 'https://patent-bridge.dev/problems/missing_api_key',
        title: 'Unauthorized',
        status: 401,
        code: 'missing_api_key',
        detail: expect.stringContaining('Authorization: Bearer'),
        instance: '/v1/whoami',
        requestId: 'req-401-test',
      });
    });

    it('answers 401 for an unknown secret and for a non-bearer scheme', async () => {
      const unknown = await call('/v1/whoami', { authorization: `Bearer pb_live_${'x'.repeat(40)}` });
      expect(unknown.status).toBe(401);
      expect(((await unknown.json()) as any).code).toBe('invalid_api_key');
      const basic = await call('/v1/whoami', { authorization: `Basic ${Buffer.from(`u:${partnerSecret}`).toString('base64')}` });
      expect(basic.status).toBe(401);
      expect(((await basic.json()) as any).code).toBe('missing_api_key');
    });

    it('resolves a stored key from the bearer header or X-API-Key into the viewer', async () => {
      const spellings: Array<Record<string, string>> = [{ authorization: `Bearer ${partnerSecret}` }, { authorization: `bearer  ${partnerSecret}` }, { 'x-api-key': partnerSecret }];
      for (const headers of spellings) {
        const res = await call('/v1/whoami', headers);
        expect(res.status).toBe(200);
        expect(await res.json()).toMatchObject({ keyId: partnerKeyId, role: 'partner', seesAllDemands: false });
      }
      const smeViewer = (await (await call('/v1/whoami', { authorization: `Bearer ${smeSecret}` })).json()) as any;
      expect(smeViewer).toMatchObject({ role: 'enterprise', organizationId: sme, organizationIds: [sme] });
      const used = await storage.db.selectFrom('api_keys').select('last_used_at').where('id', '=', partnerKeyId).executeTakeFirstOrThrow();
      expect(used.last_used_at).not.toBeNull();
    });

    it('maps the configured admin secret to an admin viewer without a stored key', async () => {
      const res = await call('/v1/whoami', { authorization: `Bearer ${ADMIN_SECRET}` });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ keyId: 'key_bootstrap_admin', role: 'admin', organizationIds: [], seesAllDemands: true });
      expect((await call('/v1/whoami', { authorization: `Bearer ${ADMIN_SECRET}x` })).status).toBe(401);
      expect((await call('/v1/keys', { 'x-api-key': ADMIN_SECRET }, 'POST')).status).toBe(201);
    });

    it('answers 403 problem+json to a role the route does not allow', async () => {
      const res = await call('/v1/keys', { authorization: `Bearer ${partnerSecret}` }, 'POST');
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await res.json()).toMatchObject({ status: 403, code: 'forbidden_role', title: 'Forbidden', requiredRoles: ['admin'], instance: '/v1/keys' });
      expect((await call('/v1/roadshows', { authorization: `Bearer ${smeSecret}` })).status).toBe(403);
      expect((await call('/v1/roadshows', { authorization: `Bearer ${ADMIN_SECRET}` })).status).toBe(200);
    });

    it('stops accepting a key as soon as it is revoked', async () => {
      const platform = (await saveOrganization(storage.db, { name: '黄河技术转移平台', kind: 'partner_platform' })).id;
      const { key, secret } = await issueApiKey(storage.db, { organizationId: platform, role: 'partner', label: 'short-lived' });
      expect((await call('/v1/whoami', { authorization: `Bearer ${secret}` })).status).toBe(200);
      await revokeApiKey(storage.db, key.id);
      const res = await call('/v1/whoami', { authorization: `Bearer ${secret}` });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ code: 'revoked_api_key', status: 401 });
    });
  });
}
