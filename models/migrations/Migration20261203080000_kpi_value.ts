import { Migration } from '@mikro-orm/migrations';

/**
 * KPI roll-ups: one row per metric, scope and Asia/Riyadh calendar period. The unique key makes a
 * re-run for the same period an upsert that replaces the figure.
 */
export class Migration20261203080000_kpi_value extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "kpi_value" (
      "id" uuid not null,
      "hospital_id" uuid not null,
      "metric" varchar(32) not null,
      "scope_type" varchar(16) not null,
      "scope_id" varchar(64) not null,
      "period" varchar(8) not null,
      "period_start" date not null,
      "value" double precision null,
      "numerator" double precision not null,
      "denominator" double precision not null,
      "n" int not null,
      "low" double precision null,
      "high" double precision null,
      "computed_at" timestamptz not null,
      constraint "kpi_value_pkey" primary key ("id"),
      constraint "kpi_value_period_check" check ("period" in ('day', 'week', 'month')),
      constraint "kpi_value_hospital_id_foreign" foreign key ("hospital_id") references "hospital" ("id") on update cascade on delete cascade
    );`);
    this.addSql(`alter table "kpi_value" add constraint "kpi_value_metric_scope_period_unique" unique ("metric", "scope_type", "scope_id", "period", "period_start");`);
    this.addSql(`create index "kpi_value_hospital_metric_index" on "kpi_value" ("hospital_id", "metric", "period", "period_start");`);
    // What the roll-ups read: a hospital's surveys by answer and send time, its encounters by start
    // (complaints by creation already have complaint_hospital_created_order_index).
    this.addSql(`create index "survey_instance_hospital_completed_index" on "survey_instance" ("hospital_id", "completed_at") where "status" = 'completed';`);
    this.addSql(`create index "survey_instance_hospital_sent_index" on "survey_instance" ("hospital_id", "sent_at") where "sent_at" is not null;`);
    this.addSql(`create index "encounter_hospital_started_index" on "encounter" ("hospital_id", "started_at");`);
  }

  override async down(): Promise<void> {
    for (const name of ['survey_instance_hospital_completed_index', 'survey_instance_hospital_sent_index', 'encounter_hospital_started_index']) {
      this.addSql(`drop index if exists "${name}";`);
    }
    this.addSql(`drop table if exists "kpi_value" cascade;`);
  }
}
