import { AuditEvent, InboxMessage, IntegrationSource, Patient } from '../../models/entities';
import { sha256 } from '../auth/tokens';
import { startTestHub, uniqueVisit, type TestHub } from '../../test/support/testHub';

const MRN_SYSTEM = 'http://demo-hospital.sa/mrn';

describe('FHIR R4 /fhir/r4', () => {
  let hub: TestHub;
  const key = 'px_fhir-intake-test-key-0123456789abcdef';
  beforeAll(async () => {
    hub = await startTestHub();
    await hub.api.em().persistAndFlush(Object.assign(new IntegrationSource(), { code: 'EHR_FHIR', name: 'EHR FHIR client', type: 'fhir', apiKeyHash: sha256(key), apiKeyPrefix: key.slice(0, 8) }));
  });
  afterAll(() => hub.close());

  const send = (method: string, path: string, resource?: unknown, headers: Record<string, string> = {}) =>
    hub.api.request(method, `/fhir/r4${path}`, {
      headers: { 'x-api-key': key, ...(resource === undefined ? {} : { 'content-type': 'application/fhir+json' }), ...headers },
      raw: resource === undefined ? undefined : JSON.stringify(resource),
    });

  const patient = (mrn: string, extra: object = {}) => ({
    resourceType: 'Patient',
    identifier: [
      { type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] }, system: MRN_SYSTEM, value: mrn },
      { system: 'http://nphies.sa/identifier/nationalid', value: '1098765432' },
    ],
    name: [{ family: 'الدوسري', given: ['سارة'] }],
    telecom: [{ system: 'phone', value: '+966 50 123-4567', use: 'mobile' }],
    communication: [{ language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'ar-SA' }] }, preferred: true }],
    gender: 'female',
    birthDate: '1988-04-12',
    managingOrganization: { identifier: { value: 'DEMO' } },
    ...extra,
  });

  const encounter = (visit: string, status: string, period: object, subject: object) => ({
    resourceType: 'Encounter',
    identifier: [{ system: 'http://demo-hospital.sa/visit', value: visit }],
    status,
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
    subject,
    participant: [{ individual: { identifier: { value: 'SCFHS-10006' }, display: 'Dr. Sara Al-Ghamdi' } }],
    location: [{ location: { display: 'OPD^101' } }],
    period,
  });

  it('metadata is a CapabilityStatement, public and FHIR JSON', async () => {
    const reply = await hub.api.request('GET', '/fhir/r4/metadata');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('application/fhir+json; charset=utf-8');
    expect(reply.body).toMatchObject({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1' });
    expect(reply.body.format).toContain('json');
    const [rest] = reply.body.rest;
    expect(rest.mode).toBe('server');
    expect(rest.security.service.map((s: { coding: { code: string }[] }) => s.coding[0].code)).toEqual(['api-key', 'bearer-token']);
    expect(rest.security.service[0].text).toBe('X-Api-Key of an integration source');
    for (const type of ['Patient', 'Encounter']) {
      const described = rest.resource.find((r: { type: string }) => r.type === type);
      expect(described.interaction.map((i: { code: string }) => i.code).sort()).toEqual(['create', 'read', 'search-type', 'update']);
      expect(described).toMatchObject({ conditionalCreate: true, conditionalUpdate: true });
    }
    const document = (await hub.api.request('GET', '/api/openapi.json')).body;
    const documented = document.paths;
    expect(Object.keys(documented).filter((p) => p.startsWith('/fhir/r4/')).sort()).toEqual([
      '/fhir/r4/Encounter',
      '/fhir/r4/Encounter/{id}',
      '/fhir/r4/Patient',
      '/fhir/r4/Patient/{id}',
      '/fhir/r4/Questionnaire',
      '/fhir/r4/Questionnaire/{id}',
      '/fhir/r4/QuestionnaireResponse',
      '/fhir/r4/QuestionnaireResponse/{id}',
      '/fhir/r4/metadata',
      '/fhir/r4/subscription-notification',
    ]);
    // Creates answer 201 in FHIR JSON, refusals an OperationOutcome in FHIR JSON.
    const createPatient = documented['/fhir/r4/Patient'].post;
    expect(Object.keys(createPatient.responses['201'].content)).toEqual(['application/fhir+json']);
    expect(createPatient.responses['422'].content['application/fhir+json'].schema.properties.resourceType).toEqual({ const: 'OperationOutcome' });
    expect(Object.keys(createPatient.requestBody.content)).toEqual(['application/fhir+json']);
    expect(rest.resource.find((r: { type: string }) => r.type === 'Questionnaire').interaction).toEqual([{ code: 'read' }, { code: 'search-type' }]);
  });

  it('401 OperationOutcome without a valid API key', async () => {
    for (const apiKey of ['', 'px_wrong']) {
      const reply = await send('POST', '/Patient', patient('NOKEY'), { 'x-api-key': apiKey });
      expect(reply.status).toBe(401);
      expect(reply.headers.get('content-type')).toBe('application/fhir+json; charset=utf-8');
      expect(reply.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'security' }] });
    }
    expect((await send('GET', '/Patient/00000000-0000-4000-8000-000000000000', undefined, { 'x-api-key': '' })).status).toBe(401);
  });

  it('creates a Patient, answers If-None-Exist with it, and a conditional update changes the same record, keeping the Arabic name', async () => {
    const mrn = `F-${uniqueVisit()}`;
    const created = await send('POST', '/Patient', patient(mrn));
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toMatch(new RegExp(`/fhir/r4/Patient/${created.body.id}$`));
    expect(created.body).toMatchObject({ resourceType: 'Patient', gender: 'female', birthDate: '1988-04-12', managingOrganization: { identifier: { value: 'DEMO' } } });
    expect(created.body.meta.lastUpdated).toEqual(expect.any(String));
    expect(created.body.identifier[0]).toMatchObject({ type: { coding: [{ code: 'MR' }] }, value: mrn });

    const again = await send('POST', '/Patient', patient(mrn, { name: [{ text: 'Ignored' }] }), { 'if-none-exist': `identifier=${MRN_SYSTEM}|${mrn}` });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(created.body.id);

    const update = patient(mrn, { name: [{ family: 'Al-Dosari', given: ['Sara'] }], telecom: [{ system: 'phone', value: '0555000111' }, { system: 'email', value: 'sara@example.sa' }] });
    const updated = await send('PUT', `/Patient?identifier=${encodeURIComponent(`${MRN_SYSTEM}|${mrn}`)}`, update);
    expect(updated.status).toBe(200);
    expect(updated.body.id).toBe(created.body.id);
    expect(updated.body.name.map((n: { text: string }) => n.text)).toEqual(['Sara Al-Dosari', 'سارة الدوسري']);

    const rows = await hub.api.em().find(Patient, { mrn });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: created.body.id,
      fullNameAr: 'سارة الدوسري',
      fullNameEn: 'Sara Al-Dosari',
      nationalId: '1098765432',
      phone: '+966555000111',
      email: 'sara@example.sa',
      preferredLanguage: 'ar',
      sex: 'female',
    });
    const audits = await hub.api.em().find(AuditEvent, { entityId: created.body.id, action: 'patient.fhir_upsert' });
    expect(audits.map((a) => a.actorEmail)).toEqual(['source:EHR_FHIR', 'source:EHR_FHIR']);

    const read = await send('GET', `/Patient/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ birthDate: '1988-04-12', gender: 'female' });
    expect(Date.parse(read.body.meta.lastUpdated)).toBeGreaterThan(Date.parse(created.body.meta.lastUpdated));
    expect(read.body.telecom).toEqual([{ system: 'phone', value: '+966555000111', use: 'mobile' }, { system: 'email', value: 'sara@example.sa' }]);
    expect((await send('GET', '/Patient/00000000-0000-4000-8000-000000000000')).body.issue[0].code).toBe('not-found');
  });

  it('a conditional update that matches nothing creates the patient', async () => {
    const mrn = `F-${uniqueVisit()}`;
    const reply = await send('PUT', `/Patient?identifier=${encodeURIComponent(`${MRN_SYSTEM}|${mrn}`)}`, patient(mrn));
    expect(reply.status).toBe(201);
    expect(await hub.api.em().count(Patient, { mrn })).toBe(1);
  });

  it('refuses a Patient without an MRN or for an unknown hospital, naming the element, and records the refusal', async () => {
    const missing = await send('POST', '/Patient', patient('X', { identifier: [{ system: 'http://nphies.sa/identifier/nationalid', value: '1000000001' }] }));
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'invalid', expression: ['Patient.identifier'] }] });

    const wrongType = await send('POST', '/Patient', patient(`F-${uniqueVisit()}`, { gender: 'f', name: [{ given: 'Sara' }] }));
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.issue.map((i: { expression: string[] }) => i.expression[0]).sort()).toEqual(['Patient.gender', 'Patient.name[0].given']);

    const unknown = await send('POST', '/Patient', patient(`F-${uniqueVisit()}`, { managingOrganization: { identifier: { value: 'NOWHERE' } } }));
    expect(unknown.status).toBe(422);
    expect(unknown.body.issue[0]).toMatchObject({ code: 'processing', expression: ['Patient.managingOrganization'] });

    const refused = await hub.api.em().find(InboxMessage, { channel: 'fhir', status: 'failed', messageType: 'PATIENT' }, { orderBy: { seq: 'asc' } });
    expect(refused.map((m) => m.error)).toEqual([
      expect.stringContaining('Patient.identifier'),
      expect.stringContaining('Patient.gender'),
      expect.stringContaining('Patient.managingOrganization'),
    ]);
  });

  it('Encounter events drive the OPD journey to completion; an identical re-send adds no inbox row', async () => {
    const created = await send('POST', '/Patient', patient(`F-${uniqueVisit()}`));
    const visit = uniqueVisit('FV');
    const where = `/Encounter?identifier=${encodeURIComponent(`http://demo-hospital.sa/visit|${visit}`)}`;
    const subject = { reference: `Patient/${created.body.id}` };

    const arrived = await send('PUT', where, encounter(visit, 'in-progress', { start: '2026-11-29T08:00:00+03:00' }, subject));
    expect(arrived.status).toBe(201);
    expect(arrived.body).toMatchObject({ resourceType: 'Encounter', status: 'in-progress', identifier: [{ value: visit }] });
    expect(arrived.headers.get('location')).toMatch(new RegExp(`/fhir/r4/Encounter/${arrived.body.id}$`));

    const finishedResource = encounter(visit, 'finished', { start: '2026-11-29T08:00:00+03:00', end: '2026-11-29T09:30:00+03:00' }, subject);
    const finished = await send('PUT', where, finishedResource);
    expect(finished.status).toBe(200);
    // One Encounter per visit: the later state keeps the id the first one got.
    expect(finished.body.id).toBe(arrived.body.id);
    expect(finished.body.status).toBe('finished');

    const resent = await send('PUT', where, finishedResource);
    expect(resent.status).toBe(200);
    expect(resent.body.id).toBe(finished.body.id);
    const rows = await hub.api.em().find(InboxMessage, { channel: 'fhir', controlId: { $like: `${visit}:%` } }, { orderBy: { seq: 'asc' } });
    expect(rows.map((r) => [r.controlId, r.duplicates])).toEqual([
      [`${visit}:in-progress:2026-11-29T08:00:00+03:00/`, 0],
      [`${visit}:finished:2026-11-29T08:00:00+03:00/2026-11-29T09:30:00+03:00`, 1],
    ]);

    const token = await hub.api.adminToken();
    let listed;
    for (let i = 0; i < 75 && listed?.status !== 'completed'; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 200));
      listed = (await hub.api.request('GET', `/api/v1/encounters?visitNumber=${visit}`, { token })).body.items[0];
    }
    expect(listed).toMatchObject({ hospitalCode: 'DEMO', journey: 'OPD', status: 'completed', patientId: created.body.id, patientClass: 'O' });

    const read = await send('GET', `/Encounter/${arrived.body.id}`);
    expect(read.body).toMatchObject({
      resourceType: 'Encounter',
      id: arrived.body.id,
      identifier: [{ system: 'http://demo-hospital.sa/visit', value: visit }],
      status: 'finished',
      subject: { reference: `Patient/${created.body.id}` },
      participant: [{ individual: { identifier: { value: 'SCFHS-10006' } } }],
      location: [{ location: { display: 'OPD^101' } }],
      class: { code: 'AMB' },
      period: { start: '2026-11-29T05:00:00.000Z', end: '2026-11-29T06:30:00.000Z' },
      serviceProvider: { identifier: { value: 'DEMO' } },
    });
  });

  it('refuses Encounters it cannot map, naming the element', async () => {
    const visit = uniqueVisit('FV');
    const noVisit = await send('POST', '/Encounter', { ...encounter(visit, 'in-progress', {}, {}), identifier: [] });
    expect(noVisit.status).toBe(400);
    expect(noVisit.body.issue[0].expression).toEqual(['Encounter.identifier']);
    const onLeave = await send('POST', '/Encounter', encounter(visit, 'onleave', {}, {}));
    expect(onLeave.status).toBe(422);
    expect(onLeave.body.issue[0].expression).toEqual(['Encounter.status']);
    const strangerPatient = await send('POST', '/Encounter', encounter(visit, 'in-progress', {}, { reference: 'Patient/00000000-0000-4000-8000-000000000000' }));
    expect(strangerPatient.status).toBe(422);
    expect(strangerPatient.body.issue[0].expression).toEqual(['Encounter.subject']);
    expect(await hub.api.em().count(InboxMessage, { channel: 'fhir', status: 'failed', messageType: 'EVENT' })).toBe(3);
  });
});
