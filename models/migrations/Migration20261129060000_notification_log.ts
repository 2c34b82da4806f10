import { Migration } from '@mikro-orm/migrations';

export class Migration20261129060000_notification_log extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "notification_log" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "idempotency_key" varchar(200) not null, "channel" varchar(10) not null, "recipient" varchar(254) not null, "language" varchar(2) not null, "status" varchar(10) not null default 'sending', "provider_id" varchar(100) null, "error" text null, "sent_at" timestamptz null, "hospital_id" uuid null, "entity_type" varchar(40) null, "entity_id" varchar(100) null, constraint "notification_log_pkey" primary key ("id"));`);
    this.addSql(`alter table "notification_log" add constraint "notification_log_idempotency_key_unique" unique ("idempotency_key");`);
    this.addSql(`create index "notification_log_entity_type_entity_id_index" on "notification_log" ("entity_type", "entity_id");`);
    this.addSql(`alter table "notification_log" add constraint "notification_log_hospital_id_foreign" foreign key ("hospital_id") references "hospital" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "notification_log" cascade;`);
  }
}
