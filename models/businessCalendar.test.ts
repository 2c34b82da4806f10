import { parseIsoDuration } from './rules/duration';
import { addClockTime } from './rules/slaClock';
import { createTestDatabase } from '../test/support/database';
import { businessCalendarOf } from './businessCalendar';
import { Holiday, Hospital } from './entities';
import { connectOrm, type Orm } from './orm';

describe('businessCalendarOf', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let orm: Orm;
  const holiday = (hospitalId: string | null, date: string) => Object.assign(new Holiday(), { hospitalId, date, nameEn: date, nameAr: date });

  beforeAll(async () => {
    database = await createTestDatabase();
    orm = await connectOrm(database.url);
  });
  afterAll(async () => {
    await orm.close();
    await database.drop();
  });

  it("builds the SLA clock's calendar from the hospital, its own holidays and the group's", async () => {
    const em = orm.em.fork();
    const dubai = Object.assign(new Hospital(), { code: 'DXB', nameEn: 'Dubai', nameAr: 'دبي', timezone: 'Asia/Dubai', weekendDays: [6, 0], workdayStart: '09:00', workdayEnd: '18:00' });
    const other = Object.assign(new Hospital(), { code: 'OTHER', nameEn: 'Other', nameAr: 'أخرى' });
    em.persist([dubai, other, holiday(dubai.id, '2026-12-02'), holiday(null, '2026-12-03'), holiday(dubai.id, '2026-12-03'), holiday(other.id, '2026-12-01')]);
    await em.flush();

    const calendar = await businessCalendarOf(orm.em.fork(), dubai.id);
    expect(calendar).toEqual({ timeZone: 'Asia/Dubai', weekend: [6, 0], workdayStart: '09:00', workdayEnd: '18:00', holidays: ['2026-12-02', '2026-12-03'] });

    // Tuesday 1 Dec 2026, 17:00 Dubai: one working hour left, then Wednesday and Thursday are holidays,
    // Friday is a working day here (weekend is Saturday and Sunday).
    const start = Date.parse('2026-12-01T17:00:00+04:00');
    expect(new Date(addClockTime(start, parseIsoDuration('PT2H'), 'business', calendar)).toISOString()).toBe('2026-12-04T06:00:00.000Z');
  });

  it('a hospital with no holidays of its own still observes the group-wide ones', async () => {
    const em = orm.em.fork();
    const plain = Object.assign(new Hospital(), { code: 'PLAIN', nameEn: 'Plain', nameAr: 'عادي' });
    em.persist(plain);
    await em.flush();
    expect(await businessCalendarOf(orm.em.fork(), plain.id)).toEqual({ timeZone: 'Asia/Riyadh', weekend: [5, 6], workdayStart: '08:00', workdayEnd: '17:00', holidays: ['2026-12-03'] });
  });

  it('fails for a hospital that does not exist rather than counting on a made-up calendar', async () => {
    await expect(businessCalendarOf(orm.em.fork(), '00000000-0000-4000-8000-000000000000')).rejects.toThrow(/Hospital not found/);
  });
});
