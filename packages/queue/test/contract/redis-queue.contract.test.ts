import { describe, it } from 'vitest';
import { deleteRedisKeys, RedisQueue, redisAvailable, TEST_REDIS_URL, uniqueTestPrefix } from '../../src/index.ts';
import { describeJobQueueContract } from './job-queue-contract.ts';

const silent = { warn: () => {}, info: () => {} };

if (await redisAvailable()) {
  describeJobQueueContract('RedisQueue', async () => {
    const prefix = uniqueTestPrefix('contract');
    return {
      queue: new RedisQueue({ url: TEST_REDIS_URL, prefix, logger: silent }),
      dispose: async () => void (await deleteRedisKeys(prefix)),
    };
  });
} else {
  describe.skip(`JobQueue contract: RedisQueue (skipped: no Redis at ${TEST_REDIS_URL}; fails under CI=true)`, () => {
    it('needs Redis', () => {});
  });
}
