import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  ParentClosePolicy,
  proxyActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { CasePatch } from '../activities/cases/caseActivities';
import { OPEN_COMPLAINT_STATUSES, type ComplaintStatus } from '../models/rules/statuses';
import {
  acknowledgeComplaint,
  assignComplaint,
  closeComplaint,
  complaintStateQuery,
  escalateComplaint,
  noteComplaint,
  reopenComplaint,
  resolveComplaint,
  type Actor,
  type CaseInput,
  type ComplaintState,
  type Written,
} from './caseTypes';
import { inTurn, withState } from './caseEffects';
import { PxDueAt, PxEntity, PxHospital, PxStatus } from './searchAttributes';
import { nextTimer, timerKey, timersOf, withoutClock, type SlaTimer } from './slaTimers';
import { survey } from './survey';
import { complaintSurveyWorkflowId } from './surveyTypes';

const { planComplaintSla, recordCase, notifyStaff, resolutionVerdict } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});


/** A complaint's start, or (after a long history) its state carried into the next run. */
export interface ComplaintInput extends CaseInput {
  carried?: { state: ComplaintState; timers: SlaTimer[]; plan: Awaited<ReturnType<Activities['planComplaintSla']>>; seq: number };
}

/**
 * One complaint from intake to closure. Staff act through updates (validated here, so an invalid
 * transition is refused before anything is written); the SLA clocks are durable timers that remind
 * the assignee and, on a breach, raise the escalation level and notify the next role on the ladder.
 * Once resolved, the patient gets a resolution-satisfaction survey: dissatisfied reopens and
 * escalates, satisfied closes, and no answer closes after the configured wait.
 */
export async function complaint(input: ComplaintInput): Promise<ComplaintStatus> {
  const state: ComplaintState = input.carried?.state ?? {
    status: 'open',
    escalationLevel: 0,
    assigneeId: null,
    sla: { acknowledge: { dueAt: '', state: 'running' }, resolve: { dueAt: '', state: 'running' } },
    cycle: 1,
  };
  let timers: SlaTimer[] = input.carried?.timers ?? [];
  let escalation: string[] = input.carried?.plan.escalation ?? [];
  let planned = false;
  let seq = input.carried?.seq ?? 0;
  let changes = 0;
  const key = (kind: string) => `complaint:${input.id}:${kind}:${++seq}`;
  const now = () => new Date().toISOString();
  const inOrder = inTurn();

  /** One timeline line; what staff wrote comes by `textId`, what the workflow says by `note`. */
  async function record(kind: string, actor: Partial<Actor & Written>, patch?: CasePatch, note?: string | null, data?: Record<string, unknown>): Promise<void> {
    const line = { entityType: 'complaint', entityId: input.id, at: now(), kind, actorId: actor.actorId ?? null, textId: actor.textId ?? null, note: note ?? null, data: data ?? null, dedupeKey: key(kind) } as const;
    await inOrder(() => recordCase({ ...line, patch: withState(state, patch) }));
    changes += 1;
    publish();
  }

  function publish(): void {
    const pending = nextTimer(timers.filter((t) => t.kind === 'breach'));
    upsertSearchAttributes([
      { key: PxStatus, value: state.status === 'open' || state.status === 'in_progress' || state.status === 'acknowledged' ? (state.escalationLevel > 0 ? 'escalated' : state.status) : state.status },
      { key: PxDueAt, value: pending ? new Date(pending.at) : null },
    ]);
  }

  async function escalate(reason: string, actor: Partial<Actor & Written>): Promise<void> {
    state.escalationLevel += 1;
    const level = state.escalationLevel;
    const role = escalation[level - 1];
    await record('escalated', actor, { escalationLevel: level }, null, { level, role: role ?? null, reason });
    // Each role on the ladder hears once; past its top, the level still rises but nobody new is told.
    if (role) await notifyStaff({ entityType: 'complaint', entityId: input.id, kind: 'escalated', role, level, dedupeKey: `complaint:${input.id}:escalation:${level}` });
  }

  async function reopen(actor: Partial<Actor & Written>, systemNote?: string): Promise<void> {
    state.status = 'in_progress';
    state.cycle += 1;
    const plan = await planComplaintSla({ complaintId: input.id, from: now() });
    state.sla.resolve = { dueAt: new Date(plan.resolveBy).toISOString(), state: 'running' };
    timers = [...withoutClock(timers, 'resolve'), ...timersOf(plan, state.cycle, ['resolve'])];
    await record('reopened', actor, { status: 'in_progress', closedAt: null }, systemNote);
  }

  async function close(actor: Partial<Actor & Written>, reason = 'staff'): Promise<void> {
    state.status = 'closed';
    timers = [];
    await record('closed', actor, { status: 'closed', closedAt: now() }, null, { reason });
  }

  /** The acknowledge clock runs until acknowledged, the resolve clock until resolved. */
  const clockRunning = (clock: 'acknowledge' | 'resolve') => (clock === 'acknowledge' ? state.status === 'open' : OPEN_COMPLAINT_STATUSES.includes(state.status));

  const inStatus = (allowed: ComplaintStatus[], what: string) => {
    if (!allowed.includes(state.status)) throw ApplicationFailure.nonRetryable(`a complaint that is ${state.status.replace('_', ' ')} cannot be ${what}`, 'InvalidTransition');
  };
  const required = (value: string | undefined, name: string) => {
    if (!value || !value.trim()) throw ApplicationFailure.nonRetryable(`${name} is required`, 'InvalidTransition');
  };

  setHandler(complaintStateQuery, () => state);
  setHandler(
    acknowledgeComplaint,
    async (actor) => {
      await condition(() => planned);
      state.status = 'acknowledged';
      if (state.sla.acknowledge.state === 'running') state.sla.acknowledge.state = 'met';
      timers = withoutClock(timers, 'acknowledge');
      await record('acknowledged', actor, { status: 'acknowledged', acknowledgedAt: now() });
      return state;
    },
    { validator: (_actor: Actor) => inStatus(['open'], 'acknowledged') },
  );
  setHandler(
    assignComplaint,
    async ({ assigneeId, ...actor }) => {
      state.assigneeId = assigneeId;
      const starting = state.status === 'acknowledged';
      if (starting) state.status = 'in_progress';
      await record('assigned', actor, { assigneeId, ...(starting ? { status: 'in_progress' } : {}) }, null, { assigneeId });
      await notifyStaff({ entityType: 'complaint', entityId: input.id, kind: 'assigned', userIds: [assigneeId], dedupeKey: key('notify-assigned') });
      return state;
    },
    { validator: (_actor: Actor) => inStatus(OPEN_COMPLAINT_STATUSES, 'assigned') },
  );
  setHandler(
    noteComplaint,
    async (written) => {
      await record('note', written);
      return state;
    },
    {
      validator: ({ textId }) => {
        inStatus([...OPEN_COMPLAINT_STATUSES, 'resolved'], 'given notes');
        required(textId, 'note');
      },
    },
  );
  setHandler(
    resolveComplaint,
    async (written) => {
      await condition(() => planned);
      state.status = 'resolved';
      if (state.sla.resolve.state === 'running') state.sla.resolve.state = 'met';
      timers = withoutClock(withoutClock(timers, 'resolve'), 'acknowledge');
      await record('resolved', written, { status: 'resolved', resolvedAt: now() });
      return state;
    },
    {
      validator: ({ textId }) => {
        if (state.status === 'open') throw ApplicationFailure.nonRetryable('acknowledge the complaint before resolving it', 'InvalidTransition');
        inStatus(['acknowledged', 'in_progress'], 'resolved');
        // The API stored the root cause and resolution notes, both required, under this id.
        required(textId, 'rootCause and resolutionNotes');
      },
    },
  );
  setHandler(
    closeComplaint,
    async (written) => {
      await close(written);
      return state;
    },
    { validator: (_actor: Actor) => inStatus(['resolved'], 'closed') },
  );
  setHandler(
    reopenComplaint,
    async (written) => {
      await reopen(written);
      return state;
    },
    {
      validator: ({ textId }) => {
        inStatus(['resolved'], 'reopened');
        required(textId, 'reason');
      },
    },
  );
  setHandler(
    escalateComplaint,
    async (written) => {
      await escalate('manual', written);
      publish();
      return state;
    },
    {
      validator: ({ textId }) => {
        inStatus(OPEN_COMPLAINT_STATUSES, 'escalated');
        required(textId, 'reason');
      },
    },
  );

  // A run continued from a long history already has its plan, clocks and search attributes.
  const plan = input.carried?.plan ?? (await planNew());
  planned = true;
  publish();

  while (state.status !== 'closed') {
    // A resolved complaint waits on its satisfaction survey as a child of this run: it goes on first.
    if (state.status !== 'resolved' && workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof complaint>({ id: input.id, referenceNo: input.referenceNo, hospitalId: input.hospitalId, hospitalCode: input.hospitalCode, carried: { state, timers, plan, seq } });
    }
    if (state.status === 'resolved') {
      await awaitResolutionVerdict();
      continue;
    }
    const next = nextTimer(timers);
    const seen = changes;
    const changed = next ? await condition(() => changes !== seen, Math.max(0, next.at - Date.now())) : (await condition(() => changes !== seen), true);
    // A handler may have stopped this clock while the timer was firing: it no longer counts.
    if (changed || !next || !timers.includes(next) || !clockRunning(next.clock)) continue;
    timers = timers.filter((t) => t !== next);
    if (next.kind === 'reminder') {
      await record('reminder', {}, undefined, null, { clock: next.clock, index: next.index });
      await notifyStaff({
        entityType: 'complaint',
        entityId: input.id,
        kind: 'reminder',
        ...(state.assigneeId ? { userIds: [state.assigneeId] } : { role: 'DEPARTMENT_MANAGER' }),
        dedupeKey: `complaint:${input.id}:reminder:${timerKey(next)}`,
      });
    } else {
      state.sla[next.clock].state = 'breached';
      await record('breached', {}, undefined, null, { clock: next.clock });
      await escalate(`${next.clock}_breached`, {});
      publish();
    }
  }
  await condition(allHandlersFinished);
  return state.status;

  async function planNew() {
    upsertSearchAttributes([
      { key: PxEntity, value: 'complaint' },
      { key: PxHospital, value: input.hospitalCode },
    ]);
    const fresh = await planComplaintSla({ complaintId: input.id });
    escalation = fresh.escalation;
    state.sla = {
      acknowledge: { dueAt: new Date(fresh.acknowledgeBy!).toISOString(), state: 'running' },
      resolve: { dueAt: new Date(fresh.resolveBy).toISOString(), state: 'running' },
    };
    timers = timersOf(fresh, 1, ['acknowledge', 'resolve']);
    return fresh;
  }

  /**
   * After a resolution: the patient's verdict by survey, or closure once the configured wait is
   * over. Staff notes do not interrupt it; staff closing or reopening the complaint does.
   */
  async function awaitResolutionVerdict(): Promise<void> {
    const cycle = state.cycle;
    const deadline = Date.now() + plan.closeAfterMs;
    const movedOn = () => state.status !== 'resolved' || state.cycle !== cycle;
    const untilDeadline = () => Math.max(0, deadline - Date.now());
    let surveyStatus: string | undefined;
    const surveyWorkflowId = plan.patientId ? complaintSurveyWorkflowId(input.id, cycle) : undefined;
    if (surveyWorkflowId) {
      try {
        const child = await startChild(survey, {
          workflowId: surveyWorkflowId,
          parentClosePolicy: ParentClosePolicy.ABANDON,
          typedSearchAttributes: [
            { key: PxEntity, value: 'survey' },
            { key: PxHospital, value: input.hospitalCode },
            { key: PxStatus, value: 'scheduled' },
          ],
          args: [
            {
              workflowId: surveyWorkflowId,
              hospitalId: input.hospitalId,
              hospitalCode: input.hospitalCode,
              templateCode: 'COMPLAINT_RESOLUTION',
              stageCode: 'COMPLAINT_RESOLUTION',
              readyAt: now(),
              patientId: plan.patientId ?? undefined,
              complaintId: input.id,
            },
          ],
        });
        await record('survey', {}, undefined, null, { workflowId: surveyWorkflowId });
        child.result().then(
          (status) => void (surveyStatus = status),
          () => void (surveyStatus = 'failed'),
        );
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        surveyStatus = 'failed';
      }
    }
    await condition(() => surveyStatus !== undefined || movedOn(), untilDeadline());
    if (movedOn()) return;
    if (surveyStatus === 'completed' && surveyWorkflowId) {
      const verdict = await resolutionVerdict({ surveyWorkflowId });
      if (movedOn()) return;
      if (verdict === 'dissatisfied') {
        await reopen({}, 'the patient was not satisfied with the resolution');
        await escalate('dissatisfied', {});
        publish();
        return;
      }
      if (verdict === 'satisfied') return close({}, 'patient_satisfied');
    }
    // No answer (or no survey possible): closed once the wait is over, unless staff act first.
    await condition(movedOn, untilDeadline());
    if (!movedOn()) await close({}, 'no_answer');
  }
}
