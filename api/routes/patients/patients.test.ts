import { Complaint, Encounter, Hospital, Patient, PxAction, SurveyInstance, SurveyTemplate } from '../../../models/entities';
import { startTestApi, type TestApi } from '../../../test/support/testApi';

const at = (minutes: number) => new Date(Date.UTC(2026, 2, 1, 6, minutes));

describe('patient 360: search and timeline', () => {
  let api: TestApi;
  let demo: Hospital;
  let north: Hospital;
  let layla: Patient;
  let northPatient: Patient;
  let staff: string;
  let edNurse: string;
  let viewer: string;
  let northAdmin: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    api = await startTestApi();
    const em = api.em();
    demo = await em.findOneOrFail(Hospital, { code: 'DEMO' });
    north = await api.createHospital('NORTH360');
    const ed = await api.createDepartment(demo.id, 'P360-ED');
    const opd = await api.createDepartment(demo.id, 'P360-OPD');
    staff = await api.login((await api.createUser('STAFF')).email);
    edNurse = await api.login((await api.createUser('NURSE', { departmentId: ed.id })).email);
    viewer = await api.login((await api.createUser('VIEWER')).email);
    northAdmin = await api.login((await api.createUser('HOSPITAL_ADMIN', { hospitalId: north.id })).email);

    layla = Object.assign(new Patient(), {
      hospitalId: demo.id,
      mrn: 'MRN-P360-1',
      nationalId: '1012345678',
      fullNameEn: 'Layla Al-Harbi',
      fullNameAr: 'ليلى الحربي',
      phone: '+966501234567',
      optOutSms: true,
    });
    const other = Object.assign(new Patient(), { hospitalId: demo.id, mrn: 'MRN-P360-2', fullNameEn: 'Omar Zahrani', phone: '+966551112222' });
    northPatient = Object.assign(new Patient(), { hospitalId: north.id, mrn: 'MRN-P360-1', fullNameEn: 'Layla Al-Harbi', phone: '+966501234567' });
    const template = await em.findOneOrFail(SurveyTemplate, { hospitalId: demo.id, code: 'OPD_VISIT' });
    const edVisit = Object.assign(new Encounter(), { hospitalId: demo.id, visitNumber: 'V-P360-ED', workflowId: 'encounter:DEMO:V-P360-ED', patientId: layla.id, departmentId: ed.id, startedAt: at(0), lastEventAt: at(30), status: 'completed' });
    const opdVisit = Object.assign(new Encounter(), { hospitalId: demo.id, visitNumber: 'V-P360-OPD', workflowId: 'encounter:DEMO:V-P360-OPD', patientId: layla.id, departmentId: opd.id, startedAt: at(100), lastEventAt: at(110) });
    const survey = Object.assign(new SurveyInstance(), {
      hospitalId: demo.id,
      workflowId: 'survey:encounter:DEMO:V-P360-ED:END',
      templateId: template.id,
      templateCode: 'OPD_VISIT',
      encounterId: edVisit.id,
      patientId: layla.id,
      status: 'completed',
      channel: 'whatsapp',
      sentAt: at(40),
      completedAt: at(50),
      score: 25,
      negative: true,
    });
    const complaint = (fields: Partial<Complaint>) =>
      Object.assign(new Complaint(), { hospitalId: demo.id, patientId: layla.id, severity: 'high', category: 'waiting_time', description: 'Waited four hours', sourceChannel: 'walk_in', ...fields });
    const edComplaint = complaint({ referenceNo: 'CMP-P360-1', departmentId: ed.id, encounterId: edVisit.id, createdAt: at(60) });
    const opdComplaint = complaint({ referenceNo: 'CMP-P360-2', departmentId: opd.id, createdAt: at(120) });
    const action = (fields: Partial<PxAction>) => Object.assign(new PxAction(), { hospitalId: demo.id, priority: 'high', title: 'Follow up', ...fields });
    const fromSurvey = action({ referenceNo: 'ACT-P360-1', sourceType: 'survey', sourceId: survey.id, departmentId: ed.id, createdAt: at(55) });
    const fromComplaint = action({ referenceNo: 'ACT-P360-2', sourceType: 'complaint', sourceId: opdComplaint.id, departmentId: opd.id, createdAt: at(130) });
    const unrelated = action({ referenceNo: 'ACT-P360-3', sourceType: 'manual', departmentId: ed.id, createdAt: at(140) });
    const otherComplaint = complaint({ referenceNo: 'CMP-P360-3', patientId: other.id, departmentId: ed.id, createdAt: at(150) });
    await em.persistAndFlush([layla, other, northPatient, edVisit, opdVisit, survey, edComplaint, opdComplaint, fromSurvey, fromComplaint, unrelated, otherComplaint]);
    Object.assign(ids, { edVisit: edVisit.id, opdVisit: opdVisit.id, survey: survey.id, edComplaint: edComplaint.id, opdComplaint: opdComplaint.id, fromSurvey: fromSurvey.id, fromComplaint: fromComplaint.id });
  });
  afterAll(() => api.close());

  const timeline = (token: string | undefined, id: string, query = '') => api.request('GET', `/api/v1/patients/${id}/timeline${query}`, { token });
  const search = (token: string, q: string) => api.request('GET', `/api/v1/patients?q=${encodeURIComponent(q)}`, { token });

  it('timeline: 401 without a token, 403 for a viewer, 400 for a bad id or limit, 404 outside the hospital or unknown', async () => {
    expect((await timeline(undefined, layla.id)).status).toBe(401);
    expect((await timeline(viewer, layla.id)).status).toBe(403);
    const badId = await timeline(staff, 'not-a-uuid');
    expect(badId.status).toBe(400);
    expect(badId.body.error.fields[0].field).toBe('id');
    expect((await timeline(staff, layla.id, '?limit=0')).status).toBe(400);
    expect((await timeline(staff, northPatient.id)).status).toBe(404);
    expect((await timeline(northAdmin, layla.id)).status).toBe(404);
    expect((await timeline(staff, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it("timeline: the patient's encounters, surveys, complaints and actions, newest first, with opt-outs", async () => {
    const reply = await timeline(staff, layla.id);
    expect(reply.status).toBe(200);
    expect(reply.body.patient).toMatchObject({ id: layla.id, mrn: 'MRN-P360-1', fullNameAr: 'ليلى الحربي' });
    expect(reply.body.optOuts).toEqual({ sms: true, whatsapp: false, email: false });
    expect(reply.body.items.map((i: { kind: string; reference: string }) => `${i.kind}:${i.reference}`)).toEqual([
      'action:ACT-P360-2',
      'complaint:CMP-P360-2',
      'encounter:V-P360-OPD',
      'complaint:CMP-P360-1',
      'action:ACT-P360-1',
      'survey:OPD_VISIT',
      'encounter:V-P360-ED',
    ]);
    const surveyEntry = reply.body.items.find((i: { kind: string }) => i.kind === 'survey');
    expect(surveyEntry).toMatchObject({ id: ids.survey, at: at(50).toISOString(), status: 'completed', title: 'OPD_VISIT', encounterId: ids.edVisit, details: { score: 25, negative: true, channel: 'whatsapp' } });
    expect(reply.body.items[0]).toMatchObject({ kind: 'action', title: 'ACT-P360-2 Follow up', details: { sourceType: 'complaint', sourceId: ids.opdComplaint } });
    expect(reply.body.counts).toEqual({ encounter: 2, survey: 1, complaint: 2, action: 2 });
    const short = await timeline(staff, layla.id, '?limit=2');
    expect(short.body.items.map((i: { id: string }) => i.id)).toEqual([ids.fromComplaint, ids.opdComplaint]);
  });

  it("timeline: a department-bound nurse sees only her department's part of the patient's story", async () => {
    const reply = await timeline(edNurse, layla.id);
    expect(reply.status).toBe(200);
    expect(reply.body.items.map((i: { id: string }) => i.id)).toEqual([ids.edComplaint, ids.fromSurvey, ids.survey, ids.edVisit]);
    expect(reply.body.counts).toEqual({ encounter: 1, survey: 1, complaint: 1, action: 1 });
  });

  it('search: 401 without a token, 403 for a viewer, 400 for a one-character query', async () => {
    expect((await api.request('GET', '/api/v1/patients?q=layla')).status).toBe(401);
    expect((await search(viewer, 'layla')).status).toBe(403);
    const short = await search(staff, 'l');
    expect(short.status).toBe(400);
    expect(short.body.error.fields[0].field).toBe('q');
  });

  it('search: by MRN, national id, phone in any form, or name in English or Arabic, within the hospital', async () => {
    for (const q of ['MRN-P360-1', 'mrn-p360-1', '1012345678', '+966501234567', '0501234567', '050 123 4567', '00966501234567', 'layla harbi', 'HARBI', 'الحربي', 'ليلى']) {
      const reply = await search(staff, q);
      expect({ q, status: reply.status, ids: reply.body.items.map((p: { id: string }) => p.id) }).toEqual({ q, status: 200, ids: [layla.id] });
    }
    expect((await search(staff, 'Zahrani')).body.items.map((p: { mrn: string }) => p.mrn)).toEqual(['MRN-P360-2']);
    // LIKE wildcards are text, not patterns.
    expect((await search(staff, '%%')).body.total).toBe(0);
    expect((await search(staff, 'nobody-by-that-name')).body.total).toBe(0);
    // The other hospital's admin finds their own patient with the same MRN, never DEMO's.
    expect((await search(northAdmin, 'MRN-P360-1')).body.items.map((p: { id: string }) => p.id)).toEqual([northPatient.id]);
    const byPhone = await api.request('GET', '/api/v1/patients?phone=0501234567', { token: staff });
    expect(byPhone.body.items.map((p: { id: string }) => p.id)).toEqual([layla.id]);
  });

  it('staff writes: a phone given in national or 00 form is stored in international form', async () => {
    const coordinator = await api.login((await api.createUser('PX_COORDINATOR')).email);
    const created = await api.request('POST', '/api/v1/patients', { token: coordinator, body: { mrn: 'MRN-P360-NEW', fullNameEn: 'Huda Saleh', phone: '0567654321' } });
    expect(created.status).toBe(201);
    expect(created.body.phone).toBe('+966567654321');
    expect((await api.em().findOneOrFail(Patient, { id: created.body.id })).phone).toBe('+966567654321');

    const changed = await api.request('PATCH', `/api/v1/patients/${created.body.id}`, { token: coordinator, body: { phone: '00966561112233' } });
    expect(changed.status).toBe(200);
    expect((await api.em().findOneOrFail(Patient, { id: created.body.id })).phone).toBe('+966561112233');
    // The number is found by any form of it.
    expect((await search(staff, '056 111 2233')).body.items.map((p: { id: string }) => p.id)).toEqual([created.body.id]);
  });
});
