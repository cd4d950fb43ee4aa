import { sql, type Kysely } from 'kysely';

/**
 * "One chain per month" roadshows: the year plans brokers make, the events (one per month, with
 * their line-up, agenda and state), the invited SMEs, the owners at the meeting tables and their
 * availability, the SMEs' meeting requests, the scheduled meetings with their outcomes, and the
 * contracts signed after an event.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('roadshow_plans')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('input', 'jsonb', (c) => c.notNull())
    .addColumn('plan', 'jsonb', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('roadshows')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('chain_id', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull().unique())
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('draft').check(sql`state in ('draft', 'published', 'held', 'closed')`))
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('settings', 'jsonb')
    .addColumn('line_up', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('excluded', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('agenda', 'jsonb')
    .addColumn('schedule', 'jsonb')
    .addColumn('published_at', 'timestamptz')
    .addColumn('held_at', 'timestamptz')
    .addColumn('closed_at', 'timestamptz')
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('roadshow_invitations')
    .addColumn('roadshow_id', 'text', (c) => c.notNull().references('roadshows.id').onDelete('cascade'))
    .addColumn('enterprise_id', 'text', (c) => c.notNull())
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addColumn('strength', 'double precision', (c) => c.notNull())
    .addColumn('best', 'double precision', (c) => c.notNull())
    .addColumn('matched', 'jsonb', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('withdrawn_at', 'timestamptz')
    .addPrimaryKeyConstraint('roadshow_invitations_pk', ['roadshow_id', 'enterprise_id'])
    .execute();
  await db.schema.createIndex('roadshow_invitations_enterprise_idx').on('roadshow_invitations').column('enterprise_id').execute();

  await db.schema
    .createTable('roadshow_owners')
    .addColumn('roadshow_id', 'text', (c) => c.notNull().references('roadshows.id').onDelete('cascade'))
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('patent_ids', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('availability', 'jsonb')
    .addPrimaryKeyConstraint('roadshow_owners_pk', ['roadshow_id', 'organization_id'])
    .execute();
  await db.schema.createIndex('roadshow_owners_organization_idx').on('roadshow_owners').column('organization_id').execute();

  await db.schema
    .createTable('meeting_requests')
    .addColumn('roadshow_id', 'text', (c) => c.notNull().references('roadshows.id').onDelete('cascade'))
    .addColumn('enterprise_id', 'text', (c) => c.notNull())
    .addColumn('owner_organization_id', 'text', (c) => c.notNull())
    .addColumn('preference', 'text', (c) => c.notNull().check(sql`preference in ('must_meet', 'meet', 'no')`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('cancelled_at', 'timestamptz')
    .addPrimaryKeyConstraint('meeting_requests_pk', ['roadshow_id', 'enterprise_id', 'owner_organization_id'])
    .execute();

  await db.schema
    .createTable('meetings')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('roadshow_id', 'text', (c) => c.notNull().references('roadshows.id').onDelete('cascade'))
    .addColumn('enterprise_id', 'text', (c) => c.notNull())
    .addColumn('owner_organization_id', 'text', (c) => c.notNull())
    .addColumn('slot', 'integer', (c) => c.notNull().check(sql`slot >= 0`))
    .addColumn('table_no', 'integer', (c) => c.notNull().check(sql`table_no >= 0`))
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('scheduled').check(sql`status in ('scheduled', 'cancelled', 'held')`))
    .addColumn('intent', 'text')
    .addColumn('note', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('meetings_roadshow_idx').on('meetings').columns(['roadshow_id', 'slot']).execute();

  await db.schema
    .createTable('roadshow_contracts')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('roadshow_id', 'text', (c) => c.notNull().references('roadshows.id').onDelete('cascade'))
    .addColumn('enterprise_id', 'text', (c) => c.notNull())
    .addColumn('owner_organization_id', 'text', (c) => c.notNull())
    .addColumn('patent_ids', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('licence', 'assignment')`))
    .addColumn('value_cny', 'double precision', (c) => c.notNull().check(sql`value_cny >= 0`))
    .addColumn('signed_on', 'date', (c) => c.notNull())
    .addColumn('recorded_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['roadshow_contracts', 'meetings', 'meeting_requests', 'roadshow_owners', 'roadshow_invitations', 'roadshows', 'roadshow_plans']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
