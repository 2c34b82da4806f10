import { AuditEvent, Hospital, IntegrationSource, StageTemplate } from '../../../models/entities';
import { sha256 } from '../../auth/tokens';
import { startTestApi, type TestApi } from '../../../test/support/testApi';

describe('survey templates', () => {
  let api: TestApi;
  let token: string;
  beforeAll(async () => {
    api = await startTestApi();
    token = await api.adminToken();
  });
  afterAll(() => api.close());

  const demoTemplates = async () => (await api.request('GET', '/api/v1/survey-templates?hospitalCode=DEMO', { token })).body;

  it('401 without a token; 403 for a viewer', async () => {
    expect((await api.request('GET', '/api/v1/survey-templates')).status).toBe(401);
    const viewer = await api.login((await api.createUser('VIEWER')).email);
    expect((await api.request('GET', '/api/v1/survey-templates', { token: viewer })).status).toBe(403);
  });

  it('the demo hospital has the eight bilingual surveys its journeys send', async () => {
    const list = await demoTemplates();
    expect(list.items.map((t: { code: string }) => t.code)).toEqual([
      'COMPLAINT_RESOLUTION', 'EMERGENCY_DEPARTMENT', 'INPATIENT_STAY', 'LABORATORY', 'OPD_VISIT', 'PHARMACY', 'QUICK_NPS', 'RADIOLOGY',
    ]);
    expect(list.items.every((t: { nameAr: string }) => /[\u0600-\u06FF]/.test(t.nameAr))).toBe(true);
    const stageSurveys = (await api.em().find(StageTemplate, { surveyTemplateCode: { $ne: null } })).map((s) => s.surveyTemplateCode);
    for (const code of stageSurveys) expect(list.items.map((t: { code: string }) => t.code)).toContain(code);
  });

  it('a template shows its questions in order, each in Arabic and English', async () => {
    const opd = (await demoTemplates()).items.find((t: { code: string }) => t.code === 'OPD_VISIT');
    const detail = await api.request('GET', `/api/v1/survey-templates/${opd.id}`, { token });
    expect(detail.body).toMatchObject({ code: 'OPD_VISIT', version: 1, scoringMethod: 'average', negativeThreshold: 60 });
    expect(detail.body.questions.map((q: { type: string }) => q.type)).toEqual(['nps', 'rating', 'rating', 'likert', 'yes_no', 'free_text']);
    expect(detail.body.questions.find((q: { code: string }) => q.code === 'privacy')).toMatchObject({ critical: true, textAr: 'هل تم احترام خصوصيتك أثناء الفحص؟' });
  });

  it("a hospital admin sees their hospital's templates, not another's", async () => {
    const created = await api.request('POST', '/api/v1/hospitals', { token, body: { code: 'NORTH', nameEn: 'North Hospital', nameAr: 'مستشفى الشمال' } });
    const northAdmin = await api.login((await api.createUser('HOSPITAL_ADMIN', { hospitalId: created.body.id })).email);
    const own = await api.request('GET', '/api/v1/survey-templates', { token: northAdmin });
    expect(own.body.total).toBe(8);
    expect(own.body.items.every((t: { hospitalId: string }) => t.hospitalId === created.body.id)).toBe(true);
    const demoOne = (await demoTemplates()).items[0];
    expect((await api.request('GET', `/api/v1/survey-templates/${demoOne.id}`, { token: northAdmin })).status).toBe(404);
  });

  describe('as a FHIR Questionnaire', () => {
    const key = 'px_questionnaire-test-key-0123456789abcdef';
    beforeAll(async () => {
      await api.em().persistAndFlush(Object.assign(new IntegrationSource(), { code: 'PORTAL', name: 'Patient portal', type: 'fhir', apiKeyHash: sha256(key) }));
    });
    const read = (id: string) => api.request('GET', `/fhir/r4/Questionnaire/${id}`, { headers: { 'x-api-key': key } });

    it('exports items with answer options and Arabic translations', async () => {
      const ed = (await demoTemplates()).items.find((t: { code: string }) => t.code === 'EMERGENCY_DEPARTMENT');
      const reply = await read(ed.id);
      expect(reply.status).toBe(200);
      expect(reply.headers.get('content-type')).toContain('application/fhir+json');
      expect(reply.body).toMatchObject({ resourceType: 'Questionnaire', id: ed.id, status: 'active', name: 'EMERGENCY_DEPARTMENT', version: '1' });
      expect(reply.body.item.map((i: { linkId: string }) => i.linkId)).toEqual(['triage_speed', 'waiting_time', 'kept_informed', 'felt_safe', 'recommend', 'comments']);
      const safe = reply.body.item.find((i: { linkId: string }) => i.linkId === 'felt_safe');
      expect(safe.type).toBe('choice');
      expect(safe.answerOption.map((o: { valueCoding: { code: string } }) => o.valueCoding.code)).toEqual(['yes', 'somewhat', 'no']);
      expect(JSON.stringify(safe._text)).toContain('هل شعرت بالأمان أثناء رعايتنا لك؟');
      expect(reply.body.item.find((i: { linkId: string }) => i.linkId === 'recommend').answerOption).toHaveLength(11);
      expect(reply.body.item.find((i: { linkId: string }) => i.linkId === 'comments')).toMatchObject({ type: 'text', required: false });
    });

    it('answers an unknown id with an OperationOutcome, and needs the API key', async () => {
      const missing = await read('00000000-0000-4000-8000-000000000000');
      expect(missing.status).toBe(404);
      expect(missing.body.resourceType).toBe('OperationOutcome');
      const demo = await api.em().findOneOrFail(Hospital, { code: 'DEMO' });
      expect((await api.request('GET', `/fhir/r4/Questionnaire/${demo.id}`)).status).toBe(401);
    });
  });
});

describe('changing survey templates', () => {
  const PATH = '/api/v1/survey-templates';
  let api: TestApi;
  let pxAdmin: string;
  let demoAdmin: string;
  let demo: Hospital;

  beforeAll(async () => {
    api = await startTestApi();
    pxAdmin = await api.adminToken();
    demo = await api.em().findOneOrFail(Hospital, { code: 'DEMO' });
    demoAdmin = await api.login((await api.createUser('HOSPITAL_ADMIN', { hospitalId: demo.id })).email);
  });
  afterAll(() => api.close());

  const fieldsOf = (body: { error: { fields: { field: string }[] } }) => body.error.fields.map((f) => f.field).sort();

  const pharmacyQuestions = [
    { code: 'recommend', type: 'nps', textEn: 'Would you recommend our pharmacy?', textAr: 'هل توصي بصيدليتنا؟' },
    { code: 'wait', type: 'rating', textEn: 'How long did you wait?', textAr: 'كم انتظرت؟', weight: 2 },
    {
      code: 'counselling',
      type: 'single_choice',
      textEn: 'Did the pharmacist explain your medicines?',
      textAr: 'هل شرح الصيدلي أدويتك؟',
      critical: true,
      options: [
        { code: 'yes', labelEn: 'Yes', labelAr: 'نعم', score: 100 },
        { code: 'no', labelEn: 'No', labelAr: 'لا', score: 0 },
      ],
    },
    { code: 'comments', type: 'free_text', textEn: 'Anything else?', textAr: 'هل لديك ملاحظات أخرى؟', required: false },
  ];
  const pharmacy = { code: 'PHARMACY_EXIT', nameEn: 'Pharmacy exit survey', nameAr: 'استبيان مغادرة الصيدلية', scoringMethod: 'weighted', negativeThreshold: 60, questions: pharmacyQuestions };
  const withQuestion = (i: number, change: object) => ({ ...pharmacy, questions: pharmacyQuestions.map((q, j) => (j === i ? { ...q, ...change } : q)) });

  it('401 without a token; 403 below hospital admin, whatever the verb', async () => {
    expect((await api.request('POST', PATH, { body: pharmacy })).status).toBe(401);
    const manager = await api.login((await api.createUser('DEPARTMENT_MANAGER', { hospitalId: demo.id })).email);
    const opd = (await api.request('GET', `${PATH}?code=OPD_VISIT`, { token: manager })).body.items[0];
    expect((await api.request('POST', PATH, { token: manager, body: pharmacy })).status).toBe(403);
    expect((await api.request('PUT', `${PATH}/${opd.id}`, { token: manager, body: pharmacy })).status).toBe(403);
    expect((await api.request('DELETE', `${PATH}/${opd.id}`, { token: manager })).status).toBe(403);
  });

  it('400 names fields the schema refuses', async () => {
    const reply = await api.request('POST', PATH, {
      token: demoAdmin,
      body: { ...withQuestion(1, { type: 'stars', weight: -1 }), code: 'pharmacy', negativeThreshold: 101, colour: 'red' },
    });
    expect(reply.status).toBe(400);
    expect(fieldsOf(reply.body)).toEqual(['code', 'colour', 'negativeThreshold', 'questions.1.type', 'questions.1.weight']);
    const noQuestions = await api.request('POST', PATH, { token: demoAdmin, body: { ...pharmacy, questions: [] } });
    expect(fieldsOf(noQuestions.body)).toEqual(['questions']);
    const badScore = await api.request('POST', PATH, { token: demoAdmin, body: withQuestion(2, { options: [{ code: 'yes', labelEn: 'Yes', labelAr: 'نعم', score: 101 }, pharmacyQuestions[2].options![1]] }) });
    expect(fieldsOf(badScore.body)).toEqual(['questions.2.options.0.score']);
  });

  it('400 names the field each template rule is about', async () => {
    const refused = async (body: object) => {
      const reply = await api.request('POST', PATH, { token: demoAdmin, body });
      expect(reply.status).toBe(400);
      return reply.body.error.fields;
    };
    expect(await refused({ ...pharmacy, questions: [...pharmacyQuestions, pharmacyQuestions[1]] })).toEqual([{ field: 'questions', message: 'question codes must be unique (repeated: wait)' }]);
    expect(await refused(withQuestion(2, { options: [pharmacyQuestions[2].options![0]] }))).toEqual([{ field: 'questions.2.options', message: 'a single_choice question needs at least two options' }]);
    expect(await refused(withQuestion(2, { type: 'multiple_choice', options: [pharmacyQuestions[2].options![0], pharmacyQuestions[2].options![0]] }))).toEqual([
      { field: 'questions.2.options', message: 'option codes must be unique (repeated: yes)' },
    ]);
    expect(await refused(withQuestion(1, { options: pharmacyQuestions[2].options }))).toEqual([{ field: 'questions.1.options', message: 'a rating question has no options' }]);
    expect(await refused({ ...pharmacy, scoringMethod: 'nps', questions: pharmacyQuestions.slice(1) })).toEqual([{ field: 'scoringMethod', message: "'nps' scoring needs an nps question" }]);
    expect(await refused(withQuestion(3, { critical: true }))).toEqual([{ field: 'questions.3.critical', message: 'a free_text question cannot be critical' }]);
  });

  it("a hospital admin cannot create in, read or change another hospital's templates (404)", async () => {
    const north = await api.createHospital('NORTH');
    expect((await api.request('POST', PATH, { token: demoAdmin, body: { ...pharmacy, hospitalId: north.id } })).status).toBe(404);
    const northOne = await api.request('POST', PATH, { token: pxAdmin, body: { ...pharmacy, hospitalId: north.id } });
    expect(northOne.status).toBe(201);
    expect(northOne.body.hospitalId).toBe(north.id);
    const path = `${PATH}/${northOne.body.id}`;
    expect((await api.request('GET', path, { token: demoAdmin })).status).toBe(404);
    expect((await api.request('PUT', path, { token: demoAdmin, body: { ...pharmacy, code: undefined } })).status).toBe(404);
    expect((await api.request('DELETE', path, { token: demoAdmin })).status).toBe(404);
  });

  it('creates version 1 in the caller\'s hospital with its questions in order (201), audited', async () => {
    const created = await api.request('POST', PATH, { token: demoAdmin, body: pharmacy });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ hospitalId: demo.id, code: 'PHARMACY_EXIT', version: 1, active: true, scoringMethod: 'weighted', multiplePerEncounter: false });
    expect(created.body.questions.map((q: { code: string; position: number }) => [q.position, q.code])).toEqual([[0, 'recommend'], [1, 'wait'], [2, 'counselling'], [3, 'comments']]);
    expect(created.body.questions[1]).toMatchObject({ type: 'rating', required: true, critical: false, weight: 2, options: [] });
    expect(created.body.questions[2].options).toEqual(pharmacyQuestions[2].options);
    const read = await api.request('GET', `${PATH}/${created.body.id}`, { token: demoAdmin });
    expect(read.body).toEqual(created.body);
    const audit = await api.em().find(AuditEvent, { entityId: created.body.id });
    expect(audit.map((e) => e.action)).toEqual(['survey_template.create']);
  });

  it('409 for a second active template with the same code in the same hospital', async () => {
    const again = await api.request('POST', PATH, { token: demoAdmin, body: pharmacy });
    expect(again.status).toBe(409);
    expect((await api.request('POST', PATH, { token: demoAdmin, body: { ...pharmacy, code: 'OPD_VISIT' } })).status).toBe(409);
  });

  it('PUT writes version 2 and retires version 1, which keeps its original questions', async () => {
    const v1 = (await api.request('GET', `${PATH}?code=PHARMACY_EXIT`, { token: demoAdmin })).body.items[0];
    const { code: _code, ...change } = { ...pharmacy, nameEn: 'Pharmacy survey', questions: pharmacyQuestions.slice(0, 2) };
    const v2 = await api.request('PUT', `${PATH}/${v1.id}`, { token: demoAdmin, body: change });
    expect(v2.status).toBe(200);
    expect(v2.body).toMatchObject({ code: 'PHARMACY_EXIT', hospitalId: demo.id, version: 2, active: true, nameEn: 'Pharmacy survey' });
    expect(v2.body.id).not.toBe(v1.id);
    expect(v2.body.questions.map((q: { code: string }) => q.code)).toEqual(['recommend', 'wait']);

    const old = await api.request('GET', `${PATH}/${v1.id}`, { token: demoAdmin });
    expect(old.body).toMatchObject({ version: 1, active: false, nameEn: 'Pharmacy exit survey' });
    expect(old.body.questions.map((q: { code: string }) => q.code)).toEqual(['recommend', 'wait', 'counselling', 'comments']);
    const current = await api.request('GET', `${PATH}?code=PHARMACY_EXIT`, { token: demoAdmin });
    expect(current.body.items.map((t: { version: number }) => t.version)).toEqual([2]);

    const stale = await api.request('PUT', `${PATH}/${v1.id}`, { token: demoAdmin, body: change });
    expect(stale.status).toBe(409);
    expect((await api.request('PUT', `${PATH}/${v2.body.id}`, { token: demoAdmin, body: { ...change, scoringMethod: 'nps', questions: pharmacyQuestions.slice(1, 2) } })).status).toBe(400);
  });

  it('DELETE deactivates (204): gone from the default list, still readable by id', async () => {
    const current = (await api.request('GET', `${PATH}?code=PHARMACY_EXIT`, { token: demoAdmin })).body.items[0];
    expect((await api.request('DELETE', `${PATH}/${current.id}`, { token: demoAdmin })).status).toBe(204);
    expect((await api.request('GET', `${PATH}?code=PHARMACY_EXIT`, { token: demoAdmin })).body.total).toBe(0);
    expect((await api.request('GET', `${PATH}/${current.id}`, { token: demoAdmin })).body).toMatchObject({ version: 2, active: false });
    // A retired code can be created again; it continues the version history.
    const reborn = await api.request('POST', PATH, { token: demoAdmin, body: pharmacy });
    expect(reborn.body).toMatchObject({ version: 3, active: true });
  });

  it('group-wide templates: a PX admin creates and changes them; a hospital admin sees them but gets 403 changing them', async () => {
    expect((await api.request('POST', PATH, { token: demoAdmin, body: { ...pharmacy, code: 'GROUP_PHARMACY', hospitalId: null } })).status).toBe(403);
    const group = await api.request('POST', PATH, { token: pxAdmin, body: { ...pharmacy, code: 'GROUP_PHARMACY', hospitalId: null } });
    expect(group.status).toBe(201);
    expect(group.body).toMatchObject({ hospitalId: null, version: 1 });
    expect((await api.request('POST', PATH, { token: pxAdmin, body: { ...pharmacy, code: 'GROUP_PHARMACY', hospitalId: null } })).status).toBe(409);

    const path = `${PATH}/${group.body.id}`;
    const { code: _code, ...change } = pharmacy;
    expect((await api.request('GET', path, { token: demoAdmin })).status).toBe(200);
    const listed = await api.request('GET', `${PATH}?code=GROUP_PHARMACY`, { token: demoAdmin });
    expect(listed.body.items.map((t: { id: string }) => t.id)).toEqual([group.body.id]);
    expect((await api.request('PUT', path, { token: demoAdmin, body: change })).status).toBe(403);
    expect((await api.request('DELETE', path, { token: demoAdmin })).status).toBe(403);
    expect((await api.request('GET', path, { token: demoAdmin })).body.active).toBe(true);

    const v2 = await api.request('PUT', path, { token: pxAdmin, body: change });
    expect(v2.body).toMatchObject({ hospitalId: null, code: 'GROUP_PHARMACY', version: 2 });
    expect((await api.request('GET', path, { token: pxAdmin })).body.active).toBe(false);
  });
});
