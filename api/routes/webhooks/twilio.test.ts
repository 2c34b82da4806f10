import { Hospital, IntegrationSource, Patient } from '../../../models/entities';
import { postInboundMessage, TWILIO_FROM_SMS, TWILIO_SID, TWILIO_TOKEN } from '../../../test/support/fakeTwilio';
import { startTestApi, type TestApi } from '../../../test/support/testApi';
import { sha256 } from '../../auth/tokens';

/** A patient's number written in national form by one door is the number a reply comes from in international form. */
describe('phone numbers from intake to an inbound STOP', () => {
  let api: TestApi;
  const key = 'px_fhir-phone-test-key-0123456789abcdef';

  beforeAll(async () => {
    // Twilio's credentials, so inbound webhooks are verified; messages still go to the console outbox.
    api = await startTestApi({ env: { TWILIO_ACCOUNT_SID: TWILIO_SID, TWILIO_AUTH_TOKEN: TWILIO_TOKEN, TWILIO_FROM_SMS, PX_PHONE_COUNTRY_CODE: '966' } });
    await api.em().persistAndFlush(Object.assign(new IntegrationSource(), { code: 'EHR_PHONE', name: 'EHR FHIR client', type: 'fhir', apiKeyHash: sha256(key), apiKeyPrefix: key.slice(0, 8) }));
  });
  afterAll(() => api.close());

  const fhirPatient = (mrn: string, phone: string) =>
    api.request('POST', '/fhir/r4/Patient', {
      headers: { 'x-api-key': key, 'content-type': 'application/fhir+json' },
      raw: JSON.stringify({
        resourceType: 'Patient',
        identifier: [{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] }, system: 'http://demo-hospital.sa/mrn', value: mrn }],
        name: [{ family: 'Al-Otaibi', given: ['Reem'] }],
        telecom: [{ system: 'phone', value: phone, use: 'mobile' }],
        managingOrganization: { identifier: { value: 'DEMO' } },
      }),
    });
  const inbound = (channel: 'sms' | 'whatsapp', from: string, body: string) =>
    postInboundMessage(`${api.baseUrl}/api/v1/webhooks/twilio/${channel}`, { From: from, To: channel === 'sms' ? TWILIO_FROM_SMS : `whatsapp:${TWILIO_FROM_SMS}`, Body: body });

  it('stores a FHIR Patient sent with a national-form phone in international form, and a STOP from that number opts the patient out', async () => {
    const created = await fhirPatient('PH-FHIR-1', '0551234567');
    expect(created.status).toBe(201);
    expect(created.body.telecom).toEqual([{ system: 'phone', value: '+966551234567', use: 'mobile' }]);
    const stored = await api.em().findOneOrFail(Patient, { mrn: 'PH-FHIR-1' });
    expect(stored.phone).toBe('+966551234567');
    expect(stored.optOutSms).toBe(false);

    const reply = await inbound('sms', '+966551234567', 'STOP');
    expect(reply.status).toBe(200);
    expect(reply.text).toContain('<Message>');
    const after = await api.em().findOneOrFail(Patient, { id: stored.id });
    expect([after.optOutSms, after.optOutWhatsapp]).toEqual([true, false]);
  });

  it('matches a reply on the number, not on how an older row happens to spell it', async () => {
    const demo = await api.em().findOneOrFail(Hospital, { code: 'DEMO' });
    // Written before every door normalised: national form, as a FHIR client sent it.
    const older = Object.assign(new Patient(), { hospitalId: demo.id, mrn: 'PH-OLD-1', phone: '0559876543', preferredLanguage: 'ar' as const });
    await api.em().persistAndFlush(older);

    const reply = await inbound('whatsapp', 'whatsapp:+966559876543', 'إيقاف');
    expect(reply.status).toBe(200);
    const after = await api.em().findOneOrFail(Patient, { id: older.id });
    expect([after.optOutWhatsapp, after.optOutSms]).toEqual([true, false]);
  });

  it('leaves everyone alone when the number belongs to no patient', async () => {
    const created = await fhirPatient('PH-FHIR-2', '+966 50 111 2222');
    expect(created.status).toBe(201);
    const reply = await inbound('sms', '+966501112223', 'STOP');
    expect(reply.status).toBe(200);
    expect(reply.text).not.toContain('<Message>');
    expect((await api.em().findOneOrFail(Patient, { mrn: 'PH-FHIR-2' })).optOutSms).toBe(false);
  });
});
