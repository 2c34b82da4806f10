import { Migration } from '@mikro-orm/migrations';

/**
 * One row per accepted hit, for the limits every API process must share (sign-in attempts, public
 * complaint posts, unsigned webhooks): api/rateLimit.ts counts a client's hits in its window under
 * an advisory lock, so the count is exact across processes. Not an entity. The client key is a
 * hash, never the address itself; rows older than a day are cleared as hits come.
 */
export class Migration20261202180000_rate_limit extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "rate_limit_hit" ("bucket" varchar(40) not null, "client_key" varchar(64) not null, "at" timestamptz not null);`);
    this.addSql(`create index "rate_limit_hit_bucket_client_key_at_index" on "rate_limit_hit" ("bucket", "client_key", "at");`);
    this.addSql(`create index "rate_limit_hit_at_index" on "rate_limit_hit" ("at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "rate_limit_hit";`);
  }
}
