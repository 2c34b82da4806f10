import type { ActionSource } from '../../../models/entities';
import { ACTION_STATUSES, SEVERITIES } from '../../../models/rules/statuses';
import { bodyOf, caseIdentityProperties, caseStateProperties, caseTimelineView, dueView, escalatedFilter, overdueFilter, slaClockView, text } from '../complaints/schema';
import { answerObject, hospitalFilterProperties, listQuery, nullableStamp, nullableText, nullableUuid, orNull, stamp, uuid } from '../schemaParts';

export const ACTION_SOURCES: ActionSource[] = ['survey', 'complaint', 'manual'];

export const createAction = bodyOf(
  {
    hospitalId: { ...uuid, description: "Defaults to the caller's own hospital" },
    departmentId: uuid,
    title: text(300),
    description: text(5000),
    priority: { type: 'string', enum: SEVERITIES },
    assigneeId: { ...uuid, description: "Defaults to the department's manager" },
  },
  ['title', 'priority'],
);

export const listActions = listQuery({
  ...hospitalFilterProperties,
  sourceType: { type: 'string', enum: ACTION_SOURCES },
  sourceId: uuid,
  status: { type: 'string', enum: ACTION_STATUSES },
  departmentId: uuid,
  priority: { type: 'string', enum: SEVERITIES },
  assigneeId: uuid,
  overdue: overdueFilter,
  escalated: escalatedFilter,
});

/** The body of each operation on an action, by the operation's name in the path. */
export const actionOperationBodies = {
  assign: bodyOf({ assigneeId: uuid }, ['assigneeId']),
  progress: bodyOf({ note: text(5000) }, ['note']),
  submit: bodyOf({ evidence: text(5000) }, ['evidence']),
  approve: bodyOf({ note: text(5000) }),
  reject: bodyOf({ reason: text(2000) }, ['reason']),
  cancel: bodyOf({ reason: text(2000) }, ['reason']),
};

const status = { type: 'string', enum: ACTION_STATUSES } as const;

/** A PX action workflow's live state. */
export const actionStateView = answerObject({ status, ...caseStateProperties, sla: answerObject({ resolve: slaClockView }) });

/** An action as lists show it. */
export const actionSummaryView = answerObject({
  ...caseIdentityProperties,
  sourceType: { type: 'string', enum: ACTION_SOURCES },
  sourceId: { ...nullableUuid, description: 'the complaint or survey it came from; null for a manual action' },
  title: { type: 'string' },
  priority: { type: 'string', enum: SEVERITIES },
  status,
  ...caseStateProperties,
  dueAt: nullableStamp,
  createdAt: stamp,
});

export const actionView = answerObject({
  ...actionSummaryView.properties,
  workflowId: nullableText,
  description: nullableText,
  evidence: nullableText,
  submittedAt: nullableStamp,
  approvedById: nullableUuid,
  approvedAt: nullableStamp,
  cancelReason: nullableText,
  createdById: nullableUuid,
  updatedAt: stamp,
  sla: answerObject({ dueAt: nullableStamp, dueAtDisplay: dueView }),
  timeline: caseTimelineView,
  live: orNull(actionStateView, "the workflow's state; null when Temporal did not answer in time"),
});
