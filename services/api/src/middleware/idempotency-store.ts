import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '@patent-bridge/db';

/** How long a key is remembered after its first request. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;
/** After this long without an answer, a request holding a key is presumed dead and a retry may take its place. */
export const IDEMPOTENCY_LOCK_TIMEOUT_MS = 2 * 60 * 1000;

/** A request under an idempotency key: whose, which key, and the hash of what it asks for. */
export interface IdempotentRequest {
  apiKeyId: string;
  key: string;
  requestHash: string;
  method: string;
  path: string;
}

/** A stored answer. `body` is null when the response was withheld (it carried a secret). */
export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array | null;
}

/** The request now holds the key; it must later {@link completeIdempotencyKey} or {@link releaseIdempotencyKey}. */
export interface IdempotencyLock {
  apiKeyId: string;
  key: string;
  lockToken: string;
}

export type IdempotencyClaim =
  | { outcome: 'claimed'; lock: IdempotencyLock }
  | { outcome: 'completed'; response: StoredResponse }
  | { outcome: 'in_progress' }
  /** The key was first used for a different request. */
  | { outcome: 'mismatch'; method: string; path: string };

export interface ClaimOptions {
  now?: Date;
  ttlMs?: number;
  lockTimeoutMs?: number;
}

/**
 * Tries once to take an idempotency key for a request. A new key (or an expired one) is taken;
 * an answered key gives its stored response; a key first used for another request is a mismatch;
 * a key whose request is still running is `in_progress`, unless that request has held it past the
 * lock timeout, in which case this one takes it over. Safe under concurrency: the primary key
 * lets exactly one of several simultaneous requests take a new key.
 *
 * @example
 * const claim = await claimIdempotencyKey(db, { apiKeyId: 'key_1', key: 'order-42', requestHash, method: 'POST', path: '/v1/demands' });
 * if (claim.outcome === 'claimed') { … run the request …; await completeIdempotencyKey(db, claim.lock, response); }
 */
export async function claimIdempotencyKey(db: Kysely<Database>, request: IdempotentRequest, options: ClaimOptions = {}): Promise<IdempotencyClaim> {
  const now = options.now ?? new Date();
  const lockToken = randomBytes(12).toString('base64url');
  const lock: IdempotencyLock = { apiKeyId: request.apiKeyId, key: request.key, lockToken };
  for (let attempt = 0; attempt < 3; attempt++) {
    const inserted = await db
      .insertInto('idempotency_keys')
      .values({
        api_key_id: request.apiKeyId,
        key: request.key,
        request_hash: request.requestHash,
        method: request.method,
        path: request.path,
        lock_token: lockToken,
        locked_at: now,
        created_at: now,
        expires_at: new Date(now.getTime() + (options.ttlMs ?? IDEMPOTENCY_KEY_TTL_MS)),
      })
      .onConflict((oc) => oc.columns(['api_key_id', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst();
    if (inserted) return { outcome: 'claimed', lock };

    const row = await db.selectFrom('idempotency_keys').selectAll().where('api_key_id', '=', request.apiKeyId).where('key', '=', request.key).executeTakeFirst();
    if (!row) continue;
    if (Date.parse(row.expires_at) <= now.getTime()) {
      await db.deleteFrom('idempotency_keys').where('api_key_id', '=', request.apiKeyId).where('key', '=', request.key).where('expires_at', '<=', now.toISOString()).execute();
      continue;
    }
    if (row.request_hash !== request.requestHash) return { outcome: 'mismatch', method: row.method, path: row.path };
    if (row.status === 'completed') {
      return { outcome: 'completed', response: { status: row.response_status ?? 500, headers: row.response_headers ?? {}, body: row.response_withheld ? null : (row.response_body ?? new Uint8Array()) } };
    }
    if (Date.parse(row.locked_at) + (options.lockTimeoutMs ?? IDEMPOTENCY_LOCK_TIMEOUT_MS) > now.getTime()) return { outcome: 'in_progress' };
    const taken = await db
      .updateTable('idempotency_keys')
      .set({ lock_token: lockToken, locked_at: now })
      .where('api_key_id', '=', request.apiKeyId)
      .where('key', '=', request.key)
      .where('status', '=', 'in_progress')
      .where('lock_token', '=', row.lock_token)
      .returning('key')
      .executeTakeFirst();
    if (taken) return { outcome: 'claimed', lock };
  }
  return { outcome: 'in_progress' };
}

/**
 * Stores the answer of the request holding the key, for retries to replay. With `withheld`, only
 * the status and headers are kept: the body carried a secret that must not be stored. Returns false
 * when the lock was lost (the key expired or another request took it over).
 *
 * @example
 * await completeIdempotencyKey(db, lock, { status: 201, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"id":"dm_1"}') });
 */
export async function completeIdempotencyKey(db: Kysely<Database>, lock: IdempotencyLock, response: StoredResponse & { withheld?: boolean }, options: { now?: Date } = {}): Promise<boolean> {
  const updated = await db
    .updateTable('idempotency_keys')
    .set({
      status: 'completed',
      response_status: response.status,
      response_headers: JSON.stringify(response.headers),
      response_body: response.withheld ? null : response.body,
      response_withheld: response.withheld === true,
      completed_at: options.now ?? new Date(),
    })
    .where('api_key_id', '=', lock.apiKeyId)
    .where('key', '=', lock.key)
    .where('lock_token', '=', lock.lockToken)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) > 0;
}

/**
 * Gives the key up without an answer to keep (the request failed on the server's side), so a retry
 * runs the request again.
 *
 * @example
 * await releaseIdempotencyKey(db, lock);
 */
export async function releaseIdempotencyKey(db: Kysely<Database>, lock: IdempotencyLock): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('api_key_id', '=', lock.apiKeyId).where('key', '=', lock.key).where('lock_token', '=', lock.lockToken).where('status', '=', 'in_progress').execute();
}

/**
 * Deletes every expired key; returns how many.
 *
 * @example
 * await purgeExpiredIdempotencyKeys(db) // 12
 */
export async function purgeExpiredIdempotencyKeys(db: Kysely<Database>, options: { now?: Date } = {}): Promise<number> {
  const deleted = await db
    .deleteFrom('idempotency_keys')
    .where('expires_at', '<=', (options.now ?? new Date()).toISOString())
    .executeTakeFirst();
  return Number(deleted.numDeletedRows);
}
