/**
 * Every workflow the worker registers. Deterministic code only: no I/O, no ORM, no Ajv, no clock
 * or randomness outside Temporal's; activities are reached through `proxyActivities`.
 */
export { encounter } from './encounter';
export { survey } from './survey';
export { complaint } from './complaint';
export { pxAction } from './pxAction';
export { kpiRollup, physicianRatingsMonthly } from './analytics';
