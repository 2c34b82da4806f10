import { AuditEvent, Hospital } from '../../../models/entities';
import { startTestApi, type TestApi } from '../../../test/support/testApi';

const PATH = '/api/v1/audit-events';

describe('audit events', () => {
  let api: TestApi;
  let demo: Hospital;
  let north: Hospital;
  let demoAdmin: string;
  let northAdmin: string;
  let manager: string;
  const actorId = '7d4c3f1e-2b9a-4c8d-9e0f-1a2b3c4d5e6f';
  const entityId = '0b8e9c6d-5a4f-4e3d-8c2b-1a0f9e8d7c6b';

  beforeAll(async () => {
    api = await startTestApi();
    demo = await api.em().findOneOrFail(Hospital, { code: 'DEMO' });
    north = await api.createHospital('NORTHAUD');
    demoAdmin = await api.login((await api.createUser('HOSPITAL_ADMIN')).email);
    northAdmin = await api.login((await api.createUser('HOSPITAL_ADMIN', { hospitalId: north.id })).email);
    manager = await api.login((await api.createUser('DEPARTMENT_MANAGER')).email);
    const event = (fields: Partial<AuditEvent>) => Object.assign(new AuditEvent(), { hospitalId: demo.id, ...fields });
    await api.em().persistAndFlush([
      event({ action: 'complaint.assign', actorId, actorEmail: 'sara.coordinator@px360.test', entityType: 'complaint', entityId, occurredAt: new Date('2026-01-10T08:00:00Z') }),
      event({ action: 'complaint.resolve', actorId, actorEmail: 'sara.coordinator@px360.test', entityType: 'complaint', entityId, occurredAt: new Date('2026-01-11T08:00:00Z') }),
      event({ action: 'auth.login', outcome: 'failure', actorEmail: 'sara.coordinator@px360.test', entityType: 'user', occurredAt: new Date('2026-01-12T08:00:00Z') }),
      event({ action: 'auth_login_lookalike', actorEmail: 'x@px360.test', occurredAt: new Date('2026-01-12T09:00:00Z') }),
      event({ action: 'complaint.assign', hospitalId: north.id, actorId, entityType: 'complaint', entityId, occurredAt: new Date('2026-01-10T09:00:00Z') }),
    ]);
  });
  afterAll(() => api.close());

  const list = (token: string | undefined, query: string) => api.request('GET', `${PATH}?${query}`, { token });
  const actions = (reply: { body: { items: { action: string }[] } }) => reply.body.items.map((e) => e.action);

  it('401 without a token, 403 below hospital admin, 400 for a bad date or an empty range', async () => {
    expect((await list(undefined, '')).status).toBe(401);
    expect((await list(manager, '')).status).toBe(403);
    const bad = await list(demoAdmin, 'from=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('from');
    const backwards = await list(demoAdmin, 'from=2026-01-12T00:00:00Z&to=2026-01-11T00:00:00Z');
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.fields[0].field).toBe('to');
  });

  it('filters by actor (id or email), entity, action (exact or kind*) and date range, newest first, in the own hospital only', async () => {
    expect(actions(await list(demoAdmin, `actorId=${actorId}`))).toEqual(['complaint.resolve', 'complaint.assign']);
    expect(actions(await list(demoAdmin, 'actorEmail=SARA.coordinator@px360.test'))).toEqual(['auth.login', 'complaint.resolve', 'complaint.assign']);
    expect(actions(await list(demoAdmin, `entityType=complaint&entityId=${entityId}`))).toEqual(['complaint.resolve', 'complaint.assign']);
    expect(actions(await list(demoAdmin, 'action=complaint.assign'))).toEqual(['complaint.assign']);
    expect(actions(await list(demoAdmin, 'action=complaint.*'))).toEqual(['complaint.resolve', 'complaint.assign']);
    // The dot is literal: `auth.*` does not match `auth_login_lookalike`.
    expect(actions(await list(demoAdmin, 'action=auth.*&outcome=failure'))).toEqual(['auth.login']);
    const range = await list(demoAdmin, `actorId=${actorId}&from=2026-01-10T00:00:00Z&to=2026-01-11T00:00:00Z`);
    expect(actions(range)).toEqual(['complaint.assign']);
    expect(range.body.total).toBe(1);
    // North's admin sees North's row only, whatever the filter asks.
    const northRows = await list(northAdmin, `entityId=${entityId}&hospitalId=${demo.id}`);
    expect(northRows.body.items.map((e: { hospitalId: string }) => e.hospitalId)).toEqual([north.id]);
  });
});
