/**
 * Escalations nobody heard: a case's escalation reached a level whose role, and every role above
 * it, had no active holder where the case lives (a fresh hospital, a manager on leave), so no one
 * was told. The caseActivities write an `escalation_unheard` line on the case's timeline; this
 * lists the unresolved cases that carry one, in the caller's scope, so a PX coordinator can act.
 */
import type { FilterQuery } from '@mikro-orm/core';
import { CaseEvent, Complaint, PxAction } from '../../../models/entities';
import { OPEN_ACTION_STATUSES, OPEN_COMPLAINT_STATUSES } from '../../../models/rules/statuses';
import { ROLE_LEVEL } from '../../rbac/roles';
import { hospitalFromFilters } from '../../rbac/scope';
import { defineRoute, type RouteSpec } from '../../routing';
import { caseScope } from '../complaints/cases';
import { answerObject, hospitalFilterProperties, listQuery, pageOf, pageSchema, stamp, uuid, type PageQuery } from '../schemaParts';

/** How far back the list looks; an escalation older than this is history, not a to-do. */
const LOOKBACK_DAYS = 90;
/** At most this many unheard lines are read per request: a bound, whatever the backlog. */
const READ_CAP = 1000;

type UnheardQuery = PageQuery & { hospitalId?: string; hospitalCode?: string };

const unheardView = answerObject({
  entityType: { type: 'string', enum: ['complaint', 'action'] },
  id: uuid,
  hospitalId: uuid,
  referenceNo: { type: 'string' },
  status: { type: 'string' },
  escalationLevel: { type: 'integer' },
  role: { type: ['string', 'null'], description: 'the ladder role that had no active holder' },
  at: { ...stamp, description: 'when the escalation went unheard (the latest time, if more than once)' },
});

export function unheardEscalationRoutes(): RouteSpec[] {
  return [
    defineRoute<unknown, UnheardQuery>({
      method: 'get',
      path: '/api/v1/escalations/unheard',
      operationId: 'listUnheardEscalations',
      tag: 'complaints',
      summary: `Unresolved complaints and PX actions whose escalation no one heard (no active holder of the ladder's roles), latest first, within ${LOOKBACK_DAYS} days`,
      access: ROLE_LEVEL.PX_COORDINATOR,
      query: listQuery({ ...hospitalFilterProperties }),
      response: { schema: pageSchema(unheardView) },
      async handler(ctx, { query }) {
        const em = ctx.state.em;
        const hospitalId = await hospitalFromFilters(em, query);
        if (hospitalId === null) return pageOf([], 0, query);
        const since = new Date(Date.now() - LOOKBACK_DAYS * 86_400_000);
        const events = await em.find(CaseEvent, { kind: 'escalation_unheard', at: { $gte: since } }, { orderBy: { at: 'desc' }, limit: READ_CAP });
        const latest = new Map<string, CaseEvent>();
        for (const event of events) if (!latest.has(event.entityId)) latest.set(event.entityId, event);
        const idsOf = (type: string) => [...latest.values()].filter((e) => e.entityType === type).map((e) => e.entityId);
        const scope = await caseScope(ctx);
        const narrowed = hospitalId ? { hospitalId } : {};
        const complaintIds = idsOf('complaint');
        const actionIds = idsOf('action');
        const complaints = complaintIds.length
          ? await em.find(Complaint, { $and: [scope, narrowed, { id: { $in: complaintIds }, status: { $in: OPEN_COMPLAINT_STATUSES } }] } as FilterQuery<Complaint>)
          : [];
        const actions = actionIds.length
          ? await em.find(PxAction, { $and: [scope, narrowed, { id: { $in: actionIds }, status: { $in: OPEN_ACTION_STATUSES } }] } as FilterQuery<PxAction>)
          : [];
        const rows = [
          ...complaints.map((c) => ({ entityType: 'complaint' as const, row: c })),
          ...actions.map((a) => ({ entityType: 'action' as const, row: a })),
        ].map(({ entityType, row }) => {
          const event = latest.get(row.id)!;
          return {
            entityType,
            id: row.id,
            hospitalId: row.hospitalId,
            referenceNo: row.referenceNo,
            status: row.status,
            escalationLevel: row.escalationLevel,
            role: typeof event.data?.role === 'string' ? event.data.role : null,
            at: event.at.toISOString(),
          };
        });
        rows.sort((a, b) => b.at.localeCompare(a.at) || a.id.localeCompare(b.id));
        return pageOf(rows.slice(query.offset, query.offset + query.limit), rows.length, query);
      },
    }),
  ];
}
