/**
 * QI projects as the API answers them (/api/v1/qi-projects and a project's /chart), and what the
 * console derives from them: where a project stands, and which signals each part of its chart shows.
 */
import type { Figure, Metric } from './kpi';

export interface QiProject {
  id: string;
  hospitalId: string;
  title: string;
  ownerId: string | null;
  departmentId: string | null;
  metric: Metric;
  baselineFrom: string;
  baselineTo: string;
  targetValue: number | null;
  interventionDate: string | null;
  actionIds: string[];
  createdAt: string;
  updatedAt: string;
}

export type SpcKind = 'p' | 'u' | 'xmr';
export type SpcSignal = 'beyond_limits' | 'shift' | 'trend' | 'astronomical' | 'moving_range';

export interface SpcPoint {
  periodStart: string;
  value: number;
  centre: number;
  lcl: number | null;
  ucl: number | null;
  movingRange?: number | null;
  signals: SpcSignal[];
}

export interface RunChart {
  median: number | null;
  useful: number;
  runs: number;
  runsLow: number | null;
  runsHigh: number | null;
  tooFewRuns: boolean;
  tooManyRuns: boolean;
}

export interface SpcChart {
  kind: SpcKind;
  centre: number | null;
  meanMovingRange?: number | null;
  movingRangeUcl?: number | null;
  points: SpcPoint[];
  runChart: RunChart;
}

export interface SpcSegment extends SpcChart {
  name: 'before' | 'after';
  from: string | null;
  to: string | null;
}

export interface QiChart {
  project: QiProject;
  metric: Metric;
  period: 'week' | 'month';
  kind: SpcKind;
  target: number | null;
  interventionDate: string | null;
  items: Figure[];
  chart: SpcChart;
  segments: SpcSegment[];
}

/** The point rules, in the order the legend and the list name them. */
export const POINT_SIGNALS: SpcSignal[] = ['beyond_limits', 'astronomical', 'shift', 'trend', 'moving_range'];

export type QiStatus = 'baseline' | 'awaiting' | 'followUp';

/** Measuring the baseline, waiting for the intervention, or following up after it (dates are Riyadh days). */
export function qiStatus(project: Pick<QiProject, 'baselineTo' | 'interventionDate'>, today: string): QiStatus {
  if (project.interventionDate && project.interventionDate <= today) return 'followUp';
  return today <= project.baselineTo ? 'baseline' : 'awaiting';
}

/** One part of the chart as drawn: the whole series, or the segment before or after the intervention. */
export interface ChartPart {
  name: 'whole' | 'before' | 'after';
  chart: SpcChart;
}

export const partsOf = (data: QiChart, split: boolean): ChartPart[] =>
  split && data.segments.length ? data.segments.filter((s) => s.points.length > 0).map((s) => ({ name: s.name, chart: s })) : [{ name: 'whole', chart: data.chart }];

/** A signal found in one part: a point rule with the periods it flags, or a runs rule of the whole part. */
export type Finding = { part: ChartPart['name']; rule: SpcSignal; periods: string[] } | { part: ChartPart['name']; rule: 'too_few_runs' | 'too_many_runs'; runs: number; low: number; high: number };

export function findings(parts: ChartPart[]): Finding[] {
  return parts.flatMap(({ name, chart }) => {
    const found: Finding[] = POINT_SIGNALS.flatMap((rule) => {
      const periods = chart.points.filter((p) => p.signals.includes(rule)).map((p) => p.periodStart);
      return periods.length ? [{ part: name, rule, periods }] : [];
    });
    const rc = chart.runChart;
    if (rc.runsLow !== null && rc.runsHigh !== null) {
      if (rc.tooFewRuns) found.push({ part: name, rule: 'too_few_runs', runs: rc.runs, low: rc.runsLow, high: rc.runsHigh });
      if (rc.tooManyRuns) found.push({ part: name, rule: 'too_many_runs', runs: rc.runs, low: rc.runsLow, high: rc.runsHigh });
    }
    return found;
  });
}
