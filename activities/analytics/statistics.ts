/**
 * The KPI formulas, on counts and sums a roll-up gathered. Pure functions: the fixtures in
 * statistics.test.ts are worked by hand. Proportions are in percent (0-100), NPS in points
 * (-100..100), means on the 0-100 score scale. Intervals are 95 %, normal approximation
 * (Wilson's score interval for proportions), clamped to the metric's range.
 */

export const Z95 = 1.959963984540054;

export interface Figure {
  /** Null when there is nothing to measure (no denominator). */
  value: number | null;
  numerator: number;
  denominator: number;
  n: number;
  low?: number | null;
  high?: number | null;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/**
 * Net Promoter Score: % promoters (9-10) minus % detractors (0-6) among `n` NPS answers. Its
 * variance, from the multinomial: Var(p - d) = ((p + d) - (p - d)^2) / n.
 */
export function nps(counts: { promoters: number; detractors: number; n: number }): Figure {
  const { promoters, detractors, n } = counts;
  const base = { numerator: promoters - detractors, denominator: n, n };
  if (n <= 0) return { ...base, value: null, low: null, high: null };
  const p = promoters / n;
  const d = detractors / n;
  const value = 100 * (p - d);
  const half = 100 * Z95 * Math.sqrt(Math.max(0, p + d - (p - d) ** 2) / n);
  return { ...base, value, low: clamp(value - half, -100, 100), high: clamp(value + half, -100, 100) };
}

/** NPS category counts of raw 0-10 answers. */
export function npsCounts(answers: number[]): { promoters: number; detractors: number; n: number } {
  return {
    promoters: answers.filter((a) => a >= 9).length,
    detractors: answers.filter((a) => a <= 6).length,
    n: answers.length,
  };
}

/** A share in percent with Wilson's 95 % score interval. */
export function proportion(numerator: number, denominator: number): Figure {
  const base = { numerator, denominator, n: denominator };
  if (denominator <= 0) return { ...base, value: null, low: null, high: null };
  const p = numerator / denominator;
  const z2 = Z95 * Z95;
  const centre = (p + z2 / (2 * denominator)) / (1 + z2 / denominator);
  const half = (Z95 * Math.sqrt((p * (1 - p)) / denominator + z2 / (4 * denominator * denominator))) / (1 + z2 / denominator);
  return { ...base, value: 100 * p, low: 100 * clamp(centre - half, 0, 1), high: 100 * clamp(centre + half, 0, 1) };
}

/** The mean of `n` scores (0-100) from their sum and sum of squares; the interval needs n ≥ 2. */
export function mean(sums: { sum: number; sumSquares: number; n: number }): Figure {
  const { sum, sumSquares, n } = sums;
  const base = { numerator: sum, denominator: n, n };
  if (n <= 0) return { ...base, value: null, low: null, high: null };
  const value = sum / n;
  if (n < 2) return { ...base, value, low: null, high: null };
  const variance = Math.max(0, (sumSquares - (sum * sum) / n) / (n - 1));
  const half = (Z95 * Math.sqrt(variance)) / Math.sqrt(n);
  return { ...base, value, low: clamp(value - half, 0, 100), high: clamp(value + half, 0, 100) };
}

/**
 * Top-box %: each answered survey's share of scored questions answered in the best category,
 * averaged over surveys (so a long survey weighs as much as a short one).
 */
export function topBox(sums: { sumShares: number; n: number }): Figure {
  const base = { numerator: sums.sumShares, denominator: sums.n, n: sums.n };
  if (sums.n <= 0) return { ...base, value: null };
  return { ...base, value: (100 * sums.sumShares) / sums.n };
}

/** Events per 1,000 of a base (complaints per 1,000 encounters); n is the base. */
export function perThousand(numerator: number, denominator: number): Figure {
  const base = { numerator, denominator, n: denominator };
  if (denominator <= 0) return { ...base, value: null };
  return { ...base, value: (1000 * numerator) / denominator };
}
