import { describe } from 'vitest';
import { openStorage } from '@patent-bridge/db';
import { deleteRedisKeys, RedisQueue, redisAvailable, TEST_REDIS_URL, uniqueTestPrefix } from '@patent-bridge/queue';
import { deliverySuite } from './fixtures/delivery-suite.ts';

// Under CI=true a missing Redis throws here instead of skipping.
const available = await redisAvailable();

describe.skipIf(!available)('on Redis', () => {
  deliverySuite('PGlite with the bull queue on Redis', async () => {
    const storage = await openStorage({ kind: 'pglite', dataDir: 'memory' });
    const prefix = uniqueTestPrefix('webhooks');
    const queue = new RedisQueue({ url: TEST_REDIS_URL, prefix, logger: { warn: () => {}, info: () => {} } });
    return {
      db: storage.db,
      queue,
      close: async () => {
        await queue.close();
        await deleteRedisKeys(prefix);
        await storage.close();
      },
    };
  });
});
