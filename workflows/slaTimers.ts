/** The SLA timers a case workflow waits on, as plain data: pure and deterministic. */
import type { SlaPlan } from './caseTypes';

export interface SlaTimer {
  at: number;
  kind: 'reminder' | 'breach';
  clock: 'acknowledge' | 'resolve';
  /** Which reminder (1, 2, …) of its clock; 0 for the breach. */
  index: number;
  /** The resolution cycle the timer belongs to (a reopened complaint starts a new one). */
  cycle: number;
}

/** Reminders and the breach of each clock in a plan. */
export function timersOf(plan: SlaPlan, cycle: number, clocks: ('acknowledge' | 'resolve')[]): SlaTimer[] {
  const timers: SlaTimer[] = [];
  if (clocks.includes('acknowledge') && plan.acknowledgeBy !== null) {
    plan.acknowledgeReminders.forEach((at, i) => timers.push({ at, kind: 'reminder', clock: 'acknowledge', index: i + 1, cycle }));
    timers.push({ at: plan.acknowledgeBy, kind: 'breach', clock: 'acknowledge', index: 0, cycle });
  }
  if (clocks.includes('resolve')) {
    plan.resolveReminders.forEach((at, i) => timers.push({ at, kind: 'reminder', clock: 'resolve', index: i + 1, cycle }));
    timers.push({ at: plan.resolveBy, kind: 'breach', clock: 'resolve', index: 0, cycle });
  }
  return timers;
}

/** The timer due first; a breach and a reminder at the same instant fire reminder first. */
export function nextTimer(timers: SlaTimer[]): SlaTimer | undefined {
  return [...timers].sort((a, b) => a.at - b.at || (a.kind === b.kind ? 0 : a.kind === 'reminder' ? -1 : 1))[0];
}

/** The timers left once a clock stops (acknowledged, resolved). */
export function withoutClock(timers: SlaTimer[], clock: SlaTimer['clock']): SlaTimer[] {
  return timers.filter((t) => t.clock !== clock);
}

export const timerKey = (t: SlaTimer) => `${t.clock}-${t.kind}-${t.cycle}-${t.index}`;
