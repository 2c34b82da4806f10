import { Department, Hospital, Physician } from '../../models/entities';
import { startTestApi, type TestApi } from '../../test/support/testApi';

describe('hospital and department scoping', () => {
  let api: TestApi;
  let demo: Hospital;
  let north: Hospital;
  let northPatient: { id: string; mrn: string };
  let demoAdminToken: string;

  beforeAll(async () => {
    api = await startTestApi();
    demo = await api.em().findOneOrFail(Hospital, { code: 'DEMO' });
    north = await api.createHospital('NORTH');
    const admin = await api.adminToken();
    northPatient = (await api.request('POST', '/api/v1/patients', { token: admin, body: { hospitalId: north.id, mrn: 'N-1001', fullNameEn: 'Fahad Al-Mutairi', phone: '+966501112233' } })).body;
    await api.request('POST', '/api/v1/patients', { token: admin, body: { hospitalId: demo.id, mrn: 'D-2001', fullNameEn: 'Huda Al-Zahrani' } });
    demoAdminToken = await api.login((await api.createUser('HOSPITAL_ADMIN', { hospitalId: demo.id })).email);
  });
  afterAll(() => api.close());

  it("a hospital admin gets 404 for another hospital's patient, whatever the verb", async () => {
    const path = `/api/v1/patients/${northPatient.id}`;
    expect((await api.request('GET', path, { token: demoAdminToken })).status).toBe(404);
    expect((await api.request('PATCH', path, { token: demoAdminToken, body: { phone: '+966500000000' } })).status).toBe(404);
    expect((await api.request('DELETE', path, { token: demoAdminToken })).status).toBe(404);
    const stillThere = await api.request('GET', path, { token: await api.adminToken() });
    expect(stillThere.body).toMatchObject({ mrn: 'N-1001', phone: '+966501112233' });
  });

  it("never lists another hospital's patients, even when asked by code or id", async () => {
    const all = await api.request('GET', '/api/v1/patients', { token: demoAdminToken });
    expect(all.body.items.map((p: { mrn: string }) => p.mrn)).toEqual(['D-2001']);
    const byCode = await api.request('GET', '/api/v1/patients?hospitalCode=NORTH&mrn=N-1001', { token: demoAdminToken });
    expect(byCode.body).toMatchObject({ items: [], total: 0 });
    const byId = await api.request('GET', `/api/v1/patients?hospitalId=${north.id}`, { token: demoAdminToken });
    expect(byId.body).toMatchObject({ items: [], total: 0 });
  });

  it('the PX admin sees every hospital and filters by hospital code and MRN', async () => {
    const token = await api.adminToken();
    const found = await api.request('GET', '/api/v1/patients?hospitalCode=NORTH&mrn=N-1001', { token });
    expect(found.body.total).toBe(1);
    expect(found.body.items[0].id).toBe(northPatient.id);
    expect((await api.request('GET', '/api/v1/hospitals', { token })).body.total).toBe(2);
    expect((await api.request('GET', '/api/v1/hospitals?code=NORTH', { token })).body.items.map((h: Hospital) => h.code)).toEqual(['NORTH']);
  });

  it('a hospital admin sees only their hospital and cannot create records in another', async () => {
    const hospitals = await api.request('GET', '/api/v1/hospitals', { token: demoAdminToken });
    expect(hospitals.body.items.map((h: Hospital) => h.code)).toEqual(['DEMO']);
    expect((await api.request('GET', `/api/v1/hospitals/${north.id}`, { token: demoAdminToken })).status).toBe(404);
    const intoNorth = await api.request('POST', '/api/v1/patients', { token: demoAdminToken, body: { hospitalId: north.id, mrn: 'X-1' } });
    expect(intoNorth.status).toBe(404);
    const ownByDefault = await api.request('POST', '/api/v1/patients', { token: demoAdminToken, body: { mrn: 'D-2002' } });
    expect(ownByDefault.status).toBe(201);
    expect(ownByDefault.body.hospitalId).toBe(demo.id);
  });

  it("a record cannot point at another hospital's department", async () => {
    const northDept = await api.createDepartment(north.id, 'ICU');
    const reply = await api.request('POST', '/api/v1/physicians', { token: demoAdminToken, body: { licenseNo: 'L-X', fullNameEn: 'Dr. X', departmentId: northDept.id } });
    expect(reply.status).toBe(400);
    expect(reply.body.error.fields).toEqual([{ field: 'departmentId', message: 'must be a department of the same hospital' }]);
  });

  it('a department manager sees only their department and the units below it', async () => {
    const em = api.em();
    const im = await em.findOneOrFail(Department, { hospitalId: demo.id, code: 'IM' });
    const manager = await api.createUser('DEPARTMENT_MANAGER', { hospitalId: demo.id, departmentId: im.id });
    const edNurse = await api.createUser('NURSE', { hospitalId: demo.id, departmentId: (await em.findOneOrFail(Department, { hospitalId: demo.id, code: 'ED' })).id });
    const cardNurse = await api.createUser('NURSE', { hospitalId: demo.id, departmentId: (await em.findOneOrFail(Department, { hospitalId: demo.id, code: 'CARD' })).id });
    const token = await api.login(manager.email);

    const departments = await api.request('GET', '/api/v1/departments', { token });
    expect(departments.body.items.map((d: Department) => d.code).sort()).toEqual(['CARD', 'IM']);
    const physicians = await api.request('GET', '/api/v1/physicians', { token });
    expect(physicians.body.items.map((p: Physician) => p.specialty).sort()).toEqual(['Cardiology', 'Internal Medicine']);
    const edDoctor = await em.findOneOrFail(Physician, { licenseNo: 'SCFHS-10001' });
    expect((await api.request('GET', `/api/v1/physicians/${edDoctor.id}`, { token })).status).toBe(404);

    const users = await api.request('GET', '/api/v1/users', { token });
    const ids = users.body.items.map((u: { id: string }) => u.id);
    expect(ids).toContain(cardNurse.id);
    expect(ids).toContain(manager.id);
    expect(ids).not.toContain(edNurse.id);
    expect((await api.request('GET', `/api/v1/users/${edNurse.id}`, { token })).status).toBe(404);
  });
});
