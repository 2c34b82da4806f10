import { Migration } from '@mikro-orm/migrations';

/**
 * Refresh tokens belong to a family (one sign-in and its rotations), so a rotated token presented
 * again, a sign-out or a password change can revoke the whole session at once. Each existing token
 * becomes its own family, revoked if the token was.
 */
export class Migration20261202170000_refresh_token_family extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "refresh_token_family" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "user_id" uuid not null, "client" varchar(10) not null default 'api', "revoked_at" timestamptz null, "revoked_reason" varchar(40) null, constraint "refresh_token_family_pkey" primary key ("id"));`);
    this.addSql(`create index "refresh_token_family_user_id_index" on "refresh_token_family" ("user_id");`);
    this.addSql(`alter table "refresh_token_family" add constraint "refresh_token_family_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`);
    this.addSql(`insert into "refresh_token_family" ("id", "created_at", "updated_at", "user_id", "revoked_at") select "id", "created_at", "updated_at", "user_id", "revoked_at" from "refresh_token";`);
    this.addSql(`alter table "refresh_token" add column "family_id" uuid null;`);
    this.addSql(`update "refresh_token" set "family_id" = "id";`);
    this.addSql(`alter table "refresh_token" alter column "family_id" set not null;`);
    this.addSql(`create index "refresh_token_family_id_index" on "refresh_token" ("family_id");`);
    this.addSql(`alter table "refresh_token" add constraint "refresh_token_family_id_foreign" foreign key ("family_id") references "refresh_token_family" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "refresh_token" drop constraint "refresh_token_family_id_foreign";`);
    this.addSql(`alter table "refresh_token" drop column "family_id";`);
    this.addSql(`drop table if exists "refresh_token_family" cascade;`);
  }
}
