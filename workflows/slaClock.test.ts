import { BusinessCalendar, DEFAULT_CALENDAR, addClockTime, clockTimeBetween, describeDue, parseIsoDuration, reminderInstants } from './slaClock';

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

describe('parseIsoDuration', () => {
  it.each([
    ['PT4H', 4 * H],
    ['P3D', 3 * D],
    ['PT30M', 30 * M],
    ['PT2S', 2000],
    ['P1DT12H', D + 12 * H],
    ['PT1H30M', 90 * M],
    ['P1W', 7 * D],
    ['PT0S', 0],
  ])('%s', (text, ms) => {
    expect(parseIsoDuration(text)).toBe(ms);
  });

  it.each(['', 'P', 'PT', 'P1DT', '4h', 'PT4', 'P1Y', 'P2M', 'pt4h', 'PT-1H', 'PT1.5H', ' PT4H'])('rejects %p, naming it', (text) => {
    expect(() => parseIsoDuration(text)).toThrow(`"${text}"`);
  });
});

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
