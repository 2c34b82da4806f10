import { SEVERITIES } from '../../../models/rules/statuses';
import { answerObject, listQuery, nullableUuid, recordViewProperties, uuid } from '../schemaParts';

const entity = { type: 'string', enum: ['complaint', 'action'] } as const;
const severity = { type: 'string', enum: SEVERITIES } as const;
const anySeverity = { type: ['string', 'null'], enum: [...severity.enum, null] } as const;
const duration = { type: 'string', minLength: 2, maxLength: 32 } as const;

const termFields = {
  acknowledgeWithin: { ...duration, description: 'ISO-8601 duration (PT4H, P1D, P1DT12H, P1W); shorter than resolveWithin' },
  resolveWithin: { ...duration, description: 'ISO-8601 duration; on a business clock each P1D is one working day' },
  clock: { type: 'string', enum: ['continuous', 'business'], description: "business counts only the hospital calendar's working hours" },
  reminderAt: {
    type: 'array',
    maxItems: 5,
    uniqueItems: true,
    items: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
    default: [0.5, 0.8],
    description: 'fractions of each window at which the assignee is reminded',
  },
  escalation: {
    type: 'array',
    minItems: 1,
    maxItems: 6,
    uniqueItems: true,
    items: { type: 'string', pattern: '^[A-Z][A-Z0-9_]{1,39}$' },
    description: 'role codes notified in turn as the escalation level rises',
  },
} as const;

const termsRequired = ['acknowledgeWithin', 'resolveWithin', 'clock', 'escalation'];

export const createSlaPolicy = {
  type: 'object',
  additionalProperties: false,
  required: ['entity', ...termsRequired],
  properties: {
    entity,
    severity: { ...anySeverity, description: "the complaint severity or action priority it is for; absent or null: any. Not with 'priority'" },
    priority: { ...anySeverity, description: "for actions, the same as 'severity'; give one of the two" },
    hospitalId: { ...nullableUuid, description: 'absent or null: the group default (PX admin only)' },
    ...termFields,
  },
} as const;

/** The terms only: whom a policy is for (hospital, entity, severity) is fixed once created. */
export const replaceSlaPolicy = { type: 'object', additionalProperties: false, required: termsRequired, properties: termFields } as const;

export const listSlaPolicies = listQuery({ entity, hospitalId: uuid, severity });

export const effectiveQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['entity'],
  properties: {
    entity,
    hospitalId: { ...uuid, description: "defaults to the caller's hospital; a group-wide caller without one gets the group default" },
    severity: { ...severity, description: 'absent: the policy for any severity' },
  },
} as const;

export const slaPolicyView = answerObject({
  ...recordViewProperties,
  hospitalId: { ...nullableUuid, description: 'null for a group default' },
  entity,
  severity: { ...anySeverity, description: 'for actions, their priority; null for any' },
  ...termFields,
});
