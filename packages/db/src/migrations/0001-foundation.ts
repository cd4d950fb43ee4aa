import { sql, type Kysely } from 'kysely';

/** Organisations, the patent base library with its number index and change log, and tasks. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('organizations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull().unique())
    .addColumn('aliases', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('region', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('credit_code', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('patents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('application_number', 'text', (c) => c.unique())
    .addColumn('publication_numbers', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('grant_publication_number', 'text')
    .addColumn('source_id', 'text')
    .addColumn('type', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('abstract', 'text')
    .addColumn('claims', 'text')
    .addColumn('original', 'jsonb')
    .addColumn('script', 'text', (c) => c.notNull())
    .addColumn('ipc_codes', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('applicants', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('owners', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('inventors', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('owner_organization_ids', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('filing_date', 'date')
    .addColumn('filing_year', 'integer')
    .addColumn('publication_date', 'date')
    .addColumn('grant_date', 'date')
    .addColumn('legal_status', 'text', (c) => c.notNull())
    .addColumn('legal_status_raw', 'text')
    .addColumn('legal_status_as_of', 'date')
    .addColumn('expiry_date', 'date')
    .addColumn('open_licence', 'jsonb')
    .addColumn('open_licence_declared', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('inventory_state', 'text', (c) => c.notNull())
    .addColumn('transfer_count', 'integer')
    .addColumn('license_count', 'integer')
    .addColumn('chains', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('chain_tags', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('screening', 'jsonb')
    .addColumn('screening_score', 'real')
    .addColumn('attributes', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('provenance', 'jsonb', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('patents_chains_idx').on('patents').using('gin').column('chains').execute();
  await db.schema.createIndex('patents_owner_orgs_idx').on('patents').using('gin').column('owner_organization_ids').execute();
  await db.schema.createIndex('patents_status_idx').on('patents').columns(['legal_status', 'inventory_state']).execute();

  await db.schema
    .createTable('patent_numbers')
    .addColumn('number', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('patent_id', 'text', (c) => c.notNull().references('patents.id').onDelete('cascade'))
    .execute();
  await db.schema.createIndex('patent_numbers_patent_idx').on('patent_numbers').column('patent_id').execute();

  await db.schema
    .createTable('tasks')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('counts', 'jsonb', (c) => c.notNull())
    .addColumn('error', 'jsonb')
    .addColumn('error_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('progress', 'jsonb')
    .addColumn('enqueued_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('started_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('task_payloads')
    .addColumn('task_id', 'integer', (c) => c.primaryKey().references('tasks.id').onDelete('cascade'))
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('options', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('bytes', 'bytea', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('task_errors')
    .addColumn('task_id', 'integer', (c) => c.notNull().references('tasks.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('source', 'text')
    .addColumn('line', 'integer', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('task_errors_pk', ['task_id', 'seq'])
    .execute();

  await db.schema
    .createTable('patent_changes')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('patent_id', 'text', (c) => c.notNull().references('patents.id').onDelete('cascade'))
    .addColumn('task_id', 'integer', (c) => c.references('tasks.id').onDelete('set null'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('line', 'integer')
    .addColumn('change', 'text', (c) => c.notNull())
    .addColumn('fields', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('patent_changes_patent_idx').on('patent_changes').column('patent_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['patent_changes', 'task_errors', 'task_payloads', 'tasks', 'patent_numbers', 'patents', 'organizations']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
