import { AuditEvent, EventMapping, Hospital } from '../../../models/entities';
import { startTestApi, type TestApi } from '../../../test/support/testApi';

const PATH = '/api/v1/integration/event-mappings';

describe('event mappings', () => {
  let api: TestApi;
  let token: string;
  let demo: Hospital;
  let demoAdminToken: string;

  beforeAll(async () => {
    api = await startTestApi();
    token = await api.adminToken();
    demo = await api.em().findOneOrFail(Hospital, { code: 'DEMO' });
    demoAdminToken = await api.login((await api.createUser('HOSPITAL_ADMIN', { hospitalId: demo.id })).email);
  });
  afterAll(() => api.close());

  const rule = { messageType: 'ADT', triggerEvent: 'A04', patientClass: 'P', eventCode: 'OPD_CHECK_IN' };
  const createSource = async (body: object) => (await api.request('POST', '/api/v1/integration/sources', { token, body })).body;

  it('401 without a token; 403 below hospital admin, and for hospital admins changing rules', async () => {
    expect((await api.request('GET', PATH)).status).toBe(401);
    const staff = await api.login((await api.createUser('PX_COORDINATOR')).email);
    expect((await api.request('GET', PATH, { token: staff })).status).toBe(403);
    expect((await api.request('POST', PATH, { token: demoAdminToken, body: rule })).status).toBe(403);
    const anyRule = await api.em().findOneOrFail(EventMapping, { messageType: 'ADT', triggerEvent: 'A01' });
    expect((await api.request('PATCH', `${PATH}/${anyRule.id}`, { token: demoAdminToken, body: { priority: 5 } })).status).toBe(403);
    expect((await api.request('DELETE', `${PATH}/${anyRule.id}`, { token: demoAdminToken })).status).toBe(403);
  });

  it('400 names the bad field: an unknown event code, a malformed type or trigger, an unknown source', async () => {
    const unknownCode = await api.request('POST', PATH, { token, body: { ...rule, eventCode: 'TELEPORTED' } });
    expect(unknownCode.status).toBe(400);
    expect(unknownCode.body.error.fields).toHaveLength(1);
    expect(unknownCode.body.error.fields[0].field).toBe('eventCode');
    expect(unknownCode.body.error.fields[0].message).toMatch(/^must be one of ED_ARRIVAL, /);

    const malformed = await api.request('POST', PATH, { token, body: { ...rule, messageType: 'adt', triggerEvent: 'A-04', priority: 1.5 } });
    expect(malformed.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['messageType', 'priority', 'triggerEvent']);

    const unknownSource = await api.request('POST', PATH, { token, body: { ...rule, sourceId: '00000000-0000-4000-8000-000000000003' } });
    expect(unknownSource.status).toBe(400);
    expect(unknownSource.body.error.fields).toEqual([{ field: 'sourceId', message: 'is not a known integration source' }]);
  });

  it('lists the seeded rules with filters and paging', async () => {
    const a04 = await api.request('GET', `${PATH}?messageType=ADT&triggerEvent=A04`, { token: demoAdminToken });
    expect(a04.status).toBe(200);
    expect(a04.body.items.map((m: { eventCode: string }) => m.eventCode).sort()).toEqual(['ED_ARRIVAL', 'OPD_CHECK_IN', 'REGISTRATION']);
    const radiology = await api.request('GET', `${PATH}?eventCode=RADIOLOGY_RESULTED&limit=5&offset=5`, { token });
    expect(radiology.body).toMatchObject({ total: 12, limit: 5, offset: 5 });
    expect(radiology.body.items).toHaveLength(5);
    expect(radiology.body.items[0]).toMatchObject({ messageType: 'ORU', triggerEvent: 'R01', sourceId: null, priority: 0, active: true });
  });

  it('creates, changes and hard-deletes a source-specific rule, auditing each step', async () => {
    const source = await createSource({ code: 'LEGACY_HIS', name: 'Legacy HIS', type: 'mllp', hospitalId: demo.id, sendingApplication: 'LEGACY' });
    const created = await api.request('POST', PATH, { token, body: { messageType: 'ADT', triggerEvent: '*', eventCode: 'DEMOGRAPHICS_UPDATE', sourceId: source.id } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ triggerEvent: '*', priority: 0, active: true, sourceId: source.id, patientClass: null, serviceSection: null });
    const { id } = created.body;
    expect((await api.request('GET', `${PATH}?sourceId=${source.id}`, { token })).body.items.map((m: { id: string }) => m.id)).toEqual([id]);

    const changed = await api.request('PATCH', `${PATH}/${id}`, { token, body: { priority: 10, active: false } });
    expect(changed.body).toMatchObject({ priority: 10, active: false, eventCode: 'DEMOGRAPHICS_UPDATE' });

    expect((await api.request('DELETE', `${PATH}/${id}`, { token })).status).toBe(204);
    expect((await api.request('GET', `${PATH}/${id}`, { token })).status).toBe(404);
    expect(await api.em().count(EventMapping, { id })).toBe(0);
    const audit = await api.em().find(AuditEvent, { entityId: id }, { orderBy: { occurredAt: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['event_mapping.create', 'event_mapping.update', 'event_mapping.delete']);
    expect(audit.every((a) => a.hospitalId === demo.id)).toBe(true);
    expect(audit[1].before).toMatchObject({ priority: 0, active: true });
    expect(audit[2].before).toMatchObject({ id, priority: 10, sourceId: source.id });
  });

  it("a hospital admin does not see rules of another hospital's source", async () => {
    const north = await api.createHospital('NORTH');
    const source = await createSource({ code: 'NORTH_HIS', name: 'North HIS', type: 'mllp', hospitalId: north.id, sendingApplication: 'NORTHHIS' });
    const northRule = (await api.request('POST', PATH, { token, body: { ...rule, sourceId: source.id } })).body;
    expect((await api.request('GET', `${PATH}/${northRule.id}`, { token: demoAdminToken })).status).toBe(404);
    expect((await api.request('GET', `${PATH}?sourceId=${source.id}`, { token: demoAdminToken })).body.total).toBe(0);
    expect((await api.request('GET', `${PATH}?sourceId=${source.id}`, { token })).body.total).toBe(1);
  });
});
