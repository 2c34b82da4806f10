import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Who is calling the FHIR server, once the api has authenticated them: an integration source by
 * its API key, or a staff member by their bearer token. The FHIR code sees only this.
 */
export interface FhirCaller {
  kind: 'source' | 'staff';
  /** The one hospital the caller may read and write; null: every hospital. */
  hospitalId: string | null;
  /** As audit rows name the actor: `source:{code}`, or the staff member's email. */
  actorEmail: string;
  /** The staff member's user id (audit), when a person calls. */
  actorId?: string;
  /** The integration source, when a system calls. */
  sourceId?: string;
  /** What the inbox records as the sending application of what the caller sends. */
  sendingApplication: string;
}

/** One audit row, written in the unit of work of the change it records. */
export interface FhirAuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  hospitalId: string;
  before?: object | null;
  after?: object | null;
}

/** One authenticated FHIR request: who sent it, the unit of work it runs in, and what it sent. */
export interface FhirRequest {
  caller: FhirCaller;
  em: EntityManager;
  /** The resource as sent (parsed JSON). */
  body: unknown;
  /** The body exactly as received, when there was one. */
  rawBody?: string;
  remoteAddress?: string;
  /** Records an audit row in `em`, with the request's address and agent. */
  audit(entry: FhirAuditEntry): void;
}

/** What a FHIR interaction answers: status, the resource, and where a created one can be read. */
export interface FhirReply {
  status: number;
  resource: object;
  location?: string;
}

/** Whether the caller may see a record of `hospitalId`. */
export const mayAccess = (caller: FhirCaller, hospitalId: string | null | undefined) => caller.hospitalId === null || caller.hospitalId === hospitalId;

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
