import { Migration } from '@mikro-orm/migrations';

/**
 * Hits per client in fixed windows, for the limits every API process must share (sign-in attempts,
 * public complaint posts, unsigned webhooks). Not an entity: api/rateLimit.ts reads and writes it
 * with one statement per hit. The client key is a hash, never the address itself.
 */
export class Migration20261202180000_rate_limit extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "rate_limit_hit" ("bucket" varchar(40) not null, "client_key" varchar(64) not null, "window_start" timestamptz not null, "hits" integer not null default 1, constraint "rate_limit_hit_pkey" primary key ("bucket", "client_key", "window_start"));`);
    this.addSql(`create index "rate_limit_hit_window_start_index" on "rate_limit_hit" ("window_start");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "rate_limit_hit";`);
  }
}
