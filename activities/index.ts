import type { Config } from '../config';
import type { Logger } from '../config/logger';
import type { Orm } from '../models/orm';
import { encounterActivities } from './encounters';
import type { NotificationChannels } from './notifications';
import { surveyActivities, type SurveyOutcomeHook } from './surveys/surveyActivities';

/** What activities may use; the worker passes the real things, tests pass their own. */
export interface ActivityDependencies {
  orm: Orm;
  log: Logger;
  /** `PX_SURVEY_*` timing defaults. */
  surveys: Config['surveys'];
  /** Base URL of the patient survey links. */
  publicUrl: string;
  channels: NotificationChannels;
  /** Told about every answered survey (the PX action centre opens actions from negative ones). */
  surveyHooks?: SurveyOutcomeHook[];
}

/**
 * Builds every activity the worker registers. Workflows see only the type of this object
 * (`proxyActivities<Activities>`), never the implementations.
 */
export function createActivities(deps: ActivityDependencies) {
  return {
    ...encounterActivities(deps),
    ...surveyActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
