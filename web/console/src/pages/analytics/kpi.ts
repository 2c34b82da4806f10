/**
 * The KPI figures the analytics API answers, and what the console does with them: a range's figure
 * from its days (numerators and denominators add up), its 95 % interval where one can be had, and
 * the numbers in the reader's digits.
 */
import { get } from '../../api';
import { formatNumber } from '../../dates';
import type { Language } from '../../i18n';

export const METRICS = ['nps', 'response_rate', 'mean_score', 'top_box', 'negative_rate', 'complaints_per_1000', 'ack_within_sla'] as const;
export type Metric = (typeof METRICS)[number];
export const PERIODS = ['day', 'week', 'month'] as const;
export type Period = (typeof PERIODS)[number];

export interface Figure {
  periodStart: string;
  value: number | null;
  n: number;
  numerator: number;
  denominator: number;
  low?: number | null;
  high?: number | null;
}

/** value = numerator / denominator × scale, as the API computes it. */
const SCALE: Record<Metric, number> = { nps: 100, response_rate: 100, mean_score: 1, top_box: 100, negative_rate: 100, complaints_per_1000: 1000, ack_within_sla: 100 };
/** Proportions, whose interval over several periods is Wilson's from the summed counts (as the API's). */
const PROPORTION: Partial<Record<Metric, true>> = { response_rate: true, negative_rate: true, ack_within_sla: true };
/** Where a higher figure is worse (for the delta's colour). */
export const LOWER_IS_BETTER: Partial<Record<Metric, true>> = { negative_rate: true, complaints_per_1000: true };

export interface Scope {
  hospitalCode?: string;
  departmentId?: string | null;
}

export const fetchFigures = async (metric: Metric, period: Period, from: string, to: string, scope: Scope) =>
  (await get<{ items: Figure[] }>('/analytics/kpis', { metric, period, from, to, hospitalCode: scope.hospitalCode, departmentId: scope.departmentId ?? undefined })).items;

function wilson(successes: number, n: number): [number, number] {
  const z = 1.959964;
  const p = successes / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return [100 * (centre - half), 100 * (centre + half)];
}

export interface RangeFigure {
  value: number | null;
  n: number;
  low: number | null;
  high: number | null;
}

/**
 * A range's figure from its days. One day: the API's own figure and interval. Several: the summed
 * counts; the interval is Wilson's for proportions, and none for the others (the API gives no
 * per-category counts to combine, e.g. promoters and detractors for NPS).
 */
export function combine(metric: Metric, days: Figure[]): RangeFigure {
  if (days.length === 0) return { value: null, n: 0, low: null, high: null };
  if (days.length === 1) {
    const [d] = days;
    return { value: d.value, n: d.n, low: d.low ?? null, high: d.high ?? null };
  }
  const numerator = days.reduce((s, d) => s + d.numerator, 0);
  const denominator = days.reduce((s, d) => s + d.denominator, 0);
  const n = days.reduce((s, d) => s + d.n, 0);
  if (denominator === 0) return { value: null, n, low: null, high: null };
  const [low, high] = PROPORTION[metric] ? wilson(numerator, denominator) : [null, null];
  return { value: (numerator / denominator) * SCALE[metric], n, low, high };
}

/** A figure in the reader's digits: NPS signed points, percentages with %, others plain. */
export function formatFigure(metric: Metric, value: number | null | undefined, language: Language, signed = metric === 'nps'): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const sign: Intl.NumberFormatOptions = signed ? { signDisplay: 'exceptZero' } : {};
  if (metric === 'nps' || metric === 'mean_score' || metric === 'complaints_per_1000') return formatNumber(value, language, { maximumFractionDigits: 1, ...sign });
  return formatNumber(value / 100, language, { style: 'percent', maximumFractionDigits: 1, ...sign });
}

// Calendar dates as YYYY-MM-DD strings (the API's Riyadh days).
const toUtc = (day: string) => {
  const [y, m, d] = day.split('-').map(Number);
  return Date.UTC(y, m - 1, d);
};
const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const addDays = (day: string, days: number) => fromUtc(toUtc(day) + days * 86_400_000);
export const daysBetween = (from: string, to: string) => Math.round((toUtc(to) - toUtc(from)) / 86_400_000);
export const isDay = (value: string | null | undefined): value is string => !!value && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(toUtc(value));
