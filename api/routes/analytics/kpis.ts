import { randomUUID } from 'node:crypto';
import { computeKpis, KPI_METRICS } from '../../../activities/analytics/kpiEngine';
import { sharedFor } from './sharedFor';
import { MAX_BACKFILL_DAYS, type KpiRollupInput } from '../../../activities/analytics/kpiActivities';
import { daysBetween, isDate, periodStartOf, PERIODS, riyadhDate, addDays } from '../../../activities/analytics/periods';
import { KpiValue, type KpiMetric, type KpiPeriod, type KpiScopeType } from '../../../models/entities';
import { recordAudit } from '../../audit';
import type { ApiServices, AppContext } from '../../context';
import { NotFoundError, ValidationError } from '../../errors';
import { canSeeHospital, isDepartmentBound } from '../../rbac/principal';
import { ROLE_LEVEL } from '../../rbac/roles';
import { hospitalFromFilters, visibleDepartments } from '../../rbac/scope';
import { defineRoute, type RouteSpec } from '../../routing';
import { answerObject, hospitalFilterProperties, uuid } from '../schemaParts';

export const calendarDate = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'a calendar date in Asia/Riyadh, YYYY-MM-DD' } as const;
/** Longest range one figures request covers, in days (daily figures for two years). */
const MAX_RANGE_DAYS = 731;

const kpiQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...hospitalFilterProperties,
    metric: { type: 'string', enum: KPI_METRICS, default: 'nps' },
    period: { type: 'string', enum: PERIODS, default: 'day' },
    from: calendarDate,
    to: calendarDate,
    departmentId: uuid,
    physicianId: uuid,
    journey: { type: 'string', maxLength: 32 },
  },
};

interface KpiQuery {
  hospitalId?: string;
  hospitalCode?: string;
  metric: KpiMetric;
  period: KpiPeriod;
  from?: string;
  to?: string;
  departmentId?: string;
  physicianId?: string;
  journey?: string;
}

/** One period's figure of a metric. */
export const kpiFigureView = answerObject({
  periodStart: calendarDate,
  value: { type: ['number', 'null'], description: 'null when nothing was measured in the period' },
  n: { type: 'integer', description: 'how many answers or cases the figure is of' },
  numerator: { type: 'number' },
  denominator: { type: 'number' },
  low: { type: ['number', 'null'], description: 'lower end of the 95 % interval' },
  high: { type: ['number', 'null'], description: 'upper end of the 95 % interval' },
});

/** The hospital a request is about: the one it names, else the caller's own. Outside the caller's scope: 404. */
async function hospitalOf(ctx: AppContext, query: { hospitalId?: string; hospitalCode?: string }): Promise<string | undefined> {
  const principal = ctx.state.principal!;
  const named = await hospitalFromFilters(ctx.state.em, query);
  if (named === null || (named && !canSeeHospital(principal, named))) throw NotFoundError('hospital');
  return named ?? principal.hospitalId ?? undefined;
}

function checkRange(from: string, to: string, maxDays: number): void {
  const problems = [];
  if (!isDate(from)) problems.push({ field: 'from', message: 'must be a calendar date' });
  if (!isDate(to)) problems.push({ field: 'to', message: 'must be a calendar date' });
  if (problems.length) throw ValidationError(problems);
  if (from > to) throw ValidationError([{ field: 'to', message: 'must not be before from' }]);
  if (daysBetween(from, to) > maxDays) throw ValidationError([{ field: 'to', message: `must be at most ${maxDays} days after from` }]);
}

/**
 * One metric's figures per period overlapping [from, to] for one scope: past periods from the
 * `kpi_value` roll-ups, the period containing today computed from the raw rows.
 */
export async function readKpiSeries(
  em: AppContext['state']['em'],
  input: { hospitalId: string; metric: KpiMetric; period: KpiPeriod; scopeType: KpiScopeType; scopeId: string; from: string; to: string },
  /** Shares the live figure of the current period between requests (PX_KPI_LIVE_FRESH); none: computed per call. */
  share?: (key: string, compute: () => ReturnType<typeof computeKpis>) => ReturnType<typeof computeKpis>,
): Promise<Array<{ periodStart: string; value: number | null; n: number; numerator: number; denominator: number; low: number | null; high: number | null }>> {
  const { hospitalId, scopeType, scopeId, from, to } = input;
  const query = { metric: input.metric, period: input.period };
  const today = riyadhDate(new Date());
  const first = periodStartOf(from, query.period);
  const current = periodStartOf(today, query.period);
  const stored = await em.find(
    KpiValue,
    { hospitalId, metric: query.metric, scopeType, scopeId, period: query.period, periodStart: { $gte: first, $lte: to, $lt: current } },
    { orderBy: { periodStart: 'asc' } },
  );
  const items = stored.map((k) => ({ periodStart: String(k.periodStart).slice(0, 10), value: k.value ?? null, n: k.n, numerator: k.numerator, denominator: k.denominator, low: k.low ?? null, high: k.high ?? null }));
  if (current >= first && current <= to) {
    const computeLive = () => computeKpis(em, { hospitalId, period: query.period, from: today, to: today, metric: query.metric, scope: { scopeType, scopeId } });
    const liveRows = share ? await share(`${hospitalId}|${query.metric}|${query.period}|${scopeType}|${scopeId}|${today}`, computeLive) : await computeLive();
    const live = liveRows.find(
      (r) => r.metric === query.metric && r.scopeType === scopeType && r.scopeId === scopeId && r.periodStart === current,
    );
    if (live) items.push({ periodStart: current, value: live.value, n: live.n, numerator: live.numerator, denominator: live.denominator, low: live.low ?? null, high: live.high ?? null });
  }
  return items;
}

/**
 * KPI figures and their recomputation. History comes from the `kpi_value` roll-ups; the period
 * that contains today is computed from the raw rows on every request, so a new answer, complaint
 * or acknowledgement shows at once.
 */
export function kpiRoutes(services: Pick<ApiServices, 'temporal' | 'taskQueue' | 'config'>): RouteSpec[] {
  // Today's figure sums today's raw rows: every screen asking within PX_KPI_LIVE_FRESH shares one sum.
  const shareLive = sharedFor<Awaited<ReturnType<typeof computeKpis>>>(services.config.analytics.liveFreshMs);
  return [
    defineRoute<unknown, KpiQuery>({
      method: 'get',
      path: '/api/v1/analytics/kpis',
      operationId: 'getKpis',
      tag: 'analytics',
      summary: 'One metric per Riyadh day, week (from Sunday) or month, for a hospital or one of its departments, physicians or journeys',
      access: ROLE_LEVEL.VIEWER,
      query: kpiQuery,
      response: { schema: answerObject({ items: { type: 'array', items: kpiFigureView, description: 'one per period, oldest first' } }) },
      errors: [404],
      async handler(ctx, { query }) {
        const principal = ctx.state.principal!;
        const em = ctx.state.em;
        const hospitalId = await hospitalOf(ctx, query);
        if (!hospitalId) throw ValidationError([{ field: 'hospitalCode', message: 'is required for a group-wide caller' }]);
        const today = riyadhDate(new Date());
        const to = query.to ?? today;
        const from = query.from ?? addDays(to, -29);
        checkRange(from, to, MAX_RANGE_DAYS);
        const named = [query.departmentId && 'departmentId', query.physicianId && 'physicianId', query.journey && 'journey'].filter(Boolean) as string[];
        if (named.length > 1) throw ValidationError(named.slice(1).map((field) => ({ field, message: 'only one of departmentId, physicianId and journey at a time' })));

        let scopeType: KpiScopeType = 'hospital';
        let scopeId = hospitalId;
        if (query.departmentId) [scopeType, scopeId] = ['department', query.departmentId];
        else if (query.physicianId) [scopeType, scopeId] = ['physician', query.physicianId];
        else if (query.journey) [scopeType, scopeId] = ['journey', query.journey.toUpperCase()];
        // A department-bound caller sees their department's figures (and the units under it), nothing wider.
        if (isDepartmentBound(principal)) {
          const visible = (await visibleDepartments(em, principal))!;
          if (scopeType === 'hospital') [scopeType, scopeId] = ['department', principal.departmentId!];
          else if (scopeType !== 'department' || !visible.includes(scopeId)) throw NotFoundError('department');
        }

        const items = await readKpiSeries(em, { hospitalId, metric: query.metric, period: query.period, scopeType, scopeId, from, to }, shareLive);
        return { items };
      },
    }),
    defineRoute<unknown, unknown, { from: string; to: string; hospitalId?: string; hospitalCode?: string }>({
      method: 'post',
      path: '/api/v1/analytics/backfill',
      operationId: 'backfillKpis',
      tag: 'analytics',
      summary: 'Recompute the stored KPI figures of a past range (at most two years), in the background',
      access: ROLE_LEVEL.HOSPITAL_ADMIN,
      body: { type: 'object', additionalProperties: false, required: ['from', 'to'], properties: { from: calendarDate, to: calendarDate, ...hospitalFilterProperties } },
      response: { status: 202, schema: answerObject({ workflowId: { type: 'string' }, from: calendarDate, to: calendarDate }) },
      errors: [404],
      async handler(ctx, { body }) {
        checkRange(body.from, body.to, MAX_BACKFILL_DAYS);
        // A group-wide PX admin naming no hospital recomputes every hospital.
        const hospitalId = await hospitalOf(ctx, body);
        const input: KpiRollupInput = { mode: 'range', from: body.from, to: body.to, ...(hospitalId ? { hospitalId } : {}) };
        const workflowId = `kpi-backfill:${hospitalId ?? 'all'}:${body.from}:${body.to}:${randomUUID().slice(0, 8)}`;
        await services.temporal.workflow.start('kpiRollup', { workflowId, taskQueue: services.taskQueue, args: [input] });
        recordAudit(ctx.state.em, ctx, { action: 'analytics.backfill', entityType: 'kpi_value', hospitalId: hospitalId ?? null, after: { from: body.from, to: body.to, workflowId } });
        await ctx.state.em.flush();
        return { workflowId, from: body.from, to: body.to };
      },
    }),
  ];
}
