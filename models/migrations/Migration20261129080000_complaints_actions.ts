import { Migration } from '@mikro-orm/migrations';

export class Migration20261129080000_complaints_actions extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "holiday" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "hospital_id" uuid null, "date" varchar(10) not null, "name_en" varchar(200) not null, "name_ar" varchar(200) not null, constraint "holiday_pkey" primary key ("id"));`);
    this.addSql(`alter table "holiday" add constraint "holiday_hospital_id_date_unique" unique ("hospital_id", "date");`);

    this.addSql(`create table "sla_policy" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "hospital_id" uuid null, "entity" varchar(10) not null, "severity" varchar(10) null, "acknowledge_within" varchar(32) not null, "resolve_within" varchar(32) not null, "clock" varchar(12) not null default 'business', "reminder_at" jsonb not null, "escalation" jsonb not null, constraint "sla_policy_pkey" primary key ("id"));`);
    this.addSql(`alter table "sla_policy" add constraint "sla_policy_hospital_id_entity_severity_unique" unique ("hospital_id", "entity", "severity");`);

    this.addSql(`create table "px_action" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "hospital_id" uuid not null, "reference_no" varchar(32) not null, "workflow_id" varchar(200) null, "department_id" uuid null, "source_type" varchar(10) not null, "source_id" uuid null, "title" varchar(300) not null, "description" text null, "priority" varchar(10) not null, "status" varchar(16) not null default 'open', "assignee_id" uuid null, "created_by_id" uuid null, "escalation_level" int not null default 0, "due_at" timestamptz null, "evidence" text null, "submitted_at" timestamptz null, "approved_by_id" uuid null, "approved_at" timestamptz null, "cancel_reason" text null, constraint "px_action_pkey" primary key ("id"));`);
    this.addSql(`alter table "px_action" add constraint "px_action_reference_no_unique" unique ("reference_no");`);
    this.addSql(`create index "px_action_hospital_id_status_index" on "px_action" ("hospital_id", "status");`);
    this.addSql(`alter table "px_action" add constraint "px_action_source_type_source_id_unique" unique ("source_type", "source_id");`);

    this.addSql(`create table "case_event" ("id" uuid not null, "entity_type" varchar(10) not null, "entity_id" uuid not null, "at" timestamptz not null, "kind" varchar(20) not null, "actor_id" uuid null, "note" text null, "data" jsonb null, "dedupe_key" varchar(200) not null, constraint "case_event_pkey" primary key ("id"));`);
    this.addSql(`alter table "case_event" add constraint "case_event_dedupe_key_unique" unique ("dedupe_key");`);
    this.addSql(`create index "case_event_entity_type_entity_id_at_index" on "case_event" ("entity_type", "entity_id", "at");`);

    this.addSql(`alter table "holiday" add constraint "holiday_hospital_id_foreign" foreign key ("hospital_id") references "hospital" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "sla_policy" add constraint "sla_policy_hospital_id_foreign" foreign key ("hospital_id") references "hospital" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "px_action" add constraint "px_action_hospital_id_foreign" foreign key ("hospital_id") references "hospital" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "px_action" add constraint "px_action_department_id_foreign" foreign key ("department_id") references "department" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "px_action" add constraint "px_action_assignee_id_foreign" foreign key ("assignee_id") references "app_user" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "px_action" add constraint "px_action_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "px_action" add constraint "px_action_approved_by_id_foreign" foreign key ("approved_by_id") references "app_user" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "case_event" add constraint "case_event_actor_id_foreign" foreign key ("actor_id") references "app_user" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "hospital" add column "weekend_days" jsonb not null default '[5,6]', add column "workday_start" varchar(5) not null default '08:00', add column "workday_end" varchar(5) not null default '17:00';`);

    this.addSql(`alter table "complaint" add column "workflow_id" varchar(200) null, add column "contact_name" varchar(200) null, add column "contact_phone" varchar(32) null, add column "contact_email" varchar(254) null, add column "language" varchar(2) not null default 'ar', add column "assignee_id" uuid null, add column "created_by_id" uuid null, add column "escalation_level" int not null default 0, add column "acknowledge_by" timestamptz null, add column "resolve_by" timestamptz null, add column "acknowledged_at" timestamptz null, add column "resolved_at" timestamptz null, add column "closed_at" timestamptz null, add column "root_cause" text null, add column "resolution_notes" text null;`);
    this.addSql(`alter table "complaint" add constraint "complaint_assignee_id_foreign" foreign key ("assignee_id") references "app_user" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "complaint" add constraint "complaint_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on update cascade on delete set null;`);

    this.addSql(`create table "case_text" ("id" uuid not null, "entity_type" varchar(10) not null, "entity_id" uuid not null, "author_id" uuid null, "fields" jsonb not null, "created_at" timestamptz not null, constraint "case_text_pkey" primary key ("id"));`);
    this.addSql(`create index "case_text_entity_type_entity_id_index" on "case_text" ("entity_type", "entity_id");`);
    this.addSql(`alter table "case_text" add constraint "case_text_author_id_foreign" foreign key ("author_id") references "app_user" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "survey_instance" add column "complaint_id" uuid null;`);
    this.addSql(`alter table "complaint" add column "workflow_started_at" timestamptz null;`);
    this.addSql(`alter table "px_action" add column "workflow_started_at" timestamptz null;`);
    this.addSql(`create index "complaint_unstarted_index" on "complaint" ("created_at") where "workflow_started_at" is null;`);
    this.addSql(`create index "px_action_unstarted_index" on "px_action" ("created_at") where "workflow_started_at" is null;`);
    this.addSql(`alter table "survey_instance" add constraint "survey_instance_complaint_id_foreign" foreign key ("complaint_id") references "complaint" ("id") on update cascade on delete set null;`);

    // Group-wide rows (no hospital) and any-severity rows need unique indexes of their own: NULLs repeat.
    this.addSql(`create unique index "sla_policy_scope_unique" on "sla_policy" (coalesce("hospital_id", '00000000-0000-0000-0000-000000000000'), "entity", coalesce("severity", '*'));`);
    this.addSql(`create unique index "holiday_group_unique" on "holiday" ("date") where "hospital_id" is null;`);
    // Reference numbers (CMP-2026-000123, ACT-2026-000045) count per prefix and year.
    this.addSql(`create table "reference_counter" ("prefix" varchar(8) not null, "year" int not null, "value" int not null, constraint "reference_counter_pkey" primary key ("prefix", "year"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "reference_counter" cascade;`);
    this.addSql(`drop table if exists "case_text" cascade;`);
    this.addSql(`alter table "survey_instance" drop constraint "survey_instance_complaint_id_foreign";`);
    this.addSql(`alter table "survey_instance" drop column "complaint_id";`);
    this.addSql(`alter table "complaint" drop column "workflow_started_at";`);
    this.addSql(`drop table if exists "holiday" cascade;`);

    this.addSql(`drop table if exists "sla_policy" cascade;`);

    this.addSql(`drop table if exists "px_action" cascade;`);

    this.addSql(`drop table if exists "case_event" cascade;`);

    this.addSql(`alter table "complaint" drop constraint "complaint_assignee_id_foreign";`);
    this.addSql(`alter table "complaint" drop constraint "complaint_created_by_id_foreign";`);

    this.addSql(`alter table "complaint" drop column "workflow_id", drop column "contact_name", drop column "contact_phone", drop column "contact_email", drop column "language", drop column "assignee_id", drop column "created_by_id", drop column "escalation_level", drop column "acknowledge_by", drop column "resolve_by", drop column "acknowledged_at", drop column "resolved_at", drop column "closed_at", drop column "root_cause", drop column "resolution_notes";`);

    this.addSql(`alter table "hospital" drop column "weekend_days", drop column "workday_start", drop column "workday_end";`);

  }
}
