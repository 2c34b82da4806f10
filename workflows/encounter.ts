import {
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { CANCEL_DISCHARGE, CANCELLING_EVENTS, completeStage, recordContext, reopenTerminal, stagesOf, terminalDone } from './encounterJourney';
import { encounterEventSignal, encounterStateQuery, type EncounterEvent, type EncounterInput, type EncounterState } from './encounterTypes';
import { PxJourney, PxStatus } from './searchAttributes';

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
    while (queue.length > 0) await apply(state, input, queue.shift()!);
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

type EncounterStatus = EncounterState['status'];

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
  completeStage(state, event);
  // The survey hook: surveys for completed stages start here once surveys are configured.
  await setStatus(state, input, terminalDone(state) ? 'completed' : 'active');
}

async function setStatus(state: EncounterState, input: EncounterInput, status: EncounterStatus): Promise<void> {
  state.status = status;
  upsertSearchAttributes([{ key: PxStatus, value: status }]);
  await recordEncounter({ workflowId: workflowInfo().workflowId, hospitalId: input.hospitalId, visitNumber: input.visitNumber, state });
}
