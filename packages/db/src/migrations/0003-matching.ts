import { sql, type Kysely } from 'kysely';

/**
 * Matching: the stored top-K of every open demand, the feedback SMEs and brokers give on
 * matches, and the queue of changes the matcher must react to.
 *
 * The matching queue is written by triggers, like the index outbox, but a patent's screening
 * columns are left out: demand pull updates them, and they must not set off another round.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('match_results')
    .addColumn('demand_id', 'text', (c) => c.notNull().references('demands.id').onDelete('cascade'))
    .addColumn('patent_id', 'text', (c) => c.notNull().references('patents.id').onDelete('cascade'))
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addColumn('score', 'double precision', (c) => c.notNull())
    .addColumn('features', 'jsonb', (c) => c.notNull())
    .addColumn('explanation', 'text', (c) => c.notNull())
    .addColumn('matched_terms', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('weights_version', 'text', (c) => c.notNull())
    .addColumn('computed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('match_results_pk', ['demand_id', 'patent_id'])
    .execute();
  await db.schema.createIndex('match_results_patent_idx').on('match_results').column('patent_id').execute();

  await db.schema
    .createTable('match_feedback')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('demand_id', 'text', (c) => c.notNull().references('demands.id').onDelete('cascade'))
    .addColumn('patent_id', 'text', (c) => c.notNull().references('patents.id').onDelete('cascade'))
    .addColumn('verdict', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('note', 'text')
    .addColumn('given_by', 'text')
    .addColumn('score', 'double precision')
    .addColumn('features', 'jsonb')
    .addColumn('weights_version', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('match_feedback_demand_idx').on('match_feedback').columns(['demand_id', 'patent_id']).execute();

  await db.schema
    .createTable('match_queue')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('enqueued_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await sql`
    create function pb_match_queue() returns trigger language plpgsql as $$
    declare
      ignored text[] := array['screening', 'screening_score', 'updated_at', 'revision'];
    begin
      if tg_op = 'UPDATE' and (to_jsonb(new) - ignored) = (to_jsonb(old) - ignored) then
        return new;
      end if;
      if tg_op = 'DELETE' then
        insert into match_queue (kind, entity_id) values (tg_argv[0], old.id);
        return old;
      end if;
      insert into match_queue (kind, entity_id) values (tg_argv[0], new.id);
      return new;
    end $$`.execute(db);
  await sql`create trigger patents_match_queue after insert or update or delete on patents for each row execute function pb_match_queue('patent')`.execute(db);
  await sql`create trigger demands_match_queue after insert or update or delete on demands for each row execute function pb_match_queue('demand')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger if exists patents_match_queue on patents`.execute(db);
  await sql`drop trigger if exists demands_match_queue on demands`.execute(db);
  await sql`drop function if exists pb_match_queue()`.execute(db);
  for (const table of ['match_queue', 'match_feedback', 'match_results']) await db.schema.dropTable(table).ifExists().execute();
}
