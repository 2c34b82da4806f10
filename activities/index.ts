import type { Config } from '../config';
import type { Logger } from '../config/logger';
import type { Orm } from '../models/orm';
import { encounterActivities } from './encounters';
import type { NotificationChannels } from './notifications';
import { caseActivities } from './cases/caseActivities';
import { surveyActivities } from './surveys/surveyActivities';
import { kpiActivities } from './analytics/kpiActivities';
import { physicianRatingActivities } from './analytics/physicianRatingsStore';

/** What activities may use; the worker passes the real things, tests pass their own. */
export interface ActivityDependencies {
  orm: Orm;
  log: Logger;
  /** `PX_SURVEY_*` timing defaults. */
  surveys: Config['surveys'];
  /** Base URL of the patient survey links. */
  publicUrl: string;
  channels: NotificationChannels;
  /** How long a resolved complaint waits for the patient's verdict before it closes. */
  complaintCloseAfterMs: number;
}

/**
 * Builds every activity the worker registers. Workflows see only the type of this object
 * (`proxyActivities<Activities>`), never the implementations.
 */
export function createActivities(deps: ActivityDependencies) {
  return {
    ...encounterActivities(deps),
    ...surveyActivities(deps),
    ...caseActivities(deps),
    ...kpiActivities(deps),
    ...physicianRatingActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
