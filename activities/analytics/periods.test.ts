import { coveringRange, isDate, nextPeriodStart, periodStartOf, periodStarts, riyadhDate, riyadhMidnight } from './periods';

describe('Riyadh calendar periods', () => {
  test('a day turns at Riyadh midnight, 21:00 UTC', () => {
    expect(riyadhDate(new Date('2026-12-02T20:59:59.999Z'))).toBe('2026-12-02');
    expect(riyadhDate(new Date('2026-12-02T21:00:00.000Z'))).toBe('2026-12-03');
    expect(riyadhMidnight('2026-12-03').toISOString()).toBe('2026-12-02T21:00:00.000Z');
  });

  test('weeks start on Sunday', () => {
    // 2026-12-03 is a Thursday; its week began Sunday 2026-11-29.
    expect(periodStartOf('2026-12-03', 'week')).toBe('2026-11-29');
    expect(periodStartOf('2026-11-29', 'week')).toBe('2026-11-29');
    expect(periodStartOf('2026-11-28', 'week')).toBe('2026-11-22');
    // Saturday 23:30 Riyadh is still the old week; 00:10 Sunday is the new one.
    expect(periodStartOf(riyadhDate(new Date('2026-11-28T20:30:00Z')), 'week')).toBe('2026-11-22');
    expect(periodStartOf(riyadhDate(new Date('2026-11-28T21:10:00Z')), 'week')).toBe('2026-11-29');
  });

  test('months, including the last evening of a month in UTC', () => {
    // 2026-11-30 22:00 UTC is already 1 December in Riyadh.
    expect(periodStartOf(riyadhDate(new Date('2026-11-30T22:00:00Z')), 'month')).toBe('2026-12-01');
    expect(nextPeriodStart('2026-12-01', 'month')).toBe('2027-01-01');
    expect(nextPeriodStart('2028-02-01', 'month')).toBe('2028-03-01');
    expect(periodStarts('2026-11-15', '2027-01-02', 'month')).toEqual(['2026-11-01', '2026-12-01', '2027-01-01']);
  });

  test('a range covers whole periods', () => {
    expect(coveringRange('2026-12-03', '2026-12-03', 'week')).toEqual({ from: '2026-11-29', to: '2026-12-05' });
    expect(coveringRange('2028-02-10', '2028-02-11', 'month')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(isDate('2026-02-30')).toBe(false);
    expect(isDate('2026-02-28')).toBe(true);
  });
});
