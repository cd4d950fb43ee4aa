import type { Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import * as foundation from './migrations/0001-foundation.ts';
import * as demandsAndOutbox from './migrations/0002-demands-and-index-outbox.ts';
import * as matching from './migrations/0003-matching.ts';
import * as apiKeys from './migrations/0004-api-keys.ts';
import * as webhooks from './migrations/0005-webhooks.ts';
import * as idempotency from './migrations/0006-idempotency.ts';
import * as webhookEventTriggers from './migrations/0007-webhook-event-triggers.ts';
import * as roadshows from './migrations/0008-roadshows.ts';

/** Migrations are listed in code, so PostgreSQL and PGlite run exactly the same set in the same order. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-demands-and-index-outbox': demandsAndOutbox,
  '0003-matching': matching,
  '0004-api-keys': apiKeys,
  '0005-webhooks': webhooks,
  '0006-idempotency': idempotency,
  '0007-webhook-event-triggers': webhookEventTriggers,
  '0008-roadshows': roadshows,
};

class InCodeMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return MIGRATIONS;
  }
}

/**
 * Brings the schema up to the latest migration; throws with the failing migration's name.
 *
 * @example
 * await migrateToLatest(db) // ['0001-foundation'] on a fresh database, [] after
 */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new InCodeMigrationProvider() });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
