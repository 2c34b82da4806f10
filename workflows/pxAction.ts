import { allHandlersFinished, ApplicationFailure, condition, continueAsNew, proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { CasePatch } from '../activities/cases/caseActivities';
import { OPEN_ACTION_STATUSES, WORKING_ACTION_STATUSES, type ActionStatus } from '../models/rules/statuses';
import {
  actionStateQuery,
  APPROVER_LEVEL,
  approveAction,
  assignAction,
  cancelAction,
  progressAction,
  rejectAction,
  submitAction,
  type ActionState,
  type Actor,
  type CaseInput,
  type Written,
} from './caseTypes';
import { inTurn, withState } from './caseEffects';
import { PxDueAt, PxEntity, PxHospital, PxStatus } from './searchAttributes';
import { nextTimer, timerKey, timersOf, type SlaTimer } from './slaTimers';

const { planActionSla, recordCase, notifyStaff } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});


/** An action's start, or (after a long history) its state carried into the next run. */
export interface ActionInput extends CaseInput {
  carried?: { state: ActionState; timers: SlaTimer[]; escalation: string[]; seq: number };
}

/**
 * One PX improvement action: owned by its department's manager unless assigned, worked with
 * progress notes, submitted with evidence, and approved (closing it) or rejected back to work by a
 * PX coordinator or above. Its due date reminds the owner and, once missed, escalates up the ladder.
 */
export async function pxAction(input: ActionInput): Promise<ActionStatus> {
  const state: ActionState = input.carried?.state ?? { status: 'open', escalationLevel: 0, assigneeId: null, sla: { resolve: { dueAt: '', state: 'running' } } };
  let timers: SlaTimer[] = input.carried?.timers ?? [];
  let escalation: string[] = input.carried?.escalation ?? [];
  let seq = input.carried?.seq ?? 0;
  let changes = 0;
  let planned = Boolean(input.carried);
  const now = () => new Date().toISOString();
  const key = (kind: string) => `action:${input.id}:${kind}:${++seq}`;
  const inOrder = inTurn();

  /** One timeline line; what staff wrote comes by `textId`. */
  async function record(kind: string, actor: Partial<Actor & Written>, patch?: CasePatch, data?: Record<string, unknown>): Promise<void> {
    const line = { entityType: 'action', entityId: input.id, at: now(), kind, actorId: actor.actorId ?? null, textId: actor.textId ?? null, data: data ?? null, dedupeKey: key(kind) } as const;
    await inOrder(() => recordCase({ ...line, patch: withState(state, patch) }));
    changes += 1;
    const breach = nextTimer(timers.filter((t) => t.kind === 'breach'));
    upsertSearchAttributes([
      { key: PxStatus, value: WORKING_ACTION_STATUSES.includes(state.status) && state.escalationLevel > 0 ? 'escalated' : state.status },
      { key: PxDueAt, value: breach ? new Date(breach.at) : null },
    ]);
  }

  const inStatus = (allowed: ActionStatus[], what: string) => {
    if (!allowed.includes(state.status)) throw ApplicationFailure.nonRetryable(`an action that is ${state.status.replace('_', ' ')} cannot be ${what}`, 'InvalidTransition');
  };
  const required = (value: string | undefined, name: string) => {
    if (!value || !value.trim()) throw ApplicationFailure.nonRetryable(`${name} is required`, 'InvalidTransition');
  };
  const approver = (actor: Actor) => {
    if (actor.actorLevel < APPROVER_LEVEL) throw ApplicationFailure.nonRetryable('only a PX coordinator or above approves or rejects an action', 'NotAllowed');
  };

  setHandler(actionStateQuery, () => state);
  setHandler(
    assignAction,
    async ({ assigneeId, ...actor }) => {
      // After the plan, whose default owner would otherwise overwrite this choice.
      await condition(() => planned);
      state.assigneeId = assigneeId;
      await record('assigned', actor, { assigneeId }, { assigneeId });
      await notifyStaff({ entityType: 'action', entityId: input.id, kind: 'assigned', userIds: [assigneeId], dedupeKey: key('notify-assigned') });
      return state;
    },
    { validator: (_actor: Actor) => inStatus(WORKING_ACTION_STATUSES, 'assigned') },
  );
  setHandler(
    progressAction,
    async (written) => {
      state.status = 'in_progress';
      await record('progress', written, { status: 'in_progress' });
      return state;
    },
    {
      validator: ({ textId }) => {
        inStatus(WORKING_ACTION_STATUSES, 'updated');
        required(textId, 'note');
      },
    },
  );
  setHandler(
    submitAction,
    async (written) => {
      state.status = 'submitted';
      if (state.sla.resolve.state === 'running') state.sla.resolve.state = 'met';
      await record('submitted', written, { status: 'submitted', submittedAt: now() });
      await notifyStaff({ entityType: 'action', entityId: input.id, kind: 'submitted', role: 'PX_COORDINATOR', dedupeKey: key('notify-submitted') });
      return state;
    },
    {
      validator: ({ textId }) => {
        inStatus(WORKING_ACTION_STATUSES, 'submitted');
        required(textId, 'evidence');
      },
    },
  );
  setHandler(
    approveAction,
    async (written) => {
      state.status = 'approved';
      await record('approved', written, { status: 'approved', approvedById: written.actorId, approvedAt: now() });
      return state;
    },
    {
      validator: (actor) => {
        inStatus(['submitted'], 'approved');
        approver(actor);
      },
    },
  );
  setHandler(
    rejectAction,
    async (written) => {
      state.status = 'in_progress';
      // Back to work against the same due date: its clock runs again (a due date that passed during
      // the review breaches at once); reminders whose moment went by while it was reviewed are dropped.
      if (state.sla.resolve.state === 'met') state.sla.resolve.state = 'running';
      timers = timers.filter((t) => t.kind === 'breach' || t.at > Date.now());
      await record('rejected', written, { status: 'in_progress' });
      return state;
    },
    {
      validator: (actor) => {
        inStatus(['submitted'], 'rejected');
        approver(actor);
        required(actor.textId, 'reason');
      },
    },
  );
  setHandler(
    cancelAction,
    async (written) => {
      state.status = 'cancelled';
      timers = [];
      await record('cancelled', written, { status: 'cancelled' });
      return state;
    },
    {
      validator: ({ textId }) => {
        inStatus(OPEN_ACTION_STATUSES, 'cancelled');
        required(textId, 'reason');
      },
    },
  );

  // A run continued from a long history already has its plan, clock and search attributes.
  if (!input.carried) {
    upsertSearchAttributes([
      { key: PxEntity, value: 'action' },
      { key: PxHospital, value: input.hospitalCode },
    ]);
    const plan = await planActionSla({ actionId: input.id });
    escalation = plan.escalation;
    state.assigneeId = plan.assigneeId;
    state.sla.resolve = { dueAt: new Date(plan.resolveBy).toISOString(), state: 'running' };
    timers = timersOf(plan, 1, ['resolve']);
    planned = true;
    await record('opened', {}, undefined, { assigneeId: plan.assigneeId });
    if (plan.assigneeId) await notifyStaff({ entityType: 'action', entityId: input.id, kind: 'assigned', userIds: [plan.assigneeId], dedupeKey: key('notify-assigned') });
  }

  while (state.status !== 'approved' && state.status !== 'cancelled') {
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof pxAction>({ id: input.id, referenceNo: input.referenceNo, hospitalId: input.hospitalId, hospitalCode: input.hospitalCode, carried: { state, timers, escalation, seq } });
    }
    // Timers run only while the action is being worked on; a submitted one waits for its reviewer.
    const next = WORKING_ACTION_STATUSES.includes(state.status) ? nextTimer(timers) : undefined;
    const seen = changes;
    const changed = next ? await condition(() => changes !== seen, Math.max(0, next.at - Date.now())) : (await condition(() => changes !== seen), true);
    // A handler may have stopped the clock (submitted, cancelled) while the timer was firing.
    if (changed || !next || !timers.includes(next) || !WORKING_ACTION_STATUSES.includes(state.status)) continue;
    timers = timers.filter((t) => t !== next);
    if (next.kind === 'reminder') {
      await record('reminder', {}, undefined, { index: next.index });
      await notifyStaff({
        entityType: 'action',
        entityId: input.id,
        kind: 'reminder',
        ...(state.assigneeId ? { userIds: [state.assigneeId] } : { role: 'DEPARTMENT_MANAGER' }),
        dedupeKey: `action:${input.id}:reminder:${timerKey(next)}`,
      });
    } else {
      state.sla.resolve.state = 'breached';
      state.escalationLevel += 1;
      const level = state.escalationLevel;
      const role = escalation[level - 1];
      await record('escalated', {}, { escalationLevel: level }, { level, role: role ?? null, reason: 'due_date_missed' });
      if (role) await notifyStaff({ entityType: 'action', entityId: input.id, kind: 'escalated', role, level, dedupeKey: `action:${input.id}:escalation:${level}` });
    }
  }
  await condition(allHandlersFinished);
  return state.status;
}
