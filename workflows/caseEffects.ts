/**
 * What complaints and actions share about their side effects. Update handlers run concurrently
 * (two staff members acting on one case in the same second), so their timeline writes run one at a
 * time, in the order the handlers asked for them; and each timeline write carries the case's whole
 * read-model state as it stands when the write runs, not a change to apply, so the row always ends
 * equal to the workflow's state whatever the order of commits.
 */
import { patched } from '@temporalio/workflow';
import type { CasePatch } from '../activities/cases/caseActivities';

/**
 * A queue of timeline writes: each runs after the one asked for before it has finished (or failed).
 * Runs begun before the queue existed keep writing as they did, so their histories replay.
 */
export function inTurn(): <T>(effect: () => Promise<T>) => Promise<T> {
  if (!patched('case-writes-in-turn')) return (effect) => effect();
  let last: Promise<unknown> = Promise.resolve();
  return <T>(effect: () => Promise<T>): Promise<T> => {
    const run = last.then(effect, effect);
    last = run.catch(() => undefined);
    return run;
  };
}

/** The read-model columns a case's workflow owns, from its state. */
export interface CaseReadModel {
  status: string;
  assigneeId: string | null;
  escalationLevel: number;
}

/** An operation's own columns (its moments, who approved) with the state that holds after it. */
export const withState = (state: CaseReadModel, patch?: CasePatch): CasePatch => ({ ...patch, status: state.status, assigneeId: state.assigneeId, escalationLevel: state.escalationLevel });
