/**
 * Durations, in one grammar for every place PX360 reads one. Two syntaxes:
 *
 * - short: a whole number and a unit, `250ms`, `30s`, `15m`, `24h`, `7d` (environment variables,
 *   survey timing);
 * - ISO-8601: weeks, days, hours, minutes, seconds, `PT4H`, `P3D`, `P1DT12H`, `P1W` (SLA windows,
 *   journey inactivity, survey timing). Years and months are refused: their length varies. A day is
 *   24 h here; a business SLA clock reads each whole 24 h as one working day.
 *
 * Each reader below accepts the syntaxes its callers document and says so when it refuses. Pure, so
 * configuration, the API, the activities and the workflows all read a duration the same way.
 */
/** Units in milliseconds, for the rules that count time. */
export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const WEEK = 7 * DAY;

export type DurationSyntax = 'short' | 'iso';

const SHORT = '\\d+(?:ms|s|m|h|d)';
const ISO_TIME = 'T(?:\\d+H(?:\\d+M)?(?:\\d+S)?|\\d+M(?:\\d+S)?|\\d+S)';
const ISO = `P(?:(?:\\d+W(?:\\d+D)?|\\d+D)(?:${ISO_TIME})?|${ISO_TIME})`;
const EITHER = `(?:${SHORT}|${ISO})`;

const GRAMMAR: Record<'short' | 'iso' | 'either', RegExp> = {
  short: new RegExp(`^${SHORT}$`),
  iso: new RegExp(`^${ISO}$`),
  either: new RegExp(`^${EITHER}$`),
};

/** Every amount with its unit: short units are lower case, ISO designators upper case (ISO `M` only ever stands in the time part, as minutes). */
const UNIT_MS: Record<string, number> = { ms: 1, s: SECOND, m: MINUTE, h: HOUR, d: DAY, W: WEEK, D: DAY, H: HOUR, M: MINUTE, S: SECOND };
const AMOUNTS = /(\d+)(ms|[smhdWDHMS])/g;

/** A short duration, for JSON schemas (environment variables). */
export const SHORT_DURATION_PATTERN = `^${SHORT}$`;

/**
 * A comma-separated list of short or ISO-8601 durations, or `none`, or empty, for JSON schemas:
 * exactly what parseDurationList reads.
 */
export const DURATION_LIST_PATTERN = `^\\s*(none|${EITHER}(\\s*,\\s*${EITHER})*)?\\s*$`;

/**
 * Milliseconds in `text` written in one of `syntaxes`, exactly as given (no surrounding space), or
 * undefined when it is not such a duration. Beyond what a double holds exactly the result is not a
 * safe integer; callers say "too long" or let a limit refuse it.
 */
export function durationMs(text: string, syntaxes: readonly DurationSyntax[]): number | undefined {
  const grammar = syntaxes.includes('short') ? (syntaxes.includes('iso') ? GRAMMAR.either : GRAMMAR.short) : syntaxes.includes('iso') ? GRAMMAR.iso : undefined;
  if (!grammar?.test(text)) return undefined;
  let ms = 0;
  for (const [, amount, unit] of text.matchAll(AMOUNTS)) ms += Number(amount) * UNIT_MS[unit];
  return ms;
}

/** A short duration (`250ms`, `30s`, `15m`, `24h`, `7d`), surrounding space ignored: how environment variables are written. */
export function parseDuration(text: string): number {
  const ms = durationMs(text.trim(), ['short']);
  if (ms === undefined) throw new Error(`not a duration: "${text}" (use e.g. 30s, 15m, 24h, 7d)`);
  return ms;
}

/** Milliseconds in an ISO-8601 duration, or undefined when `text` is not one or is too long to count exactly. */
export function isoDurationMs(text: string): number | undefined {
  const ms = durationMs(text, ['iso']);
  return ms !== undefined && Number.isSafeInteger(ms) ? ms : undefined;
}

/** Milliseconds in an ISO-8601 duration: weeks, days, hours, minutes, seconds ('PT4H', 'P3D', 'P1DT12H', 'P1W'). */
export function parseIsoDuration(text: string): number {
  const ms = durationMs(text, ['iso']);
  if (ms === undefined) throw new Error(`Invalid ISO-8601 duration "${text}": expected e.g. PT4H, PT30M, P3D, P1DT12H or P1W`);
  if (!Number.isSafeInteger(ms)) throw new Error(`Invalid ISO-8601 duration "${text}": too long`);
  return ms;
}

/** Offsets in ms from a list like `'24h,72h'` or `'PT12H, P3D'` (`none` or empty: no items): ascending, without duplicates. */
export function parseDurationList(spec: string): number[] {
  const trimmed = spec.trim();
  if (trimmed === '' || trimmed === 'none') return [];
  const durations = trimmed.split(',').map((raw) => {
    const item = raw.trim();
    const ms = durationMs(item, ['short', 'iso']);
    if (ms === undefined) throw new Error(`Invalid duration "${item}" in "${spec}": expected e.g. 30s, 15m, 24h, 7d or P3D`);
    if (!Number.isSafeInteger(ms)) throw new Error(`Invalid duration "${item}" in "${spec}": too long`);
    return ms;
  });
  return [...new Set(durations)].sort((a, b) => a - b);
}

/** One duration, short (`2h`) or ISO-8601 (`PT2H`): survey send delays and expiry. */
export function parseSurveyDuration(text: string): number {
  const [ms, ...more] = parseDurationList(text);
  if (ms === undefined || more.length > 0) throw new Error(`not a single duration: "${text}"`);
  return ms;
}
