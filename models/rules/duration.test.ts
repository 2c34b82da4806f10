import {
  DURATION_LIST_PATTERN,
  SHORT_DURATION_PATTERN,
  durationMs,
  isoDurationMs,
  parseDuration,
  parseDurationList,
  parseIsoDuration,
  parseSurveyDuration,
} from './duration';

const M = 60_000;
const H = 60 * M;
const D = 24 * H;

describe('durationMs, the one grammar', () => {
  it.each([
    ['250ms', 250],
    ['30s', 30_000],
    ['15m', 15 * M],
    ['24h', 24 * H],
    ['7d', 7 * D],
    ['0s', 0],
  ])('reads the short form %s', (text, ms) => {
    expect(durationMs(text, ['short'])).toBe(ms);
    expect(durationMs(text, ['iso'])).toBeUndefined();
  });

  it.each([
    ['PT4H', 4 * H],
    ['P1W2D', 9 * D],
    ['P1DT2H30M15S', D + 2.5 * H + 15_000],
  ])('reads the ISO-8601 form %s', (text, ms) => {
    expect(durationMs(text, ['iso'])).toBe(ms);
    expect(durationMs(text, ['short'])).toBeUndefined();
    expect(durationMs(text, ['short', 'iso'])).toBe(ms);
  });

  it('reads nothing when no syntax is allowed, and never a number without its unit', () => {
    expect(durationMs('30s', [])).toBeUndefined();
    expect(durationMs('30', ['short', 'iso'])).toBeUndefined();
  });
});

describe('parseDuration (environment variables)', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    [' 15m ', 15 * M],
    ['24h', 24 * H],
    ['7d', 7 * D],
  ])('%p', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '15', '1.5h', '15M', 'PT15M', '15 m', '-1s', '15min'])('rejects %p, naming it and showing the form', (text) => {
    expect(() => parseDuration(text)).toThrow(`not a duration: "${text}" (use e.g. 30s, 15m, 24h, 7d)`);
  });

  it('exports the schema pattern the parser agrees with', () => {
    const pattern = new RegExp(SHORT_DURATION_PATTERN, 'u');
    for (const ok of ['500ms', '30s', '15m', '24h', '7d']) expect(pattern.test(ok)).toBe(true);
    for (const bad of ['15', '1.5h', 'PT15M', '15M', ' 15m']) expect(pattern.test(bad)).toBe(false);
  });
});

describe('parseIsoDuration (SLA windows, journey inactivity)', () => {
  it.each([
    ['PT4H', 4 * H],
    ['P3D', 3 * D],
    ['PT30M', 30 * M],
    ['PT2S', 2000],
    ['P1DT12H', D + 12 * H],
    ['PT1H30M', 90 * M],
    ['P1W', 7 * D],
    ['PT0S', 0],
  ])('%s', (text, ms) => {
    expect(parseIsoDuration(text)).toBe(ms);
    expect(isoDurationMs(text)).toBe(ms);
  });

  it.each(['', 'P', 'PT', 'P1DT', '4h', 'PT4', 'P1Y', 'P2M', 'pt4h', 'PT-1H', 'PT1.5H', ' PT4H'])('rejects %p, naming it', (text) => {
    expect(() => parseIsoDuration(text)).toThrow(`Invalid ISO-8601 duration "${text}": expected e.g. PT4H, PT30M, P3D, P1DT12H or P1W`);
    expect(isoDurationMs(text)).toBeUndefined();
  });

  it('refuses one too long to count exactly', () => {
    expect(() => parseIsoDuration('P99999999999999999999W')).toThrow('Invalid ISO-8601 duration "P99999999999999999999W": too long');
    expect(isoDurationMs('P99999999999999999999W')).toBeUndefined();
  });
});

describe('parseDurationList (survey reminders)', () => {
  it('reads units and ISO-8601 durations, ascending and without duplicates', () => {
    expect(parseDurationList('24h,72h')).toEqual([24 * H, 72 * H]);
    expect(parseDurationList('30s, 2m')).toEqual([30_000, 120_000]);
    expect(parseDurationList('7d, 500ms, 15m, 10s')).toEqual([500, 10_000, 900_000, 7 * 24 * H]);
    expect(parseDurationList('P3D, PT24H, 1d, 72h')).toEqual([24 * H, 72 * H]);
    expect(parseDurationList('P1DT2H30M15S, PT90M, PT45S')).toEqual([45_000, 90 * 60_000, 26.5 * H + 15_000]);
    expect(parseDurationList('P1W, 1d')).toEqual([D, 7 * D]);
    // Zero is a valid single send delay ("send at once"), which callers read with this parser too.
    expect(parseDurationList('0s, PT0S')).toEqual([0]);
  });

  it.each(['', '  ', 'none'])('reads %p as no reminders', (spec) => {
    expect(parseDurationList(spec)).toEqual([]);
  });

  it.each([
    ['24h,3x', '3x'],
    ['24', '24'],
    ['24h,,72h', ''],
    ['1.5h', '1.5h'],
    ['24H', '24H'],
    ['P', 'P'],
    ['PT', 'PT'],
    ['P1M', 'P1M'],
    ['P1DT', 'P1DT'],
    ['-1h', '-1h'],
  ])('rejects %p, naming %p', (spec, item) => {
    expect(() => parseDurationList(spec)).toThrow(`Invalid duration "${item}" in "${spec}": expected e.g. 30s, 15m, 24h, 7d or P3D`);
  });

  it('refuses an item too long to count exactly', () => {
    expect(() => parseDurationList('99999999999999999999d')).toThrow('Invalid duration "99999999999999999999d" in "99999999999999999999d": too long');
  });

  it('exports a schema pattern that agrees with the parser on syntax', () => {
    const pattern = new RegExp(DURATION_LIST_PATTERN, 'u');
    for (const ok of ['', 'none', '24h,72h', '30s, 2m', 'P3D', 'PT24H, P1DT12H', '500ms', 'P1W']) {
      expect(pattern.test(ok)).toBe(true);
      expect(() => parseDurationList(ok)).not.toThrow();
    }
    for (const bad of ['24', '24h,', '1.5h', 'P', 'PT', 'P1M', 'none,24h']) {
      expect(pattern.test(bad)).toBe(false);
      expect(() => parseDurationList(bad)).toThrow();
    }
  });
});

describe('parseSurveyDuration (send delay, expiry)', () => {
  it('reads one duration in either syntax', () => {
    expect(parseSurveyDuration('2h')).toBe(2 * H);
    expect(parseSurveyDuration('PT2H')).toBe(2 * H);
    expect(parseSurveyDuration('0s')).toBe(0);
  });

  it.each(['24h,72h', '', 'none'])('rejects %p as not a single duration', (text) => {
    expect(() => parseSurveyDuration(text)).toThrow(`not a single duration: "${text}"`);
  });

  it('passes on the item a bad duration names', () => {
    expect(() => parseSurveyDuration('2 hours')).toThrow('Invalid duration "2 hours" in "2 hours"');
  });
});
