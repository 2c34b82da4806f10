import type { EntityManager } from '@mikro-orm/postgresql';
import { holidaysOf } from '../../../models/businessCalendar';
import { Holiday, Hospital } from '../../../models/entities';
import { HH_MM } from '../../../models/rules/zoneTime';
import { recordAudit } from '../../audit';
import type { AppContext } from '../../context';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors';
import { canSeeHospital, isGroupWide } from '../../rbac/principal';
import { ROLE_LEVEL } from '../../rbac/roles';
import { defineRoute, type RouteSpec } from '../../routing';
import { answerObject, idParams, uuid } from '../schemaParts';

type CalendarPayload = Pick<Hospital, 'weekendDays' | 'workdayStart' | 'workdayEnd'>;
type HolidayPayload = Pick<Holiday, 'date' | 'nameEn' | 'nameAr'>;

// The same HH:MM the SLA clock reads (models/rules/slaClock.ts), so a saved calendar never stops a clock.
const time = { type: 'string', pattern: `^${HH_MM}$` } as const;

const calendarFields = {
  weekendDays: {
    type: 'array',
    maxItems: 6,
    uniqueItems: true,
    items: { type: 'integer', minimum: 0, maximum: 6 },
    description: 'days off, 0 = Sunday … 6 = Saturday; at least one day must stay a working day',
  },
  workdayStart: { ...time, description: 'local time working hours start, HH:MM' },
  workdayEnd: { ...time, description: 'local time working hours end, HH:MM, after workdayStart' },
} as const;

const calendarBody = { type: 'object', additionalProperties: false, required: ['weekendDays', 'workdayStart', 'workdayEnd'], properties: calendarFields } as const;

const holidayFields = {
  date: { type: 'string', format: 'date', description: 'local date, YYYY-MM-DD' },
  nameEn: { type: 'string', minLength: 1, maxLength: 200 },
  nameAr: { type: 'string', minLength: 1, maxLength: 200 },
} as const;

const holidayBody = { type: 'object', additionalProperties: false, required: ['date', 'nameEn', 'nameAr'], properties: holidayFields } as const;

const holidayView = answerObject({ id: uuid, ...holidayFields, groupWide: { type: 'boolean', description: 'set for the whole group, not by this hospital' } });

const calendarView = answerObject({
  timezone: { type: 'string' },
  ...calendarFields,
  holidays: { type: 'array', items: holidayView, description: "the hospital's own and the group-wide ones, by date" },
});

const holidayParams = { type: 'object', required: ['id', 'holidayId'], properties: { id: uuid, holidayId: uuid } } as const;

const viewHoliday = (h: Holiday) => ({ id: h.id, date: h.date, nameEn: h.nameEn, nameAr: h.nameAr, groupWide: !h.hospitalId });

const viewHours = (h: Hospital) => ({ weekendDays: h.weekendDays, workdayStart: h.workdayStart, workdayEnd: h.workdayEnd });

const viewCalendar = async (em: EntityManager, hospital: Hospital) => ({
  timezone: hospital.timezone,
  ...viewHours(hospital),
  holidays: (await holidaysOf(em, hospital.id)).map(viewHoliday),
});

async function findVisible(ctx: AppContext, id: string): Promise<Hospital> {
  const hospital = canSeeHospital(ctx.state.principal!, id) ? await ctx.state.em.findOne(Hospital, { id, deletedAt: null }) : null;
  if (!hospital) throw NotFoundError('hospital');
  return hospital;
}

/** Group-wide holidays stop every hospital's business clocks, so only a group-wide caller sets them. */
function checkGroupWide(ctx: AppContext): void {
  if (!isGroupWide(ctx.state.principal!)) throw ForbiddenError('only a group-wide PX admin may change group-wide holidays');
}

/** `hospitalId` null: a group-wide holiday. */
async function addHoliday(ctx: AppContext, hospitalId: string | null, body: HolidayPayload) {
  const em = ctx.state.em;
  if ((await em.count(Holiday, { hospitalId, date: body.date })) > 0) {
    throw ConflictError(`${body.date} is already a ${hospitalId ? 'holiday of this hospital' : 'group-wide holiday'}`);
  }
  const holiday = Object.assign(new Holiday(), { hospitalId, date: body.date, nameEn: body.nameEn, nameAr: body.nameAr });
  em.persist(holiday);
  recordAudit(em, ctx, { action: 'holiday.create', entityType: 'holiday', entityId: holiday.id, hospitalId, after: viewHoliday(holiday) });
  await em.flush();
  return viewHoliday(holiday);
}

/** `hospitalId` null: a group-wide holiday. Another owner's holiday is not found here. */
async function removeHoliday(ctx: AppContext, hospitalId: string | null, id: string): Promise<undefined> {
  const em = ctx.state.em;
  const holiday = await em.findOne(Holiday, { id, hospitalId });
  if (!holiday) throw NotFoundError('holiday');
  recordAudit(em, ctx, { action: 'holiday.delete', entityType: 'holiday', entityId: holiday.id, hospitalId, before: viewHoliday(holiday) });
  em.remove(holiday);
  await em.flush();
  return undefined;
}

/**
 * The business calendar SLA clocks count a hospital's working time by: weekend, working hours (in
 * the hospital's timezone) and holidays, its own and the group's. `models/businessCalendar.ts`
 * reads the same rows for the workflows.
 */
export function hospitalCalendarRoutes(): RouteSpec[] {
  return [
    defineRoute<{ id: string }>({
      method: 'get',
      path: '/api/v1/hospitals/{id}/calendar',
      operationId: 'getHospitalCalendar',
      tag: 'organization',
      summary: "A hospital's working week, hours and holidays (its own and group-wide)",
      access: ROLE_LEVEL.VIEWER,
      params: idParams,
      response: { schema: calendarView },
      handler: async (ctx, { params }) => viewCalendar(ctx.state.em, await findVisible(ctx, params.id)),
    }),
    defineRoute<{ id: string }, unknown, CalendarPayload>({
      method: 'put',
      path: '/api/v1/hospitals/{id}/calendar',
      operationId: 'replaceHospitalCalendar',
      tag: 'organization',
      summary: "Replace a hospital's weekend days and working hours",
      access: ROLE_LEVEL.HOSPITAL_ADMIN,
      params: idParams,
      body: calendarBody,
      response: { schema: calendarView },
      async handler(ctx, { params, body }) {
        const em = ctx.state.em;
        const hospital = await findVisible(ctx, params.id);
        // Zero-padded HH:MM compare as strings; the schema has already checked the form.
        if (body.workdayEnd <= body.workdayStart) throw ValidationError([{ field: 'workdayEnd', message: 'must be after workdayStart' }]);
        const before = viewHours(hospital);
        Object.assign(hospital, { weekendDays: [...body.weekendDays].sort((a, b) => a - b), workdayStart: body.workdayStart, workdayEnd: body.workdayEnd });
        recordAudit(em, ctx, { action: 'hospital.update_calendar', entityType: 'hospital', entityId: hospital.id, hospitalId: hospital.id, before, after: viewHours(hospital) });
        await em.flush();
        return viewCalendar(em, hospital);
      },
    }),
    defineRoute<{ id: string }, unknown, HolidayPayload>({
      method: 'post',
      path: '/api/v1/hospitals/{id}/holidays',
      operationId: 'addHospitalHoliday',
      tag: 'organization',
      summary: 'Add a holiday of this hospital',
      access: ROLE_LEVEL.HOSPITAL_ADMIN,
      params: idParams,
      body: holidayBody,
      response: { status: 201, schema: holidayView },
      errors: [409],
      handler: async (ctx, { params, body }) => addHoliday(ctx, (await findVisible(ctx, params.id)).id, body),
    }),
    defineRoute<{ id: string; holidayId: string }>({
      method: 'delete',
      path: '/api/v1/hospitals/{id}/holidays/{holidayId}',
      operationId: 'removeHospitalHoliday',
      tag: 'organization',
      summary: 'Remove a holiday of this hospital (group-wide ones: DELETE /api/v1/holidays/{id})',
      access: ROLE_LEVEL.HOSPITAL_ADMIN,
      params: holidayParams,
      response: { status: 204 },
      handler: async (ctx, { params }) => removeHoliday(ctx, (await findVisible(ctx, params.id)).id, params.holidayId),
    }),
    defineRoute<unknown, unknown, HolidayPayload>({
      method: 'post',
      path: '/api/v1/holidays',
      operationId: 'addGroupHoliday',
      tag: 'organization',
      summary: 'Add a group-wide holiday, which every hospital observes',
      access: ROLE_LEVEL.PX_ADMIN,
      body: holidayBody,
      response: { status: 201, schema: holidayView },
      errors: [409],
      async handler(ctx, { body }) {
        checkGroupWide(ctx);
        return addHoliday(ctx, null, body);
      },
    }),
    defineRoute<{ id: string }>({
      method: 'delete',
      path: '/api/v1/holidays/{id}',
      operationId: 'removeGroupHoliday',
      tag: 'organization',
      summary: 'Remove a group-wide holiday',
      access: ROLE_LEVEL.PX_ADMIN,
      params: idParams,
      response: { status: 204 },
      async handler(ctx, { params }) {
        checkGroupWide(ctx);
        return removeHoliday(ctx, null, params.id);
      },
    }),
  ];
}
