import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveOrganization, storageVariants, type Storage } from '@patent-bridge/db';
import { ApiKeyError, LAST_USED_RESOLUTION_MS, authenticateSecret, checkSecret, getApiKey, hashSecret, issueApiKey, listApiKeys, revokeApiKey } from '../src/index.ts';

for (const variant of await storageVariants()) {
  describe(`API keys on ${variant.name}`, () => {
    let storage: Storage;
    let university: string;
    let enterprise: string;
    let partner: string;

    beforeAll(async () => {
      storage = await variant.open();
      university = (await saveOrganization(storage.db, { name: '山东农业大学', kind: 'university' })).id;
      enterprise = (await saveOrganization(storage.db, { name: '泉城茶业有限公司', kind: 'enterprise' })).id;
      partner = (await saveOrganization(storage.db, { name: '齐鲁技术交易平台', kind: 'partner_platform' })).id;
    });
    afterAll(async () => {
      await storage?.close();
    });

    it('issues a key whose secret is shown once and stored only as its SHA-256', async () => {
      const { key, secret } = await issueApiKey(storage.db, { organizationId: enterprise, role: 'enterprise', label: 'ERP sync', quotaPerMinute: 30 });
      expect(secret).toMatch(/^pb_live_[0-9A-Za-z]{40}$/);
      expect(key).toMatchObject({ role: 'enterprise', organizationId: enterprise, label: 'ERP sync', quotaPerMinute: 30, prefix: secret.slice(8, 16) });
      expect(key.id).toMatch(/^key_[0-9a-f]{16}$/);
      expect(JSON.stringify(key)).not.toContain(secret.slice(8));

      const row = await storage.db.selectFrom('api_keys').selectAll().where('id', '=', key.id).executeTakeFirstOrThrow();
      expect(row.hash).toBe(hashSecret(secret));
      expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
      const stored = JSON.stringify(row);
      expect(stored).not.toContain(secret);
      // Nothing beyond the 8-character display prefix of the random part is stored in any column.
      expect(stored).not.toContain(secret.slice(8, 17));
      expect(stored).not.toContain(secret.slice(16));
    });

    it('gives each key a different secret', async () => {
      const issued = await Promise.all([1, 2, 3].map((n) => issueApiKey(storage.db, { organizationId: partner, role: 'partner', label: `feed ${n}` })));
      expect(new Set(issued.map((i) => i.secret)).size).toBe(3);
      expect(new Set(issued.map((i) => i.key.id)).size).toBe(3);
    });

    it('authenticates a secret, and nothing that differs from it', async () => {
      const { key, secret } = await issueApiKey(storage.db, { organizationId: university, role: 'university', label: 'inventory upload' });
      expect((await authenticateSecret(storage.db, secret))?.id).toBe(key.id);
      const last = secret.at(-1) === 'a' ? 'b' : 'a';
      for (const wrong of [secret.slice(0, -1) + last, secret.slice(0, -1), `${secret}x`, secret.replace('pb_live_', 'pb_test_'), '', 'pb_live_', hashSecret(secret)]) {
        expect(await authenticateSecret(storage.db, wrong)).toBeUndefined();
      }
    });

    it('records use at most once a minute', async () => {
      const { key, secret } = await issueApiKey(storage.db, { organizationId: partner, role: 'partner', label: 'usage' });
      expect(key.lastUsedAt).toBeUndefined();
      const t0 = new Date('2030-01-01T08:00:00.000Z');
      expect((await authenticateSecret(storage.db, secret, { now: t0 }))?.lastUsedAt).toBe(t0.toISOString());
      const soon = new Date(t0.getTime() + LAST_USED_RESOLUTION_MS - 1_000);
      expect((await authenticateSecret(storage.db, secret, { now: soon }))?.lastUsedAt).toBe(t0.toISOString());
      expect((await getApiKey(storage.db, key.id))?.lastUsedAt).toBe(t0.toISOString());
      const later = new Date(t0.getTime() + LAST_USED_RESOLUTION_MS);
      expect((await authenticateSecret(storage.db, secret, { now: later }))?.lastUsedAt).toBe(later.toISOString());
      expect((await getApiKey(storage.db, key.id))?.lastUsedAt).toBe(later.toISOString());
    });

    it('rejects a revoked key at once and keeps the first revocation time', async () => {
      const { key, secret } = await issueApiKey(storage.db, { organizationId: partner, role: 'partner', label: 'to revoke' });
      expect(await authenticateSecret(storage.db, secret)).toBeDefined();
      const at = new Date('2031-05-01T00:00:00.000Z');
      expect((await revokeApiKey(storage.db, key.id, { now: at }))?.revokedAt).toBe(at.toISOString());
      expect((await revokeApiKey(storage.db, key.id, { now: new Date('2032-01-01T00:00:00.000Z') }))?.revokedAt).toBe(at.toISOString());
      expect(await authenticateSecret(storage.db, secret)).toBeUndefined();
      expect(await checkSecret(storage.db, secret)).toMatchObject({ outcome: 'revoked', key: { id: key.id } });
      expect(await revokeApiKey(storage.db, 'key_does_not_exist')).toBeUndefined();
    });

    it('lists keys, all or one organisation’s, active or not', async () => {
      const own = await issueApiKey(storage.db, { organizationId: university, role: 'university', label: 'listed' });
      const gone = await issueApiKey(storage.db, { organizationId: university, role: 'university', label: 'listed, revoked' });
      await revokeApiKey(storage.db, gone.key.id);
      const ofUniversity = await listApiKeys(storage.db, { organizationId: university });
      expect(ofUniversity.every((k) => k.organizationId === university)).toBe(true);
      expect(ofUniversity.map((k) => k.id)).toEqual(expect.arrayContaining([own.key.id, gone.key.id]));
      const active = await listApiKeys(storage.db, { organizationId: university, active: true });
      expect(active.map((k) => k.id)).toContain(own.key.id);
      expect(active.map((k) => k.id)).not.toContain(gone.key.id);
      const all = await listApiKeys(storage.db);
      expect(all.length).toBeGreaterThan(ofUniversity.length);
      expect(all.some((k) => k.organizationId === partner)).toBe(true);
      for (const k of all) expect(Object.keys(k)).not.toContain('hash');
    });

    it('issues admin keys without an organisation and every other role only to a matching organisation', async () => {
      const admin = await issueApiKey(storage.db, { role: 'admin', label: 'operator' });
      expect(admin.key.organizationId).toBeUndefined();
      expect((await authenticateSecret(storage.db, admin.secret))?.role).toBe('admin');

      const failure = async (input: Parameters<typeof issueApiKey>[1]) => (await issueApiKey(storage.db, input).then(() => undefined, (e: unknown) => e)) as ApiKeyError;
      expect((await failure({ role: 'admin', organizationId: enterprise, label: 'x' })).code).toBe('organization_not_allowed');
      expect((await failure({ role: 'broker', label: 'x' })).code).toBe('organization_required');
      expect((await failure({ role: 'enterprise', organizationId: 'org_nobody', label: 'x' })).code).toBe('unknown_organization');
      expect((await failure({ role: 'university', organizationId: enterprise, label: 'x' })).code).toBe('organization_kind_mismatch');
      expect((await failure({ role: 'partner', organizationId: partner, label: ' ' })).name).toBe('ZodError');
      expect((await failure({ role: 'partner', organizationId: partner, label: 'x', quotaPerMinute: 0 })).name).toBe('ZodError');
    });

    it('has the database refuse an admin key with an organisation, or another key without one', async () => {
      const row = { label: 'raw', prefix: 'AAAAAAAA', quota_per_minute: null };
      await expect(storage.db.insertInto('api_keys').values({ ...row, id: 'key_raw1', role: 'admin', organization_id: enterprise, hash: 'a'.repeat(64) }).execute()).rejects.toThrow();
      await expect(storage.db.insertInto('api_keys').values({ ...row, id: 'key_raw2', role: 'partner', organization_id: null, hash: 'b'.repeat(64) }).execute()).rejects.toThrow();
      await expect(storage.db.insertInto('api_keys').values({ ...row, id: 'key_raw3', role: 'owner' as never, organization_id: enterprise, hash: 'c'.repeat(64) }).execute()).rejects.toThrow();
    });
  });
}
