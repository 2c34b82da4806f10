import { Migration } from '@mikro-orm/migrations';

export class Migration20261129033202_integration_hub extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create sequence if not exists "inbox_message_seq";`);
    this.addSql(`create table "inbox_message" ("id" uuid not null, "seq" bigint not null default nextval('inbox_message_seq'), "received_at" timestamptz not null default now(), "channel" varchar(8) not null, "source_id" uuid null, "remote_address" varchar(64) null, "raw" bytea not null, "charset" varchar(16) null, "sending_application" varchar(180) null, "sending_facility" varchar(180) null, "control_id" varchar(199) null, "message_type" varchar(8) null, "trigger_event" varchar(8) null, "hospital_id" uuid null, "status" varchar(12) not null, "error" text null, "attempts" int not null default 0, "next_attempt_at" timestamptz null, "processed_at" timestamptz null, "event_code" varchar(40) null, "workflow_id" varchar(200) null, "ack" text null, "duplicates" int not null default 0, constraint "inbox_message_pkey" primary key ("id"));`);
    // Store-then-ACK dedupe: one accepted row per (MSH-3, MSH-4, MSH-10); failed rows do not block a corrected resend.
    this.addSql(`create unique index "inbox_message_sender_control_id_unique" on "inbox_message" ("sending_application", "sending_facility", "control_id") where "status" <> 'failed' and "control_id" is not null;`);
    this.addSql(`alter table "inbox_message" add constraint "inbox_message_seq_unique" unique ("seq");`);
    this.addSql(`create index "inbox_message_status_seq_index" on "inbox_message" ("status", "seq");`);

    this.addSql(`create table "integration_source" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "deleted_at" timestamptz null, "code" varchar(40) not null, "name" varchar(200) not null, "type" varchar(8) not null, "hospital_id" uuid null, "sending_application" varchar(180) null, "default_charset" varchar(16) not null default 'UTF-8', "api_key_hash" varchar(64) null, "api_key_prefix" varchar(12) null, "active" boolean not null default true, constraint "integration_source_pkey" primary key ("id"));`);
    this.addSql(`alter table "integration_source" add constraint "integration_source_code_unique" unique ("code");`);
    this.addSql(`create index "integration_source_sending_application_index" on "integration_source" ("sending_application");`);
    this.addSql(`alter table "integration_source" add constraint "integration_source_api_key_hash_unique" unique ("api_key_hash");`);

    this.addSql(`create table "event_mapping" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "source_id" uuid null, "message_type" varchar(8) not null, "trigger_event" varchar(8) not null, "patient_class" varchar(8) null, "service_section" varchar(16) null, "event_code" varchar(40) not null, "priority" int not null default 0, "active" boolean not null default true, constraint "event_mapping_pkey" primary key ("id"));`);
    this.addSql(`create index "event_mapping_message_type_trigger_event_index" on "event_mapping" ("message_type", "trigger_event");`);

    this.addSql(`create table "journey_template" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "hospital_id" uuid not null, "code" varchar(32) not null, "version" int not null default 1, "name_en" varchar(200) not null, "name_ar" varchar(200) not null, "patient_classes" jsonb not null, "start_events" jsonb not null, "inactivity_timeout" varchar(32) not null default 'P2D', "active" boolean not null default true, constraint "journey_template_pkey" primary key ("id"));`);
    this.addSql(`alter table "journey_template" add constraint "journey_template_hospital_id_code_version_unique" unique ("hospital_id", "code", "version");`);

    this.addSql(`create table "encounter" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "hospital_id" uuid not null, "visit_number" varchar(64) not null, "workflow_id" varchar(200) not null, "journey_template_id" uuid null, "journey_code" varchar(32) null, "journey_version" int null, "patient_id" uuid null, "attending_physician_id" uuid null, "department_id" uuid null, "location" varchar(120) null, "patient_class" varchar(8) null, "status" varchar(16) not null default 'active', "started_at" timestamptz not null, "last_event_at" timestamptz not null, "ended_at" timestamptz null, constraint "encounter_pkey" primary key ("id"));`);
    this.addSql(`alter table "encounter" add constraint "encounter_workflow_id_unique" unique ("workflow_id");`);
    this.addSql(`create index "encounter_status_index" on "encounter" ("status");`);
    this.addSql(`alter table "encounter" add constraint "encounter_hospital_id_visit_number_unique" unique ("hospital_id", "visit_number");`);

    this.addSql(`create table "stage_instance" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "encounter_id" uuid not null, "code" varchar(40) not null, "position" int not null, "status" varchar(16) not null default 'pending', "completed_at" timestamptz null, "event_code" varchar(40) null, constraint "stage_instance_pkey" primary key ("id"));`);
    this.addSql(`alter table "stage_instance" add constraint "stage_instance_encounter_id_code_unique" unique ("encounter_id", "code");`);

    this.addSql(`create table "stage_template" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "journey_template_id" uuid not null, "position" int not null, "code" varchar(40) not null, "name_en" varchar(200) not null, "name_ar" varchar(200) not null, "trigger_events" jsonb not null, "required" boolean not null default true, "terminal" boolean not null default false, "survey_template_code" varchar(40) null, "send_delay" varchar(32) null, constraint "stage_template_pkey" primary key ("id"));`);
    this.addSql(`alter table "stage_template" add constraint "stage_template_journey_template_id_code_unique" unique ("journey_template_id", "code");`);

    this.addSql(`alter table "integration_source" add constraint "integration_source_hospital_id_foreign" foreign key ("hospital_id") references "hospital" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "event_mapping" add constraint "event_mapping_source_id_foreign" foreign key ("source_id") references "integration_source" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "journey_template" add constraint "journey_template_hospital_id_foreign" foreign key ("hospital_id") references "hospital" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "encounter" add constraint "encounter_hospital_id_foreign" foreign key ("hospital_id") references "hospital" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "encounter" add constraint "encounter_journey_template_id_foreign" foreign key ("journey_template_id") references "journey_template" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "encounter" add constraint "encounter_patient_id_foreign" foreign key ("patient_id") references "patient" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "encounter" add constraint "encounter_attending_physician_id_foreign" foreign key ("attending_physician_id") references "physician" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "encounter" add constraint "encounter_department_id_foreign" foreign key ("department_id") references "department" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "stage_instance" add constraint "stage_instance_encounter_id_foreign" foreign key ("encounter_id") references "encounter" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "stage_template" add constraint "stage_template_journey_template_id_foreign" foreign key ("journey_template_id") references "journey_template" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "inbox_message_sender_control_id_unique";`);
    this.addSql(`alter table "event_mapping" drop constraint "event_mapping_source_id_foreign";`);

    this.addSql(`alter table "encounter" drop constraint "encounter_journey_template_id_foreign";`);

    this.addSql(`alter table "stage_template" drop constraint "stage_template_journey_template_id_foreign";`);

    this.addSql(`alter table "stage_instance" drop constraint "stage_instance_encounter_id_foreign";`);

    this.addSql(`drop table if exists "inbox_message" cascade;`);

    this.addSql(`drop table if exists "integration_source" cascade;`);

    this.addSql(`drop table if exists "event_mapping" cascade;`);

    this.addSql(`drop table if exists "journey_template" cascade;`);

    this.addSql(`drop table if exists "encounter" cascade;`);

    this.addSql(`drop table if exists "stage_instance" cascade;`);

    this.addSql(`drop table if exists "stage_template" cascade;`);

    this.addSql(`drop sequence if exists "inbox_message_seq";`);
  }

}
