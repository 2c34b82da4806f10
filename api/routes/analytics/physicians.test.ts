import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { physicianRatingActivities } from '../../../activities/analytics/physicianRatingsStore';
import { Complaint, Department, Hospital, Physician, PhysicianMonthlyRating, SurveyTemplate } from '../../../models/entities';
import { startTestApi, type TestApi } from '../../../test/support/testApi';

const PATH = '/api/v1/analytics/physicians';
/** The 12 months ending June 2026: 1 July 2025 to 30 June 2026, Riyadh days (UTC+3). */
const MONTH = '2026-06';
const IN_WINDOW = '2026-03-15T09:00:00Z';

interface Item {
  physicianId: string;
  fullNameEn: string;
  n: number;
  rawMean: number;
  score: number;
  low: number;
  high: number;
  reliability: number;
  rank: number | null;
  stars: number | null;
  status: string;
}

describe('physician ratings API', () => {
  let api: TestApi;
  let hospital: Hospital;
  let other: Hospital;
  let templateId: string;
  const doctors: Record<string, Physician> = {};
  let coordinator: string;
  let pedsManager: string;
  let nurse: string;
  let serial = 0;

  const alternating = (n: number, a: number, b: number) => Array.from({ length: n }, (_, i) => (i % 2 ? a : b));

  /** Answered surveys (one encounter each) for a physician, completed at the given time. */
  async function answers(physician: Physician, scores: number[], completedAt = IN_WINDOW, status = 'completed', complaintId: string | null = null) {
    const em = api.em();
    const ids = scores.map(() => randomUUID());
    const tag = `R${++serial}`;
    await em.execute(
      `insert into encounter (id, created_at, updated_at, hospital_id, visit_number, workflow_id, attending_physician_id, department_id, status, started_at, last_event_at)
       select id, now(), now(), ?, ? || '-' || i, 'encounter:RATE:' || ? || '-' || i, ?, ?, 'completed', now(), now()
         from unnest(?::uuid[]) with ordinality as t(id, i)`,
      [physician.hospitalId, tag, tag, physician.id, physician.departmentId ?? null, `{${ids.join(',')}}`],
    );
    await em.execute(
      `insert into survey_instance (id, created_at, updated_at, hospital_id, workflow_id, template_id, template_code, encounter_id, complaint_id, status, language, reminders_sent, completed_at, score, negative, negative_reasons)
       select gen_random_uuid(), now(), now(), ?, 'survey:' || ? || ':' || t.id, ?, 'OPD_VISIT', t.id, ?, ?, 'en', 0, ?::timestamptz, case when ? = 'completed' then t.score else null end, false, '[]'
         from unnest(?::uuid[], ?::float8[]) as t(id, score)`,
      [physician.hospitalId, tag, templateId, complaintId, status, completedAt, status, `{${ids.join(',')}}`, `{${scores.join(',')}}`],
    );
  }

  beforeAll(async () => {
    api = await startTestApi();
    const em = api.em();
    hospital = await api.createHospital('RATE');
    other = await api.createHospital('RATEX');
    templateId = (await em.findOneOrFail(SurveyTemplate, { code: { $ne: null } }, { orderBy: { code: 'asc' } })).id;
    const cardio = await api.createDepartment(hospital.id, 'CARD');
    const peds = await api.createDepartment(hospital.id, 'PEDS');
    const doctor = (name: string, h: Hospital, department: Department | null) =>
      Object.assign(new Physician(), { hospitalId: h.id, departmentId: department?.id ?? null, licenseNo: `LIC-${name}`, fullNameEn: `Dr ${name}`, fullNameAr: `د. ${name}` });
    doctors.perfect = doctor('Perfect', hospital, cardio);
    doctors.good = doctor('Good', hospital, cardio);
    doctors.fair = doctor('Fair', hospital, peds);
    doctors.middling = doctor('Middling', hospital, peds);
    doctors.sparse = doctor('Sparse', hospital, peds);
    doctors.silent = doctor('Silent', hospital, peds);
    doctors.elsewhere = doctor('Elsewhere', other, null);
    await em.persistAndFlush(Object.values(doctors));

    await answers(doctors.perfect, alternating(10, 100, 100));
    await answers(doctors.good, alternating(200, 80, 90));
    await answers(doctors.fair, alternating(200, 60, 70));
    await answers(doctors.middling, alternating(100, 70, 80));
    await answers(doctors.sparse, [90, 95, 100, 85]);
    // Window edges in Riyadh time: 23:59 on 30 June 2026 counts, midnight after does not;
    // midnight starting 1 July 2025 counts, the minute before does not.
    await answers(doctors.sparse, [90], '2026-06-30T20:59:00Z');
    await answers(doctors.sparse, [0], '2026-06-30T21:00:00Z');
    await answers(doctors.sparse, [95], '2025-06-30T21:00:00Z');
    await answers(doctors.sparse, [0], '2025-06-30T20:59:00Z');
    // Sent, never answered: no score, not counted.
    await answers(doctors.good, [0, 0, 0], IN_WINDOW, 'sent');
    // A complaint's resolution survey rates the complaint handling, not the physician.
    const complaint = Object.assign(new Complaint(), {
      hospitalId: hospital.id,
      referenceNo: 'CMP-RATE-0001',
      workflowStartedAt: new Date(),
      severity: 'medium',
      category: 'care',
      description: 'Rude at the desk.',
      sourceChannel: 'walk_in',
    });
    await em.persistAndFlush(complaint);
    await answers(doctors.good, [0, 0], IN_WINDOW, 'completed', complaint.id);
    await answers(doctors.elsewhere, alternating(60, 90, 100));

    coordinator = await api.login((await api.createUser('PX_COORDINATOR', { hospitalId: hospital.id })).email);
    pedsManager = await api.login((await api.createUser('DEPARTMENT_MANAGER', { hospitalId: hospital.id, departmentId: peds.id })).email);
    nurse = await api.login((await api.createUser('NURSE', { hospitalId: hospital.id })).email);
  }, 60_000);
  afterAll(() => api.close());

  const ratings = async (token: string, query = `?hospitalCode=RATE&month=${MONTH}`) => {
    const reply = await api.request('GET', `${PATH}${query}`, { token });
    expect(reply.status).toBe(200);
    return reply.body as { month: string; items: Item[] };
  };
  const byName = (items: Item[]) => Object.fromEntries(items.map((i) => [i.fullNameEn.replace('Dr ', '').toLowerCase(), i]));

  it('does not rank ten perfect answers above two hundred good ones, and ranks by the lower bound', async () => {
    const body = await ratings(coordinator);
    expect(body.month).toBe(MONTH);
    const r = byName(body.items);
    expect(Object.keys(r).sort()).toEqual(['fair', 'good', 'middling', 'perfect', 'sparse']);
    expect(r.perfect).toMatchObject({ n: 10, rawMean: 100, rank: null, stars: null, status: 'insufficient_responses' });
    expect(r.perfect.score).toBeLessThan(100);
    expect(r.good).toMatchObject({ n: 200, rawMean: 85, rank: 1, stars: 5, status: 'rated' });
    expect(r.middling).toMatchObject({ n: 100, rawMean: 75, rank: 2, stars: 4 });
    expect(r.fair).toMatchObject({ n: 200, rawMean: 65, rank: 3, stars: 4 });
    for (const item of body.items) {
      expect(item.low).toBeLessThanOrEqual(item.score);
      expect(item.high).toBeGreaterThanOrEqual(item.score);
      expect(item.reliability).toBeGreaterThanOrEqual(0);
      expect(item.reliability).toBeLessThanOrEqual(1);
    }
    // Ranked first, then the insufficient ones.
    expect(body.items.slice(0, 3).map((i) => i.rank)).toEqual([1, 2, 3]);
  });

  it('counts answers by response date over the 12 months ending with the month, on Riyadh days', async () => {
    const r = byName((await ratings(coordinator)).items);
    expect(r.sparse.n).toBe(6);
    expect(r.sparse.rawMean).toBeCloseTo((90 + 95 + 100 + 85 + 90 + 95) / 6, 2);
    expect(r.sparse).toMatchObject({ rank: null, stars: null, status: 'insufficient_responses' });
    // A month later the window has moved past July 2025 and picks up the answer of 1 July 2026 00:00.
    const july = byName((await ratings(coordinator, '?hospitalCode=RATE&month=2026-07')).items);
    expect(july.sparse.n).toBe(6);
    expect(july.sparse.rawMean).toBeCloseTo((90 + 95 + 100 + 85 + 90 + 0) / 6, 2);
  });

  it("keeps callers to their hospital and a department-bound manager to their department's physicians", async () => {
    const own = await ratings(coordinator, `?month=${MONTH}`);
    expect(own.items.map((i) => i.physicianId)).not.toContain(doctors.elsewhere.id);
    expect(own.items).toHaveLength(5);
    expect((await api.request('GET', `${PATH}?hospitalCode=RATEX`, { token: coordinator })).status).toBe(404);
    expect((await api.request('GET', `${PATH}?hospitalId=${other.id}`, { token: coordinator })).status).toBe(404);
    const peds = byName((await ratings(pedsManager)).items);
    expect(Object.keys(peds).sort()).toEqual(['fair', 'middling', 'sparse']);
    // Ranks stay those of the whole hospital.
    expect(peds.middling.rank).toBe(2);
    expect((await api.request('GET', PATH, { token: nurse })).status).toBe(403);
    const admin = await api.adminToken();
    expect((await api.request('GET', PATH, { token: admin })).status).toBe(400);
    const elsewhere = (await api.request('GET', `${PATH}?hospitalCode=RATEX&month=${MONTH}`, { token: admin })).body as { items: Item[] };
    expect(elsewhere.items.map((i) => i.physicianId)).toEqual([doctors.elsewhere.id]);
  });

  it('shows a physician their own rating only, once their physician record names their account', async () => {
    const user = await api.createUser('PHYSICIAN', { hospitalId: hospital.id });
    const token = await api.login(user.email);
    // No physician record names the account yet: nothing to show.
    expect((await ratings(token)).items).toEqual([]);
    const admin = await api.adminToken();
    const linked = await api.request('PATCH', `/api/v1/physicians/${doctors.good.id}`, { token: admin, body: { userId: user.id } });
    expect(linked.status).toBe(200);
    expect(linked.body.userId).toBe(user.id);
    const own = (await ratings(token)).items;
    expect(own.map((i) => i.physicianId)).toEqual([doctors.good.id]);
    // The rank is still the one among the whole hospital.
    expect(own[0]).toMatchObject({ rank: 1, n: 200 });
    // An account of another hospital cannot be named.
    const outsider = await api.createUser('PHYSICIAN', { hospitalId: other.id });
    expect((await api.request('PATCH', `/api/v1/physicians/${doctors.fair.id}`, { token: admin, body: { userId: outsider.id } })).status).toBe(400);
  });

  it("stores a month's ratings once per physician: a re-run replaces them", async () => {
    const activities = physicianRatingActivities({ orm: api.orm });
    expect(await activities.storePhysicianRatings({ hospitalId: hospital.id, month: MONTH })).toEqual({ month: MONTH, written: 5 });
    expect(await activities.storePhysicianRatings({ hospitalId: hospital.id, month: MONTH })).toEqual({ month: MONTH, written: 5 });
    const em = api.em() as EntityManager;
    const rows = await em.find(PhysicianMonthlyRating, { hospitalId: hospital.id });
    expect(rows).toHaveLength(5);
    const good = rows.find((row) => row.physicianId === doctors.good.id)!;
    expect(good).toMatchObject({ n: 200, rawMean: 85, rank: 1, stars: 5 });
    expect(String(good.month)).toMatch(/^2026-06-01/);
    const perfect = rows.find((row) => row.physicianId === doctors.perfect.id)!;
    expect(perfect.rank).toBeNull();
    expect(perfect.stars).toBeNull();
    // Every hospital's month in one run (the monthly schedule's activity).
    expect(await activities.storeAllPhysicianRatings({ month: MONTH })).toMatchObject({ written: expect.any(Number) });
    expect(await em.fork().count(PhysicianMonthlyRating, { hospitalId: hospital.id })).toBe(5);
    expect(await em.fork().count(PhysicianMonthlyRating, { hospitalId: other.id })).toBe(1);
  });
});
