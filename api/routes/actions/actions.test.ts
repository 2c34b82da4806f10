import { AuditEvent, Department, Hospital, PxAction, type User } from '../../../models/entities';
import { eventually } from '../../../test/support/eventually';
import { startTestHub, type TestHub } from '../../../test/support/testHub';
import type { TestApi } from '../../../test/support/testApi';

const PATH = '/api/v1/actions';

describe('PX actions', () => {
  let hub: TestHub;
  let api: TestApi;
  let demo: Hospital;
  let paediatrics: Department;
  let manager: User;
  let managerToken: string;
  let coordinator: User;
  let coordinatorToken: string;
  let staffToken: string;
  let labManagerToken: string;

  beforeAll(async () => {
    hub = await startTestHub();
    api = hub.api;
    const em = api.em();
    demo = await em.findOneOrFail(Hospital, { code: 'DEMO' });
    paediatrics = await em.findOneOrFail(Department, { hospitalId: demo.id, code: 'PED' });
    const lab = await em.findOneOrFail(Department, { hospitalId: demo.id, code: 'LAB' });
    // The owner an action gets by default must exist before the action is opened.
    manager = await api.createUser('DEPARTMENT_MANAGER', { departmentId: paediatrics.id });
    managerToken = await api.login(manager.email);
    coordinator = await api.createUser('PX_COORDINATOR');
    coordinatorToken = await api.login(coordinator.email);
    staffToken = await api.login((await api.createUser('STAFF', { departmentId: paediatrics.id })).email);
    labManagerToken = await api.login((await api.createUser('DEPARTMENT_MANAGER', { departmentId: lab.id })).email);
  });
  afterAll(() => hub.close());

  const open = async (title: string) => {
    const reply = await api.request('POST', PATH, { token: coordinatorToken, body: { hospitalId: demo.id, departmentId: paediatrics.id, title, description: 'Parents waited over an hour for discharge papers.', priority: 'medium' } });
    expect(reply.status).toBe(201);
    return reply.body as { id: string; referenceNo: string; status: string };
  };
  const act = (token: string, id: string, operation: string, body: object = {}) => api.request('POST', `${PATH}/${id}/${operation}`, { token, body });
  /** Once the workflow has planned the due date and named the owner. */
  const opened = (id: string) =>
    eventually(async () => {
      const reply = await api.request('GET', `${PATH}/${id}`, { token: coordinatorToken });
      return reply.body.timeline?.some((e: { kind: string }) => e.kind === 'opened') && reply.body.live ? reply : undefined;
    });

  it("goes to the department's manager, is worked and submitted, and a coordinator's approval closes it", async () => {
    const action = await open('Speed up paediatric discharge paperwork');
    expect(action).toMatchObject({ referenceNo: expect.stringMatching(/^ACT-\d{4}-\d{6}$/), status: 'open' });

    const { body } = await opened(action.id);
    expect(body).toMatchObject({ sourceType: 'manual', sourceId: null, assigneeId: manager.id, departmentId: paediatrics.id, live: { status: 'open', assigneeId: manager.id } });
    expect(body.sla.dueAtDisplay).toMatchObject({ iso: body.sla.dueAt, hijriEn: expect.stringMatching(/\d{4} AH$/) });
    expect(body.timeline.map((e: { kind: string }) => e.kind)).toEqual(['created', 'opened']);

    const early = await act(coordinatorToken, action.id, 'approve');
    expect(early.status).toBe(409);
    expect(early.body.error.message).toBe('an action that is open cannot be approved');

    expect((await act(managerToken, action.id, 'progress', { note: 'Discharge checklist drafted with the ward clerks' })).body).toMatchObject({ status: 'in_progress' });
    expect((await act(managerToken, action.id, 'submit', { evidence: 'Median discharge wait down to 20 minutes (audit attached)' })).body).toMatchObject({ status: 'submitted' });
    expect((await act(staffToken, action.id, 'approve')).status).toBe(403);

    const approved = await act(coordinatorToken, action.id, 'approve', { note: 'Evidence checked' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ id: action.id, status: 'approved', live: { status: 'approved' } });
    const handle = hub.temporal.client.workflow.getHandle(`action:${action.id}`);
    await eventually(async () => ((await handle.describe()).status.name === 'COMPLETED' ? true : undefined));
    expect(await handle.result()).toBe('approved');
    expect(await api.em().findOneOrFail(PxAction, { id: action.id })).toMatchObject({ status: 'approved', approvedById: coordinator.id, evidence: expect.stringContaining('20 minutes') });

    const again = await act(coordinatorToken, action.id, 'approve');
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe('the action is approved');
    const audited = await api.em().find(AuditEvent, { entityType: 'action', entityId: action.id }, { orderBy: { occurredAt: 'asc' } });
    expect(audited.map((a) => a.action)).toEqual(['action.create', 'action.progress', 'action.submit', 'action.approve']);
  });

  it('a rejection sends the action back to work with the reason on its timeline', async () => {
    const action = await open('Quiet hours on the children’s ward');
    await opened(action.id);
    await act(managerToken, action.id, 'submit', { evidence: 'Signs put up' });
    const rejected = await act(coordinatorToken, action.id, 'reject', { reason: 'No noise measurements before and after' });
    expect(rejected.body).toMatchObject({ status: 'in_progress', live: { status: 'in_progress' } });
    const { body } = await api.request('GET', `${PATH}/${action.id}`, { token: managerToken });
    expect(body.status).toBe('in_progress');
    expect(body.timeline.at(-1)).toMatchObject({ kind: 'rejected', note: 'No noise measurements before and after', actorId: coordinator.id });
  });

  it('lists manual actions, and other departments see none of them', async () => {
    const action = await open('Parent feedback board');
    const listed = await api.request('GET', `${PATH}?sourceType=manual`, { token: coordinatorToken });
    expect(listed.body.items.map((a: { id: string }) => a.id)).toContain(action.id);
    expect(listed.body.items[0]).toMatchObject({ id: action.id, sourceType: 'manual', title: 'Parent feedback board' });
    expect((await api.request('GET', `${PATH}?sourceType=complaint`, { token: coordinatorToken })).body.total).toBe(0);

    expect((await api.request('GET', `${PATH}/${action.id}`, { token: labManagerToken })).status).toBe(404);
    expect((await act(labManagerToken, action.id, 'progress', { note: 'Not mine' })).status).toBe(404);
    expect((await api.request('GET', `${PATH}?sourceType=manual`, { token: labManagerToken })).body.total).toBe(0);
    expect((await api.request('GET', `${PATH}/${action.id}`, { token: managerToken })).status).toBe(200);
  });

  it("is opened for or assigned to only someone who can see it, never another department's manager", async () => {
    const lab = await api.em().findOneOrFail(Department, { hospitalId: demo.id, code: 'LAB' });
    const labManager = await api.createUser('DEPARTMENT_MANAGER', { departmentId: lab.id });
    const notVisible = [{ field: 'assigneeId', message: "must be a user who can see the case: hospital-wide, or of the case's department or one above it" }];
    const body = { hospitalId: demo.id, departmentId: paediatrics.id, title: 'Discharge checklist', priority: 'low' };
    const refused = await api.request('POST', PATH, { token: coordinatorToken, body: { ...body, assigneeId: labManager.id } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields).toEqual(notVisible);

    const action = await open('Discharge checklist');
    await opened(action.id);
    const elsewhere = await act(coordinatorToken, action.id, 'assign', { assigneeId: labManager.id });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.error.fields).toEqual(notVisible);
    const assigned = await act(coordinatorToken, action.id, 'assign', { assigneeId: coordinator.id });
    expect(assigned.status).toBe(200);
    expect(assigned.body.live).toMatchObject({ assigneeId: coordinator.id });
  });
});
