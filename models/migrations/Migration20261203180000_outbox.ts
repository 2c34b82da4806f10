import { Migration } from '@mikro-orm/migrations';

/**
 * The transactional outbox: every fact a workflow must hear (a case to start, a survey answered or
 * opted out of) commits with an `outbox_message` row, and the outbox delivery moves the rows into
 * Temporal. Pending rows are read per lane in id order, and per workflow to keep one workflow's
 * messages in order across lanes; settled rows are cleared after the retention by creation time.
 * Each insert notifies `px360_outbox` with its lane, delivered on commit, so delivery starts at
 * once. Several delivery processes share the lanes: `outbox_delivery_process` says which are alive,
 * `outbox_lane_lease` which one delivers each lane. The indexes the case starter swept by (cases
 * whose workflow had not started) go: a case's start is now its outbox row.
 */
export class Migration20261203180000_outbox extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "outbox_message" (
  "id" bigserial primary key,
  "workflow_id" varchar(255) not null,
  "lane" int not null check ("lane" >= 0),
  "kind" varchar(16) not null check ("kind" in ('start', 'signal', 'signalWithStart')),
  "payload" jsonb not null,
  "created_at" timestamptz not null default now(),
  "attempts" int not null default 0,
  "next_attempt_at" timestamptz not null default now(),
  "last_error" text null,
  "delivered_at" timestamptz null,
  "failed_at" timestamptz null
);`);
    this.addSql(`create index "outbox_message_pending_lane_index" on "outbox_message" ("lane", "id") where "delivered_at" is null and "failed_at" is null;`);
    this.addSql(`create index "outbox_message_pending_workflow_index" on "outbox_message" ("workflow_id", "id") where "delivered_at" is null and "failed_at" is null;`);
    this.addSql(`create index "outbox_message_settled_index" on "outbox_message" ("created_at") where "delivered_at" is not null or "failed_at" is not null;`);
    this.addSql(`create table "outbox_lane_lease" ("lane" int primary key check ("lane" >= 0), "holder" varchar(200) null, "expires_at" timestamptz not null default now());`);
    this.addSql(`create table "outbox_delivery_process" ("holder" varchar(200) primary key, "expires_at" timestamptz not null);`);
    this.addSql(`create function outbox_message_notify() returns trigger language plpgsql as $$
begin
  perform pg_notify('px360_outbox', new.lane::text);
  return null;
end;
$$;`);
    this.addSql(`create trigger outbox_message_notify after insert on "outbox_message" for each row execute function outbox_message_notify();`);
    this.addSql(`drop index if exists "complaint_unstarted_index";`);
    this.addSql(`drop index if exists "px_action_unstarted_index";`);
  }

  override async down(): Promise<void> {
    this.addSql(`create index if not exists "complaint_unstarted_index" on "complaint" ("created_at") where "workflow_started_at" is null;`);
    this.addSql(`create index if not exists "px_action_unstarted_index" on "px_action" ("created_at") where "workflow_started_at" is null;`);
    this.addSql(`drop trigger if exists outbox_message_notify on "outbox_message";`);
    this.addSql(`drop function if exists outbox_message_notify();`);
    this.addSql(`drop table if exists "outbox_delivery_process";`);
    this.addSql(`drop table if exists "outbox_lane_lease";`);
    this.addSql(`drop table if exists "outbox_message";`);
  }
}
