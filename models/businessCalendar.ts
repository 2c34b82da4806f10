import { QueryOrder } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Holiday, Hospital } from './entities';
import type { BusinessCalendar } from './rules/slaClock';

/**
 * A hospital's own holidays and the group-wide ones (no hospital), by date, group-wide first on a
 * shared date. `$or` with null rather than `$in`: SQL `in (x, null)` never matches a null column.
 */
export async function holidaysOf(em: EntityManager, hospitalId: string): Promise<Holiday[]> {
  return em.find(Holiday, { $or: [{ hospitalId }, { hospitalId: null }] }, { orderBy: { date: QueryOrder.ASC, hospitalId: QueryOrder.ASC_NULLS_FIRST } });
}

/**
 * The calendar a business SLA clock counts a hospital's working time by: its zone, weekend and
 * working hours, and every holiday that applies to it. A soft-deleted hospital still has one,
 * because its open cases keep their clocks.
 */
export async function businessCalendarOf(em: EntityManager, hospitalId: string): Promise<BusinessCalendar> {
  const hospital = await em.findOneOrFail(Hospital, { id: hospitalId });
  const holidays = await holidaysOf(em, hospitalId);
  return {
    timeZone: hospital.timezone,
    weekend: [...hospital.weekendDays],
    workdayStart: hospital.workdayStart,
    workdayEnd: hospital.workdayEnd,
    holidays: [...new Set(holidays.map((h) => h.date))],
  };
}
