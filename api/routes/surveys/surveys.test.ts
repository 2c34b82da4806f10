import { Complaint, Department, Encounter, Hospital, NotificationLog, Patient, SurveyInstance, SurveyResponse, SurveyTemplate, SurveyToken } from '../../../models/entities';
import { startTestApi, type TestApi } from '../../../test/support/testApi';

const PATH = '/api/v1/surveys';
const minutesAfter = (start: Date, minutes: number) => new Date(start.getTime() + minutes * 60_000);

describe('surveys', () => {
  let api: TestApi;
  let token: string;
  let staffToken: string;
  let northAdminToken: string;
  let demo: Hospital;
  let north: Hospital;
  let encounter: Encounter;
  /** The DEMO outpatient survey the patient answered badly: answers, an invitation and a reminder. */
  let answered: SurveyInstance;
  let waiting: SurveyInstance;
  let cooledDown: SurveyInstance;
  let northSurvey: SurveyInstance;

  beforeAll(async () => {
    api = await startTestApi();
    token = await api.adminToken();
    const em = api.em();
    demo = await em.findOneOrFail(Hospital, { code: 'DEMO' });
    north = await api.createHospital('NORTH');
    staffToken = await api.login((await api.createUser('STAFF', { hospitalId: demo.id })).email);
    northAdminToken = await api.login((await api.createUser('HOSPITAL_ADMIN', { hospitalId: north.id })).email);

    const opd = await em.findOneOrFail(SurveyTemplate, { hospitalId: demo.id, code: 'OPD_VISIT' });
    const inpatient = await em.findOneOrFail(SurveyTemplate, { hospitalId: demo.id, code: 'INPATIENT_STAY' });
    const patient = Object.assign(new Patient(), { hospitalId: demo.id, mrn: 'MRN-SURVEY-1', fullNameEn: 'Layla Hassan', phone: '+966501234567' });
    const start = new Date('2025-03-02T06:00:00Z');
    encounter = Object.assign(new Encounter(), { hospitalId: demo.id, visitNumber: 'V-SURVEY-1', workflowId: 'encounter:DEMO:V-SURVEY-1', patientId: patient.id, startedAt: start, lastEventAt: start });
    const survey = (fields: Partial<SurveyInstance>) =>
      Object.assign(new SurveyInstance(), { hospitalId: demo.id, templateId: opd.id, templateCode: 'OPD_VISIT', workflowId: `survey:${fields.createdAt!.toISOString()}`, ...fields });
    answered = survey({
      createdAt: minutesAfter(start, 1),
      encounterId: encounter.id,
      patientId: patient.id,
      stageCode: 'VISIT_END',
      status: 'completed',
      channel: 'whatsapp',
      language: 'en',
      sentAt: minutesAfter(start, 120),
      completedAt: minutesAfter(start, 200),
      remindersSent: 1,
      respondedVia: 'web',
      score: 42.5,
      npsCategory: 'detractor',
      topBox: 20,
      negative: true,
      negativeReasons: ['below_threshold', 'critical:respect'],
    });
    waiting = survey({ createdAt: minutesAfter(start, 2), encounterId: encounter.id, patientId: patient.id, status: 'sent', channel: 'sms', sentAt: minutesAfter(start, 130) });
    cooledDown = survey({ createdAt: minutesAfter(start, 3), templateId: inpatient.id, templateCode: 'INPATIENT_STAY', patientId: patient.id, status: 'suppressed', suppressionReason: 'cooldown' });
    northSurvey = survey({ createdAt: minutesAfter(start, 4), hospitalId: north.id, status: 'completed', score: 90, npsCategory: 'promoter' });

    // Answered out of question order, as a text reply may be; the template orders them.
    const response = Object.assign(new SurveyResponse(), {
      surveyId: answered.id,
      answers: [
        { questionCode: 'comments', value: 'The wait was too long' },
        { questionCode: 'respect', value: 1 },
        { questionCode: 'recommend', value: 3 },
      ],
      normalised: [
        { questionCode: 'respect', value: 0 },
        { questionCode: 'recommend', value: 30 },
      ],
      submittedVia: 'web',
    });
    const delivery = (kind: string, createdAt: Date, fields: Partial<NotificationLog> = {}) =>
      Object.assign(new NotificationLog(), {
        idempotencyKey: `survey:${answered.id}:${kind}`,
        channel: 'whatsapp',
        recipient: '***4567',
        language: 'en',
        status: 'sent',
        providerId: `outbox:${kind}`,
        sentAt: createdAt,
        hospitalId: demo.id,
        entityType: 'survey',
        entityId: answered.id,
        createdAt,
        ...fields,
      });
    const reminder = delivery('reminder:1', minutesAfter(start, 1560));
    const invitation = delivery('invite:1', minutesAfter(start, 120));
    const failedSms = delivery('invite:0', minutesAfter(start, 119), { channel: 'sms', status: 'failed', providerId: null, sentAt: null, error: 'unreachable ***4567' });
    const otherSurveys = delivery('elsewhere', minutesAfter(start, 130), { idempotencyKey: `survey:${waiting.id}:invite:1`, entityId: waiting.id });
    const link = Object.assign(new SurveyToken(), { tokenHash: 'a'.repeat(64), surveyId: answered.id, channel: 'whatsapp' });
    await em.persistAndFlush([patient, encounter, answered, waiting, cooledDown, northSurvey, response, reminder, invitation, failedSms, otherSurveys, link]);
  });
  afterAll(() => api.close());

  const list = async (query: string, as = token) => {
    const reply = await api.request('GET', `${PATH}${query}`, { token: as });
    expect(reply.status).toBe(200);
    return reply.body as { items: { id: string }[]; total: number; limit: number; offset: number };
  };
  const ids = (page: { items: { id: string }[] }) => page.items.map((s) => s.id);

  it('401 without a token; 403 for a viewer; staff may read', async () => {
    expect((await api.request('GET', PATH)).status).toBe(401);
    const viewer = await api.login((await api.createUser('VIEWER', { hospitalId: demo.id })).email);
    expect((await api.request('GET', PATH, { token: viewer })).status).toBe(403);
    expect((await api.request('GET', `${PATH}/${answered.id}`, { token: viewer })).status).toBe(403);
    expect(ids(await list('', staffToken))).toEqual([cooledDown.id, waiting.id, answered.id]);
  });

  it('lists every hospital for a PX admin, newest first, paged like the other lists', async () => {
    const page = await list('');
    expect(page).toMatchObject({ total: 4, limit: 50, offset: 0 });
    expect(ids(page)).toEqual([northSurvey.id, cooledDown.id, waiting.id, answered.id]);
    expect(ids(await list('?limit=2&offset=1'))).toEqual([cooledDown.id, waiting.id]);
    expect(page.items[3]).toEqual({
      id: answered.id,
      hospitalId: demo.id,
      hospitalCode: 'DEMO',
      encounterId: encounter.id,
      patientId: answered.patientId,
      templateCode: 'OPD_VISIT',
      stageCode: 'VISIT_END',
      status: 'completed',
      suppressionReason: null,
      channel: 'whatsapp',
      language: 'en',
      scheduledFor: null,
      sentAt: answered.sentAt!.toISOString(),
      expiresAt: null,
      completedAt: answered.completedAt!.toISOString(),
      score: 42.5,
      negative: true,
      npsCategory: 'detractor',
    });
    expect(page.items[0]).toMatchObject({ hospitalCode: 'NORTH', score: 90, negative: false });
  });

  it('filters by status, negative, encounter, hospital, patient and template', async () => {
    expect(ids(await list('?status=suppressed'))).toEqual([cooledDown.id]);
    expect((await list('?status=suppressed')).items[0]).toMatchObject({ suppressionReason: 'cooldown', templateCode: 'INPATIENT_STAY' });
    expect(ids(await list('?negative=true'))).toEqual([answered.id]);
    expect(ids(await list('?negative=false&hospitalCode=DEMO'))).toEqual([cooledDown.id, waiting.id]);
    expect(ids(await list(`?encounterId=${encounter.id}`))).toEqual([waiting.id, answered.id]);
    expect(ids(await list('?hospitalCode=north'))).toEqual([northSurvey.id]);
    expect(ids(await list(`?patientId=${answered.patientId}&templateCode=inpatient_stay`))).toEqual([cooledDown.id]);
    expect((await list('?hospitalCode=NOWHERE')).total).toBe(0);
  });

  it('400 names a bad status, negative or encounterId', async () => {
    const reply = await api.request('GET', `${PATH}?status=lost&negative=maybe&encounterId=V-1`, { token });
    expect(reply.status).toBe(400);
    expect(reply.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['encounterId', 'negative', 'status']);
  });

  it("a hospital admin of another hospital sees none of DEMO's surveys, even by filtering for them", async () => {
    expect(ids(await list('', northAdminToken))).toEqual([northSurvey.id]);
    expect((await list('?hospitalCode=DEMO', northAdminToken)).total).toBe(0);
    expect((await list(`?encounterId=${encounter.id}`, northAdminToken)).total).toBe(0);
    expect((await api.request('GET', `${PATH}/${answered.id}`, { token: northAdminToken })).status).toBe(404);
    expect((await api.request('GET', `${PATH}/${northSurvey.id}`, { token: northAdminToken })).status).toBe(200);
  });

  it('one survey shows its answers in question order, with wording and 0-100 values', async () => {
    const detail = await api.request('GET', `${PATH}/${answered.id}`, { token: staffToken });
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      id: answered.id,
      workflowId: answered.workflowId,
      remindersSent: 1,
      topBox: 20,
      negativeReasons: ['below_threshold', 'critical:respect'],
      respondedVia: 'web',
      score: 42.5,
    });
    expect(detail.body.answers).toEqual([
      { questionCode: 'recommend', type: 'nps', textEn: 'How likely are you to recommend us to your family and friends?', textAr: 'ما مدى احتمال أن توصي بنا لعائلتك وأصدقائك؟', value: 3, normalised: 30 },
      { questionCode: 'respect', type: 'likert', textEn: 'Staff treated me with courtesy and respect.', textAr: 'عاملني الموظفون بلطف واحترام.', value: 1, normalised: 0 },
      { questionCode: 'comments', type: 'free_text', textEn: 'Is there anything we could have done better?', textAr: 'هل هناك ما كان بإمكاننا فعله بشكل أفضل؟', value: 'The wait was too long', normalised: null },
    ]);
  });

  it("one survey lists its own messages oldest first, recipients masked, and never a link's token", async () => {
    const detail = await api.request('GET', `${PATH}/${answered.id}`, { token: staffToken });
    expect(detail.body.deliveries.map((d: { providerId: string | null }) => d.providerId)).toEqual([null, 'outbox:invite:1', 'outbox:reminder:1']);
    expect(detail.body.deliveries[0]).toEqual({
      createdAt: minutesAfter(encounter.startedAt, 119).toISOString(),
      channel: 'sms',
      recipient: '***4567',
      language: 'en',
      status: 'failed',
      providerId: null,
      error: 'unreachable ***4567',
      sentAt: null,
    });
    expect(JSON.stringify(detail.body)).not.toContain('a'.repeat(64));
    expect(detail.body).not.toHaveProperty('token');
  });

  it('a survey not yet answered has no answers; an unknown one is 404', async () => {
    const detail = await api.request('GET', `${PATH}/${waiting.id}`, { token: staffToken });
    expect(detail.body).toMatchObject({ status: 'sent', answers: [], respondedVia: null, topBox: null });
    expect(detail.body.deliveries).toHaveLength(1);
    expect((await api.request('GET', `${PATH}/00000000-0000-4000-8000-000000000000`, { token })).status).toBe(404);
  });
});

describe('surveys seen by a department-bound caller', () => {
  let api: TestApi;
  let demo: Hospital;
  let imStaff: string;
  let imAdmin: string;
  let hospitalAdmin: string;
  /** By the department of their encounter (or, for a resolution survey, their complaint). */
  let im: SurveyInstance;
  let card: SurveyInstance;
  let ed: SurveyInstance;
  let noDepartment: SurveyInstance;
  let noEncounter: SurveyInstance;
  let imComplaint: SurveyInstance;
  let edComplaint: SurveyInstance;

  beforeAll(async () => {
    api = await startTestApi();
    const em = api.em();
    demo = await em.findOneOrFail(Hospital, { code: 'DEMO' });
    const department = (code: string) => em.findOneOrFail(Department, { hospitalId: demo.id, code });
    const [imDept, cardDept, edDept] = [await department('IM'), await department('CARD'), await department('ED')];
    imStaff = await api.login((await api.createUser('STAFF', { departmentId: imDept.id })).email);
    // At hospital-admin level a department does not confine the caller.
    imAdmin = await api.login((await api.createUser('HOSPITAL_ADMIN', { departmentId: imDept.id })).email);
    hospitalAdmin = await api.login((await api.createUser('HOSPITAL_ADMIN')).email);

    const opd = await em.findOneOrFail(SurveyTemplate, { hospitalId: demo.id, code: 'OPD_VISIT' });
    const start = new Date('2025-03-02T06:00:00Z');
    const encounter = (visit: string, departmentId: string | null) =>
      Object.assign(new Encounter(), { hospitalId: demo.id, visitNumber: visit, workflowId: `encounter:DEMO:${visit}`, departmentId, startedAt: start, lastEventAt: start });
    const complaint = (ref: string, departmentId: string) =>
      Object.assign(new Complaint(), { hospitalId: demo.id, referenceNo: ref, departmentId, severity: 'low', category: 'waiting_time', description: 'Long wait', sourceChannel: 'walk_in' });
    const encounters = [encounter('V-IM', imDept.id), encounter('V-CARD', cardDept.id), encounter('V-ED', edDept.id), encounter('V-NONE', null)];
    const complaints = [complaint('CMP-2025-900001', imDept.id), complaint('CMP-2025-900002', edDept.id)];
    let n = 0;
    const survey = (fields: Partial<SurveyInstance>) => {
      const createdAt = minutesAfter(start, ++n);
      return Object.assign(new SurveyInstance(), { hospitalId: demo.id, templateId: opd.id, templateCode: 'OPD_VISIT', workflowId: `survey:dept:${n}`, createdAt, ...fields });
    };
    im = survey({ encounterId: encounters[0].id });
    card = survey({ encounterId: encounters[1].id });
    ed = survey({ encounterId: encounters[2].id });
    noDepartment = survey({ encounterId: encounters[3].id });
    noEncounter = survey({});
    imComplaint = survey({ complaintId: complaints[0].id, templateCode: 'COMPLAINT_RESOLUTION' });
    edComplaint = survey({ complaintId: complaints[1].id, templateCode: 'COMPLAINT_RESOLUTION' });
    await em.persistAndFlush([...encounters, ...complaints, im, card, ed, noDepartment, noEncounter, imComplaint, edComplaint]);
  });
  afterAll(() => api.close());

  const list = async (token: string, query = '') => {
    const reply = await api.request('GET', `${PATH}${query}`, { token });
    expect(reply.status).toBe(200);
    return reply.body as { items: { id: string }[]; total: number };
  };
  const ids = (page: { items: { id: string }[] }) => page.items.map((s) => s.id);

  it("lists only their department's and its units' surveys, paged and counted within that scope", async () => {
    const page = await list(imStaff);
    expect(ids(page)).toEqual([imComplaint.id, card.id, im.id]);
    expect(page.total).toBe(3);
    const second = await list(imStaff, '?limit=1&offset=1');
    expect(ids(second)).toEqual([card.id]);
    expect(second.total).toBe(3);
    // A filter cannot widen the scope.
    expect((await list(imStaff, `?encounterId=${ed.encounterId}`)).total).toBe(0);
  });

  it("answers 404 for another department's survey, and for one of no department", async () => {
    for (const survey of [ed, edComplaint, noDepartment, noEncounter]) {
      expect((await api.request('GET', `${PATH}/${survey.id}`, { token: imStaff })).status).toBe(404);
    }
    for (const survey of [im, card, imComplaint]) {
      expect((await api.request('GET', `${PATH}/${survey.id}`, { token: imStaff })).status).toBe(200);
    }
  });

  it('a hospital admin sees every department, with or without one of their own', async () => {
    const all = [edComplaint, imComplaint, noEncounter, noDepartment, ed, card, im].map((s) => s.id);
    for (const token of [hospitalAdmin, imAdmin]) {
      const page = await list(token);
      expect(ids(page)).toEqual(all);
      expect(page.total).toBe(7);
      expect((await api.request('GET', `${PATH}/${ed.id}`, { token })).status).toBe(200);
    }
  });
});
