/**
 * Wall-clock readings of instants in a time zone, through Intl (deterministic, so usable inside
 * workflows). Shared by the survey quiet hours and the SLA business clock.
 */
import { SECOND } from './duration';

/** A local time of day, `HH:MM` on the 24-hour clock, as a pattern piece capturing hours and minutes. */
export const HH_MM = '([01]\\d|2[0-3]):([0-5]\\d)';

/**
 * `make` once per time zone, then the same result: building an Intl formatter costs far more than
 * formatting with it, and its output is fixed per zone. An unknown zone throws and is never kept.
 */
export function perTimeZone<T>(make: (timeZone: string) => T): (timeZone: string) => T {
  const made = new Map<string, T>();
  return (timeZone) => {
    let value = made.get(timeZone);
    if (value === undefined) {
      value = make(timeZone);
      made.set(timeZone, value);
    }
    return value;
  };
}

const wallClockFormat = perTimeZone(
  (timeZone) =>
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    }),
);

/** The wall-clock time an instant reads in `timeZone`, written as if it were a UTC epoch (to the second). */
export function wallClock(atMs: number, timeZone: string): number {
  const format = wallClockFormat(timeZone);
  const part = Object.fromEntries(format.formatToParts(atMs).map((p) => [p.type, Number(p.value)]));
  // Some ICU versions still write midnight as hour 24 despite h23.
  return Date.UTC(part.year, part.month - 1, part.day, part.hour % 24, part.minute, part.second);
}

/** The zone's UTC offset at an instant, in ms (Riyadh: +3 h). */
export function offsetAt(atMs: number, timeZone: string): number {
  return wallClock(atMs, timeZone) - Math.floor(atMs / SECOND) * SECOND;
}
