import { sql, type Kysely } from 'kysely';

/**
 * `patent.imported` and `task.failed` webhook events, written by triggers in the same transaction
 * as the change, whoever makes it (import, API, script): an event can be neither lost nor sent for
 * a change that was rolled back. A patent whose content did not change (a screening or demand-pull
 * update) announces nothing. A failed task goes only to its creator's organisation when known.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function pb_webhook_patent_imported() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and new.content_hash is not distinct from old.content_hash then
        return new;
      end if;
      insert into webhook_events (type, payload) values ('patent.imported', jsonb_build_object(
        'patentId', new.id,
        'change', case when tg_op = 'INSERT' then 'created' else 'updated' end,
        'title', new.title,
        'applicationNumber', new.application_number,
        'taskId', (new.provenance->>'taskId')::int));
      return new;
    end $$`.execute(db);
  await sql`create trigger patents_webhook_imported after insert or update on patents for each row execute function pb_webhook_patent_imported()`.execute(db);

  await sql`
    create function pb_webhook_task_failed() returns trigger language plpgsql as $$
    declare
      creator text := new.details->'createdBy'->>'organizationId';
    begin
      if new.status <> 'failed' or (tg_op = 'UPDATE' and old.status = 'failed') then
        return new;
      end if;
      insert into webhook_events (type, payload, audience) values ('task.failed', jsonb_build_object(
        'taskId', new.id,
        'type', new.type,
        'error', coalesce(new.error, jsonb_build_object('code', 'unknown', 'message', 'the task failed'))),
        case when creator is null then null else array[creator] end);
      return new;
    end $$`.execute(db);
  await sql`create trigger tasks_webhook_failed after insert or update on tasks for each row execute function pb_webhook_task_failed()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger if exists patents_webhook_imported on patents`.execute(db);
  await sql`drop trigger if exists tasks_webhook_failed on tasks`.execute(db);
  await sql`drop function if exists pb_webhook_patent_imported()`.execute(db);
  await sql`drop function if exists pb_webhook_task_failed()`.execute(db);
}
