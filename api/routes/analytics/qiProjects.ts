import { segmentsAt, spcChart, type SpcKind } from '../../../activities/analytics/spc';
import { KPI_METRICS } from '../../../activities/analytics/kpiEngine';
import { addDays, daysBetween, PERIODS, riyadhDate } from '../../../activities/analytics/periods';
import { PxAction, QiProject, type KpiMetric, type KpiPeriod } from '../../../models/entities';
import type { AppContext } from '../../context';
import { NotFoundError, ValidationError } from '../../errors';
import { ROLE_LEVEL } from '../../rbac/roles';
import { checkDepartment, checkHospitalUser, hospitalWhere, visibleDepartments } from '../../rbac/scope';
import { defineRoute, type RouteSpec } from '../../routing';
import { hospitalResourceRoutes } from '../resource';
import { answerObject, hospitalFilterProperties, idParams, listQuery, nullableUuid, recordViewProperties, uuid } from '../schemaParts';
import { calendarDate, kpiFigureView, readKpiSeries } from './kpis';

const nullableDate = { ...calendarDate, type: ['string', 'null'] } as const;

const fields = {
  title: { type: 'string', minLength: 1, maxLength: 200 },
  ownerId: { ...nullableUuid, description: 'the user who leads the project (same hospital); defaults to its creator' },
  departmentId: { ...nullableUuid, description: 'the department whose figures the project follows; null for the whole hospital' },
  metric: { type: 'string', enum: KPI_METRICS },
  baselineFrom: calendarDate,
  baselineTo: calendarDate,
  targetValue: { type: ['number', 'null'] },
  interventionDate: { ...nullableDate, description: 'the chart splits into before/after segments at this date' },
  actionIds: { type: 'array', maxItems: 100, uniqueItems: true, items: uuid, description: 'linked PX actions of the same hospital' },
} as const;

const createQiProject = { type: 'object', additionalProperties: false, required: ['title', 'metric', 'baselineFrom', 'baselineTo'], properties: { hospitalId: uuid, ...fields } } as const;
const updateQiProject = { type: 'object', additionalProperties: false, minProperties: 1, properties: fields } as const;
const listQiProjects = listQuery({ ...hospitalFilterProperties, departmentId: uuid, metric: { type: 'string', enum: KPI_METRICS } });
const qiProjectView = answerObject({ ...recordViewProperties, hospitalId: uuid, ...fields });

const nullableNumber = { type: ['number', 'null'] } as const;
const indexes = { type: 'array', items: { type: 'integer', minimum: 0 }, description: 'indexes into points' } as const;
const spcKind = { type: 'string', enum: ['p', 'u', 'xmr'], description: 'P chart (proportions), U chart (rates) or XmR (individual values)' } as const;
const spcPointView = answerObject(
  {
    periodStart: calendarDate,
    value: { type: 'number' },
    centre: { type: 'number' },
    lcl: nullableNumber,
    ucl: nullableNumber,
    movingRange: { ...nullableNumber, description: 'XmR only: the change from the point before' },
    signals: { type: 'array', items: { type: 'string', enum: ['beyond_limits', 'shift', 'trend', 'astronomical', 'moving_range'] } },
  },
  ['movingRange'],
);
const runChartView = answerObject({
  median: nullableNumber,
  useful: { type: 'integer', description: 'points not on the median' },
  runs: { type: 'integer' },
  runsLow: { ...nullableNumber, description: 'expected runs, lower bound; null with fewer than 10 useful points' },
  runsHigh: nullableNumber,
  tooFewRuns: { type: 'boolean' },
  tooManyRuns: { type: 'boolean' },
  shift: indexes,
  trend: indexes,
  astronomical: indexes,
});
const spcChartProperties = {
  kind: spcKind,
  centre: nullableNumber,
  meanMovingRange: { ...nullableNumber, description: 'XmR only' },
  movingRangeUcl: { ...nullableNumber, description: 'XmR only' },
  points: { type: 'array', items: spcPointView },
  runChart: runChartView,
} as const;
const xmrOnly = ['meanMovingRange', 'movingRangeUcl'] as const;

const chartView = answerObject({
  project: qiProjectView,
  metric: { type: 'string', enum: KPI_METRICS },
  period: { type: 'string', enum: ['week', 'month'] },
  kind: spcKind,
  target: nullableNumber,
  interventionDate: nullableDate,
  items: { type: 'array', items: kpiFigureView },
  chart: answerObject(spcChartProperties, xmrOnly),
  segments: {
    type: 'array',
    description: 'before and after the intervention date, each with its own limits; empty without one',
    items: answerObject({ ...spcChartProperties, name: { type: 'string', enum: ['before', 'after'] }, from: { type: ['string', 'null'] }, to: { type: ['string', 'null'] } }, xmrOnly),
  },
});

export const viewQiProject = (p: QiProject) => ({
  id: p.id,
  hospitalId: p.hospitalId,
  title: p.title,
  ownerId: p.ownerId ?? null,
  departmentId: p.departmentId ?? null,
  metric: p.metric,
  baselineFrom: String(p.baselineFrom).slice(0, 10),
  baselineTo: String(p.baselineTo).slice(0, 10),
  targetValue: p.targetValue ?? null,
  interventionDate: p.interventionDate ? String(p.interventionDate).slice(0, 10) : null,
  actionIds: p.actionIds ?? [],
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
});

/** Which control chart a metric gets, and the factor its values are shown in (percent, per 1,000). */
export const CHART_OF: Record<KpiMetric, { kind: SpcKind; scale: number }> = {
  response_rate: { kind: 'p', scale: 100 },
  negative_rate: { kind: 'p', scale: 100 },
  top_box: { kind: 'p', scale: 100 },
  ack_within_sla: { kind: 'p', scale: 100 },
  complaints_per_1000: { kind: 'u', scale: 1000 },
  mean_score: { kind: 'xmr', scale: 1 },
  nps: { kind: 'xmr', scale: 1 },
};

/** Longest chart, in days (as for the figures API). */
const MAX_CHART_DAYS = 731;

/**
 * QI projects: CRUD under /api/v1/qi-projects (read VIEWER, change PX_COORDINATOR, in the caller's
 * hospital; a department-bound caller only their department's projects) and the project's control chart.
 */
export function qiProjectRoutes(): RouteSpec[] {
  const crud = hospitalResourceRoutes<QiProject>({
    entity: QiProject,
    entityType: 'qi_project',
    path: '/api/v1/qi-projects',
    tag: 'analytics',
    names: { one: 'QiProject', many: 'QiProjects' },
    access: { read: ROLE_LEVEL.VIEWER, write: ROLE_LEVEL.PX_COORDINATOR },
    schemas: { create: createQiProject, update: updateQiProject, list: listQiProjects, view: qiProjectView },
    view: viewQiProject,
    filters: (q) => ({
      ...(q.departmentId ? { departmentId: q.departmentId as string } : {}),
      ...(q.metric ? { metric: q.metric as KpiMetric } : {}),
    }),
    departmentScope: (ids) => ({ departmentId: { $in: ids } }),
    checkPayload: async (em, principal, hospitalId, payload, existing) => {
      const departmentBound = await visibleDepartments(em, principal);
      const departmentId = 'departmentId' in payload ? (payload.departmentId as string | null) : (existing?.departmentId ?? null);
      if (departmentBound && !departmentId) throw ValidationError([{ field: 'departmentId', message: 'is required for a department-bound caller' }]);
      await checkDepartment(em, principal, hospitalId, payload.departmentId as string | null);
      const from = (payload.baselineFrom as string | undefined) ?? (existing ? viewQiProject(existing).baselineFrom : undefined);
      const to = (payload.baselineTo as string | undefined) ?? (existing ? viewQiProject(existing).baselineTo : undefined);
      if (from && to && from > to) throw ValidationError([{ field: 'baselineTo', message: 'must not be before baselineFrom' }]);
      if (!existing && payload.ownerId === undefined) payload.ownerId = principal.id;
      await checkHospitalUser(em, hospitalId, payload.ownerId as string | null | undefined, 'ownerId');
      const actionIds = payload.actionIds as string[] | undefined;
      if (actionIds?.length && (await em.count(PxAction, { id: { $in: actionIds }, hospitalId })) !== actionIds.length) {
        throw ValidationError([{ field: 'actionIds', message: 'must be PX actions of the same hospital' }]);
      }
    },
  });

  async function findVisible(ctx: AppContext, id: string): Promise<QiProject> {
    const principal = ctx.state.principal!;
    const departments = await visibleDepartments(ctx.state.em, principal);
    const found = await ctx.state.em.findOne(QiProject, { ...hospitalWhere(principal), id, deletedAt: null, ...(departments ? { departmentId: { $in: departments } } : {}) });
    if (!found) throw NotFoundError('qi project');
    return found;
  }

  const chart = defineRoute<{ id: string }, { period: KpiPeriod }>({
    method: 'get',
    path: '/api/v1/qi-projects/{id}/chart',
    operationId: 'getQiProjectChart',
    tag: 'analytics',
    summary: "The project's metric per week or month with its control chart (P, U or XmR), run chart, signals and before/after segments",
    access: ROLE_LEVEL.VIEWER,
    params: idParams,
    query: { type: 'object', additionalProperties: false, properties: { period: { type: 'string', enum: PERIODS.filter((p) => p !== 'day'), default: 'month' } } },
    response: { schema: chartView },
    async handler(ctx, { params, query }) {
      const project = await findVisible(ctx, params.id);
      const view = viewQiProject(project);
      const to = riyadhDate(new Date());
      // From the baseline on, at most two years back.
      const from = daysBetween(view.baselineFrom, to) > MAX_CHART_DAYS ? addDays(to, -MAX_CHART_DAYS) : view.baselineFrom;
      const scope = project.departmentId ? { scopeType: 'department' as const, scopeId: project.departmentId } : { scopeType: 'hospital' as const, scopeId: project.hospitalId };
      const items = from <= to ? await readKpiSeries(ctx.state.em, { hospitalId: project.hospitalId, metric: project.metric, period: query.period, ...scope, from, to }) : [];
      const series = items.filter((i) => i.value !== null).map((i) => ({ periodStart: i.periodStart, value: i.value!, numerator: i.numerator, denominator: i.denominator }));
      const { kind, scale } = CHART_OF[project.metric];
      return {
        project: view,
        metric: project.metric,
        period: query.period,
        kind,
        target: view.targetValue,
        interventionDate: view.interventionDate,
        items,
        chart: spcChart(kind, series, scale),
        segments: view.interventionDate ? segmentsAt(kind, series, view.interventionDate, scale) : [],
      };
    },
  });
  return [...crud, chart];
}
