import type { FilterQuery } from '@mikro-orm/core';
import type { Client } from '@temporalio/client';
import { Encounter, Hospital, StageInstance } from '../../../models/entities';
import { encounterStateQuery, type EncounterState } from '../../../workflows/encounterTypes';
import type { AppContext } from '../../context';
import { NotFoundError } from '../../errors';
import { ROLE_LEVEL } from '../../rbac/roles';
import { hospitalFromFilters, hospitalWhere, visibleDepartments } from '../../rbac/scope';
import { defineRoute, type RouteSpec } from '../../routing';
import { findPage } from '../paging';
import { hospitalFilterProperties, idParams, listQuery, pageOf, type PageQuery } from '../schemaParts';

const listEncounters = listQuery({
  ...hospitalFilterProperties,
  visitNumber: { type: 'string', maxLength: 64 },
  status: { type: 'string', enum: ['active', 'completed', 'cancelled', 'inactive'] },
  journey: { type: 'string', maxLength: 32 },
  patientId: { type: 'string', format: 'uuid' },
});

type EncounterQuery = PageQuery & { hospitalId?: string; hospitalCode?: string; visitNumber?: string; status?: Encounter['status']; journey?: string; patientId?: string };

function viewEncounter(e: Encounter, hospitalCode: string) {
  return {
    id: e.id,
    hospitalId: e.hospitalId,
    hospitalCode,
    visitNumber: e.visitNumber,
    workflowId: e.workflowId,
    journey: e.journeyCode ?? null,
    journeyVersion: e.journeyVersion ?? null,
    status: e.status,
    patientId: e.patientId ?? null,
    attendingPhysicianId: e.attendingPhysicianId ?? null,
    departmentId: e.departmentId ?? null,
    location: e.location ?? null,
    patientClass: e.patientClass ?? null,
    startedAt: e.startedAt,
    lastEventAt: e.lastEventAt,
    endedAt: e.endedAt ?? null,
  };
}

/**
 * The encounters a caller may see: their hospital and, for a department-bound caller, visits of
 * their department and the units under it. An encounter with no department yet (its point of care
 * matched none) is the hospital's, so, like a case without one, only hospital-wide callers see it.
 */
async function encounterScope(ctx: AppContext): Promise<FilterQuery<Encounter>> {
  const principal = ctx.state.principal!;
  const departments = await visibleDepartments(ctx.state.em, principal);
  return { ...hospitalWhere(principal), ...(departments ? { departmentId: { $in: departments } } : {}) };
}

async function hospitalCodes(ctx: AppContext, ids: string[]): Promise<Map<string, string>> {
  const hospitals = await ctx.state.em.find(Hospital, { id: { $in: [...new Set(ids)] } });
  return new Map(hospitals.map((h) => [h.id, h.code]));
}

/** Encounters: lists from the SQL read model; one encounter with its live stage state from the workflow. */
export function encounterRoutes(temporal: Client): RouteSpec[] {
  return [
    defineRoute<unknown, EncounterQuery>({
      method: 'get',
      path: '/api/v1/encounters',
      tag: 'journeys',
      summary: 'List encounters (patient journeys) in the caller\'s scope',
      access: ROLE_LEVEL.STAFF,
      query: listEncounters,
      async handler(ctx, { query }) {
        const hospitalId = await hospitalFromFilters(ctx.state.em, query);
        if (hospitalId === null) return pageOf([], 0, query);
        // Scope and filters are combined, never merged: a filter cannot widen the caller's scope.
        const where: FilterQuery<Encounter> = {
          $and: [
            await encounterScope(ctx),
            {
              ...(hospitalId ? { hospitalId } : {}),
              ...(query.visitNumber ? { visitNumber: query.visitNumber } : {}),
              ...(query.status ? { status: query.status } : {}),
              ...(query.journey ? { journeyCode: query.journey.toUpperCase() } : {}),
              ...(query.patientId ? { patientId: query.patientId } : {}),
            },
          ],
        };
        const { items, total, totalExact } = await findPage(ctx.state.em, Encounter, where, query, { lastEventAt: 'desc', id: 'asc' });
        const codes = await hospitalCodes(ctx, items.map((e) => e.hospitalId));
        return pageOf(items.map((e) => viewEncounter(e, codes.get(e.hospitalId)!)), total, query, totalExact);
      },
    }),
    defineRoute<{ id: string }>({
      method: 'get',
      path: '/api/v1/encounters/{id}',
      tag: 'journeys',
      summary: 'One encounter with its stages, live from the workflow when it is reachable',
      access: ROLE_LEVEL.STAFF,
      params: idParams,
      async handler(ctx, { params }) {
        const em = ctx.state.em;
        const encounter = await em.findOne(Encounter, { $and: [await encounterScope(ctx), { id: params.id }] });
        if (!encounter) throw NotFoundError('encounter');
        const codes = await hospitalCodes(ctx, [encounter.hospitalId]);
        let live: EncounterState | undefined;
        try {
          live = await temporal.workflow.getHandle(encounter.workflowId).query(encounterStateQuery);
        } catch {
          live = undefined;
        }
        const stored = await em.find(StageInstance, { encounterId: encounter.id }, { orderBy: { position: 'asc' } });
        const stages = live
          ? live.stages.map((s) => ({ code: s.code, status: s.status, completedAt: s.completedAt ?? null, eventCode: s.eventCode ?? null }))
          : stored.map((s) => ({ code: s.code, status: s.status, completedAt: s.completedAt ?? null, eventCode: s.eventCode ?? null }));
        return {
          ...viewEncounter(encounter, codes.get(encounter.hospitalId)!),
          ...(live ? { status: live.status } : {}),
          stages,
          stateSource: live ? 'workflow' : 'read-model',
          events: live?.history.map((h) => ({ eventCode: h.eventCode, occurredAt: h.occurredAt, messageId: h.messageId })) ?? [],
        };
      },
    }),
  ];
}
