import { randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Database, WebhookSubscriptionTable } from '@patent-bridge/db';
import type { WebhookEventType } from './events.ts';
import { generateWebhookSecret } from './signature.ts';

/** A subscription as the API shows it: never with its secret. */
export interface WebhookSubscription {
  id: string;
  apiKeyId: string;
  organizationId: string | null;
  url: string;
  events: WebhookEventType[];
  active: boolean;
  createdAt: string;
}

export interface NewSubscription {
  /** The id of the API key that subscribes; it owns the subscription. */
  apiKeyId: string;
  organizationId?: string | null;
  url: string;
  events: readonly WebhookEventType[];
}

function subscriptionFromRow(row: Selectable<WebhookSubscriptionTable>): WebhookSubscription {
  return {
    id: row.id,
    apiKeyId: row.api_key_id,
    organizationId: row.organization_id,
    url: row.url,
    events: row.events as WebhookEventType[],
    active: row.active,
    createdAt: row.created_at,
  };
}

const COLUMNS = ['id', 'api_key_id', 'organization_id', 'url', 'events', 'active', 'created_at'] as const;

/**
 * Stores a subscription with a new signing secret and returns both. This is the only time the
 * secret is returned: the caller shows it once to the subscriber.
 *
 * @example
 * const { id, secret } = await createSubscription(db, { apiKeyId: 'key_1', url: 'https://partner.example/hooks', events: ['match.created'] });
 */
export async function createSubscription(db: Kysely<Database>, input: NewSubscription): Promise<WebhookSubscription & { secret: string }> {
  const secret = generateWebhookSecret();
  const row = await db
    .insertInto('webhook_subscriptions')
    .values({
      id: `wh_${randomBytes(8).toString('hex')}`,
      api_key_id: input.apiKeyId,
      organization_id: input.organizationId ?? null,
      url: input.url,
      events: [...new Set(input.events)],
      secret,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return { ...subscriptionFromRow({ ...row, secret }), secret };
}

/**
 * Reads one subscription (without its secret).
 *
 * @example
 * await getSubscription(db, 'wh_…') // undefined when it does not exist
 */
export async function getSubscription(db: Kysely<Database>, id: string): Promise<WebhookSubscription | undefined> {
  const row = await db.selectFrom('webhook_subscriptions').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return row ? subscriptionFromRow({ ...row, secret: '' }) : undefined;
}

/**
 * The subscriptions of one API key, oldest first; `null` lists every key's (for admins).
 *
 * @example
 * await listSubscriptions(db, 'key_1')
 * await listSubscriptions(db, null) // all of them
 */
export async function listSubscriptions(db: Kysely<Database>, apiKeyId: string | null): Promise<WebhookSubscription[]> {
  const rows = await db
    .selectFrom('webhook_subscriptions')
    .select(COLUMNS)
    .$if(apiKeyId !== null, (q) => q.where('api_key_id', '=', apiKeyId!))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => subscriptionFromRow({ ...row, secret: '' }));
}

/**
 * Deletes a subscription with its delivery log; deliveries not made yet are abandoned. True when it existed.
 *
 * @example
 * await deleteSubscription(db, 'wh_…')
 */
export async function deleteSubscription(db: Kysely<Database>, id: string): Promise<boolean> {
  const result = await db.deleteFrom('webhook_subscriptions').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * Stops every subscription of an API key (call it when the key is revoked): no new deliveries are
 * created for them, and their pending attempts end `dead`. Returns how many were active.
 *
 * @example
 * await deactivateKeySubscriptions(db, 'key_1') // 2
 */
export async function deactivateKeySubscriptions(db: Kysely<Database>, apiKeyId: string): Promise<number> {
  const result = await db.updateTable('webhook_subscriptions').set({ active: false }).where('api_key_id', '=', apiKeyId).where('active', '=', true).executeTakeFirst();
  return Number(result.numUpdatedRows);
}
