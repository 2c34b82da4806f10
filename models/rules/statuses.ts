/**
 * The status words of each long-lived thing, as the workflows report them, the read models store
 * them and the API filters by them: one list each, and the type read from it.
 */

export const COMPLAINT_STATUSES = ['open', 'acknowledged', 'in_progress', 'resolved', 'closed'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

/** Statuses in which a complaint is still being worked on: its patient is not surveyed meanwhile. */
export const OPEN_COMPLAINT_STATUSES: ComplaintStatus[] = ['open', 'acknowledged', 'in_progress'];

/** How serious a complaint is; a PX action's priority uses the same words. */
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type ComplaintSeverity = (typeof SEVERITIES)[number];
export type ActionPriority = ComplaintSeverity;

export const ACTION_STATUSES = ['open', 'in_progress', 'submitted', 'approved', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** An action someone is still working: it can be assigned and updated, and its due date counts. */
export const WORKING_ACTION_STATUSES: ActionStatus[] = ['open', 'in_progress'];

/** An action not yet decided: still worked, or submitted and waiting for approval. */
export const OPEN_ACTION_STATUSES: ActionStatus[] = [...WORKING_ACTION_STATUSES, 'submitted'];

export const SURVEY_STATUSES = ['scheduled', 'sent', 'completed', 'expired', 'suppressed', 'opted_out', 'failed'] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];

export const ENCOUNTER_STATUSES = ['active', 'completed', 'cancelled', 'inactive'] as const;
export type EncounterStatus = (typeof ENCOUNTER_STATUSES)[number];

/** An inbound message in the inbox: waiting, applied, refused, or recognised and deliberately not applied. */
export const INBOX_STATUSES = ['received', 'processed', 'failed', 'ignored'] as const;
export type InboxStatus = (typeof INBOX_STATUSES)[number];

export const NOTIFICATION_STATUSES = ['sending', 'sent', 'failed'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];
