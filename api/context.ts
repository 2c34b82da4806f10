import type { ParameterizedContext } from 'koa';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import type { Logger } from '../config/logger';
import type { Orm } from '../models/orm';
import type { Principal } from './rbac/principal';

export interface AppState {
  em: EntityManager;
  principal?: Principal;
  requestId: string;
}

export type AppContext = ParameterizedContext<AppState>;

/** A dependency the health endpoint checks: resolves when up, rejects with the reason when down. */
export type DependencyProbe = () => Promise<void>;

/** What routes are built from; tests build the same thing against their own database and Temporal. */
export interface ApiServices {
  config: Config;
  orm: Orm;
  /** Temporal, for live workflow state (queries) and operations on running workflows. */
  temporal: Client;
  log: Logger;
  jwtSecret: string;
  probes: Record<string, DependencyProbe>;
  /** Where workflows the API starts (complaints, actions) run; the worker's queue. */
  taskQueue: string;
  /** Told when an intake endpoint stored a new inbox row, so the relay delivers without waiting. */
  onInboxAccepted?: () => void;
}
