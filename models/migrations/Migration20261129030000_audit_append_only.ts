import { Migration } from '@mikro-orm/migrations';

/** Audit rows are evidence: the database itself refuses to change or remove them. */
export class Migration20261129030000_audit_append_only extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create function audit_event_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_event is append-only: % is not allowed', tg_op using errcode = 'insufficient_privilege';
end;
$$;`);
    this.addSql(`create trigger audit_event_no_update_or_delete before update or delete on "audit_event"
  for each row execute function audit_event_is_append_only();`);
    this.addSql(`create trigger audit_event_no_truncate before truncate on "audit_event"
  for each statement execute function audit_event_is_append_only();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists audit_event_no_truncate on "audit_event";`);
    this.addSql(`drop trigger if exists audit_event_no_update_or_delete on "audit_event";`);
    this.addSql(`drop function if exists audit_event_is_append_only();`);
  }
}
