import { astronomicalPoints, median, pChart, runChart, runsTest, segmentsAt, shiftPoints, trendPoints, uChart, xmrChart, type SpcInput } from './spc';

const months = (n: number) => Array.from({ length: n }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}-01`);
const series = (values: number[]): SpcInput[] => values.map((value, i) => ({ periodStart: `p${String(i).padStart(2, '0')}`, value }));

describe('run chart rules (IHI) on known series', () => {
  test('median of odd and even series', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  test('shift: six points below the median, a point on the median neither breaks nor counts', () => {
    // centre 5: indexes 0,1 below, 2 on it, 3..6 below: six below in a row -> a shift.
    expect(shiftPoints([1, 2, 5, 1, 2, 1, 2, 9], 5)).toEqual([0, 1, 3, 4, 5, 6]);
    // five below then one above then ... no six in a row.
    expect(shiftPoints([1, 2, 1, 2, 1, 9, 1, 2], 5)).toEqual([]);
    // the point on the median does not count: 1,2,5,1,2,1 is only five below.
    expect(shiftPoints([1, 2, 5, 1, 2, 1, 9], 5)).toEqual([]);
  });

  test('trend: five points going up or down; equal neighbours neither break nor count', () => {
    expect(trendPoints([1, 2, 3, 4, 5])).toEqual([0, 1, 2, 3, 4]);
    expect(trendPoints([1, 2, 3, 4])).toEqual([]);
    // 1,2,2,3,4: the repeated 2 counts once -> only four points.
    expect(trendPoints([1, 2, 2, 3, 4])).toEqual([]);
    // 1,2,2,3,4,5: five distinct rising points, the repeat sits inside the trend.
    expect(trendPoints([1, 2, 2, 3, 4, 5])).toEqual([0, 1, 2, 3, 4, 5]);
    expect(trendPoints([9, 7, 5, 3, 1, 4])).toEqual([0, 1, 2, 3, 4]);
    expect(trendPoints([3, 1, 3, 1, 3, 1])).toEqual([]);
  });

  test('runs: 10 above and 10 below the median, normal approximation of Swed–Eisenhart', () => {
    // a = b = 10, u = 20: mean = 2·100/20 + 1 = 11; var = 2·100·(200 − 20)/(400·19) = 4.7368;
    // sd = 2.17643; bounds 11 ± 1.96·2.17643 = 6.7342 .. 15.2658.
    const alternating = Array.from({ length: 20 }, (_, i) => (i % 2 ? 3 : 1));
    const many = runsTest(alternating, 2);
    expect(many.useful).toBe(20);
    expect(many.runs).toBe(20);
    expect(many.runsLow).toBeCloseTo(6.7342, 3);
    expect(many.runsHigh).toBeCloseTo(15.2658, 3);
    expect(many).toMatchObject({ tooManyRuns: true, tooFewRuns: false });

    const blocks = [...Array(10).fill(1), ...Array(10).fill(3)];
    expect(runsTest(blocks, 2)).toMatchObject({ runs: 2, tooFewRuns: true, tooManyRuns: false });

    // 1 1 | 3 3 | 1 1 | 3 3 | 1 1 | 3 3 | 1 1 | 3 3 | 1 1 1 | 3: 10 runs, 11 below and 9 above;
    // mean = 2·99/20 + 1 = 10.9, within the bounds.
    const ten = [1, 1, 3, 3, 1, 1, 3, 3, 1, 1, 3, 3, 1, 1, 3, 3, 1, 1, 1, 3];
    const r = runsTest(ten, 2);
    expect(r.runs).toBe(10);
    expect(r).toMatchObject({ tooFewRuns: false, tooManyRuns: false });
  });

  test('runs are not judged on fewer than 10 useful observations', () => {
    // six points of twelve sit on the median: only 6 useful.
    const r = runsTest([1, 3, 2, 2, 1, 3, 2, 2, 1, 3, 2, 2], 2);
    expect(r.useful).toBe(6);
    expect(r).toMatchObject({ runsLow: null, runsHigh: null, tooFewRuns: false, tooManyRuns: false });
  });

  test('astronomical point: beyond 3 sample sd of the series mean', () => {
    // 11 × 10 and one 50: mean 13.333, sd = √(1466.67/11) = 11.547, 3 sd = 34.64; 50 is 36.67 away.
    expect(astronomicalPoints([...Array(11).fill(10), 50])).toEqual([11]);
    // 10,10,10,10,30: mean 14, sd √80 = 8.94, 3 sd = 26.8; 30 is 16 away.
    expect(astronomicalPoints([10, 10, 10, 10, 30])).toEqual([]);
  });

  test('runChart combines the rules around the median', () => {
    const rc = runChart([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(rc.median).toBe(6.5);
    expect(rc.shift).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(rc.trend).toHaveLength(12);
    expect(rc.runs).toBe(2);
    expect(rc.tooFewRuns).toBe(true);
  });
});

describe('control charts on known series', () => {
  test('P-chart with per-period n: centre Σx/Σn, limits by each period n', () => {
    // Σx = 100, Σn = 500, p̄ = .2. n = 100: 3·√(.16/100) = .12 -> [.08, .32]; n = 200: .084853 -> [.115147, .284853].
    const chart = pChart(
      [
        { periodStart: 'a', value: 0, numerator: 10, denominator: 100 },
        { periodStart: 'b', value: 0, numerator: 20, denominator: 100 },
        { periodStart: 'c', value: 0, numerator: 30, denominator: 200 },
        { periodStart: 'd', value: 0, numerator: 40, denominator: 100 },
      ],
      100,
    );
    expect(chart.kind).toBe('p');
    expect(chart.centre).toBeCloseTo(20, 10);
    expect(chart.points[0]).toMatchObject({ value: 10, signals: [] });
    expect(chart.points[0]!.lcl).toBeCloseTo(8, 6);
    expect(chart.points[0]!.ucl).toBeCloseTo(32, 6);
    expect(chart.points[2]!.lcl).toBeCloseTo(11.5147, 3);
    expect(chart.points[2]!.ucl).toBeCloseTo(28.4853, 3);
    expect(chart.points[3]!.value).toBeCloseTo(40, 10);
    expect(chart.points[3]!.signals).toEqual(['beyond_limits']);
  });

  test('P-chart limits are clipped to [0, 1]', () => {
    // p̄ = 1/20 = .05, n = 10: 3·√(.0475/10) = .20676 -> lcl clipped to 0, ucl .25676.
    const low = pChart([
      { periodStart: 'a', value: 0, numerator: 1, denominator: 10 },
      { periodStart: 'b', value: 0, numerator: 0, denominator: 10 },
    ]);
    expect(low.points[0]!.lcl).toBe(0);
    expect(low.points[0]!.ucl).toBeCloseTo(0.25676, 4);
    const high = pChart([
      { periodStart: 'a', value: 0, numerator: 9, denominator: 10 },
      { periodStart: 'b', value: 0, numerator: 10, denominator: 10 },
    ]);
    expect(high.points[0]!.ucl).toBe(1);
    // a period with n = 0 has no proportion and is left out
    expect(pChart([{ periodStart: 'a', value: 0, numerator: 0, denominator: 0 }]).points).toEqual([]);
  });

  test('U-chart: centre Σc/Σn, limits ū ± 3·√(ū/n), lower at least 0, per 1,000', () => {
    // Σc = 20, Σn = 5000, ū = .004. n = 1000: 3·√(.004/1000) = .006 -> [0 (clipped), .010]; n = 2000: .0042426 -> ucl .0082426.
    const chart = uChart(
      [
        { periodStart: 'a', value: 0, numerator: 2, denominator: 1000 },
        { periodStart: 'b', value: 0, numerator: 3, denominator: 1000 },
        { periodStart: 'c', value: 0, numerator: 11, denominator: 1000 },
        { periodStart: 'd', value: 0, numerator: 4, denominator: 2000 },
      ],
      1000,
    );
    expect(chart.centre).toBeCloseTo(4, 10);
    expect(chart.points[0]!.lcl).toBe(0);
    expect(chart.points[0]!.ucl).toBeCloseTo(10, 6);
    expect(chart.points[3]!.ucl).toBeCloseTo(8.2426, 3);
    expect(chart.points[2]!.signals).toEqual(['beyond_limits']);
    expect(chart.points[3]!.signals).toEqual([]);
  });

  test('XmR: X̄ ± 2.66·MR̄ and a moving range above 3.267·MR̄', () => {
    // mean 320/6 = 53.333; MRs 2,4,3,2,21 -> MR̄ 6.4; limits 53.333 ± 17.024 = [36.309, 70.357]; MR UCL 20.909.
    const chart = xmrChart(series([50, 52, 48, 51, 49, 70]));
    expect(chart.centre).toBeCloseTo(53.3333, 3);
    expect(chart.meanMovingRange).toBeCloseTo(6.4, 10);
    expect(chart.movingRangeUcl).toBeCloseTo(20.9088, 4);
    expect(chart.points[5]!.lcl).toBeCloseTo(36.3093, 3);
    expect(chart.points[5]!.ucl).toBeCloseTo(70.3573, 3);
    expect(chart.points[0]!.movingRange).toBeNull();
    expect(chart.points[5]!.movingRange).toBe(21);
    expect(chart.points[5]!.signals).toEqual(['moving_range']);
    // 80 instead: mean 55, MR̄ 8.4, ucl 77.344 -> beyond the limits as well.
    expect(xmrChart(series([50, 52, 48, 51, 49, 80])).points[5]!.signals).toEqual(['beyond_limits', 'moving_range']);
  });

  test('run-chart signals are flagged on the points of a control chart', () => {
    const chart = xmrChart(series([1, 2, 3, 4, 5, 5, 5, 5]));
    expect(chart.points[0]!.signals).toContain('trend');
    expect(chart.points[4]!.signals).toContain('trend');
    expect(chart.points[7]!.signals).toContain('trend');
  });

  test('before/after segments at the intervention date have their own limits', () => {
    const [before, after] = segmentsAt('xmr', months(4).map((periodStart, i) => ({ periodStart, value: [10, 20, 30, 40][i]! })), '2026-03-01');
    expect(before).toMatchObject({ name: 'before', from: '2026-01-01', to: '2026-02-01', centre: 15, meanMovingRange: 10 });
    expect(before!.points[0]!.ucl).toBeCloseTo(41.6, 10);
    expect(after).toMatchObject({ name: 'after', from: '2026-03-01', to: '2026-04-01', centre: 35, meanMovingRange: 10 });
    expect(after!.points.map((p) => p.value)).toEqual([30, 40]);
  });
});
