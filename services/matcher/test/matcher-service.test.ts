import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemand, storageVariants, type Storage } from '@patent-bridge/db';
import { DemandInput } from '@patent-bridge/domain';
import { storedMatches, type Matcher } from '@patent-bridge/matching';
import { createQueue, deleteRedisKeys, redisAvailable, TEST_REDIS_URL, uniqueTestPrefix, type JobQueue } from '@patent-bridge/queue';
import { sampleSystem } from '../../../packages/matching/test/fixtures/sample-system.ts';
import { MatcherService } from '../src/index.ts';

const [pglite] = await storageVariants();
const redis = await redisAvailable();
if (!redis && process.env.CI === 'true') throw new Error(`Redis is required under CI=true (${TEST_REDIS_URL})`);

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const queues: Array<{ name: string; make: () => { queue: JobQueue; prefix?: string } }> = [{ name: 'in-process queue', make: () => ({ queue: createQueue({}) }) }];
if (redis) {
  queues.push({
    name: 'bull on Redis',
    make: () => {
      const prefix = uniqueTestPrefix('matcher');
      return { queue: createQueue({ redisUrl: TEST_REDIS_URL, prefix }), prefix };
    },
  });
}

for (const { name, make } of queues) {
  describe(`matching service on the ${name}`, () => {
    let storage: Storage;
    let queue: JobQueue;
    let prefix: string | undefined;
    let service: MatcherService;
    let current: Matcher | undefined;
    let system: Awaited<ReturnType<typeof sampleSystem>>;
    beforeAll(async () => {
      storage = await pglite!.open();
      system = await sampleSystem(storage);
      ({ queue, prefix } = make());
      service = new MatcherService({ db: storage.db, queue, matcher: () => current, pollMs: 50 });
      await service.start();
    }, 120_000);
    afterAll(async () => {
      await service?.stop();
      await queue?.close();
      if (prefix) await deleteRedisKeys(prefix);
      await storage?.close();
    });

    it('waits while the index is not ready, then keeps every open demand\'s top-K up to date through queue jobs', async () => {
      await new Promise((r) => setTimeout(r, 300));
      expect(await storedMatches(storage.db, system.demands[0]!.id)).toEqual([]);
      current = system.matcher;
      await waitFor(async () => ((await storage.db.selectFrom('match_queue').select('id').limit(1).execute()).length === 0 ? true : undefined), 'the matching queue to drain');
      for (const demand of system.demands) expect((await storedMatches(storage.db, demand.id)).length).toBeGreaterThan(0);

      const demand = await createDemand(storage.db, DemandInput.parse({ enterpriseId: system.demands[0]!.enterpriseId, title: '想找阿胶多肽口服液去腥工艺' }), 'dm_new');
      await system.indexer.drain();
      const stored = await waitFor(async () => {
        const matches = await storedMatches(storage.db, demand.id);
        return matches.length > 0 ? matches : undefined;
      }, 'the new demand\'s matches');
      expect(stored[0]!.explanation).toContain('阿胶');
    });

    it('a rebuild runs as a task with progress and ends succeeded', async () => {
      const taskId = await service.rebuild();
      const task = await waitFor(async () => {
        const row = await storage.db.selectFrom('tasks').selectAll().where('id', '=', taskId).executeTakeFirst();
        return row && (row.status === 'succeeded' || row.status === 'failed') ? row : undefined;
      }, 'the rebuild task');
      expect(task.status).toBe('succeeded');
    });
  });
}
