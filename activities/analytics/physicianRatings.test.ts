import { betweenVariance, pooledWithinVariance, ratePhysicians as rateSummaries, starsFor, summarise, Z95, type PhysicianRating } from './physicianRatings';
import { monthBefore } from './physicianRatingsStore';

type Scores = { physicianId: string; departmentId?: string; specialty?: string; scores: number[] };
/** Rates physicians given their raw answers. */
const ratePhysicians = (input: Scores[], options?: Parameters<typeof rateSummaries>[1]) =>
  rateSummaries(input.map((p) => summarise(p.physicianId, p.scores, p)), options);

/** n answers alternating a, b (mean (a+b)/2). */
const alternating = (n: number, a: number, b: number) => Array.from({ length: n }, (_, i) => (i % 2 ? a : b));
const byId = (ratings: PhysicianRating[]) => Object.fromEntries(ratings.map((r) => [r.physicianId, r]));

describe('physician rating statistics (hand-computed)', () => {
  // A: 60, 80 (mean 70); B: 80, 100, 90 (mean 90); C: 40, 60, 50, 50 (mean 50).
  // Each physician's squares about their own mean sum to 200: sigma² = 600 / (9 − 3) = 100.
  // Means 70, 90, 50: variance 400; sampling variances 100/2, 100/3, 100/4 average 325/9;
  // tau² = 400 − 325/9 = 3275/9. B_A = 3275/(3275 + 450) = 131/149, B_B = 3275/3575 = 131/143,
  // B_C = 3275/3500 = 131/140. Shrunk toward the hospital mean 70.
  const three = [
    { physicianId: 'A', scores: [60, 80] },
    { physicianId: 'B', scores: [80, 100, 90] },
    { physicianId: 'C', scores: [40, 60, 50, 50] },
  ];

  it('pools the within-physician variance and estimates tau² by the method of moments', () => {
    expect(pooledWithinVariance(three.map((p) => summarise(p.physicianId, p.scores)))).toBeCloseTo(100, 10);
    expect(summarise('B', [80, 100, 90])).toEqual({ physicianId: 'B', n: 3, mean: 90, sumSquares: 200 });
    expect(betweenVariance([70, 90, 50], [2, 3, 4], 100)).toBeCloseTo(3275 / 9, 10);
  });

  it('shrinks each raw mean toward the peer mean by its reliability, with the posterior 95 % interval', () => {
    const r = byId(ratePhysicians(three, { minResponses: 2 }));
    expect(r.A.reliability).toBeCloseTo(131 / 149, 10);
    expect(r.B.reliability).toBeCloseTo(131 / 143, 10);
    expect(r.C.reliability).toBeCloseTo(131 / 140, 10);
    expect(r.A.score).toBeCloseTo(70, 10);
    expect(r.B.score).toBeCloseTo(70 + (20 * 131) / 143, 10); // 88.3217
    expect(r.C.score).toBeCloseTo(70 - (20 * 131) / 140, 10); // 51.2857
    expect(r.B.rawMean).toBe(90);
    expect(r.A.peerGroup).toBe('hospital');
    expect(r.A.peerMean).toBeCloseTo(70, 10);
    // Posterior sd: sqrt(B · sigma²/n).
    const halfA = Z95 * Math.sqrt((131 / 149) * 50);
    expect(halfA).toBeCloseTo(12.9952, 3);
    expect(r.A.low).toBeCloseTo(70 - halfA, 10);
    expect(r.A.high).toBeCloseTo(70 + halfA, 10);
    const halfB = Z95 * Math.sqrt(((131 / 143) * 100) / 3);
    expect(r.B.low).toBeCloseTo(r.B.score - halfB, 10);
    // Ranked by the lower bound: B (77.5), A (57.0), C (41.8); stars by fifths of the shrunk score.
    expect([r.B.rank, r.A.rank, r.C.rank]).toEqual([1, 2, 3]);
    expect([r.B.stars, r.A.stars, r.C.stars]).toEqual([5, 4, 3]);
  });

  it('floors tau² at zero: when the means differ less than chance would, everyone gets the peer mean', () => {
    // Means 50 and 60: variance 50; sigma² = 400/2 = 200; sampling 100 each; 50 − 100 < 0 → tau² = 0.
    const r = byId(ratePhysicians([
      { physicianId: 'A', scores: [40, 60] },
      { physicianId: 'B', scores: [50, 70] },
    ], { minResponses: 1, minReliability: 0 }));
    expect(r.A.reliability).toBe(0);
    expect(r.A.score).toBeCloseTo(55, 10);
    expect(r.B.score).toBeCloseTo(55, 10);
    expect(r.A.low).toBeCloseTo(55, 10);
    expect(r.A.high).toBeCloseTo(55, 10);
  });

  it('withholds stars and rank below 30 answers or reliability 0.70: "insufficient responses"', () => {
    const r = byId(ratePhysicians(three));
    for (const id of ['A', 'B', 'C']) {
      expect(r[id].rank).toBeNull();
      expect(r[id].stars).toBeNull();
      expect(typeof r[id].score).toBe('number');
    }
    // Floored tau² gives reliability 0: not ranked, however many answers.
    const unreliable = ratePhysicians([
      { physicianId: 'A', scores: alternating(40, 40, 60) },
      { physicianId: 'B', scores: alternating(40, 41, 61) },
    ]);
    expect(unreliable.every((x) => x.n === 40 && x.reliability < 0.7 && x.rank === null && x.stars === null)).toBe(true);
  });

  it('does not rank ten perfect answers above two hundred good ones', () => {
    const r = byId(ratePhysicians([
      { physicianId: 'perfect', scores: alternating(10, 100, 100) },
      { physicianId: 'good', scores: alternating(200, 80, 90) },
      { physicianId: 'fair', scores: alternating(200, 60, 70) },
      { physicianId: 'middling', scores: alternating(100, 70, 80) },
    ]));
    expect(r.perfect.rawMean).toBe(100);
    expect(r.perfect.rank).toBeNull();
    expect(r.perfect.stars).toBeNull();
    expect(r.perfect.score).toBeLessThan(100);
    expect(r.good.rank).toBe(1);
    expect(r.middling.rank).toBe(2);
    expect(r.fair.rank).toBe(3);
  });

  it('ranks by the lower bound: a narrower interval wins over a higher score on fewer answers', () => {
    const r = byId(ratePhysicians([
      { physicianId: 'few', scores: alternating(30, 80, 100) },
      { physicianId: 'many', scores: alternating(400, 85, 95) },
      { physicianId: 'z', scores: alternating(200, 50, 70) },
      { physicianId: 'w', scores: alternating(200, 60, 80) },
    ]));
    expect(r.few.reliability).toBeGreaterThanOrEqual(0.7);
    expect(r.few.high - r.few.low).toBeGreaterThan(r.many.high - r.many.low);
    expect(r.many.rank).toBe(1);
    expect(r.few.rank).toBe(2);
    expect(r.w.rank).toBe(3);
    expect(r.z.rank).toBe(4);
  });

  it('shrinks toward the department, else the specialty, else the hospital', () => {
    const r = byId(ratePhysicians([
      { physicianId: 'd1', departmentId: 'cardio', specialty: 'cardiology', scores: [80, 90] },
      { physicianId: 'd2', departmentId: 'cardio', specialty: 'cardiology', scores: [90, 100] },
      { physicianId: 's1', departmentId: 'peds-a', specialty: 'paediatrics', scores: [50, 60] },
      { physicianId: 's2', departmentId: 'peds-b', specialty: 'paediatrics', scores: [60, 70] },
      { physicianId: 'h1', departmentId: 'er', specialty: 'emergency', scores: [30, 40] },
    ], { minResponses: 1 }));
    expect(r.d1.peerGroup).toBe('department');
    expect(r.d1.peerMean).toBeCloseTo(90, 10);
    expect(r.s1.peerGroup).toBe('specialty');
    expect(r.s1.peerMean).toBeCloseTo(60, 10);
    expect(r.h1.peerGroup).toBe('hospital');
    // Hospital mean of the five raw means 85, 95, 55, 65, 35.
    expect(r.h1.peerMean).toBeCloseTo(67, 10);
  });

  it('leaves out physicians with no answers and shares a rank on equal lower bounds', () => {
    const ratings = ratePhysicians([
      { physicianId: 'none', scores: [] },
      { physicianId: 'a', scores: [70, 90] },
      { physicianId: 'b', scores: [90, 70] },
      { physicianId: 'c', scores: [20, 40] },
    ], { minResponses: 2, minReliability: 0 });
    const r = byId(ratings);
    expect(r.none).toBeUndefined();
    expect(r.a.rank).toBe(1);
    expect(r.b.rank).toBe(1);
    expect(r.c.rank).toBe(3);
  });

  it('gives stars by fifths of 0-100', () => {
    expect([0, 19.99, 20, 39.9, 40, 59.9, 60, 79.99, 80, 100].map(starsFor)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
  });
});

describe('the month the monthly schedule rates', () => {
  it('is the calendar month that just ended in Riyadh, across a year and at Riyadh midnight', () => {
    expect(monthBefore(new Date('2026-12-01T00:30:00+03:00'))).toBe('2026-11');
    expect(monthBefore(new Date('2027-01-01T03:30:00+03:00'))).toBe('2026-12');
    // 22:00 UTC on 31 January is already 1 February in Riyadh.
    expect(monthBefore(new Date('2027-01-31T22:00:00Z'))).toBe('2027-01');
    expect(monthBefore(new Date('2027-01-31T20:00:00Z'))).toBe('2026-12');
  });
});
