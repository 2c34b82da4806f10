import { AuditEvent, Hospital, SlaPolicy } from '../../../models/entities';
import { seedSlaPolicies } from '../../../models/seed/slaPolicies';
import { startTestApi, type TestApi } from '../../../test/support/testApi';

const TERMS = { acknowledgeWithin: 'PT2H', resolveWithin: 'P2D', clock: 'business', escalation: ['DEPARTMENT_MANAGER', 'HOSPITAL_ADMIN'] };
const PATH = '/api/v1/sla-policies';

describe('SLA policies', () => {
  let api: TestApi;
  let demo: Hospital;
  let north: Hospital;
  let pxAdmin: string;
  let demoAdmin: string;
  const fieldsOf = (body: { error: { fields: { field: string }[] } }) => body.error.fields.map((f) => f.field);
  const effective = (query: string, token = pxAdmin) => api.request('GET', `${PATH}/effective?${query}`, { token });

  beforeAll(async () => {
    api = await startTestApi();
    // The group defaults, whether or not seeding already installs them, so every run starts alike.
    const em = api.em();
    await seedSlaPolicies(em);
    await em.flush();
    demo = await api.em().findOneOrFail(Hospital, { code: 'DEMO' });
    north = await api.createHospital('NORTH');
    pxAdmin = await api.adminToken();
    demoAdmin = await api.login((await api.createUser('HOSPITAL_ADMIN', { hospitalId: demo.id })).email);
  });
  afterAll(() => api.close());

  it('creates a hospital policy and a group default, each answering 201 with the policy', async () => {
    const own = await api.request('POST', PATH, { token: demoAdmin, body: { entity: 'complaint', severity: 'high', hospitalId: demo.id, ...TERMS, reminderAt: [0.9, 0.25] } });
    expect(own.status).toBe(201);
    expect(own.body).toEqual({
      id: expect.any(String),
      hospitalId: demo.id,
      entity: 'complaint',
      severity: 'high',
      ...TERMS,
      reminderAt: [0.25, 0.9],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect((await api.request('GET', `${PATH}/${own.body.id}`, { token: demoAdmin })).body).toEqual(own.body);

    const group = await api.request('POST', PATH, { token: pxAdmin, body: { entity: 'complaint', ...TERMS, clock: 'continuous' } });
    expect(group.status).toBe(201);
    expect(group.body).toMatchObject({ hospitalId: null, severity: null, clock: 'continuous', reminderAt: [0.5, 0.8] });
  });

  it('an action policy may name its level as priority, stored as its severity', async () => {
    const reply = await api.request('POST', PATH, { token: demoAdmin, body: { entity: 'action', priority: 'critical', hospitalId: demo.id, ...TERMS } });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ entity: 'action', severity: 'critical' });
    expect((await effective(`entity=action&severity=critical&hospitalId=${demo.id}`)).body.id).toBe(reply.body.id);
  });

  it('the most specific policy wins: hospital + severity, hospital + any, group + severity, group + any', async () => {
    const demoAny = await api.request('POST', PATH, { token: demoAdmin, body: { entity: 'complaint', hospitalId: demo.id, ...TERMS, resolveWithin: 'P5D' } });
    expect(demoAny.status).toBe(201);
    const policies = (await api.request('GET', `${PATH}?entity=complaint&limit=200`, { token: pxAdmin })).body.items as SlaPolicy[];
    const find = (hospitalId: string | null, severity: string | null) => policies.find((p) => p.hospitalId === hospitalId && p.severity === severity)!.id;

    expect((await effective(`entity=complaint&severity=high&hospitalId=${demo.id}`)).body.id).toBe(find(demo.id, 'high'));
    expect((await effective(`entity=complaint&severity=low&hospitalId=${demo.id}`)).body.id).toBe(demoAny.body.id);
    expect((await effective(`entity=complaint&severity=low&hospitalId=${north.id}`)).body).toMatchObject({ id: find(null, 'low'), acknowledgeWithin: 'P2D', resolveWithin: 'P14D' });
    expect((await effective(`entity=complaint&hospitalId=${north.id}`)).body.id).toBe(find(null, null));

    // A hospital-bound caller asks for their own hospital unless they name it; another's is not found.
    expect((await effective('entity=complaint&severity=high', demoAdmin)).body.id).toBe(find(demo.id, 'high'));
    expect((await effective(`entity=complaint&hospitalId=${north.id}`, demoAdmin)).status).toBe(404);
    // No group default for actions of any priority: nothing applies.
    expect((await effective(`entity=action&hospitalId=${north.id}`)).status).toBe(404);
  });

  it('400 names each field the SLA clock could not follow', async () => {
    const post = (body: object) => api.request('POST', PATH, { token: pxAdmin, body: { entity: 'complaint', severity: 'medium', hospitalId: north.id, ...TERMS, ...body } });

    const durations = await post({ acknowledgeWithin: 'P1M', resolveWithin: '3 days' });
    expect(durations.status).toBe(400);
    expect(fieldsOf(durations.body)).toEqual(['acknowledgeWithin', 'resolveWithin']);
    expect(fieldsOf((await post({ acknowledgeWithin: 'PT0S' })).body)).toEqual(['acknowledgeWithin']);

    // An absurd window would become a business-clock walk of millennia: refused, naming the limit.
    const absurd = await post({ resolveWithin: 'P9999999W', clock: 'business' });
    expect(absurd.status).toBe(400);
    expect(absurd.body.error.fields).toEqual([{ field: 'resolveWithin', message: 'must be at most 365 days (P365D)' }]);
    expect(fieldsOf((await post({ acknowledgeWithin: 'P53W', resolveWithin: 'P400D' })).body)).toEqual(['acknowledgeWithin', 'resolveWithin']);
    expect((await post({ resolveWithin: 'P365D' })).status).toBe(201);
    await api.em().nativeDelete(SlaPolicy, { hospitalId: north.id });

    const order = await post({ acknowledgeWithin: 'P3D', resolveWithin: 'P3D' });
    expect(order.body.error.fields).toEqual([{ field: 'acknowledgeWithin', message: 'must be shorter than resolveWithin' }]);

    expect((await post({ escalation: ['HOSPITAL_ADMIN', 'CHIEF_OF_EVERYTHING'] })).body.error.fields).toEqual([
      { field: 'escalation.1', message: 'CHIEF_OF_EVERYTHING is not a role code' },
    ]);
    expect(fieldsOf((await post({ escalation: ['PX_ADMIN', 'PX_ADMIN'] })).body)).toEqual(['escalation']);
    expect(fieldsOf((await post({ escalation: [] })).body)).toEqual(['escalation']);
    expect(fieldsOf((await post({ reminderAt: [0.5, 1] })).body)).toEqual(['reminderAt.1']);
    expect(fieldsOf((await post({ clock: 'lunar', colour: 'blue' })).body).sort()).toEqual(['clock', 'colour']);

    expect((await post({ severity: undefined, priority: 'high' })).body.error.fields).toEqual([{ field: 'priority', message: "is for actions; a complaint policy names its 'severity'" }]);
    expect((await post({ entity: 'action', priority: 'high' })).body.error.fields).toEqual([{ field: 'priority', message: "give 'severity' or 'priority', not both" }]);

    expect(await api.em().count(SlaPolicy, { hospitalId: north.id })).toBe(0);
  });

  it('409 for a second policy with the same hospital, entity and severity', async () => {
    const again = await api.request('POST', PATH, { token: demoAdmin, body: { entity: 'complaint', severity: 'high', hospitalId: demo.id, ...TERMS } });
    expect(again.status).toBe(409);
    const seeded = await api.request('POST', PATH, { token: pxAdmin, body: { entity: 'action', priority: 'low', ...TERMS } });
    expect(seeded.status).toBe(409);
    expect(seeded.body.error.message).toContain('the group already has an SLA policy for actions of low severity');
  });

  it("a hospital admin sees group defaults and their own, may change only their own, and never sees another hospital's", async () => {
    const northPolicy = await api.request('POST', PATH, { token: pxAdmin, body: { entity: 'action', hospitalId: north.id, ...TERMS } });
    expect(northPolicy.status).toBe(201);

    const listed = (await api.request('GET', `${PATH}?limit=200`, { token: demoAdmin })).body.items as SlaPolicy[];
    expect(new Set(listed.map((p) => p.hospitalId))).toEqual(new Set([null, demo.id]));
    expect((await api.request('GET', `${PATH}?hospitalId=${north.id}`, { token: demoAdmin })).body.total).toBe(0);
    expect((await api.request('GET', `${PATH}?hospitalId=${north.id}`, { token: pxAdmin })).body.items.map((p: SlaPolicy) => p.id)).toEqual([northPolicy.body.id]);

    const path = `${PATH}/${northPolicy.body.id}`;
    expect((await api.request('GET', path, { token: demoAdmin })).status).toBe(404);
    expect((await api.request('PUT', path, { token: demoAdmin, body: TERMS })).status).toBe(404);
    expect((await api.request('DELETE', path, { token: demoAdmin })).status).toBe(404);
    expect((await api.request('POST', PATH, { token: demoAdmin, body: { entity: 'action', severity: 'low', hospitalId: north.id, ...TERMS } })).status).toBe(404);

    expect((await api.request('POST', PATH, { token: demoAdmin, body: { entity: 'action', ...TERMS } })).status).toBe(403);
    expect((await api.request('POST', PATH, { token: demoAdmin, body: { entity: 'action', hospitalId: null, ...TERMS } })).status).toBe(403);
    const groupDefault = listed.find((p) => p.hospitalId === null)!;
    expect((await api.request('GET', `${PATH}/${groupDefault.id}`, { token: demoAdmin })).status).toBe(200);
    expect((await api.request('PUT', `${PATH}/${groupDefault.id}`, { token: demoAdmin, body: TERMS })).status).toBe(403);
    expect((await api.request('DELETE', `${PATH}/${groupDefault.id}`, { token: demoAdmin })).status).toBe(403);

    const staff = await api.login((await api.createUser('STAFF', { hospitalId: demo.id })).email);
    expect((await api.request('GET', PATH, { token: staff })).status).toBe(200);
    expect((await api.request('POST', PATH, { token: staff, body: { entity: 'action', severity: 'low', hospitalId: demo.id, ...TERMS } })).status).toBe(403);
  });

  it('PUT replaces the terms and DELETE removes the policy, each audited with before and after', async () => {
    const created = await api.request('POST', PATH, { token: demoAdmin, body: { entity: 'action', severity: 'medium', hospitalId: demo.id, ...TERMS } });
    const path = `${PATH}/${created.body.id}`;

    const changed = { acknowledgeWithin: 'PT8H', resolveWithin: 'P10D', clock: 'continuous', reminderAt: [0.75], escalation: ['PX_ADMIN'] };
    const put = await api.request('PUT', path, { token: demoAdmin, body: changed });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ ...changed, entity: 'action', severity: 'medium', hospitalId: demo.id });
    expect((await api.request('PUT', path, { token: demoAdmin, body: { ...changed, severity: 'low' } })).status).toBe(400);
    expect((await api.request('PUT', path, { token: demoAdmin, body: { ...changed, resolveWithin: 'PT8H' } })).status).toBe(400);

    expect((await api.request('DELETE', path, { token: demoAdmin })).status).toBe(204);
    expect((await api.request('GET', path, { token: demoAdmin })).status).toBe(404);
    expect(await api.em().count(SlaPolicy, { id: created.body.id })).toBe(0);

    const events = await api.em().find(AuditEvent, { entityType: 'sla_policy', entityId: created.body.id }, { orderBy: { occurredAt: 'asc' } });
    expect(events.map((e) => e.action)).toEqual(['sla_policy.create', 'sla_policy.update', 'sla_policy.delete']);
    expect(events.every((e) => e.hospitalId === demo.id && e.actorId)).toBe(true);
    expect(events[1]).toMatchObject({ before: expect.objectContaining({ acknowledgeWithin: 'PT2H', clock: 'business' }), after: expect.objectContaining(changed) });
    expect(events[2]).toMatchObject({ before: expect.objectContaining(changed), after: null });
  });
});
