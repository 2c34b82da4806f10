import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261129025946 } from './Migration20261129025946_foundation';
import { Migration20261129030000_audit_append_only } from './Migration20261129030000_audit_append_only';
import { Migration20261129033202_integration_hub } from './Migration20261129033202_integration_hub';
import { Migration20261129043326_survey_templates } from './Migration20261129043326_survey_templates';
import { Migration20261129060000_notification_log } from './Migration20261129060000_notification_log';
import { Migration20261129070000_surveys } from './Migration20261129070000_surveys';
import { Migration20261129080000_complaints_actions } from './Migration20261129080000_complaints_actions';
import { Migration20261202170000_refresh_token_family } from './Migration20261202170000_refresh_token_family';
import { Migration20261202180000_rate_limit } from './Migration20261202180000_rate_limit';
import { Migration20261203070000_list_order_indexes } from './Migration20261203070000_list_order_indexes';
import { Migration20261203081000_physician_monthly_rating } from './Migration20261203081000_physician_monthly_rating';
import { Migration20261203080000_kpi_value } from './Migration20261203080000_kpi_value';
import { Migration20261203090000_physician_user } from './Migration20261203090000_physician_user';
import { Migration20261203110000_qi_project } from './Migration20261203110000_qi_project';
import { Migration20261203120000_status_list_indexes } from './Migration20261203120000_status_list_indexes';
import { Migration20261203180000_outbox } from './Migration20261203180000_outbox';
import { Migration20261203201000_fhir_server } from './Migration20261203201000_fhir_server';

/** Every migration in order. `npm run migration:create` writes a new file; add it here. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261129025946_foundation', class: Migration20261129025946 },
  { name: 'Migration20261129030000_audit_append_only', class: Migration20261129030000_audit_append_only },
  { name: 'Migration20261129033202_integration_hub', class: Migration20261129033202_integration_hub },
  { name: 'Migration20261129043326_survey_templates', class: Migration20261129043326_survey_templates },
  { name: 'Migration20261129060000_notification_log', class: Migration20261129060000_notification_log },
  { name: 'Migration20261129070000_surveys', class: Migration20261129070000_surveys },
  { name: 'Migration20261129080000_complaints_actions', class: Migration20261129080000_complaints_actions },
  { name: 'Migration20261202170000_refresh_token_family', class: Migration20261202170000_refresh_token_family },
  { name: 'Migration20261202180000_rate_limit', class: Migration20261202180000_rate_limit },
  { name: 'Migration20261203070000_list_order_indexes', class: Migration20261203070000_list_order_indexes },
  { name: 'Migration20261203080000_kpi_value', class: Migration20261203080000_kpi_value },
  { name: 'Migration20261203081000_physician_monthly_rating', class: Migration20261203081000_physician_monthly_rating },
  { name: 'Migration20261203090000_physician_user', class: Migration20261203090000_physician_user },
  { name: 'Migration20261203110000_qi_project', class: Migration20261203110000_qi_project },
  { name: 'Migration20261203120000_status_list_indexes', class: Migration20261203120000_status_list_indexes },
  { name: 'Migration20261203180000_outbox', class: Migration20261203180000_outbox },
  { name: 'Migration20261203201000_fhir_server', class: Migration20261203201000_fhir_server },
];
