import pg from 'pg';
import { openStorage, type Storage, type StorageConfig } from './connect.ts';

/** The PostgreSQL that tests use: `PB_TEST_POSTGRES_URL`, or the local server every developer and CI machine runs. */
export const TEST_POSTGRES_URL = process.env.PB_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Checks whether the test PostgreSQL answers. Under `CI=true` a missing server is an error, never a skip.
 *
 * @example
 * const available = await postgresAvailable(); // throws under CI=true when the server is down
 */
export async function postgresAvailable(url = TEST_POSTGRES_URL): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch (error) {
    if (process.env.CI === 'true') {
      throw new Error(`PostgreSQL is required under CI=true but ${url} did not answer: ${(error as Error).message}. Run scripts/services.sh.`);
    }
    console.warn(`[patent-bridge tests] PostgreSQL at ${url} is not reachable; PostgreSQL variants are skipped (they fail under CI=true).`);
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Creates an empty, uniquely named PostgreSQL database for one test file and returns its config and a cleanup.
 *
 * @example
 * const { config, drop } = await createTestPostgres();
 * const storage = await openStorage(config); … await storage.close(); await drop();
 */
export async function createTestPostgres(url = TEST_POSTGRES_URL): Promise<{ config: StorageConfig; drop: () => Promise<void> }> {
  const name = `pb_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    config: { kind: 'postgres', url: target.toString() },
    drop: async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/** Each storage kind a suite must pass on, with a factory for a fresh empty instance. */
export interface StorageVariant {
  name: 'pglite' | 'postgres';
  create: () => Promise<{ config: StorageConfig; drop: () => Promise<void> }>;
  /** A fresh, migrated, empty storage; its `close()` also drops the test database. */
  open: () => Promise<Storage>;
}

function variant(name: StorageVariant['name'], create: StorageVariant['create']): StorageVariant {
  return {
    name,
    create,
    open: async () => {
      const { config, drop } = await create();
      const storage = await openStorage(config);
      return {
        db: storage.db,
        kind: storage.kind,
        close: async () => {
          await storage.close();
          await drop();
        },
      };
    },
  };
}

/**
 * The storage kinds to run a suite against: PGlite always, PostgreSQL when it answers (always under CI=true).
 *
 * @example
 * for (const variant of await storageVariants()) describe(variant.name, () => { … });
 */
export async function storageVariants(): Promise<StorageVariant[]> {
  const variants: StorageVariant[] = [variant('pglite', async () => ({ config: { kind: 'pglite', dataDir: 'memory' }, drop: async () => {} }))];
  if (await postgresAvailable()) variants.push(variant('postgres', () => createTestPostgres()));
  return variants;
}
