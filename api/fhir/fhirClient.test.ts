import type * as FhirKit from 'fhir-kit-client' with { 'resolution-mode': 'import' };
import { Hospital, InboxMessage, IntegrationSource } from '../../models/entities';
import { sha256 } from '../auth/tokens';
import { startTestApi, type TestApi } from '../../test/support/testApi';
import { uniqueVisit } from '../../test/support/testHub';

/**
 * The FHIR server as a standard client sees it: fhir-kit-client against the running API, with an
 * integration source's API key and with a staff member's bearer token.
 */
// fhir-kit-client ships ES modules only; Jest loads it as CommonJS (jest.config.js transforms it).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Client } = require('fhir-kit-client') as typeof FhirKit;
type Client = FhirKit.Client;

describe('FHIR R4 with fhir-kit-client', () => {
  let api: TestApi;
  let client: Client;
  let demo: Hospital;
  const key = 'px_fhir-kit-client-test-key-0123456789ab';
  const MRN_SYSTEM = 'http://demo-hospital.sa/mrn';
  const VISIT_SYSTEM = 'http://demo-hospital.sa/visit';
  const LANGUAGE = 'http://hl7.org/fhir/StructureDefinition/language';

  beforeAll(async () => {
    api = await startTestApi();
    demo = await api.em().findOneOrFail(Hospital, { code: 'DEMO' });
    await api.em().persistAndFlush(Object.assign(new IntegrationSource(), { code: 'KIT_EHR', name: 'EHR', type: 'fhir', hospitalId: demo.id, apiKeyHash: sha256(key), apiKeyPrefix: key.slice(0, 8) }));
    client = new Client({ baseUrl: `${api.baseUrl}/fhir/r4`, customHeaders: { 'x-api-key': key } });
  });
  afterAll(() => api.close());

  /** What the client threw for a refused request: the status, the parsed body and the headers. */
  async function refusal(call: Promise<unknown>): Promise<{ status: number; body: any; headers: Headers }> {
    try {
      await call;
    } catch (error) {
      const e = error as { response?: { status: number; data: unknown }; config?: { headers: Headers } };
      if (!e.response) throw error;
      return { status: e.response.status, body: e.response.data, headers: e.config!.headers };
    }
    throw new Error('the request was not refused');
  }

  const patient = (mrn: string, extra: object = {}) => ({
    resourceType: 'Patient',
    identifier: [{ use: 'usual', type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] }, system: MRN_SYSTEM, value: mrn }],
    name: [
      { extension: [{ url: LANGUAGE, valueCode: 'en' }], use: 'official', family: 'Al-Harbi', given: ['Noura', 'Saad'] },
      { extension: [{ url: LANGUAGE, valueCode: 'ar' }], use: 'official', family: 'الحربي', given: ['نورة', 'سعد'] },
    ],
    telecom: [{ system: 'phone', value: '0551234567', use: 'mobile' }],
    gender: 'female',
    birthDate: '1990-02-14',
    managingOrganization: { identifier: { value: 'DEMO' } },
    ...extra,
  });

  const encounter = (visit: string, status: string, period: object, extra: object = {}) => ({
    resourceType: 'Encounter',
    identifier: [{ system: VISIT_SYSTEM, value: visit }],
    status,
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
    participant: [{ individual: { identifier: { value: 'SCFHS-20001' }, display: 'Dr. Reem Al-Qahtani' } }],
    location: [{ location: { display: 'OPD Clinic 4' } }],
    period,
    ...extra,
  });

  it('a Patient reads back as it was sent: identifier system, structured English and Arabic names', async () => {
    const mrn = `K-${uniqueVisit()}`;
    const sent = patient(mrn);
    const created = (await client.create({ resourceType: 'Patient', body: sent })) as any;
    expect(created.id).toEqual(expect.any(String));
    const read = (await client.read({ resourceType: 'Patient', id: created.id })) as any;
    expect(read.identifier[0]).toMatchObject(sent.identifier[0]);
    expect(read.name).toHaveLength(2);
    for (const [i, name] of sent.name.entries()) expect(read.name[i]).toMatchObject(name);
    expect(read.name.map((n: { text: string }) => n.text)).toEqual(['Noura Saad Al-Harbi', 'نورة سعد الحربي']);
    expect(read).toMatchObject({ gender: 'female', birthDate: '1990-02-14', telecom: [{ system: 'phone', value: '+966551234567' }] });
  });

  it('searches Patients by identifier system|value, name, birthdate and phone, as searchset Bundles with a total and paging links', async () => {
    const mrn = `K-${uniqueVisit()}`;
    const family = `Zz${uniqueVisit('F').toLowerCase()}`;
    const created = (await client.create({ resourceType: 'Patient', body: patient(mrn, { name: [{ family, given: ['Layla'] }], telecom: [{ system: 'phone', value: '+966 50 999 0001' }] }) })) as any;

    const byIdentifier = (await client.search({ resourceType: 'Patient', searchParams: { identifier: `${MRN_SYSTEM}|${mrn}` } })) as any;
    expect(byIdentifier).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 1 });
    expect(byIdentifier.entry.map((e: { resource: { id: string } }) => e.resource.id)).toEqual([created.id]);
    expect(byIdentifier.entry[0].fullUrl).toBe(`${api.baseUrl}/fhir/r4/Patient/${created.id}`);
    expect(byIdentifier.link.find((l: { relation: string }) => l.relation === 'self').url).toContain(`identifier=${encodeURIComponent(`${MRN_SYSTEM}|${mrn}`)}`);
    // Another system's identifier with the same value is another identifier.
    expect(((await client.search({ resourceType: 'Patient', searchParams: { identifier: `http://other.example/mrn|${mrn}` } })) as any).total).toBe(0);

    const ids = async (searchParams: Record<string, string>) => ((await client.search({ resourceType: 'Patient', searchParams })) as any).entry?.map((e: { resource: { id: string } }) => e.resource.id) ?? [];
    expect(await ids({ name: family.slice(0, 6) })).toContain(created.id);
    expect(await ids({ name: family, birthdate: '1990-02' })).toEqual([created.id]);
    expect(await ids({ name: family, birthdate: 'gt1990-02-14' })).toEqual([]);
    expect(await ids({ phone: '0509990001' })).toEqual([created.id]);

    for (const n of [1, 2]) await client.create({ resourceType: 'Patient', body: patient(`${mrn}-${n}`, { name: [{ family, given: [`Sibling${n}`] }] }) });
    const first = (await client.search({ resourceType: 'Patient', searchParams: { name: family, _count: 2 } })) as any;
    expect(first.total).toBe(3);
    expect(first.entry).toHaveLength(2);
    expect(first.link.map((l: { relation: string }) => l.relation)).toContain('next');
    const second = (await client.nextPage({ bundle: first })) as any;
    expect(second.entry).toHaveLength(1);
    expect(second.link.map((l: { relation: string }) => l.relation)).not.toContain('next');
    const all = [...first.entry, ...second.entry].map((e: { resource: { id: string } }) => e.resource.id);
    expect(new Set(all).size).toBe(3);

    const unknown = await refusal(client.search({ resourceType: 'Patient', searchParams: { nickname: 'x' } }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.issue[0].diagnostics).toContain('nickname');
  });

  it('one Encounter per visit: create, conditional update and update keep the id, and read answers the latest state', async () => {
    const visit = uniqueVisit('KV');
    const arrived = (await client.create({ resourceType: 'Encounter', body: encounter(visit, 'arrived', { start: '2026-12-01T08:00:00+03:00' }) })) as any;
    expect(arrived).toMatchObject({ resourceType: 'Encounter', status: 'arrived', identifier: [{ system: VISIT_SYSTEM, value: visit }] });

    const finished = (await client.update({
      resourceType: 'Encounter',
      searchParams: { identifier: `${VISIT_SYSTEM}|${visit}` },
      body: encounter(visit, 'finished', { start: '2026-12-01T08:00:00+03:00', end: '2026-12-01T09:15:00+03:00' }),
    })) as any;
    expect(finished.id).toBe(arrived.id);

    const read = (await client.read({ resourceType: 'Encounter', id: arrived.id })) as any;
    expect(read).toMatchObject({
      id: arrived.id,
      status: 'finished',
      class: { code: 'AMB' },
      period: { start: '2026-12-01T05:00:00.000Z', end: '2026-12-01T06:15:00.000Z' },
      participant: [{ individual: { identifier: { value: 'SCFHS-20001' }, display: 'Dr. Reem Al-Qahtani' } }],
      location: [{ location: { display: 'OPD Clinic 4' } }],
      serviceProvider: { identifier: { value: 'DEMO' } },
    });

    const again = (await client.update({ resourceType: 'Encounter', id: arrived.id, body: { ...encounter(visit, 'cancelled', {}), id: arrived.id } })) as any;
    expect(again).toMatchObject({ id: arrived.id, status: 'cancelled' });
    const reposted = (await client.create({ resourceType: 'Encounter', body: encounter(visit, 'in-progress', { start: '2026-12-01T08:00:00+03:00' }) })) as any;
    expect(reposted.id).toBe(arrived.id);

    const found = (await client.search({ resourceType: 'Encounter', searchParams: { identifier: `${VISIT_SYSTEM}|${visit}` } })) as any;
    expect(found.total).toBe(1);
    expect(found.entry[0].resource).toMatchObject({ id: arrived.id, status: 'in-progress' });
    const onDay = (await client.search({ resourceType: 'Encounter', searchParams: { identifier: visit, date: '2026-12-01', status: 'in-progress' } })) as any;
    expect(onDay.total).toBe(1);
    expect(((await client.search({ resourceType: 'Encounter', searchParams: { identifier: visit, date: '2026-11-30' } })) as any).total).toBe(0);
    // Every state went to the inbox as a journey event of the same visit.
    expect(await api.em().count(InboxMessage, { channel: 'fhir', messageType: 'EVENT', controlId: { $like: `${visit}:%` }, status: { $ne: 'failed' } })).toBe(4);
  });

  it('answers every refusal as an OperationOutcome in application/fhir+json: malformed JSON, unknown type, wrong method', async () => {
    const malformed = await refusal(client.request('Patient', { method: 'POST', body: '{"resourceType": "Patient", ', options: { headers: { 'content-type': 'application/fhir+json' } } }));
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toBe('application/fhir+json; charset=utf-8');
    expect(malformed.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'structure' }] });

    const unknownType = await refusal(client.read({ resourceType: 'Observation', id: 'x1' }));
    expect(unknownType.status).toBe(404);
    expect(unknownType.headers.get('content-type')).toBe('application/fhir+json; charset=utf-8');
    expect(unknownType.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'not-found', diagnostics: expect.stringContaining('Observation') }] });

    const wrongMethod = await refusal(client.delete({ resourceType: 'Patient', id: '00000000-0000-4000-8000-000000000000' }));
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('content-type')).toBe('application/fhir+json; charset=utf-8');
    expect(wrongMethod.headers.get('allow')).toContain('PUT');
    expect(wrongMethod.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'not-supported' }] });

    const mrn = `K-${uniqueVisit()}`;
    await client.create({ resourceType: 'Patient', body: patient(mrn) });
    const duplicate = await refusal(client.create({ resourceType: 'Patient', body: patient(mrn) }));
    expect(duplicate.status).toBe(409);
    expect(duplicate.headers.get('content-type')).toBe('application/fhir+json; charset=utf-8');
    expect(duplicate.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'conflict', expression: ['Patient.identifier'] }] });

    const huge = await refusal(client.create({ resourceType: 'Patient', body: patient(`K-${uniqueVisit()}`, { text: { status: 'generated', div: 'x'.repeat(1_100_000) } }) }));
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'too-costly' }] });

    const unauthenticated = await refusal(new Client({ baseUrl: `${api.baseUrl}/fhir/r4` }).search({ resourceType: 'Patient', searchParams: { name: 'a' } }));
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'security' }] });

    const xml = await refusal(client.search({ resourceType: 'Patient', searchParams: { name: 'a', _format: 'xml' } }));
    expect(xml.status).toBe(406);
    expect(xml.body.resourceType).toBe('OperationOutcome');
  });

  it("takes a staff member's bearer token, by role and hospital", async () => {
    const mrn = `K-${uniqueVisit()}`;
    const created = (await client.create({ resourceType: 'Patient', body: patient(mrn) })) as any;
    const staffClient = async (role: string, scope: { hospitalId?: string | null; departmentId?: string | null } = {}) =>
      new Client({ baseUrl: `${api.baseUrl}/fhir/r4`, bearerToken: await api.login((await api.createUser(role, scope)).email) });

    const admin = await staffClient('HOSPITAL_ADMIN');
    const found = (await admin.search({ resourceType: 'Patient', searchParams: { identifier: `${MRN_SYSTEM}|${mrn}` } })) as any;
    expect(found.entry.map((e: { resource: { id: string } }) => e.resource.id)).toEqual([created.id]);
    const visit = uniqueVisit('KB');
    const sent = (await admin.create({ resourceType: 'Encounter', body: encounter(visit, 'arrived', {}, { subject: { reference: `Patient/${created.id}` } }) })) as any;
    expect(sent.subject).toEqual({ reference: `Patient/${created.id}` });
    const byPatient = (await admin.search({ resourceType: 'Encounter', searchParams: { patient: `Patient/${created.id}` } })) as any;
    expect(byPatient.entry.map((e: { resource: { id: string } }) => e.resource.id)).toEqual([sent.id]);

    const coordinator = await staffClient('PX_COORDINATOR');
    expect(((await coordinator.read({ resourceType: 'Patient', id: created.id })) as any).id).toBe(created.id);
    const tooLow = await refusal(coordinator.create({ resourceType: 'Encounter', body: encounter(uniqueVisit('KB'), 'arrived', {}) }));
    expect(tooLow.status).toBe(403);
    expect(tooLow.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'forbidden' }] });

    const viewer = await refusal((await staffClient('VIEWER')).read({ resourceType: 'Patient', id: created.id }));
    expect(viewer.status).toBe(403);
    const north = await api.createHospital(`KN${Date.now() % 100000}`);
    const otherHospital = await refusal((await staffClient('HOSPITAL_ADMIN', { hospitalId: north.id })).read({ resourceType: 'Patient', id: created.id }));
    expect(otherHospital.status).toBe(404);
    const expired = await refusal(new Client({ baseUrl: `${api.baseUrl}/fhir/r4`, bearerToken: 'not-a-token' }).read({ resourceType: 'Patient', id: created.id }));
    expect(expired.status).toBe(401);
  });

  it('declares both credentials, the search parameters, interactions and formats in the CapabilityStatement', async () => {
    const statement = (await client.capabilityStatement()) as any;
    expect(statement.format).toEqual(expect.arrayContaining(['json', 'application/fhir+json']));
    const [rest] = statement.rest;
    expect(rest.security.service.map((s: { coding: { code: string }[] }) => s.coding[0].code)).toEqual(['api-key', 'bearer-token']);
    const params = (type: string) => rest.resource.find((r: { type: string }) => r.type === type).searchParam.map((p: { name: string }) => p.name);
    expect(params('Patient')).toEqual(expect.arrayContaining(['identifier', 'name', 'birthdate', 'phone']));
    expect(params('Encounter')).toEqual(expect.arrayContaining(['identifier', 'patient', 'status', 'date']));
    expect(params('Questionnaire')).toEqual(expect.arrayContaining(['identifier', 'status']));
    expect(params('QuestionnaireResponse')).toEqual(expect.arrayContaining(['patient', 'questionnaire', 'authored']));
    for (const r of rest.resource) expect(r.interaction.map((i: { code: string }) => i.code)).toContain('search-type');
  });

  it('a full-resource Subscription notification turns its Encounter into a journey event; an id-only one is refused', async () => {
    const visit = uniqueVisit('KS');
    const status = (type: string) => ({
      resourceType: 'Parameters',
      parameter: [
        { name: 'subscription', valueReference: { reference: 'https://ehr.example/fhir/Subscription/adt' } },
        { name: 'status', valueCode: 'active' },
        { name: 'type', valueCode: type },
      ],
    });
    const notify = (body: object) => client.request('subscription-notification', { method: 'POST', body, options: { headers: { 'content-type': 'application/fhir+json' } } });

    const handshake = (await notify({ resourceType: 'Bundle', type: 'history', entry: [{ resource: status('handshake') }] })) as any;
    expect(handshake).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'information' }] });

    const full = (await notify({
      resourceType: 'Bundle',
      type: 'history',
      entry: [{ resource: status('event-notification') }, { fullUrl: 'https://ehr.example/fhir/Encounter/e1', resource: encounter(visit, 'in-progress', { start: '2026-12-02T10:00:00+03:00' }) }],
    })) as any;
    expect(full.resourceType).toBe('OperationOutcome');
    const found = (await client.search({ resourceType: 'Encounter', searchParams: { identifier: `${VISIT_SYSTEM}|${visit}` } })) as any;
    expect(found.total).toBe(1);
    expect(found.entry[0].resource.status).toBe('in-progress');
    expect(await api.em().count(InboxMessage, { channel: 'fhir', messageType: 'EVENT', controlId: { $like: `${visit}:%` } })).toBe(1);

    const idOnly = await refusal(notify({ resourceType: 'Bundle', type: 'history', entry: [{ resource: status('event-notification') }, { fullUrl: 'https://ehr.example/fhir/Encounter/e2' }] }));
    expect(idOnly.status).toBe(422);
    expect(idOnly.body.issue[0].diagnostics).toContain('full-resource');
  });
});
