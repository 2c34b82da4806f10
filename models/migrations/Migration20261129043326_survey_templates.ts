import { Migration } from '@mikro-orm/migrations';

export class Migration20261129043326_survey_templates extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "survey_template" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "hospital_id" uuid null, "code" varchar(40) not null, "version" int not null default 1, "name_en" varchar(200) not null, "name_ar" varchar(200) not null, "scoring_method" varchar(16) not null default 'average', "negative_threshold" int not null default 60, "multiple_per_encounter" boolean not null default false, "active" boolean not null default true, constraint "survey_template_pkey" primary key ("id"));`);
    this.addSql(`alter table "survey_template" add constraint "survey_template_hospital_id_code_version_unique" unique ("hospital_id", "code", "version");`);
    this.addSql(`create table "survey_question" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "template_id" uuid not null, "position" int not null, "code" varchar(40) not null, "type" varchar(20) not null, "text_en" text not null, "text_ar" text not null, "required" boolean not null default true, "critical" boolean not null default false, "weight" double precision not null default 1, "options" jsonb not null, constraint "survey_question_pkey" primary key ("id"));`);
    this.addSql(`alter table "survey_question" add constraint "survey_question_template_id_code_unique" unique ("template_id", "code");`);
    this.addSql(`alter table "survey_template" add constraint "survey_template_hospital_id_foreign" foreign key ("hospital_id") references "hospital" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "survey_question" add constraint "survey_question_template_id_foreign" foreign key ("template_id") references "survey_template" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "survey_question" cascade;`);
    this.addSql(`drop table if exists "survey_template" cascade;`);
  }
}
