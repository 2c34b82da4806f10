import { Hospital, IntegrationSource, StageTemplate } from '../../../models/entities';
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

  it('the demo hospital has the seven bilingual surveys its journeys send', async () => {
    const list = await demoTemplates();
    expect(list.items.map((t: { code: string }) => t.code)).toEqual([
      'COMPLAINT_RESOLUTION', 'EMERGENCY_DEPARTMENT', 'INPATIENT_STAY', 'LABORATORY', 'OPD_VISIT', 'PHARMACY', 'RADIOLOGY',
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
    expect(own.body.total).toBe(7);
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
