import { Migration } from '@mikro-orm/migrations';

/** Quality-improvement projects: a KPI metric followed on a control chart, soft-deleted. */
export class Migration20261203110000_qi_project extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "qi_project" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "deleted_at" timestamptz null, "hospital_id" uuid not null, "title" varchar(200) not null, "owner_id" uuid null, "department_id" uuid null, "metric" varchar(32) not null, "baseline_from" date not null, "baseline_to" date not null, "target_value" double precision null, "intervention_date" date null, "action_ids" jsonb not null, constraint "qi_project_pkey" primary key ("id"));`);
    this.addSql(`create index "qi_project_hospital_id_department_id_index" on "qi_project" ("hospital_id", "department_id");`);
    this.addSql(`alter table "qi_project" add constraint "qi_project_hospital_id_foreign" foreign key ("hospital_id") references "hospital" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "qi_project" add constraint "qi_project_owner_id_foreign" foreign key ("owner_id") references "app_user" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "qi_project" add constraint "qi_project_department_id_foreign" foreign key ("department_id") references "department" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "qi_project" cascade;`);
  }
}
