import { storageVariants } from '@patent-bridge/db';
import { InProcessQueue } from '@patent-bridge/queue';
import { deliverySuite } from './fixtures/delivery-suite.ts';

for (const variant of await storageVariants()) {
  deliverySuite(`${variant.name} with the in-process queue`, async () => {
    const storage = await variant.open();
    const queue = new InProcessQueue();
    return {
      db: storage.db,
      queue,
      close: async () => {
        await queue.close();
        await storage.close();
      },
    };
  });
}
