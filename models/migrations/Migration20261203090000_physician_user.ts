import { Migration } from '@mikro-orm/migrations';

/**
 * A physician's PX360 account, when they have one: it lets a physician read their own rating (and
 * only theirs). One account per physician record.
 */
export class Migration20261203090000_physician_user extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "physician" add column "user_id" uuid null;`);
    this.addSql(`create unique index "physician_user_id_unique" on "physician" ("user_id") where "user_id" is not null and "deleted_at" is null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "physician_user_id_unique";`);
    this.addSql(`alter table "physician" drop column if exists "user_id";`);
  }
}
