import { Department, Hospital } from '../../models/entities';
import { startTestApi, type TestApi } from '../../test/support/testApi';

/**
 * What each of the eight roles may and may not do, through the real API. Rows: operation and the
 * lowest level allowed; every role below it must get 403, every role at or above it success.
 */
describe('role permissions', () => {
  let api: TestApi;
  let demo: Hospital;
  let ed: Department;
  beforeAll(async () => {
    api = await startTestApi();
    demo = await api.em().findOneOrFail(Hospital, { code: 'DEMO' });
    ed = await api.em().findOneOrFail(Department, { hospitalId: demo.id, code: 'ED' });
  });
  afterAll(() => api.close());

  const roles = [
    ['PX_ADMIN', 100],
    ['HOSPITAL_ADMIN', 80],
    ['DEPARTMENT_MANAGER', 60],
    ['PX_COORDINATOR', 50],
    ['PHYSICIAN', 40],
    ['NURSE', 30],
    ['STAFF', 20],
    ['VIEWER', 10],
  ] as const;

  type Operation = { name: string; minLevel: number; success: number; call: (token: string, tag: string) => ReturnType<TestApi['request']> };
  const operations: Operation[] = [
    { name: 'list hospitals', minLevel: 10, success: 200, call: (t) => api.request('GET', '/api/v1/hospitals', { token: t }) },
    { name: 'list physicians', minLevel: 10, success: 200, call: (t) => api.request('GET', '/api/v1/physicians', { token: t }) },
    { name: 'list roles', minLevel: 10, success: 200, call: (t) => api.request('GET', '/api/v1/roles', { token: t }) },
    { name: 'list patients', minLevel: 20, success: 200, call: (t) => api.request('GET', '/api/v1/patients', { token: t }) },
    { name: 'create patient', minLevel: 50, success: 201, call: (t, tag) => api.request('POST', '/api/v1/patients', { token: t, body: { hospitalId: demo.id, mrn: `MRN-${tag}` } }) },
    { name: 'list users', minLevel: 60, success: 200, call: (t) => api.request('GET', '/api/v1/users', { token: t }) },
    { name: 'create department', minLevel: 80, success: 201, call: (t, tag) => api.request('POST', '/api/v1/departments', { token: t, body: { hospitalId: demo.id, code: `D-${tag}`, nameEn: 'Dialysis', nameAr: 'غسيل الكلى' } }) },
    { name: 'create physician', minLevel: 80, success: 201, call: (t, tag) => api.request('POST', '/api/v1/physicians', { token: t, body: { hospitalId: demo.id, departmentId: ed.id, licenseNo: `L-${tag}`, fullNameEn: 'Dr. Test' } }) },
    { name: 'create user', minLevel: 80, success: 201, call: (t, tag) => api.request('POST', '/api/v1/users', { token: t, body: { email: `new.${tag}@px360.test`, password: 'long-enough-password', fullName: 'New Viewer', role: 'VIEWER', hospitalId: demo.id } }) },
    { name: 'rename own hospital', minLevel: 80, success: 200, call: (t) => api.request('PATCH', `/api/v1/hospitals/${demo.id}`, { token: t, body: { nameEn: 'PX360 Demo General Hospital' } }) },
    { name: 'read audit trail', minLevel: 80, success: 200, call: (t) => api.request('GET', '/api/v1/audit-events', { token: t }) },
    { name: 'create hospital', minLevel: 100, success: 201, call: (t, tag) => api.request('POST', '/api/v1/hospitals', { token: t, body: { code: `H-${tag}`.toUpperCase(), nameEn: 'North', nameAr: 'الشمال' } }) },
    { name: 'create role', minLevel: 100, success: 201, call: (t, tag) => api.request('POST', '/api/v1/roles', { token: t, body: { code: `ROLE_${tag}`.toUpperCase(), level: 45, nameEn: 'Charge nurse', nameAr: 'رئيسة التمريض' } }) },
  ];

  it.each(roles)('%s (level %i) can do exactly what its level allows', async (role, level) => {
    const user = await api.createUser(role, role === 'PX_ADMIN' ? { hospitalId: null } : {});
    const token = await api.login(user.email);
    const outcome: Record<string, number> = {};
    const expected: Record<string, number> = {};
    for (const op of operations) {
      outcome[op.name] = (await op.call(token, `${role}${Date.now() % 100000}`.replace(/_/g, ''))).status;
      expected[op.name] = level >= op.minLevel ? op.success : 403;
    }
    expect(outcome).toEqual(expected);
  });

  it('a hospital admin grants only roles below their own', async () => {
    const admin = await api.createUser('HOSPITAL_ADMIN');
    const token = await api.login(admin.email);
    const make = (role: string, n: number) =>
      api.request('POST', '/api/v1/users', { token, body: { email: `grant.${n}@px360.test`, password: 'long-enough-password', fullName: 'Someone', role } });
    expect((await make('PX_ADMIN', 1)).status).toBe(403);
    expect((await make('HOSPITAL_ADMIN', 2)).status).toBe(403);
    const manager = await make('DEPARTMENT_MANAGER', 3);
    expect(manager.status).toBe(201);
    expect(manager.body).toMatchObject({ role: 'DEPARTMENT_MANAGER', hospitalId: demo.id });
    expect(manager.body.passwordHash).toBeUndefined();

    const peer = await api.createUser('HOSPITAL_ADMIN');
    expect((await api.request('PATCH', `/api/v1/users/${peer.id}`, { token, body: { fullName: 'Renamed' } })).status).toBe(403);
    expect((await api.request('DELETE', `/api/v1/users/${peer.id}`, { token })).status).toBe(403);
    expect((await api.request('PATCH', `/api/v1/users/${manager.body.id}`, { token, body: { role: 'HOSPITAL_ADMIN' } })).status).toBe(403);
  });

  it('built-in roles keep their level and cannot be deleted', async () => {
    const token = await api.adminToken();
    const list = await api.request('GET', '/api/v1/roles', { token });
    const builtIn = list.body.items.filter((r: { system: boolean }) => r.system);
    expect(builtIn.map((r: { code: string }) => r.code)).toEqual(roles.map(([code]) => code));
    const nurse = list.body.items.find((r: { code: string }) => r.code === 'NURSE');
    expect((await api.request('PATCH', `/api/v1/roles/${nurse.id}`, { token, body: { level: 70 } })).status).toBe(400);
    expect((await api.request('DELETE', `/api/v1/roles/${nurse.id}`, { token })).status).toBe(409);
    const renamed = await api.request('PATCH', `/api/v1/roles/${nurse.id}`, { token, body: { nameEn: 'Registered Nurse' } });
    expect(renamed.body).toMatchObject({ nameEn: 'Registered Nurse', level: 30 });

    const custom = await api.request('POST', '/api/v1/roles', { token, body: { code: 'QUALITY_AUDITOR', level: 55, nameEn: 'Quality auditor', nameAr: 'مدقق الجودة' } });
    expect(custom.status).toBe(201);
    const unused = await api.request('POST', '/api/v1/roles', { token, body: { code: 'UNUSED_ROLE', level: 15, nameEn: 'Unused', nameAr: 'غير مستخدم' } });
    await api.createUser('QUALITY_AUDITOR');
    expect((await api.request('DELETE', `/api/v1/roles/${custom.body.id}`, { token })).status).toBe(409);
    expect((await api.request('DELETE', `/api/v1/roles/${unused.body.id}`, { token })).status).toBe(204);
  });
});
