import { randomUUID } from 'node:crypto';
import { Department, Hospital, KpiValue, PxAction, QiProject, type KpiMetric } from '../../../models/entities';
import { startTestApi, type TestApi } from '../../../test/support/testApi';

const PATH = '/api/v1/qi-projects';
const months2025 = Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}-01`);

describe('QI projects API', () => {
  let api: TestApi;
  let hospital: Hospital;
  let other: Hospital;
  let opd: Department;
  let er: Department;
  let coordinator: string;
  let viewer: string;
  let opdViewer: string;
  let erViewer: string;
  let otherCoordinator: string;

  /** Stored monthly figures of one metric and scope, as the roll-up writes them. */
  async function figures(metric: KpiMetric, scopeType: 'hospital' | 'department', scopeId: string, rows: Array<{ numerator: number; denominator: number; value: number }>) {
    const em = api.em();
    rows.forEach((r, i) => em.persist(Object.assign(new KpiValue(), { id: randomUUID(), hospitalId: hospital.id, metric, scopeType, scopeId, period: 'month', periodStart: months2025[i]!, n: r.denominator, ...r })));
    await em.flush();
  }

  beforeAll(async () => {
    api = await startTestApi();
    hospital = await api.createHospital('QIP');
    other = await api.createHospital('QIPX');
    opd = await api.createDepartment(hospital.id, 'QOPD');
    er = await api.createDepartment(hospital.id, 'QER');
    const login = async (role: string, scope: { hospitalId: string; departmentId?: string }) => api.login((await api.createUser(role, scope)).email);
    coordinator = await login('PX_COORDINATOR', { hospitalId: hospital.id });
    viewer = await login('VIEWER', { hospitalId: hospital.id });
    opdViewer = await login('VIEWER', { hospitalId: hospital.id, departmentId: opd.id });
    erViewer = await login('VIEWER', { hospitalId: hospital.id, departmentId: er.id });
    otherCoordinator = await login('PX_COORDINATOR', { hospitalId: other.id });
    // Response rate in OPD: 20 of 100 each month before July 2025, 40 of 100 from July.
    await figures('response_rate', 'department', opd.id, months2025.map((_, i) => (i < 6 ? { numerator: 20, denominator: 100, value: 20 } : { numerator: 40, denominator: 100, value: 40 })));
    // Hospital mean score: 70, 72, 68, 71, 69, 90 (Jan-Jun).
    await figures('mean_score', 'hospital', hospital.id, [70, 72, 68, 71, 69, 90].map((v) => ({ numerator: v * 10, denominator: 10, value: v })));
    // Complaints per 1,000 encounters in ER: 2 of 1000, 3 of 1000, 11 of 1000, 4 of 2000.
    await figures('complaints_per_1000', 'department', er.id, [[2, 1000], [3, 1000], [11, 1000], [4, 2000]].map(([c, n]) => ({ numerator: c!, denominator: n!, value: (1000 * c!) / n! })));
  }, 120_000);
  afterAll(() => api?.close());

  const project = { title: 'Call patients back within a day', metric: 'response_rate', departmentId: '', baselineFrom: '2025-01-01', baselineTo: '2025-06-30', targetValue: 35, interventionDate: '2025-07-01' };

  test('a PX coordinator creates a project in their hospital; it is owned by them and audited', async () => {
    const created = await api.request('POST', PATH, { token: coordinator, body: { ...project, departmentId: opd.id } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ hospitalId: hospital.id, departmentId: opd.id, metric: 'response_rate', baselineFrom: '2025-01-01', baselineTo: '2025-06-30', targetValue: 35, interventionDate: '2025-07-01', actionIds: [] });
    expect(created.body.ownerId).toEqual(expect.any(String));
    const audit = await api.em().getConnection().execute(`select count(*)::int as c from audit_event where entity_type = 'qi_project' and entity_id = ?`, [created.body.id]);
    expect(audit[0].c).toBe(1);

    // A viewer reads it but may not create one.
    expect((await api.request('GET', `${PATH}/${created.body.id}`, { token: viewer })).status).toBe(200);
    expect((await api.request('POST', PATH, { token: viewer, body: { ...project, departmentId: opd.id } })).status).toBe(403);
  });

  test('department-bound callers see their department only; another hospital sees nothing', async () => {
    const { body } = await api.request('POST', PATH, { token: coordinator, body: { ...project, title: 'OPD scoped', departmentId: opd.id } });
    expect((await api.request('GET', `${PATH}/${body.id}`, { token: opdViewer })).status).toBe(200);
    expect((await api.request('GET', `${PATH}/${body.id}`, { token: erViewer })).status).toBe(404);
    expect((await api.request('GET', `${PATH}/${body.id}/chart`, { token: erViewer })).status).toBe(404);
    const erList = await api.request('GET', PATH, { token: erViewer });
    expect(erList.body.items.map((p: { id: string }) => p.id)).not.toContain(body.id);
    const opdList = await api.request('GET', PATH, { token: opdViewer });
    expect(opdList.body.items.map((p: { id: string }) => p.id)).toContain(body.id);
    expect((await api.request('GET', `${PATH}/${body.id}`, { token: otherCoordinator })).status).toBe(404);
    expect((await api.request('PATCH', `${PATH}/${body.id}`, { token: otherCoordinator, body: { title: 'Mine now' } })).status).toBe(404);
  });

  test('refuses a baseline ending before it starts, an unknown metric and actions of another hospital', async () => {
    const em = api.em();
    const ours = em.create(PxAction, { hospitalId: hospital.id, departmentId: opd.id, referenceNo: 'ACT-QI-1', sourceType: 'manual', title: 'Callback rota', priority: 'medium' } as never);
    const theirs = em.create(PxAction, { hospitalId: other.id, referenceNo: 'ACT-QI-2', sourceType: 'manual', title: 'Elsewhere', priority: 'medium' } as never);
    await em.flush();
    const bad = await api.request('POST', PATH, { token: coordinator, body: { ...project, departmentId: opd.id, baselineTo: '2024-12-31' } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('baselineTo');
    expect((await api.request('POST', PATH, { token: coordinator, body: { ...project, departmentId: opd.id, metric: 'speed' } })).status).toBe(400);
    const foreign = await api.request('POST', PATH, { token: coordinator, body: { ...project, departmentId: opd.id, actionIds: [theirs.id] } });
    expect(foreign.status).toBe(400);
    expect(JSON.stringify(foreign.body)).toContain('actionIds');
    const linked = await api.request('POST', PATH, { token: coordinator, body: { ...project, departmentId: opd.id, actionIds: [ours.id] } });
    expect(linked.status).toBe(201);
    expect(linked.body.actionIds).toEqual([ours.id]);
  });

  test('a department-bound coordinator creates projects of their own department only', async () => {
    const opdCoordinator = await api.login((await api.createUser('PX_COORDINATOR', { hospitalId: hospital.id, departmentId: opd.id })).email);
    const wide = await api.request('POST', PATH, { token: opdCoordinator, body: { ...project, departmentId: null } });
    expect(wide.status).toBe(400);
    expect(JSON.stringify(wide.body)).toContain('departmentId');
    expect((await api.request('POST', PATH, { token: opdCoordinator, body: { ...project, departmentId: er.id } })).status).toBe(400);
    const own = await api.request('POST', PATH, { token: opdCoordinator, body: { ...project, departmentId: opd.id } });
    expect(own.status).toBe(201);
    expect((await api.request('PATCH', `${PATH}/${own.body.id}`, { token: opdCoordinator, body: { departmentId: null } })).status).toBe(400);
  });

  test('edit and soft delete', async () => {
    const { body } = await api.request('POST', PATH, { token: coordinator, body: { ...project, departmentId: opd.id } });
    const patched = await api.request('PATCH', `${PATH}/${body.id}`, { token: coordinator, body: { targetValue: 45, interventionDate: null } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ targetValue: 45, interventionDate: null, title: project.title });
    expect((await api.request('DELETE', `${PATH}/${body.id}`, { token: coordinator })).status).toBe(204);
    expect((await api.request('GET', `${PATH}/${body.id}`, { token: coordinator })).status).toBe(404);
    const kept = await api.em().fork().findOne(QiProject, { id: body.id });
    expect(kept?.deletedAt).toBeInstanceOf(Date);
  });

  test('chart of a proportion: P-chart, run chart shift and too few runs, limits per segment', async () => {
    const { body } = await api.request('POST', PATH, { token: coordinator, body: { ...project, departmentId: opd.id } });
    const chart = await api.request('GET', `${PATH}/${body.id}/chart?period=month`, { token: opdViewer });
    expect(chart.status).toBe(200);
    expect(chart.body).toMatchObject({ kind: 'p', metric: 'response_rate', period: 'month', target: 35, interventionDate: '2025-07-01' });
    const whole = chart.body.chart;
    expect(whole.points.map((p: { periodStart: string }) => p.periodStart)).toEqual(months2025);
    // p̄ = (6·20 + 6·40)/1200 = .3; n = 100: 3·√(.21/100) = .13748 -> [16.25, 43.75] %.
    expect(whole.centre).toBeCloseTo(30, 6);
    expect(whole.points[0].lcl).toBeCloseTo(16.2523, 3);
    expect(whole.points[0].ucl).toBeCloseTo(43.7477, 3);
    // Median 30: six below, then six above: every point is in a shift, and 2 runs of 12 are too few.
    expect(whole.runChart).toMatchObject({ median: 30, runs: 2, useful: 12, tooFewRuns: true });
    expect(whole.points.every((p: { signals: string[] }) => p.signals.includes('shift'))).toBe(true);
    expect(whole.points.some((p: { signals: string[] }) => p.signals.includes('beyond_limits'))).toBe(false);

    const [before, after] = chart.body.segments;
    // before: p̄ = .2, 3·√(.16/100) = .12 -> [8, 32]; after: p̄ = .4, 3·√(.24/100) = .14697 -> [25.30, 54.70].
    expect(before).toMatchObject({ name: 'before', from: '2025-01-01', to: '2025-06-01' });
    expect(before.centre).toBeCloseTo(20, 6);
    expect(before.points[0].ucl).toBeCloseTo(32, 6);
    expect(after).toMatchObject({ name: 'after', from: '2025-07-01', to: '2025-12-01' });
    expect(after.centre).toBeCloseTo(40, 6);
    expect(after.points[0].lcl).toBeCloseTo(25.3030, 3);
  });

  test('chart of a mean: XmR on the hospital figures, the last jump above the moving-range limit', async () => {
    const { body } = await api.request('POST', PATH, { token: coordinator, body: { ...project, metric: 'mean_score', departmentId: null, interventionDate: null } });
    const chart = await api.request('GET', `${PATH}/${body.id}/chart`, { token: viewer });
    expect(chart.status).toBe(200);
    expect(chart.body.kind).toBe('xmr');
    expect(chart.body.segments).toEqual([]);
    // mean 440/6 = 73.333; MRs 2,4,3,2,21 -> MR̄ 6.4; UCL 73.333 + 17.024 = 90.357 (90 inside); MR 21 > 3.267·6.4 = 20.91.
    expect(chart.body.chart.centre).toBeCloseTo(73.3333, 3);
    expect(chart.body.chart.meanMovingRange).toBeCloseTo(6.4, 6);
    expect(chart.body.chart.points[5].signals).toEqual(['moving_range']);
  });

  test('chart of a rate: U-chart per 1,000 with limits by each period exposure', async () => {
    const { body } = await api.request('POST', PATH, { token: coordinator, body: { ...project, metric: 'complaints_per_1000', departmentId: er.id, interventionDate: null } });
    const chart = await api.request('GET', `${PATH}/${body.id}/chart?period=month`, { token: erViewer });
    expect(chart.status).toBe(200);
    expect(chart.body.kind).toBe('u');
    // ū = 20/5000 = .004 -> 4 per 1,000; n = 1000: 3·√(.004/1000) = .006 -> [0, 10]; n = 2000: UCL 8.2426.
    const points = chart.body.chart.points;
    expect(chart.body.chart.centre).toBeCloseTo(4, 6);
    expect(points[0]).toMatchObject({ lcl: 0 });
    expect(points[0].ucl).toBeCloseTo(10, 6);
    expect(points[3].ucl).toBeCloseTo(8.2426, 3);
    expect(points[2]).toMatchObject({ value: 11, signals: ['beyond_limits'] });
    expect(points[3].signals).toEqual([]);
  });
});
