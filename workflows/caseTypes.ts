/**
 * What the API, the complaint and PX action workflows and their activities exchange: ids and codes.
 * What staff write (notes, root causes, evidence, reasons) is stored by the API in `case_text`
 * first and travels as its `textId`; a complainant's name and contact stay in the database too.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ActionStatus, ComplaintStatus } from '../models/rules/statuses';

export interface CaseInput {
  /** The complaint's or action's database id. */
  id: string;
  referenceNo: string;
  hospitalId: string;
  hospitalCode: string;
}

/** Who asks for an operation; the API has already checked their scope, the workflow checks levels. */
export interface Actor {
  actorId: string;
  actorLevel: number;
}

/** One SLA clock, as the live state shows it. */
export interface SlaClockState {
  /** ISO-8601 deadline. */
  dueAt: string;
  /** Met (acknowledged / resolved in time), breached, or still running. */
  state: 'running' | 'met' | 'breached';
}

export interface ComplaintSlaState {
  acknowledge: SlaClockState;
  resolve: SlaClockState;
}

export interface ComplaintState {
  status: ComplaintStatus;
  escalationLevel: number;
  assigneeId: string | null;
  sla: ComplaintSlaState;
  /** Counts resolutions: each one sends its own resolution-satisfaction survey. */
  cycle: number;
}

export interface ActionState {
  status: ActionStatus;
  escalationLevel: number;
  assigneeId: string | null;
  sla: { resolve: SlaClockState };
}

/** The SLA a case follows, planned by an activity (policies, calendar and holidays live in the database). */
export interface SlaPlan {
  acknowledgeBy: number | null;
  acknowledgeReminders: number[];
  resolveBy: number;
  resolveReminders: number[];
  /** Role codes notified as the escalation level rises, in order. */
  escalation: string[];
}

/** The `case_text` row holding what staff wrote with an operation. */
export interface Written {
  textId: string;
}

export const acknowledgeComplaint = defineUpdate<ComplaintState, [Actor]>('acknowledge');
export const assignComplaint = defineUpdate<ComplaintState, [Actor & { assigneeId: string }]>('assign');
/** `note`. */
export const noteComplaint = defineUpdate<ComplaintState, [Actor & Written]>('note');
/** `rootCause` and `resolutionNotes`. */
export const resolveComplaint = defineUpdate<ComplaintState, [Actor & Written]>('resolve');
/** An optional `note`. */
export const closeComplaint = defineUpdate<ComplaintState, [Actor & Partial<Written>]>('close');
/** `reason`. */
export const reopenComplaint = defineUpdate<ComplaintState, [Actor & Written]>('reopen');
/** `reason`. */
export const escalateComplaint = defineUpdate<ComplaintState, [Actor & Written]>('escalate');
export const complaintStateQuery = defineQuery<ComplaintState>('state');

export const assignAction = defineUpdate<ActionState, [Actor & { assigneeId: string }]>('assign');
/** `note`. */
export const progressAction = defineUpdate<ActionState, [Actor & Written]>('progress');
/** `evidence`. */
export const submitAction = defineUpdate<ActionState, [Actor & Written]>('submit');
/** An optional `note`. */
export const approveAction = defineUpdate<ActionState, [Actor & Partial<Written>]>('approve');
/** `reason`. */
export const rejectAction = defineUpdate<ActionState, [Actor & Written]>('reject');
/** `reason`. */
export const cancelAction = defineUpdate<ActionState, [Actor & Written]>('cancel');
export const actionStateQuery = defineQuery<ActionState>('state');

/** PX_COORDINATOR and above approve or reject an action's evidence. */
export const APPROVER_LEVEL = 50;

export const complaintWorkflowId = (referenceNo: string) => `complaint:${referenceNo}`;
export const actionWorkflowId = (actionId: string) => `action:${actionId}`;
