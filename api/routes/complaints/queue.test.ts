import { Complaint, type Hospital } from '../../../models/entities';
import { startTestHub, type TestHub } from '../../../test/support/testHub';
import type { TestApi } from '../../../test/support/testApi';

const PATH = '/api/v1/complaints';
const HOUR = 3_600_000;

describe('complaints queue: unassigned, breaching before, received between, sorting', () => {
  let hub: TestHub;
  let api: TestApi;
  let queue: Hospital;
  let other: Hospital;
  let coordinator: string;
  let assigneeId: string;
  const now = Date.now();
  let serial = 0;

  /** A read-model row with its workflow already counted as started, so nothing else touches it. */
  const row = (hospital: Hospital, fields: Partial<Complaint>) =>
    Object.assign(new Complaint(), {
      hospitalId: hospital.id,
      referenceNo: `CMP-QUEUE-${hospital.code}-${String(++serial).padStart(4, '0')}`,
      workflowStartedAt: new Date(),
      severity: 'medium',
      category: 'waiting_time',
      description: 'Waited for a long time.',
      sourceChannel: 'walk_in',
      ...fields,
    });

  beforeAll(async () => {
    hub = await startTestHub();
    api = hub.api;
    queue = await api.createHospital('QUEUE');
    other = await api.createHospital('QOTHER');
    const coordinatorUser = await api.createUser('PX_COORDINATOR', { hospitalId: queue.id });
    assigneeId = coordinatorUser.id;
    coordinator = await api.login(coordinatorUser.email);
    const em = api.em();
    em.persist([
      // 0001 open, acknowledge-by in an hour, unassigned, critical, received 3 days ago
      row(queue, { status: 'open', acknowledgeBy: new Date(now + HOUR), resolveBy: new Date(now + 72 * HOUR), severity: 'critical', createdAt: new Date(now - 72 * HOUR) }),
      // 0002 in progress, resolve-by in two hours, assigned, low, received 2 days ago
      row(queue, { status: 'in_progress', acknowledgeBy: new Date(now - 40 * HOUR), resolveBy: new Date(now + 2 * HOUR), assigneeId, severity: 'low', createdAt: new Date(now - 48 * HOUR) }),
      // 0003 acknowledged, resolve-by in five days (its past acknowledge-by no longer counts), unassigned, high, received yesterday
      row(queue, { status: 'acknowledged', acknowledgeBy: new Date(now - 20 * HOUR), resolveBy: new Date(now + 120 * HOUR), severity: 'high', createdAt: new Date(now - 24 * HOUR) }),
      // 0004 resolved: its resolve-by has passed but it is done, unassigned, medium, received now
      row(queue, { status: 'resolved', acknowledgeBy: new Date(now - 10 * HOUR), resolveBy: new Date(now - HOUR), severity: 'medium', createdAt: new Date(now - HOUR) }),
      // another hospital's complaint that matches every filter
      row(other, { status: 'open', acknowledgeBy: new Date(now + HOUR), resolveBy: new Date(now + 2 * HOUR), severity: 'critical', createdAt: new Date(now - 24 * HOUR) }),
    ]);
    await em.flush();
  });
  afterAll(() => hub.close());

  const refs = async (query: Record<string, string | number | boolean>) => {
    const reply = await api.request('GET', `${PATH}?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)] as [string, string]))}`, { token: coordinator });
    expect(reply.status).toBe(200);
    return { refs: (reply.body.items as { referenceNo: string }[]).map((c) => c.referenceNo.slice(-4)), total: reply.body.total as number };
  };

  it('lists only unassigned complaints, or only assigned ones, in the caller\'s hospital', async () => {
    expect(await refs({ unassigned: true })).toEqual({ refs: ['0004', '0003', '0001'], total: 3 });
    expect(await refs({ unassigned: false })).toEqual({ refs: ['0002'], total: 1 });
  });

  it('lists what breaches before a moment by its current due date, never a resolved one nor another hospital\'s', async () => {
    const endOfToday = new Date(now + 3 * HOUR).toISOString();
    expect(await refs({ breachingBefore: endOfToday })).toEqual({ refs: ['0002', '0001'], total: 2 });
    expect(await refs({ breachingBefore: new Date(now + 1.5 * HOUR).toISOString() })).toEqual({ refs: ['0001'], total: 1 });
    expect(await refs({ breachingBefore: endOfToday, unassigned: true })).toEqual({ refs: ['0001'], total: 1 });
  });

  it('narrows by when the complaint was received', async () => {
    expect((await refs({ receivedFrom: new Date(now - 50 * HOUR).toISOString() })).refs).toEqual(['0004', '0003', '0002']);
    expect((await refs({ receivedFrom: new Date(now - 50 * HOUR).toISOString(), receivedTo: new Date(now - 12 * HOUR).toISOString() })).refs).toEqual(['0003', '0002']);
  });

  it('sorts by an allowed column in either direction', async () => {
    expect((await refs({ sort: 'severity' })).refs).toEqual(['0002', '0004', '0003', '0001']);
    expect((await refs({ sort: 'severity', direction: 'desc' })).refs).toEqual(['0001', '0003', '0004', '0002']);
    expect((await refs({ sort: 'due' })).refs).toEqual(['0004', '0001', '0002', '0003']);
    expect((await refs({ sort: 'status' })).refs).toEqual(['0001', '0003', '0002', '0004']);
    expect((await refs({ sort: 'referenceNo', direction: 'desc' })).refs).toEqual(['0004', '0003', '0002', '0001']);
    expect((await refs({ sort: 'createdAt', direction: 'asc', limit: 2, offset: 2 })).refs).toEqual(['0003', '0004']);
  });

  it('refuses a sort outside the allow-list and a date that is not one', async () => {
    const bad = await api.request('GET', `${PATH}?sort=contactName`, { token: coordinator });
    expect(bad.status).toBe(400);
    const badDate = await api.request('GET', `${PATH}?breachingBefore=tomorrow`, { token: coordinator });
    expect(badDate.status).toBe(400);
  });
});
