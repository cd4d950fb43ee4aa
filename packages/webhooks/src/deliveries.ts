import type { Kysely, Selectable } from 'kysely';
import type { Database, WebhookDeliveryTable } from '@patent-bridge/db';
import { eventIdOf, type WebhookEventType } from './events.ts';

export type DeliveryStatus = WebhookDeliveryTable['status'];

/**
 * One attempt to deliver one event to one subscription. A delivery that needed retries has one
 * row per attempt: `failed` ones, then the last (`succeeded`, `dead`, or `pending` while waiting).
 */
export interface WebhookDelivery {
  id: string;
  subscriptionId: string;
  eventId: string;
  eventType: WebhookEventType;
  attempt: number;
  status: DeliveryStatus;
  /** The receiver's HTTP status; null when no answer came (refused, timed out) or not sent yet. */
  responseStatus: number | null;
  error: string | null;
  durationMs: number | null;
  /** Pending: when it is due. Failed: when the next attempt is due. */
  nextAttemptAt: string | null;
  createdAt: string;
  attemptedAt: string | null;
  deliveredAt: string | null;
}

type DeliveryRow = Selectable<WebhookDeliveryTable> & { event_type: string };

/**
 * Maps a stored attempt (joined with its event's type) to the delivery log entry.
 *
 * @example
 * deliveryFromRow({ ...row, event_type: 'match.created' }).eventId // 'evt_42'
 */
export function deliveryFromRow(row: DeliveryRow): WebhookDelivery {
  return {
    id: String(row.id),
    subscriptionId: row.subscription_id,
    eventId: eventIdOf(row.event_id),
    eventType: row.event_type as WebhookEventType,
    attempt: row.attempt,
    status: row.status,
    responseStatus: row.response_status,
    error: row.error,
    durationMs: row.duration_ms,
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
    attemptedAt: row.attempted_at,
    deliveredAt: row.delivered_at,
  };
}

export interface DeliveryPage {
  subscriptionId: string;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
  /** Default 20, at most 100. */
  limit?: number;
  status?: DeliveryStatus;
}

/**
 * A subscription's delivery log, newest attempt first, with an id cursor.
 *
 * @example
 * const { deliveries, nextCursor } = await listDeliveries(db, { subscriptionId: 'wh_…', limit: 50 });
 * const older = await listDeliveries(db, { subscriptionId: 'wh_…', cursor: nextCursor });
 */
export async function listDeliveries(db: Kysely<Database>, page: DeliveryPage): Promise<{ deliveries: WebhookDelivery[]; nextCursor?: string }> {
  const limit = Math.min(Math.max(Math.trunc(page.limit ?? 20), 1), 100);
  const cursor = page.cursor !== undefined && /^\d{1,15}$/.test(page.cursor) ? Number(page.cursor) : undefined;
  if (page.cursor !== undefined && cursor === undefined) throw new RangeError(`"${page.cursor}" is not a delivery cursor`);
  const rows = await db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_events as e', 'e.id', 'd.event_id')
    .selectAll('d')
    .select('e.type as event_type')
    .where('d.subscription_id', '=', page.subscriptionId)
    .$if(cursor !== undefined, (q) => q.where('d.id', '<', cursor!))
    .$if(page.status !== undefined, (q) => q.where('d.status', '=', page.status!))
    .orderBy('d.id', 'desc')
    .limit(limit + 1)
    .execute();
  const deliveries = rows.slice(0, limit).map(deliveryFromRow);
  return rows.length > limit ? { deliveries, nextCursor: deliveries[deliveries.length - 1]!.id } : { deliveries };
}
