/** Pure journey rules the encounter workflow applies; deterministic, and unit-tested on their own. */
import type { EncounterEvent, EncounterState, JourneySnapshot, StageState } from './encounterTypes';

export const CANCELLING_EVENTS = new Set(['CANCEL_ADMIT', 'CANCEL_VISIT']);
export const CANCEL_DISCHARGE = 'CANCEL_DISCHARGE';

export function stagesOf(journey: JourneySnapshot): StageState[] {
  return [...journey.stages].sort((a, b) => a.position - b.position).map((s) => ({ code: s.code, status: 'pending' }));
}

/**
 * Completes the first pending stage the event triggers, in journey order, whatever order events
 * arrive in (a discharge before the registration completes the discharge stage). Returns the stage
 * completed, if any.
 */
export function completeStage(state: EncounterState, event: Pick<EncounterEvent, 'eventCode' | 'occurredAt'>): StageState | undefined {
  const journey = state.journey;
  if (!journey) return undefined;
  const stage = state.stages.find((s) => s.status === 'pending' && journey.stages.find((t) => t.code === s.code)?.triggerEvents.includes(event.eventCode));
  if (stage) Object.assign(stage, { status: 'completed', completedAt: event.occurredAt, eventCode: event.eventCode });
  return stage;
}

/** A cancelled discharge (A13) reopens the terminal stage it had completed. */
export function reopenTerminal(state: EncounterState): boolean {
  const terminal = state.journey?.stages.find((s) => s.terminal);
  const stage = terminal && state.stages.find((s) => s.code === terminal.code && s.status === 'completed');
  if (!stage) return false;
  stage.status = 'pending';
  delete stage.completedAt;
  delete stage.eventCode;
  return true;
}

export function terminalDone(state: EncounterState): boolean {
  const terminal = state.journey?.stages.find((s) => s.terminal);
  return !!terminal && state.stages.some((s) => s.code === terminal.code && s.status === 'completed');
}

/** Who and where, from the latest event that says so. */
export function recordContext(state: EncounterState, event: EncounterEvent): void {
  for (const key of ['patientId', 'attendingPhysicianId', 'departmentId', 'location', 'patientClass'] as const) {
    if (event[key]) state[key] = event[key];
  }
  if (event.occurredAt > state.lastEventAt) state.lastEventAt = event.occurredAt;
}
