import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ActivityFailure, condition, ParentClosePolicy, patched, proxyActivities, setHandler, startChild, upsertSearchAttributes } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { SurveyStatus } from '../models/rules/statuses';
import type { SurveyChannel } from '../models/rules/suppression';
import { parseQuietHours, reminderTimes } from '../models/rules/surveyTiming';
import { actionWorkflowId } from './caseTypes';
import { pxAction } from './pxAction';
import { PxDueAt, PxEntity, PxHospital, PxStatus } from './searchAttributes';
import { surveyOptOutSignal, surveyReplySignal, surveyResponseSignal, surveyStateQuery, type SurveyInput, type SurveyPlan, type SurveySendRequest, type SurveyState } from './surveyTypes';

const { prepareSurvey, expireSurvey, failSurvey, handOverSurveyOutcome, openActionFromSurvey } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * A provider that keeps failing gives way to the patient's next channel after a few tries. One
 * send is one provider call: a worker that dies mid-send is noticed after 20 seconds, and the
 * retry finds the message already claimed rather than sending it again.
 */
const { sendSurveyMessage } = proxyActivities<Activities>({
  startToCloseTimeout: '20 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumAttempts: 3, nonRetryableErrorTypes: ['ChannelUnavailable', 'NoMessageTemplate', 'ChannelNotConfigured'] },
});

/**
 * One survey to one patient: wait for the send time, send on the first channel that works, remind,
 * and expire, unless the patient answers or opts out first. The answers themselves are stored by
 * the API before it signals, so nothing here holds PHI.
 */
export async function survey(input: SurveyInput): Promise<SurveyStatus> {
  let closedBy: 'completed' | 'opted_out' | undefined;
  const state: SurveyState = { surveyId: null, status: 'scheduled' };
  setHandler(surveyResponseSignal, () => void (closedBy ??= 'completed'));
  setHandler(surveyReplySignal, () => void (closedBy ??= 'completed'));
  setHandler(surveyOptOutSignal, () => void (closedBy ??= 'opted_out'));
  setHandler(surveyStateQuery, () => state);

  const plan = await prepareSurvey(input);
  state.surveyId = plan.surveyId;
  if (!plan.surveyId || plan.status !== 'scheduled') return setStatus(state, plan.status);
  const surveyId = plan.surveyId;
  setStatus(state, 'scheduled', plan.sendAt);

  const closed = async (untilMs: number) => condition(() => closedBy !== undefined, Math.max(0, untilMs - Date.now()));
  const finish = async (): Promise<SurveyStatus> => {
    if (closedBy === 'completed') {
      const outcome = await handOverSurveyOutcome({ surveyId });
      // A complaint's own resolution survey reopens that complaint instead of opening an action.
      if (outcome?.negative && !input.complaintId && patched('px-action-from-negative-survey')) await openPxAction(surveyId, input.hospitalCode);
    }
    return setStatus(state, closedBy ?? 'completed');
  };

  if (await closed(plan.sendAt)) return finish();
  const invite = await sendWithFallback(plan, { surveyId, kind: 'invite', seq: 1 }, plan.channels);
  if (invite.kind === 'failed') {
    await failSurvey({ surveyId });
    return setStatus(state, 'failed');
  }
  if (invite.kind === 'ended') return invite.status === 'completed' || invite.status === 'opted_out' ? endAs(invite.status) : setStatus(state, invite.status);
  state.channel = invite.channel;

  const quiet = parseQuietHours(plan.quietHours);
  const reminders = reminderTimes({ sentAtMs: invite.sentAt, remindersMs: plan.remindersMs, expiresAtMs: invite.expiresAt, quiet, timeZone: plan.timeZone });
  setStatus(state, 'sent', reminders[0] ?? invite.expiresAt);
  for (const [index, at] of reminders.entries()) {
    if (await closed(at)) return finish();
    // The channel that worked first, then the others, should it stop working.
    const order = [invite.channel, ...plan.channels.filter((c) => c !== invite.channel)];
    const reminder = await sendWithFallback(plan, { surveyId, kind: 'reminder', seq: index + 1 }, order);
    if (reminder.kind === 'ended') return reminder.status === 'completed' || reminder.status === 'opted_out' ? endAs(reminder.status) : setStatus(state, reminder.status);
    setStatus(state, 'sent', reminders[index + 1] ?? invite.expiresAt);
  }
  if (await closed(invite.expiresAt)) return finish();
  const expired = await expireSurvey({ surveyId });
  // Answered just in time, its signal lost or late: the outcome still gets its follow-up.
  if (expired === 'completed' || expired === 'opted_out') return endAs(expired);
  return setStatus(state, expired);

  async function endAs(status: 'completed' | 'opted_out'): Promise<SurveyStatus> {
    closedBy ??= status;
    return finish();
  }
}

/** The PX action of a negative survey: one per survey, whichever attempt gets here first. */
async function openPxAction(surveyId: string, hospitalCode: string): Promise<void> {
  const action = await openActionFromSurvey({ surveyId });
  try {
    await startChild(pxAction, {
      workflowId: actionWorkflowId(action.id),
      parentClosePolicy: ParentClosePolicy.ABANDON,
      typedSearchAttributes: [
        { key: PxEntity, value: 'action' },
        { key: PxHospital, value: hospitalCode },
        { key: PxStatus, value: 'open' },
      ],
      args: [action],
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}

type Delivery = { kind: 'sent'; channel: SurveyChannel; sentAt: number; expiresAt: number } | { kind: 'ended'; status: SurveyStatus } | { kind: 'failed' };

/** Tries each channel in turn; a channel whose sends keep failing hands over to the next. */
async function sendWithFallback(plan: SurveyPlan, message: Pick<SurveySendRequest, 'surveyId' | 'kind' | 'seq'>, channels: SurveyChannel[]): Promise<Delivery> {
  for (const channel of channels) {
    try {
      const result = await sendSurveyMessage({ ...message, channel, expiryMs: plan.expiryMs, cooldownDays: plan.cooldownDays });
      if (result.outcome === 'closed' || result.outcome === 'suppressed') return { kind: 'ended', status: result.status };
      return { kind: 'sent', channel, sentAt: result.sentAt!, expiresAt: result.expiresAt! };
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
    }
  }
  return { kind: 'failed' };
}

function setStatus(state: SurveyState, status: SurveyStatus, dueAt?: number): SurveyStatus {
  state.status = status;
  state.nextAt = dueAt === undefined ? undefined : new Date(dueAt).toISOString();
  upsertSearchAttributes([
    { key: PxStatus, value: status },
    { key: PxDueAt, value: dueAt === undefined ? null : new Date(dueAt) },
  ]);
  return status;
}
