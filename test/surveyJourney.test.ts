/**
 * Surveys end to end over MLLP: an Arabic-speaking patient's OPD visit completes, the survey goes
 * out in Arabic on WhatsApp (through the real Twilio SDK), the link opens an Arabic page, low
 * answers make it negative, and the link is spent.
 */
import { Patient, SurveyInstance } from '../models/entities';
import { surveyWorkflowId } from '../workflows/surveyTypes';
import { encounterWorkflowId } from '../workflows/encounterTypes';
import { fakeTwilio, postInboundMessage, TWILIO_FROM_WHATSAPP } from './support/fakeTwilio';
import { eventually } from './support/eventually';
import { adt } from './support/hl7Messages';
import { field, MllpTestClient } from './support/mllpClient';
import { surveyInStatus, surveyLinkIn, worstAnswers } from './support/surveys';
import { startTestHub, uniqueVisit, type TestHub } from './support/testHub';

describe('survey after an OPD visit, over MLLP', () => {
  const twilioApi = fakeTwilio();
  let hub: TestHub;
  let client: MllpTestClient;
  beforeAll(async () => {
    const apiUrl = await twilioApi.start();
    hub = await startTestHub({
      env: { ...twilioApi.env(apiUrl), PX_SURVEY_SEND_DELAY: '0s', PX_SURVEY_QUIET_HOURS: 'off', PX_SURVEY_REMINDERS: 'none', PX_SURVEY_EXPIRY: '1h' },
    });
    client = await MllpTestClient.connect(hub.listener.port);
  });
  afterAll(async () => {
    client.close();
    await hub.close();
    await twilioApi.stop();
  });

  it('goes out in Arabic on WhatsApp, opens an RTL page, scores low answers negative, then answers 410', async () => {
    const phone = '+966501112233';
    const facts = { visit: uniqueVisit(), mrn: `MRN${Date.now()}`, patientClass: 'O' as const, family: 'الحربي', given: 'خالد', language: 'ara', phone };
    for (const message of [adt('A04', facts), adt('A03', facts)]) expect(field(await client.send(message), 'MSA', 1)).toBe('AA');

    const sent = await eventually(async () => twilioApi.requests.find((r) => r.form.To === `whatsapp:${phone}`), 30_000, 'WhatsApp invite');
    expect(sent.form.From).toBe(`whatsapp:${TWILIO_FROM_WHATSAPP}`);
    expect(sent.form.Body).toMatch(/[\u0600-\u06FF]/);
    expect(sent.form.Body).toContain('مستشفى');

    const workflowId = surveyWorkflowId(encounterWorkflowId('DEMO', facts.visit), 'VISIT_END');
    const survey = await surveyInStatus(() => hub.api.em(), workflowId, ['sent']);
    expect(survey).toMatchObject({ templateCode: 'OPD_VISIT', channel: 'whatsapp', language: 'ar' });

    const link = surveyLinkIn(sent.form.Body);
    const page = await fetch(link);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/<html[^>]*lang="ar"[^>]*dir="rtl"/);
    expect(Buffer.byteLength(html)).toBeLessThan(50 * 1024);

    const answers = await worstAnswers(hub.api.em(), survey.templateId);
    const submitted = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: answers.toString() });
    expect(submitted.status).toBe(200);
    expect(await submitted.text()).toContain('شكر');

    const done = await surveyInStatus(() => hub.api.em(), workflowId, ['completed']);
    expect(done.negative).toBe(true);
    expect(done.score).toBe(0);
    expect(done.negativeReasons).toEqual(expect.arrayContaining(['below_threshold', 'nps_detractor']));
    expect(await hub.temporal.client.workflow.getHandle(workflowId).result()).toBe('completed');

    expect((await fetch(link)).status).toBe(410);
    const again = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: answers.toString() });
    expect(again.status).toBe(410);
    expect(twilioApi.requests.filter((r) => r.form.To === `whatsapp:${phone}`)).toHaveLength(1);

    const patient = await hub.api.em().findOneOrFail(Patient, { id: survey.patientId! });
    expect(patient.preferredLanguage).toBe('ar');
  });

  it('reaches a patient whose number the hospital system sent in national form', async () => {
    const facts = { visit: uniqueVisit(), mrn: `MRN${Date.now()}N`, patientClass: 'O' as const, language: 'ara', phone: '0551234000' };
    for (const message of [adt('A04', facts), adt('A03', facts)]) expect(field(await client.send(message), 'MSA', 1)).toBe('AA');
    await eventually(async () => twilioApi.requests.find((r) => r.form.To === 'whatsapp:+966551234000'), 30_000, 'WhatsApp invite to +966551234000');
  });

  it('an unknown link answers 404 in both languages', async () => {
    const response = await fetch(`${hub.api.baseUrl}/s/${'x'.repeat(43)}`);
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toMatch(/[\u0600-\u06FF]/);
    expect(html).toMatch(/link/i);
  });

  it('a forged webhook signature is refused and nothing changes', async () => {
    const url = `${hub.api.baseUrl}/api/v1/webhooks/twilio/sms`;
    const response = await postInboundMessage(url, { From: '+966501112233', To: '+15005550006', Body: 'STOP' }, 'not-the-auth-token');
    expect(response.status).toBe(403);
    expect(await hub.api.em().count(Patient, { phone: '+966501112233', optOutSms: true })).toBe(0);
    expect(await hub.api.em().count(SurveyInstance, { status: 'opted_out' })).toBe(0);
  });
});
