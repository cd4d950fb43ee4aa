import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemand, ensureOrganizations, rowFromPatent, storageVariants, type Storage } from '@patent-bridge/db';
import { DemandInput, type Patent } from '@patent-bridge/domain';
import type { Embedder } from '@patent-bridge/embeddings';
import { EmbeddedSearchEngine, Indexer } from '../../src/index.ts';

/** A deterministic embedder that records what it was asked to embed. */
class CountingEmbedder implements Embedder {
  readonly id = 'counting';
  readonly version = 'counting-1';
  readonly dimensions = 4;
  readonly calls: string[][] = [];
  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    this.calls.push([...texts]);
    return texts.map((t) => {
      const v = new Float32Array([t.length % 7, (t.codePointAt(0) ?? 0) % 5, 1, t.includes('电池') ? 3 : 0]);
      const n = Math.hypot(...v);
      return v.map((x) => x / n);
    });
  }
}

function patent(id: string, title: string, overrides: Partial<Patent> = {}): Omit<Patent, 'createdAt' | 'updatedAt'> {
  return { id, publicationNumbers: [], title, script: 'simplified', ipcCodes: ['H01M 10/44'], applicants: [], owners: [], inventors: [], ownerOrganizationIds: [], legalStatus: 'granted', inventoryState: 'idle', chains: [], attributes: {}, provenance: { source: 'test' }, ...overrides };
}

const query = (q: string) => ({ q, mode: 'keyword' as const, semanticRatio: 0, filters: { kind: 'patent' as const }, facets: [], sort: [], limit: 50, offset: 0 });

for (const variant of await storageVariants()) {
  describe(`outbox indexer on ${variant.name}`, () => {
    let storage: Storage;
    beforeAll(async () => {
      storage = await variant.open();
    });
    afterAll(async () => storage?.close());

    it('indexes every write the outbox lists, re-embeds only changed text, and removes deleted documents', async () => {
      const embedder = new CountingEmbedder();
      const engine = new EmbeddedSearchEngine();
      const indexed: string[] = [];
      const indexer = new Indexer({ db: storage.db, engine, embedder, batchSize: 2, onIndexed: (ids) => indexed.push(...ids) });
      await storage.db.insertInto('patents').values([rowFromPatent(patent('pt_1', '一种锂电池均衡电路'), 'a'), rowFromPatent(patent('pt_2', '一种茶叶杀青机'), 'b'), rowFromPatent(patent('pt_3', '电池热管理系统'), 'c')]).execute();
      expect(await indexer.drain()).toBe(3);
      expect((await engine.search(query('电池'))).hits.map((h) => h.id).sort()).toEqual(['pt_1', 'pt_3']);
      expect(embedder.calls.flat()).toHaveLength(3);
      expect(new Set(indexed)).toEqual(new Set(['pt_1', 'pt_2', 'pt_3']));

      // A change that leaves the text alone is re-indexed without embedding; a title change re-embeds one.
      await storage.db.updateTable('patents').set({ inventory_state: 'licensed', revision: 2 }).where('id', '=', 'pt_1').execute();
      await storage.db.updateTable('patents').set({ title: '一种钠离子电池', revision: 2 }).where('id', '=', 'pt_2').execute();
      embedder.calls.length = 0;
      await indexer.drain();
      expect(embedder.calls.flat()).toEqual([expect.stringContaining('钠离子电池')]);
      expect((await engine.search(query('电池'))).hits.map((h) => h.id).sort()).toEqual(['pt_1', 'pt_2', 'pt_3']);

      await storage.db.deleteFrom('patents').where('id', '=', 'pt_3').execute();
      await indexer.drain();
      expect((await engine.search(query('电池'))).hits.map((h) => h.id).sort()).toEqual(['pt_1', 'pt_2']);
      expect(await storage.db.selectFrom('index_outbox').selectAll().execute()).toEqual([]);
    });

    it('rebuilds a fresh index from the database with cached vectors, demands included, private ones kept private', async () => {
      const [orgId] = (await ensureOrganizations(storage.db, ['泉城电池有限公司'])).values();
      await createDemand(storage.db, DemandInput.parse({ enterpriseId: orgId, title: '想找电池回收的技术', visibility: 'private' }), 'dm_1');
      const embedder = new CountingEmbedder();
      const engine = new EmbeddedSearchEngine();
      expect(await new Indexer({ db: storage.db, engine, embedder }).rebuild()).toBe(3);
      expect(embedder.calls.flat()).toHaveLength(1);
      expect((await engine.stats()).documents).toBe(3);
      const demandQuery = { ...query('电池'), filters: { kind: 'demand' as const } };
      expect((await engine.search(demandQuery)).hits).toEqual([]);
      expect((await engine.search({ ...demandQuery, filters: { kind: 'demand', visibleTo: { ownerIds: [orgId!] } } })).hits.map((h) => h.id)).toEqual(['dm_1']);
      expect(await storage.db.selectFrom('index_outbox').selectAll().execute()).toEqual([]);
    });
  });
}
