import { Migration } from '@mikro-orm/migrations';

/** Monthly physician ratings (rolling 12 months, shrunk toward peers); one row per physician and month. */
export class Migration20261203081000_physician_monthly_rating extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "physician_monthly_rating" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "physician_id" uuid not null, "hospital_id" uuid not null, "month" date not null, "n" int not null, "raw_mean" double precision not null, "score" double precision not null, "low" double precision not null, "high" double precision not null, "reliability" double precision not null, "rank" int null, "stars" smallint null, "computed_at" timestamptz not null, constraint "physician_monthly_rating_pkey" primary key ("id"));`);
    this.addSql(`alter table "physician_monthly_rating" add constraint "physician_monthly_rating_physician_id_month_unique" unique ("physician_id", "month");`);
    this.addSql(`create index "physician_monthly_rating_hospital_id_month_index" on "physician_monthly_rating" ("hospital_id", "month");`);
    this.addSql(`alter table "physician_monthly_rating" add constraint "physician_monthly_rating_physician_id_foreign" foreign key ("physician_id") references "physician" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "physician_monthly_rating" add constraint "physician_monthly_rating_hospital_id_foreign" foreign key ("hospital_id") references "hospital" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "physician_monthly_rating" cascade;`);
  }
}
