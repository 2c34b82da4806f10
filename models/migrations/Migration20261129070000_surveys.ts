import { Migration } from '@mikro-orm/migrations';

export class Migration20261129070000_surveys extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "notification_template" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "hospital_id" uuid null, "code" varchar(40) not null, "channel" varchar(10) not null, "language" varchar(2) not null, "subject" varchar(200) null, "body" text not null, constraint "notification_template_pkey" primary key ("id"));`);
    this.addSql(`alter table "notification_template" add constraint "notification_template_hospital_id_code_channel_language_unique" unique ("hospital_id", "code", "channel", "language");`);

    this.addSql(`create table "complaint" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "hospital_id" uuid not null, "reference_no" varchar(32) not null, "department_id" uuid null, "patient_id" uuid null, "encounter_id" uuid null, "severity" varchar(10) not null, "category" varchar(60) not null, "subcategory" varchar(60) null, "description" text not null, "source_channel" varchar(16) not null, "status" varchar(16) not null default 'open', constraint "complaint_pkey" primary key ("id"));`);
    this.addSql(`alter table "complaint" add constraint "complaint_reference_no_unique" unique ("reference_no");`);
    this.addSql(`create index "complaint_patient_id_status_index" on "complaint" ("patient_id", "status");`);
    this.addSql(`create index "complaint_hospital_id_status_index" on "complaint" ("hospital_id", "status");`);

    this.addSql(`create table "survey_instance" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "hospital_id" uuid not null, "workflow_id" varchar(200) not null, "template_id" uuid not null, "template_code" varchar(40) not null, "encounter_id" uuid null, "stage_code" varchar(40) null, "patient_id" uuid null, "status" varchar(16) not null default 'scheduled', "suppression_reason" varchar(24) null, "language" varchar(2) not null default 'ar', "channel" varchar(10) null, "scheduled_for" timestamptz null, "sent_at" timestamptz null, "reminders_sent" int not null default 0, "expires_at" timestamptz null, "completed_at" timestamptz null, "responded_via" varchar(10) null, "score" double precision null, "nps_category" varchar(10) null, "top_box" double precision null, "negative" boolean not null default false, "negative_reasons" jsonb not null, constraint "survey_instance_pkey" primary key ("id"));`);
    this.addSql(`alter table "survey_instance" add constraint "survey_instance_workflow_id_unique" unique ("workflow_id");`);
    this.addSql(`create index "survey_instance_patient_id_sent_at_index" on "survey_instance" ("patient_id", "sent_at");`);
    this.addSql(`create index "survey_instance_encounter_id_index" on "survey_instance" ("encounter_id");`);
    this.addSql(`create index "survey_instance_hospital_id_status_index" on "survey_instance" ("hospital_id", "status");`);

    this.addSql(`create table "survey_response" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "survey_id" uuid not null, "answers" jsonb not null, "normalised" jsonb not null, "submitted_via" varchar(10) not null, "submitted_at" timestamptz not null, constraint "survey_response_pkey" primary key ("id"));`);
    this.addSql(`alter table "survey_response" add constraint "survey_response_survey_id_unique" unique ("survey_id");`);

    this.addSql(`create table "survey_token" ("token_hash" varchar(64) not null, "survey_id" uuid not null, "channel" varchar(10) null, "created_at" timestamptz not null, constraint "survey_token_pkey" primary key ("token_hash"));`);

    this.addSql(`alter table "notification_template" add constraint "notification_template_hospital_id_foreign" foreign key ("hospital_id") references "hospital" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "complaint" add constraint "complaint_hospital_id_foreign" foreign key ("hospital_id") references "hospital" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "complaint" add constraint "complaint_department_id_foreign" foreign key ("department_id") references "department" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "complaint" add constraint "complaint_patient_id_foreign" foreign key ("patient_id") references "patient" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "complaint" add constraint "complaint_encounter_id_foreign" foreign key ("encounter_id") references "encounter" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "survey_instance" add constraint "survey_instance_hospital_id_foreign" foreign key ("hospital_id") references "hospital" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "survey_instance" add constraint "survey_instance_template_id_foreign" foreign key ("template_id") references "survey_template" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "survey_instance" add constraint "survey_instance_encounter_id_foreign" foreign key ("encounter_id") references "encounter" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "survey_instance" add constraint "survey_instance_patient_id_foreign" foreign key ("patient_id") references "patient" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "survey_response" add constraint "survey_response_survey_id_foreign" foreign key ("survey_id") references "survey_instance" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "survey_token" add constraint "survey_token_survey_id_foreign" foreign key ("survey_id") references "survey_instance" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "hospital" add column "survey_settings" jsonb null;`);

    this.addSql(`alter table "patient" add column "preferred_channels" jsonb null;`);

    this.addSql(`alter table "stage_template" add column "survey_settings" jsonb null;`);

    // A unique constraint lets NULLs repeat: group-wide rows (no hospital) need indexes of their own.
    this.addSql(`create unique index "notification_template_group_unique" on "notification_template" ("code", "channel", "language") where "hospital_id" is null;`);
    this.addSql(`create unique index "survey_template_group_unique" on "survey_template" ("code", "version") where "hospital_id" is null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "survey_template_group_unique";`);
    this.addSql(`alter table "survey_response" drop constraint "survey_response_survey_id_foreign";`);

    this.addSql(`alter table "survey_token" drop constraint "survey_token_survey_id_foreign";`);

    this.addSql(`drop table if exists "notification_template" cascade;`);

    this.addSql(`drop table if exists "complaint" cascade;`);

    this.addSql(`drop table if exists "survey_instance" cascade;`);

    this.addSql(`drop table if exists "survey_response" cascade;`);

    this.addSql(`drop table if exists "survey_token" cascade;`);

    this.addSql(`alter table "hospital" drop column "survey_settings";`);

    this.addSql(`alter table "patient" drop column "preferred_channels";`);

    this.addSql(`alter table "stage_template" drop column "survey_settings";`);
  }
}
