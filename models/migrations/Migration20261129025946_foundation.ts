import { Migration } from '@mikro-orm/migrations';

export class Migration20261129025946 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "audit_event" ("id" uuid not null, "occurred_at" timestamptz not null, "action" varchar(80) not null, "outcome" varchar(16) not null default 'success', "actor_id" uuid null, "actor_email" varchar(254) null, "entity_type" varchar(60) null, "entity_id" varchar(64) null, "hospital_id" uuid null, "ip" varchar(64) null, "user_agent" varchar(400) null, "before" jsonb null, "after" jsonb null, constraint "audit_event_pkey" primary key ("id"));`);
    this.addSql(`create index "audit_event_occurred_at_index" on "audit_event" ("occurred_at");`);
    this.addSql(`create index "audit_event_entity_type_entity_id_index" on "audit_event" ("entity_type", "entity_id");`);
    this.addSql(`create index "audit_event_hospital_id_occurred_at_index" on "audit_event" ("hospital_id", "occurred_at");`);

    this.addSql(`create table "hospital" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "deleted_at" timestamptz null, "code" varchar(32) not null, "name_en" varchar(200) not null, "name_ar" varchar(200) not null, "timezone" varchar(64) not null default 'Asia/Riyadh', constraint "hospital_pkey" primary key ("id"));`);
    this.addSql(`alter table "hospital" add constraint "hospital_code_unique" unique ("code");`);

    this.addSql(`create table "department" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "deleted_at" timestamptz null, "hospital_id" uuid not null, "parent_id" uuid null, "code" varchar(32) not null, "name_en" varchar(200) not null, "name_ar" varchar(200) not null, constraint "department_pkey" primary key ("id"));`);
    this.addSql(`alter table "department" add constraint "department_hospital_id_code_unique" unique ("hospital_id", "code");`);

    this.addSql(`create table "employee" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "deleted_at" timestamptz null, "hospital_id" uuid not null, "department_id" uuid null, "employee_no" varchar(64) not null, "full_name_en" varchar(200) not null, "full_name_ar" varchar(200) null, "job_title" varchar(120) null, "user_id" uuid null, constraint "employee_pkey" primary key ("id"));`);
    this.addSql(`alter table "employee" add constraint "employee_hospital_id_employee_no_unique" unique ("hospital_id", "employee_no");`);

    this.addSql(`create table "patient" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "deleted_at" timestamptz null, "hospital_id" uuid not null, "mrn" varchar(64) not null, "national_id" varchar(32) null, "full_name_en" varchar(200) null, "full_name_ar" varchar(200) null, "date_of_birth" date null, "sex" varchar(16) null, "phone" varchar(32) null, "email" varchar(254) null, "preferred_language" varchar(2) not null default 'ar', "opt_out_sms" boolean not null default false, "opt_out_whatsapp" boolean not null default false, "opt_out_email" boolean not null default false, "deceased" boolean not null default false, constraint "patient_pkey" primary key ("id"));`);
    this.addSql(`create index "patient_national_id_index" on "patient" ("national_id");`);
    this.addSql(`alter table "patient" add constraint "patient_hospital_id_mrn_unique" unique ("hospital_id", "mrn");`);

    this.addSql(`create table "physician" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "deleted_at" timestamptz null, "hospital_id" uuid not null, "department_id" uuid null, "license_no" varchar(64) not null, "full_name_en" varchar(200) not null, "full_name_ar" varchar(200) null, "specialty" varchar(120) null, constraint "physician_pkey" primary key ("id"));`);
    this.addSql(`alter table "physician" add constraint "physician_hospital_id_license_no_unique" unique ("hospital_id", "license_no");`);

    this.addSql(`create table "role" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "code" varchar(40) not null, "level" int not null, "name_en" varchar(120) not null, "name_ar" varchar(120) not null, "system" boolean not null default false, constraint "role_pkey" primary key ("id"));`);
    this.addSql(`alter table "role" add constraint "role_code_unique" unique ("code");`);

    this.addSql(`create table "app_user" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "deleted_at" timestamptz null, "email" varchar(254) not null, "password_hash" varchar(255) not null, "full_name" varchar(200) not null, "role_id" uuid not null, "hospital_id" uuid null, "department_id" uuid null, "language" varchar(2) not null default 'en', "active" boolean not null default true, "failed_login_count" int not null default 0, "locked_until" timestamptz null, "last_login_at" timestamptz null, constraint "app_user_pkey" primary key ("id"));`);
    this.addSql(`alter table "app_user" add constraint "app_user_email_unique" unique ("email");`);

    this.addSql(`create table "refresh_token" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "user_id" uuid not null, "token_hash" varchar(64) not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, constraint "refresh_token_pkey" primary key ("id"));`);
    this.addSql(`alter table "refresh_token" add constraint "refresh_token_token_hash_unique" unique ("token_hash");`);

    this.addSql(`alter table "department" add constraint "department_hospital_id_foreign" foreign key ("hospital_id") references "hospital" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "department" add constraint "department_parent_id_foreign" foreign key ("parent_id") references "department" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "employee" add constraint "employee_hospital_id_foreign" foreign key ("hospital_id") references "hospital" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "employee" add constraint "employee_department_id_foreign" foreign key ("department_id") references "department" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "patient" add constraint "patient_hospital_id_foreign" foreign key ("hospital_id") references "hospital" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "physician" add constraint "physician_hospital_id_foreign" foreign key ("hospital_id") references "hospital" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "physician" add constraint "physician_department_id_foreign" foreign key ("department_id") references "department" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "app_user" add constraint "app_user_role_id_foreign" foreign key ("role_id") references "role" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "app_user" add constraint "app_user_hospital_id_foreign" foreign key ("hospital_id") references "hospital" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "app_user" add constraint "app_user_department_id_foreign" foreign key ("department_id") references "department" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "refresh_token" add constraint "refresh_token_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "department" drop constraint "department_hospital_id_foreign";`);

    this.addSql(`alter table "employee" drop constraint "employee_hospital_id_foreign";`);

    this.addSql(`alter table "patient" drop constraint "patient_hospital_id_foreign";`);

    this.addSql(`alter table "physician" drop constraint "physician_hospital_id_foreign";`);

    this.addSql(`alter table "app_user" drop constraint "app_user_hospital_id_foreign";`);

    this.addSql(`alter table "department" drop constraint "department_parent_id_foreign";`);

    this.addSql(`alter table "employee" drop constraint "employee_department_id_foreign";`);

    this.addSql(`alter table "physician" drop constraint "physician_department_id_foreign";`);

    this.addSql(`alter table "app_user" drop constraint "app_user_department_id_foreign";`);

    this.addSql(`alter table "app_user" drop constraint "app_user_role_id_foreign";`);

    this.addSql(`alter table "refresh_token" drop constraint "refresh_token_user_id_foreign";`);

    this.addSql(`drop table if exists "audit_event" cascade;`);

    this.addSql(`drop table if exists "hospital" cascade;`);

    this.addSql(`drop table if exists "department" cascade;`);

    this.addSql(`drop table if exists "employee" cascade;`);

    this.addSql(`drop table if exists "patient" cascade;`);

    this.addSql(`drop table if exists "physician" cascade;`);

    this.addSql(`drop table if exists "role" cascade;`);

    this.addSql(`drop table if exists "app_user" cascade;`);

    this.addSql(`drop table if exists "refresh_token" cascade;`);
  }

}
