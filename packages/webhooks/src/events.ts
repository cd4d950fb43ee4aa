import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '@patent-bridge/db';
import { Match, Meeting, Roadshow, TaskError, TaskType } from '@patent-bridge/domain';

/** What partners can subscribe to. */
export const WebhookEventType = z.enum(['patent.imported', 'match.created', 'roadshow.published', 'meeting.scheduled', 'task.failed']);
export type WebhookEventType = z.infer<typeof WebhookEventType>;

/**
 * The `data` of each event type. Events carry ids and a short summary; receivers read the rest
 * through the API, so a payload never goes stale or leaks fields the receiver may not see.
 */
export const WebhookEventPayloads = {
  'patent.imported': z.strictObject({
    patentId: z.string(),
    change: z.enum(['created', 'updated']),
    title: z.string(),
    applicationNumber: z.string().nullable(),
    /** The import task that wrote it, when an import did. */
    taskId: z.number().int().positive().nullable(),
  }),
  'match.created': Match.pick({ demandId: true, patentId: true, score: true, rank: true, weightsVersion: true }),
  'roadshow.published': z.strictObject({
    roadshowId: Roadshow.shape.id,
    chainId: Roadshow.shape.chainId,
    month: Roadshow.shape.month,
    lineUp: z.array(z.string()),
  }),
  'meeting.scheduled': z.strictObject({
    meetingId: Meeting.shape.id,
    roadshowId: Meeting.shape.roadshowId,
    enterpriseId: Meeting.shape.enterpriseId,
    ownerOrganizationId: Meeting.shape.ownerOrganizationId,
    slot: Meeting.shape.slot,
    table: Meeting.shape.table,
  }),
  'task.failed': z.strictObject({
    taskId: z.number().int().positive(),
    type: TaskType,
    error: TaskError,
  }),
} satisfies Record<WebhookEventType, z.ZodType>;

export type WebhookEventPayload<T extends WebhookEventType> = z.infer<(typeof WebhookEventPayloads)[T]>;

/** Who may receive an event; without an audience every subscriber of its type does. */
export interface EmitOptions {
  /** Only subscriptions of these organisations receive the event (e.g. a match on a private demand). */
  audience?: readonly string[];
}

/**
 * The public id of a stored event (`evt_42`), used as `Webhook-Id` and in the delivery log.
 *
 * @example
 * eventIdOf(42) // 'evt_42'
 */
export function eventIdOf(id: number): string {
  return `evt_${id}`;
}

/**
 * Records an event for delivery to every subscriber of its type. Pass the transaction that makes
 * the change, so the event exists exactly when the change does: a rolled-back transaction leaves
 * nothing to deliver. Throws a `ZodError` when the payload does not match the type's shape.
 * Returns the event's id.
 *
 * @example
 * await db.transaction().execute(async (trx) => {
 *   await trx.insertInto('patents').values(row).execute();
 *   await emitEvent(trx, 'patent.imported', { patentId: row.id, change: 'created', title: row.title, applicationNumber: null, taskId: 7 });
 * });
 */
export async function emitEvent<T extends WebhookEventType>(db: Kysely<Database>, type: T, payload: WebhookEventPayload<T>, options: EmitOptions = {}): Promise<string> {
  const schema: z.ZodType = WebhookEventPayloads[WebhookEventType.parse(type)];
  const data = schema.parse(payload) as Record<string, unknown>;
  const row = await db
    .insertInto('webhook_events')
    .values({ type, payload: JSON.stringify(data), audience: options.audience ? [...options.audience] : null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return eventIdOf(row.id);
}
