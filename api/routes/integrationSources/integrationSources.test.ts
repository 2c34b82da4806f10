import { AuditEvent, Hospital, IntegrationSource } from '../../../models/entities';
import { startTestApi, type TestApi } from '../../../test/support/testApi';
import { sha256 } from '../../auth/tokens';

const PATH = '/api/v1/integration/sources';

describe('integration sources', () => {
  let api: TestApi;
  let token: string;
  let demo: Hospital;
  let north: Hospital;
  let demoAdminToken: string;

  beforeAll(async () => {
    api = await startTestApi();
    token = await api.adminToken();
    demo = await api.em().findOneOrFail(Hospital, { code: 'DEMO' });
    north = await api.createHospital('NORTH');
    demoAdminToken = await api.login((await api.createUser('HOSPITAL_ADMIN', { hospitalId: demo.id })).email);
  });
  afterAll(() => api.close());

  const create = (body: object, as = token) => api.request('POST', PATH, { token: as, body });

  it('401 without a token; 403 below hospital admin, and for hospital admins changing anything', async () => {
    expect((await api.request('GET', PATH)).status).toBe(401);
    const staff = await api.login((await api.createUser('STAFF')).email);
    expect((await api.request('GET', PATH, { token: staff })).status).toBe(403);
    expect((await create({ code: 'NOPE', name: 'Nope', type: 'rest' }, demoAdminToken)).status).toBe(403);
    const someId = '00000000-0000-4000-8000-000000000001';
    expect((await api.request('POST', `${PATH}/${someId}/rotate-key`, { token: demoAdminToken })).status).toBe(403);
    expect((await api.request('PATCH', `${PATH}/${someId}`, { token: demoAdminToken, body: { name: 'x' } })).status).toBe(403);
    expect((await api.request('DELETE', `${PATH}/${someId}`, { token: demoAdminToken })).status).toBe(403);
  });

  it('400 names each bad field', async () => {
    const reply = await create({ code: 'x', name: '', type: 'smtp', defaultCharset: 'UTF-16', secret: 1 });
    expect(reply.status).toBe(400);
    expect(reply.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['code', 'defaultCharset', 'name', 'secret', 'type']);
    const msh3OnRest = await create({ code: 'REST_MSH3', name: 'REST', type: 'rest', sendingApplication: 'LIS' });
    expect(msh3OnRest.status).toBe(400);
    expect(msh3OnRest.body.error.fields).toEqual([{ field: 'sendingApplication', message: 'applies only to mllp sources' }]);
    expect((await create({ code: 'UNKNOWN_H', name: 'X', type: 'rest', hospitalId: '00000000-0000-4000-8000-000000000002' })).status).toBe(404);
  });

  it('a REST source gets its API key once; only the SHA-256 hash and a prefix are stored', async () => {
    const reply = await create({ code: 'LIS_REST', name: 'Laboratory system', type: 'rest', hospitalId: demo.id });
    expect(reply.status).toBe(201);
    const { apiKey, id } = reply.body;
    expect(apiKey).toMatch(/^px_[A-Za-z0-9_-]{43}$/);
    expect(reply.body).toMatchObject({ code: 'LIS_REST', type: 'rest', hospitalId: demo.id, apiKeyPrefix: apiKey.slice(0, 8), defaultCharset: 'UTF-8', active: true });
    expect(new Date(reply.body.createdAt).toISOString()).toBe(reply.body.createdAt);

    const row = await api.em().findOneOrFail(IntegrationSource, { id });
    expect(row.apiKeyHash).toBe(sha256(apiKey));
    expect(row.apiKeyPrefix).toBe(apiKey.slice(0, 8));
    expect(JSON.stringify(row)).not.toContain(apiKey);

    const one = await api.request('GET', `${PATH}/${id}`, { token });
    expect(one.body.apiKey).toBeUndefined();
    expect(one.body.apiKeyHash).toBeUndefined();
    expect(one.body.apiKeyPrefix).toBe(apiKey.slice(0, 8));
    const list = await api.request('GET', `${PATH}?code=LIS_REST`, { token });
    expect(list.body).toMatchObject({ total: 1, limit: 50, offset: 0 });
    expect(JSON.stringify(list.body)).not.toContain(apiKey);

    const audit = await api.em().findOneOrFail(AuditEvent, { entityId: id, action: 'integration_source.create' });
    expect(audit.hospitalId).toBe(demo.id);
    expect(JSON.stringify(audit)).not.toContain(apiKey);
  });

  it('rotating the key returns a new one and invalidates the old hash', async () => {
    const created = (await create({ code: 'FHIR_GW', name: 'FHIR gateway', type: 'fhir' })).body;
    const rotated = await api.request('POST', `${PATH}/${created.id}/rotate-key`, { token });
    expect(rotated.status).toBe(200);
    expect(rotated.body.apiKey).toMatch(/^px_/);
    expect(rotated.body.apiKey).not.toBe(created.apiKey);
    expect(rotated.body).toMatchObject({ id: created.id, apiKeyPrefix: rotated.body.apiKey.slice(0, 8) });
    const em = api.em();
    expect((await em.findOneOrFail(IntegrationSource, { id: created.id })).apiKeyHash).toBe(sha256(rotated.body.apiKey));
    expect(await em.count(IntegrationSource, { apiKeyHash: sha256(created.apiKey) })).toBe(0);
    const audit = await em.findOneOrFail(AuditEvent, { entityId: created.id, action: 'integration_source.rotate_key' });
    expect(audit.before).toMatchObject({ apiKeyPrefix: created.apiKeyPrefix });
    expect(audit.after).toMatchObject({ apiKeyPrefix: rotated.body.apiKeyPrefix });
  });

  it('an MLLP source has no key and is recognised by an MSH-3 no other live source claims', async () => {
    const mllp = await create({ code: 'HIS_MLLP', name: 'HIS interface engine', type: 'mllp', hospitalId: demo.id, sendingApplication: 'HIS', defaultCharset: 'ISO-8859-6' });
    expect(mllp.status).toBe(201);
    expect(mllp.body).toMatchObject({ sendingApplication: 'HIS', defaultCharset: 'ISO-8859-6', apiKeyPrefix: null });
    expect(mllp.body.apiKey).toBeUndefined();
    expect((await api.request('POST', `${PATH}/${mllp.body.id}/rotate-key`, { token })).status).toBe(409);
    expect((await create({ code: 'HIS_AGAIN', name: 'Same sender', type: 'mllp', sendingApplication: 'his' })).status).toBe(409);
    expect((await create({ code: 'HIS_MLLP', name: 'Same code', type: 'fhir' })).status).toBe(409);
  });

  it("a hospital admin sees their hospital's and group-wide sources, and 404 for another hospital's", async () => {
    const northSource = (await create({ code: 'NORTH_REST', name: 'North portal', type: 'rest', hospitalId: north.id })).body;
    const groupWide = (await create({ code: 'GROUP_FHIR', name: 'Group FHIR hub', type: 'fhir' })).body;
    expect(groupWide.hospitalId).toBeNull();

    const list = await api.request('GET', PATH, { token: demoAdminToken });
    const codes = list.body.items.map((s: { code: string }) => s.code);
    expect(codes).toEqual(expect.arrayContaining(['GROUP_FHIR', 'LIS_REST']));
    expect(codes).not.toContain('NORTH_REST');
    expect((await api.request('GET', `${PATH}?hospitalId=${north.id}`, { token: demoAdminToken })).body.total).toBe(0);
    expect((await api.request('GET', `${PATH}/${northSource.id}`, { token: demoAdminToken })).status).toBe(404);
    expect((await api.request('GET', `${PATH}/${groupWide.id}`, { token: demoAdminToken })).status).toBe(200);
    expect((await api.request('GET', `${PATH}/${northSource.id}`, { token })).status).toBe(200);
  });

  it('PATCH changes a source and DELETE hides it and drops its key, both audited', async () => {
    const created = (await create({ code: 'PORTAL', name: 'Patient portal', type: 'rest', hospitalId: demo.id })).body;
    const changed = await api.request('PATCH', `${PATH}/${created.id}`, { token, body: { name: 'Patient portal v2', active: false } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: 'Patient portal v2', active: false, code: 'PORTAL' });
    expect((await api.request('PATCH', `${PATH}/${created.id}`, { token, body: { type: 'mllp' } })).status).toBe(400);

    expect((await api.request('DELETE', `${PATH}/${created.id}`, { token })).status).toBe(204);
    expect((await api.request('GET', `${PATH}/${created.id}`, { token })).status).toBe(404);
    const row = await api.em().findOneOrFail(IntegrationSource, { id: created.id });
    expect(row.deletedAt).toBeInstanceOf(Date);
    expect(row.apiKeyHash).toBeNull();

    const actions = (await api.em().find(AuditEvent, { entityId: created.id }, { orderBy: { occurredAt: 'asc' } })).map((a) => a.action);
    expect(actions).toEqual(['integration_source.create', 'integration_source.update', 'integration_source.delete']);
    const update = await api.em().findOneOrFail(AuditEvent, { entityId: created.id, action: 'integration_source.update' });
    expect(update.before).toMatchObject({ name: 'Patient portal', active: true });
    expect(update.after).toMatchObject({ name: 'Patient portal v2', active: false });
  });
});
