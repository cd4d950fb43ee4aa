import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowFromPatent, storageVariants, type Storage } from '@patent-bridge/db';
import type { Patent } from '@patent-bridge/domain';
import { refreshMatches, storedMatches } from '../src/index.ts';
import { sampleSystem, TODAY } from './fixtures/sample-system.ts';

async function refreshAll(storage: Storage, system: Awaited<ReturnType<typeof sampleSystem>>) {
  const total = { processed: 0, recomputed: 0, strongMatches: 0, pullUpdated: 0, deferred: 0 };
  for (let round = 0; round < 20; round++) {
    await system.indexer.drain();
    const report = await refreshMatches(storage.db, system.matcher, { today: TODAY });
    for (const key of Object.keys(total) as Array<keyof typeof total>) total[key] += report[key];
    if (report.processed === 0 && report.deferred === 0) return total;
  }
  throw new Error('the matching queue did not settle in 20 rounds');
}

for (const variant of await storageVariants()) {
  describe(`batch and incremental matching on ${variant.name}`, () => {
    let storage: Storage;
    let system: Awaited<ReturnType<typeof sampleSystem>>;
    beforeAll(async () => {
      storage = await variant.open();
      system = await sampleSystem(storage);
    }, 180_000);
    afterAll(async () => storage?.close());

    it('keeps the top-K of every open demand in the database with its version, and announces strong matches', async () => {
      const report = await refreshAll(storage, system);
      expect(report.recomputed).toBeGreaterThanOrEqual(system.demands.length);
      for (const demand of system.demands) {
        const stored = await storedMatches(storage.db, demand.id);
        expect(stored.length).toBeGreaterThan(0);
        expect(stored.length).toBeLessThanOrEqual(system.matcher.config.topK);
        expect(stored.every((m) => m.weightsVersion === system.matcher.config.version)).toBe(true);
        expect(stored.map((m) => m.rank)).toEqual(stored.map((_, i) => i + 1));
      }
      const events = await storage.db.selectFrom('webhook_events').selectAll().where('type', '=', 'match.created').execute();
      expect(events.length).toBe(report.strongMatches);
      expect(events.length).toBeGreaterThan(0);
      expect(events.every((e) => Number(e.payload.score) >= system.matcher.config.strongMatchScore)).toBe(true);
      expect(await storage.db.selectFrom('match_queue').selectAll().execute()).toEqual([]);
    });

    it('feeds demand pull back into the screening score of matched patents', async () => {
      const tea = system.demands.find((d) => d.title.startsWith('杀青火候'))!;
      const [top] = await storedMatches(storage.db, tea.id);
      const row = await storage.db.selectFrom('patents').select(['screening']).where('id', '=', top!.patentId).executeTakeFirstOrThrow();
      const pull = (row.screening as Patent['screening'])!.components.find((c) => c.name === 'demand_pull')!;
      expect(pull.value).toBeGreaterThan(0);
      expect(pull.note).toMatch(/回应 \d+ 项开放需求/);
      // The screening update itself does not set off another round.
      expect(await storage.db.selectFrom('match_queue').selectAll().execute()).toEqual([]);
    });

    it('a new patent recomputes only the demands it affects, and enters the top-K of the one it answers', async () => {
      await refreshAll(storage, system);
      const tea = system.demands.find((d) => d.title.startsWith('杀青火候'))!;
      const patent: Omit<Patent, 'createdAt' | 'updatedAt'> = {
        id: 'pt_new_tea',
        publicationNumbers: [],
        title: '一种带自动控温的茶叶滚筒杀青机',
        abstract: '本发明公开一种茶叶滚筒杀青机，通过红外测温与鲜叶含水率检测自动调节滚筒温度，避免焦边红梗，适用于小型茶厂绿茶杀青。',
        script: 'simplified',
        type: 'invention',
        filingDate: '2023-05-01',
        ipcCodes: ['A23F 3/06'],
        applicants: [],
        owners: [],
        inventors: [],
        ownerOrganizationIds: [],
        legalStatus: 'granted',
        inventoryState: 'idle',
        chains: [{ chain: 'modern-agriculture-food', reason: 'ipc:A23' }],
        attributes: {},
        provenance: { source: 'test' },
      };
      await storage.db.insertInto('patents').values(rowFromPatent(patent, 'new-tea')).execute();
      // Before the index has the patent, the queue entry waits.
      const early = await refreshMatches(storage.db, system.matcher, { today: TODAY });
      expect(early.deferred).toBe(1);
      expect(early.processed).toBe(0);
      const report = await refreshAll(storage, system);
      expect(report.recomputed).toBeGreaterThan(0);
      expect(report.recomputed).toBeLessThan(system.demands.length / 2);
      const stored = await storedMatches(storage.db, tea.id);
      expect(stored.map((m) => m.patentId)).toContain('pt_new_tea');
    });

    it('a closed demand loses its stored matches', async () => {
      const demand = system.demands[5]!;
      expect((await storedMatches(storage.db, demand.id)).length).toBeGreaterThan(0);
      await storage.db.updateTable('demands').set({ status: 'closed' }).where('id', '=', demand.id).execute();
      await refreshAll(storage, system);
      expect(await storedMatches(storage.db, demand.id)).toEqual([]);
    });
  });
}
