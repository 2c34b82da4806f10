import { CaseEvent, Complaint, Department, PxAction, type Hospital } from '../../../models/entities';
import { startTestApi, type TestApi } from '../../../test/support/testApi';

const PATH = '/api/v1/escalations/unheard';
const HOUR = 3_600_000;

describe('escalations nobody heard', () => {
  let api: TestApi;
  let hospital: Hospital;
  let other: Hospital;
  let coordinator: string;
  let imManager: string;
  let nurse: string;
  let serial = 0;
  const cases: Record<string, Complaint | PxAction> = {};

  const complaint = (h: Hospital, fields: Partial<Complaint>) =>
    Object.assign(new Complaint(), {
      hospitalId: h.id,
      referenceNo: `CMP-UNHEARD-${String(++serial).padStart(4, '0')}`,
      workflowStartedAt: new Date(),
      severity: 'high',
      category: 'waiting_time',
      description: 'Waited for a long time.',
      sourceChannel: 'walk_in',
      escalationLevel: 2,
      ...fields,
    });
  const unheard = (entity: Complaint | PxAction, entityType: 'complaint' | 'action', hoursAgo: number, role = 'HOSPITAL_ADMIN') =>
    Object.assign(new CaseEvent(), {
      entityType,
      entityId: entity.id,
      kind: 'escalation_unheard',
      at: new Date(Date.now() - hoursAgo * HOUR),
      data: { level: 2, role, toRole: null },
      dedupeKey: `${entityType}:${entity.id}:escalated:${hoursAgo}:heard`,
    });

  beforeAll(async () => {
    api = await startTestApi();
    const em = api.em();
    hospital = await api.createHospital('UNHEARD');
    other = await api.createHospital('UNHEARDX');
    const im = Object.assign(new Department(), { hospitalId: hospital.id, code: 'IM', nameEn: 'Internal medicine', nameAr: 'الباطنة' });
    const ed = Object.assign(new Department(), { hospitalId: hospital.id, code: 'ED', nameEn: 'Emergency', nameAr: 'الطوارئ' });
    await em.persistAndFlush([im, ed]);
    coordinator = await api.login((await api.createUser('PX_COORDINATOR', { hospitalId: hospital.id })).email);
    imManager = await api.login((await api.createUser('DEPARTMENT_MANAGER', { hospitalId: hospital.id, departmentId: im.id })).email);
    nurse = await api.login((await api.createUser('NURSE', { hospitalId: hospital.id })).email);
    cases.openIm = complaint(hospital, { status: 'acknowledged', departmentId: im.id });
    cases.openEd = complaint(hospital, { status: 'open', departmentId: ed.id });
    cases.resolved = complaint(hospital, { status: 'resolved' });
    cases.heard = complaint(hospital, { status: 'open' });
    cases.elsewhere = complaint(other, { status: 'open' });
    cases.action = Object.assign(new PxAction(), {
      hospitalId: hospital.id,
      referenceNo: 'ACT-UNHEARD-0001',
      workflowStartedAt: new Date(),
      sourceType: 'manual',
      title: 'Shorten the clinic wait',
      priority: 'high',
      status: 'in_progress',
      escalationLevel: 1,
      departmentId: im.id,
    });
    em.persist(Object.values(cases));
    em.persist([
      unheard(cases.openIm, 'complaint', 5),
      unheard(cases.openIm, 'complaint', 1, 'PX_ADMIN'),
      unheard(cases.openEd, 'complaint', 3),
      unheard(cases.resolved, 'complaint', 2),
      unheard(cases.elsewhere, 'complaint', 1),
      unheard(cases.action, 'action', 4, 'DEPARTMENT_MANAGER'),
      // Heard in the end: an escalation that moved up is not in this list.
      Object.assign(new CaseEvent(), { entityType: 'complaint', entityId: cases.heard.id, kind: 'escalation_moved', data: { role: 'DEPARTMENT_MANAGER', toRole: 'HOSPITAL_ADMIN' }, dedupeKey: `complaint:${cases.heard.id}:moved` }),
    ]);
    await em.flush();
  });
  afterAll(() => api.close());

  type Item = { entityType: string; id: string; referenceNo: string; role: string | null; at: string; escalationLevel: number };
  const list = async (token: string, query = '') => {
    const reply = await api.request('GET', `${PATH}${query}`, { token });
    expect(reply.status).toBe(200);
    return reply.body as { items: Item[]; total: number };
  };

  it("lists the hospital's unresolved complaints and actions whose escalation nobody heard, latest first, once each", async () => {
    const page = await list(coordinator);
    expect(page.items.map((i) => i.id)).toEqual([cases.openIm.id, cases.openEd.id, cases.action.id]);
    expect(page.total).toBe(3);
    // The latest time it went unheard, and the role nobody held then.
    expect(page.items[0]).toMatchObject({ entityType: 'complaint', referenceNo: cases.openIm.referenceNo, role: 'PX_ADMIN', escalationLevel: 2 });
    expect(page.items[2]).toMatchObject({ entityType: 'action', referenceNo: 'ACT-UNHEARD-0001', role: 'DEPARTMENT_MANAGER' });
    expect(page.items.map((i) => i.id)).not.toContain(cases.elsewhere.id);
  });

  it("keeps a department-bound manager to their department, pages, and is closed to roles below PX coordinator", async () => {
    expect((await list(imManager)).items.map((i) => i.id)).toEqual([cases.openIm.id, cases.action.id]);
    const second = await list(coordinator, '?limit=2&offset=2');
    expect(second.items.map((i) => i.id)).toEqual([cases.action.id]);
    expect(second.total).toBe(3);
    expect((await list(coordinator, '?hospitalCode=UNHEARDX')).total).toBe(0);
    expect((await api.request('GET', PATH, { token: nurse })).status).toBe(403);
  });
});
