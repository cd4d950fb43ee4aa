import { sql, type Kysely } from 'kysely';
import type { Database } from '@patent-bridge/db';
import type { JobQueue } from '@patent-bridge/queue';
import { deliveryFromRow, type WebhookDelivery } from './deliveries.ts';
import { eventIdOf } from './events.ts';
import { resolveWebhookPolicy, retryDelayMs, type WebhookPolicy } from './policy.ts';
import { sendWebhook, type RequestOutcome } from './request.ts';

/** The queue job that makes one delivery, attempt after attempt. */
export const WEBHOOK_DELIVERY_JOB = 'webhook-delivery';

export interface DeliveryJob {
  subscriptionId: string;
  /** The stored event's number (`webhook_events.id`). */
  eventId: number;
}

/**
 * The queue job id of a delivery, so adding it again while it is queued or retrying is a no-op.
 *
 * @example
 * deliveryJobId({ subscriptionId: 'wh_1a2b', eventId: 42 }) // 'webhook-wh_1a2b-42'
 */
export function deliveryJobId(job: DeliveryJob): string {
  return `webhook-${job.subscriptionId}-${job.eventId}`;
}

/** A delivery that ended `dead`, as reported to `onDead`. */
export interface DeadDelivery {
  /** Its last attempt. */
  delivery: WebhookDelivery;
  url: string;
  apiKeyId: string;
}

export interface WebhookWorkerDeps {
  db: Kysely<Database>;
  /** The same policy the dispatcher uses. */
  policy?: Partial<WebhookPolicy>;
  /** Told once per delivery that ends `dead`. Default: a warning on the console. */
  onDead?: (dead: DeadDelivery) => void | Promise<void>;
  /** Send to loopback and private addresses too (development, tests). Default false: such URLs fail. */
  allowPrivateNetworks?: boolean;
  /** Deliveries made at once by this process. Default 4. */
  concurrency?: number;
}

/** Thrown by the job of a failed attempt that will be retried, so the queue schedules the retry. */
export class WebhookAttemptFailed extends Error {
  override readonly name = 'WebhookAttemptFailed';
}

/**
 * Registers the delivery worker on the job queue. Each run makes the delivery's pending attempt:
 * a signed POST, recorded with its outcome. A failed attempt records the next one (pending, due
 * after the backoff) in the same transaction and throws, so the queue retries it; the last one
 * ends `dead` and is reported to `onDead`. A job that finds no pending attempt (already made by
 * another run, or its subscription was deleted) does nothing, so re-delivered jobs are harmless.
 *
 * @example
 * const policy = { maxAttempts: 6, backoffMs: 60_000 };
 * startWebhookWorker(queue, { db, policy, onDead: ({ delivery, url }) => log.warn(`webhook to ${url} is dead: ${delivery.error}`) });
 * startWebhookDispatcher({ db, queue, policy });
 */
export function startWebhookWorker(queue: JobQueue, deps: WebhookWorkerDeps): void {
  const policy = resolveWebhookPolicy(deps.policy);
  const onDead = deps.onDead ?? ((dead: DeadDelivery) => console.warn(`[webhooks] delivery of ${dead.delivery.eventId} to ${dead.url} (subscription ${dead.delivery.subscriptionId}) is dead after ${dead.delivery.attempt} attempt(s): ${dead.delivery.error}`));
  queue.process<DeliveryJob>(WEBHOOK_DELIVERY_JOB, (job) => attemptDelivery(deps.db, policy, onDead, deps.allowPrivateNetworks ?? false, job.data), { concurrency: deps.concurrency ?? 4 });
}

async function attemptDelivery(
  db: Kysely<Database>,
  policy: WebhookPolicy,
  onDead: (dead: DeadDelivery) => void | Promise<void>,
  allowPrivateNetworks: boolean,
  job: DeliveryJob,
): Promise<void> {
  const pending = await db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_subscriptions as s', 's.id', 'd.subscription_id')
    .innerJoin('webhook_events as e', 'e.id', 'd.event_id')
    .select(['d.id', 'd.attempt', 's.url', 's.secret', 's.active', 's.api_key_id', 'e.type', 'e.payload', 'e.created_at'])
    .where('d.subscription_id', '=', job.subscriptionId)
    .where('d.event_id', '=', job.eventId)
    .where('d.status', '=', 'pending')
    .orderBy('d.attempt', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!pending) return;

  const webhookId = eventIdOf(job.eventId);
  const attemptedAt = new Date();
  const outcome: RequestOutcome = pending.active
    ? await sendWebhook({
        url: pending.url,
        secret: pending.secret,
        webhookId,
        body: JSON.stringify({ id: webhookId, type: pending.type, createdAt: pending.created_at, data: pending.payload }),
        timeoutMs: policy.timeoutMs,
        allowPrivateNetworks,
      })
    : { ok: false, status: null, error: 'the subscription is inactive', durationMs: 0 };

  const status = outcome.ok ? 'succeeded' : pending.active && pending.attempt < policy.maxAttempts ? 'failed' : 'dead';
  const nextAttemptAt = status === 'failed' ? new Date(Date.now() + retryDelayMs(policy, pending.attempt)) : null;
  const recorded = await db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('webhook_deliveries')
      .set({
        status,
        response_status: outcome.status,
        error: outcome.error,
        duration_ms: outcome.durationMs,
        attempted_at: attemptedAt,
        delivered_at: outcome.ok ? sql`now()` : null,
        next_attempt_at: nextAttemptAt,
      })
      .where('id', '=', pending.id)
      .where('status', '=', 'pending')
      .returningAll()
      .executeTakeFirst();
    if (!row) return undefined; // another run recorded this attempt first
    if (nextAttemptAt) {
      await trx
        .insertInto('webhook_deliveries')
        .values({ subscription_id: job.subscriptionId, event_id: job.eventId, attempt: pending.attempt + 1, status: 'pending', next_attempt_at: nextAttemptAt })
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    return row;
  });
  if (!recorded) return;

  if (status === 'dead') {
    try {
      await onDead({ delivery: deliveryFromRow({ ...recorded, event_type: pending.type }), url: pending.url, apiKeyId: pending.api_key_id });
    } catch (error) {
      console.warn(`[webhooks] the dead-delivery listener threw: ${(error as Error).message}`);
    }
  }
  if (status === 'failed') {
    throw new WebhookAttemptFailed(`attempt ${pending.attempt} of ${webhookId} to ${pending.url} failed (${outcome.error}); attempt ${pending.attempt + 1} is due at ${nextAttemptAt!.toISOString()}`);
  }
}
