import { Complaint, Department, Encounter, Hospital, KpiValue, SurveyInstance, SurveyTemplate } from '../../../models/entities';
import { rollupKpis } from '../../../activities/analytics/kpiEngine';
import { riyadhDate } from '../../../activities/analytics/periods';
import { ensureAnalyticsSchedules } from '../../../workers/analyticsSchedules';
import { eventually } from '../../../test/support/eventually';
import { startTestHub, type TestHub } from '../../../test/support/testHub';

/**
 * The KPI engine and its API on a hand-built hospital: Tuesday 10 November 2026 (Riyadh) has four
 * OPD encounters in one department, thirteen surveys sent, ten answered that day (5 promoters,
 * 2 passives, 3 detractors; the last one second before Riyadh midnight) and one answered at 00:00
 * on the 11th, and two complaints, one acknowledged in time.
 */
describe('KPI engine and /api/v1/analytics', () => {
  let hub: TestHub;
  let hospital: Hospital;
  let department: Department;
  let otherDepartment: Department;
  let templateId: string;
  let admin: string;
  let seq = 0;
  const em = () => hub.api.em();

  const survey = (fields: Partial<SurveyInstance>) =>
    Object.assign(new SurveyInstance(), { hospitalId: hospital.id, templateId, templateCode: 'OPD_VISIT', workflowId: `survey:kpi:${++seq}`, ...fields });

  beforeAll(async () => {
    hub = await startTestHub();
    admin = await hub.api.adminToken();
    hospital = await hub.api.createHospital('KPI');
    department = await hub.api.createDepartment(hospital.id, 'KPI_OPD');
    otherDepartment = await hub.api.createDepartment(hospital.id, 'KPI_ER');
    templateId = (await em().findOneOrFail(SurveyTemplate, { code: 'OPD_VISIT' }, { orderBy: { version: 'desc' } })).id;
    const e = em();
    const visits = [0, 1, 2, 3].map((i) =>
      Object.assign(new Encounter(), {
        hospitalId: hospital.id, visitNumber: `KPI-${i}`, workflowId: `encounter:KPI:${i}`, departmentId: department.id, journeyCode: 'OPD',
        startedAt: new Date(`2026-11-10T0${5 + i}:00:00Z`), lastEventAt: new Date(`2026-11-10T0${5 + i}:30:00Z`),
      }),
    );
    e.persist(visits);
    const answers: [SurveyInstance['npsCategory'], number, boolean][] = [
      ['promoter', 100, false], ['promoter', 90, false], ['promoter', 95, false], ['promoter', 85, false], ['promoter', 80, false],
      ['passive', 70, false], ['passive', 65, false], ['detractor', 40, true], ['detractor', 30, true], ['detractor', 45, true],
    ];
    answers.forEach(([npsCategory, score, negative], i) =>
      e.persist(survey({
        encounterId: visits[i % 4].id, status: 'completed', sentAt: new Date('2026-11-10T09:00:00Z'),
        // The last answer: 23:59:59 Riyadh, still the 10th.
        completedAt: i === 9 ? new Date('2026-11-10T20:59:59Z') : new Date(`2026-11-10T1${i}:00:00Z`),
        score, npsCategory, negative, topBox: npsCategory === 'promoter' ? 1 : 0,
      })),
    );
    for (const i of [0, 1]) e.persist(survey({ encounterId: visits[i].id, status: 'sent', sentAt: new Date('2026-11-10T09:00:00Z') }));
    // Riyadh midnight exactly: the 11th (a Wednesday, same week, same month).
    e.persist(survey({ encounterId: visits[0].id, status: 'completed', sentAt: new Date('2026-11-10T09:00:00Z'), completedAt: new Date('2026-11-10T21:00:00Z'), score: 100, npsCategory: 'promoter', topBox: 1 }));
    const complaint = (n: number, acknowledgedAt: Date) =>
      Object.assign(new Complaint(), {
        hospitalId: hospital.id, referenceNo: `CMP-KPI-${n}`, departmentId: department.id, encounterId: visits[n].id, severity: 'medium', category: 'communication',
        description: 'x', sourceChannel: 'phone', createdAt: new Date('2026-11-10T08:00:00Z'), acknowledgeBy: new Date('2026-11-11T08:00:00Z'), acknowledgedAt,
      });
    e.persist([complaint(0, new Date('2026-11-10T10:00:00Z')), complaint(1, new Date('2026-11-12T10:00:00Z'))]);
    await e.flush();
  }, 120_000);
  afterAll(() => hub?.close());

  const figures = async (query: string, token = admin) => {
    const reply = await hub.api.request('GET', `/api/v1/analytics/kpis?hospitalCode=KPI&${query}`, { token });
    expect(reply.status).toBe(200);
    return reply.body.items as { periodStart: string; value: number | null; n: number; numerator: number; denominator: number; low: number | null; high: number | null }[];
  };
  const stored = async () =>
    (await em().find(KpiValue, { hospitalId: hospital.id }, { orderBy: { metric: 'asc', scopeType: 'asc', scopeId: 'asc', period: 'asc', periodStart: 'asc' } })).map(
      ({ id: _id, computedAt: _at, ...rest }) => rest,
    );

  test('a roll-up stores the hand-worked figures per Riyadh day, Sunday week and month', async () => {
    const written = await rollupKpis(em(), { hospitalId: hospital.id, from: '2026-11-01', to: '2026-11-30' });
    expect(written).toBeGreaterThan(0);

    const nps = await figures('metric=nps&from=2026-11-01&to=2026-11-30&period=day');
    expect(nps.map((f) => [f.periodStart, f.n])).toEqual([['2026-11-10', 10], ['2026-11-11', 1]]);
    expect(nps[0].value).toBeCloseTo(20, 6);
    expect(nps[0].low).toBeCloseTo(-34.0325, 3);
    expect(nps[0].high).toBeCloseTo(74.0325, 3);
    expect(nps[0]).toMatchObject({ numerator: 2, denominator: 10 });

    // The week of Tuesday the 10th starts on Sunday the 8th: 6 promoters, 3 detractors of 11.
    const week = await figures('metric=nps&from=2026-11-01&to=2026-11-30&period=week');
    expect(week).toHaveLength(1);
    expect(week[0]).toMatchObject({ periodStart: '2026-11-08', n: 11, numerator: 3 });
    expect(week[0].value).toBeCloseTo((100 * 3) / 11, 6);
    expect((await figures('metric=nps&from=2026-11-01&to=2026-11-30&period=month'))[0]).toMatchObject({ periodStart: '2026-11-01', n: 11 });

    const day = async (metric: string) => (await figures(`metric=${metric}&from=2026-11-10&to=2026-11-10&period=day`))[0];
    // Response rate goes by the day sent: 11 of the 13 sent on the 10th were answered.
    expect(await day('response_rate')).toMatchObject({ numerator: 11, denominator: 13 });
    expect((await day('response_rate')).value).toBeCloseTo((100 * 11) / 13, 6);
    expect((await day('mean_score')).value).toBeCloseTo(70, 6);
    expect((await day('top_box')).value).toBeCloseTo(50, 6);
    expect(await day('negative_rate')).toMatchObject({ value: 30, numerator: 3, denominator: 10 });
    expect(await day('complaints_per_1000')).toMatchObject({ value: 500, numerator: 2, denominator: 4 });
    expect(await day('ack_within_sla')).toMatchObject({ value: 50, numerator: 1, denominator: 2 });

    // The same figures for the department and the journey; none for a department without data.
    expect((await figures(`metric=nps&from=2026-11-10&to=2026-11-10&departmentId=${department.id}`))[0]).toMatchObject({ n: 10, numerator: 2 });
    expect((await figures('metric=nps&from=2026-11-10&to=2026-11-10&journey=opd'))[0]).toMatchObject({ n: 10 });
    expect(await figures(`metric=nps&from=2026-11-10&to=2026-11-10&departmentId=${otherDepartment.id}`)).toEqual([]);
  });

  test('running the same periods again replaces the rows, never adds', async () => {
    await rollupKpis(em(), { hospitalId: hospital.id, from: '2026-11-01', to: '2026-11-30' });
    const first = await stored();
    await rollupKpis(em(), { hospitalId: hospital.id, from: '2026-11-10', to: '2026-11-10' });
    expect(await stored()).toEqual(first);
    // A survey gone from the raw rows (here: its answer withdrawn) is gone from the figures on re-run.
    await em().nativeUpdate(SurveyInstance, { hospitalId: hospital.id, completedAt: new Date('2026-11-10T21:00:00Z') }, { completedAt: null, status: 'sent' });
    await rollupKpis(em(), { hospitalId: hospital.id, from: '2026-11-11', to: '2026-11-11' });
    expect((await figures('metric=nps&from=2026-11-01&to=2026-11-30&period=day')).map((f) => f.periodStart)).toEqual(['2026-11-10']);
    expect((await figures('metric=nps&from=2026-11-01&to=2026-11-30&period=week'))[0]).toMatchObject({ n: 10 });
  });

  test("a new answer shows in today's figure at once, before any roll-up", async () => {
    const today = riyadhDate(new Date());
    expect(await figures(`metric=nps&from=${today}&to=${today}`)).toEqual([]);
    await em().persistAndFlush(survey({ status: 'completed', sentAt: new Date(), completedAt: new Date(), score: 20, npsCategory: 'detractor', negative: true }));
    expect(await figures(`metric=nps&from=${today}&to=${today}`)).toEqual([expect.objectContaining({ periodStart: today, value: -100, n: 1 })]);
    const visit = await em().findOneOrFail(Encounter, { workflowId: 'encounter:KPI:0' });
    await em().persistAndFlush(survey({ encounterId: visit.id, status: 'completed', sentAt: new Date(), completedAt: new Date(), score: 100, npsCategory: 'promoter' }));
    expect(await figures(`metric=nps&from=${today}&to=${today}`)).toEqual([expect.objectContaining({ value: 0, n: 2 })]);
    // The live figure of one scope counts only that scope's answers.
    expect(await figures(`metric=nps&from=${today}&to=${today}&departmentId=${department.id}`)).toEqual([expect.objectContaining({ value: 100, n: 1 })]);
    expect(await figures(`metric=mean_score&from=${today}&to=${today}&journey=OPD`)).toEqual([expect.objectContaining({ value: 100, n: 1 })]);
    expect(await figures(`metric=nps&from=${today}&to=${today}&departmentId=${otherDepartment.id}`)).toEqual([]);
  });

  test('backfill through the API recomputes the range (202), and refuses bad ranges', async () => {
    await em().nativeDelete(KpiValue, { hospitalId: hospital.id });
    expect(await figures('metric=nps&from=2026-11-01&to=2026-11-30')).toEqual([]);
    for (const body of [{ from: '2026-11-30', to: '2026-11-01' }, { from: '2024-01-01', to: '2026-11-30' }, { from: '2026-02-30', to: '2026-03-01' }]) {
      expect((await hub.api.request('POST', '/api/v1/analytics/backfill', { token: admin, body: { ...body, hospitalCode: 'KPI' } })).status).toBe(400);
    }
    const reply = await hub.api.request('POST', '/api/v1/analytics/backfill', { token: admin, body: { from: '2026-11-01', to: '2026-11-30', hospitalCode: 'KPI' } });
    expect(reply.status).toBe(202);
    await hub.temporal.client.workflow.getHandle(reply.body.workflowId).result();
    const nps = await figures('metric=nps&from=2026-11-01&to=2026-11-30');
    expect(nps).toEqual([expect.objectContaining({ periodStart: '2026-11-10', n: 10, numerator: 2 })]);
  });

  test('figures stay within the caller’s hospital and department', async () => {
    const north = await hub.api.createHospital('KPIN');
    const northAdmin = await hub.api.login((await hub.api.createUser('HOSPITAL_ADMIN', { hospitalId: north.id })).email);
    expect((await hub.api.request('GET', '/api/v1/analytics/kpis?hospitalCode=KPI&metric=nps', { token: northAdmin })).status).toBe(404);
    expect((await hub.api.request('POST', '/api/v1/analytics/backfill', { token: northAdmin, body: { from: '2026-11-01', to: '2026-11-02', hospitalCode: 'KPI' } })).status).toBe(404);
    // A viewer of the ER sees the ER's figures (none), not the hospital's, and not the OPD department's.
    const erViewer = await hub.api.login((await hub.api.createUser('VIEWER', { hospitalId: hospital.id, departmentId: otherDepartment.id })).email);
    expect(await figures('metric=nps&from=2026-11-01&to=2026-11-30', erViewer)).toEqual([]);
    expect((await hub.api.request('GET', `/api/v1/analytics/kpis?hospitalCode=KPI&metric=nps&departmentId=${department.id}`, { token: erViewer })).status).toBe(404);
    const opdViewer = await hub.api.login((await hub.api.createUser('VIEWER', { hospitalId: hospital.id, departmentId: department.id })).email);
    expect(await figures('metric=nps&from=2026-11-01&to=2026-11-30', opdViewer)).toEqual([expect.objectContaining({ n: 10 })]);
    expect((await hub.api.request('POST', '/api/v1/analytics/backfill', { token: opdViewer, body: { from: '2026-11-01', to: '2026-11-02' } })).status).toBe(403);
  });

  test('the hourly and nightly schedules are created once, and a triggered run rolls up', async () => {
    const prefix = `test-${hub.taskQueue}`;
    const log = { info: () => undefined } as never;
    expect(await ensureAnalyticsSchedules(hub.temporal.client, { taskQueue: hub.taskQueue, log, prefix })).toEqual([`${prefix}-kpi-hourly`, `${prefix}-kpi-nightly`, `${prefix}-physician-ratings-monthly`]);
    try {
      expect(await ensureAnalyticsSchedules(hub.temporal.client, { taskQueue: hub.taskQueue, log, prefix })).toEqual([]);
      await em().nativeDelete(KpiValue, { hospitalId: hospital.id });
      const nightly = hub.temporal.client.schedule.getHandle(`${prefix}-kpi-nightly`);
      await nightly.trigger();
      const workflowId = await eventually(async () => (await nightly.describe()).info.recentActions[0]?.action.workflow.workflowId, 20_000, 'a triggered run');
      await hub.temporal.client.workflow.getHandle(workflowId).result();
      // The full recompute covers every day since the hospital's first row.
      expect((await figures('metric=nps&from=2026-11-01&to=2026-11-30'))[0]).toMatchObject({ periodStart: '2026-11-10', n: 10 });
      // The monthly physician ratings run rates every hospital's month just ended.
      const monthly = hub.temporal.client.schedule.getHandle(`${prefix}-physician-ratings-monthly`);
      await monthly.trigger();
      const ratingsRun = await eventually(async () => (await monthly.describe()).info.recentActions[0]?.action.workflow.workflowId, 20_000, 'a triggered ratings run');
      expect(await hub.temporal.client.workflow.getHandle(ratingsRun).result()).toMatchObject({ hospitals: expect.any(Number), written: expect.any(Number) });
      expect(((await hub.temporal.client.workflow.getHandle(ratingsRun).result()) as { hospitals: number }).hospitals).toBeGreaterThan(0);
    } finally {
      for (const id of [`${prefix}-kpi-hourly`, `${prefix}-kpi-nightly`, `${prefix}-physician-ratings-monthly`]) await hub.temporal.client.schedule.getHandle(id).delete();
    }
  }, 90_000);
});
