import { mean, nps, npsCounts, perThousand, proportion, topBox } from './statistics';

describe('KPI statistics against hand-worked fixtures', () => {
  test('NPS of ten answers and its 95 % interval', () => {
    // 10, 10, 9, 9, 9 promoters (5); 8, 7 passives; 6, 3, 0 detractors (3). p = .5, d = .3.
    const counts = npsCounts([10, 10, 9, 9, 9, 8, 7, 6, 3, 0]);
    expect(counts).toEqual({ promoters: 5, detractors: 3, n: 10 });
    const figure = nps(counts);
    expect(figure.value).toBeCloseTo(20, 10);
    // Var = ((.5 + .3) - (.5 - .3)^2) / 10 = .076; half-width = 1.96 × √.076 × 100 = 54.03 points.
    expect(figure.low).toBeCloseTo(-34.0325, 3);
    expect(figure.high).toBeCloseTo(74.0325, 3);
    expect(figure).toMatchObject({ numerator: 2, denominator: 10, n: 10 });
  });

  test('NPS interval stays within -100..100, and all promoters has no spread', () => {
    const all = nps({ promoters: 4, detractors: 0, n: 4 });
    expect(all).toMatchObject({ value: 100, low: 100, high: 100 });
    const one = nps({ promoters: 1, detractors: 1, n: 3 });
    expect(one.value).toBeCloseTo(0, 10);
    // Var = (2/3 - 0) / 3 = 0.2222; half = 1.96 × 0.4714 × 100 = 92.4 points.
    expect(one.low).toBeCloseTo(-92.394, 2);
    expect(nps({ promoters: 0, detractors: 0, n: 0 }).value).toBeNull();
  });

  test('a proportion with its Wilson interval: 8 of 10', () => {
    const figure = proportion(8, 10);
    expect(figure.value).toBeCloseTo(80, 10);
    expect(figure.low).toBeCloseTo(49.016, 2);
    expect(figure.high).toBeCloseTo(94.332, 2);
    expect(proportion(0, 0).value).toBeNull();
  });

  test('mean score with its interval: 100, 75, 50, 75', () => {
    const scores = [100, 75, 50, 75];
    const figure = mean({ sum: 300, sumSquares: scores.reduce((s, x) => s + x * x, 0), n: 4 });
    expect(figure.value).toBe(75);
    // Sample variance 1250 / 3; half-width 1.96 × 20.41 / 2 = 20.00.
    expect(figure.low).toBeCloseTo(54.996, 2);
    expect(figure.high).toBeCloseTo(95.004, 2);
    expect(mean({ sum: 80, sumSquares: 6400, n: 1 })).toMatchObject({ value: 80, low: null, high: null });
  });

  test('top-box averages each survey\'s share; complaints per 1,000 encounters', () => {
    expect(topBox({ sumShares: 1 + 0.5 + 0, n: 3 }).value).toBeCloseTo(50, 10);
    expect(perThousand(3, 1200)).toMatchObject({ value: 2.5, numerator: 3, denominator: 1200, n: 1200 });
    expect(perThousand(2, 0).value).toBeNull();
  });
});
