import type { FilterQuery } from '@mikro-orm/core';
import type { Client } from '@temporalio/client';
import { Encounter, StageInstance } from '../../../models/entities';
import { ENCOUNTER_STATUSES } from '../../../models/rules/statuses';
import { encounterStateQuery, type EncounterState } from '../../../workflows/encounterTypes';
import type { AppContext } from '../../context';
import { NotFoundError, ValidationError } from '../../errors';
import { ROLE_LEVEL } from '../../rbac/roles';
import { hospitalFromFilters, hospitalWhere, visibleDepartments } from '../../rbac/scope';
import { defineRoute, type RouteSpec } from '../../routing';
import { cursorFor, findKeysetPage, findPage, readCursor } from '../paging';
import { answerObject, cursorPageSchema, hospitalFilterProperties, idParams, listQuery, nullableUuid, pageOf, stamp, uuid, type PageQuery } from '../schemaParts';

const listEncounters = listQuery({
  ...hospitalFilterProperties,
  visitNumber: { type: 'string', maxLength: 64 },
  status: { type: 'string', enum: ENCOUNTER_STATUSES },
  journey: { type: 'string', maxLength: 32 },
  patientId: { type: 'string', format: 'uuid' },
  after: {
    type: 'string',
    maxLength: 200,
    description: 'The `nextCursor` of the previous page: the page after it, as fast deep in the list as at its start (instead of `offset`)',
  },
});

const nullableText = { type: ['string', 'null'] } as const;
const encounterStatus = { type: 'string', enum: ENCOUNTER_STATUSES } as const;

const encounterView = answerObject({
  id: uuid,
  hospitalId: uuid,
  hospitalCode: { type: 'string' },
  visitNumber: { type: 'string' },
  workflowId: { type: 'string' },
  journey: { ...nullableText, description: 'the journey code it follows' },
  journeyVersion: { type: ['integer', 'null'] },
  status: encounterStatus,
  patientId: nullableUuid,
  attendingPhysicianId: nullableUuid,
  departmentId: nullableUuid,
  location: nullableText,
  patientClass: nullableText,
  startedAt: stamp,
  lastEventAt: stamp,
  endedAt: { type: ['string', 'null'], format: 'date-time' },
});

const encounterDetailView = answerObject({
  ...encounterView.properties,
  stages: {
    type: 'array',
    items: answerObject({ code: { type: 'string' }, status: { type: 'string' }, completedAt: { type: ['string', 'null'] }, eventCode: nullableText }),
  },
  stateSource: { type: 'string', enum: ['workflow', 'read-model'], description: 'workflow: live; read-model: the stored copy (the workflow did not answer)' },
  events: {
    type: 'array',
    description: 'every event the workflow applied, in order; empty from the read model',
    items: answerObject({ eventCode: { type: 'string' }, occurredAt: { type: 'string' }, messageId: { type: 'string' } }),
  },
});

type EncounterQuery = PageQuery & { after?: string; hospitalId?: string; hospitalCode?: string; visitNumber?: string; status?: Encounter['status']; journey?: string; patientId?: string };

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

async function encounterPage(ctx: AppContext, items: Encounter[], total: number, query: PageQuery, totalExact: boolean) {
  const codes = await hospitalCodes(ctx, items.map((e) => e.hospitalId));
  return pageOf(items.map((e) => viewEncounter(e, codes.get(e.hospitalId)!)), total, query, totalExact);
}

/** The exact (microsecond) last-event time of a row, read back from the database, as a cursor. */
async function cursorOf(ctx: AppContext, encounter: Encounter): Promise<string> {
  const [row] = await ctx.state.em
    .getConnection()
    .execute<{ at: string }[]>(`select to_char(last_event_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as at from encounter where id = ?`, [encounter.id]);
  return cursorFor(row.at, encounter.id);
}

async function hospitalCodes(ctx: AppContext, ids: string[]): Promise<Map<string, string>> {
  const distinct = [...new Set(ids)];
  if (!distinct.length) return new Map();
  const hospitals = await ctx.state.em.getConnection().execute<{ id: string; code: string }[]>(`select id, code from hospital where id in (${distinct.map(() => '?').join(', ')})`, distinct);
  return new Map(hospitals.map((h) => [h.id, h.code]));
}

/** Encounters: lists from the SQL read model; one encounter with its live stage state from the workflow. */
export function encounterRoutes(temporal: Client): RouteSpec[] {
  return [
    defineRoute<unknown, EncounterQuery>({
      method: 'get',
      path: '/api/v1/encounters',
      operationId: 'listEncounters',
      tag: 'journeys',
      summary: 'List encounters (patient journeys) in the caller\'s scope',
      access: ROLE_LEVEL.STAFF,
      query: listEncounters,
      response: { schema: cursorPageSchema(encounterView) },
      async handler(ctx, { query }) {
        const hospitalId = await hospitalFromFilters(ctx.state.em, query);
        if (hospitalId === null) return { ...pageOf([], 0, query), nextCursor: null };
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
        // The first page and every page after a cursor are read by keyset, which also gives the next cursor.
        if (query.after !== undefined || query.offset === 0) {
          const cursor = query.after === undefined ? undefined : readCursor(query.after);
          if (query.after !== undefined && !cursor) throw ValidationError([{ field: 'after', message: 'is not a cursor this list gave (use nextCursor of the previous page)' }]);
          if (query.offset > 0) throw ValidationError([{ field: 'offset', message: 'cannot be combined with after' }]);
          const page = await findKeysetPage(ctx.state.em, Encounter, where, 'last_event_at', query.limit, cursor);
          return { ...(await encounterPage(ctx, page.items, page.total, query, page.totalExact)), nextCursor: page.nextCursor };
        }
        const { items, total, totalExact } = await findPage(ctx.state.em, Encounter, where, query, { lastEventAt: 'desc', id: 'desc' });
        const reply = await encounterPage(ctx, items, total, query, totalExact);
        // The keyset cursor of this page's last row, so a caller can go on without offsets.
        const last = items[items.length - 1];
        const more = query.offset + items.length < total || !totalExact;
        return { ...reply, nextCursor: last && more ? await cursorOf(ctx, last) : null };
      },
    }),
    defineRoute<{ id: string }>({
      method: 'get',
      path: '/api/v1/encounters/{id}',
      operationId: 'getEncounter',
      tag: 'journeys',
      summary: 'One encounter with its stages, live from the workflow when it is reachable',
      access: ROLE_LEVEL.STAFF,
      params: idParams,
      response: { schema: encounterDetailView },
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
