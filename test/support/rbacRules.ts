/**
 * Who may call each operation of the API, taken from the README's RBAC table (the source of truth):
 * one rule per operation (method + OpenAPI path), giving the lowest role level and the scope its
 * record follows. test/rbacMatrix.test.ts reads the OpenAPI document of the running API and fails
 * for any operation without a rule here, so a new route cannot ship without saying who may call it.
 *
 * Scope (README, API section): everyone but a PX admin is confined to one hospital; below
 * hospital-admin level a user tied to a department sees only that department and the units under
 * it; records outside a caller's scope answer 404.
 * - `none`: no record of a hospital (lists, creates, group-wide configuration, the caller's own account);
 * - `hospital`: the record belongs to a hospital; another hospital's answers 404;
 * - `department`: the record belongs to a department too; a department-bound caller (below
 *   HOSPITAL_ADMIN, tied to a department) gets 404 outside their department's subtree.
 */
export const LEVEL = {
  PX_ADMIN: 100,
  HOSPITAL_ADMIN: 80,
  DEPARTMENT_MANAGER: 60,
  PX_COORDINATOR: 50,
  PHYSICIAN: 40,
  NURSE: 30,
  STAFF: 20,
  VIEWER: 10,
} as const;

export type Scope = 'none' | 'hospital' | 'department';

/** Fixture kinds the matrix builds in each scope case (see rbacMatrix.test.ts). */
export type Resource =
  | 'hospital'
  | 'department'
  | 'physician'
  | 'employee'
  | 'patient'
  | 'user'
  | 'role'
  | 'journey'
  | 'slaPolicy'
  | 'surveyTemplate'
  | 'survey'
  | 'encounter'
  | 'complaint'
  | 'action'
  | 'inboxMessage'
  | 'integrationSource'
  | 'eventMapping'
  | 'hospitalHoliday'
  | 'groupHoliday'
  | 'qiProject';

export interface StaffRule {
  level: number;
  scope: Scope;
  /** The record `{id}` names (required when the path has one). */
  resource?: Resource;
  /** What an allowed call answers with a valid body. */
  success: number;
  /**
   * Also fine for an allowed call: the body was refused for its content (400/409/422), or the
   * case's workflow is not running in this test (503: the update never reached a workflow).
   */
  alsoAllowed?: number[];
  /**
   * The resource also has group-wide rows (no hospital) every hospital reads: changing them is for
   * a group-wide PX admin only (README: survey templates "group-wide ones: PX_ADMIN", SLA policies
   * "group defaults: PX_ADMIN"); anyone else at the level gets 403.
   */
  groupWide?: boolean;
  /** README wording the rule comes from, for the failure message. */
  source: string;
}

export interface PublicRule {
  level: 'public';
  /** Answers acceptable for any caller (the route's own checks: API key, signature, token, body). */
  accept: number[];
  source: string;
}

export type Rule = StaffRule | PublicRule;

/**
 * Lists and the record kind they show: a list must never include a record its caller could not
 * open (the `GET …/{id}` rule of the same kind decides).
 */
export const LISTS: Record<string, { resource: Resource; one: string }> = {
  '/api/v1/hospitals': { resource: 'hospital', one: 'GET /api/v1/hospitals/{id}' },
  '/api/v1/departments': { resource: 'department', one: 'GET /api/v1/departments/{id}' },
  '/api/v1/physicians': { resource: 'physician', one: 'GET /api/v1/physicians/{id}' },
  '/api/v1/employees': { resource: 'employee', one: 'GET /api/v1/employees/{id}' },
  '/api/v1/patients': { resource: 'patient', one: 'GET /api/v1/patients/{id}' },
  '/api/v1/users': { resource: 'user', one: 'GET /api/v1/users/{id}' },
  '/api/v1/journeys': { resource: 'journey', one: 'GET /api/v1/journeys/{id}' },
  '/api/v1/sla-policies': { resource: 'slaPolicy', one: 'GET /api/v1/sla-policies/{id}' },
  '/api/v1/survey-templates': { resource: 'surveyTemplate', one: 'GET /api/v1/survey-templates/{id}' },
  '/api/v1/surveys': { resource: 'survey', one: 'GET /api/v1/surveys/{id}' },
  '/api/v1/encounters': { resource: 'encounter', one: 'GET /api/v1/encounters/{id}' },
  '/api/v1/complaints': { resource: 'complaint', one: 'GET /api/v1/complaints/{id}' },
  '/api/v1/qi-projects': { resource: 'qiProject', one: 'GET /api/v1/qi-projects/{id}' },
  '/api/v1/actions': { resource: 'action', one: 'GET /api/v1/actions/{id}' },
  '/api/v1/integration/messages': { resource: 'inboxMessage', one: 'POST /api/v1/integration/messages/{id}/replay' },
  '/api/v1/integration/sources': { resource: 'integrationSource', one: 'GET /api/v1/integration/sources/{id}' },
};

const { PX_ADMIN, HOSPITAL_ADMIN, DEPARTMENT_MANAGER, PX_COORDINATOR, PHYSICIAN, STAFF, VIEWER } = LEVEL;

const read = (level: number, scope: Scope, resource: Resource | undefined, source: string): StaffRule => ({ level, scope, resource, success: 200, source });
const write = (level: number, scope: Scope, resource: Resource | undefined, success: number, source: string): StaffRule => ({
  level,
  scope,
  resource,
  success,
  alsoAllowed: [400, 409, 422],
  source,
});
/** A complaint or action operation: a workflow update (503 here: no case workflow runs in this test). */
const caseOp = (level: number, resource: 'complaint' | 'action', source: string): StaffRule => ({
  level,
  scope: 'department',
  resource,
  success: 200,
  alsoAllowed: [400, 409, 422, 503],
  source,
});
const open = (accept: number[], source: string): PublicRule => ({ level: 'public', accept, source });

export const RBAC_RULES: Record<string, Rule> = {
  // Analytics (README, Analytics): figures for any staff of the hospital, recomputation for its admins.
  'GET /api/v1/analytics/kpis': { ...read(VIEWER, 'none', undefined, 'KPI figures: VIEWER'), alsoAllowed: [400] },
  'POST /api/v1/analytics/backfill': write(HOSPITAL_ADMIN, 'none', undefined, 202, 'KPI backfill: HOSPITAL_ADMIN'),
  'GET /api/v1/analytics/physicians': { ...read(PHYSICIAN, 'none', undefined, 'physician ratings: PHYSICIAN (their own row), PX_COORDINATOR and up (a department-bound caller sees their department)'), alsoAllowed: [400] },
  // QI projects (README, Analytics): read VIEWER, change PX_COORDINATOR, in their hospital and department.
  // The matrix has no QI project fixture: record calls meet a random id (404); scoping is tested in qiProjects.test.ts.
  'GET /api/v1/qi-projects': read(VIEWER, 'none', undefined, 'QI projects read: VIEWER'),
  'POST /api/v1/qi-projects': write(PX_COORDINATOR, 'none', undefined, 201, 'QI projects change: PX_COORDINATOR'),
  'GET /api/v1/qi-projects/{id}': read(VIEWER, 'department', 'qiProject', 'QI projects read: VIEWER (department-bound: their department)'),
  'PATCH /api/v1/qi-projects/{id}': write(PX_COORDINATOR, 'department', 'qiProject', 200, 'QI projects change: PX_COORDINATOR'),
  'DELETE /api/v1/qi-projects/{id}': write(PX_COORDINATOR, 'department', 'qiProject', 204, 'QI projects change: PX_COORDINATOR'),
  'GET /api/v1/qi-projects/{id}/chart': read(VIEWER, 'department', 'qiProject', 'QI project chart: VIEWER (department-bound: their department)'),
  // Operations, docs and sign-in: no account needed.
  'GET /health': open([200, 503], 'health: public'),
  'GET /health/ready': open([200, 503], 'health: public'),
  'GET /health/live': open([200], 'health: public'),
  'GET /api/openapi.json': open([200], 'API docs: public'),
  'GET /api/docs': open([200], 'API docs: public'),
  'GET /api/docs/assets/{file}': open([200, 404], 'API docs: public'),
  'POST /api/v1/auth/login': open([400, 401, 429], 'sign in: public'),
  'POST /api/v1/auth/refresh': open([400, 401], 'refresh: public (the refresh token is the credential)'),
  'POST /api/v1/auth/session': open([400, 401, 429], 'console sign-in: public'),
  'POST /api/v1/auth/session/refresh': open([400, 401, 403], 'console refresh: public (the session cookie is the credential)'),
  'DELETE /api/v1/auth/session': open([200, 204, 400, 401, 403], 'console sign-out: public'),
  'GET /api/v1/me': read(VIEWER, 'none', undefined, 'own account: any role'),
  'PATCH /api/v1/me': write(VIEWER, 'none', undefined, 200, 'own account: any role'),
  'POST /api/v1/me/password': write(VIEWER, 'none', undefined, 204, 'own password: any role'),

  // Organisation.
  'GET /api/v1/hospitals': read(VIEWER, 'none', undefined, '/hospitals read: VIEWER'),
  'GET /api/v1/hospitals/{id}': read(VIEWER, 'hospital', 'hospital', '/hospitals read: VIEWER'),
  'POST /api/v1/hospitals': write(PX_ADMIN, 'none', undefined, 201, '/hospitals create: PX_ADMIN'),
  'PATCH /api/v1/hospitals/{id}': write(HOSPITAL_ADMIN, 'hospital', 'hospital', 200, '/hospitals rename own: HOSPITAL_ADMIN'),
  'DELETE /api/v1/hospitals/{id}': write(PX_ADMIN, 'hospital', 'hospital', 204, '/hospitals delete: PX_ADMIN'),
  'GET /api/v1/departments': read(VIEWER, 'none', undefined, '/departments read: VIEWER'),
  'GET /api/v1/departments/{id}': read(VIEWER, 'department', 'department', '/departments read: VIEWER'),
  'POST /api/v1/departments': write(HOSPITAL_ADMIN, 'none', undefined, 201, '/departments change: HOSPITAL_ADMIN'),
  'PATCH /api/v1/departments/{id}': write(HOSPITAL_ADMIN, 'department', 'department', 200, '/departments change: HOSPITAL_ADMIN'),
  'DELETE /api/v1/departments/{id}': write(HOSPITAL_ADMIN, 'department', 'department', 204, '/departments change: HOSPITAL_ADMIN'),
  'GET /api/v1/physicians': read(VIEWER, 'none', undefined, '/physicians read: VIEWER'),
  'GET /api/v1/physicians/{id}': read(VIEWER, 'department', 'physician', '/physicians read: VIEWER'),
  'POST /api/v1/physicians': write(HOSPITAL_ADMIN, 'none', undefined, 201, '/physicians change: HOSPITAL_ADMIN'),
  'PATCH /api/v1/physicians/{id}': write(HOSPITAL_ADMIN, 'department', 'physician', 200, '/physicians change: HOSPITAL_ADMIN'),
  'DELETE /api/v1/physicians/{id}': write(HOSPITAL_ADMIN, 'department', 'physician', 204, '/physicians change: HOSPITAL_ADMIN'),
  // Not in the README table: held to the rule of /physicians, the other staff directory.
  'GET /api/v1/employees': read(VIEWER, 'none', undefined, '/employees (as /physicians) read: VIEWER'),
  'GET /api/v1/employees/{id}': read(VIEWER, 'department', 'employee', '/employees (as /physicians) read: VIEWER'),
  'POST /api/v1/employees': write(HOSPITAL_ADMIN, 'none', undefined, 201, '/employees (as /physicians) change: HOSPITAL_ADMIN'),
  'PATCH /api/v1/employees/{id}': write(HOSPITAL_ADMIN, 'department', 'employee', 200, '/employees (as /physicians) change: HOSPITAL_ADMIN'),
  'DELETE /api/v1/employees/{id}': write(HOSPITAL_ADMIN, 'department', 'employee', 204, '/employees (as /physicians) change: HOSPITAL_ADMIN'),
  'GET /api/v1/patients': read(STAFF, 'none', undefined, '/patients read: STAFF'),
  'GET /api/v1/patients/{id}': read(STAFF, 'hospital', 'patient', '/patients read: STAFF'),
  'GET /api/v1/patients/{id}/timeline': read(STAFF, 'hospital', 'patient', '/patients read: STAFF'),
  'POST /api/v1/patients': write(PX_COORDINATOR, 'none', undefined, 201, '/patients change: PX_COORDINATOR'),
  'PATCH /api/v1/patients/{id}': write(PX_COORDINATOR, 'hospital', 'patient', 200, '/patients change: PX_COORDINATOR'),
  'DELETE /api/v1/patients/{id}': write(PX_COORDINATOR, 'hospital', 'patient', 204, '/patients change: PX_COORDINATOR'),

  // Accounts and audit.
  'GET /api/v1/users': read(DEPARTMENT_MANAGER, 'none', undefined, '/users read: DEPARTMENT_MANAGER'),
  'GET /api/v1/users/{id}': read(DEPARTMENT_MANAGER, 'department', 'user', '/users read: DEPARTMENT_MANAGER'),
  'POST /api/v1/users': write(HOSPITAL_ADMIN, 'none', undefined, 201, '/users change: HOSPITAL_ADMIN'),
  'PATCH /api/v1/users/{id}': write(HOSPITAL_ADMIN, 'department', 'user', 200, '/users change: HOSPITAL_ADMIN'),
  'DELETE /api/v1/users/{id}': write(HOSPITAL_ADMIN, 'department', 'user', 204, '/users change: HOSPITAL_ADMIN'),
  'GET /api/v1/roles': read(VIEWER, 'none', undefined, '/roles read: VIEWER'),
  'GET /api/v1/roles/{id}': read(VIEWER, 'none', 'role', '/roles read: VIEWER'),
  'POST /api/v1/roles': write(PX_ADMIN, 'none', undefined, 201, '/roles change: PX_ADMIN'),
  'PATCH /api/v1/roles/{id}': write(PX_ADMIN, 'none', 'role', 200, '/roles change: PX_ADMIN'),
  'DELETE /api/v1/roles/{id}': write(PX_ADMIN, 'none', 'role', 204, '/roles change: PX_ADMIN'),
  'GET /api/v1/audit-events': read(HOSPITAL_ADMIN, 'none', undefined, '/audit-events read: HOSPITAL_ADMIN'),

  // Journeys and encounters.
  'GET /api/v1/journeys': read(STAFF, 'none', undefined, '/journeys read: STAFF'),
  'GET /api/v1/journeys/{id}': read(STAFF, 'hospital', 'journey', '/journeys read: STAFF'),
  'POST /api/v1/journeys': write(HOSPITAL_ADMIN, 'none', undefined, 201, '/journeys change: HOSPITAL_ADMIN'),
  'PUT /api/v1/journeys/{id}': write(HOSPITAL_ADMIN, 'hospital', 'journey', 200, '/journeys change: HOSPITAL_ADMIN'),
  'DELETE /api/v1/journeys/{id}': write(HOSPITAL_ADMIN, 'hospital', 'journey', 204, '/journeys change: HOSPITAL_ADMIN'),
  'GET /api/v1/encounters': read(STAFF, 'none', undefined, '/encounters read: STAFF'),
  'GET /api/v1/encounters/{id}': read(STAFF, 'department', 'encounter', '/encounters read: STAFF (S-05: department scope)'),

  // Hospital settings and calendars.
  'GET /api/v1/hospitals/{id}/survey-settings': read(VIEWER, 'hospital', 'hospital', 'survey-settings read: VIEWER'),
  'PUT /api/v1/hospitals/{id}/survey-settings': write(HOSPITAL_ADMIN, 'hospital', 'hospital', 200, 'survey-settings change: HOSPITAL_ADMIN'),
  'GET /api/v1/hospitals/{id}/calendar': read(VIEWER, 'hospital', 'hospital', 'calendar read: VIEWER'),
  'PUT /api/v1/hospitals/{id}/calendar': write(HOSPITAL_ADMIN, 'hospital', 'hospital', 200, 'calendar change: HOSPITAL_ADMIN'),
  'POST /api/v1/hospitals/{id}/holidays': write(HOSPITAL_ADMIN, 'hospital', 'hospital', 201, 'holidays change: HOSPITAL_ADMIN'),
  'DELETE /api/v1/hospitals/{id}/holidays/{holidayId}': write(HOSPITAL_ADMIN, 'hospital', 'hospitalHoliday', 204, 'holidays change: HOSPITAL_ADMIN'),
  'POST /api/v1/holidays': write(PX_ADMIN, 'none', undefined, 201, 'group-wide holidays change: PX_ADMIN'),
  'DELETE /api/v1/holidays/{id}': write(PX_ADMIN, 'none', 'groupHoliday', 204, 'group-wide holidays change: PX_ADMIN'),

  // SLA policies and surveys.
  'GET /api/v1/sla-policies': read(STAFF, 'none', undefined, '/sla-policies read: STAFF'),
  'GET /api/v1/sla-policies/effective': read(STAFF, 'none', undefined, '/sla-policies read: STAFF'),
  'GET /api/v1/sla-policies/{id}': { ...read(STAFF, 'hospital', 'slaPolicy', '/sla-policies read: STAFF'), groupWide: true },
  'POST /api/v1/sla-policies': write(HOSPITAL_ADMIN, 'none', undefined, 201, '/sla-policies change: HOSPITAL_ADMIN'),
  'PUT /api/v1/sla-policies/{id}': { ...write(HOSPITAL_ADMIN, 'hospital', 'slaPolicy', 200, '/sla-policies change: HOSPITAL_ADMIN'), groupWide: true },
  'DELETE /api/v1/sla-policies/{id}': { ...write(HOSPITAL_ADMIN, 'hospital', 'slaPolicy', 204, '/sla-policies change: HOSPITAL_ADMIN'), groupWide: true },
  'GET /api/v1/survey-templates': read(STAFF, 'none', undefined, '/survey-templates read: STAFF'),
  'GET /api/v1/survey-templates/{id}': { ...read(STAFF, 'hospital', 'surveyTemplate', '/survey-templates read: STAFF'), groupWide: true },
  'POST /api/v1/survey-templates': write(HOSPITAL_ADMIN, 'none', undefined, 201, '/survey-templates change: HOSPITAL_ADMIN'),
  'PUT /api/v1/survey-templates/{id}': { ...write(HOSPITAL_ADMIN, 'hospital', 'surveyTemplate', 200, '/survey-templates change: HOSPITAL_ADMIN'), groupWide: true },
  'DELETE /api/v1/survey-templates/{id}': { ...write(HOSPITAL_ADMIN, 'hospital', 'surveyTemplate', 204, '/survey-templates change: HOSPITAL_ADMIN'), groupWide: true },
  'GET /api/v1/surveys': read(STAFF, 'none', undefined, '/surveys read: STAFF'),
  'GET /api/v1/surveys/{id}': read(STAFF, 'department', 'survey', '/surveys read: STAFF'),

  // Complaints and PX actions.
  'POST /api/v1/complaints': write(STAFF, 'none', undefined, 201, '/complaints file: STAFF'),
  'GET /api/v1/complaints': read(STAFF, 'none', undefined, '/complaints read: STAFF'),
  'GET /api/v1/escalations/unheard': read(PX_COORDINATOR, 'none', undefined, '/escalations/unheard read: PX_COORDINATOR'),
  'GET /api/v1/complaints/{id}': read(STAFF, 'department', 'complaint', '/complaints read: STAFF'),
  'POST /api/v1/complaints/{id}/note': caseOp(STAFF, 'complaint', '/complaints note: STAFF'),
  'POST /api/v1/complaints/{id}/acknowledge': caseOp(PX_COORDINATOR, 'complaint', '/complaints acknowledge: PX_COORDINATOR'),
  'POST /api/v1/complaints/{id}/assign': caseOp(PX_COORDINATOR, 'complaint', '/complaints assign: PX_COORDINATOR'),
  'POST /api/v1/complaints/{id}/resolve': caseOp(PX_COORDINATOR, 'complaint', '/complaints resolve: PX_COORDINATOR'),
  'POST /api/v1/complaints/{id}/close': caseOp(PX_COORDINATOR, 'complaint', '/complaints close: PX_COORDINATOR'),
  'POST /api/v1/complaints/{id}/reopen': caseOp(PX_COORDINATOR, 'complaint', '/complaints reopen: PX_COORDINATOR'),
  'POST /api/v1/complaints/{id}/escalate': caseOp(PX_COORDINATOR, 'complaint', '/complaints escalate: PX_COORDINATOR'),
  'POST /api/v1/complaints/{id}/actions': { ...write(PX_COORDINATOR, 'department', 'complaint', 201, '/complaints actions: PX_COORDINATOR'), alsoAllowed: [400, 409, 422, 503] },
  'POST /api/v1/actions': { ...write(PX_COORDINATOR, 'none', undefined, 201, '/actions create: PX_COORDINATOR'), alsoAllowed: [400, 409, 422, 503] },
  'GET /api/v1/actions': read(STAFF, 'none', undefined, '/actions read: STAFF'),
  'GET /api/v1/actions/{id}': read(STAFF, 'department', 'action', '/actions read: STAFF'),
  'POST /api/v1/actions/{id}/progress': caseOp(STAFF, 'action', '/actions progress: STAFF'),
  'POST /api/v1/actions/{id}/submit': caseOp(STAFF, 'action', '/actions submit: STAFF'),
  'POST /api/v1/actions/{id}/assign': caseOp(PX_COORDINATOR, 'action', '/actions assign: PX_COORDINATOR'),
  'POST /api/v1/actions/{id}/approve': caseOp(PX_COORDINATOR, 'action', '/actions approve: PX_COORDINATOR'),
  'POST /api/v1/actions/{id}/reject': caseOp(PX_COORDINATOR, 'action', '/actions reject: PX_COORDINATOR'),
  'POST /api/v1/actions/{id}/cancel': caseOp(PX_COORDINATOR, 'action', '/actions cancel: PX_COORDINATOR'),

  // Integration.
  'GET /api/v1/integration/messages': read(HOSPITAL_ADMIN, 'none', undefined, '/integration/messages read: HOSPITAL_ADMIN'),
  'POST /api/v1/integration/messages/{id}/replay': write(HOSPITAL_ADMIN, 'hospital', 'inboxMessage', 202, '/integration/messages replay: HOSPITAL_ADMIN'),
  'GET /api/v1/integration/sources': read(HOSPITAL_ADMIN, 'none', undefined, '/integration/sources read: HOSPITAL_ADMIN'),
  'GET /api/v1/integration/sources/{id}': read(HOSPITAL_ADMIN, 'hospital', 'integrationSource', '/integration/sources read: HOSPITAL_ADMIN'),
  'POST /api/v1/integration/sources': write(PX_ADMIN, 'none', undefined, 201, '/integration/sources change: PX_ADMIN'),
  'PATCH /api/v1/integration/sources/{id}': write(PX_ADMIN, 'hospital', 'integrationSource', 200, '/integration/sources change: PX_ADMIN'),
  'POST /api/v1/integration/sources/{id}/rotate-key': write(PX_ADMIN, 'hospital', 'integrationSource', 200, '/integration/sources change: PX_ADMIN'),
  'DELETE /api/v1/integration/sources/{id}': write(PX_ADMIN, 'hospital', 'integrationSource', 204, '/integration/sources change: PX_ADMIN'),
  'GET /api/v1/integration/event-mappings': read(HOSPITAL_ADMIN, 'none', undefined, '/integration/event-mappings read: HOSPITAL_ADMIN'),
  'GET /api/v1/integration/event-mappings/{id}': read(HOSPITAL_ADMIN, 'none', 'eventMapping', '/integration/event-mappings read: HOSPITAL_ADMIN (group-wide rows)'),
  'POST /api/v1/integration/event-mappings': write(PX_ADMIN, 'none', undefined, 201, '/integration/event-mappings change: PX_ADMIN'),
  'PATCH /api/v1/integration/event-mappings/{id}': write(PX_ADMIN, 'none', 'eventMapping', 200, '/integration/event-mappings change: PX_ADMIN'),
  'DELETE /api/v1/integration/event-mappings/{id}': write(PX_ADMIN, 'none', 'eventMapping', 204, '/integration/event-mappings change: PX_ADMIN'),
  // Systems authenticate with their own credentials (API key, Twilio signature), never a staff token.
  'POST /api/v1/integration/events': open([400, 401], 'REST intake: X-Api-Key of an integration source'),
  // FHIR: an integration source's X-Api-Key, or a staff bearer token at the interaction's level
  // (read STAFF, Patient and QuestionnaireResponse writes PX_COORDINATOR, Encounter writes and
  // notifications HOSPITAL_ADMIN); department-bound staff are refused (403), refusals are OperationOutcomes.
  'GET /fhir/r4/metadata': open([200], 'FHIR CapabilityStatement: public'),
  'GET /fhir/r4/Patient': open([200, 401, 403], 'FHIR: X-Api-Key or bearer (read: STAFF)'),
  'GET /fhir/r4/Patient/{id}': open([401, 403, 404], 'FHIR: X-Api-Key or bearer (read: STAFF)'),
  'POST /fhir/r4/Patient': open([400, 401, 403], 'FHIR: X-Api-Key or bearer (Patient write: PX_COORDINATOR)'),
  'PUT /fhir/r4/Patient': open([400, 401, 403], 'FHIR: X-Api-Key or bearer (Patient write: PX_COORDINATOR)'),
  'PUT /fhir/r4/Patient/{id}': open([400, 401, 403, 404], 'FHIR: X-Api-Key or bearer (Patient write: PX_COORDINATOR)'),
  'GET /fhir/r4/Questionnaire': open([200, 401, 403], 'FHIR: X-Api-Key or bearer (read: STAFF)'),
  'GET /fhir/r4/Questionnaire/{id}': open([401, 403, 404], 'FHIR: X-Api-Key or bearer (read: STAFF)'),
  'GET /fhir/r4/QuestionnaireResponse': open([200, 401, 403], 'FHIR: X-Api-Key or bearer (read: STAFF)'),
  'GET /fhir/r4/QuestionnaireResponse/{id}': open([401, 403, 404], 'FHIR: X-Api-Key or bearer (read: STAFF)'),
  'POST /fhir/r4/QuestionnaireResponse': open([400, 401, 403], 'FHIR: X-Api-Key or bearer (QuestionnaireResponse write: PX_COORDINATOR)'),
  'GET /fhir/r4/Encounter': open([200, 401, 403], 'FHIR: X-Api-Key or bearer (read: STAFF)'),
  'GET /fhir/r4/Encounter/{id}': open([401, 403, 404], 'FHIR: X-Api-Key or bearer (read: STAFF)'),
  'POST /fhir/r4/Encounter': open([400, 401, 403], 'FHIR: X-Api-Key or bearer (Encounter write: HOSPITAL_ADMIN)'),
  'PUT /fhir/r4/Encounter': open([400, 401, 403], 'FHIR: X-Api-Key or bearer (Encounter write: HOSPITAL_ADMIN)'),
  'PUT /fhir/r4/Encounter/{id}': open([400, 401, 403, 404], 'FHIR: X-Api-Key or bearer (Encounter write: HOSPITAL_ADMIN)'),
  'POST /fhir/r4/subscription-notification': open([400, 401, 403], 'FHIR: X-Api-Key or bearer (notifications: HOSPITAL_ADMIN)'),
  'POST /api/v1/webhooks/twilio/sms': open([403, 429], 'Twilio webhook: X-Twilio-Signature, else 403'),
  'POST /api/v1/webhooks/twilio/whatsapp': open([403, 429], 'Twilio webhook: X-Twilio-Signature, else 403'),
  // Patient-facing pages: the link token is the credential.
  'GET /s/{token}': open([404], 'survey page: link token'),
  'POST /s/{token}': open([400, 404], 'survey page: link token'),
  'GET /s/{token}/opt-out': open([404], 'survey opt-out: link token'),
  'POST /s/{token}/opt-out': open([400, 404], 'survey opt-out: link token'),
  'GET /complaint': open([200], 'public complaint page: anyone'),
  'POST /complaint': open([400, 422, 429], 'public complaint page: anyone'),
  // Temporal payload codec for the Web UI: PX admins, or a link token they issued.
  'POST /codec/decode': write(PX_ADMIN, 'none', undefined, 200, 'Temporal codec: PX_ADMIN'),
  'POST /codec/encode': write(PX_ADMIN, 'none', undefined, 200, 'Temporal codec: PX_ADMIN'),
  'POST /codec/links': write(PX_ADMIN, 'none', undefined, 201, 'Temporal codec: PX_ADMIN'),
  'POST /codec/t/{token}/decode': open([400, 401, 403, 404], 'Temporal codec link: its token'),
  'POST /codec/t/{token}/encode': open([400, 401, 403, 404], 'Temporal codec link: its token'),
};
