/**
 * `npm run seed:history -- --months 12 [--seed 1] [--scale 1]`: a realistic, synthetic year of the DEMO
 * hospital (encounters, surveys and answers, complaints, PX actions) in the configured database, then
 * the KPI roll-up for that range so the Command Center shows it at once.
 *
 * The database is the one `npm start` uses: DATABASE_URL when set, else the embedded PostgreSQL in
 * PX_DATA_DIR (reused when `npm start` is running, else started for the run and stopped after).
 *
 * Re-running replaces: every row it wrote before (visit numbers, MRNs and reference numbers marked
 * `HIST`) is deleted first, in the same transaction as the new rows. Nothing else is touched.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { rollupKpis } from '../activities/analytics/kpiEngine';
import { loadConfig } from '../config';
import { createLogger } from '../config/logger';
import { isPortInUse } from './local/processes';
import { startEmbeddedPostgres } from './local/embeddedPostgres';
import { connectOrm } from '../models/orm';
import type { ScoringTemplate } from '../models/rules/scoring';
import { SurveyQuestion, SurveyTemplate } from '../models/entities';
import { generateHistory, HISTORY_MARK, type HistoryRows } from './seedHistory/generate';

export interface SeedHistoryOptions {
  months: number;
  seed?: number;
  /** 1 ≈ 80,000 encounters a year. */
  scale?: number;
  now?: Date;
}

export interface SeedHistoryResult {
  from: string;
  to: string;
  interventionDate: string;
  rows: Record<keyof HistoryRows, number>;
  kpiFigures: number;
  seconds: number;
  /** Seconds spent making the rows, replacing them in the database, and rolling the KPIs up. */
  phases: { generate: number; write: number; rollup: number };
}

const HISTORY_PHYSICIANS: { en: string; ar: string; specialty: string; department: string }[] = [
  { en: 'Dr. Hala Example', ar: 'د. هالة التجريبية', specialty: 'Emergency Medicine', department: 'ED' },
  { en: 'Dr. Sami Sample', ar: 'د. سامي العينة', specialty: 'Emergency Medicine', department: 'ED' },
  { en: 'Dr. Rana Demo', ar: 'د. رنا العرضية', specialty: 'Emergency Medicine', department: 'ED' },
  { en: 'Dr. Tariq Testov', ar: 'د. طارق التجريبي', specialty: 'Internal Medicine', department: 'IM' },
  { en: 'Dr. Dana Placeholder', ar: 'د. دانة الافتراضية', specialty: 'Internal Medicine', department: 'IM' },
  { en: 'Dr. Majed Synthetic', ar: 'د. ماجد النموذجي', specialty: 'Cardiology', department: 'CARD' },
  { en: 'Dr. Lina Example', ar: 'د. لينا المثالية', specialty: 'Cardiology', department: 'CARD' },
  { en: 'Dr. Waleed Sample', ar: 'د. وليد العينة', specialty: 'General Surgery', department: 'SURG' },
  { en: 'Dr. Amal Demo', ar: 'د. أمل العرضية', specialty: 'General Surgery', department: 'SURG' },
  { en: 'Dr. Nasser Testov', ar: 'د. ناصر التجريبي', specialty: 'Paediatrics', department: 'PED' },
  { en: 'Dr. Ruba Placeholder', ar: 'د. ربى الافتراضية', specialty: 'Paediatrics', department: 'PED' },
  { en: 'Dr. Fahad Synthetic', ar: 'د. فهد النموذجي', specialty: 'Family Medicine', department: 'OPD' },
];

const riyadhDate = (t: Date) => new Date(t.getTime() + 3 * 3_600_000).toISOString().slice(0, 10);
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
function addMonths(date: string, months: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

type Sql = { raw(sql: string, bindings?: unknown[]): PromiseLike<unknown> };

/**
 * Inserts rows of one table in batches, each batch one statement over a JSON array bound as a real
 * parameter (knex, not the ORM's execute, which would inline megabytes of JSON into the SQL text).
 */
async function insertRows(trx: Sql, table: string, rows: Record<string, unknown>[], conflict = '', batch = 5000): Promise<void> {
  if (!rows.length) return;
  const columns = Object.keys(rows[0]);
  const list = columns.map((c) => `"${c}"`).join(', ');
  for (let i = 0; i < rows.length; i += batch) {
    await trx.raw(`insert into "${table}" (${list}) select ${list} from json_populate_recordset(null::"${table}", ?::json) ${conflict}`, [JSON.stringify(rows.slice(i, i + batch))]);
  }
}

/**
 * Deletes what an earlier run wrote (only rows carrying the HIST mark), dependants first. Patients are
 * kept: their ids follow from their MRNs, so a re-run updates them in place.
 */
async function deletePrevious(trx: Sql, hospitalId: string): Promise<void> {
  const mark = `${HISTORY_MARK}-%`;
  await trx.raw(`delete from px_action where hospital_id = ? and reference_no like ?`, [hospitalId, `ACT-${mark}`]);
  await trx.raw(`delete from complaint where hospital_id = ? and reference_no like ?`, [hospitalId, `CMP-${mark}`]);
  // survey_response goes with its survey (on delete cascade).
  await trx.raw(`delete from survey_instance where hospital_id = ? and workflow_id like ?`, [hospitalId, `survey:${HISTORY_MARK}:%`]);
  await trx.raw(`delete from encounter where hospital_id = ? and visit_number like ?`, [hospitalId, mark]);
}

/** Writes the history of the last `months` months (up to yesterday) into the DEMO hospital. */
export async function seedHistory(em: EntityManager, options: SeedHistoryOptions): Promise<SeedHistoryResult> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const to = addDays(riyadhDate(now), -1);
  const from = addDays(addMonths(to, -options.months), 1);
  const interventionDate = addMonths(riyadhDate(now), -Math.min(5, Math.max(1, Math.floor(options.months / 2))));
  const conn = em.getConnection();
  const [hospital] = await conn.execute<{ id: string }[]>(`select id from hospital where code = 'DEMO'`);
  if (!hospital) throw new Error('no DEMO hospital: run `npm start` once (it seeds it) before seed:history');

  const departments = Object.fromEntries(
    (await conn.execute<{ id: string; code: string }[]>(`select id, code from department where hospital_id = ? and deleted_at is null`, [hospital.id])).map((d) => [d.code, d.id]),
  );
  // A dozen more physicians, created once (kept across runs: ratings and figures point at them).
  for (const [k, p] of HISTORY_PHYSICIANS.entries()) {
    if (!departments[p.department]) continue;
    await conn.execute(
      `insert into physician (id, created_at, updated_at, hospital_id, department_id, license_no, full_name_en, full_name_ar, specialty)
       values (gen_random_uuid(), now(), now(), ?, ?, ?, ?, ?, ?) on conflict (hospital_id, license_no) do nothing`,
      [hospital.id, departments[p.department], `${HISTORY_MARK}-${String(k + 1).padStart(3, '0')}`, p.en, p.ar, p.specialty],
    );
  }
  const codeById = new Map(Object.entries(departments).map(([code, id]) => [id, code]));
  const physicians = (
    await conn.execute<{ id: string; department_id: string }[]>(
      `select id, department_id from physician where hospital_id = ? and deleted_at is null and department_id is not null order by license_no`,
      [hospital.id],
    )
  )
    .map((p) => ({ id: p.id, departmentCode: codeById.get(p.department_id)! }))
    .filter((p) => p.departmentCode);

  const templateFor = async (code: string): Promise<{ id: string; code: string; scoring: ScoringTemplate }> => {
    const template = await em.findOne(SurveyTemplate, { hospitalId: hospital.id, code }, { orderBy: { version: 'desc' } });
    if (!template) throw new Error(`DEMO has no ${code} survey template`);
    const questions = await em.find(SurveyQuestion, { templateId: template.id }, { orderBy: { position: 'asc' } });
    return { id: template.id, code, scoring: { scoringMethod: template.scoringMethod, negativeThreshold: template.negativeThreshold, questions } };
  };
  const templates = { OPD: await templateFor('OPD_VISIT'), EMS: await templateFor('EMERGENCY_DEPARTMENT'), INPATIENT: await templateFor('INPATIENT_STAY') };

  const t0 = performance.now();
  const rows = generateHistory(
    { hospitalId: hospital.id, departments, physicians, templates },
    { from, to, seed: options.seed ?? 1, scale: options.scale ?? 1, interventionDate, now },
  );
  const t1 = performance.now();
  // Figures of days an earlier, longer run covered are recomputed too, so none outlives its rows.
  const [previous] = await conn.execute<{ first: Date | null }[]>(
    `select min(started_at) as first from encounter where hospital_id = ? and visit_number like ?`,
    [hospital.id, `${HISTORY_MARK}-%`],
  );
  const rollupFrom = previous?.first && riyadhDate(new Date(previous.first)) < from ? riyadhDate(new Date(previous.first)) : from;
  const knex = (em.getConnection() as unknown as { getKnex(): { transaction<T>(work: (trx: Sql) => Promise<T>): Promise<T> } }).getKnex();
  await knex.transaction(async (trx) => {
    await deletePrevious(trx, hospital.id);
    const updates = Object.keys(rows.patient[0] ?? {}).filter((c) => !['id', 'created_at', 'hospital_id', 'mrn'].includes(c));
    await insertRows(trx, 'patient', rows.patient, `on conflict (id) do update set ${updates.map((c) => `"${c}" = excluded."${c}"`).join(', ')}`);
    for (const table of ['encounter', 'survey_instance', 'survey_response', 'complaint', 'px_action'] as const) await insertRows(trx, table, rows[table]);
  });
  await conn.execute('analyze patient; analyze encounter; analyze survey_instance; analyze survey_response; analyze complaint; analyze px_action');
  const t2 = performance.now();
  const kpiFigures = await rollupKpis(em, { hospitalId: hospital.id, from: rollupFrom, to, now });
  const t3 = performance.now();
  const counts = Object.fromEntries(Object.entries(rows).map(([t, list]) => [t, list.length])) as Record<keyof HistoryRows, number>;
  return { from, to, interventionDate, rows: counts, kpiFigures, seconds: (t3 - started) / 1000, phases: { generate: (t1 - t0) / 1000, write: (t2 - t1) / 1000, rollup: (t3 - t2) / 1000 } };
}

function argument(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} wants a positive number`);
  return value;
}

async function main(): Promise<void> {
  const months = argument('months', 12);
  const seedValue = argument('seed', 1);
  const scale = argument('scale', 1);
  const config = loadConfig();
  const log = createLogger('warn', 'seed-history');
  let url = config.database.url;
  let stop: (() => Promise<void>) | undefined;
  if (!url) {
    if (await isPortInUse(config.database.embeddedPort)) {
      // `npm start` is running: its embedded server, its database.
      url = `postgres://postgres@127.0.0.1:${config.database.embeddedPort}/px360`;
    } else {
      const postgres = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.database.embeddedPort, log });
      url = postgres.url;
      stop = postgres.stop;
    }
  }
  const orm = await connectOrm(url);
  try {
    const result = await seedHistory(orm.em.fork(), { months, seed: seedValue, scale });
    console.log(`DEMO history ${result.from} … ${result.to} (seed ${seedValue}, scale ${scale}; ED improvement from ${result.interventionDate}); earlier HIST rows replaced`);
    for (const [table, n] of Object.entries(result.rows)) console.log(`  ${table.padEnd(16)} ${n.toLocaleString('en').padStart(9)}`);
    console.log(`  ${'kpi_value'.padEnd(16)} ${result.kpiFigures.toLocaleString('en').padStart(9)} figures rolled up`);
    const p = result.phases;
    console.log(`in ${result.seconds.toFixed(1)} s (generate ${p.generate.toFixed(1)} s, write ${p.write.toFixed(1)} s, KPI roll-up ${p.rollup.toFixed(1)} s)`);
  } finally {
    await orm.close();
    await stop?.();
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
