import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicationCheckDigit, defaultChainCatalogue, type Screening } from '@patent-bridge/domain';
import { createTask, findPatent, getPatentRevision, storageVariants, type Storage } from '@patent-bridge/db';
import { contentHash, mergeOffer, OfferConflictError, revisePatentOffer, runImport, uploadSource } from '../../src/index.ts';

const catalogue = defaultChainCatalogue();
const today = new Date('2026-11-21T00:00:00Z');
const number = (body: string) => `${body}.${applicationCheckDigit(body)}`;
const PATENT = number('202110086421');
const CSV = `申请号,名称,摘要,主分类号,专利权人,申请日,法律状态\n${PATENT},一种滚筒杀青机叶温自动控温装置,红外测温自动调节加热功率。,A23F 3/06,泉城理工大学,2021-04-12,授权\n`;

describe('mergeOffer: a JSON merge patch of an open-licence offer', () => {
  it('keeps what the patch leaves out, removes what it sets to null, withdraws the offer on null', () => {
    const current = { declared: true, feeCny: 5000, paymentMode: 'annual' as const, termYears: 3 };
    expect(mergeOffer(current, undefined)).toBe(current);
    expect(mergeOffer(current, { feeCny: null, paymentMode: 'royalty' })).toEqual({ declared: true, paymentMode: 'royalty', termYears: 3 });
    expect(mergeOffer(current, null)).toBeUndefined();
    expect(mergeOffer(undefined, { feeCny: 100 })).toEqual({ declared: false, feeCny: 100 });
  });

  it('refuses a free licence with a fee, naming the field', () => {
    expect(() => mergeOffer({ declared: true, feeCny: 5000 }, { paymentMode: 'free' })).toThrow(OfferConflictError);
    expect(mergeOffer({ declared: true, feeCny: 5000 }, { paymentMode: 'free', feeCny: 0 })).toEqual({ declared: true, feeCny: 0, paymentMode: 'free' });
  });
});

for (const variant of await storageVariants()) {
  describe(`revisePatentOffer, on ${variant.name}`, () => {
    let storage: Storage;
    let id: string;
    beforeAll(async () => {
      storage = await variant.open();
      const taskId = await createTask(storage.db, 'import', { filename: 'a.csv' });
      await runImport(storage.db, taskId, uploadSource(new TextEncoder().encode(CSV), 'a.csv'), { catalogue, today });
      id = (await findPatent(storage.db, PATENT))!.id;
    });
    afterAll(async () => storage?.close());

    it('stores the offer with a re-screening that keeps the demand pull, a change-log entry and a content hash an import would compute', async () => {
      const pulled: Screening['components'][number] = { name: 'demand_pull', value: 0.8, weight: 5, points: 4, note: '回应 3 项开放需求' };
      const before = (await getPatentRevision(storage.db, id))!;
      const screening = { ...before.patent.screening!, components: before.patent.screening!.components.map((c) => (c.name === 'demand_pull' ? pulled : c)) };
      await sql`update patents set screening = ${JSON.stringify(screening)}::jsonb where id = ${id}`.execute(storage.db);

      const result = await revisePatentOffer(storage.db, `ZL ${PATENT}`, { openLicence: { declared: true, feeCny: 20000, paymentMode: 'annual' }, inventoryState: 'licensed' }, { source: 'api:key_test', today });
      expect(result).toMatchObject({ outcome: 'updated', fields: ['openLicence', 'inventoryState'] });
      const after = (await getPatentRevision(storage.db, id))!;
      expect(after.revision).toBe(before.revision + 1);
      expect(after.patent).toMatchObject({ openLicence: { declared: true, feeCny: 20000, paymentMode: 'annual' }, inventoryState: 'licensed' });
      const components = after.patent.screening!.components;
      expect(components.find((c) => c.name === 'demand_pull')).toEqual(pulled);
      expect(components.find((c) => c.name === 'open_licence')!.value).toBe(1);
      expect(after.patent.screening!.score).toBeCloseTo(components.reduce((s, c) => s + c.points, 0), 1);
      const { createdAt: _c, updatedAt: _u, ...content } = after.patent;
      const stored = await storage.db.selectFrom('patents').select('content_hash').where('id', '=', id).executeTakeFirstOrThrow();
      expect(stored.content_hash).toBe(contentHash(content));
      const log = await storage.db.selectFrom('patent_changes').select(['source', 'fields']).where('patent_id', '=', id).orderBy('id', 'desc').limit(1).execute();
      expect(log).toEqual([{ source: 'api:key_test', fields: ['openLicence', 'inventoryState'] }]);
    });

    it('does not overwrite a change made between its read and its write: it reads again and applies the patch on top', async () => {
      let raced = false;
      const result = await revisePatentOffer(storage.db, id, { openLicence: { feeCny: 30000 } }, {
        source: 'api:key_test',
        today,
        precondition: async () => {
          if (!raced) {
            raced = true;
            // Another writer (here: an inventory-state change) lands after the read, before the write.
            await sql`update patents set inventory_state = 'transferred', revision = revision + 1 where id = ${id}`.execute(storage.db);
          }
          return true;
        },
      });
      expect([result.outcome, raced]).toEqual(['updated', true]);
      const after = (await findPatent(storage.db, id))!;
      expect([after.inventoryState, after.openLicence?.feeCny]).toEqual(['transferred', 30000]);
    });

    it('answers unchanged, precondition_failed and not_found without writing', async () => {
      const before = (await getPatentRevision(storage.db, id))!.revision;
      expect((await revisePatentOffer(storage.db, id, { inventoryState: 'transferred' }, { source: 'x', today })).outcome).toBe('unchanged');
      expect((await revisePatentOffer(storage.db, id, { inventoryState: 'idle' }, { source: 'x', today, precondition: () => false })).outcome).toBe('precondition_failed');
      expect((await revisePatentOffer(storage.db, 'pt_nothing', { inventoryState: 'idle' }, { source: 'x', today })).outcome).toBe('not_found');
      expect((await getPatentRevision(storage.db, id))!.revision).toBe(before);
    });
  });
}
