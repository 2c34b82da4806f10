import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { EventMapping, IntegrationSource } from '../../../models/entities';
import { recordAudit } from '../../audit';
import type { AppContext } from '../../context';
import { NotFoundError, ValidationError } from '../../errors';
import { isGroupWide, type Principal } from '../../rbac/principal';
import { ROLE_LEVEL } from '../../rbac/roles';
import { defineRoute, type RouteSpec } from '../../routing';
import { sourceScope } from '../integrationSources/integrationSources';
import { idParams, pageOf, pageSchema, type PageQuery } from '../schemaParts';
import { createMapping, listMappings, mappingView, updateMapping } from './schema';

type MappingPayload = Partial<Pick<EventMapping, 'messageType' | 'triggerEvent' | 'patientClass' | 'serviceSection' | 'eventCode' | 'priority' | 'sourceId' | 'active'>>;
type MappingQuery = PageQuery & { messageType?: string; triggerEvent?: string; eventCode?: string; sourceId?: string };

export const viewMapping = (m: EventMapping) => ({
  id: m.id,
  sourceId: m.sourceId ?? null,
  messageType: m.messageType,
  triggerEvent: m.triggerEvent,
  patientClass: m.patientClass ?? null,
  serviceSection: m.serviceSection ?? null,
  eventCode: m.eventCode,
  priority: m.priority,
  active: m.active,
  createdAt: m.createdAt,
  updatedAt: m.updatedAt,
});

/** Rules for every source, plus those of the sources the caller can see (theirs and group-wide ones). */
async function scope(em: EntityManager, principal: Principal): Promise<FilterQuery<EventMapping>> {
  if (isGroupWide(principal)) return {};
  const sources = await em.find(IntegrationSource, sourceScope(principal), { fields: ['id'] });
  return { $or: [{ sourceId: null }, { sourceId: { $in: sources.map((s) => s.id) } }] };
}

async function findVisible(ctx: AppContext, id: string): Promise<EventMapping> {
  const em = ctx.state.em;
  const mapping = await em.findOne(EventMapping, { $and: [await scope(em, ctx.state.principal!), { id }] });
  if (!mapping) throw NotFoundError('event mapping');
  return mapping;
}

/** A source a payload names must be one the caller can see; answers its hospital, which the audit row carries. */
async function checkSource(em: EntityManager, principal: Principal, sourceId: string | null | undefined): Promise<string | null> {
  if (!sourceId) return null;
  const source = await em.findOne(IntegrationSource, { $and: [sourceScope(principal), { id: sourceId }] });
  if (!source) throw ValidationError([{ field: 'sourceId', message: 'is not a known integration source' }]);
  return source.hospitalId ?? null;
}

/** The hospital of a stored rule's source, even a deleted one, for the audit row. */
async function hospitalOfRule(em: EntityManager, mapping: EventMapping): Promise<string | null> {
  return mapping.sourceId ? ((await em.findOne(IntegrationSource, { id: mapping.sourceId }))?.hospitalId ?? null) : null;
}

/** HL7 type/trigger (plus conditions) -> event code rules; the relay picks changes up within seconds. */
export function eventMappingRoutes(): RouteSpec[] {
  return [
    defineRoute<unknown, MappingQuery>({
      method: 'get',
      path: '/api/v1/integration/event-mappings',
      operationId: 'listEventMappings',
      tag: 'integration',
      summary: 'List HL7 event mapping rules',
      access: ROLE_LEVEL.HOSPITAL_ADMIN,
      query: listMappings,
      response: { schema: pageSchema(mappingView) },
      async handler(ctx, { query }) {
        const em = ctx.state.em;
        const filters: FilterQuery<EventMapping> = {
          ...(query.messageType ? { messageType: query.messageType.toUpperCase() } : {}),
          ...(query.triggerEvent ? { triggerEvent: query.triggerEvent.toUpperCase() } : {}),
          ...(query.eventCode ? { eventCode: query.eventCode } : {}),
          ...(query.sourceId ? { sourceId: query.sourceId } : {}),
        };
        const [items, total] = await em.findAndCount(EventMapping, { $and: [await scope(em, ctx.state.principal!), filters] }, {
          limit: query.limit,
          offset: query.offset,
          orderBy: { messageType: 'asc', triggerEvent: 'asc', priority: 'desc', createdAt: 'asc', id: 'asc' },
        });
        return pageOf(items.map(viewMapping), total, query);
      },
    }),
    defineRoute<{ id: string }>({
      method: 'get',
      path: '/api/v1/integration/event-mappings/{id}',
      operationId: 'getEventMapping',
      tag: 'integration',
      summary: 'One event mapping rule',
      access: ROLE_LEVEL.HOSPITAL_ADMIN,
      params: idParams,
      response: { schema: mappingView },
      handler: async (ctx, { params }) => viewMapping(await findVisible(ctx, params.id)),
    }),
    defineRoute<unknown, unknown, MappingPayload>({
      method: 'post',
      path: '/api/v1/integration/event-mappings',
      operationId: 'createEventMapping',
      tag: 'integration',
      summary: 'Add an event mapping rule',
      access: ROLE_LEVEL.PX_ADMIN,
      body: createMapping,
      response: { status: 201, schema: mappingView },
      async handler(ctx, { body }) {
        const em = ctx.state.em;
        const hospitalId = await checkSource(em, ctx.state.principal!, body.sourceId);
        const mapping = Object.assign(new EventMapping(), body, { sourceId: body.sourceId ?? null });
        em.persist(mapping);
        recordAudit(em, ctx, { action: 'event_mapping.create', entityType: 'event_mapping', entityId: mapping.id, hospitalId, after: viewMapping(mapping) });
        await em.flush();
        return viewMapping(mapping);
      },
    }),
    defineRoute<{ id: string }, unknown, MappingPayload>({
      method: 'patch',
      path: '/api/v1/integration/event-mappings/{id}',
      operationId: 'updateEventMapping',
      tag: 'integration',
      summary: 'Change an event mapping rule',
      access: ROLE_LEVEL.PX_ADMIN,
      params: idParams,
      body: updateMapping,
      response: { schema: mappingView },
      async handler(ctx, { params, body }) {
        const em = ctx.state.em;
        const mapping = await findVisible(ctx, params.id);
        const hospitalId = body.sourceId !== undefined ? await checkSource(em, ctx.state.principal!, body.sourceId) : await hospitalOfRule(em, mapping);
        const before = viewMapping(mapping);
        em.assign(mapping, body);
        recordAudit(em, ctx, { action: 'event_mapping.update', entityType: 'event_mapping', entityId: mapping.id, hospitalId, before, after: viewMapping(mapping) });
        await em.flush();
        return viewMapping(mapping);
      },
    }),
    defineRoute<{ id: string }>({
      method: 'delete',
      path: '/api/v1/integration/event-mappings/{id}',
      operationId: 'deleteEventMapping',
      tag: 'integration',
      summary: 'Delete an event mapping rule (the audit trail keeps what it was)',
      access: ROLE_LEVEL.PX_ADMIN,
      params: idParams,
      response: { status: 204 },
      async handler(ctx, { params }) {
        const em = ctx.state.em;
        const mapping = await findVisible(ctx, params.id);
        const hospitalId = await hospitalOfRule(em, mapping);
        recordAudit(em, ctx, { action: 'event_mapping.delete', entityType: 'event_mapping', entityId: mapping.id, hospitalId, before: viewMapping(mapping) });
        em.remove(mapping);
        await em.flush();
        return undefined;
      },
    }),
  ];
}
