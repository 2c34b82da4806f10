import { Department, Hospital } from '../../../models/entities';
import { startTestApi, type TestApi } from '../../../test/support/testApi';

describe('moving an account between hospitals (PATCH /users/{id} hospitalId)', () => {
  let api: TestApi;
  let demo: Hospital;
  let ed: Department;
  let other: Hospital;
  beforeAll(async () => {
    api = await startTestApi();
    demo = await api.em().findOneOrFail(Hospital, { code: 'DEMO' });
    ed = await api.em().findOneOrFail(Department, { hospitalId: demo.id, code: 'ED' });
    other = await api.createHospital(`MOVE${Date.now() % 100000}`);
  });
  afterAll(() => api.close());

  it('a group-wide PX admin moves a nurse to another hospital; the old department is cleared and the nurse then sees only the new hospital', async () => {
    const nurse = await api.createUser('NURSE', { departmentId: ed.id });
    const otherWard = await api.createDepartment(other.id, 'WARD');
    const admin = await api.adminToken();
    const wrongDepartment = await api.request('PATCH', `/api/v1/users/${nurse.id}`, { token: admin, body: { hospitalId: other.id, departmentId: ed.id } });
    expect(wrongDepartment.status).toBe(400);
    expect(wrongDepartment.body.error.fields[0].field).toBe('departmentId');
    const moved = await api.request('PATCH', `/api/v1/users/${nurse.id}`, { token: admin, body: { hospitalId: other.id } });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ hospitalId: other.id, departmentId: null });
    const withWard = await api.request('PATCH', `/api/v1/users/${nurse.id}`, { token: admin, body: { departmentId: otherWard.id } });
    expect(withWard.body).toMatchObject({ hospitalId: other.id, departmentId: otherWard.id });
    const token = await api.login(nurse.email);
    const hospitals = await api.request('GET', '/api/v1/hospitals', { token });
    expect(hospitals.body.items.map((h: { id: string }) => h.id)).toEqual([other.id]);
  });

  it('refuses a hospital admin (403) and a group-wide account that is not a PX admin (400)', async () => {
    const nurse = await api.createUser('NURSE');
    const hospitalAdmin = await api.login((await api.createUser('HOSPITAL_ADMIN')).email);
    const refused = await api.request('PATCH', `/api/v1/users/${nurse.id}`, { token: hospitalAdmin, body: { hospitalId: other.id } });
    expect(refused.status).toBe(403);
    // Naming the hospital the account already has changes nothing and is allowed.
    expect((await api.request('PATCH', `/api/v1/users/${nurse.id}`, { token: hospitalAdmin, body: { hospitalId: demo.id, fullName: 'Reem Al-Harbi' } })).status).toBe(200);
    const groupWide = await api.request('PATCH', `/api/v1/users/${nurse.id}`, { token: await api.adminToken(), body: { hospitalId: null } });
    expect(groupWide.status).toBe(400);
    expect(groupWide.body.error.fields[0].field).toBe('hospitalId');
  });
});
