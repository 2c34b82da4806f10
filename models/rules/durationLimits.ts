/**
 * The longest value each configurable duration may take. Staff and operators set these (SLA
 * windows, survey timing, journey inactivity); an absurd one (`P9999999W`) would otherwise become a
 * timer Temporal refuses, or a business-clock walk that holds the process. Pure, so configuration,
 * the API and the activities all check against the same figures.
 */
import { DAY, MINUTE } from './duration';

/** Temporal refuses a timer longer than 100 years (temporalio/temporal#4775); every bound below is far inside it. */
export const TEMPORAL_MAX_TIMER_MS = 100 * 365 * DAY;

export const DURATION_LIMITS = {
  /** An SLA's acknowledge-within or resolve-within: a year (of working days, on a business clock). */
  slaWindow: 365 * DAY,
  /** Silence that closes an encounter: a long inpatient stay still fits. */
  journeyInactivity: 366 * DAY,
  /** After the terminal stage, how long late events are still taken. */
  encounterCloseGrace: 30 * DAY,
  /** Stage completed → survey sent. */
  surveySendDelay: 30 * DAY,
  /** Each reminder, as a time after the first send. */
  surveyReminder: 90 * DAY,
  /** How long a survey link keeps working. */
  surveyExpiry: 90 * DAY,
  /** A resolved complaint waiting for the patient's verdict. */
  complaintCloseAfter: 90 * DAY,
  /** Sign-in: access and refresh token lifetimes, lockout. */
  accessToken: DAY,
  refreshToken: 90 * DAY,
  lockout: DAY,
  /** The staff console's idle sign-out on a shared workstation. */
  consoleIdle: DAY,
  /** Intake: MLLP idle timeout, relay poll interval. */
  connectionIdle: DAY,
  pollInterval: 60 * MINUTE,
} as const;

export type DurationKind = keyof typeof DURATION_LIMITS;

/** '365 days', '1 day', '60 minutes': the limit as a person reads it. */
export function describeLimit(ms: number): string {
  if (ms % DAY === 0) return ms === DAY ? '1 day' : `${ms / DAY} days`;
  const minutes = Math.round(ms / MINUTE);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

/** Why `ms` is not allowed for `kind`, or undefined when it is. */
export function durationLimitProblem(kind: DurationKind, ms: number): string | undefined {
  if (!Number.isSafeInteger(ms) || ms < 0) return 'must be a duration of zero or more';
  const max = DURATION_LIMITS[kind];
  return ms > max ? `must be at most ${describeLimit(max)}` : undefined;
}

/**
 * `ms` cut to the limit of `kind`: for values stored before the limits existed, so a workflow still
 * runs on them (at the longest allowed) instead of freezing or failing.
 */
export function withinLimit(kind: DurationKind, ms: number): number {
  return Math.min(Math.max(0, ms), DURATION_LIMITS[kind]);
}
