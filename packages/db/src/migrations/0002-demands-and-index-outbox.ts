import { sql, type Kysely } from 'kysely';

/**
 * SME demands, the outbox the indexer drains, cached document vectors and trained embedders. Triggers write the outbox in the same
 * transaction as every patent or demand change, whoever makes it (import, API, script), so no write
 * can be missed by the search index.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('demands')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('enterprise_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('keywords', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('industry_code', 'text')
    .addColumn('chains', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('region', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('budget_min', 'double precision')
    .addColumn('budget_max', 'double precision')
    .addColumn('licence_modes', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('maturity', 'text')
    .addColumn('deadline', 'date')
    .addColumn('visibility', 'text', (c) => c.notNull().defaultTo('public'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('demands_enterprise_idx').on('demands').column('enterprise_id').execute();

  await db.schema
    .createTable('index_outbox')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('deleted', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('enqueued_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // Vectors are cached by the text they were computed from, so only changed text is re-embedded and
  // a restarted in-process index is rebuilt without embedding anything.
  await db.schema
    .createTable('document_vectors')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('embedder_version', 'text', (c) => c.notNull())
    .addColumn('text_hash', 'text', (c) => c.notNull())
    .addColumn('vector', 'bytea', (c) => c.notNull())
    .addPrimaryKeyConstraint('document_vectors_pk', ['kind', 'entity_id'])
    .execute();

  // The trained offline embedder lives in the database, so every process embeds with the same one.
  await db.schema
    .createTable('embedder_models')
    .addColumn('version', 'text', (c) => c.primaryKey())
    .addColumn('embedder_id', 'text', (c) => c.notNull())
    .addColumn('trained_on', 'integer', (c) => c.notNull())
    .addColumn('model', 'bytea', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await sql`
    create function pb_index_outbox() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        insert into index_outbox (kind, entity_id, revision, deleted) values (tg_argv[0], old.id, old.revision, true);
        return old;
      end if;
      insert into index_outbox (kind, entity_id, revision) values (tg_argv[0], new.id, new.revision);
      return new;
    end $$`.execute(db);
  await sql`create trigger patents_index_outbox after insert or update or delete on patents for each row execute function pb_index_outbox('patent')`.execute(db);
  await sql`create trigger demands_index_outbox after insert or update or delete on demands for each row execute function pb_index_outbox('demand')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger if exists patents_index_outbox on patents`.execute(db);
  await sql`drop trigger if exists demands_index_outbox on demands`.execute(db);
  await sql`drop function if exists pb_index_outbox()`.execute(db);
  await db.schema.dropTable('index_outbox').ifExists().execute();
  await db.schema.dropTable('document_vectors').ifExists().execute();
  await db.schema.dropTable('embedder_models').ifExists().execute();
  await db.schema.dropTable('demands').ifExists().execute();
}
