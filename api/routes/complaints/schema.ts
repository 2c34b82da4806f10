import type { ComplaintSource } from '../../../models/entities';
import { COMPLAINT_STATUSES, SEVERITIES } from '../../../models/rules/statuses';
import { queueQueryProperties } from './queue';
import { hospitalFilterProperties, language, listQuery, uuid } from '../schemaParts';

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
