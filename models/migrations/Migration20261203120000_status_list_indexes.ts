import { Migration } from '@mikro-orm/migrations';

/**
 * The queues staff open most are by status (open, acknowledged, awaiting approval), newest first,
 * and for complaints by status and severity (the open critical and high ones). With these columns
 * ahead of the order, a page and its capped count read only matching rows off the index instead of
 * walking every case in date order (or the whole table) to find them.
 */
export class Migration20261203120000_status_list_indexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "complaint_status_created_order_index" on "complaint" ("status", "created_at" desc, "id");`);
    this.addSql(`create index "complaint_hospital_status_created_order_index" on "complaint" ("hospital_id", "status", "created_at" desc, "id");`);
    this.addSql(`create index "complaint_status_severity_created_order_index" on "complaint" ("status", "severity", "created_at" desc, "id");`);
    this.addSql(`create index "complaint_hospital_status_severity_created_order_index" on "complaint" ("hospital_id", "status", "severity", "created_at" desc, "id");`);
    this.addSql(`create index "px_action_status_created_order_index" on "px_action" ("status", "created_at" desc, "id");`);
    this.addSql(`create index "px_action_hospital_status_created_order_index" on "px_action" ("hospital_id", "status", "created_at" desc, "id");`);
  }

  override async down(): Promise<void> {
    for (const name of ['complaint_status_created_order_index', 'complaint_hospital_status_created_order_index', 'complaint_status_severity_created_order_index', 'complaint_hospital_status_severity_created_order_index', 'px_action_status_created_order_index', 'px_action_hospital_status_created_order_index']) {
      this.addSql(`drop index if exists "${name}";`);
    }
  }
}
