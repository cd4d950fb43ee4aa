import { sql, type Kysely } from 'kysely';
import type { Database } from '@patent-bridge/db';
import type { JobQueue } from '@patent-bridge/queue';
import { deliveryJobId, WEBHOOK_DELIVERY_JOB, type DeliveryJob } from './delivery-worker.ts';
import { resolveWebhookPolicy, retryDelayMs, type WebhookPolicy } from './policy.ts';

export interface DispatchOptions {
  /** The same policy the worker uses. */
  policy?: Partial<WebhookPolicy>;
  /** Events fanned out per transaction. Default 200. */
  batchSize?: number;
  /**
   * A pending attempt overdue by this long has probably lost its queue job (a crash between the
   * fan-out and the enqueue, an in-process queue that restarted): it is queued again. Queuing a
   * job that still exists is a no-op. Default 30 s.
   */
  requeueAfterMs?: number;
  /** Overdue attempts queued again per run, at most. Default 1,000. */
  requeueLimit?: number;
  /** Settled events (and their delivery log) are kept this many days. Default 30. */
  retentionDays?: number;
}

export interface DispatchReport {
  /** Events fanned out. */
  events: number;
  /** Deliveries created (and queued). */
  deliveries: number;
  /** Overdue pending attempts queued again. */
  requeued: number;
}

/**
 * Fans every undispatched event out to the active subscriptions of its type (and audience): in
 * one transaction per batch it creates each delivery's first attempt (`pending`) and marks the
 * events dispatched; then it queues one job per delivery. Finally it queues again the pending
 * attempts that are overdue, so a crash at any point leaves rows that a later run picks up.
 * Concurrent dispatchers (several processes) skip each other's locked events.
 *
 * @example
 * const report = await dispatchWebhookEvents(db, queue); // { events: 3, deliveries: 5, requeued: 0 }
 */
export async function dispatchWebhookEvents(db: Kysely<Database>, queue: JobQueue, options: DispatchOptions = {}): Promise<DispatchReport> {
  const policy = resolveWebhookPolicy(options.policy);
  const batchSize = options.batchSize ?? 200;
  const report: DispatchReport = { events: 0, deliveries: 0, requeued: 0 };
  for (;;) {
    const batch = await fanOut(db, batchSize);
    report.events += batch.events;
    report.deliveries += batch.deliveries.length;
    for (const delivery of batch.deliveries) {
      await queue.add<DeliveryJob>(WEBHOOK_DELIVERY_JOB, delivery, { jobId: deliveryJobId(delivery), attempts: policy.maxAttempts, backoffMs: policy.backoffMs });
    }
    if (batch.events < batchSize) break;
  }
  report.requeued = await requeueOverdue(db, queue, policy, options.requeueAfterMs ?? 30_000, options.requeueLimit ?? 1_000);
  return report;
}

async function fanOut(db: Kysely<Database>, batchSize: number): Promise<{ events: number; deliveries: DeliveryJob[] }> {
  return db.transaction().execute(async (trx) => {
    // Events no active subscription wants (e.g. 31k patent.imported after an import, with nobody
    // subscribed) are settled in one statement instead of batch by batch.
    const settled = await sql<{ id: number }>`
      update webhook_events e set dispatched_at = now()
      where e.dispatched_at is null
        and not exists (select 1 from webhook_subscriptions s where s.active and e.type = any(s.events))
      returning e.id`.execute(trx);
    const events = await trx.selectFrom('webhook_events').select('id').where('dispatched_at', 'is', null).orderBy('id').limit(batchSize).forUpdate().skipLocked().execute();
    if (events.length === 0) return { events: settled.rows.length, deliveries: [] };
    const ids = events.map((e) => e.id);
    const created = await trx
      .insertInto('webhook_deliveries')
      .columns(['subscription_id', 'event_id', 'attempt', 'status', 'next_attempt_at'])
      .expression(
        trx
          .selectFrom('webhook_events as e')
          .innerJoin('webhook_subscriptions as s', (join) =>
            join.on('s.active', '=', true).on(sql<boolean>`e.type = any(s.events)`).on(sql<boolean>`(e.audience is null or s.organization_id = any(e.audience))`),
          )
          .where('e.id', 'in', ids)
          .select(['s.id as subscription_id', 'e.id as event_id', sql.lit(1).as('attempt'), sql.lit('pending').as('status'), sql<string>`now()`.as('next_attempt_at')]),
      )
      .onConflict((oc) => oc.doNothing())
      .returning(['subscription_id', 'event_id'])
      .execute();
    await trx.updateTable('webhook_events').set({ dispatched_at: sql`now()` }).where('id', 'in', ids).execute();
    return { events: settled.rows.length + events.length, deliveries: created.map((d) => ({ subscriptionId: d.subscription_id, eventId: d.event_id })) };
  });
}

async function requeueOverdue(db: Kysely<Database>, queue: JobQueue, policy: WebhookPolicy, overdueMs: number, limit: number): Promise<number> {
  const overdue = await db
    .selectFrom('webhook_deliveries')
    .select(['subscription_id', 'event_id', 'attempt'])
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', sql<string>`now() - make_interval(secs => ${overdueMs / 1000})`)
    .orderBy('next_attempt_at')
    .limit(limit)
    .execute();
  for (const row of overdue) {
    const job: DeliveryJob = { subscriptionId: row.subscription_id, eventId: row.event_id };
    // The job resumes at this attempt: its remaining attempts and backoff continue the same schedule.
    await queue.add<DeliveryJob>(WEBHOOK_DELIVERY_JOB, job, {
      jobId: deliveryJobId(job),
      attempts: Math.max(policy.maxAttempts - row.attempt + 1, 1),
      backoffMs: retryDelayMs(policy, row.attempt),
    });
  }
  return overdue.length;
}

/**
 * Deletes events older than the retention period whose deliveries are all settled (succeeded,
 * failed or dead), with their delivery log; an event still being delivered stays. Returns how
 * many events went. Without it every import would leave an event per patent for ever.
 *
 * @example
 * await pruneWebhookEvents(db, { retentionDays: 30 }) // 31023
 */
export async function pruneWebhookEvents(db: Kysely<Database>, options: { retentionDays?: number; limit?: number } = {}): Promise<number> {
  const days = options.retentionDays ?? 30;
  const result = await sql`
    delete from webhook_events where id in (
      select e.id from webhook_events e
      where e.dispatched_at is not null
        and e.created_at < now() - make_interval(days => ${days})
        and not exists (select 1 from webhook_deliveries d where d.event_id = e.id and d.status = 'pending')
      limit ${options.limit ?? 50_000})`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

export interface WebhookDispatcher {
  /** Runs one dispatch now (after any running one); tests and callers that just emitted use it to skip the wait. */
  dispatchNow(): Promise<DispatchReport>;
  /** Stops polling and waits for a running dispatch. */
  stop(): Promise<void>;
}

/**
 * Runs `dispatchWebhookEvents` every `pollMs` (default 1 s) until stopped, and prunes settled
 * events past their retention once an hour (`pruneWebhookEvents`). A failing run (database
 * or Redis unreachable) is logged and retried on the next tick; its events stay undispatched.
 *
 * @example
 * const dispatcher = startWebhookDispatcher({ db, queue, policy });
 * … await dispatcher.stop();
 */
export function startWebhookDispatcher(deps: { db: Kysely<Database>; queue: JobQueue; pollMs?: number; log?: (message: string) => void } & DispatchOptions): WebhookDispatcher {
  const { db, queue, pollMs = 1_000, log = (message: string) => console.warn(message), ...options } = deps;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let busy: Promise<unknown> = Promise.resolve();
  let lastPruned = 0;
  const run = (): Promise<DispatchReport> => {
    const next = busy.then(async () => {
      const report = await dispatchWebhookEvents(db, queue, options);
      if (Date.now() - lastPruned > 3_600_000) {
        lastPruned = Date.now();
        await pruneWebhookEvents(db, { ...(options.retentionDays !== undefined ? { retentionDays: options.retentionDays } : {}) });
      }
      return report;
    });
    busy = next.catch(() => {});
    return next;
  };
  const tick = async () => {
    try {
      await run();
    } catch (error) {
      log(`[webhooks] dispatch failed, retrying in ${pollMs} ms: ${(error as Error).message}`);
    }
    if (!stopped) timer = setTimeout(tick, pollMs);
  };
  timer = setTimeout(tick, 0);
  return {
    dispatchNow: run,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await busy;
    },
  };
}
