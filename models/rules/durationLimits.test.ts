import { DURATION_LIMITS, TEMPORAL_MAX_TIMER_MS, durationLimitProblem, withinLimit } from './durationLimits';

const DAY = 86_400_000;

describe('duration limits', () => {
  it('keeps every limit inside what a Temporal timer can take, even as working days on a business clock', () => {
    // A business day may be as short as a minute, so a window of N "days" can stretch over N calendar weeks at worst.
    for (const max of Object.values(DURATION_LIMITS)) expect(max * 7).toBeLessThan(TEMPORAL_MAX_TIMER_MS);
  });

  it('names the limit a value is over, and accepts the limit itself', () => {
    expect(durationLimitProblem('slaWindow', 365 * DAY)).toBeUndefined();
    expect(durationLimitProblem('slaWindow', 365 * DAY + 1)).toBe('must be at most 365 days');
    expect(durationLimitProblem('accessToken', 2 * DAY)).toBe('must be at most 1 day');
    expect(durationLimitProblem('pollInterval', 2 * 60 * 60 * 1000)).toBe('must be at most 60 minutes');
    expect(durationLimitProblem('surveyExpiry', Number.MAX_VALUE)).toBe('must be a duration of zero or more');
  });

  it('cuts stored values to the limit', () => {
    expect(withinLimit('slaWindow', 9_999_999 * 7 * DAY)).toBe(365 * DAY);
    expect(withinLimit('surveySendDelay', 2 * 60 * 60 * 1000)).toBe(2 * 60 * 60 * 1000);
  });
});
