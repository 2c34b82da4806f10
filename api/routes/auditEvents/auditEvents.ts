import type { FilterQuery } from '@mikro-orm/core';
import { AuditEvent } from '../../../models/entities';
import { hospitalFilter } from '../../rbac/principal';
import { ROLE_LEVEL } from '../../rbac/roles';
import { defineRoute, type RouteSpec } from '../../routing';
import { listQuery, pageOf, uuid, type PageQuery } from '../schemaParts';

const listAuditEvents = listQuery({
  action: { type: 'string', maxLength: 80 },
  outcome: { type: 'string', enum: ['success', 'failure'] },
  entityType: { type: 'string', maxLength: 60 },
  entityId: { type: 'string', maxLength: 64 },
  actorId: uuid,
  hospitalId: uuid,
  from: { type: 'string', format: 'date-time' },
  to: { type: 'string', format: 'date-time' },
});

type AuditQuery = PageQuery & Partial<Record<'action' | 'outcome' | 'entityType' | 'entityId' | 'actorId' | 'hospitalId' | 'from' | 'to', string>>;

/** The audit trail, newest first; hospital admins see their hospital's, PX admins everything. */
export function auditEventRoutes(): RouteSpec[] {
  return [
    defineRoute<unknown, AuditQuery>({
      method: 'get',
      path: '/api/v1/audit-events',
      tag: 'audit',
      summary: 'Search the audit trail (append-only)',
      access: ROLE_LEVEL.HOSPITAL_ADMIN,
      query: listAuditEvents,
      async handler(ctx, { query }) {
        const own = hospitalFilter(ctx.state.principal!);
        const occurredAt = { ...(query.from ? { $gte: new Date(query.from) } : {}), ...(query.to ? { $lt: new Date(query.to) } : {}) };
        const where: FilterQuery<AuditEvent> = {
          ...(own ? { hospitalId: own } : query.hospitalId ? { hospitalId: query.hospitalId } : {}),
          ...(query.action ? { action: query.action } : {}),
          ...(query.outcome ? { outcome: query.outcome as 'success' | 'failure' } : {}),
          ...(query.entityType ? { entityType: query.entityType } : {}),
          ...(query.entityId ? { entityId: query.entityId } : {}),
          ...(query.actorId ? { actorId: query.actorId } : {}),
          ...(query.from || query.to ? { occurredAt } : {}),
        };
        const [items, total] = await ctx.state.em.findAndCount(AuditEvent, where, {
          limit: query.limit,
          offset: query.offset,
          orderBy: { occurredAt: 'desc', id: 'desc' },
        });
        return pageOf(items, total, query);
      },
    }),
  ];
}
