import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage, type Storage } from '@patent-bridge/db';
import { InProcessQueue } from '@patent-bridge/queue';
import { createSubscription, deactivateKeySubscriptions, dispatchWebhookEvents, emitEvent, listDeliveries, privateAddressOf, startWebhookWorker, type DeadDelivery } from '../src/index.ts';
import { startReceiver, type Receiver } from './fixtures/receiver.ts';

describe('private network guard', () => {
  it('finds loopback, private, link-local and mapped addresses, and passes public ones', async () => {
    for (const url of ['http://127.0.0.1:8080/x', 'http://10.1.2.3/x', 'http://172.20.0.5/x', 'http://192.168.1.1/x', 'http://169.254.169.254/latest/meta-data', 'http://[::1]/x', 'http://[::ffff:127.0.0.1]/x', 'http://[fd00::1]/x', 'http://0.0.0.0/x', 'http://localhost:3000/x']) {
      expect(await privateAddressOf(url), url).toBeDefined();
    }
    for (const url of ['https://8.8.8.8/x', 'https://[2001:4860:4860::8888]/x', 'https://172.32.0.1/x']) {
      expect(await privateAddressOf(url), url).toBeUndefined();
    }
  });

  describe('a worker with the default settings', () => {
    let storage: Storage;
    let queue: InProcessQueue;
    let receiver: Receiver;
    const dead: DeadDelivery[] = [];
    const policy = { maxAttempts: 2, backoffMs: 10, timeoutMs: 500 };

    beforeAll(async () => {
      storage = await openStorage({ kind: 'pglite', dataDir: 'memory' });
      queue = new InProcessQueue();
      receiver = await startReceiver();
      receiver.answer('/internal', () => ({ status: 200 }));
      startWebhookWorker(queue, { db: storage.db, policy, onDead: (report) => void dead.push(report) });
    });
    afterAll(async () => {
      await queue?.close();
      await storage?.close();
      await receiver?.close();
    });

    it('never sends to a local address; the delivery fails, then ends dead', async () => {
      const subscription = await createSubscription(storage.db, { apiKeyId: 'key_a', url: receiver.url('/internal'), events: ['task.failed'] });
      await emitEvent(storage.db, 'task.failed', { taskId: 1, type: 'import', error: { code: 'internal', message: 'x' } });
      await dispatchWebhookEvents(storage.db, queue, { policy });
      await queue.drained();

      expect(receiver.received()).toEqual([]);
      const { deliveries } = await listDeliveries(storage.db, { subscriptionId: subscription.id });
      expect(deliveries.map((d) => d.status)).toEqual(['dead', 'failed']);
      expect(deliveries[0]!.error).toBe('refused: the host resolves to 127.0.0.1, a private or local address');
      expect(dead).toHaveLength(1);
    });

    it('stops the subscriptions of a revoked key: no new deliveries', async () => {
      const subscription = await createSubscription(storage.db, { apiKeyId: 'key_revoked', url: 'https://partner.example/hooks', events: ['roadshow.published'] });
      expect(await deactivateKeySubscriptions(storage.db, 'key_revoked')).toBe(1);
      expect(await deactivateKeySubscriptions(storage.db, 'key_revoked')).toBe(0);
      await emitEvent(storage.db, 'roadshow.published', { roadshowId: 'rs_1', chainId: 'tea', month: '2025-05', lineUp: [] });
      expect(await dispatchWebhookEvents(storage.db, queue, { policy })).toMatchObject({ events: 1, deliveries: 0 });
      expect((await listDeliveries(storage.db, { subscriptionId: subscription.id })).deliveries).toEqual([]);
    });
  });
});
