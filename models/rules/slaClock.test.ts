import { parseIsoDuration } from './duration';
import { BusinessCalendar, DEFAULT_CALENDAR, addClockTime, clockTimeBetween, describeDue, reminderInstants } from './slaClock';

const M = 60_000;
const H = 60 * M;
const D = 24 * H;

/** Riyadh is UTC+3 all year: local 2026 month/day hh:mm as epoch ms. */
const riyadh = (month: number, day: number, hour: number, minute = 0) => Date.UTC(2026, month - 1, day, hour - 3, minute);

/** Fixed so the tests never depend on DEFAULT_CALENDAR: Sunday–Thursday 08:00–17:00, Thursday 3 Dec a holiday. */
const calendar: BusinessCalendar = {
  timeZone: 'Asia/Riyadh',
  weekend: [5, 6],
  workdayStart: '08:00',
  workdayEnd: '17:00',
  holidays: ['2026-12-03'],
};

const business = (start: number, duration: number, cal = calendar) => addClockTime(start, duration, 'business', cal);

describe('addClockTime on a continuous clock', () => {
  it('is plain addition, weekends and holidays included', () => {
    expect(addClockTime(riyadh(11, 26, 16), 4 * H, 'continuous', calendar)).toBe(riyadh(11, 26, 20));
    expect(addClockTime(riyadh(12, 2, 15), parseIsoDuration('P3D'), 'continuous', calendar)).toBe(riyadh(12, 5, 15));
  });
});

describe('addClockTime on a business clock (Riyadh, Fri+Sat weekend, 08:00–17:00)', () => {
  it.each([
    ['Thu 16:00 + 4h: 1h Thu, weekend skipped → Sun 11:00', riyadh(11, 26, 16), 'PT4H', riyadh(11, 29, 11)],
    ['Wed 15:00 + 4h: 2h Wed, Thu holiday, weekend → Sun 10:00', riyadh(12, 2, 15), 'PT4H', riyadh(12, 6, 10)],
    ['Sat 22:00 + 1h: counting begins Sun 08:00', riyadh(11, 28, 22), 'PT1H', riyadh(11, 29, 9)],
    ['Sun 06:00 + 30m: before hours, begins 08:00', riyadh(11, 29, 6), 'PT30M', riyadh(11, 29, 8, 30)],
    ['Mon 17:00 + 1h: the end of the day is outside', riyadh(11, 30, 17), 'PT1H', riyadh(12, 1, 9)],
    ['Mon 16:59 + 2m: one minute each side of the night', riyadh(11, 30, 16, 59), 'PT2M', riyadh(12, 1, 8, 1)],
    ['Mon 10:00 + 4h: within the day', riyadh(11, 30, 10), 'PT4H', riyadh(11, 30, 14)],
    ['Sun 08:00 + P1D: one working day → Sun 17:00', riyadh(11, 29, 8), 'P1D', riyadh(11, 29, 17)],
    ['Sun 10:00 + P3D: 27 working hours → Wed 10:00', riyadh(11, 29, 10), 'P3D', riyadh(12, 2, 10)],
    ['Sun 10:00 + P1DT3H: 12 working hours → Mon 13:00', riyadh(11, 29, 10), 'P1DT3H', riyadh(11, 30, 13)],
    ['Sun 08:00 + P1W: seven working days, past the holiday → Tue 17:00', riyadh(11, 29, 8), 'P1W', riyadh(12, 8, 17)],
  ])('%s', (_name, start, duration, due) => {
    expect(business(start, parseIsoDuration(duration))).toBe(due);
  });

  it('moves a zero duration outside working time to the next working minute', () => {
    expect(business(riyadh(11, 27, 12), 0)).toBe(riyadh(11, 29, 8));
    expect(business(riyadh(11, 30, 12), 0)).toBe(riyadh(11, 30, 12));
  });

  it('reads working hours in the calendar zone, across a DST change', () => {
    // London, Mon–Fri 09:00–17:00: Friday 27 Mar is GMT, Monday 30 Mar is BST (UTC+1).
    const london: BusinessCalendar = { timeZone: 'Europe/London', weekend: [0, 6], workdayStart: '09:00', workdayEnd: '17:00', holidays: [] };
    expect(business(Date.UTC(2026, 2, 27, 16), 2 * H, london)).toBe(Date.UTC(2026, 2, 30, 9));
  });

  it('throws, rather than looping, when no working time falls within 366 days', () => {
    const closed = { ...calendar, weekend: [0, 1, 2, 3, 4, 5, 6] };
    expect(() => business(riyadh(11, 29, 8), H, closed)).toThrow(/no working time within 366 days/);
    // The weekend covers all but Sunday, and every Sunday for over a year is a holiday.
    const sundays = Array.from({ length: 60 }, (_, week) => new Date(Date.UTC(2026, 10, 29) + week * 7 * D).toISOString().slice(0, 10));
    const holidaysAllYear = { ...calendar, weekend: [1, 2, 3, 4, 5, 6], holidays: sundays };
    expect(() => business(riyadh(11, 29, 8), H, holidaysAllYear)).toThrow(/no working time within 366 days/);
  });

  it.each([
    [{ workdayStart: '8:00' }, /workdayStart "8:00"/],
    [{ workdayEnd: '08:00' }, /workdayEnd "08:00" is not after/],
    [{ weekend: [7] }, /weekend day 7/],
    [{ holidays: ['2026-12-3'] }, /holiday "2026-12-3"/],
    [{ timeZone: 'Mars/Olympus' }, /Mars\/Olympus/],
  ])('rejects a malformed calendar %p', (change, message) => {
    expect(() => business(riyadh(11, 29, 8), H, { ...calendar, ...change })).toThrow(message);
  });

  it('rejects a negative duration', () => {
    expect(() => business(riyadh(11, 29, 8), -H)).toThrow(RangeError);
  });

  it('ships a Saudi default calendar', () => {
    expect(DEFAULT_CALENDAR).toEqual({ timeZone: 'Asia/Riyadh', weekend: [5, 6], workdayStart: '08:00', workdayEnd: '17:00', holidays: [] });
  });
});

describe('the business clock over long windows', () => {
  /** An independent day-by-day walk: each local date's working interval found through its own Intl offset reading. */
  const offsetFormats = new Map<string, Intl.DateTimeFormat>();
  function offsetOf(atMs: number, timeZone: string): number {
    if (!offsetFormats.has(timeZone)) offsetFormats.set(timeZone, new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }));
    const name = offsetFormats.get(timeZone)!.formatToParts(atMs).find((p) => p.type === 'timeZoneName')!.value;
    const match = /GMT(?:([+-])(\d{2}):(\d{2}))?/.exec(name)!;
    return match[1] ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * H + Number(match[3]) * M) : 0;
  }
  const localToInstant = (local: number, zone: string) => {
    const first = local - offsetOf(local, zone);
    return local - offsetOf(first, zone);
  };
  function walk(start: number, duration: number, cal: BusinessCalendar): number {
    const [sh, sm] = cal.workdayStart.split(':').map(Number);
    const [eh, em] = cal.workdayEnd.split(':').map(Number);
    const dayMs = (eh * 60 + em - sh * 60 - sm) * M;
    let remaining = Math.floor(duration / D) * dayMs + (duration % D);
    const local = start + offsetOf(start, cal.timeZone);
    for (let day = local - (local % D); ; day += D) {
      const date = new Date(day);
      if (cal.weekend.includes(date.getUTCDay()) || cal.holidays.includes(date.toISOString().slice(0, 10))) continue;
      const from = Math.max(localToInstant(day + (sh * 60 + sm) * M, cal.timeZone), start);
      const to = localToInstant(day + (eh * 60 + em) * M, cal.timeZone);
      if (to - from <= 0) continue;
      if (remaining <= to - from) return from + remaining;
      remaining -= to - from;
    }
  }

  /** A small fixed-seed generator, so every run checks the same cases. */
  function random(seed: number) {
    return () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  }

  const holidays = Array.from({ length: 40 }, (_, i) => new Date(Date.UTC(2026, 11, 3) + i * 11 * D).toISOString().slice(0, 10));
  const calendars: [string, BusinessCalendar][] = [
    ['Riyadh with holidays', { ...calendar, holidays }],
    ['London, working hours across the 01:00 DST change', { timeZone: 'Europe/London', weekend: [0, 6], workdayStart: '00:30', workdayEnd: '23:30', holidays: holidays.slice(0, 5) }],
    ['New York, six-day week', { timeZone: 'America/New_York', weekend: [0], workdayStart: '07:00', workdayEnd: '19:00', holidays: [] }],
  ];

  it.each(calendars)('agrees with a day-by-day walk for windows up to a year (%s)', (_name, cal) => {
    const next = random(42);
    for (let i = 0; i < 40; i++) {
      const start = Date.UTC(2026, 10, 1) + Math.floor(next() * 400 * D);
      const duration = Math.floor(next() * 365 * D);
      const due = addClockTime(start, duration, 'business', cal);
      expect(due).toBe(walk(start, duration, cal));
      // The due instant is inside working hours, so measuring back to it and adding again lands on it.
      expect(addClockTime(start, clockTimeBetween(start, due, 'business', cal), 'business', cal)).toBe(due);
    }
  });

  it('agrees with a day-by-day walk when the deadline is the last working minute of a week', () => {
    // Sun 08:00 plus exactly one week's working time (Sun–Thu, holiday Thu 3 Dec: four days) ends Wed 17:00.
    expect(business(riyadh(11, 29, 8), 4 * D)).toBe(riyadh(12, 2, 17));
    expect(business(riyadh(11, 29, 8), 4 * D)).toBe(walk(riyadh(11, 29, 8), 4 * D, calendar));
  });

  it('reads the zone a few times a week, not several times a day (a year-long window)', () => {
    const reads = jest.spyOn(Intl.DateTimeFormat.prototype, 'formatToParts');
    try {
      business(riyadh(11, 29, 8), 365 * D);
      // 365 working days are about 73 weeks: two offset readings (four Intl calls) a week, plus the ends.
      expect(reads.mock.calls.length).toBeLessThan(73 * 4 + 60);
      reads.mockClear();
      clockTimeBetween(riyadh(11, 29, 8), riyadh(11, 29, 8) + 500 * D, 'business', calendar);
      expect(reads.mock.calls.length).toBeLessThan((500 / 7) * 4 + 60);
    } finally {
      reads.mockRestore();
    }
  });
});

describe('clockTimeBetween', () => {
  it('counts continuous time as plain subtraction, negative backwards', () => {
    expect(clockTimeBetween(riyadh(11, 26, 16), riyadh(11, 29, 11), 'continuous', calendar)).toBe(67 * H);
    expect(clockTimeBetween(riyadh(11, 29, 11), riyadh(11, 26, 16), 'continuous', calendar)).toBe(-67 * H);
  });

  it('counts only working time on a business clock, full working days as 24 h', () => {
    expect(clockTimeBetween(riyadh(11, 26, 16), riyadh(11, 29, 11), 'business', calendar)).toBe(4 * H);
    expect(clockTimeBetween(riyadh(12, 2, 15), riyadh(12, 6, 10), 'business', calendar)).toBe(4 * H);
    expect(clockTimeBetween(riyadh(11, 29, 10), riyadh(12, 2, 10), 'business', calendar)).toBe(3 * D);
    expect(clockTimeBetween(riyadh(11, 27, 9), riyadh(11, 28, 20), 'business', calendar)).toBe(0);
    expect(clockTimeBetween(riyadh(11, 29, 11), riyadh(11, 26, 16), 'business', calendar)).toBe(-4 * H);
  });

  it('writes working time in canonical form: PT12H on a 9-hour day is P1DT3H', () => {
    const due = business(riyadh(11, 29, 10), 12 * H);
    expect(clockTimeBetween(riyadh(11, 29, 10), due, 'business', calendar)).toBe(D + 3 * H);
  });

  // Starts in and out of hours, on weekends and next to the holiday; durations under a working day per 24 h.
  const pairs: [string, string, number][] = [
    ['Thu 16:17', 'PT4H', riyadh(11, 26, 16, 17)],
    ['Fri 03:41', 'P2DT5H13M', riyadh(11, 27, 3, 41)],
    ['Wed 15:00', 'P1DT8H59M', riyadh(12, 2, 15)],
    ['Tue 07:59', 'PT17M29S', riyadh(12, 1, 7, 59)],
    ['Mon 16:59', 'P10DT1M', riyadh(11, 30, 16, 59)],
    ['Sat 23:30', 'P1W', riyadh(12, 5, 23, 30)],
    ['Sun 12:34:00.567', 'PT7H7M7S', riyadh(11, 29, 12, 34) + 567],
  ];

  it.each(pairs)('inverts addClockTime from %s by %s on both clocks', (_name, duration, start) => {
    const ms = parseIsoDuration(duration);
    for (const clock of ['continuous', 'business'] as const) {
      const due = addClockTime(start, ms, clock, calendar);
      expect(clockTimeBetween(start, due, clock, calendar)).toBe(ms);
    }
  });

  it('is inverted by addClockTime for ends inside working hours', () => {
    for (const [start, end] of [
      [riyadh(11, 26, 16), riyadh(11, 29, 11)],
      [riyadh(11, 28, 2), riyadh(12, 6, 9, 30)],
      [riyadh(11, 30, 8, 15), riyadh(11, 30, 16, 45)],
    ]) {
      expect(business(start, clockTimeBetween(start, end, 'business', calendar))).toBe(end);
    }
  });
});

describe('reminderInstants', () => {
  it('falls at fractions of a continuous window, sorted, deduped, ignoring fractions outside (0, 1)', () => {
    const start = riyadh(11, 26, 16);
    expect(reminderInstants(start, 10 * H, [0.8, 0.5, 0.5, 0, 1, -0.2, 1.5], 'continuous', calendar)).toEqual([start + 5 * H, start + 8 * H]);
  });

  it('falls at fractions of the working time on a business clock', () => {
    // Thu 16:00 + PT10H of working time: half is 5h (Thu 1h, Sun 4h), 0.8 is 8h (Thu 1h, Sun 7h).
    expect(reminderInstants(riyadh(11, 26, 16), 10 * H, [0.5, 0.8], 'business', calendar)).toEqual([riyadh(11, 29, 12), riyadh(11, 29, 15)]);
    // P3D = 27 working hours from Sun 10:00: half is 13.5h → Mon 14:30; 0.8 is 21.6h → Tue 13:36.
    expect(reminderInstants(riyadh(11, 29, 10), parseIsoDuration('P3D'), [0.8, 0.5], 'business', calendar)).toEqual([riyadh(11, 30, 14, 30), riyadh(12, 1, 13, 36)]);
  });

  it('is empty when no fraction lies inside the window', () => {
    expect(reminderInstants(riyadh(11, 26, 16), 10 * H, [0, 1], 'business', calendar)).toEqual([]);
  });
});

describe('describeDue', () => {
  const due = describeDue(Date.UTC(2026, 11, 1, 11), 'Asia/Riyadh');

  it('writes the instant in ISO form', () => {
    expect(due.iso).toBe('2026-12-01T11:00:00.000Z');
  });

  it('writes Gregorian and Umm al-Qura Hijri dates in the hospital zone, English with latin digits', () => {
    expect(due.gregorianEn).toContain('1 Dec 2026');
    expect(due.gregorianEn).toContain('14:00');
    expect(due.hijriEn).toContain('1448');
    expect(due.hijriEn).toContain('Jumada II');
  });

  it('writes Arabic forms in Arabic', () => {
    const arabic = /[\u0600-\u06FF]/;
    expect(due.gregorianAr).toMatch(arabic);
    expect(due.hijriAr).toMatch(arabic);
    expect(due.gregorianAr).not.toBe(due.hijriAr);
  });
});
