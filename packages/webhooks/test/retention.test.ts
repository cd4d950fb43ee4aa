import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageVariants, type Storage } from '@patent-bridge/db';
import { createSubscription, emitEvent, pruneWebhookEvents } from '../src/index.ts';

const [pglite] = await storageVariants();

describe('webhook event retention', () => {
  let storage: Storage;
  beforeAll(async () => {
    storage = await pglite!.open();
  });
  afterAll(async () => storage?.close());

  it('prunes settled events past the retention period with their log, and keeps recent ones and those still being delivered', async () => {
    const { db } = storage;
    const subscription = await createSubscription(db, { apiKeyId: 'key_retention', url: 'https://hooks.example.com/r', events: ['task.failed'] });
    const emit = async (daysAgo: number, delivery?: 'pending' | 'succeeded' | 'dead') => {
      const id = Number((await emitEvent(db, 'task.failed', { taskId: 1, type: 'import', error: { code: 'x', message: 'y' } })).slice(4));
      await db.updateTable('webhook_events').set({ created_at: sql`now() - make_interval(days => ${daysAgo})`, dispatched_at: sql`now()` }).where('id', '=', id).execute();
      if (delivery) {
        await sql`insert into webhook_deliveries (subscription_id, event_id, attempt, status, next_attempt_at) values (${subscription.id}, ${id}, 1, ${delivery}, now())`.execute(db);
      }
      return id;
    };
    const oldDelivered = await emit(40, 'succeeded');
    const oldDead = await emit(45, 'dead');
    const oldPending = await emit(40, 'pending');
    const oldUnsubscribed = await emit(60);
    const recent = await emit(2, 'succeeded');
    expect(await pruneWebhookEvents(db, { retentionDays: 30 })).toBe(3);
    const left = (await db.selectFrom('webhook_events').select('id').execute()).map((r) => Number(r.id));
    expect(left.sort()).toEqual([oldPending, recent].sort());
    expect(left).not.toContain(oldDelivered);
    expect(left).not.toContain(oldDead);
    expect(left).not.toContain(oldUnsubscribed);
    const log = await db.selectFrom('webhook_deliveries').select('event_id').execute();
    expect(log.map((d) => Number(d.event_id)).sort()).toEqual([oldPending, recent].sort());
  });
});
