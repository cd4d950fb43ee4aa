import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { corsOriginsFromEnv, type LevelWithSilent } from '@patent-bridge/access';
import { storageConfigFromEnv, type StorageConfig } from '@patent-bridge/db';

/**
 * Which parts of the system a process runs (`PB_ROLE`): `all` (default: HTTP, job workers, indexer
 * and matcher in one process), `api` (HTTP, with the indexer and matcher of its search index; no
 * job workers), `worker` (job workers and the webhook dispatcher; no HTTP; `pnpm worker`). `api` and
 * `worker` need `DATABASE_URL` and `REDIS_URL`, which they share.
 */
export type SystemRole = 'all' | 'api' | 'worker';
const ROLES: readonly SystemRole[] = ['all', 'api', 'worker'];

/** The public configuration contract (documented in README and docs/deployment.md). */
export interface SystemConfig {
  port: number;
  storage: StorageConfig;
  redisUrl?: string;
  meiliUrl?: string;
  meiliKey?: string;
  embeddingModel?: string;
  adminKey: string;
  /** True when the admin key was generated because PB_ADMIN_KEY was unset. */
  adminKeyGenerated: boolean;
  /** Load the project's sample into an empty library at start. */
  loadSample: boolean;
  /** Key prefix of the Redis queues (`PB_QUEUE_PREFIX`, default `pb`), so deployments can share a Redis. */
  queuePrefix: string;
  /** Browser origins allowed to call the API (`PB_CORS_ORIGINS`, comma-separated). */
  corsOrigins: string[];
  /** `PB_LOG_LEVEL` (default `info`). */
  logLevel: LevelWithSilent;
  /** Let webhooks reach private and loopback addresses (`PB_WEBHOOKS_ALLOW_PRIVATE=1`; development only). */
  webhooksAllowPrivate: boolean;
  /** `PB_ROLE`; unset means `all`. */
  role?: SystemRole;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * The generated admin key of an embedded data directory: made once, kept beside the data
 * (`admin-key`, readable by its owner only), so scripts keep working across restarts.
 *
 * @example
 * embeddedAdminKey('./data/pglite') // 'pb_admin_…' (the same at every start)
 */
export function embeddedAdminKey(dataDir: string): string {
  const file = join(dirname(dataDir), 'admin-key');
  if (existsSync(file)) {
    const known = readFileSync(file, 'utf8').trim();
    if (known.length >= 16) return known;
  }
  const key = `pb_admin_${randomBytes(18).toString('base64url')}`;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}

/**
 * Reads the environment. In embedded mode (no DATABASE_URL) a missing PB_ADMIN_KEY is generated
 * once per data directory and kept there; with a real database it must be set.
 *
 * @example
 * const config = configFromEnv(process.env);
 */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): SystemConfig {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be a port number, not "${env.PORT}"`);
  const storage = storageConfigFromEnv(env);
  const role = (env.PB_ROLE?.trim() || 'all') as SystemRole;
  if (!ROLES.includes(role)) throw new ConfigError(`PB_ROLE must be one of ${ROLES.join(', ')}, not "${env.PB_ROLE}"`);
  if (role !== 'all' && (storage.kind !== 'postgres' || !env.REDIS_URL)) {
    throw new ConfigError(`PB_ROLE=${role} needs DATABASE_URL and REDIS_URL: API and worker processes share PostgreSQL and the Redis job queue`);
  }
  let adminKey = env.PB_ADMIN_KEY?.trim() ?? '';
  const adminKeyGenerated = adminKey === '';
  if (adminKeyGenerated) {
    if (storage.kind === 'postgres' && role !== 'worker') throw new ConfigError('PB_ADMIN_KEY must be set when DATABASE_URL is set (a generated key would change at every start)');
    adminKey = storage.kind === 'pglite' && storage.dataDir !== 'memory' ? embeddedAdminKey(storage.dataDir) : `pb_admin_${randomBytes(18).toString('base64url')}`;
  } else if (adminKey.length < 16) {
    throw new ConfigError('PB_ADMIN_KEY must be at least 16 characters');
  }
  const queuePrefix = env.PB_QUEUE_PREFIX?.trim() || 'pb';
  if (!/^[\w-]{1,40}$/.test(queuePrefix)) throw new ConfigError('PB_QUEUE_PREFIX may use letters, digits, _ and - (at most 40)');
  let corsOrigins: string[];
  try {
    corsOrigins = corsOriginsFromEnv(env);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
  const logLevel = (env.PB_LOG_LEVEL?.trim() || 'info') as LevelWithSilent;
  if (!levels.includes(logLevel)) throw new ConfigError(`PB_LOG_LEVEL must be one of ${levels.join(', ')}`);
  const config: SystemConfig = {
    port,
    storage,
    adminKey,
    adminKeyGenerated,
    loadSample: env.PB_LOAD_SAMPLE !== 'false',
    queuePrefix,
    corsOrigins,
    logLevel,
    webhooksAllowPrivate: env.PB_WEBHOOKS_ALLOW_PRIVATE === '1',
    role,
  };
  if (env.REDIS_URL) config.redisUrl = env.REDIS_URL;
  if (env.MEILI_URL) config.meiliUrl = env.MEILI_URL;
  if (env.MEILI_KEY) config.meiliKey = env.MEILI_KEY;
  if (env.EMBEDDING_MODEL) config.embeddingModel = env.EMBEDDING_MODEL;
  return config;
}
