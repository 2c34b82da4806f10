import { QueryOrder, type FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Hospital, Role, SlaPolicy, type SlaEntity } from '../../../models/entities';
import type { ComplaintSeverity } from '../../../models/rules/statuses';
import { effectiveSlaPolicy } from '../../../models/slaPolicies';
import { isoDurationMs } from '../../../models/rules/duration';
import { durationLimitProblem } from '../../../models/rules/durationLimits';
import { recordAudit } from '../../audit';
import type { AppContext } from '../../context';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type FieldProblem } from '../../errors';
import { canSeeHospital, hospitalFilter, isGroupWide } from '../../rbac/principal';
import { ROLE_LEVEL } from '../../rbac/roles';
import { hospitalForWrite } from '../../rbac/scope';
import { defineRoute, type RouteSpec } from '../../routing';
import { idParams, pageOf, pageSchema, type PageQuery } from '../schemaParts';
import { createSlaPolicy, effectiveQuery, listSlaPolicies, replaceSlaPolicy, slaPolicyView } from './schema';

type Terms = Pick<SlaPolicy, 'acknowledgeWithin' | 'resolveWithin' | 'clock' | 'reminderAt' | 'escalation'>;

interface CreatePayload extends Terms {
  entity: SlaEntity;
  severity?: ComplaintSeverity | null;
  priority?: ComplaintSeverity | null;
  hospitalId?: string | null;
}

type ListQuery = PageQuery & { entity?: SlaEntity; hospitalId?: string; severity?: ComplaintSeverity };
type EffectiveQuery = { entity: SlaEntity; hospitalId?: string; severity?: ComplaintSeverity };

const viewSlaPolicy = (p: SlaPolicy) => ({
  id: p.id,
  hospitalId: p.hospitalId ?? null,
  entity: p.entity,
  severity: p.severity ?? null,
  acknowledgeWithin: p.acknowledgeWithin,
  resolveWithin: p.resolveWithin,
  clock: p.clock,
  reminderAt: p.reminderAt,
  escalation: p.escalation,
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
});

const termsOf = (body: Terms): Terms => ({
  acknowledgeWithin: body.acknowledgeWithin,
  resolveWithin: body.resolveWithin,
  clock: body.clock,
  reminderAt: [...body.reminderAt].sort((a, b) => a - b),
  escalation: body.escalation,
});

/**
 * Policies of the caller's hospital and the group defaults every hospital falls back to. `$or`
 * with null rather than `$in`: SQL `in (x, null)` never matches a null column.
 */
function scope(ctx: AppContext): FilterQuery<SlaPolicy> {
  const own = hospitalFilter(ctx.state.principal!);
  return own ? { $or: [{ hospitalId: own }, { hospitalId: null }] } : {};
}

async function findVisible(ctx: AppContext, id: string): Promise<SlaPolicy> {
  const policy = await ctx.state.em.findOne(SlaPolicy, { $and: [scope(ctx), { id }] });
  if (!policy) throw NotFoundError('SLA policy');
  return policy;
}

/** Group defaults bind every hospital, so only a group-wide caller may change them. */
function checkMayChange(ctx: AppContext, hospitalId: string | null | undefined): void {
  if (!hospitalId && !isGroupWide(ctx.state.principal!)) throw ForbiddenError('only a group-wide PX admin may change a group default SLA policy');
}

/** Actions are ranked by priority and complaints by severity; one column holds both, so an action may name it either way. */
function severityOf(body: CreatePayload): { severity: ComplaintSeverity | null; problems: FieldProblem[] } {
  if (body.priority === undefined) return { severity: body.severity ?? null, problems: [] };
  if (body.severity !== undefined) return { severity: null, problems: [{ field: 'priority', message: "give 'severity' or 'priority', not both" }] };
  if (body.entity !== 'action') return { severity: null, problems: [{ field: 'priority', message: "is for actions; a complaint policy names its 'severity'" }] };
  return { severity: body.priority, problems: [] };
}

const DURATION_HINT = 'must be a positive ISO-8601 duration in weeks, days, hours, minutes or seconds, such as PT4H, P3D or P1DT12H';

/**
 * What the schema cannot say, checked here so a workflow never meets terms it cannot follow:
 * durations the SLA clock reads, an acknowledgement due before the resolution, and escalation to
 * roles that exist.
 */
async function termProblems(em: EntityManager, terms: Terms): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  const acknowledge = isoDurationMs(terms.acknowledgeWithin);
  const resolve = isoDurationMs(terms.resolveWithin);
  for (const [field, ms] of [['acknowledgeWithin', acknowledge], ['resolveWithin', resolve]] as const) {
    const tooLong = ms ? durationLimitProblem('slaWindow', ms) : undefined;
    if (!ms) problems.push({ field, message: DURATION_HINT });
    else if (tooLong) problems.push({ field, message: `${tooLong} (P365D)` });
  }
  if (acknowledge && resolve && acknowledge >= resolve) problems.push({ field: 'acknowledgeWithin', message: 'must be shorter than resolveWithin' });
  const roles = new Set((await em.find(Role, { code: { $in: terms.escalation } }, { fields: ['code'] })).map((r) => r.code));
  terms.escalation.forEach((code, i) => {
    if (!roles.has(code)) problems.push({ field: `escalation.${i}`, message: `${code} is not a role code` });
  });
  return problems;
}

function throwIfAny(problems: FieldProblem[]): void {
  if (problems.length) throw ValidationError(problems);
}

/** The hospital whose effective policy is asked for: the one named, else the caller's own, else none (group default). */
async function hospitalAskedFor(ctx: AppContext, requested: string | undefined): Promise<string | null> {
  const principal = ctx.state.principal!;
  const hospitalId = requested ?? principal.hospitalId;
  if (!hospitalId) return null;
  const visible = canSeeHospital(principal, hospitalId) && (await ctx.state.em.count(Hospital, { id: hospitalId, deletedAt: null })) > 0;
  if (!visible) throw NotFoundError('hospital');
  return hospitalId;
}

/**
 * SLA policies: how fast complaints (by severity) and PX actions (by priority) must be acknowledged
 * and resolved, on which clock, with reminders and escalation. Group defaults (PX admin) apply to
 * every hospital that has not set its own (hospital admin).
 */
export function slaPolicyRoutes(): RouteSpec[] {
  return [
    defineRoute<unknown, ListQuery>({
      method: 'get',
      path: '/api/v1/sla-policies',
      operationId: 'listSlaPolicies',
      tag: 'sla',
      summary: "List SLA policies: the group defaults and the caller's hospital's own",
      access: ROLE_LEVEL.STAFF,
      query: listSlaPolicies,
      response: { schema: pageSchema(slaPolicyView) },
      async handler(ctx, { query }) {
        const filters: FilterQuery<SlaPolicy> = {
          ...(query.entity ? { entity: query.entity } : {}),
          ...(query.hospitalId ? { hospitalId: query.hospitalId } : {}),
          ...(query.severity ? { severity: query.severity } : {}),
        };
        const [items, total] = await ctx.state.em.findAndCount(SlaPolicy, { $and: [scope(ctx), filters] }, {
          limit: query.limit,
          offset: query.offset,
          orderBy: { entity: QueryOrder.ASC, hospitalId: QueryOrder.ASC_NULLS_FIRST, severity: QueryOrder.ASC_NULLS_FIRST },
        });
        return pageOf(items.map(viewSlaPolicy), total, query);
      },
    }),
    // Before /{id}: the router takes the first path that matches, and "effective" is no uuid.
    defineRoute<unknown, EffectiveQuery>({
      method: 'get',
      path: '/api/v1/sla-policies/effective',
      operationId: 'getEffectiveSlaPolicy',
      tag: 'sla',
      summary: 'The policy a case follows: hospital + severity, else hospital + any, else group + severity, else group + any',
      access: ROLE_LEVEL.STAFF,
      query: effectiveQuery,
      response: { schema: slaPolicyView },
      errors: [404],
      async handler(ctx, { query }) {
        const hospitalId = await hospitalAskedFor(ctx, query.hospitalId);
        const policy = await effectiveSlaPolicy(ctx.state.em, { hospitalId, entity: query.entity, severity: query.severity });
        if (!policy) throw NotFoundError('SLA policy');
        return viewSlaPolicy(policy);
      },
    }),
    defineRoute<{ id: string }>({
      method: 'get',
      path: '/api/v1/sla-policies/{id}',
      operationId: 'getSlaPolicy',
      tag: 'sla',
      summary: 'One SLA policy',
      access: ROLE_LEVEL.STAFF,
      params: idParams,
      response: { schema: slaPolicyView },
      handler: async (ctx, { params }) => viewSlaPolicy(await findVisible(ctx, params.id)),
    }),
    defineRoute<unknown, unknown, CreatePayload>({
      method: 'post',
      path: '/api/v1/sla-policies',
      operationId: 'createSlaPolicy',
      tag: 'sla',
      summary: 'Create an SLA policy for a hospital, or a group default (PX admin)',
      access: ROLE_LEVEL.HOSPITAL_ADMIN,
      body: createSlaPolicy,
      response: { status: 201, schema: slaPolicyView },
      errors: [404, 409],
      async handler(ctx, { body }) {
        const em = ctx.state.em;
        checkMayChange(ctx, body.hospitalId);
        const hospitalId = body.hospitalId ? await hospitalForWrite(em, ctx.state.principal!, body.hospitalId) : null;
        const { severity, problems } = severityOf(body);
        throwIfAny([...problems, ...(await termProblems(em, body))]);
        if ((await em.count(SlaPolicy, { hospitalId, entity: body.entity, severity })) > 0) {
          const owner = hospitalId ? 'this hospital' : 'the group';
          throw ConflictError(`${owner} already has an SLA policy for ${body.entity}s of ${severity ?? 'any'} severity; change it with PUT`);
        }
        const policy = Object.assign(new SlaPolicy(), { hospitalId, entity: body.entity, severity, ...termsOf(body) });
        em.persist(policy);
        recordAudit(em, ctx, { action: 'sla_policy.create', entityType: 'sla_policy', entityId: policy.id, hospitalId, after: viewSlaPolicy(policy) });
        await em.flush();
        return viewSlaPolicy(policy);
      },
    }),
    defineRoute<{ id: string }, unknown, Terms>({
      method: 'put',
      path: '/api/v1/sla-policies/{id}',
      operationId: 'replaceSlaPolicy',
      tag: 'sla',
      summary: "Replace an SLA policy's terms; whom it is for (hospital, entity, severity) stays",
      access: ROLE_LEVEL.HOSPITAL_ADMIN,
      params: idParams,
      body: replaceSlaPolicy,
      response: { schema: slaPolicyView },
      async handler(ctx, { params, body }) {
        const em = ctx.state.em;
        const policy = await findVisible(ctx, params.id);
        checkMayChange(ctx, policy.hospitalId);
        throwIfAny(await termProblems(em, body));
        const before = viewSlaPolicy(policy);
        Object.assign(policy, termsOf(body));
        recordAudit(em, ctx, { action: 'sla_policy.update', entityType: 'sla_policy', entityId: policy.id, hospitalId: policy.hospitalId ?? null, before, after: viewSlaPolicy(policy) });
        await em.flush();
        return viewSlaPolicy(policy);
      },
    }),
    defineRoute<{ id: string }>({
      method: 'delete',
      path: '/api/v1/sla-policies/{id}',
      operationId: 'deleteSlaPolicy',
      tag: 'sla',
      summary: 'Delete an SLA policy; the next less specific one applies in its place',
      access: ROLE_LEVEL.HOSPITAL_ADMIN,
      params: idParams,
      response: { status: 204 },
      async handler(ctx, { params }) {
        const em = ctx.state.em;
        const policy = await findVisible(ctx, params.id);
        checkMayChange(ctx, policy.hospitalId);
        recordAudit(em, ctx, { action: 'sla_policy.delete', entityType: 'sla_policy', entityId: policy.id, hospitalId: policy.hospitalId ?? null, before: viewSlaPolicy(policy) });
        em.remove(policy);
        await em.flush();
        return undefined;
      },
    }),
  ];
}
