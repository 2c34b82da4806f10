import { hashPassword } from '../api/auth/passwords';
import { createTestDatabase } from '../test/support/database';
import { connectOrm } from '../models/orm';
import { seed } from '../models/seed';
import { seedHistory, type SeedHistoryResult } from './seedHistory';

type Orm = Awaited<ReturnType<typeof connectOrm>>;

describe('seed:history', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let orm: Orm;
  let first: SeedHistoryResult;
  const now = new Date('2026-06-15T09:00:00Z');
  const counts = async () =>
    (
      await orm.em.getConnection().execute<Record<string, string>[]>(
        `select (select count(*) from encounter where visit_number like 'HIST-%') as encounters,
                (select count(*) from patient where mrn like 'HIST-%') as patients,
                (select count(*) from survey_instance where workflow_id like 'survey:HIST:%') as surveys,
                (select count(*) from survey_response) as responses,
                (select count(*) from complaint where reference_no like 'CMP-HIST-%') as complaints,
                (select count(*) from px_action where reference_no like 'ACT-HIST-%') as actions,
                (select count(*) from kpi_value) as figures`,
      )
    )[0];

  beforeAll(async () => {
    database = await createTestDatabase();
    orm = await connectOrm(database.url);
    await seed(orm.em.fork(), { adminEmail: 'admin@px360.test', adminPassword: 'admin-password-for-tests', demo: true, hashPassword });
    first = await seedHistory(orm.em.fork(), { months: 2, scale: 0.1, seed: 7, now });
  }, 120_000);

  afterAll(async () => {
    await orm?.close();
    await database?.drop();
  });

  it('writes encounters, answered surveys, complaints and actions, and rolls the KPIs up', async () => {
    const c = await counts();
    expect(Number(c.encounters)).toBeGreaterThan(500);
    expect(Number(c.patients)).toBeGreaterThan(0);
    expect(Number(c.surveys)).toBeGreaterThan(Number(c.responses));
    expect(Number(c.responses)).toBeGreaterThan(100);
    expect(Number(c.complaints)).toBeGreaterThan(0);
    expect(Number(c.actions)).toBeGreaterThan(0);
    expect(Number(c.figures)).toBeGreaterThan(0);
    expect(first.rows.encounter).toBe(Number(c.encounters));
    // Answers carry what the KPI engine reads.
    const [answered] = await orm.em.getConnection().execute<{ n: string; scored: string; nps: string; top: string }[]>(
      `select count(*) as n, count(score) as scored, count(nps_category) as nps, count(top_box) as top from survey_instance where status = 'completed'`,
    );
    expect(Number(answered.scored)).toBe(Number(answered.n));
    expect(Number(answered.nps)).toBe(Number(answered.n));
    expect(Number(answered.top)).toBe(Number(answered.n));
  });

  it('has fewer outpatient visits a day on the Friday-Saturday weekend than on weekdays', async () => {
    const rows = await orm.em.getConnection().execute<{ weekend: boolean; per_day: string }[]>(
      `select extract(dow from started_at at time zone 'Asia/Riyadh') in (5, 6) as weekend,
              count(*)::float8 / count(distinct (started_at at time zone 'Asia/Riyadh')::date) as per_day
         from encounter where journey_code = 'OPD' and visit_number like 'HIST-%' group by 1`,
    );
    const perDay = Object.fromEntries(rows.map((r) => [String(r.weekend), Number(r.per_day)]));
    expect(perDay.true).toBeLessThan(perDay.false / 2);
  });

  it('scores the Emergency Department higher after its intervention date than before', async () => {
    const rows = await orm.em.getConnection().execute<{ after: boolean; mean: string; n: string }[]>(
      `select (s.completed_at at time zone 'Asia/Riyadh')::date >= ?::date as after, avg(s.score) as mean, count(*) as n
         from survey_instance s join encounter e on e.id = s.encounter_id join department d on d.id = e.department_id
        where d.code = 'ED' and s.status = 'completed' group by 1`,
      [first.interventionDate],
    );
    const by = Object.fromEntries(rows.map((r) => [String(r.after), r]));
    expect(Number(by.true.n)).toBeGreaterThan(20);
    expect(Number(by.false.n)).toBeGreaterThan(20);
    expect(Number(by.true.mean)).toBeGreaterThan(Number(by.false.mean));
  });

  it('replaces its own rows on a second run instead of adding to them', async () => {
    const before = await counts();
    const second = await seedHistory(orm.em.fork(), { months: 2, scale: 0.1, seed: 7, now });
    expect(await counts()).toEqual(before);
    expect(second.rows).toEqual(first.rows);
  }, 120_000);

  it('leaves no figure behind for the days a shorter re-run no longer covers', async () => {
    const shorter = await seedHistory(orm.em.fork(), { months: 1, scale: 0.1, seed: 7, now });
    const [stale] = await orm.em.getConnection().execute<{ n: string }[]>(`select count(*) as n from kpi_value where period = 'day' and period_start < ?`, [shorter.from]);
    const [kept] = await orm.em.getConnection().execute<{ n: string }[]>(`select count(*) as n from kpi_value where period = 'day' and period_start >= ?`, [shorter.from]);
    expect(Number(stale.n)).toBe(0);
    expect(Number(kept.n)).toBeGreaterThan(0);
  }, 120_000);
});
