import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Database } from './schema.ts';
import { migrateToLatest } from './migrate.ts';

/** Where the system of record lives: PostgreSQL, or embedded PGlite on disk or in memory. */
export type StorageConfig = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string | 'memory' };

/**
 * Picks storage from the environment: `DATABASE_URL` selects PostgreSQL, otherwise PGlite
 * stores data under `DATA_DIR` (default `./data`).
 *
 * @example
 * storageConfigFromEnv({ DATABASE_URL: 'postgres://127.0.0.1/pb' }) // { kind: 'postgres', url: … }
 * storageConfigFromEnv({})                                         // { kind: 'pglite', dataDir: '<cwd>/data/pglite' }
 */
export function storageConfigFromEnv(env: NodeJS.ProcessEnv = process.env): StorageConfig {
  if (env.DATABASE_URL) return { kind: 'postgres', url: env.DATABASE_URL };
  return { kind: 'pglite', dataDir: join(resolve(env.DATA_DIR ?? './data'), 'pglite') };
}

export interface Storage {
  readonly db: Kysely<Database>;
  readonly kind: StorageConfig['kind'];
  close(): Promise<void>;
}

const DATE_OID = 1082;
const TIMESTAMP_OID = 1114;
const TIMESTAMPTZ_OID = 1184;
const INT8_OID = 20;
const toIso = (v: string) => new Date(v).toISOString();

function postgresTypes(): pg.CustomTypesConfig {
  return {
    getTypeParser(oid: number, format?: any) {
      if (oid === DATE_OID) return (v: string) => v;
      if (oid === TIMESTAMP_OID || oid === TIMESTAMPTZ_OID) return toIso;
      if (oid === INT8_OID) return (v: string) => Number(v);
      return pg.types.getTypeParser(oid, format);
    },
  } as pg.CustomTypesConfig;
}

/**
 * Opens the system of record and brings its schema up to date. Both kinds run the same migrations.
 *
 * @example
 * const storage = await openStorage({ kind: 'pglite', dataDir: 'memory' });
 * await storage.db.selectFrom('patents').selectAll().execute();
 * await storage.close();
 */
export async function openStorage(config: StorageConfig): Promise<Storage> {
  let db: Kysely<Database>;
  if (config.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: config.url, max: 10, types: postgresTypes(), connectionTimeoutMillis: 5_000 });
    // An idle client's error (e.g. the server restarted) must not crash the process; the pool replaces it.
    pool.on('error', () => {});
    // A checked-out client whose server goes away between two queries emits 'error' with no listener,
    // which would also crash the process. Its pending queries still fail, and the pool drops the client on release.
    pool.on('connect', (client) => client.on('error', () => {}));
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  } else {
    if (config.dataDir !== 'memory') mkdirSync(config.dataDir, { recursive: true });
    const pglite = new PGlite({
      ...(config.dataDir === 'memory' ? {} : { dataDir: config.dataDir }),
      parsers: { [DATE_OID]: (v: string) => v, [TIMESTAMPTZ_OID]: toIso, [TIMESTAMP_OID]: toIso, [INT8_OID]: (v: string) => Number(v) },
    });
    db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  }
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy().catch(() => {});
    throw error;
  }
  return { db, kind: config.kind, close: () => db.destroy() };
}
