/**
 * `npm run bench:analytics`: what the KPI engine and the Command Center API cost on a year of data.
 *
 * An embedded PostgreSQL (or DATABASE_URL) is filled with BENCH_SURVEYS answered surveys (1,000,000)
 * over the last 12 months in the DEMO hospital, plus a fifth as many sent and never answered (for the
 * response rate), one encounter each, spread over BENCH_PHYSICIANS physicians (200) in the demo
 * departments and three journeys, and BENCH_COMPLAINTS complaints (200,000). Then it measures:
 *
 * 1. the full nightly roll-up (the `kpiRollup` workflow's activities for mode `full`: month-sized
 *    pieces, one after another, as the workflow runs them) against 5 minutes;
 * 2. the hourly incremental roll-up (yesterday and today) against 10 s;
 * 3. with autocannon at BENCH_RATE requests/s (50) for BENCH_SECONDS (10) each, p50/p95/p99 of the
 *    Command Center's calls (NPS by month for the year, response rate by day for 30 days, the physician
 *    ratings) against p95 ≤ 300 ms, each beside the same question answered by one plain SQL aggregate
 *    over the raw rows (median of 3 runs) and the ratio API p95 ÷ plain SQL.
 *
 * Only 127.0.0.1; stops by itself (BENCH_TIMEOUT_S, 3600 s, at most); removes its temporary data dir.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { loadConfig } from '../config';
import { createLogger } from '../config/logger';
import { hashPassword } from '../api/auth/passwords';
import { startApi } from '../api/server';
import { kpiActivities } from '../activities/analytics/kpiActivities';
import { addDays, riyadhDate, riyadhMidnight } from '../activities/analytics/periods';
import { connectOrm, migrate } from '../models/orm';
import { seed } from '../models/seed';
import { startEmbeddedPostgres } from '../workers/local/embeddedPostgres';
import { freePort } from '../workers/local/processes';
import { connectTemporal } from '../workers/temporalClient';

const SURVEYS = Number(process.env.BENCH_SURVEYS ?? 1_000_000);
const COMPLAINTS = Number(process.env.BENCH_COMPLAINTS ?? 200_000);
const PHYSICIANS = Number(process.env.BENCH_PHYSICIANS ?? 200);
const RATE = Number(process.env.BENCH_RATE ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_S ?? 3600);
const GOAL = { p95Ms: 300, fullS: 300, incrementalS: 10 };
const ADMIN = { email: 'bench@px360.local', password: 'bench-password-for-analytics' };
/** One survey in five is sent and never answered: SURVEYS answered, TOTAL sent. */
const TOTAL = SURVEYS + Math.floor(SURVEYS / 4);
const YEAR_S = 365 * 86_400;

type Orm = Awaited<ReturnType<typeof connectOrm>>;

const seconds = (ms: number) => (ms / 1000).toFixed(1);
const within = (ok: boolean) => (ok ? 'yes' : 'NO');

async function fill(orm: Orm, hospitalId: string): Promise<void> {
  const c = orm.em.getConnection();
  const started = Date.now();
  const [template] = await c.execute<{ id: string; code: string }[]>(`select id, code from survey_template where hospital_id = ? and code <> 'COMPLAINT_RESOLUTION' order by code limit 1`, [hospitalId]);
  // Physicians round-robin over the demo departments, with a few specialties.
  await c.execute(
    `with d as (select array_agg(id order by code) as a from department where hospital_id = ? and deleted_at is null)
     insert into physician (id, created_at, updated_at, hospital_id, department_id, license_no, full_name_en, specialty)
     select gen_random_uuid(), now(), now(), ?, d.a[1 + g % array_length(d.a, 1)], 'BENCH-' || lpad(g::text, 5, '0'), 'Physician ' || g,
            (array['Internal Medicine','Pediatrics','Surgery','Emergency Medicine'])[1 + g % 4]
       from generate_series(0, ?::int - 1) g, d`,
    [hospitalId, hospitalId, PHYSICIANS],
  );
  // Row g (1 = newest) is sent at now − 2 days − g·(year / TOTAL), answered within two days unless g % 5 = 0;
  // its encounter started 3 hours before the send. Ids from md5, so surveys and complaints can point at
  // an encounter without a lookup. Each physician has a quality of their own (−10..+10 points).
  for (let from = 1; from <= TOTAL; from += 100_000) {
    const to = Math.min(TOTAL, from + 99_999);
    const rowArgs = [hospitalId, from, to, PHYSICIANS];
    const rows = `
      with p as (select id, department_id, (row_number() over (order by license_no) - 1)::int as k from physician where hospital_id = ? and license_no like 'BENCH-%'),
           r as (select g, now() - interval '2 days' - (g::float8 * ${YEAR_S} / ${TOTAL}) * interval '1 second' as sent_at from generate_series(?::int, ?::int) g)
      select r.*, p.id as phy, p.department_id as dep, p.k from r join p on p.k = r.g % ?::int`;
    await c.execute(
      `insert into encounter (id, created_at, updated_at, hospital_id, visit_number, workflow_id, journey_code, journey_version, attending_physician_id, department_id, patient_class, status, started_at, last_event_at, ended_at)
       select md5('bench-e' || x.g)::uuid, x.sent_at, x.sent_at, ?, 'B' || x.g, 'encounter:DEMO:B' || x.g, (array['OPD','ED','IPD'])[1 + x.g % 3], 1, x.phy, x.dep,
              (array['O','E','I'])[1 + x.g % 3], 'completed', x.sent_at - interval '3 hours', x.sent_at - interval '1 hour', x.sent_at - interval '1 hour'
         from (${rows}) x`,
      [hospitalId, ...rowArgs],
    );
    await c.execute(
      `insert into survey_instance (id, created_at, updated_at, hospital_id, workflow_id, template_id, template_code, encounter_id, status, language, channel,
                                    scheduled_for, sent_at, expires_at, completed_at, responded_via, score, nps_category, top_box, negative, negative_reasons)
       select gen_random_uuid(), y.sent_at, y.sent_at, ?, 'survey:bench:' || y.g, ?, ?, md5('bench-e' || y.g)::uuid,
              case when y.answered then 'completed' else 'expired' end, (array['ar','en'])[1 + y.g % 2], 'sms',
              y.sent_at, y.sent_at, y.sent_at + interval '7 days',
              case when y.answered then y.sent_at + ((y.g % 48) || ' hours')::interval end, case when y.answered then 'sms' end,
              case when y.answered then y.score end,
              case when not y.answered then null when y.score >= 85 then 'promoter' when y.score >= 65 then 'passive' else 'detractor' end,
              case when y.answered then round((y.score / 25)::numeric) / 4 end,
              y.answered and y.score < 60, '[]'::jsonb
         from (select x.*, x.g % 5 <> 0 as answered,
                      greatest(0, least(100, 72 + (x.k % 21 - 10) + ((x.g::bigint * 7919) % 61 - 30)))::float8 as score
                 from (${rows}) x) y`,
      [hospitalId, template.id, template.code, ...rowArgs],
    );
  }
  // Complaints over the same year; two in three name one of the encounters; most acknowledged, some late.
  await c.execute(
    `with d as (select array_agg(id order by code) as a from department where hospital_id = ? and deleted_at is null)
     insert into complaint (id, created_at, updated_at, hospital_id, reference_no, department_id, encounter_id, severity, category, description, source_channel, status,
                            language, escalation_level, acknowledge_by, resolve_by, acknowledged_at)
     select gen_random_uuid(), t, t, ?, 'CMP-BENCH-' || g, d.a[1 + g % array_length(d.a, 1)],
            case when g % 3 <> 0 then md5('bench-e' || (1 + (g::bigint * 7) % ${TOTAL}))::uuid end,
            (array['low','medium','high','critical'])[1 + g % 4], 'waiting_time', 'Waited a long time in the clinic.',
            (array['walk_in','phone','moh_937','web'])[1 + g % 4], (array['open','acknowledged','in_progress','resolved','closed'])[1 + g % 5], 'ar', g % 3,
            t + interval '24 hours', t + interval '10 days', case when g % 10 <> 0 then t + ((g * 17) % 36 || ' hours')::interval end
       from (select g, now() - (g::float8 * ${YEAR_S} / ?::int) * interval '1 second' as t from generate_series(1, ?::int) g) s, d`,
    [hospitalId, hospitalId, COMPLAINTS, COMPLAINTS],
  );
  await c.execute('analyze physician; analyze encounter; analyze survey_instance; analyze complaint');
  const [counts] = await c.execute<{ answered: string; sent: string; encounters: string; complaints: string }[]>(
    `select (select count(*) from survey_instance where status = 'completed') as answered, (select count(*) from survey_instance) as sent,
            (select count(*) from encounter) as encounters, (select count(*) from complaint) as complaints`,
  );
  const n = (s: string) => Number(s).toLocaleString('en');
  console.log(
    `filled ${n(counts.answered)} answered of ${n(counts.sent)} sent surveys, ${n(counts.encounters)} encounters, ${PHYSICIANS} physicians, ${n(counts.complaints)} complaints in ${seconds(Date.now() - started)} s`,
  );
}

/** Median of three runs of a query, in ms (the first also warms the cache the API would find warm). */
async function plainSql(orm: Orm, sql: string, args: unknown[]): Promise<{ ms: number; rows: Record<string, unknown>[] }> {
  const times: number[] = [];
  let rows: Record<string, unknown>[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    rows = await orm.em.getConnection().execute(sql, args);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { ms: times[1], rows };
}

/** autocannon at a fixed rate; percentiles from every response's own time (autocannon's summary has no p95). */
async function measure(url: string, token: string): Promise<{ p50: number; p95: number; p99: number; rps: number; errors: number }> {
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url, connections: CONNECTIONS, duration: SECONDS, overallRate: RATE, timeout: 30, headers: { authorization: `Bearer ${token}` } }, (error, r) =>
      error ? reject(error) : resolve(r),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
  times.sort((a, b) => a - b);
  const at = (q: number) => (times.length ? times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)] : NaN);
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), rps: result.requests.average, errors: result.errors + result.non2xx + result.timeouts };
}

async function main(): Promise<void> {
  const log = createLogger('warn', 'bench');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'px360-bench-analytics-'));
  fs.chmodSync(dataDir, 0o755);
  let postgres: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    await postgres?.stop().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const watchdog = setTimeout(() => {
    console.error(`bench:analytics: still running after ${TIMEOUT_S} s, stopping`);
    void cleanup().finally(() => process.exit(1));
  }, TIMEOUT_S * 1000);
  watchdog.unref();

  postgres = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dataDir, port: await freePort(), log });
  const orm = await connectOrm(process.env.DATABASE_URL ?? postgres!.url);
  // No Temporal: the roll-up activities are called directly, and the analytics reads are SQL.
  const temporal = connectTemporal(`127.0.0.1:${await freePort()}`, 'default');
  const lines: string[] = [];
  try {
    await migrate(orm);
    await seed(orm.em.fork(), { adminEmail: ADMIN.email, adminPassword: ADMIN.password, demo: true, hashPassword });
    const [hospital] = await orm.em.getConnection().execute<{ id: string }[]>(`select id from hospital where code = 'DEMO'`);
    await fill(orm, hospital.id);
    const activities = kpiActivities({ orm, log });

    // 1. Full nightly roll-up, as the workflow runs it: plan, then each month-sized piece in turn.
    let t = performance.now();
    const fullChunks = await activities.planKpiRollup({ mode: 'full', hospitalId: hospital.id });
    let figures = 0;
    for (const chunk of fullChunks) figures += await activities.rollupKpiRange(chunk);
    const fullMs = performance.now() - t;
    const [stored] = await orm.em.getConnection().execute<{ n: string }[]>(`select count(*) as n from kpi_value`);
    console.log(`full roll-up: ${fullChunks.length} pieces, ${figures.toLocaleString('en')} figures written (${Number(stored.n).toLocaleString('en')} stored) in ${seconds(fullMs)} s (goal ≤ ${GOAL.fullS} s)`);
    lines.push(`full_rollup_s=${seconds(fullMs)} goal_s=${GOAL.fullS} within_goal=${within(fullMs <= GOAL.fullS * 1000)} pieces=${fullChunks.length} figures=${figures}`);

    // 2. Hourly incremental roll-up: yesterday and today (their day, week and month recomputed whole).
    t = performance.now();
    const hourChunks = await activities.planKpiRollup({ mode: 'incremental', hospitalId: hospital.id });
    let hourFigures = 0;
    for (const chunk of hourChunks) hourFigures += await activities.rollupKpiRange(chunk);
    const hourMs = performance.now() - t;
    console.log(`incremental roll-up: ${hourChunks.length} piece(s), ${hourFigures.toLocaleString('en')} figures in ${seconds(hourMs)} s (goal ≤ ${GOAL.incrementalS} s)`);
    lines.push(`incremental_rollup_s=${seconds(hourMs)} goal_s=${GOAL.incrementalS} within_goal=${within(hourMs <= GOAL.incrementalS * 1000)} pieces=${hourChunks.length} figures=${hourFigures}`);

    // 3. The Command Center's calls, each beside one plain SQL aggregate over the raw rows.
    const today = riyadhDate(new Date());
    const yearFrom = `${addDays(today, -364).slice(0, 7)}-01`;
    const monthFrom = addDays(today, -29);
    const nextDay = riyadhMidnight(addDays(today, 1));
    const sqlNpsByMonth = await plainSql(
      orm,
      `select date_trunc('month', completed_at at time zone 'Asia/Riyadh')::date::text as m,
              round((100.0 * (count(*) filter (where nps_category = 'promoter') - count(*) filter (where nps_category = 'detractor')) / count(nps_category))::numeric, 6)::float8 as nps
         from survey_instance where hospital_id = ? and status = 'completed' and completed_at >= ? and completed_at < ? group by 1 order by 1`,
      [hospital.id, riyadhMidnight(yearFrom), nextDay],
    );
    const sqlResponseByDay = await plainSql(
      orm,
      `select (sent_at at time zone 'Asia/Riyadh')::date as d, count(*) filter (where status = 'completed')::float8 / count(*) as rate
         from survey_instance where hospital_id = ? and sent_at >= ? and sent_at < ? group by 1`,
      [hospital.id, riyadhMidnight(monthFrom), nextDay],
    );
    const sqlPhysicians = await plainSql(
      orm,
      `select e.attending_physician_id, count(*), avg(s.score) from survey_instance s join encounter e on e.id = s.encounter_id
        where s.hospital_id = ? and s.status = 'completed' and s.score is not null
          and s.completed_at >= ((?::date - interval '11 months')::timestamp at time zone 'Asia/Riyadh')
          and s.completed_at < ((?::date + interval '1 month')::timestamp at time zone 'Asia/Riyadh') group by 1`,
      [hospital.id, `${today.slice(0, 7)}-01`, `${today.slice(0, 7)}-01`],
    );

    const config = loadConfig({ NODE_ENV: 'test', PX_JWT_SECRET: 'bench-secret-that-is-at-least-32-characters', PX_LOGIN_RATE_LIMIT: '1000' });
    const api = await startApi({ config, orm, temporal: temporal.client, log, jwtSecret: config.auth.jwtSecret!, taskQueue: 'px360-bench', probes: {} }, 0, '127.0.0.1');
    try {
      const base = `http://127.0.0.1:${api.port}`;
      const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
      const { accessToken } = (await login.json()) as { accessToken: string };
      const npsRoute = `/api/v1/analytics/kpis?hospitalCode=DEMO&metric=nps&period=month&from=${yearFrom}&to=${today}`;

      // The API's NPS by month must be the plain aggregate's.
      const api12 = (await (await fetch(base + npsRoute, { headers: { authorization: `Bearer ${accessToken}` } })).json()) as { items: { periodStart: string; value: number }[] };
      const bySql = new Map(sqlNpsByMonth.rows.map((r) => [String(r.m), Number(r.nps)]));
      const diff = Math.max(...api12.items.map((i) => Math.abs(i.value - (bySql.get(i.periodStart) ?? NaN))));
      const agrees = api12.items.length === bySql.size && diff < 1e-6;
      if (!agrees) for (const i of api12.items) console.error(`  ${i.periodStart}: API ${i.value} plain SQL ${bySql.get(i.periodStart)}`);
      console.log(`NPS by month: the API's ${api12.items.length} months ${agrees ? 'equal' : 'DIFFER FROM'} the plain aggregate's ${bySql.size} (largest difference ${diff.toExponential(1)} points)`);
      lines.push(`nps_month_equals_plain_sql=${agrees ? 'yes' : 'NO'} months=${api12.items.length}`);

      console.log(`autocannon: ${RATE} requests/s for ${SECONDS} s per endpoint, ${CONNECTIONS} connections, ${os.cpus().length} cores (shared: figures are noisy)`);
      const endpoints: [string, string, number][] = [
        ['kpis_nps_month_12m', npsRoute, sqlNpsByMonth.ms],
        ['kpis_response_rate_day_30d', `/api/v1/analytics/kpis?hospitalCode=DEMO&metric=response_rate&period=day&from=${monthFrom}&to=${today}`, sqlResponseByDay.ms],
        ['physicians', '/api/v1/analytics/physicians?hospitalCode=DEMO', sqlPhysicians.ms],
      ];
      for (const [name, route, sqlMs] of endpoints) {
        // One request at a time first: what a request costs without queueing behind others.
        const serial: number[] = [];
        for (let i = 0; i < 5; i++) {
          const t0 = performance.now();
          const res = await fetch(base + route, { headers: { authorization: `Bearer ${accessToken}` } });
          await res.arrayBuffer();
          serial.push(performance.now() - t0);
        }
        serial.sort((a, b) => a - b);
        console.log(`${name.padEnd(28)} one at a time: median ${serial[2].toFixed(1)} ms of 5`);
        const r = await measure(base + route, accessToken);
        const ratio = r.p95 / sqlMs;
        console.log(
          `${name.padEnd(28)} p50 ${r.p50.toFixed(1).padStart(7)} ms  p95 ${r.p95.toFixed(1).padStart(7)} ms (goal ≤ ${GOAL.p95Ms})  p99 ${r.p99.toFixed(1).padStart(7)} ms  ${r.rps.toFixed(0).padStart(4)} req/s  errors ${r.errors}` +
            `  | plain SQL ${sqlMs.toFixed(1)} ms, API p95 ÷ SQL ${ratio.toFixed(2)}`,
        );
        lines.push(
          `${name}_serial_ms=${serial[2].toFixed(1)} ${name}_p50_ms=${r.p50.toFixed(1)} ${name}_p95_ms=${r.p95.toFixed(1)} ${name}_p99_ms=${r.p99.toFixed(1)} goal_p95_ms=${GOAL.p95Ms} within_goal=${within(r.p95 <= GOAL.p95Ms)} errors=${r.errors} plain_sql_ms=${sqlMs.toFixed(1)} api_p95_over_sql=${ratio.toFixed(2)}`,
        );
      }
    } finally {
      await api.close();
    }
  } finally {
    clearTimeout(watchdog);
    await temporal.close().catch(() => undefined);
    await orm.close();
    await cleanup();
  }
  console.log(lines.join('\n'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
