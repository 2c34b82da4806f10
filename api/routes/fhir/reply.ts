import type { EntityManager } from '@mikro-orm/postgresql';
import type { IntegrationSource } from '../../../models/entities';
import type { AppContext } from '../../context';

/** What a FHIR interaction answers: status, the resource, and where a created one can be read. */
export interface FhirReply {
  status: number;
  resource: object;
  location?: string;
}

/** One authenticated FHIR request: who sent it and the unit of work it runs in. */
export interface FhirRequest {
  ctx: AppContext;
  em: EntityManager;
  source: IntegrationSource;
  /** The resource as sent (parsed JSON). */
  body: unknown;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
