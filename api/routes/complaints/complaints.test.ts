import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { AuditEvent, CaseText, Complaint, Department, Hospital, OutboxMessage, Patient, type User } from '../../../models/entities';
import { eventually } from '../../../test/support/eventually';
import { startTestHub, type TestHub } from '../../../test/support/testHub';
import type { TestApi } from '../../../test/support/testApi';

const PATH = '/api/v1/complaints';


describe('complaints', () => {
  let hub: TestHub;
  let api: TestApi;
  let demo: Hospital;
  let ed: Department;
  let coordinator: string;
  let staff: string;
  let edManager: string;
  let imManager: string;
  let nurse: User;

  beforeAll(async () => {
    hub = await startTestHub();
    api = hub.api;
    const em = api.em();
    demo = await em.findOneOrFail(Hospital, { code: 'DEMO' });
    ed = await em.findOneOrFail(Department, { hospitalId: demo.id, code: 'ED' });
    const im = await em.findOneOrFail(Department, { hospitalId: demo.id, code: 'IM' });
    coordinator = await api.login((await api.createUser('PX_COORDINATOR')).email);
    staff = await api.login((await api.createUser('STAFF')).email);
    edManager = await api.login((await api.createUser('DEPARTMENT_MANAGER', { departmentId: ed.id })).email);
    imManager = await api.login((await api.createUser('DEPARTMENT_MANAGER', { departmentId: im.id })).email);
    nurse = await api.createUser('NURSE', { departmentId: ed.id });
  });
  afterAll(() => hub.close());

  const take = (token: string, fields: Record<string, unknown> = {}) =>
    api.request('POST', PATH, {
      token,
      body: {
        hospitalId: demo.id,
        departmentId: ed.id,
        severity: 'medium',
        category: 'waiting_time',
        description: 'Waited four hours in emergency triage without anyone explaining the delay.',
        sourceChannel: 'walk_in',
        contactName: 'Noura Al-Qahtani',
        contactPhone: '+966501234567',
        ...fields,
      },
    });
  const act = (token: string, id: string, operation: string, body: object = {}) => api.request('POST', `${PATH}/${id}/${operation}`, { token, body });
  /** Once the workflow has planned the SLA and answers its state query. */
  const planned = (id: string) =>
    eventually(async () => {
      const reply = await api.request('GET', `${PATH}/${id}`, { token: coordinator });
      return reply.body.sla?.resolveBy && reply.body.live ? reply : undefined;
    });

  it('takes a complaint with a reference number, a timeline, its SLA in Gregorian and Hijri, and the live state', async () => {
    const taken = await take(staff);
    expect(taken.status).toBe(201);
    expect(taken.body).toEqual({ id: expect.any(String), referenceNo: expect.stringMatching(/^CMP-\d{4}-\d{6}$/), status: 'open' });

    const { body } = await planned(taken.body.id);
    expect(body).toMatchObject({ referenceNo: taken.body.referenceNo, status: 'open', description: expect.stringContaining('four hours'), contactName: 'Noura Al-Qahtani', language: 'ar' });
    expect(body.timeline[0]).toMatchObject({ kind: 'created', actorId: expect.any(String) });
    expect(body.sla.acknowledgeByDisplay).toMatchObject({ iso: body.sla.acknowledgeBy, hijriEn: expect.stringMatching(/\d{4} AH$/), hijriAr: expect.stringContaining('هـ') });
    expect(body.sla.resolveByDisplay.gregorianEn).toMatch(/\d{4}, \d{2}:\d{2}$/);
    expect(body.live).toMatchObject({ status: 'open', escalationLevel: 0, sla: { acknowledge: { state: 'running' } } });
    // Its start went through the outbox, committed with the complaint, and is delivered.
    const start = await eventually(async () => (await api.em().findOne(OutboxMessage, { workflowId: body.workflowId, deliveredAt: { $ne: null } })) ?? undefined);
    expect(start).toMatchObject({ kind: 'start', deliveredAt: expect.any(Date), payload: { workflowType: 'complaint', args: [{ id: taken.body.id, referenceNo: taken.body.referenceNo }] } });
    expect((await api.em().findOneOrFail(Complaint, { id: taken.body.id })).workflowStartedAt).toBeInstanceOf(Date);
  });

  it('stores a contact phone given in national form in international form', async () => {
    const taken = await take(staff, { contactPhone: '0501234567' });
    expect(taken.status).toBe(201);
    expect((await api.em().findOneOrFail(Complaint, { id: taken.body.id })).contactPhone).toBe('+966501234567');
  });

  it('refuses a patient of another hospital, naming the field', async () => {
    const north = await api.createHospital('NORTH');
    const stranger = Object.assign(new Patient(), { hospitalId: north.id, mrn: 'N-77' });
    await api.em().persistAndFlush(stranger);
    const reply = await take(coordinator, { patientId: stranger.id });
    expect(reply.status).toBe(400);
    expect(reply.body.error.fields).toEqual([{ field: 'patientId', message: 'must be a patient of the same hospital' }]);
  });

  it('is acknowledged before it is resolved, with a root cause, and takes no second acknowledgement', async () => {
    const { body: complaint } = await take(staff);
    const early = await act(coordinator, complaint.id, 'resolve', { rootCause: 'Triage understaffed', resolutionNotes: 'Extra nurse on evening shift' });
    expect(early.status).toBe(409);
    expect(early.body.error).toEqual({ code: 'conflict', message: 'acknowledge the complaint before resolving it' });
    // The refused operation's words are not kept.
    expect(await api.em().count(CaseText, { entityId: complaint.id })).toBe(0);

    const acknowledged = await act(coordinator, complaint.id, 'acknowledge');
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body).toMatchObject({ id: complaint.id, referenceNo: complaint.referenceNo, status: 'acknowledged', escalationLevel: 0, live: { status: 'acknowledged' } });

    const noCause = await act(coordinator, complaint.id, 'resolve', { resolutionNotes: 'Extra nurse on evening shift' });
    expect(noCause.status).toBe(400);
    expect(noCause.body.error.fields).toEqual([{ field: 'rootCause', message: 'is required' }]);

    const resolved = await act(coordinator, complaint.id, 'resolve', { rootCause: 'Triage understaffed', resolutionNotes: 'Extra nurse on evening shift' });
    expect(resolved.body).toMatchObject({ status: 'resolved', live: { status: 'resolved', sla: { resolve: { state: 'met' } } } });

    const again = await act(coordinator, complaint.id, 'acknowledge');
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe('a complaint that is resolved cannot be acknowledged');

    const stored = await api.em().findOneOrFail(Complaint, { id: complaint.id });
    expect(stored).toMatchObject({ status: 'resolved', rootCause: 'Triage understaffed', resolutionNotes: 'Extra nurse on evening shift' });
    const { body } = await api.request('GET', `${PATH}/${complaint.id}`, { token: coordinator });
    expect(body.timeline.map((e: { kind: string }) => e.kind)).toEqual(['created', 'acknowledged', 'resolved']);
  });

  it('answers 409 once a closed complaint has ended its workflow', async () => {
    const { body: complaint } = await take(staff);
    await act(coordinator, complaint.id, 'acknowledge');
    await act(coordinator, complaint.id, 'resolve', { rootCause: 'Wrong clinic booked', resolutionNotes: 'Apologised and rebooked' });
    expect((await act(coordinator, complaint.id, 'close', { note: 'Patient called back, satisfied' })).body.status).toBe('closed');
    await eventually(async () => ((await hub.temporal.client.workflow.getHandle(`complaint:${complaint.referenceNo}`).describe()).status.name === 'COMPLETED' ? true : undefined));

    const late = await act(staff, complaint.id, 'note', { note: 'One more thing' });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toBe('the complaint is closed');
    expect((await api.request('GET', `${PATH}/${complaint.id}`, { token: staff })).body).toMatchObject({ status: 'closed', closedAt: expect.any(String) });
  });

  it("keeps department managers to their own department's complaints", async () => {
    const { body: complaint } = await take(coordinator);
    await planned(complaint.id);
    expect((await api.request('GET', `${PATH}/${complaint.id}`, { token: imManager })).status).toBe(404);
    expect((await act(imManager, complaint.id, 'acknowledge')).status).toBe(404);
    expect((await act(imManager, complaint.id, 'note', { note: 'Looking into it' })).status).toBe(404);
    const listed = await api.request('GET', PATH, { token: imManager });
    expect(listed.body.items.map((c: { id: string }) => c.id)).not.toContain(complaint.id);

    const acknowledged = await act(edManager, complaint.id, 'acknowledge');
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body.status).toBe('acknowledged');
  });

  it('is assigned only to an active user of its hospital', async () => {
    const { body: complaint } = await take(coordinator);
    const unknown = await act(coordinator, complaint.id, 'assign', { assigneeId: '00000000-0000-4000-8000-000000000001' });
    expect(unknown.body.error.fields).toEqual([{ field: 'assigneeId', message: "must be an active user of the case's hospital" }]);
    const viewer = await api.createUser('VIEWER', { hospitalId: demo.id });
    const cannotWork = await act(coordinator, complaint.id, 'assign', { assigneeId: viewer.id });
    expect(cannotWork.body.error.fields).toEqual([{ field: 'assigneeId', message: 'must hold a role that works on cases (staff or above)' }]);
    const assigned = await act(coordinator, complaint.id, 'assign', { assigneeId: nurse.id });
    expect(assigned.body).toMatchObject({ status: 'open', live: { assigneeId: nurse.id } });
    expect((await api.em().findOneOrFail(Complaint, { id: complaint.id })).assigneeId).toBe(nurse.id);
  });

  it('is assigned only to someone who can see it: hospital-wide, or of its department or one above it', async () => {
    const em = api.em();
    const med = await em.findOneOrFail(Department, { hospitalId: demo.id, code: 'MED' });
    const im = await em.findOneOrFail(Department, { hospitalId: demo.id, code: 'IM' });
    const imManagerUser = await api.createUser('DEPARTMENT_MANAGER', { departmentId: im.id });
    const edManagerUser = await api.createUser('DEPARTMENT_MANAGER', { departmentId: ed.id });
    const medManagerUser = await api.createUser('DEPARTMENT_MANAGER', { departmentId: med.id });
    const hospitalWide = await api.createUser('PX_COORDINATOR');
    const notVisible = [{ field: 'assigneeId', message: "must be a user who can see the case: hospital-wide, or of the case's department or one above it" }];

    const { body: complaint } = await take(coordinator);
    const elsewhere = await act(coordinator, complaint.id, 'assign', { assigneeId: imManagerUser.id });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.error.fields).toEqual(notVisible);
    expect((await api.em().findOneOrFail(Complaint, { id: complaint.id })).assigneeId ?? null).toBeNull();
    for (const user of [edManagerUser, medManagerUser, hospitalWide]) {
      const assigned = await act(coordinator, complaint.id, 'assign', { assigneeId: user.id });
      expect(assigned.status).toBe(200);
      expect(assigned.body.live).toMatchObject({ assigneeId: user.id });
    }

    // A complaint of no department is the hospital's: only hospital-wide users can take it.
    const { body: unplaced } = await take(coordinator, { departmentId: undefined });
    const departmentBound = await act(coordinator, unplaced.id, 'assign', { assigneeId: edManagerUser.id });
    expect(departmentBound.status).toBe(400);
    expect(departmentBound.body.error.fields).toEqual(notVisible);
    expect((await act(coordinator, unplaced.id, 'assign', { assigneeId: hospitalWide.id })).status).toBe(200);
  });

  it('lists newest first by status, severity and escalation, without free text or contact details', async () => {
    const { body: critical } = await take(staff, { severity: 'critical', category: 'clinical_care' });
    const { body: low } = await take(staff, { severity: 'low', category: 'cleanliness' });
    await planned(critical.id);
    const escalated = await act(coordinator, critical.id, 'escalate', { reason: 'Patient safety concern raised by family' });
    expect(escalated.body).toMatchObject({ status: 'open', escalationLevel: 1 });

    const ids = async (query: string) => (await api.request('GET', `${PATH}?${query}`, { token: coordinator })).body.items.map((c: { id: string }) => c.id);
    expect(await ids('severity=critical')).toEqual([critical.id]);
    expect(await ids('escalated=true')).toEqual([critical.id]);
    expect(await ids('escalated=false&severity=low')).toEqual([low.id]);
    expect(await ids('status=open&limit=2')).toEqual([low.id, critical.id]);
    expect(await ids('status=resolved')).not.toContain(low.id);
    expect(await ids('hospitalCode=NOWHERE')).toEqual([]);

    const page = await api.request('GET', `${PATH}?severity=critical`, { token: coordinator });
    expect(page.body).toMatchObject({ total: 1, limit: 50, offset: 0 });
    expect(page.body.items[0]).toMatchObject({ referenceNo: critical.referenceNo, escalationLevel: 1, sourceChannel: 'walk_in', departmentId: ed.id });
    expect(page.body.items[0]).not.toHaveProperty('description');
    expect(page.body.items[0]).not.toHaveProperty('contactPhone');
  });

  it('lists as overdue one still open past its acknowledgement deadline', async () => {
    const { body: complaint } = await take(staff);
    await planned(complaint.id);
    const ids = async (query: string) => (await api.request('GET', `${PATH}?${query}`, { token: coordinator })).body.items.map((c: { id: string }) => c.id);
    expect(await ids('overdue=false')).toContain(complaint.id);
    await api.em().nativeUpdate(Complaint, { id: complaint.id }, { acknowledgeBy: new Date(Date.now() - 3_600_000) });
    expect(await ids('overdue=true')).toEqual([complaint.id]);
    expect(await ids('overdue=false')).not.toContain(complaint.id);
  });

  it('opens one PX action per complaint', async () => {
    const { body: complaint } = await take(staff);
    const first = await api.request('POST', `${PATH}/${complaint.id}/actions`, { token: coordinator, body: { title: 'Publish ED waiting times', priority: 'high' } });
    expect(first.status).toBe(201);
    expect(first.body.referenceNo).toMatch(/^ACT-\d{4}-\d{6}$/);
    const listed = await api.request('GET', `/api/v1/actions?sourceType=complaint&sourceId=${complaint.id}`, { token: coordinator });
    expect(listed.body.items).toEqual([expect.objectContaining({ id: first.body.id, departmentId: ed.id, priority: 'high' })]);
    const second = await api.request('POST', `${PATH}/${complaint.id}/actions`, { token: coordinator, body: { title: 'Again', priority: 'low' } });
    expect(second.status).toBe(409);
    expect(second.body.error.message).toBe(`complaint ${complaint.referenceNo} already has action ${first.body.referenceNo}`);
  });

  it('audits every change, without the description or contact details', async () => {
    const { body: complaint } = await take(staff);
    await act(coordinator, complaint.id, 'acknowledge');
    await act(staff, complaint.id, 'note', { note: 'Called the patient back' });
    const rows = await api.em().find(AuditEvent, { entityType: 'complaint', entityId: complaint.id }, { orderBy: { occurredAt: 'asc' } });
    expect(rows.map((r) => r.action)).toEqual(['complaint.create', 'complaint.acknowledge', 'complaint.note']);
    expect(rows[0].after).toMatchObject({ referenceNo: complaint.referenceNo, sourceChannel: 'walk_in' });
    expect(JSON.stringify(rows[0].after)).not.toContain('Noura');
    expect(rows[1]).toMatchObject({ before: { status: 'open' }, after: { status: 'acknowledged' }, hospitalId: demo.id });
    // What staff wrote stays in the timeline; the audit row says only how long it was.
    expect(rows[2].after).toMatchObject({ noteLength: 'Called the patient back'.length });
    expect(JSON.stringify(rows[2].after)).not.toContain('Called the patient back');
    // Nor does the workflow's history, which anyone with the Temporal Web UI can read: it has the text's id.
    const history = historyToJSON(await hub.temporal.client.workflow.getHandle(`complaint:${complaint.referenceNo}`).fetchHistory());
    const payloads = [...history.matchAll(/"data":\s*"([A-Za-z0-9+/=]+)"/g)].map((m) => Buffer.from(m[1], 'base64').toString('utf8')).join('\n');
    expect(payloads).toContain('textId');
    expect(payloads).not.toContain('Called the patient back');
    const detail = await api.request('GET', `${PATH}/${complaint.id}`, { token: coordinator });
    expect(detail.body.timeline.map((e: { note: string | null }) => e.note)).toContain('Called the patient back');
  });
});
