import { AuditEvent, Holiday, Hospital } from '../../../models/entities';
import { startTestApi, type TestApi } from '../../../test/support/testApi';

const NATIONAL_DAY = { date: '2026-09-23', nameEn: 'Saudi National Day', nameAr: 'اليوم الوطني' };
const FOUNDING_DAY = { date: '2026-02-22', nameEn: 'Founding Day', nameAr: 'يوم التأسيس' };

describe('hospital business calendar', () => {
  let api: TestApi;
  let demo: Hospital;
  let pxAdmin: string;
  let demoAdmin: string;
  let path: string;
  const fieldsOf = (body: { error: { fields: { field: string }[] } }) => body.error.fields.map((f) => f.field);

  beforeAll(async () => {
    api = await startTestApi();
    demo = await api.em().findOneOrFail(Hospital, { code: 'DEMO' });
    pxAdmin = await api.adminToken();
    demoAdmin = await api.login((await api.createUser('HOSPITAL_ADMIN', { hospitalId: demo.id })).email);
    path = `/api/v1/hospitals/${demo.id}/calendar`;
  });
  afterAll(() => api.close());

  it('a hospital starts on the Saudi week: Sunday to Thursday, 08:00-17:00, no holidays', async () => {
    const viewer = await api.login((await api.createUser('VIEWER', { hospitalId: demo.id })).email);
    const reply = await api.request('GET', path, { token: viewer });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ timezone: 'Asia/Riyadh', weekendDays: [5, 6], workdayStart: '08:00', workdayEnd: '17:00', holidays: [] });
  });

  it('PUT replaces the weekend and working hours, audited before and after', async () => {
    const put = await api.request('PUT', path, { token: demoAdmin, body: { weekendDays: [6, 5, 4], workdayStart: '07:30', workdayEnd: '16:00' } });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ weekendDays: [4, 5, 6], workdayStart: '07:30', workdayEnd: '16:00' });
    expect(await api.em().findOneOrFail(Hospital, { id: demo.id })).toMatchObject({ weekendDays: [4, 5, 6], workdayStart: '07:30', workdayEnd: '16:00' });
    const event = await api.em().findOneOrFail(AuditEvent, { action: 'hospital.update_calendar', entityId: demo.id });
    expect(event).toMatchObject({
      hospitalId: demo.id,
      before: { weekendDays: [5, 6], workdayStart: '08:00', workdayEnd: '17:00' },
      after: { weekendDays: [4, 5, 6], workdayStart: '07:30', workdayEnd: '16:00' },
    });
  });

  it('400 names a time the SLA clock could not read, hours that end before they start, and a week with no working day', async () => {
    const put = (body: object) => api.request('PUT', path, { token: demoAdmin, body: { weekendDays: [5, 6], workdayStart: '08:00', workdayEnd: '17:00', ...body } });
    expect(fieldsOf((await put({ workdayStart: '8:00', workdayEnd: '24:00' })).body)).toEqual(['workdayStart', 'workdayEnd']);
    expect((await put({ workdayStart: '17:00', workdayEnd: '09:00' })).body.error.fields).toEqual([{ field: 'workdayEnd', message: 'must be after workdayStart' }]);
    expect(fieldsOf((await put({ workdayEnd: '08:00' })).body)).toEqual(['workdayEnd']);
    expect(fieldsOf((await put({ weekendDays: [0, 1, 2, 3, 4, 5, 6] })).body)).toEqual(['weekendDays']);
    expect(fieldsOf((await put({ weekendDays: [5, 5] })).body)).toEqual(['weekendDays']);
    expect(fieldsOf((await put({ weekendDays: [7] })).body)).toEqual(['weekendDays.0']);
    expect((await api.em().findOneOrFail(Hospital, { id: demo.id })).workdayStart).toBe('07:30');
  });

  it("adds and removes the hospital's own holidays, 409 for a date it has already", async () => {
    const holidays = `/api/v1/hospitals/${demo.id}/holidays`;
    const added = await api.request('POST', holidays, { token: demoAdmin, body: NATIONAL_DAY });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({ id: expect.any(String), ...NATIONAL_DAY, groupWide: false });
    expect((await api.request('POST', holidays, { token: demoAdmin, body: { ...NATIONAL_DAY, nameEn: 'Again' } })).status).toBe(409);
    expect(fieldsOf((await api.request('POST', holidays, { token: demoAdmin, body: { ...NATIONAL_DAY, date: '2026-02-30' } })).body)).toEqual(['date']);
    expect((await api.request('GET', path, { token: demoAdmin })).body.holidays).toEqual([added.body]);

    expect((await api.request('DELETE', `${holidays}/${added.body.id}`, { token: demoAdmin })).status).toBe(204);
    expect((await api.request('GET', path, { token: demoAdmin })).body.holidays).toEqual([]);
    const events = await api.em().find(AuditEvent, { entityType: 'holiday', entityId: added.body.id }, { orderBy: { occurredAt: 'asc' } });
    expect(events.map((e) => [e.action, e.hospitalId])).toEqual([['holiday.create', demo.id], ['holiday.delete', demo.id]]);
  });

  it('a group-wide holiday shows in every hospital calendar, marked groupWide, and only a PX admin changes it', async () => {
    const own = await api.request('POST', `/api/v1/hospitals/${demo.id}/holidays`, { token: demoAdmin, body: NATIONAL_DAY });
    const group = await api.request('POST', '/api/v1/holidays', { token: pxAdmin, body: FOUNDING_DAY });
    expect(group.status).toBe(201);
    expect(group.body).toMatchObject({ ...FOUNDING_DAY, groupWide: true });
    expect((await api.request('POST', '/api/v1/holidays', { token: pxAdmin, body: FOUNDING_DAY })).status).toBe(409);
    expect(await api.em().findOneOrFail(AuditEvent, { action: 'holiday.create', entityId: group.body.id })).toMatchObject({ hospitalId: null });

    expect((await api.request('GET', path, { token: demoAdmin })).body.holidays).toEqual([group.body, own.body]);
    const north = await api.createHospital('NORTH');
    expect((await api.request('GET', `/api/v1/hospitals/${north.id}/calendar`, { token: pxAdmin })).body.holidays).toEqual([group.body]);

    expect((await api.request('POST', '/api/v1/holidays', { token: demoAdmin, body: { ...FOUNDING_DAY, date: '2026-03-20' } })).status).toBe(403);
    expect((await api.request('DELETE', `/api/v1/holidays/${group.body.id}`, { token: demoAdmin })).status).toBe(403);
    expect((await api.request('DELETE', `/api/v1/hospitals/${demo.id}/holidays/${group.body.id}`, { token: demoAdmin })).status).toBe(404);
    expect((await api.request('DELETE', `/api/v1/holidays/${own.body.id}`, { token: pxAdmin })).status).toBe(404);

    expect((await api.request('DELETE', `/api/v1/holidays/${group.body.id}`, { token: pxAdmin })).status).toBe(204);
    expect((await api.request('GET', path, { token: demoAdmin })).body.holidays).toEqual([own.body]);
  });

  it("a hospital admin gets 404 for another hospital's calendar and holidays; a viewer may not change their own", async () => {
    const south = await api.createHospital('SOUTH');
    const southHoliday = await api.request('POST', `/api/v1/hospitals/${south.id}/holidays`, { token: pxAdmin, body: NATIONAL_DAY });
    const calendar = `/api/v1/hospitals/${south.id}/calendar`;
    expect((await api.request('GET', calendar, { token: demoAdmin })).status).toBe(404);
    expect((await api.request('PUT', calendar, { token: demoAdmin, body: { weekendDays: [], workdayStart: '00:00', workdayEnd: '23:59' } })).status).toBe(404);
    expect((await api.request('POST', `/api/v1/hospitals/${south.id}/holidays`, { token: demoAdmin, body: FOUNDING_DAY })).status).toBe(404);
    expect((await api.request('DELETE', `/api/v1/hospitals/${south.id}/holidays/${southHoliday.body.id}`, { token: demoAdmin })).status).toBe(404);
    expect((await api.em().findOneOrFail(Hospital, { id: south.id })).weekendDays).toEqual([5, 6]);
    expect(await api.em().count(Holiday, { hospitalId: south.id })).toBe(1);

    const viewer = await api.login((await api.createUser('VIEWER', { hospitalId: demo.id })).email);
    expect((await api.request('PUT', path, { token: viewer, body: { weekendDays: [5, 6], workdayStart: '08:00', workdayEnd: '17:00' } })).status).toBe(403);
  });
});
