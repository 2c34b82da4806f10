import type { FilterQuery } from '@mikro-orm/core';
import { AuditEvent } from '../../../models/entities';
import { ValidationError } from '../../errors';
import { hospitalFilter } from '../../rbac/principal';
import { ROLE_LEVEL } from '../../rbac/roles';
import { defineRoute, type RouteSpec } from '../../routing';
import { answerObject, listQuery, pageOf, pageSchema, uuid, type PageQuery } from '../schemaParts';
import { findPage } from '../paging';

const listAuditEvents = listQuery({
  action: { type: 'string', maxLength: 80, description: 'exact (`user.update`), or every action of a kind with a trailing `*` (`auth.*`)' },
  outcome: { type: 'string', enum: ['success', 'failure'] },
  entityType: { type: 'string', maxLength: 60 },
  entityId: { type: 'string', maxLength: 64 },
  actorId: uuid,
  actorEmail: { type: 'string', maxLength: 254, description: 'who acted (or tried to sign in), by email' },
  hospitalId: uuid,
  from: { type: 'string', format: 'date-time', description: 'from this instant (inclusive)' },
  to: { type: 'string', format: 'date-time', description: 'before this instant' },
});

const auditEventView = answerObject({
  id: uuid,
  occurredAt: { type: 'string', format: 'date-time' },
  action: { type: 'string' },
  outcome: { type: 'string', enum: ['success', 'failure'] },
  actorId: { type: ['string', 'null'] },
  actorEmail: { type: ['string', 'null'] },
  entityType: { type: ['string', 'null'] },
  entityId: { type: ['string', 'null'] },
  hospitalId: { type: ['string', 'null'] },
  ip: { type: ['string', 'null'] },
  userAgent: { type: ['string', 'null'] },
  before: { type: ['object', 'null'], description: 'ids, states and (for configuration) values before the change' },
  after: { type: ['object', 'null'], description: 'the same after it, with the names of the changed fields' },
});

/** `auth.*` → every action starting `auth.`; LIKE wildcards in the rest are taken literally. */
function actionWhere(action: string): { action: string | { $like: string } } {
  if (!action.endsWith('*')) return { action };
  return { action: { $like: `${action.slice(0, -1).replace(/[\\%_]/g, '\\$&')}%` } };
}

type AuditQuery = PageQuery & Partial<Record<'action' | 'outcome' | 'entityType' | 'entityId' | 'actorId' | 'actorEmail' | 'hospitalId' | 'from' | 'to', string>>;

/** The audit trail, newest first; hospital admins see their hospital's, PX admins everything. */
export function auditEventRoutes(): RouteSpec[] {
  return [
    defineRoute<unknown, AuditQuery>({
      method: 'get',
      path: '/api/v1/audit-events',
      operationId: 'listAuditEvents',
      tag: 'audit',
      summary: 'Search the audit trail (append-only)',
      access: ROLE_LEVEL.HOSPITAL_ADMIN,
      query: listAuditEvents,
      response: { schema: pageSchema(auditEventView) },
      async handler(ctx, { query }) {
        if (query.from && query.to && new Date(query.from) >= new Date(query.to)) throw ValidationError([{ field: 'to', message: 'must be after from' }]);
        const own = hospitalFilter(ctx.state.principal!);
        const occurredAt = { ...(query.from ? { $gte: new Date(query.from) } : {}), ...(query.to ? { $lt: new Date(query.to) } : {}) };
        const where: FilterQuery<AuditEvent> = {
          ...(own ? { hospitalId: own } : query.hospitalId ? { hospitalId: query.hospitalId } : {}),
          ...(query.action ? actionWhere(query.action) : {}),
          ...(query.outcome ? { outcome: query.outcome as 'success' | 'failure' } : {}),
          ...(query.entityType ? { entityType: query.entityType } : {}),
          ...(query.entityId ? { entityId: query.entityId } : {}),
          ...(query.actorId ? { actorId: query.actorId } : {}),
          ...(query.actorEmail ? { actorEmail: query.actorEmail.toLowerCase() } : {}),
          ...(query.from || query.to ? { occurredAt } : {}),
        };
        const { items, total, totalExact } = await findPage(ctx.state.em, AuditEvent, where, query, { occurredAt: 'desc', id: 'desc' });
        return pageOf(items, total, query, totalExact);
      },
    }),
  ];
}
