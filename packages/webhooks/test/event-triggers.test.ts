import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTask, failTask, rowFromPatent, storageVariants, type Storage } from '@patent-bridge/db';
import type { Patent } from '@patent-bridge/domain';
import { WebhookEventPayloads } from '../src/index.ts';

function patent(id: string, title: string, taskId?: number): Omit<Patent, 'createdAt' | 'updatedAt'> {
  return { id, publicationNumbers: [], title, script: 'simplified', ipcCodes: [], applicants: [], owners: [], inventors: [], ownerOrganizationIds: [], legalStatus: 'granted', inventoryState: 'idle', chains: [], attributes: {}, provenance: { source: 'test', ...(taskId ? { taskId } : {}) } };
}

for (const variant of await storageVariants()) {
  describe(`webhook events written by triggers on ${variant.name}`, () => {
    let storage: Storage;
    beforeAll(async () => {
      storage = await variant.open();
    });
    afterAll(async () => storage?.close());
    const events = (type: string) => storage.db.selectFrom('webhook_events').selectAll().where('type', '=', type).orderBy('id').execute();

    it('patent.imported for a new or changed patent, with a payload the event schema accepts; nothing for a screening-only update', async () => {
      const taskId = await createTask(storage.db, 'import', {});
      await storage.db.insertInto('patents').values(rowFromPatent(patent('pt_a', '一种滚筒杀青机', taskId), 'hash-1')).execute();
      await storage.db.updateTable('patents').set({ title: '一种改进的滚筒杀青机', content_hash: 'hash-2' }).where('id', '=', 'pt_a').execute();
      await storage.db.updateTable('patents').set({ screening_score: 80 }).where('id', '=', 'pt_a').execute();
      const written = await events('patent.imported');
      expect(written.map((e) => e.payload.change)).toEqual(['created', 'updated']);
      for (const e of written) expect(WebhookEventPayloads['patent.imported'].parse(e.payload)).toMatchObject({ patentId: 'pt_a', taskId });
      expect(written[1]!.payload.title).toBe('一种改进的滚筒杀青机');
    });

    it('a rolled-back change announces nothing', async () => {
      await storage.db
        .transaction()
        .execute(async (trx) => {
          await trx.insertInto('patents').values(rowFromPatent(patent('pt_b', '一种茶叶揉捻机'), 'hash-b')).execute();
          throw new Error('roll back');
        })
        .catch(() => {});
      expect((await events('patent.imported')).some((e) => e.payload.patentId === 'pt_b')).toBe(false);
    });

    it('task.failed once per failed task, to its creator\'s organisation when known', async () => {
      const mine = await createTask(storage.db, 'import', { createdBy: { keyId: 'key_1', organizationId: 'org_uni' } });
      const system = await createTask(storage.db, 'reindex', {});
      await failTask(storage.db, mine, { code: 'invalid_file', message: 'the file is empty' });
      await failTask(storage.db, system, { code: 'reindex_failed', message: 'no patents' });
      await storage.db.updateTable('tasks').set({ finished_at: new Date().toISOString() }).where('id', '=', mine).execute();
      const written = await events('task.failed');
      expect(written).toHaveLength(2);
      expect(WebhookEventPayloads['task.failed'].parse(written[0]!.payload)).toEqual({ taskId: mine, type: 'import', error: { code: 'invalid_file', message: 'the file is empty' } });
      expect(written[0]!.audience).toEqual(['org_uni']);
      expect(written[1]!.audience).toBeNull();
    });
  });
}
