import { randomUUID } from 'node:crypto';
import { AuditEvent, Hospital, InboxMessage, IntegrationSource, Patient, SurveyInstance, SurveyResponse, SurveyTemplate } from '../../models/entities';
import { sha256 } from '../auth/tokens';
import { startTestApi, type TestApi } from '../../test/support/testApi';

interface ExportedItem {
  linkId: string;
  type: 'choice' | 'boolean' | 'text';
  answerOption?: { valueCoding: { code: string } }[];
}

describe('FHIR R4 POST /fhir/r4/QuestionnaireResponse', () => {
  let api: TestApi;
  let demo: Hospital;
  let opd: SurveyTemplate;
  /** The OPD_VISIT template as our own Questionnaire export gives it: what a portal builds its form from. */
  let questionnaire: { url: string; item: ExportedItem[] };
  const key = 'px_fhir-response-test-key-0123456789abcdef';
  const northKey = 'px_fhir-response-north-key-0123456789abcd';

  const source = (code: string, apiKey: string, hospitalId: string) =>
    Object.assign(new IntegrationSource(), { code, name: code, type: 'fhir', hospitalId, apiKeyHash: sha256(apiKey), apiKeyPrefix: apiKey.slice(0, 8) });

  const send = (method: string, path: string, resource?: unknown, apiKey = key) =>
    api.request(method, `/fhir/r4${path}`, {
      headers: { 'x-api-key': apiKey, ...(resource === undefined ? {} : { 'content-type': 'application/fhir+json' }) },
      raw: resource === undefined ? undefined : JSON.stringify(resource),
    });
  const post = (resource: unknown, apiKey = key) => send('POST', '/QuestionnaireResponse', resource, apiKey);

  beforeAll(async () => {
    api = await startTestApi();
    const em = api.em();
    demo = await em.findOneOrFail(Hospital, { code: 'DEMO' });
    opd = await em.findOneOrFail(SurveyTemplate, { hospitalId: demo.id, code: 'OPD_VISIT', active: true });
    const north = await api.createHospital('NORTH');
    await em.persistAndFlush([source('PORTAL', key, demo.id), source('NORTH_PORTAL', northKey, north.id)]);
    questionnaire = (await send('GET', `/Questionnaire/${opd.id}`)).body;
  });
  afterAll(() => api.close());

  /** A survey of the OPD visit template sent to a new DEMO patient, as the survey workflow leaves it. */
  async function sentSurvey(expiresInMs = 86_400_000): Promise<SurveyInstance> {
    const em = api.em();
    const patient = Object.assign(new Patient(), { hospitalId: demo.id, mrn: `QR-${randomUUID().slice(0, 8)}` });
    const survey = Object.assign(new SurveyInstance(), {
      hospitalId: demo.id,
      workflowId: `survey:fhir-test:${randomUUID()}`,
      templateId: opd.id,
      templateCode: 'OPD_VISIT',
      patientId: patient.id,
      status: 'sent',
      sentAt: new Date(),
      expiresAt: new Date(Date.now() + expiresInMs),
      negativeReasons: [],
    });
    await em.persistAndFlush([patient, survey]);
    return survey;
  }

  const response = (survey: SurveyInstance, item: unknown[], extra: object = {}) => ({
    resourceType: 'QuestionnaireResponse',
    identifier: { system: 'urn:px360:survey', value: survey.id },
    questionnaire: questionnaire.url,
    status: 'completed',
    authored: '2026-12-01T10:00:00+03:00',
    item,
    ...extra,
  });

  /** Every exported item answered with its last option (the best of each scale), yes, or a comment. */
  const bestItems = () =>
    questionnaire.item.map((i) => ({
      linkId: i.linkId,
      answer: [i.type === 'boolean' ? { valueBoolean: true } : i.type === 'text' ? { valueString: 'شكراً للفريق' } : { valueCoding: i.answerOption!.at(-1)!.valueCoding }],
    }));

  const surveyNow = (id: string) => api.em().findOneOrFail(SurveyInstance, { id });

  it('records a completed response built from the exported Questionnaire: scored, audited, and only once', async () => {
    const survey = await sentSurvey();
    const created = await post(response(survey, bestItems()));
    expect(created.status).toBe(201);
    expect(created.headers.get('content-type')).toBe('application/fhir+json; charset=utf-8');
    const stored = await api.em().findOneOrFail(SurveyResponse, { surveyId: survey.id });
    expect(created.body).toMatchObject({ resourceType: 'QuestionnaireResponse', id: stored.id, status: 'completed', identifier: { value: survey.id } });
    expect(created.body.meta.lastUpdated).toBe(stored.submittedAt.toISOString());
    expect(created.headers.get('location')).toMatch(new RegExp(`/fhir/r4/QuestionnaireResponse/${stored.id}$`));
    expect(stored.submittedVia).toBe('fhir');
    expect(stored.answers).toEqual(
      expect.arrayContaining([
        { questionCode: 'recommend', value: 10 },
        { questionCode: 'waiting_time', value: 5 },
        { questionCode: 'privacy', value: true },
        { questionCode: 'comments', value: 'شكراً للفريق' },
      ]),
    );
    expect(await surveyNow(survey.id)).toMatchObject({ status: 'completed', respondedVia: 'fhir', score: 100, npsCategory: 'promoter', negative: false });
    const audits = await api.em().find(AuditEvent, { action: 'survey.respond', entityId: survey.id });
    expect(audits.map((a) => [a.actorEmail, a.hospitalId, a.after])).toEqual([['source:PORTAL', demo.id, { via: 'fhir' }]]);

    const again = await post(response(survey, bestItems()));
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'conflict' }] });
  });

  it('takes scales as valueInteger and flattens grouped items; a poor visit scores negative', async () => {
    const survey = await sentSurvey();
    const worst = questionnaire.item.map((i) => ({
      linkId: i.linkId,
      answer: [i.type === 'boolean' ? { valueBoolean: false } : i.type === 'text' ? { valueString: 'الانتظار كان طويلاً' } : { valueInteger: Number(i.answerOption![0].valueCoding.code) }],
    }));
    const reply = await post(response(survey, [{ linkId: 'visit', item: worst.slice(0, 3) }, ...worst.slice(3)]));
    expect(reply.status).toBe(201);
    const answered = await surveyNow(survey.id);
    expect(answered).toMatchObject({ status: 'completed', score: 0, npsCategory: 'detractor', negative: true });
    expect(answered.negativeReasons).toEqual(expect.arrayContaining(['nps_detractor', 'critical:doctor_explanation', 'critical:privacy']));
  });

  it('refuses a response it cannot record with a 422 naming the element, stores nothing, and keeps the refusal', async () => {
    const survey = await sentSurvey();
    const refusedBefore = await api.em().count(InboxMessage, { channel: 'fhir', status: 'failed', messageType: 'SURVEY' });
    const withItem = (linkId: string, answer: object[]) => bestItems().map((i) => (i.linkId === linkId ? { linkId, answer } : i));

    const inProgress = await post(response(survey, bestItems(), { status: 'in-progress' }));
    expect(inProgress.status).toBe(422);
    expect(inProgress.body.issue).toEqual([{ severity: 'error', code: 'processing', diagnostics: 'only completed responses are accepted', expression: ['QuestionnaireResponse.status'] }]);

    const ed = await api.em().findOneOrFail(SurveyTemplate, { hospitalId: demo.id, code: 'EMERGENCY_DEPARTMENT', active: true });
    const wrongQuestionnaire = await post(response(survey, bestItems(), { questionnaire: `Questionnaire/${ed.id}` }));
    expect(wrongQuestionnaire.status).toBe(422);
    expect(wrongQuestionnaire.body.issue[0]).toMatchObject({ code: 'processing', expression: ['QuestionnaireResponse.questionnaire'] });

    const npsOutOfRange = await post(response(survey, withItem('recommend', [{ valueInteger: 11 }])));
    expect(npsOutOfRange.status).toBe(422);
    expect(npsOutOfRange.body.issue[0]).toMatchObject({ code: 'processing', diagnostics: expect.stringContaining('recommend'), expression: ["QuestionnaireResponse.item.where(linkId='recommend')"] });

    const wrongElement = await post(response(survey, withItem('privacy', [{ valueString: 'yes' }])));
    expect(wrongElement.status).toBe(422);
    expect(wrongElement.body.issue[0]).toMatchObject({ diagnostics: 'privacy: answer with valueBoolean', expression: ["QuestionnaireResponse.item.where(linkId='privacy')"] });

    // A relative canonical names the same Questionnaire as the export's full URL.
    const required = await post(response(survey, bestItems().filter((i) => i.linkId !== 'respect'), { questionnaire: `Questionnaire/${opd.id}` }));
    expect(required.status).toBe(422);
    expect(required.body.issue[0]).toMatchObject({ diagnostics: 'respect: is required', expression: ["QuestionnaireResponse.item.where(linkId='respect')"] });

    expect(await surveyNow(survey.id)).toMatchObject({ status: 'sent', respondedVia: null });
    expect(await api.em().count(SurveyResponse, { surveyId: survey.id })).toBe(0);
    expect(await api.em().count(InboxMessage, { channel: 'fhir', status: 'failed', messageType: 'SURVEY' })).toBe(refusedBefore + 5);
  });

  it('reads recorded responses back and finds them by patient, questionnaire and authored date, only in the caller\'s hospital', async () => {
    const survey = await sentSurvey();
    const created = await post(response(survey, bestItems()));
    expect(created.status).toBe(201);

    const read = await send('GET', `/QuestionnaireResponse/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      resourceType: 'QuestionnaireResponse',
      id: created.body.id,
      identifier: { system: 'urn:px360:survey', value: survey.id },
      questionnaire: expect.stringMatching(new RegExp(`/Questionnaire/${opd.id}$`)),
      status: 'completed',
      subject: { reference: `Patient/${survey.patientId}` },
    });
    const recommend = read.body.item.find((i: { linkId: string }) => i.linkId === 'recommend');
    expect(recommend.answer).toEqual([{ valueCoding: { code: '10' } }]);
    const privacy = read.body.item.find((i: { linkId: string }) => i.linkId === 'privacy');
    expect(privacy.answer).toEqual([{ valueBoolean: true }]);

    const day = (read.body.authored as string).slice(0, 10);
    const found = await send('GET', `/QuestionnaireResponse?patient=Patient/${survey.patientId}&questionnaire=Questionnaire/${opd.id}&authored=${day}`);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 1 });
    expect(found.body.entry[0].resource.id).toBe(created.body.id);
    expect((await send('GET', `/QuestionnaireResponse?patient=Patient/${survey.patientId}&authored=lt2020-01-01`)).body.total).toBe(0);

    const elsewhere = await send('GET', `/QuestionnaireResponse?patient=Patient/${survey.patientId}`, undefined, northKey);
    expect(elsewhere.body.total).toBe(0);
    expect((await send('GET', `/QuestionnaireResponse/${created.body.id}`, undefined, northKey)).status).toBe(404);
  });

  it('finds Questionnaires by template identifier and status', async () => {
    const found = await send('GET', '/Questionnaire?identifier=urn:px360:survey-template|OPD_VISIT&status=active');
    expect(found.status).toBe(200);
    expect(found.body.total).toBeGreaterThanOrEqual(1);
    expect(found.body.entry.map((e: { resource: { id: string } }) => e.resource.id)).toContain(opd.id);
    expect(found.body.entry.every((e: { resource: { status: string; name: string } }) => e.resource.status === 'active' && e.resource.name === 'OPD_VISIT')).toBe(true);
    expect((await send('GET', '/Questionnaire?status=draft')).status).toBe(400);
  });

  it('answers 410 once the survey has expired', async () => {
    const survey = await sentSurvey(-1000);
    const reply = await post(response(survey, bestItems()));
    expect(reply.status).toBe(410);
    expect(reply.body.issue[0]).toMatchObject({ code: 'business-rule', diagnostics: 'this survey has expired' });
  });

  it("answers 404 for a survey it does not know or that is another hospital's, and 401 without the API key", async () => {
    const survey = await sentSurvey();
    const unknown = await post(response(survey, bestItems(), { identifier: { system: 'urn:px360:survey', value: randomUUID() } }));
    expect(unknown.status).toBe(404);
    expect(unknown.body.issue[0]).toMatchObject({ code: 'not-found', expression: ['QuestionnaireResponse.identifier'] });

    const otherHospital = await post(response(survey, bestItems()), northKey);
    expect(otherHospital.status).toBe(404);
    expect(otherHospital.body.issue[0].code).toBe('not-found');

    const noKey = await post(response(survey, bestItems()), '');
    expect(noKey.status).toBe(401);
    expect(noKey.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'security' }] });
    expect((await surveyNow(survey.id)).status).toBe('sent');
  });

  it('is in the CapabilityStatement as read, search and create, with the survey identifier system documented', async () => {
    const [rest] = (await api.request('GET', '/fhir/r4/metadata')).body.rest;
    const described = rest.resource.find((r: { type: string }) => r.type === 'QuestionnaireResponse');
    expect(described.interaction).toEqual([{ code: 'read' }, { code: 'search-type' }, { code: 'create' }]);
    expect(described.searchParam.map((p: { name: string }) => p.name)).toEqual(['_id', 'patient', 'questionnaire', 'authored']);
    expect(described.documentation).toContain('urn:px360:survey');
  });
});
