import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import type { ApiKeyTable, Database } from '@patent-bridge/db';
import { ORGANIZATION_KINDS_BY_ROLE, Role } from './roles.ts';

/** An API key as listed and as attached to a request; never carries the secret or its hash. */
export interface ApiKey {
  id: string;
  role: Role;
  organizationId?: string;
  label: string;
  /** The first characters of the secret after `pb_live_`, to tell keys apart: shown as `pb_live_<prefix>…`. */
  prefix: string;
  createdAt: string;
  lastUsedAt?: string;
  revokedAt?: string;
  quotaPerMinute?: number;
}

export const IssueApiKeyInput = z.strictObject({
  organizationId: z.string().min(1).max(64).optional(),
  role: Role,
  label: z.string().trim().min(1).max(100),
  quotaPerMinute: z.number().int().positive().max(1_000_000).optional(),
});
export type IssueApiKeyInput = z.input<typeof IssueApiKeyInput>;

/** A key that cannot be issued as asked; `code` says why. */
export class ApiKeyError extends Error {
  override readonly name = 'ApiKeyError';
  constructor(
    readonly code: 'organization_required' | 'organization_not_allowed' | 'unknown_organization' | 'organization_kind_mismatch',
    message: string,
  ) {
    super(message);
  }
}

const SECRET_SCHEME = 'pb_live_';
const SECRET_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** 40 characters of base62: about 238 random bits. */
const SECRET_LENGTH = 40;
const PREFIX_LENGTH = 8;
const SECRET_PATTERN = new RegExp(`^${SECRET_SCHEME}[0-9A-Za-z]{${SECRET_LENGTH}}$`);
/** `last_used_at` is written at most this often per key, so busy keys do not write on every request. */
export const LAST_USED_RESOLUTION_MS = 60_000;

function newSecret(): string {
  let random = '';
  for (let i = 0; i < SECRET_LENGTH; i++) random += SECRET_ALPHABET[randomInt(SECRET_ALPHABET.length)];
  return SECRET_SCHEME + random;
}

/**
 * The stored form of a secret: SHA-256, hex. Secrets are long and random, so no salt or slow hash is needed.
 *
 * @example
 * hashSecret('pb_live_…') // '9f86d0…' (64 hex characters)
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

function prefixOf(secret: string): string {
  return secret.slice(SECRET_SCHEME.length, SECRET_SCHEME.length + PREFIX_LENGTH);
}

function apiKeyFromRow(row: Selectable<ApiKeyTable>): ApiKey {
  const key: ApiKey = { id: row.id, role: row.role, label: row.label, prefix: row.prefix, createdAt: row.created_at };
  if (row.organization_id !== null) key.organizationId = row.organization_id;
  if (row.last_used_at !== null) key.lastUsedAt = row.last_used_at;
  if (row.revoked_at !== null) key.revokedAt = row.revoked_at;
  if (row.quota_per_minute !== null) key.quotaPerMinute = row.quota_per_minute;
  return key;
}

/**
 * Issues a key and returns its secret, which is shown this once and never stored. Admin keys have no
 * organisation; every other role needs an organisation of a matching kind (a university key for a
 * university or research institute, a partner key for a partner platform…).
 *
 * @example
 * const { key, secret } = await issueApiKey(db, { organizationId: 'org_tea', role: 'enterprise', label: 'ERP sync' });
 * // key.id 'key_…', secret 'pb_live_…' (give it to the caller now; it cannot be read again)
 */
export async function issueApiKey(db: Kysely<Database>, input: IssueApiKeyInput): Promise<{ key: ApiKey; secret: string }> {
  const { organizationId, role, label, quotaPerMinute } = IssueApiKeyInput.parse(input);
  if (role === 'admin' && organizationId) throw new ApiKeyError('organization_not_allowed', 'admin keys belong to no organisation');
  if (role !== 'admin') {
    if (!organizationId) throw new ApiKeyError('organization_required', `a ${role} key needs an organizationId`);
    const organization = await db.selectFrom('organizations').select(['id', 'kind']).where('id', '=', organizationId).executeTakeFirst();
    if (!organization) throw new ApiKeyError('unknown_organization', `no organisation "${organizationId}"`);
    const allowed = ORGANIZATION_KINDS_BY_ROLE[role];
    if (!allowed.includes(organization.kind as never)) {
      throw new ApiKeyError('organization_kind_mismatch', `a ${role} key is for a ${allowed.join(' or ')}, and "${organizationId}" is a ${organization.kind}`);
    }
  }
  const secret = newSecret();
  const row = await db
    .insertInto('api_keys')
    .values({
      id: `key_${randomBytes(8).toString('hex')}`,
      organization_id: organizationId ?? null,
      role,
      label,
      prefix: prefixOf(secret),
      hash: hashSecret(secret),
      quota_per_minute: quotaPerMinute ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { key: apiKeyFromRow(row), secret };
}

/** What a presented secret turned out to be. */
export type SecretCheck = { outcome: 'valid' | 'revoked'; key: ApiKey } | { outcome: 'unknown' };

/**
 * Finds the key of a secret without recording its use. Candidates are found by prefix and their
 * hashes compared in constant time.
 *
 * @example
 * await checkSecret(db, secret) // { outcome: 'valid', key } | { outcome: 'revoked', key } | { outcome: 'unknown' }
 */
export async function checkSecret(db: Kysely<Database>, secret: string): Promise<SecretCheck> {
  if (!SECRET_PATTERN.test(secret)) return { outcome: 'unknown' };
  const presented = Buffer.from(hashSecret(secret), 'hex');
  const candidates = await db.selectFrom('api_keys').selectAll().where('prefix', '=', prefixOf(secret)).execute();
  let match: Selectable<ApiKeyTable> | undefined;
  for (const row of candidates) {
    if (timingSafeEqual(Buffer.from(row.hash, 'hex'), presented)) match = row;
  }
  if (!match) return { outcome: 'unknown' };
  return { outcome: match.revoked_at === null ? 'valid' : 'revoked', key: apiKeyFromRow(match) };
}

/**
 * The key a secret belongs to, unless unknown or revoked; records its use (at most once a minute).
 *
 * @example
 * const key = await authenticateSecret(db, 'pb_live_…'); // ApiKey, or undefined
 */
export async function authenticateSecret(db: Kysely<Database>, secret: string, options: { now?: Date } = {}): Promise<ApiKey | undefined> {
  const check = await checkSecret(db, secret);
  if (check.outcome !== 'valid') return undefined;
  return recordKeyUse(db, check.key, options);
}

/**
 * Sets the key's `lastUsedAt` to now, unless it was set less than a minute ago; returns the key as updated.
 *
 * @example
 * const check = await checkSecret(db, secret);
 * if (check.outcome === 'valid') await recordKeyUse(db, check.key);
 */
export async function recordKeyUse(db: Kysely<Database>, key: ApiKey, options: { now?: Date } = {}): Promise<ApiKey> {
  const now = options.now ?? new Date();
  if (key.lastUsedAt !== undefined && now.getTime() - Date.parse(key.lastUsedAt) < LAST_USED_RESOLUTION_MS) return key;
  const cutoff = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  // The condition repeats the check so concurrent requests of one key write once.
  const touched = await db
    .updateTable('api_keys')
    .set({ last_used_at: now })
    .where('id', '=', key.id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<=', cutoff.toISOString())]))
    .returning('last_used_at')
    .executeTakeFirst();
  return touched?.last_used_at ? { ...key, lastUsedAt: touched.last_used_at } : key;
}

/**
 * Revokes a key; its secret stops working at once. Revoking again keeps the first revocation time.
 *
 * @example
 * await revokeApiKey(db, 'key_3f…') // ApiKey with revokedAt, or undefined when no such key
 */
export async function revokeApiKey(db: Kysely<Database>, id: string, options: { now?: Date } = {}): Promise<ApiKey | undefined> {
  const row = await db
    .updateTable('api_keys')
    .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.val(options.now ?? new Date())) }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row ? apiKeyFromRow(row) : undefined;
}

/**
 * Reads one key.
 *
 * @example
 * await getApiKey(db, 'key_3f…') // ApiKey, or undefined
 */
export async function getApiKey(db: Kysely<Database>, id: string): Promise<ApiKey | undefined> {
  const row = await db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? apiKeyFromRow(row) : undefined;
}

/**
 * Lists keys, oldest first: all of them, or one organisation's; revoked ones too unless `active`.
 *
 * @example
 * await listApiKeys(db, { organizationId: 'org_tea', active: true }) // [{ id: 'key_…', prefix: 'Ab3dE9xQ', … }]
 */
export async function listApiKeys(db: Kysely<Database>, filter: { organizationId?: string; active?: boolean } = {}): Promise<ApiKey[]> {
  const rows = await db
    .selectFrom('api_keys')
    .selectAll()
    .$if(filter.organizationId !== undefined, (q) => q.where('organization_id', '=', filter.organizationId!))
    .$if(filter.active === true, (q) => q.where('revoked_at', 'is', null))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(apiKeyFromRow);
}
