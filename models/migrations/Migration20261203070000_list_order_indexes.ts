import { Migration } from '@mikro-orm/migrations';

/**
 * The console's lists read newest first: encounters by their last event, complaints and PX actions by
 * when they were raised, each within a hospital or group-wide. These indexes hold that order (with the
 * id as tie-break), so a page is read off the index instead of sorting a million rows per request;
 * and the timeline lines of escalations nobody heard, which the console lists.
 */
export class Migration20261203070000_list_order_indexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "encounter_last_event_order_index" on "encounter" ("last_event_at" desc, "id" desc);`);
    this.addSql(`create index "encounter_hospital_last_event_order_index" on "encounter" ("hospital_id", "last_event_at" desc, "id" desc);`);
    this.addSql(`create index "complaint_created_order_index" on "complaint" ("created_at" desc, "id");`);
    this.addSql(`create index "complaint_hospital_created_order_index" on "complaint" ("hospital_id", "created_at" desc, "id");`);
    this.addSql(`create index "px_action_hospital_created_order_index" on "px_action" ("hospital_id", "created_at" desc, "id");`);
    // Escalations nobody heard, latest first (api/routes/escalations/unheard.ts).
    this.addSql(`create index "case_event_unheard_index" on "case_event" ("at" desc) where "kind" = 'escalation_unheard';`);
  }

  override async down(): Promise<void> {
    for (const name of ['encounter_last_event_order_index', 'encounter_hospital_last_event_order_index', 'complaint_created_order_index', 'complaint_hospital_created_order_index', 'px_action_hospital_created_order_index', 'case_event_unheard_index']) {
      this.addSql(`drop index if exists "${name}";`);
    }
  }
}
