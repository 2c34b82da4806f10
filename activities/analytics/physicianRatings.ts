/**
 * Physician ratings that can be trusted: pure statistics, no database.
 *
 * Each physician's raw figure is the mean 0-100 score of the answered surveys of the encounters
 * they attended, over the 12 months (by response date) ending with the rated month. A mean of ten
 * answers says little, so it is shrunk toward the mean of the physician's peers (empirical Bayes):
 *
 * - peers: the physicians of the same department; when the department has fewer than two rated
 *   physicians, those of the same specialty; else the whole hospital;
 * - sigma² (within-physician variance of one answer): the pooled variance of answers around their
 *   own physician's mean, over every physician of the hospital;
 * - tau² (between-physician variance) by the method of moments within the peer group: the variance
 *   of the peers' means minus the mean of their sampling variances sigma²/n, floored at 0;
 * - reliability B = tau² / (tau² + sigma²/n); shrunk score = peer mean + B·(raw − peer mean);
 * - 95 % interval: shrunk ± 1.96·sqrt(B·sigma²/n) (the posterior standard deviation), clipped to 0-100.
 *
 * Stars and rank only for physicians with n ≥ 30 and reliability ≥ 0.70; everyone else is
 * "insufficient responses" (null). Stars come from the shrunk score by fifths of the 0-100 scale:
 * below 20 → 1, 20 to below 40 → 2, 40 to below 60 → 3, 60 to below 80 → 4, 80 and above → 5.
 * Rank orders the eligible physicians of the hospital by the interval's lower bound, highest
 * first (ties share a rank, as in 1, 2, 2, 4), so a high score on few answers cannot outrank a
 * slightly lower one on many.
 */

export const MIN_RESPONSES = 30;
export const MIN_RELIABILITY = 0.7;
export const Z95 = 1.959963984540054;

/**
 * One physician's answered surveys in the window, summarised (what one SQL aggregate returns):
 * count, mean and the sum of squared deviations from that mean.
 */
export interface PhysicianScores {
  physicianId: string;
  departmentId?: string | null;
  specialty?: string | null;
  n: number;
  mean: number;
  /** Σ (x − mean)² over the physician's answers; (n − 1) · sample variance. */
  sumSquares: number;
}

/** The summary of a list of 0-100 scores. */
export function summarise(physicianId: string, scores: number[], peers: { departmentId?: string | null; specialty?: string | null } = {}): PhysicianScores {
  const m = scores.length ? mean(scores) : 0;
  return { physicianId, ...peers, n: scores.length, mean: m, sumSquares: scores.reduce((a, x) => a + (x - m) ** 2, 0) };
}

export interface PhysicianRating {
  physicianId: string;
  n: number;
  /** The plain mean of the answers. */
  rawMean: number;
  /** The shrunk score. */
  score: number;
  low: number;
  high: number;
  reliability: number;
  /** What the score was shrunk toward: `department`, `specialty` or `hospital`. */
  peerGroup: 'department' | 'specialty' | 'hospital';
  peerMean: number;
  rank: number | null;
  stars: number | null;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Sample variance (n − 1); 0 for fewer than two values. */
export function sampleVariance(xs: number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1);
}

/** Pooled within-physician variance: Σ Σ (x − own mean)² / (N − k), over physicians with answers. */
export function pooledWithinVariance(physicians: { n: number; sumSquares: number }[]): number {
  const rated = physicians.filter((p) => p.n > 0);
  const dof = rated.reduce((a, p) => a + p.n, 0) - rated.length;
  if (dof <= 0) return 0;
  return rated.reduce((a, p) => a + p.sumSquares, 0) / dof;
}

/**
 * Method-of-moments between-physician variance: variance of the physician means minus the mean
 * sampling variance sigma²/n, floored at 0. Needs at least two physicians (else 0).
 */
export function betweenVariance(means: number[], ns: number[], sigma2: number): number {
  if (means.length < 2) return 0;
  const sampling = mean(ns.map((n) => sigma2 / n));
  return Math.max(0, sampleVariance(means) - sampling);
}

/** 1-5 by fifths of the 0-100 scale (80 and above: 5). */
export function starsFor(score: number): number {
  return Math.min(5, Math.max(1, Math.floor(score / 20) + 1));
}

const clip = (x: number) => Math.min(100, Math.max(0, x));

/** Ratings of one hospital's physicians. Physicians without answers are left out. */
export function ratePhysicians(input: PhysicianScores[], options: { minResponses?: number; minReliability?: number } = {}): PhysicianRating[] {
  const minResponses = options.minResponses ?? MIN_RESPONSES;
  const minReliability = options.minReliability ?? MIN_RELIABILITY;
  const rated = input.filter((p) => p.n > 0).map((p) => ({ ...p, rawMean: p.mean }));
  if (rated.length === 0) return [];
  const sigma2 = pooledWithinVariance(rated);

  // Peer groups with at least two rated physicians; the hospital otherwise.
  const groupOf = (key: 'departmentId' | 'specialty') => {
    const groups = new Map<string, typeof rated>();
    for (const p of rated) {
      const k = p[key];
      if (!k) continue;
      groups.set(k, [...(groups.get(k) ?? []), p]);
    }
    return groups;
  };
  const byDepartment = groupOf('departmentId');
  const bySpecialty = groupOf('specialty');
  const peerStats = (peers: typeof rated) => {
    const peerMean = mean(peers.map((p) => p.rawMean));
    const tau2 = betweenVariance(
      peers.map((p) => p.rawMean),
      peers.map((p) => p.n),
      sigma2,
    );
    return { peerMean, tau2 };
  };
  const hospitalStats = peerStats(rated);
  const cache = new Map<string, { peerMean: number; tau2: number }>();
  const statsFor = (kind: 'department' | 'specialty', key: string, peers: typeof rated) => {
    const cacheKey = `${kind}:${key}`;
    if (!cache.has(cacheKey)) cache.set(cacheKey, peerStats(peers));
    return cache.get(cacheKey)!;
  };

  const ratings: PhysicianRating[] = rated.map((p) => {
    const department = p.departmentId ? byDepartment.get(p.departmentId) : undefined;
    const specialty = p.specialty ? bySpecialty.get(p.specialty) : undefined;
    let peerGroup: PhysicianRating['peerGroup'] = 'hospital';
    let stats = hospitalStats;
    if (department && department.length >= 2) {
      peerGroup = 'department';
      stats = statsFor('department', p.departmentId!, department);
    } else if (specialty && specialty.length >= 2) {
      peerGroup = 'specialty';
      stats = statsFor('specialty', p.specialty!, specialty);
    }
    const samplingVariance = sigma2 / p.n;
    // No spread between answers at all: every answer is the same, the raw mean is exact.
    const reliability = samplingVariance === 0 ? 1 : stats.tau2 / (stats.tau2 + samplingVariance);
    const score = stats.peerMean + reliability * (p.rawMean - stats.peerMean);
    const half = Z95 * Math.sqrt(reliability * samplingVariance);
    return {
      physicianId: p.physicianId,
      n: p.n,
      rawMean: p.rawMean,
      score,
      low: clip(score - half),
      high: clip(score + half),
      reliability,
      peerGroup,
      peerMean: stats.peerMean,
      rank: null,
      stars: null,
    };
  });

  const eligible = ratings.filter((r) => r.n >= minResponses && r.reliability >= minReliability);
  eligible.sort((a, b) => b.low - a.low || b.score - a.score || a.physicianId.localeCompare(b.physicianId));
  eligible.forEach((r, i) => {
    const previous = eligible[i - 1];
    r.rank = previous && previous.low === r.low ? previous.rank : i + 1;
    r.stars = starsFor(r.score);
  });
  return ratings;
}
