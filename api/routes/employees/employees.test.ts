import { AuditEvent, Hospital } from '../../../models/entities';
import { startTestApi, type TestApi } from '../../../test/support/testApi';

const PATH = '/api/v1/employees';

describe('employees', () => {
  let api: TestApi;
  let demo: Hospital;
  let north: Hospital;
  let admin: string;
  let coordinator: string;
  let viewer: string;
  let edViewer: string;
  let northAdmin: string;
  let edId: string;
  let labId: string;
  let northDepartmentId: string;

  beforeAll(async () => {
    api = await startTestApi();
    demo = await api.em().findOneOrFail(Hospital, { code: 'DEMO' });
    north = await api.createHospital('NORTHEMP');
    const ed = await api.createDepartment(demo.id, 'EMP-ED');
    const triage = await api.createDepartment(demo.id, 'EMP-TRIAGE', ed.id);
    const lab = await api.createDepartment(demo.id, 'EMP-LAB');
    edId = triage.id;
    labId = lab.id;
    northDepartmentId = (await api.createDepartment(north.id, 'EMP-N')).id;
    admin = await api.login((await api.createUser('HOSPITAL_ADMIN')).email);
    coordinator = await api.login((await api.createUser('PX_COORDINATOR')).email);
    viewer = await api.login((await api.createUser('VIEWER')).email);
    edViewer = await api.login((await api.createUser('VIEWER', { departmentId: ed.id })).email);
    northAdmin = await api.login((await api.createUser('HOSPITAL_ADMIN', { hospitalId: north.id })).email);
  });
  afterAll(() => api.close());

  const body = { employeeNo: 'E-1001', fullNameEn: 'Huda Al-Shehri', fullNameAr: 'هدى الشهري', jobTitle: 'Charge nurse' };

  it('401 without a token; 403 below hospital admin for changes, while viewers read', async () => {
    expect((await api.request('GET', PATH)).status).toBe(401);
    expect((await api.request('POST', PATH, { body })).status).toBe(401);
    expect((await api.request('POST', PATH, { token: coordinator, body })).status).toBe(403);
    expect((await api.request('POST', PATH, { token: viewer, body })).status).toBe(403);
    expect((await api.request('GET', PATH, { token: viewer })).status).toBe(200);
  });

  it('400 naming the field: missing number, unknown field, a department or account of another hospital', async () => {
    const missing = await api.request('POST', PATH, { token: admin, body: { fullNameEn: 'No Number' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields).toEqual([{ field: 'employeeNo', message: 'is required' }]);
    const unknown = await api.request('POST', PATH, { token: admin, body: { ...body, salary: 10 } });
    expect(unknown.body.error.fields).toEqual([{ field: 'salary', message: 'is not a known field' }]);
    const foreignDepartment = await api.request('POST', PATH, { token: admin, body: { ...body, departmentId: northDepartmentId } });
    expect(foreignDepartment.status).toBe(400);
    expect(foreignDepartment.body.error.fields[0].field).toBe('departmentId');
    const northUser = await api.createUser('STAFF', { hospitalId: north.id });
    const foreignUser = await api.request('POST', PATH, { token: admin, body: { ...body, userId: northUser.id } });
    expect(foreignUser.status).toBe(400);
    expect(foreignUser.body.error.fields[0].field).toBe('userId');
  });

  it('creates, lists, changes and deletes (audited); 404 from another hospital; 409 for a number taken', async () => {
    const account = await api.createUser('NURSE');
    const created = await api.request('POST', PATH, { token: admin, body: { ...body, departmentId: edId, userId: account.id } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...body, hospitalId: demo.id, departmentId: edId, userId: account.id });
    const id = created.body.id;
    expect((await api.request('POST', PATH, { token: admin, body })).status).toBe(409);

    expect((await api.request('GET', `${PATH}/${id}`, { token: viewer })).body.fullNameAr).toBe('هدى الشهري');
    expect((await api.request('GET', `${PATH}?employeeNo=E-1001`, { token: viewer })).body.total).toBe(1);
    expect((await api.request('GET', `${PATH}/${id}`, { token: northAdmin })).status).toBe(404);
    expect((await api.request('PATCH', `${PATH}/${id}`, { token: northAdmin, body: { jobTitle: 'x' } })).status).toBe(404);

    const changed = await api.request('PATCH', `${PATH}/${id}`, { token: admin, body: { jobTitle: 'Head nurse' } });
    expect(changed.status).toBe(200);
    expect(changed.body.jobTitle).toBe('Head nurse');

    const audit = await api.em().find(AuditEvent, { entityType: 'employee', entityId: id }, { orderBy: { occurredAt: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['employee.create', 'employee.update']);

    expect((await api.request('DELETE', `${PATH}/${id}`, { token: admin })).status).toBe(204);
    expect((await api.request('GET', `${PATH}/${id}`, { token: admin })).status).toBe(404);
  });

  it("a department-bound viewer sees only employees of her department's subtree", async () => {
    const inTriage = await api.request('POST', PATH, { token: admin, body: { employeeNo: 'E-2001', fullNameEn: 'In Triage', departmentId: edId } });
    const inLab = await api.request('POST', PATH, { token: admin, body: { employeeNo: 'E-2002', fullNameEn: 'In Lab', departmentId: labId } });
    const list = await api.request('GET', PATH, { token: edViewer });
    const seen = list.body.items.map((e: { id: string }) => e.id);
    expect(seen).toContain(inTriage.body.id);
    expect(seen).not.toContain(inLab.body.id);
    expect((await api.request('GET', `${PATH}/${inLab.body.id}`, { token: edViewer })).status).toBe(404);
  });
});
