/**
 * SLA due dates on a continuous clock (every millisecond counts) or a business clock (only the
 * hospital's working hours count: not nights, weekends or holidays). Pure and deterministic so the
 * complaint and PX-action workflows can call it inside the Temporal sandbox: every instant is an
 * argument (epoch ms), and local time comes from Intl with the calendar's zone, never the host's.
 */
import { DAY, MINUTE, WEEK } from './duration';
import { HH_MM, offsetAt, perTimeZone, wallClock } from './zoneTime';

/** How far the business clock looks for working time before deciding the calendar has none. */
const MAX_IDLE_DAYS = 366;

export interface BusinessCalendar {
  /** IANA zone the working hours, weekend and holidays are read in, e.g. 'Asia/Riyadh'. */
  timeZone: string;
  /** Days off, 0=Sunday..6=Saturday; Saudi default [5, 6] (Friday, Saturday). */
  weekend: number[];
  /** Working hours each working day, local 'HH:MM' (e.g. '08:00' to '17:00'); end > start. */
  workdayStart: string;
  workdayEnd: string;
  /** Local dates 'YYYY-MM-DD' that are holidays (Eid al-Fitr, National Day, ...). */
  holidays: string[];
}

export type SlaClock = 'continuous' | 'business';

/** A Saudi hospital's week: Sunday to Thursday, 08:00–17:00 Riyadh time, no holidays configured. */
export const DEFAULT_CALENDAR: BusinessCalendar = {
  timeZone: 'Asia/Riyadh',
  weekend: [5, 6],
  workdayStart: '08:00',
  workdayEnd: '17:00',
  holidays: [],
};

/**
 * The instant `durationMs` of clock time after `startMs`. Continuous: plain addition. Business:
 * only working time counts, and a start outside it begins counting at the next working minute
 * (the end of the working day is outside). Each whole 24 h of `durationMs` is one working day
 * (so P3D is three working days, as staff mean it) and the rest counts as working time.
 */
export function addClockTime(startMs: number, durationMs: number, clock: SlaClock, calendar: BusinessCalendar): number {
  if (!(durationMs >= 0)) throw new RangeError(`SLA duration must be zero or more, got ${durationMs} ms`);
  if (clock === 'continuous') return startMs + durationMs;
  const hours = workingHours(calendar);
  return addWorkingMs(startMs, toWorkingMs(durationMs, hours), hours);
}

/**
 * Clock time from `fromMs` to `toMs` (negative if `toMs` is earlier), in the units addClockTime
 * takes: addClockTime(from, clockTimeBetween(from, to)) is `to` whenever `to` is inside working
 * hours. On a business clock each full working day reads as 24 h, so the result is canonical (the
 * part under 24 h is shorter than a working day) and PT12H on a 9-hour day comes back as P1DT3H.
 */
export function clockTimeBetween(fromMs: number, toMs: number, clock: SlaClock, calendar: BusinessCalendar): number {
  if (clock === 'continuous') return toMs - fromMs;
  if (toMs < fromMs) return -clockTimeBetween(toMs, fromMs, clock, calendar);
  const hours = workingHours(calendar);
  const working = workingMsBetween(fromMs, toMs, hours);
  return Math.floor(working / hours.dayMs) * DAY + (working % hours.dayMs);
}

/**
 * When reminders fall: at each fraction in (0, 1) of the window's clock time, ascending and without
 * duplicates. On a business clock the fraction is of the window's working time, so 0.5 of P3D is
 * 13.5 working hours, not one working day and 12 hours.
 */
export function reminderInstants(startMs: number, windowMs: number, fractions: number[], clock: SlaClock, calendar: BusinessCalendar): number[] {
  const inWindow = fractions.filter((f) => f > 0 && f < 1);
  let instants: number[];
  if (clock === 'continuous') {
    instants = inWindow.map((f) => startMs + Math.round(f * windowMs));
  } else {
    const hours = workingHours(calendar);
    const windowWorkingMs = toWorkingMs(windowMs, hours);
    instants = inWindow.map((f) => addWorkingMs(startMs, Math.round(f * windowWorkingMs), hours));
  }
  return [...new Set(instants)].sort((a, b) => a - b);
}

export interface DueDescription {
  iso: string;
  /** '1 Dec 2026, 14:00' */
  gregorianEn: string;
  /** '١ ديسمبر ٢٠٢٦، ١٤:٠٠' */
  gregorianAr: string;
  /** '21 Jumada II 1448 AH' (Umm al-Qura, the calendar Saudi staff date things by) */
  hijriEn: string;
  /** '٢١ جمادى الآخرة ١٤٤٨ هـ' */
  hijriAr: string;
}

interface DueFormatters {
  gregorianEn: Intl.DateTimeFormat;
  gregorianAr: Intl.DateTimeFormat;
  hijriEn: Intl.DateTimeFormat;
  hijriAr: Intl.DateTimeFormat;
}

const formattersFor = perTimeZone((timeZone): DueFormatters => {
  const dateTime: Intl.DateTimeFormatOptions = { timeZone, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  const date: Intl.DateTimeFormatOptions = { timeZone, day: 'numeric', month: 'long', year: 'numeric' };
  return {
    gregorianEn: new Intl.DateTimeFormat('en-GB-u-ca-gregory-nu-latn', dateTime),
    gregorianAr: new Intl.DateTimeFormat('ar-SA-u-ca-gregory', dateTime),
    hijriEn: new Intl.DateTimeFormat('en-GB-u-ca-islamic-umalqura-nu-latn', date),
    hijriAr: new Intl.DateTimeFormat('ar-SA-u-ca-islamic-umalqura', date),
  };
});

/** A due date as staff read it in the hospital's zone: Gregorian with the time, and Hijri, in English and Arabic. */
export function describeDue(atMs: number, timeZone: string): DueDescription {
  const f = formattersFor(timeZone);
  return {
    iso: new Date(atMs).toISOString(),
    gregorianEn: f.gregorianEn.format(atMs),
    gregorianAr: f.gregorianAr.format(atMs),
    hijriEn: f.hijriEn.format(atMs),
    hijriAr: f.hijriAr.format(atMs),
  };
}

/** A calendar checked and read once per call, so the day loops only compare numbers. */
interface WorkingHours {
  timeZone: string;
  weekend: Set<number>;
  holidays: Set<string>;
  /** Minutes after local midnight. */
  startMinute: number;
  endMinute: number;
  /** Length of one working day in ms. */
  dayMs: number;
}

const TIME_OF_DAY = new RegExp(`^${HH_MM}$`);
const YYYY_MM_DD = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** Reads a calendar, failing loudly on a typo rather than silently counting the wrong hours. */
function workingHours(calendar: BusinessCalendar): WorkingHours {
  const minuteOf = (field: 'workdayStart' | 'workdayEnd') => {
    const match = TIME_OF_DAY.exec(calendar[field]);
    if (!match) throw new Error(`Invalid business calendar ${field} "${calendar[field]}": expected HH:MM (24-hour)`);
    return Number(match[1]) * 60 + Number(match[2]);
  };
  const startMinute = minuteOf('workdayStart');
  const endMinute = minuteOf('workdayEnd');
  if (endMinute <= startMinute) throw new Error(`Invalid business calendar: workdayEnd "${calendar.workdayEnd}" is not after workdayStart "${calendar.workdayStart}"`);
  for (const day of calendar.weekend) {
    if (!Number.isInteger(day) || day < 0 || day > 6) throw new Error(`Invalid business calendar weekend day ${day}: expected 0 (Sunday) to 6 (Saturday)`);
  }
  for (const holiday of calendar.holidays) {
    if (!YYYY_MM_DD.test(holiday)) throw new Error(`Invalid business calendar holiday "${holiday}": expected YYYY-MM-DD`);
  }
  return {
    timeZone: calendar.timeZone,
    weekend: new Set(calendar.weekend),
    holidays: new Set(calendar.holidays),
    startMinute,
    endMinute,
    dayMs: (endMinute - startMinute) * MINUTE,
  };
}

/** Whole 24 h become working days; the remainder is working time as it stands. */
function toWorkingMs(durationMs: number, hours: WorkingHours): number {
  return Math.floor(durationMs / DAY) * hours.dayMs + (durationMs % DAY);
}

/**
 * A local date's working interval as instants, or null on a weekend day or holiday. `localMidnight`
 * is the date's midnight written as if it were a UTC epoch.
 */
function workingInterval(localMidnight: number, hours: WorkingHours): [number, number] | null {
  if (!isWorkingDate(localMidnight, hours)) return null;
  return [
    instantAt(localMidnight + hours.startMinute * MINUTE, hours.timeZone),
    instantAt(localMidnight + hours.endMinute * MINUTE, hours.timeZone),
  ];
}

/** Midnight of the local date `atMs` falls on, written as if it were a UTC epoch. */
function localMidnightOf(atMs: number, timeZone: string): number {
  const local = wallClock(atMs, timeZone);
  return local - (((local % DAY) + DAY) % DAY);
}

/** Whether a local date (its midnight written as a UTC epoch) is a working day. */
function isWorkingDate(localMidnight: number, hours: WorkingHours): boolean {
  const date = new Date(localMidnight);
  return !hours.weekend.has(date.getUTCDay()) && !hours.holidays.has(date.toISOString().slice(0, 10));
}

/**
 * Working ms in the seven local days from `localMidnight`, or null when the zone's UTC offset
 * changes within them (a DST week, where a day's working time may differ from the nominal length).
 * Counting dates is arithmetic; only the offset check asks Intl, twice a week rather than every day.
 */
function weekWorkingMs(localMidnight: number, hours: WorkingHours): number | null {
  if (instantAt(localMidnight + WEEK, hours.timeZone) - instantAt(localMidnight, hours.timeZone) !== WEEK) return null;
  let days = 0;
  for (let i = 0; i < 7; i++) if (isWorkingDate(localMidnight + i * DAY, hours)) days++;
  return days * hours.dayMs;
}

/**
 * Steps from `startMs` until `workingMs` of working time has passed: the first (partial) day on its
 * own, then a whole week at a time while the deadline lies beyond it, then day by day. So the cost
 * grows with the weeks in the window, not its days.
 */
function addWorkingMs(startMs: number, workingMs: number, hours: WorkingHours): number {
  let remaining = workingMs;
  let idleDays = 0;
  const noWorkingTime = () =>
    new Error(`Business calendar (${hours.timeZone}) has no working time within ${MAX_IDLE_DAYS} days of ${new Date(startMs).toISOString()}: check its weekend and holidays`);
  const firstDay = localMidnightOf(startMs, hours.timeZone);
  for (let day = firstDay; ; ) {
    if (day > firstDay) {
      const week = weekWorkingMs(day, hours);
      // Strictly less: a deadline on the week's last working minute is found by the day loop.
      if (week !== null && week < remaining) {
        remaining -= week;
        idleDays = week === 0 ? idleDays + 7 : 0;
        if (idleDays > MAX_IDLE_DAYS) throw noWorkingTime();
        day += WEEK;
        continue;
      }
    }
    const interval = workingInterval(day, hours);
    day += DAY;
    if (!interval) {
      // Only a calendar with every day off (weekend or holidays) gets here a year running.
      if (++idleDays > MAX_IDLE_DAYS) throw noWorkingTime();
      continue;
    }
    idleDays = 0;
    const from = Math.max(interval[0], startMs);
    const available = interval[1] - from;
    if (available <= 0) continue;
    // `<=` so that a deadline landing exactly on the end of the day is that day, not next morning.
    if (remaining <= available) return from + remaining;
    remaining -= available;
  }
}

/** Working ms in [fromMs, toMs]: the local days at either end by their overlap, whole weeks between at once. */
function workingMsBetween(fromMs: number, toMs: number, hours: WorkingHours): number {
  let total = 0;
  const firstDay = localMidnightOf(fromMs, hours.timeZone);
  const lastDay = localMidnightOf(toMs, hours.timeZone);
  for (let day = firstDay; day <= lastDay; ) {
    // A week wholly after the first date and before the last lies inside [fromMs, toMs].
    if (day > firstDay && day + WEEK <= lastDay) {
      const week = weekWorkingMs(day, hours);
      if (week !== null) {
        total += week;
        day += WEEK;
        continue;
      }
    }
    const interval = workingInterval(day, hours);
    if (interval) total += Math.max(0, Math.min(interval[1], toMs) - Math.max(interval[0], fromMs));
    day += DAY;
  }
  return total;
}

/**
 * The instant whose wall clock in `timeZone` reads `local`. Two passes settle on the offset in force
 * at that time; when clocks skip over it (a DST gap) the result lands within the gap's length of it,
 * and when the hour repeats either reading may be chosen: working hours rarely sit there.
 */
function instantAt(local: number, timeZone: string): number {
  const guess = local - offsetAt(local, timeZone);
  return local - offsetAt(guess, timeZone);
}
