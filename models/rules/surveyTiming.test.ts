import { parseDurationList } from './duration';
import { QUIET_HOURS_PATTERN, localMinuteOfDay, nextAllowedTime, parseQuietHours, reminderTimes } from './surveyTiming';

const H = 3_600_000;
const RIYADH = 'Asia/Riyadh';
const LONDON = 'Europe/London';
const NEW_YORK = 'America/New_York';
const overnight = parseQuietHours('21:00-09:00');

describe('parseQuietHours', () => {
  it('reads windows in minutes after midnight', () => {
    expect(overnight).toEqual({ startMinute: 21 * 60, endMinute: 9 * 60 });
    expect(parseQuietHours('13:00-14:30')).toEqual({ startMinute: 13 * 60, endMinute: 14 * 60 + 30 });
    expect(parseQuietHours('00:00-23:59')).toEqual({ startMinute: 0, endMinute: 23 * 60 + 59 });
    expect(parseQuietHours('off')).toBeNull();
  });

  it.each(['', 'OFF', '9:00-17:00', '24:00-09:00', '21:60-09:00', '21:00 - 09:00', '21:00-09:00x', '21:00'])('rejects %p, naming it', (spec) => {
    expect(() => parseQuietHours(spec)).toThrow(`"${spec}"`);
  });

  it('rejects a window that starts where it ends', () => {
    expect(() => parseQuietHours('09:00-09:00')).toThrow(/"09:00-09:00".*same/);
  });

  it('exports a schema pattern that agrees with the parser on syntax', () => {
    const pattern = new RegExp(QUIET_HOURS_PATTERN, 'u');
    for (const ok of ['off', '21:00-09:00', '00:00-23:59']) expect(pattern.test(ok)).toBe(true);
    for (const bad of ['', 'OFF', '24:00-09:00', '21:00-9:00', ' off']) expect(pattern.test(bad)).toBe(false);
  });
});

describe('localMinuteOfDay', () => {
  it('reads the local clock, midnight as 0', () => {
    expect(localMinuteOfDay(Date.UTC(2026, 10, 29, 19, 30), RIYADH)).toBe(22 * 60 + 30);
    expect(localMinuteOfDay(Date.UTC(2026, 10, 29, 21, 0), RIYADH)).toBe(0);
    expect(localMinuteOfDay(Date.UTC(2026, 10, 29, 0, 0), 'UTC')).toBe(0);
    expect(localMinuteOfDay(Date.UTC(2026, 6, 1, 12, 0), LONDON)).toBe(13 * 60);
  });
});

describe('nextAllowedTime in Riyadh (UTC+3, no DST)', () => {
  // Riyadh local hh:mm on 29/30 Nov 2026, as UTC epoch ms.
  const riyadh = (day: number, hour: number, minute = 0, second = 0) => Date.UTC(2026, 10, day, hour - 3, minute, second);

  it.each([
    ['22:30 → 09:00 next day', riyadh(29, 22, 30), riyadh(30, 9)],
    ['03:00 → 09:00 same day', riyadh(30, 3), riyadh(30, 9)],
    ['exactly 21:00 → 09:00 next day', riyadh(29, 21), riyadh(30, 9)],
    ['23:59:59 → 09:00 next day, seconds 0', riyadh(29, 23, 59, 59) + 999, riyadh(30, 9)],
    ['08:59:59 → 09:00 same day', riyadh(30, 8, 59, 59), riyadh(30, 9)],
  ])('quiet: %s', (_name, at, expected) => {
    expect(nextAllowedTime(at, overnight, RIYADH)).toBe(expected);
  });

  it.each([
    ['12:00', riyadh(30, 12)],
    ['exactly 09:00', riyadh(30, 9)],
    ['20:59:59', riyadh(29, 20, 59, 59)],
  ])('allowed: %s is unchanged', (_name, at) => {
    expect(nextAllowedTime(at, overnight, RIYADH)).toBe(at);
  });

  it('handles a same-day window', () => {
    const lunch = parseQuietHours('13:00-14:30');
    expect(nextAllowedTime(riyadh(30, 13), lunch, RIYADH)).toBe(riyadh(30, 14, 30));
    expect(nextAllowedTime(riyadh(30, 14, 29), lunch, RIYADH)).toBe(riyadh(30, 14, 30));
    expect(nextAllowedTime(riyadh(30, 14, 30), lunch, RIYADH)).toBe(riyadh(30, 14, 30));
    expect(nextAllowedTime(riyadh(30, 12, 59), lunch, RIYADH)).toBe(riyadh(30, 12, 59));
    expect(nextAllowedTime(riyadh(30, 23), lunch, RIYADH)).toBe(riyadh(30, 23));
  });

  it("never holds back with 'off'", () => {
    expect(nextAllowedTime(riyadh(29, 23), parseQuietHours('off'), RIYADH)).toBe(riyadh(29, 23));
  });
});

describe('nextAllowedTime across DST changes', () => {
  // London springs forward on 29 Mar 2026 at 01:00 GMT (→ 02:00 BST) and falls back on 25 Oct 2026.
  it('London: a window ending at 03:00 on the spring-forward night', () => {
    const quiet = parseQuietHours('01:00-03:00');
    expect(nextAllowedTime(Date.UTC(2026, 2, 29, 0, 59), quiet, LONDON)).toBe(Date.UTC(2026, 2, 29, 0, 59));
    // 01:00 UTC reads 02:00 BST; 03:00 BST is 02:00 UTC.
    expect(nextAllowedTime(Date.UTC(2026, 2, 29, 1, 0), quiet, LONDON)).toBe(Date.UTC(2026, 2, 29, 2, 0));
  });

  it('London: an overnight window ends at 09:00 in the new offset', () => {
    // 22:00 GMT on 28 Mar → 09:00 BST (08:00 UTC) on 29 Mar.
    expect(nextAllowedTime(Date.UTC(2026, 2, 28, 22, 0), overnight, LONDON)).toBe(Date.UTC(2026, 2, 29, 8, 0));
    // 22:00 BST (21:00 UTC) on 24 Oct → 09:00 GMT (09:00 UTC) on 25 Oct.
    expect(nextAllowedTime(Date.UTC(2026, 9, 24, 21, 0), overnight, LONDON)).toBe(Date.UTC(2026, 9, 25, 9, 0));
  });

  it('London: an end time skipped by the clocks becomes the first instant after the gap', () => {
    // 01:30 never happens on 29 Mar; clocks read 02:00 BST at 01:00 UTC.
    expect(nextAllowedTime(Date.UTC(2026, 2, 28, 23, 30), parseQuietHours('23:00-01:30'), LONDON)).toBe(Date.UTC(2026, 2, 29, 1, 0));
  });

  // New York springs forward on 8 Mar 2026 at 02:00 EST (→ 03:00 EDT) and falls back on 1 Nov 2026.
  it('New York: an overnight window across the spring-forward night', () => {
    // 22:00 EST (03:00 UTC) → 09:00 EDT (13:00 UTC).
    expect(nextAllowedTime(Date.UTC(2026, 2, 8, 3, 0), overnight, NEW_YORK)).toBe(Date.UTC(2026, 2, 8, 13, 0));
    // 02:30 does not exist; the gap ends at 03:00 EDT (07:00 UTC).
    expect(nextAllowedTime(Date.UTC(2026, 2, 8, 5, 0), parseQuietHours('00:00-02:30'), NEW_YORK)).toBe(Date.UTC(2026, 2, 8, 7, 0));
  });

  it('New York: when the hour repeats, the window ends at the next reading of its end', () => {
    const quiet = parseQuietHours('00:00-01:30');
    // 00:30 EDT (04:30 UTC) → the first 01:30, EDT (05:30 UTC).
    expect(nextAllowedTime(Date.UTC(2026, 10, 1, 4, 30), quiet, NEW_YORK)).toBe(Date.UTC(2026, 10, 1, 5, 30));
    // 01:10 EST (06:10 UTC), the second pass → the second 01:30, EST (06:30 UTC).
    expect(nextAllowedTime(Date.UTC(2026, 10, 1, 6, 10), quiet, NEW_YORK)).toBe(Date.UTC(2026, 10, 1, 6, 30));
    // 01:40 EDT (05:40 UTC) is outside the window, though 01:10 EST comes later.
    expect(nextAllowedTime(Date.UTC(2026, 10, 1, 5, 40), quiet, NEW_YORK)).toBe(Date.UTC(2026, 10, 1, 5, 40));
  });
});

describe('reminderTimes', () => {
  // Sent 18:00 Riyadh (15:00 UTC) on 29 Nov 2026.
  const sentAtMs = Date.UTC(2026, 10, 29, 15, 0);
  const nextMorning = Date.UTC(2026, 10, 30, 6, 0);

  it('moves reminders out of quiet hours and merges those pushed to the same instant', () => {
    // +4h (22:00) and +8h (02:00) both become 09:00; +20h is 14:00 next day, allowed.
    const times = reminderTimes({ sentAtMs, remindersMs: [4 * H, 8 * H, 20 * H], expiresAtMs: sentAtMs + 7 * 24 * H, quiet: overnight, timeZone: RIYADH });
    expect(times).toEqual([nextMorning, sentAtMs + 20 * H]);
  });

  it('drops reminders that would land at or after expiry, including those quiet hours pushed there', () => {
    const schedule = { sentAtMs, remindersMs: [2 * H, 4 * H, 48 * H], quiet: overnight, timeZone: RIYADH };
    expect(reminderTimes({ ...schedule, expiresAtMs: nextMorning })).toEqual([sentAtMs + 2 * H]);
    expect(reminderTimes({ ...schedule, expiresAtMs: nextMorning + 1 })).toEqual([sentAtMs + 2 * H, nextMorning]);
  });

  it('keeps the raw offsets without quiet hours', () => {
    expect(reminderTimes({ sentAtMs, remindersMs: parseDurationList('24h,72h'), expiresAtMs: sentAtMs + 72 * H, quiet: null, timeZone: RIYADH })).toEqual([sentAtMs + 24 * H]);
  });
});
