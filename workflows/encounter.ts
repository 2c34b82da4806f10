import {
  allHandlersFinished,
  condition,
  continueAsNew,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Activities } from '../activities';
import { CANCEL_DISCHARGE, CANCELLING_EVENTS, completeStage, recordContext, reopenTerminal, stagesOf, terminalDone } from './encounterJourney';
import type { EncounterStatus } from '../models/rules/statuses';
import { encounterEventSignal, encounterStateQuery, type EncounterEvent, type EncounterInput, type EncounterState } from './encounterTypes';
import { PxEntity, PxHospital, PxJourney, PxStatus } from './searchAttributes';
import { survey } from './survey';
import { surveyWorkflowId } from './surveyTypes';

const { resolveJourney, recordEncounter } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** Applied message ids kept for deduplication; older ones are long settled by the relay's own dedupe. */
const DEDUPE_WINDOW = 1_000;

/**
 * One patient encounter (visit) from its first event to its terminal stage, a cancel, or silence.
 * Events arrive as signals in any order; stages complete as their trigger events arrive.
 */
export async function encounter(input: EncounterInput): Promise<EncounterStatus> {
  const state: EncounterState = input.carried ?? {
    status: 'active',
    stages: [],
    history: [],
    startedAt: '',
    lastEventAt: '',
  };
  const queue: EncounterEvent[] = [];
  const seen = new Set(state.history.slice(-DEDUPE_WINDOW).map((h) => h.messageId));

  setHandler(encounterEventSignal, (event) => {
    if (seen.has(event.messageId)) return;
    seen.add(event.messageId);
    queue.push(event);
  });
  setHandler(encounterStateQuery, () => state);

  for (;;) {
    const closing = state.status !== 'active';
    const waitMs = closing ? input.closeGraceMs : (state.journey?.inactivityMs ?? input.defaultInactivityMs);
    if (!(await condition(() => queue.length > 0, waitMs))) {
      if (!closing) await setStatus(state, input, 'inactive');
      break;
    }
    // A cancel ends the encounter there: a discharge queued behind an A11 must not complete (and survey) the visit.
    while (queue.length > 0 && !(state.status === 'cancelled' && patched('cancel-ends-encounter'))) await apply(state, input, queue.shift()!);
    if (state.status === 'cancelled') break;
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      // Signals that arrived while waiting are carried over rather than dropped.
      for (const event of queue.splice(0)) await apply(state, input, event);
      await continueAsNew<typeof encounter>({ ...input, carried: state });
    }
  }
  return state.status;
}

async function apply(state: EncounterState, input: EncounterInput, event: EncounterEvent): Promise<void> {
  if (!state.startedAt) state.startedAt = event.occurredAt;
  if (!state.lastEventAt) state.lastEventAt = event.occurredAt;
  recordContext(state, event);
  state.history.push({ messageId: event.messageId, eventCode: event.eventCode, occurredAt: event.occurredAt });

  if (!state.journey) {
    const journey = await resolveJourney({ hospitalId: input.hospitalId, patientClass: state.patientClass, eventCodes: state.history.map((h) => h.eventCode) });
    if (journey) {
      state.journey = journey;
      state.stages = stagesOf(journey);
      upsertSearchAttributes([{ key: PxJourney, value: journey.code }]);
      // Events that came before the journey was known count now, in the order they arrived.
      for (const earlier of state.history.slice(0, -1)) completeStage(state, earlier);
    }
  }

  if (CANCELLING_EVENTS.has(event.eventCode)) {
    await setStatus(state, input, 'cancelled');
    return;
  }
  if (event.eventCode === CANCEL_DISCHARGE && reopenTerminal(state)) {
    await setStatus(state, input, 'active');
    return;
  }
  const completed = completeStage(state, event);
  await setStatus(state, input, terminalDone(state) ? 'completed' : 'active');
  if (completed && patched('survey-on-stage-completion')) await startStageSurvey(state, input, completed.code);
}

/**
 * Starts the survey of a stage that has one. The survey outlives the encounter (abandoned, not
 * cancelled, when the encounter closes); a stage completed again after a cancelled discharge
 * finds its survey already started and leaves it be.
 */
async function startStageSurvey(state: EncounterState, input: EncounterInput, stageCode: string): Promise<void> {
  const stage = state.journey?.stages.find((s) => s.code === stageCode);
  if (!stage?.surveyTemplateCode) return;
  const encounterWorkflowId = workflowInfo().workflowId;
  const workflowId = surveyWorkflowId(encounterWorkflowId, stageCode);
  try {
    await startChild(survey, {
      workflowId,
      parentClosePolicy: ParentClosePolicy.ABANDON,
      typedSearchAttributes: [
        { key: PxEntity, value: 'survey' },
        { key: PxHospital, value: input.hospitalCode },
        { key: PxStatus, value: 'scheduled' },
      ],
      args: [
        {
          workflowId,
          hospitalId: input.hospitalId,
          hospitalCode: input.hospitalCode,
          templateCode: stage.surveyTemplateCode,
          stageCode,
          readyAt: state.stages.find((s) => s.code === stageCode)?.completedAt ?? state.lastEventAt,
          encounterWorkflowId,
          journeyTemplateId: state.journey?.templateId,
          patientId: state.patientId,
        },
      ],
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}

async function setStatus(state: EncounterState, input: EncounterInput, status: EncounterStatus): Promise<void> {
  state.status = status;
  upsertSearchAttributes([{ key: PxStatus, value: status }]);
  await recordEncounter({ workflowId: workflowInfo().workflowId, hospitalId: input.hospitalId, visitNumber: input.visitNumber, state });
}
