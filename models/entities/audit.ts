import { randomUUID } from 'node:crypto';
import { EntitySchema } from '@mikro-orm/core';

/**
 * One audited action. The table is append-only: a trigger in the migrations refuses UPDATE,
 * DELETE and TRUNCATE, so not even the application's own database user can rewrite history.
 */
export class AuditEvent {
  id: string = randomUUID();
  occurredAt: Date = new Date();
  action!: string;
  outcome: 'success' | 'failure' = 'success';
  actorId?: string | null;
  actorEmail?: string | null;
  entityType?: string | null;
  entityId?: string | null;
  hospitalId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  before?: object | null;
  after?: object | null;
}

export const AuditEventSchema = new EntitySchema<AuditEvent>({
  class: AuditEvent,
  tableName: 'audit_event',
  indexes: [{ properties: ['entityType', 'entityId'] }, { properties: ['hospitalId', 'occurredAt'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    occurredAt: { type: 'datetime', index: true },
    action: { type: 'string', length: 80 },
    outcome: { type: 'string', length: 16 },
    actorId: { type: 'uuid', nullable: true },
    actorEmail: { type: 'string', length: 254, nullable: true },
    entityType: { type: 'string', length: 60, nullable: true },
    entityId: { type: 'string', length: 64, nullable: true },
    hospitalId: { type: 'uuid', nullable: true },
    ip: { type: 'string', length: 64, nullable: true },
    userAgent: { type: 'string', length: 400, nullable: true },
    before: { type: 'json', nullable: true },
    after: { type: 'json', nullable: true },
  },
});
