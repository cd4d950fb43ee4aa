import { sql, type Kysely } from 'kysely';

/**
 * API keys of the partner API. Only the SHA-256 of a secret is stored; the secret is shown once,
 * when the key is issued. Admin keys belong to no organisation, every other role to exactly one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.references('organizations.id'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin', 'university', 'enterprise', 'broker', 'partner')`))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('quota_per_minute', 'integer', (c) => c.check(sql`quota_per_minute > 0`))
    .addCheckConstraint('api_keys_organization_by_role', sql`(role = 'admin') = (organization_id is null)`)
    .execute();
  await db.schema.createIndex('api_keys_prefix_idx').on('api_keys').column('prefix').execute();
  await db.schema.createIndex('api_keys_organization_idx').on('api_keys').column('organization_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('api_keys').ifExists().execute();
}
