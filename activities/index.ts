import type { Logger } from '../config/logger';
import type { Orm } from '../models/orm';
import { encounterActivities } from './encounters';

/** What activities may use; the worker passes the real things, tests pass their own. */
export interface ActivityDependencies {
  orm: Orm;
  log: Logger;
}

/**
 * Builds every activity the worker registers. Workflows see only the type of this object
 * (`proxyActivities<Activities>`), never the implementations.
 */
export function createActivities(deps: ActivityDependencies) {
  return {
    ...encounterActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
