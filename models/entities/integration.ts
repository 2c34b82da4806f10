import { EntitySchema } from '@mikro-orm/core';
import { Stamped, recordProperties, SoftDeletable, softDeleteProperties } from './base';
import { Hospital } from './organizations';
import type { InboxStatus } from '../rules/statuses';

export type IntakeChannel = 'mllp' | 'fhir' | 'rest';
export type Hl7CharsetName = 'UTF-8' | 'ISO-8859-6' | 'ISO-8859-1' | 'ASCII';

/**
 * A system that sends us events: an interface engine over MLLP (recognised by MSH-3), a FHIR
 * client or a REST caller (recognised by its API key, stored only as a SHA-256 hash).
 */
export class IntegrationSource extends SoftDeletable {
  code!: string;
  name!: string;
  type!: IntakeChannel;
  hospitalId?: string | null;
  /** MSH-3 (HD.1) this source sends as; used to pick its default charset. */
  sendingApplication?: string | null;
  defaultCharset: Hl7CharsetName = 'UTF-8';
  apiKeyHash?: string | null;
  apiKeyPrefix?: string | null;
  active = true;
}

export const IntegrationSourceSchema = new EntitySchema<IntegrationSource>({
  class: IntegrationSource,
  tableName: 'integration_source',
  properties: {
    ...softDeleteProperties,
    code: { type: 'string', length: 40, unique: true },
    name: { type: 'string', length: 200 },
    type: { type: 'string', length: 8 },
    hospitalId: { kind: 'm:1', entity: () => Hospital, mapToPk: true, fieldName: 'hospital_id', nullable: true, deleteRule: 'restrict' },
    sendingApplication: { type: 'string', length: 180, nullable: true, index: true },
    defaultCharset: { type: 'string', length: 16, default: 'UTF-8' },
    apiKeyHash: { type: 'string', length: 64, nullable: true, unique: true },
    apiKeyPrefix: { type: 'string', length: 12, nullable: true },
    active: { type: 'boolean', default: true },
  },
});

/**
 * One inbound message exactly as it arrived (raw bytes), committed before it is acknowledged.
 * `seq` is the intake order the relay follows. A duplicate of an accepted message (same MSH-3,
 * MSH-4, MSH-10) adds no row: it bumps `duplicates` and gets `ack` again.
 */
export class InboxMessage {
  id!: string;
  seq!: string;
  receivedAt!: Date;
  channel!: IntakeChannel;
  sourceId?: string | null;
  remoteAddress?: string | null;
  raw!: Buffer;
  charset?: string | null;
  sendingApplication?: string | null;
  sendingFacility?: string | null;
  controlId?: string | null;
  messageType?: string | null;
  triggerEvent?: string | null;
  hospitalId?: string | null;
  status!: InboxStatus;
  error?: string | null;
  attempts = 0;
  nextAttemptAt?: Date | null;
  processedAt?: Date | null;
  eventCode?: string | null;
  workflowId?: string | null;
  ack?: string | null;
  duplicates = 0;
}

export const InboxMessageSchema = new EntitySchema<InboxMessage>({
  class: InboxMessage,
  tableName: 'inbox_message',
  indexes: [{ properties: ['status', 'seq'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    seq: { type: 'bigint', unique: true, defaultRaw: `nextval('inbox_message_seq')` },
    receivedAt: { type: 'datetime', defaultRaw: 'now()' },
    channel: { type: 'string', length: 8 },
    sourceId: { type: 'uuid', nullable: true },
    remoteAddress: { type: 'string', length: 64, nullable: true },
    raw: { type: 'blob', lazy: true },
    charset: { type: 'string', length: 16, nullable: true },
    sendingApplication: { type: 'string', length: 180, nullable: true },
    sendingFacility: { type: 'string', length: 180, nullable: true },
    controlId: { type: 'string', length: 199, nullable: true },
    messageType: { type: 'string', length: 8, nullable: true },
    triggerEvent: { type: 'string', length: 8, nullable: true },
    hospitalId: { type: 'uuid', nullable: true },
    status: { type: 'string', length: 12 },
    error: { type: 'text', nullable: true },
    attempts: { type: 'integer', default: 0 },
    nextAttemptAt: { type: 'datetime', nullable: true },
    processedAt: { type: 'datetime', nullable: true },
    eventCode: { type: 'string', length: 40, nullable: true },
    workflowId: { type: 'string', length: 200, nullable: true },
    ack: { type: 'text', nullable: true },
    duplicates: { type: 'integer', default: 0 },
  },
});

/** HL7 type/trigger plus optional conditions -> an internal event code; the most specific rule wins. */
export class EventMapping extends Stamped {
  sourceId?: string | null;
  messageType!: string;
  triggerEvent!: string;
  patientClass?: string | null;
  serviceSection?: string | null;
  eventCode!: string;
  priority = 0;
  active = true;
}

export const EventMappingSchema = new EntitySchema<EventMapping>({
  class: EventMapping,
  tableName: 'event_mapping',
  indexes: [{ properties: ['messageType', 'triggerEvent'] }],
  properties: {
    ...recordProperties,
    sourceId: { kind: 'm:1', entity: () => IntegrationSource, mapToPk: true, fieldName: 'source_id', nullable: true, deleteRule: 'cascade' },
    messageType: { type: 'string', length: 8 },
    triggerEvent: { type: 'string', length: 8 },
    patientClass: { type: 'string', length: 8, nullable: true },
    serviceSection: { type: 'string', length: 16, nullable: true },
    eventCode: { type: 'string', length: 40 },
    priority: { type: 'integer', default: 0 },
    active: { type: 'boolean', default: true },
  },
});
