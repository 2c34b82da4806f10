/**
 * Physician ratings from the database: the answered surveys of each physician's encounters (the
 * encounter's attending physician; complaint-resolution surveys left out), over the 12 months by response date ending with a month, in
 * the hospital's time zone; rated by ./physicianRatings.ts; stored one row per physician and month.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Orm } from '../../models/orm';
import { ratePhysicians, type PhysicianRating, type PhysicianScores } from './physicianRatings';

export interface RatedPhysician extends PhysicianRating {
  hospitalId: string;
  departmentId: string | null;
  specialty: string | null;
  fullNameEn: string;
  fullNameAr: string | null;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The month (YYYY-MM) it is now in a time zone. */
export function currentMonth(timeZone: string, now = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(now);
  return `${parts.find((p) => p.type === 'year')!.value}-${parts.find((p) => p.type === 'month')!.value}`;
}

/** Rates a hospital's physicians for the 12 months ending with `month` (default: this month there). */
export async function computePhysicianRatings(em: EntityManager, input: { hospitalId: string; month?: string; now?: Date }): Promise<{ month: string; ratings: RatedPhysician[] }> {
  const [hospital] = await em.execute<{ timezone: string }[]>(`select timezone from hospital where id = ?`, [input.hospitalId]);
  if (!hospital) throw new Error('unknown hospital');
  const month = input.month ?? currentMonth(hospital.timezone, input.now);
  if (!MONTH.test(month)) throw new Error(`month must be YYYY-MM, got ${month}`);
  const first = `${month}-01`;
  // One aggregate per physician: n, mean and Σ(x − mean)², all the statistics need.
  const rows = await em.execute<
    { physician_id: string; department_id: string | null; specialty: string | null; full_name_en: string; full_name_ar: string | null; n: number; mean: number; sum_squares: number }[]
  >(
    `select p.id as physician_id, p.department_id, p.specialty, p.full_name_en, p.full_name_ar,
            count(*)::int as n, avg(si.score)::float8 as mean,
            (coalesce(var_samp(si.score), 0) * (count(*) - 1))::float8 as sum_squares
       from survey_instance si
       join encounter e on e.id = si.encounter_id
       join physician p on p.id = e.attending_physician_id and p.hospital_id = si.hospital_id and p.deleted_at is null
      where si.hospital_id = ? and si.status = 'completed' and si.score is not null
        -- a complaint's resolution survey rates the complaint handling, not the physician
        and si.complaint_id is null
        and si.completed_at >= ((?::date - interval '11 months')::timestamp at time zone ?)
        and si.completed_at < ((?::date + interval '1 month')::timestamp at time zone ?)
      group by p.id`,
    // Bounds from parameters only, so the range is read off survey_instance_hospital_completed_index.
    [input.hospitalId, first, hospital.timezone, first, hospital.timezone],
  );
  const byId = new Map(rows.map((r) => [r.physician_id, r]));
  const summaries: PhysicianScores[] = rows.map((r) => ({
    physicianId: r.physician_id,
    departmentId: r.department_id,
    specialty: r.specialty,
    n: Number(r.n),
    mean: Number(r.mean),
    sumSquares: Math.max(0, Number(r.sum_squares)),
  }));
  const ratings = ratePhysicians(summaries).map((rating) => {
    const row = byId.get(rating.physicianId)!;
    return { ...rating, hospitalId: input.hospitalId, departmentId: row.department_id, specialty: row.specialty, fullNameEn: row.full_name_en, fullNameAr: row.full_name_ar };
  });
  return { month, ratings };
}

/**
 * Computes and stores a month's ratings for a hospital. Idempotent: the month's rows of the
 * hospital are replaced in one transaction, so a re-run never adds and a physician with no
 * answers left has no row.
 */
export async function storePhysicianRatings(em: EntityManager, input: { hospitalId: string; month?: string; now?: Date }): Promise<{ month: string; written: number }> {
  const { month, ratings } = await computePhysicianRatings(em, input);
  const first = `${month}-01`;
  const computedAt = input.now ?? new Date();
  await em.transactional(async (tx) => {
    const ids = ratings.map((r) => r.physicianId);
    await tx.execute(`delete from physician_monthly_rating where month = ? and (hospital_id = ? or physician_id = any(?::uuid[]))`, [first, input.hospitalId, `{${ids.join(',')}}`]);
    for (let i = 0; i < ratings.length; i += 500) {
      const chunk = ratings.slice(i, i + 500);
      await tx.execute(
        `insert into physician_monthly_rating (id, created_at, updated_at, physician_id, hospital_id, month, n, raw_mean, score, low, high, reliability, rank, stars, computed_at)
         values ${chunk.map(() => '(gen_random_uuid(), now(), now(), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
        chunk.flatMap((r) => [r.physicianId, input.hospitalId, first, r.n, r.rawMean, r.score, r.low, r.high, r.reliability, r.rank, r.stars, computedAt]),
      );
    }
  });
  return { month, written: ratings.length };
}

/** Activities: a month's ratings for one hospital, or for every hospital (the monthly run). */
/** The calendar month before the one `now` falls in, in Riyadh (UTC+03:00 all year), as YYYY-MM. */
export function monthBefore(now: Date): string {
  const riyadh = new Date(now.getTime() + 3 * 3_600_000);
  const year = riyadh.getUTCFullYear();
  const month = riyadh.getUTCMonth(); // 0-based: this is already "one before" in 1-based terms
  return month === 0 ? `${year - 1}-12` : `${year}-${String(month).padStart(2, '0')}`;
}

export function physicianRatingActivities({ orm }: { orm: Orm }) {
  return {
    async storePhysicianRatings(input: { hospitalId: string; month?: string }): Promise<{ month: string; written: number }> {
      return storePhysicianRatings(orm.em.fork() as EntityManager, input);
    },
    /**
     * Every hospital's ratings for `month` (YYYY-MM); `previousMonth` rates the month that just ended
     * in Riyadh, as the monthly schedule does on the 1st.
     */
    async storeAllPhysicianRatings(input: { month?: string; previousMonth?: boolean } = {}): Promise<{ hospitals: number; written: number; month?: string }> {
      const em = orm.em.fork() as EntityManager;
      const month = input.month ?? (input.previousMonth ? monthBefore(new Date()) : undefined);
      const hospitals = await em.execute<{ id: string }[]>(`select id from hospital where deleted_at is null order by code`);
      let written = 0;
      for (const h of hospitals) written += (await storePhysicianRatings(orm.em.fork() as EntityManager, { hospitalId: h.id, month })).written;
      return { hospitals: hospitals.length, written, month };
    },
  };
}
