/**
 * When a survey message may go out: quiet hours in the hospital's local time, and reminder
 * schedules. Pure and deterministic so the survey workflow can call it inside the Temporal sandbox:
 * every instant is an argument (epoch ms), and local time comes from Intl with an explicit zone,
 * never from the host's clock or zone.
 */
import { DAY, MINUTE } from './duration';
import { HH_MM, offsetAt, wallClock } from './zoneTime';

/** A daily window in minutes after local midnight; start > end means it crosses midnight. */
export interface QuietHours {
  startMinute: number;
  endMinute: number;
}

/** `off` or `HH:MM-HH:MM` (24-hour), for JSON schemas. Start = end passes it; the parser rejects it. */
export const QUIET_HOURS_PATTERN = `^(off|${HH_MM}-${HH_MM})$`;
const QUIET_HOURS = new RegExp(QUIET_HOURS_PATTERN);

/** `'21:00-09:00'` (crossing midnight), `'13:00-14:30'` (same day), or `'off'` (null). */
export function parseQuietHours(spec: string): QuietHours | null {
  const match = QUIET_HOURS.exec(spec);
  if (!match) throw new Error(`Invalid quiet hours "${spec}": expected "off" or HH:MM-HH:MM (24-hour)`);
  if (match[1] === 'off') return null;
  const [startHour, startMin, endHour, endMin] = match.slice(2).map(Number);
  const quiet = { startMinute: startHour * 60 + startMin, endMinute: endHour * 60 + endMin };
  // An empty window is ambiguous (never quiet, or always?): make the author say "off" instead.
  if (quiet.startMinute === quiet.endMinute) throw new Error(`Invalid quiet hours "${spec}": start and end are the same`);
  return quiet;
}

/** Minutes after local midnight at `atMs` in `timeZone` (0–1439). */
export function localMinuteOfDay(atMs: number, timeZone: string): number {
  return Math.floor((wallClock(atMs, timeZone) % DAY) / MINUTE);
}

/**
 * The instants, ascending, whose wall-clock in `timeZone` reads `local` (written as a UTC epoch):
 * usually one; two when clocks fall back over it (the hour repeats); and when clocks spring forward
 * over it, so that it never happens, the first instant after the gap.
 */
function instantsAt(local: number, timeZone: string): number[] {
  // Real zones change offset at most once in any two days.
  const before = offsetAt(local - DAY, timeZone);
  const after = offsetAt(local + DAY, timeZone);
  const instants = [...new Set([local - before, local - after])]
    .filter((t) => wallClock(t, timeZone) === local)
    .sort((a, b) => a - b);
  if (instants.length > 0) return instants;
  // In the gap: `local - after` still reads the old offset and `local - before` the new one, so the
  // change lies between them. Offsets change on whole minutes, so a search by minutes finds it.
  let lo = local - after;
  let hi = local - before;
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / MINUTE / 2) * MINUTE;
    if (offsetAt(mid, timeZone) === after) hi = mid;
    else lo = mid;
  }
  return [hi];
}

/**
 * `atMs` if it is outside the quiet window (start inclusive, end exclusive) in the hospital's local
 * time; otherwise the instant the window ends: the next local `endMinute`, with seconds 0.
 */
export function nextAllowedTime(atMs: number, quiet: QuietHours | null, timeZone: string): number {
  if (!quiet) return atMs;
  const { startMinute, endMinute } = quiet;
  const local = wallClock(atMs, timeZone);
  const minute = Math.floor((local % DAY) / MINUTE);
  const crossesMidnight = startMinute > endMinute;
  const inside = crossesMidnight ? minute >= startMinute || minute < endMinute : minute >= startMinute && minute < endMinute;
  if (!inside) return atMs;
  // Late in a window that crosses midnight, it ends tomorrow; otherwise later today.
  const endsTomorrow = crossesMidnight && minute >= startMinute;
  const end = local - (local % DAY) + (endsTomorrow ? DAY : 0) + endMinute * MINUTE;
  // When the hour repeats, `atMs` may be in its second pass, after the first reading of the end.
  // `atMs` reads earlier than the end, so the last instant is always later.
  return instantsAt(end, timeZone).find((t) => t > atMs)!;
}

export interface ReminderSchedule {
  sentAtMs: number;
  /** Offsets after the send, as from parseDurationList (./duration). */
  remindersMs: readonly number[];
  /** A reminder due at or after this is pointless: the survey no longer accepts answers. */
  expiresAtMs: number;
  quiet: QuietHours | null;
  timeZone: string;
}

/**
 * When each reminder goes out, ascending: its due time moved out of quiet hours, dropping any that
 * would land at or after expiry, and merging reminders pushed to the same instant (two due overnight
 * both become the 09:00 one), so the patient is never sent the same reminder twice at once.
 */
export function reminderTimes({ sentAtMs, remindersMs, expiresAtMs, quiet, timeZone }: ReminderSchedule): number[] {
  const times = remindersMs.map((offset) => nextAllowedTime(sentAtMs + offset, quiet, timeZone)).filter((t) => t < expiresAtMs);
  return [...new Set(times)].sort((a, b) => a - b);
}
