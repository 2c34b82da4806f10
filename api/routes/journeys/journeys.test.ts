import { AuditEvent, Hospital, JourneyTemplate, StageTemplate } from '../../../models/entities';
import { startTestApi, type TestApi } from '../../../test/support/testApi';

const PATH = '/api/v1/journeys';

const dayCase = {
  code: 'DAY_SURGERY',
  nameEn: 'Day surgery',
  nameAr: 'جراحة اليوم الواحد',
  patientClasses: ['P'],
  startEvents: ['REGISTRATION'],
  inactivityTimeout: 'PT36H',
  stages: [
    { code: 'PRE_OP', nameEn: 'Pre-operative assessment', nameAr: 'تقييم ما قبل العملية', triggerEvents: ['REGISTRATION'] },
    { code: 'THEATRE', nameEn: 'Theatre', nameAr: 'غرفة العمليات', triggerEvents: ['TRANSFER'], required: false },
    { code: 'HOME', nameEn: 'Discharged home', nameAr: 'الخروج للمنزل', triggerEvents: ['DISCHARGE'], terminal: true, surveyTemplateCode: 'DAY_SURGERY', sendDelay: 'PT4H' },
  ],
};

const fieldsOf = (body: { error: { fields: { field: string }[] } }) => body.error.fields.map((f) => f.field).sort();

describe('journeys', () => {
  let api: TestApi;
  let token: string;
  let demo: Hospital;
  let demoAdminToken: string;
  let staffToken: string;

  beforeAll(async () => {
    api = await startTestApi();
    token = await api.adminToken();
    demo = await api.em().findOneOrFail(Hospital, { code: 'DEMO' });
    demoAdminToken = await api.login((await api.createUser('HOSPITAL_ADMIN', { hospitalId: demo.id })).email);
    staffToken = await api.login((await api.createUser('STAFF', { hospitalId: demo.id })).email);
  });
  afterAll(() => api.close());

  it('401 without a token; 403 for viewers reading and for staff changing journeys', async () => {
    expect((await api.request('GET', PATH)).status).toBe(401);
    const viewer = await api.login((await api.createUser('VIEWER')).email);
    expect((await api.request('GET', PATH, { token: viewer })).status).toBe(403);
    expect((await api.request('POST', PATH, { token: staffToken, body: dayCase })).status).toBe(403);
    const opd = await api.em().findOneOrFail(JourneyTemplate, { hospitalId: demo.id, code: 'OPD' });
    const { code: _code, ...changes } = dayCase;
    expect((await api.request('PUT', `${PATH}/${opd.id}`, { token: staffToken, body: changes })).status).toBe(403);
    expect((await api.request('DELETE', `${PATH}/${opd.id}`, { token: staffToken })).status).toBe(403);
  });

  it('400 names bad fields, unknown event codes and unparseable durations', async () => {
    const shape = await api.request('POST', PATH, {
      token,
      body: { ...dayCase, code: 'day', startEvents: ['TELEPORTED'], stages: [{ ...dayCase.stages[0], triggerEvents: [] }], colour: 'blue' },
    });
    expect(shape.status).toBe(400);
    expect(fieldsOf(shape.body)).toEqual(['code', 'colour', 'stages.0.triggerEvents', 'startEvents.0']);

    const noStages = await api.request('POST', PATH, { token, body: { ...dayCase, stages: [] } });
    expect(fieldsOf(noStages.body)).toEqual(['stages']);

    const durations = await api.request('POST', PATH, {
      token,
      body: { ...dayCase, inactivityTimeout: 'two days', stages: dayCase.stages.map((s, i) => (i === 2 ? { ...s, sendDelay: 'P1X' } : s)) },
    });
    expect(durations.status).toBe(400);
    expect(fieldsOf(durations.body)).toEqual(['inactivityTimeout', 'stages.2.sendDelay']);
    expect((await api.request('POST', PATH, { token, body: { ...dayCase, inactivityTimeout: 'P0D' } })).body.error.fields[0].field).toBe('inactivityTimeout');

    // Durations past their limits would become timers no one wants (or Temporal refuses): each named.
    const absurd = await api.request('POST', PATH, {
      token,
      body: {
        ...dayCase,
        inactivityTimeout: 'P9999999W',
        stages: dayCase.stages.map((s, i) => (i === 2 ? { ...s, sendDelay: '31d', surveySettings: { expiry: 'P100D', reminders: '24h,9999999d' } } : s)),
      },
    });
    expect(absurd.status).toBe(400);
    expect(absurd.body.error.fields).toEqual([
      { field: 'inactivityTimeout', message: 'must be at most 366 days' },
      { field: 'stages.2.sendDelay', message: 'must be at most 30 days' },
      { field: 'stages.2.surveySettings.reminders', message: 'must be at most 90 days' },
      { field: 'stages.2.surveySettings.expiry', message: 'must be at most 90 days' },
    ]);
  });

  it('400 naming stages for two terminal stages, none, or a repeated stage code', async () => {
    const twoTerminals = await api.request('POST', PATH, { token, body: { ...dayCase, stages: dayCase.stages.map((s) => ({ ...s, terminal: true })) } });
    expect(twoTerminals.status).toBe(400);
    expect(twoTerminals.body.error.fields).toEqual([{ field: 'stages', message: 'must have exactly one terminal stage (found 3)' }]);
    const none = await api.request('POST', PATH, { token, body: { ...dayCase, stages: dayCase.stages.slice(0, 2) } });
    expect(none.body.error.fields).toEqual([{ field: 'stages', message: 'must have exactly one terminal stage (found 0)' }]);
    const repeated = await api.request('POST', PATH, { token, body: { ...dayCase, stages: [dayCase.stages[0], ...dayCase.stages] } });
    expect(repeated.body.error.fields).toEqual([{ field: 'stages', message: 'stage codes must be unique (repeated: PRE_OP)' }]);
  });

  it('lists the seeded DEMO journeys, each with its stages in order', async () => {
    const list = await api.request('GET', `${PATH}?hospitalCode=DEMO`, { token: staffToken });
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ total: 3, limit: 50, offset: 0 });
    expect(list.body.items.map((j: { code: string }) => j.code)).toEqual(['EMS', 'INPATIENT', 'OPD']);
    expect(list.body.items.every((j: { version: number; active: boolean }) => j.version === 1 && j.active)).toBe(true);

    const opd = list.body.items.find((j: { code: string }) => j.code === 'OPD');
    const one = await api.request('GET', `${PATH}/${opd.id}`, { token: staffToken });
    expect(one.body).toMatchObject({ id: opd.id, hospitalId: demo.id, patientClasses: ['O'], inactivityTimeout: 'P2D' });
    expect(one.body.stages.map((s: { code: string }) => s.code)).toEqual(['APPOINTMENT', 'CHECK_IN', 'LAB', 'RADIOLOGY', 'PHARMACY', 'VISIT_END']);
    expect(one.body.stages.map((s: { position: number }) => s.position)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(one.body.stages[5]).toMatchObject({ terminal: true, surveyTemplateCode: 'OPD_VISIT', sendDelay: null });
    expect(new Date(one.body.createdAt).toISOString()).toBe(one.body.createdAt);
  });

  it('a hospital admin creates version 1 in their own hospital; the same active code again is 409', async () => {
    const created = await api.request('POST', PATH, { token: demoAdminToken, body: dayCase });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ hospitalId: demo.id, code: 'DAY_SURGERY', version: 1, active: true, inactivityTimeout: 'PT36H' });
    expect(created.body.stages.map((s: { code: string; required: boolean; terminal: boolean }) => [s.code, s.required, s.terminal])).toEqual([
      ['PRE_OP', true, false],
      ['THEATRE', false, false],
      ['HOME', true, true],
    ]);
    expect(created.body.stages[2]).toMatchObject({ surveyTemplateCode: 'DAY_SURGERY', sendDelay: 'PT4H' });
    const audit = await api.em().findOneOrFail(AuditEvent, { entityId: created.body.id, action: 'journey.create' });
    expect(audit).toMatchObject({ hospitalId: demo.id, after: { code: 'DAY_SURGERY', version: 1 } });

    const again = await api.request('POST', PATH, { token: demoAdminToken, body: dayCase });
    expect(again.status).toBe(409);
  });

  it('PUT writes version 2 with a new id; version 1 is retired but kept with its stages', async () => {
    const v1 = await api.em().findOneOrFail(JourneyTemplate, { hospitalId: demo.id, code: 'EMS', version: 1 });
    const { code: _code, ...emsChanges } = { ...dayCase, nameEn: 'Emergency department visit', patientClasses: ['E'], startEvents: ['ED_ARRIVAL'], inactivityTimeout: 'P3D' };
    const put = await api.request('PUT', `${PATH}/${v1.id}`, { token: demoAdminToken, body: emsChanges });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ code: 'EMS', version: 2, active: true, hospitalId: demo.id, nameEn: 'Emergency department visit' });
    expect(put.body.id).not.toBe(v1.id);
    expect(put.body.stages.map((s: { code: string }) => s.code)).toEqual(['PRE_OP', 'THEATRE', 'HOME']);

    const old = await api.request('GET', `${PATH}/${v1.id}`, { token: staffToken });
    expect(old.body).toMatchObject({ version: 1, active: false, nameEn: 'Emergency visit' });
    expect(old.body.stages.map((s: { code: string }) => s.code)).toEqual(['ED_ARRIVAL', 'LAB', 'RADIOLOGY', 'ED_DISCHARGE']);
    expect(await api.em().count(StageTemplate, { journeyTemplateId: v1.id })).toBe(4);

    const active = await api.request('GET', `${PATH}?code=EMS`, { token: staffToken });
    expect(active.body.items.map((j: { id: string }) => j.id)).toEqual([put.body.id]);
    const retired = await api.request('GET', `${PATH}?code=EMS&active=false`, { token: staffToken });
    expect(retired.body.items.map((j: { id: string }) => j.id)).toEqual([v1.id]);

    const audit = await api.em().findOneOrFail(AuditEvent, { entityId: put.body.id, action: 'journey.update' });
    expect(audit.before).toMatchObject({ id: v1.id, version: 1, active: true });
    expect(audit.after).toMatchObject({ id: put.body.id, version: 2, active: true });

    expect((await api.request('PUT', `${PATH}/${v1.id}`, { token: demoAdminToken, body: emsChanges })).status).toBe(409);
  });

  it("a stage's survey settings round-trip through a new version; the earlier version keeps its own", async () => {
    const v1 = await api.request('POST', PATH, { token: demoAdminToken, body: { ...dayCase, code: 'ENDOSCOPY' } });
    expect(v1.body.stages[2].surveySettings).toEqual({ sendDelay: null, quietHours: null, reminders: null, expiry: null, cooldownDays: null });

    const { code: _code, ...changes } = dayCase;
    const home = { ...dayCase.stages[2], sendDelay: '90m', surveySettings: { quietHours: 'off', reminders: 'PT12H, 2d', expiry: null, cooldownDays: 0 } };
    const v2 = await api.request('PUT', `${PATH}/${v1.body.id}`, { token: demoAdminToken, body: { ...changes, stages: [...dayCase.stages.slice(0, 2), home] } });
    expect(v2.status).toBe(200);
    const saved = { sendDelay: null, quietHours: 'off', reminders: 'PT12H, 2d', expiry: null, cooldownDays: 0 };
    expect(v2.body.stages[2]).toMatchObject({ code: 'HOME', sendDelay: '90m', surveySettings: saved });
    expect((await api.request('GET', `${PATH}/${v2.body.id}`, { token: staffToken })).body.stages[2]).toMatchObject({ sendDelay: '90m', surveySettings: saved });
    expect((await api.em().findOneOrFail(StageTemplate, { journeyTemplateId: v2.body.id, code: 'HOME' })).surveySettings).toEqual({ quietHours: 'off', reminders: 'PT12H, 2d', cooldownDays: 0 });
    expect((await api.request('GET', `${PATH}/${v1.body.id}`, { token: staffToken })).body.stages[2].surveySettings.quietHours).toBeNull();
  });

  it("400 names a stage's survey settings the survey workflow could not follow", async () => {
    const home = { ...dayCase.stages[2], sendDelay: 'PT4H', surveySettings: { quietHours: '25:00-09:00', expiry: '1d,2d', cooldownDays: -1, sendDelay: 'PT5H' } };
    const shape = await api.request('POST', PATH, { token: demoAdminToken, body: { ...dayCase, code: 'COLONOSCOPY', stages: [...dayCase.stages.slice(0, 2), home] } });
    expect(shape.status).toBe(400);
    expect(fieldsOf(shape.body)).toEqual(['stages.2.surveySettings.cooldownDays', 'stages.2.surveySettings.quietHours']);

    const parsed = await api.request('POST', PATH, {
      token: demoAdminToken,
      body: { ...dayCase, code: 'COLONOSCOPY', stages: [...dayCase.stages.slice(0, 2), { ...home, surveySettings: { expiry: '1d,2d', sendDelay: 'PT5H' } }] },
    });
    expect(fieldsOf(parsed.body)).toEqual(['stages.2.surveySettings.expiry', 'stages.2.surveySettings.sendDelay']);
  });

  it('DELETE deactivates (204, audited); the code can then be created again as the next version', async () => {
    const inpatient = await api.em().findOneOrFail(JourneyTemplate, { hospitalId: demo.id, code: 'INPATIENT', active: true });
    expect((await api.request('DELETE', `${PATH}/${inpatient.id}`, { token: demoAdminToken })).status).toBe(204);
    expect((await api.request('GET', `${PATH}/${inpatient.id}`, { token: staffToken })).body.active).toBe(false);
    expect((await api.request('GET', `${PATH}?code=INPATIENT`, { token: staffToken })).body.total).toBe(0);
    const audit = await api.em().findOneOrFail(AuditEvent, { entityId: inpatient.id, action: 'journey.deactivate' });
    expect(audit.before).toMatchObject({ active: true });
    expect(audit.after).toMatchObject({ active: false });

    const recreated = await api.request('POST', PATH, { token, body: { ...dayCase, hospitalId: demo.id, code: 'INPATIENT' } });
    expect(recreated.status).toBe(201);
    expect(recreated.body).toMatchObject({ code: 'INPATIENT', version: 2, active: true });
  });

  it("a hospital admin gets 404 for another hospital's journeys and cannot create there", async () => {
    const north = await api.createHospital('NORTH');
    const northJourney = await api.request('POST', PATH, { token, body: { ...dayCase, hospitalId: north.id } });
    expect(northJourney.status).toBe(201);
    const path = `${PATH}/${northJourney.body.id}`;
    const { code: _code, ...changes } = dayCase;
    expect((await api.request('GET', path, { token: demoAdminToken })).status).toBe(404);
    expect((await api.request('PUT', path, { token: demoAdminToken, body: changes })).status).toBe(404);
    expect((await api.request('DELETE', path, { token: demoAdminToken })).status).toBe(404);
    expect((await api.request('GET', `${PATH}?hospitalId=${north.id}`, { token: demoAdminToken })).body.total).toBe(0);
    expect((await api.request('POST', PATH, { token: demoAdminToken, body: { ...dayCase, code: 'ELSEWHERE', hospitalId: north.id } })).status).toBe(404);
  });

  it('a hospital created through the API starts with the three default journeys', async () => {
    const created = await api.request('POST', '/api/v1/hospitals', { token, body: { code: 'EAST', nameEn: 'East Hospital', nameAr: 'مستشفى الشرق' } });
    expect(created.status).toBe(201);
    const list = await api.request('GET', `${PATH}?hospitalId=${created.body.id}`, { token });
    expect(list.body.items.map((j: { code: string; version: number }) => `${j.code}@${j.version}`)).toEqual(['EMS@1', 'INPATIENT@1', 'OPD@1']);
    const ems = await api.request('GET', `${PATH}/${list.body.items[0].id}`, { token });
    expect(ems.body.stages.filter((s: { terminal: boolean }) => s.terminal).map((s: { code: string }) => s.code)).toEqual(['ED_DISCHARGE']);
    expect((await api.request('POST', '/api/v1/hospitals', { token, body: { code: 'EAST', nameEn: 'East again', nameAr: 'الشرق' } })).status).toBe(409);
    expect(await api.em().count(JourneyTemplate, { hospitalId: created.body.id })).toBe(3);
  });
});
