import type { Client } from '@temporalio/client';
import type { Logger } from '../config/logger';
import { surveyOptOutSignal, surveyReplySignal, surveyResponseSignal } from '../workflows/surveyTypes';

const SIGNALS = { response: surveyResponseSignal, reply: surveyReplySignal, optOut: surveyOptOutSignal };

/**
 * Tells survey workflows what the database already says (answered, opted out) so they stop their
 * timers. Best effort: should Temporal be unreachable, the workflow finds the survey closed when
 * its next reminder comes due and ends then, so the patient's answer is never at risk.
 */
export async function tellSurveyWorkflows(temporal: Client, log: Logger, workflowIds: string[], signal: keyof typeof SIGNALS): Promise<void> {
  await Promise.all(
    workflowIds.map(async (workflowId) => {
      try {
        await temporal.workflow.getHandle(workflowId).signal(SIGNALS[signal]);
      } catch (error) {
        log.warn({ err: error, workflowId, signal }, 'could not signal the survey workflow; it will find the survey closed at its next step');
      }
    }),
  );
}
