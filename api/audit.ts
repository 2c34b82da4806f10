import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditEvent } from '../models/entities';
import type { AppContext } from './context';

export interface AuditEntry {
  action: string;
  outcome?: 'success' | 'failure';
  entityType?: string;
  entityId?: string;
  hospitalId?: string | null;
  before?: object | null;
  after?: object | null;
  /** For events without a signed-in caller (a login attempt). */
  actorEmail?: string;
  actorId?: string;
}

/**
 * Queues an audit row on the request's unit of work, so it commits in the same transaction as the
 * change it describes. Who, from where and with what client come from the request.
 */
export function recordAudit(em: EntityManager, ctx: AppContext, entry: AuditEntry): void {
  const event = new AuditEvent();
  const principal = ctx.state.principal;
  Object.assign(event, {
    action: entry.action,
    outcome: entry.outcome ?? 'success',
    actorId: entry.actorId ?? principal?.id ?? null,
    actorEmail: entry.actorEmail ?? principal?.email ?? null,
    entityType: entry.entityType ?? null,
    entityId: entry.entityId ?? null,
    hospitalId: entry.hospitalId ?? null,
    ip: ctx.ip || null,
    userAgent: ctx.get('user-agent').slice(0, 400) || null,
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
  em.persist(event);
}
