/**
 * Statistical process control for QI projects. Pure functions on a series of period figures; the
 * fixtures in spc.test.ts are worked by hand.
 *
 * - Run chart with the IHI rules (Perla, Provost & Murray, 2011): a **shift** is 6 or more
 *   consecutive points on one side of the median (points on the median neither break nor count);
 *   a **trend** is 5 or more consecutive points all going up or all going down (a point equal to
 *   its predecessor neither breaks nor counts); **too few or too many runs** compares the number
 *   of runs with the normal approximation of the Swed–Eisenhart runs distribution (not the table):
 *   with a points above and b below the median (the useful observations, u = a + b),
 *   mean 2ab/u + 1, variance 2ab(2ab − u)/(u²(u − 1)); fewer runs than mean − 1.96·sd or more than
 *   mean + 1.96·sd is a signal, judged only when u ≥ 10. The **astronomical point** is a judgement
 *   rule; as a proxy a point more than 3 standard deviations (sample sd of the series) from the
 *   series mean is flagged.
 * - P-chart (proportions, per-period n): p̄ = Σx/Σn, limits p̄ ± 3·√(p̄(1−p̄)/nᵢ) clipped to [0, 1].
 * - U-chart (rates): ū = Σc/Σn, limits ū ± 3·√(ū/nᵢ), the lower at least 0.
 * - XmR (means): X̄, mean moving range MR̄, limits X̄ ± 2.66·MR̄, moving-range UCL 3.267·MR̄.
 * Charts report values times `scale` (100 for percent, 1000 for per-thousand) while the limits are
 * computed on the unscaled proportion or rate.
 */

export type SpcKind = 'p' | 'u' | 'xmr';
export type SpcSignal = 'beyond_limits' | 'shift' | 'trend' | 'astronomical' | 'moving_range';

export interface SpcInput {
  /** Label of the period, e.g. its first day. */
  periodStart: string;
  /** The figure (XmR), or ignored for P/U where it is numerator/denominator × scale. */
  value: number;
  numerator?: number;
  denominator?: number;
}

export interface RunChart {
  median: number | null;
  /** Points not on the median. */
  useful: number;
  runs: number;
  /** Bounds of the expected number of runs (normal approximation), null when useful < 10. */
  runsLow: number | null;
  runsHigh: number | null;
  tooFewRuns: boolean;
  tooManyRuns: boolean;
  /** Indexes (into the series) of points in a shift, a trend, or astronomical. */
  shift: number[];
  trend: number[];
  astronomical: number[];
}

export interface SpcPoint {
  periodStart: string;
  value: number;
  centre: number;
  lcl: number | null;
  ucl: number | null;
  /** XmR only: |xᵢ − xᵢ₋₁| (null for the first point). */
  movingRange?: number | null;
  signals: SpcSignal[];
}

export interface SpcChart {
  kind: SpcKind;
  centre: number | null;
  /** XmR only. */
  meanMovingRange?: number | null;
  movingRangeUcl?: number | null;
  points: SpcPoint[];
  runChart: RunChart;
}

export const MIN_POINTS_FOR_RUNS = 10;
const Z = 1.96;

export function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Indexes of points in runs of `min` or more consecutive points on one side of `centre`. */
export function shiftPoints(values: number[], centre: number, min = 6): number[] {
  const out: number[] = [];
  let side = 0;
  let run: number[] = [];
  const close = () => {
    if (run.length >= min) out.push(...run);
  };
  values.forEach((v, i) => {
    const s = Math.sign(v - centre);
    if (s === 0) return; // on the median: neither breaks nor counts
    if (s !== side) {
      close();
      run = [];
      side = s;
    }
    run.push(i);
  });
  close();
  return out.sort((a, b) => a - b);
}

/**
 * Indexes of points in trends of `min` or more points all going up or all going down. A point equal
 * to its predecessor neither breaks nor counts (it is flagged with the trend it sits in).
 */
export function trendPoints(values: number[], min = 5): number[] {
  const flagged = new Set<number>();
  // Collapse repeats: keep the first of equal successive values.
  const kept: number[] = [];
  values.forEach((v, i) => {
    if (i === 0 || v !== values[i - 1]) kept.push(i);
  });
  let start = 0; // index into kept
  let dir = 0;
  const close = (endK: number) => {
    if (endK - start + 1 >= min) {
      // repeats of the last counted value belong to the trend, too
      const to = endK + 1 < kept.length ? kept[endK + 1]! - 1 : values.length - 1;
      for (let i = kept[start]!; i <= to; i++) flagged.add(i);
    }
  };
  for (let k = 1; k < kept.length; k++) {
    const d = Math.sign(values[kept[k]!]! - values[kept[k - 1]!]!);
    if (d !== dir) {
      if (dir !== 0) close(k - 1);
      start = k - 1;
      dir = d;
    }
  }
  if (dir !== 0) close(kept.length - 1);
  return [...flagged].sort((a, b) => a - b);
}

/** Number of runs and useful observations around `centre`; expected bounds by the normal approximation. */
export function runsTest(values: number[], centre: number): Pick<RunChart, 'useful' | 'runs' | 'runsLow' | 'runsHigh' | 'tooFewRuns' | 'tooManyRuns'> {
  const sides = values.map((v) => Math.sign(v - centre)).filter((s) => s !== 0);
  const useful = sides.length;
  const runs = sides.reduce((r, s, i) => (i === 0 || s !== sides[i - 1] ? r + 1 : r), 0);
  const a = sides.filter((s) => s > 0).length;
  const b = useful - a;
  if (useful < MIN_POINTS_FOR_RUNS || a === 0 || b === 0) return { useful, runs, runsLow: null, runsHigh: null, tooFewRuns: false, tooManyRuns: false };
  const mu = (2 * a * b) / useful + 1;
  const variance = (2 * a * b * (2 * a * b - useful)) / (useful * useful * (useful - 1));
  const sd = Math.sqrt(variance);
  const runsLow = mu - Z * sd;
  const runsHigh = mu + Z * sd;
  return { useful, runs, runsLow, runsHigh, tooFewRuns: runs < runsLow, tooManyRuns: runs > runsHigh };
}

/** Points more than 3 sample standard deviations from the series mean (proxy for the judgement rule). */
export function astronomicalPoints(values: number[]): number[] {
  if (values.length < 3) return [];
  const m = values.reduce((s, v) => s + v, 0) / values.length;
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1));
  if (sd === 0) return [];
  return values.flatMap((v, i) => (Math.abs(v - m) > 3 * sd ? [i] : []));
}

/** The run chart of a series: its median and the four IHI rules. */
export function runChart(values: number[]): RunChart {
  const m = median(values);
  if (m === null) return { median: null, useful: 0, runs: 0, runsLow: null, runsHigh: null, tooFewRuns: false, tooManyRuns: false, shift: [], trend: [], astronomical: [] };
  return { median: m, ...runsTest(values, m), shift: shiftPoints(values, m), trend: trendPoints(values), astronomical: astronomicalPoints(values) };
}

function withRunSignals(points: SpcPoint[], rc: RunChart): SpcPoint[] {
  for (const i of rc.shift) points[i]!.signals.push('shift');
  for (const i of rc.trend) points[i]!.signals.push('trend');
  for (const i of rc.astronomical) points[i]!.signals.push('astronomical');
  return points;
}

const beyond = (v: number, lcl: number | null, ucl: number | null) => (ucl !== null && v > ucl) || (lcl !== null && v < lcl);

/** P-chart: numerator x and denominator n per period; values and limits reported × scale. Periods with n = 0 are left out. */
export function pChart(series: SpcInput[], scale = 1): SpcChart {
  const rows = series.filter((r) => (r.denominator ?? 0) > 0);
  const sx = rows.reduce((s, r) => s + (r.numerator ?? 0), 0);
  const sn = rows.reduce((s, r) => s + r.denominator!, 0);
  const p = sn > 0 ? sx / sn : null;
  const points = rows.map((r) => {
    const value = (r.numerator! / r.denominator!) * scale;
    const half = 3 * Math.sqrt((p! * (1 - p!)) / r.denominator!);
    const lcl = Math.max(0, p! - half) * scale;
    const ucl = Math.min(1, p! + half) * scale;
    return { periodStart: r.periodStart, value, centre: p! * scale, lcl, ucl, signals: beyond(value, lcl, ucl) ? ['beyond_limits' as SpcSignal] : [] };
  });
  const rc = runChart(points.map((x) => x.value));
  return { kind: 'p', centre: p === null ? null : p * scale, points: withRunSignals(points, rc), runChart: rc };
}

/** U-chart: count c and exposure n per period; values and limits reported × scale (e.g. 1000 per 1,000). */
export function uChart(series: SpcInput[], scale = 1): SpcChart {
  const rows = series.filter((r) => (r.denominator ?? 0) > 0);
  const sc = rows.reduce((s, r) => s + (r.numerator ?? 0), 0);
  const sn = rows.reduce((s, r) => s + r.denominator!, 0);
  const u = sn > 0 ? sc / sn : null;
  const points = rows.map((r) => {
    const value = (r.numerator! / r.denominator!) * scale;
    const half = 3 * Math.sqrt(u! / r.denominator!);
    const lcl = Math.max(0, u! - half) * scale;
    const ucl = (u! + half) * scale;
    return { periodStart: r.periodStart, value, centre: u! * scale, lcl, ucl, signals: beyond(value, lcl, ucl) ? ['beyond_limits' as SpcSignal] : [] };
  });
  const rc = runChart(points.map((x) => x.value));
  return { kind: 'u', centre: u === null ? null : u * scale, points: withRunSignals(points, rc), runChart: rc };
}

/** XmR (individuals and moving range) chart on the values themselves. */
export function xmrChart(series: SpcInput[]): SpcChart {
  const values = series.map((r) => r.value);
  const x = values.length ? values.reduce((s, v) => s + v, 0) / values.length : null;
  const mrs = values.slice(1).map((v, i) => Math.abs(v - values[i]!));
  const mr = mrs.length ? mrs.reduce((s, v) => s + v, 0) / mrs.length : null;
  const lcl = x !== null && mr !== null ? x - 2.66 * mr : null;
  const ucl = x !== null && mr !== null ? x + 2.66 * mr : null;
  const mrUcl = mr !== null ? 3.267 * mr : null;
  const points: SpcPoint[] = series.map((r, i) => {
    const movingRange = i === 0 ? null : mrs[i - 1]!;
    const signals: SpcSignal[] = beyond(r.value, lcl, ucl) ? ['beyond_limits'] : [];
    if (movingRange !== null && mrUcl !== null && movingRange > mrUcl) signals.push('moving_range');
    return { periodStart: r.periodStart, value: r.value, centre: x!, lcl, ucl, movingRange, signals };
  });
  const rc = runChart(values);
  return { kind: 'xmr', centre: x, meanMovingRange: mr, movingRangeUcl: mrUcl, points: withRunSignals(points, rc), runChart: rc };
}

export function spcChart(kind: SpcKind, series: SpcInput[], scale = 1): SpcChart {
  if (kind === 'p') return pChart(series, scale);
  if (kind === 'u') return uChart(series, scale);
  return xmrChart(series);
}

export interface SpcSegment extends SpcChart {
  name: 'before' | 'after';
  /** First and last period of the segment. */
  from: string | null;
  to: string | null;
}

/**
 * Before/after segments split at an intervention date: periods starting before `intervention`
 * (YYYY-MM-DD, compared with periodStart) form "before", the rest "after"; each has its own limits
 * and run-chart rules.
 */
export function segmentsAt(kind: SpcKind, series: SpcInput[], intervention: string, scale = 1): SpcSegment[] {
  const parts: Array<['before' | 'after', SpcInput[]]> = [
    ['before', series.filter((r) => r.periodStart < intervention)],
    ['after', series.filter((r) => r.periodStart >= intervention)],
  ];
  return parts.map(([name, rows]) => ({ name, from: rows[0]?.periodStart ?? null, to: rows[rows.length - 1]?.periodStart ?? null, ...spcChart(kind, rows, scale) }));
}
