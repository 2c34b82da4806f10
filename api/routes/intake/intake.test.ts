import { InboxMessage, IntegrationSource, Patient } from '../../../models/entities';
import { sha256 } from '../../auth/tokens';
import { startTestHub, uniqueVisit, type TestHub } from '../../../test/support/testHub';

describe('POST /api/v1/integration/events', () => {
  let hub: TestHub;
  const key = 'px_rest-intake-test-key-0123456789abcdef';
  beforeAll(async () => {
    hub = await startTestHub();
    await hub.api.em().persistAndFlush(Object.assign(new IntegrationSource(), { code: 'QUEUE_SYS', name: 'Queue management', type: 'rest', apiKeyHash: sha256(key), apiKeyPrefix: key.slice(0, 8) }));
  });
  afterAll(() => hub.close());

  const event = (visit: string, extra: object = {}) => ({
    eventId: `evt-${visit}`,
    eventCode: 'OPD_CHECK_IN',
    hospitalCode: 'DEMO',
    visitNumber: visit,
    occurredAt: '2026-11-29T08:00:00+03:00',
    patientClass: 'O',
    patient: { mrn: `R-${visit}`, givenName: 'سارة', familyName: 'الدوسري', phone: '+966555000111', preferredLanguage: 'ar' },
    ...extra,
  });
  const post = (body: unknown, apiKey = key) => hub.api.request('POST', '/api/v1/integration/events', { body, headers: { 'x-api-key': apiKey } });

  it('401 without a valid API key', async () => {
    expect((await post(event(uniqueVisit()), '')).status).toBe(401);
    expect((await post(event(uniqueVisit()), 'px_wrong')).status).toBe(401);
  });

  it('400 naming the field, and the refused event is recorded', async () => {
    const reply = await post({ ...event(uniqueVisit()), eventCode: 'TELEPORTED', occurredAt: 'yesterday' });
    expect(reply.status).toBe(400);
    expect(reply.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['eventCode', 'occurredAt']);
    const refused = await hub.api.em().find(InboxMessage, { channel: 'rest', status: 'failed' });
    expect(refused[0].error).toContain('eventCode');
    const unknown = await post({ ...event(uniqueVisit()), hospitalCode: 'NOWHERE' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields[0].field).toBe('hospitalCode');
  });

  it('202 once stored; the relay starts the encounter and records the patient; a repeat is a duplicate', async () => {
    const visit = uniqueVisit();
    const first = await post(event(visit));
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ status: 'accepted', duplicate: false });
    const again = await post(event(visit));
    expect(again.body).toMatchObject({ id: first.body.id, duplicate: true });

    const token = await hub.api.adminToken();
    let encounter;
    for (let i = 0; i < 100 && !encounter; i++) {
      encounter = (await hub.api.request('GET', `/api/v1/encounters?visitNumber=${visit}`, { token })).body.items[0];
      if (!encounter) await new Promise((r) => setTimeout(r, 100));
    }
    expect(encounter).toMatchObject({ journey: 'OPD', status: 'active', hospitalCode: 'DEMO' });
    const patient = await hub.api.em().findOneOrFail(Patient, { mrn: `R-${visit}` });
    expect(patient).toMatchObject({ fullNameAr: 'سارة الدوسري', phone: '+966555000111' });
  });
});
