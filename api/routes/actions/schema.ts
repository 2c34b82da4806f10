import type { ActionSource } from '../../../models/entities';
import { ACTION_STATUSES, SEVERITIES } from '../../../models/rules/statuses';
import { bodyOf, escalatedFilter, overdueFilter, text } from '../complaints/schema';
import { hospitalFilterProperties, listQuery, uuid } from '../schemaParts';

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
