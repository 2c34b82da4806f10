import type { ComplaintSource } from '../../../models/entities';
import { COMPLAINT_STATUSES, SEVERITIES } from '../../../models/rules/statuses';
import { queueQueryProperties } from './queue';
import { answerObject, hospitalFilterProperties, language, listQuery, nullableStamp, nullableText, nullableUuid, orNull, stamp, uuid } from '../schemaParts';

export const SOURCE_CHANNELS: ComplaintSource[] = ['walk_in', 'phone', 'moh_937', 'email', 'web', 'social', 'survey_comment'];

/** Staff-written text: at least one visible character, so a note of spaces is refused here and not by the workflow. */
export const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength, pattern: '\\S' }) as const;

export const overdueFilter = { type: 'boolean', description: 'true: only cases past a due date they have not met; false: only the others' } as const;
export const escalatedFilter = { type: 'boolean', description: 'true: only cases escalated at least once; false: only the others' } as const;

export const createComplaint = {
  type: 'object',
  additionalProperties: false,
  required: ['severity', 'category', 'description', 'sourceChannel'],
  properties: {
    hospitalId: { ...uuid, description: "Defaults to the caller's own hospital" },
    departmentId: uuid,
    patientId: uuid,
    encounterId: { ...uuid, description: "Without patientId, the encounter's patient is the complainant" },
    severity: { type: 'string', enum: SEVERITIES },
    category: text(60),
    subcategory: text(60),
    description: text(5000),
    sourceChannel: { type: 'string', enum: SOURCE_CHANNELS },
    contactName: text(200),
    contactPhone: { type: 'string', pattern: '^\\+?[0-9]{6,15}$', description: 'E.164, e.g. +966501234567' },
    contactEmail: { type: 'string', format: 'email', maxLength: 254 },
    language,
  },
} as const;

export const listComplaints = listQuery({
  ...hospitalFilterProperties,
  status: { type: 'string', enum: COMPLAINT_STATUSES },
  departmentId: uuid,
  severity: { type: 'string', enum: SEVERITIES },
  assigneeId: uuid,
  sourceChannel: { type: 'string', enum: SOURCE_CHANNELS },
  overdue: overdueFilter,
  escalated: escalatedFilter,
  ...queueQueryProperties,
});

/** A request body of exactly these fields. */
export const bodyOf = (properties: Record<string, object> = {}, required: string[] = []) => ({ type: 'object', additionalProperties: false, required, properties }) as const;

/** The body of each operation on a complaint, by the operation's name in the path. */
export const complaintOperationBodies = {
  acknowledge: bodyOf(),
  assign: bodyOf({ assigneeId: uuid }, ['assigneeId']),
  note: bodyOf({ note: text(5000) }, ['note']),
  resolve: bodyOf({ rootCause: text(2000), resolutionNotes: text(5000) }, ['rootCause', 'resolutionNotes']),
  close: bodyOf({ note: text(5000) }),
  reopen: bodyOf({ reason: text(2000) }, ['reason']),
  escalate: bodyOf({ reason: text(2000) }, ['reason']),
};

export const createComplaintAction = bodyOf(
  {
    title: text(300),
    description: text(5000),
    priority: { type: 'string', enum: SEVERITIES },
    departmentId: { ...uuid, description: "Defaults to the complaint's department" },
  },
  ['title', 'priority'],
);

const severity = { type: 'string', enum: SEVERITIES } as const;
const escalationLevel = { type: 'integer', minimum: 0, description: 'how many times it has been escalated' } as const;

/** What the views of complaints and actions begin with. */
export const caseIdentityProperties = { id: uuid, referenceNo: { type: 'string' }, hospitalId: uuid, departmentId: nullableUuid } as const;

/** A due date as staff read it in the hospital's zone, Gregorian and Hijri (dueDisplay); null until planned. */
export const dueView = orNull(
  answerObject({
    iso: stamp,
    gregorianEn: { type: 'string', description: "e.g. '1 Dec 2026, 14:00'" },
    gregorianAr: { type: 'string' },
    hijriEn: { type: 'string', description: "Umm al-Qura, e.g. '21 Jumada II 1448 AH'" },
    hijriAr: { type: 'string' },
  }),
  'null until the workflow has planned it',
);

/** Everything that happened to a case, oldest first (timelineOf). */
export const caseTimelineView = {
  type: 'array',
  description: 'oldest first',
  items: answerObject({ at: stamp, kind: { type: 'string' }, actorId: nullableUuid, note: nullableText, data: { type: ['object', 'null'] } }),
} as const;

/** One SLA clock of a workflow's live state. */
export const slaClockView = answerObject({ dueAt: stamp, state: { type: 'string', enum: ['running', 'met', 'breached'] } });
/** What every case workflow's live state holds besides its status and clocks. */
export const caseStateProperties = { escalationLevel, assigneeId: nullableUuid } as const;

/** A complaint workflow's live state. */
export const complaintStateView = answerObject({
  status: { type: 'string', enum: COMPLAINT_STATUSES },
  ...caseStateProperties,
  sla: answerObject({ acknowledge: slaClockView, resolve: slaClockView }),
  cycle: { type: 'integer', description: 'resolutions so far' },
});

/** What an operation on a case answers: the case as its workflow now holds it. */
export const caseOperationReplyView = (stateView: { properties: { status: object } }) =>
  answerObject({ id: uuid, referenceNo: caseIdentityProperties.referenceNo, status: stateView.properties.status, escalationLevel, live: stateView });

/** A complaint as lists show it (no description or contact details). */
export const complaintSummaryView = answerObject({
  ...caseIdentityProperties,
  patientId: nullableUuid,
  encounterId: nullableUuid,
  severity,
  category: { type: 'string' },
  subcategory: nullableText,
  sourceChannel: { type: 'string', enum: SOURCE_CHANNELS },
  status: { type: 'string', enum: COMPLAINT_STATUSES },
  escalationLevel,
  assigneeId: nullableUuid,
  acknowledgeBy: nullableStamp,
  resolveBy: nullableStamp,
  createdAt: stamp,
});

export const complaintView = answerObject({
  ...complaintSummaryView.properties,
  workflowId: nullableText,
  description: { type: 'string' },
  contactName: nullableText,
  contactPhone: nullableText,
  contactEmail: nullableText,
  language,
  createdById: nullableUuid,
  acknowledgedAt: nullableStamp,
  resolvedAt: nullableStamp,
  closedAt: nullableStamp,
  rootCause: nullableText,
  resolutionNotes: nullableText,
  updatedAt: stamp,
  sla: answerObject({ acknowledgeBy: nullableStamp, resolveBy: nullableStamp, acknowledgeByDisplay: dueView, resolveByDisplay: dueView }),
  timeline: caseTimelineView,
  live: orNull(complaintStateView, "the workflow's state; null when Temporal did not answer in time"),
});
