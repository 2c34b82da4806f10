/**
 * Wall-clock readings of instants in a time zone, through Intl (deterministic, so usable inside
 * workflows). Shared by the survey quiet hours and the SLA business clock.
 */
const SECOND = 1_000;

/** Building a formatter is costly and its output is fixed per zone, so one per zone is shared. */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock time an instant reads in `timeZone`, written as if it were a UTC epoch (to the second). */
export function wallClock(atMs: number, timeZone: string): number {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  const part = Object.fromEntries(format.formatToParts(atMs).map((p) => [p.type, Number(p.value)]));
  // Some ICU versions still write midnight as hour 24 despite h23.
  return Date.UTC(part.year, part.month - 1, part.day, part.hour % 24, part.minute, part.second);
}

/** The zone's UTC offset at an instant, in ms (Riyadh: +3 h). */
export function offsetAt(atMs: number, timeZone: string): number {
  return wallClock(atMs, timeZone) - Math.floor(atMs / SECOND) * SECOND;
}
