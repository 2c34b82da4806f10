/**
 * Calendar periods of the KPI engine, in Asia/Riyadh: days, weeks starting on Sunday (the Saudi
 * work week, Sunday to Thursday) and Gregorian months. Riyadh keeps UTC+03:00 all year (no daylight
 * saving), so a fixed offset is exact. Dates are `YYYY-MM-DD` strings throughout.
 */
import type { KpiPeriod } from '../../models/entities/analytics';

export const KPI_TIME_ZONE = 'Asia/Riyadh';
const RIYADH_OFFSET_MS = 3 * 3_600_000;
const DAY_MS = 86_400_000;
export const PERIODS: KpiPeriod[] = ['day', 'week', 'month'];

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether a string is a real calendar date `YYYY-MM-DD` (2026-02-30 is not). */
export function isDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const at = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return at.toISOString().slice(0, 10) === value;
}

const toUtcDay = (date: string): number => {
  if (!isDate(date)) throw new RangeError(`not a date: ${date}`);
  return Date.parse(`${date}T00:00:00Z`);
};
const fromUtcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The Riyadh calendar date an instant falls on. */
export function riyadhDate(at: Date | number): string {
  return fromUtcDay(+at + RIYADH_OFFSET_MS);
}

/** The instant Riyadh's day `date` begins (its midnight, 21:00 UTC the day before). */
export function riyadhMidnight(date: string): Date {
  return new Date(toUtcDay(date) - RIYADH_OFFSET_MS);
}

export function addDays(date: string, days: number): string {
  return fromUtcDay(toUtcDay(date) + days * DAY_MS);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((toUtcDay(to) - toUtcDay(from)) / DAY_MS);
}

/** The first day of the period containing `date`: itself, the Sunday on or before it, the 1st of its month. */
export function periodStartOf(date: string, period: KpiPeriod): string {
  if (period === 'day') return fromUtcDay(toUtcDay(date));
  if (period === 'week') return addDays(date, -new Date(toUtcDay(date)).getUTCDay());
  return `${date.slice(0, 7)}-01`;
}

/** The first day after the period starting at `start`. */
export function nextPeriodStart(start: string, period: KpiPeriod): string {
  if (period === 'day') return addDays(start, 1);
  if (period === 'week') return addDays(start, 7);
  const d = new Date(toUtcDay(start));
  return fromUtcDay(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
}

/** Starts of every period overlapping [from, to], oldest first. */
export function periodStarts(from: string, to: string, period: KpiPeriod): string[] {
  const starts: string[] = [];
  for (let start = periodStartOf(from, period); start <= to; start = nextPeriodStart(start, period)) starts.push(start);
  return starts;
}

/**
 * The whole periods overlapping [from, to]: from the start of the first to the day before the
 * period after the last, so a week or month is always computed from all of its days.
 */
export function coveringRange(from: string, to: string, period: KpiPeriod): { from: string; to: string } {
  return { from: periodStartOf(from, period), to: addDays(nextPeriodStart(periodStartOf(to, period), period), -1) };
}
