/**
 * The KPI engine: aggregates raw rows (survey instances, complaints, encounters) of one hospital
 * into figures per metric, scope (hospital, department, physician, journey) and Riyadh calendar
 * period, and writes them to `kpi_value`. A run for a period replaces its rows (delete, then
 * insert-or-update on the unique key), so re-running never adds. The API reads history from
 * `kpi_value` and computes the current period straight from the raw rows.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { KpiMetric, KpiPeriod, KpiScopeType } from '../../models/entities/analytics';
import { coveringRange, nextPeriodStart, riyadhMidnight } from './periods';
import { mean, nps, perThousand, proportion, topBox, type Figure } from './statistics';

export const KPI_METRICS: KpiMetric[] = ['nps', 'mean_score', 'top_box', 'response_rate', 'negative_rate', 'complaints_per_1000', 'ack_within_sla'];

export interface KpiRow extends Figure {
  metric: KpiMetric;
  scopeType: KpiScopeType;
  scopeId: string;
  period: KpiPeriod;
  periodStart: string;
}

const BUCKET: Record<KpiPeriod, (ts: string) => string> = {
  day: (ts) => `((${ts}) at time zone 'Asia/Riyadh')::date`,
  // extract(dow) is 0 on Sunday: weeks start on Sunday.
  week: (ts) => `(((${ts}) at time zone 'Asia/Riyadh')::date - extract(dow from (${ts}) at time zone 'Asia/Riyadh')::int)`,
  month: (ts) => `date_trunc('month', (${ts}) at time zone 'Asia/Riyadh')::date`,
};

const GROUPS = `grouping sets ((b), (b, dep), (b, phy), (b, jou))`;
const SCOPE_COLUMNS = `b::text as b, grouping(dep) as gd, grouping(phy) as gp, grouping(jou) as gj, dep, phy, jou`;

interface GroupRow {
  b: string;
  gd: number;
  gp: number;
  gj: number;
  dep: string | null;
  phy: string | null;
  jou: string | null;
  [column: string]: unknown;
}

/** The scope a grouping-sets row stands for; null for "no department/physician/journey". */
function scopeOf(row: GroupRow, hospitalId: string): { scopeType: KpiScopeType; scopeId: string } | null {
  if (Number(row.gd) === 0) return row.dep ? { scopeType: 'department', scopeId: row.dep } : null;
  if (Number(row.gp) === 0) return row.phy ? { scopeType: 'physician', scopeId: row.phy } : null;
  if (Number(row.gj) === 0) return row.jou ? { scopeType: 'journey', scopeId: row.jou } : null;
  return { scopeType: 'hospital', scopeId: hospitalId };
}

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

/**
 * Every figure of a hospital for the periods of type `period` overlapping [from, to] (Riyadh
 * dates), each period computed over all its days. `now` decides which acknowledgements are due.
 */
export async function computeKpis(
  em: EntityManager,
  input: {
    hospitalId: string;
    period: KpiPeriod;
    from: string;
    to: string;
    now?: Date;
    /** Only this metric (skips the queries others need). */
    metric?: KpiMetric;
    /** Only rows of this department, physician or journey (the API's live figure for one scope). */
    scope?: { scopeType: KpiScopeType; scopeId: string };
  },
): Promise<KpiRow[]> {
  const { hospitalId, period } = input;
  const wants = (...metrics: KpiMetric[]) => !input.metric || metrics.includes(input.metric);
  const scopeColumn = { hospital: null, department: 'dep', physician: 'phy', journey: 'jou' }[input.scope?.scopeType ?? 'hospital'];
  // Applied to the source rows, so the figures of that scope are whole (other scopes' are not, and are dropped).
  const scopeWhere = scopeColumn ? `where ${scopeColumn} = ?` : '';
  const scopeArgs = scopeColumn ? [input.scope!.scopeId] : [];
  const range = coveringRange(input.from, input.to, period);
  const start = riyadhMidnight(range.from);
  const end = riyadhMidnight(nextPeriodStart(range.to, 'day'));
  const now = input.now ?? new Date();
  const conn = em.getConnection();
  const bucket = BUCKET[period];
  const rows: KpiRow[] = [];
  const push = (row: GroupRow, metric: KpiMetric, figure: Figure) => {
    const scope = scopeOf(row, hospitalId);
    if (!scope) return;
    if (input.scope && (scope.scopeType !== input.scope.scopeType || scope.scopeId !== input.scope.scopeId)) return;
    rows.push({ metric, ...scope, period, periodStart: row.b, ...figure });
  };

  const surveySource = (ts: string, where: string) => `
    with src as (
      select ${bucket(ts)} as b, coalesce(e.department_id, c.department_id)::text as dep,
             e.attending_physician_id::text as phy, e.journey_code as jou, s.*
        from survey_instance s
        left join encounter e on e.id = s.encounter_id
        left join complaint c on c.id = s.complaint_id
       where s.hospital_id = ? and ${ts} >= ? and ${ts} < ? and ${where}
    )`;

  const answered: GroupRow[] = !wants('nps', 'mean_score', 'top_box', 'negative_rate') ? [] : await conn.execute(
    `${surveySource('s.completed_at', `s.status = 'completed'`)}
     select ${SCOPE_COLUMNS}, count(*) as completed,
            count(*) filter (where negative) as negatives,
            count(score) as scored, coalesce(sum(score), 0) as score_sum, coalesce(sum(score * score), 0) as score_squares,
            count(nps_category) as nps_n,
            count(*) filter (where nps_category = 'promoter') as promoters,
            count(*) filter (where nps_category = 'detractor') as detractors,
            count(top_box) as top_n, coalesce(sum(top_box), 0) as top_sum
       from src ${scopeWhere} group by ${GROUPS}`,
    [hospitalId, start, end, ...scopeArgs],
  );
  for (const r of answered) {
    if (num(r.nps_n) > 0) push(r, 'nps', nps({ promoters: num(r.promoters), detractors: num(r.detractors), n: num(r.nps_n) }));
    if (num(r.scored) > 0) push(r, 'mean_score', mean({ sum: num(r.score_sum), sumSquares: num(r.score_squares), n: num(r.scored) }));
    if (num(r.top_n) > 0) push(r, 'top_box', topBox({ sumShares: num(r.top_sum), n: num(r.top_n) }));
    push(r, 'negative_rate', proportion(num(r.negatives), num(r.completed)));
  }

  // Response rate belongs to the period the survey was sent in: of those sent, the share answered.
  const sent: GroupRow[] = !wants('response_rate') ? [] : await conn.execute(
    `${surveySource('s.sent_at', 's.sent_at is not null')}
     select ${SCOPE_COLUMNS}, count(*) as sent, count(*) filter (where status = 'completed') as answered
       from src ${scopeWhere} group by ${GROUPS}`,
    [hospitalId, start, end, ...scopeArgs],
  );
  for (const r of sent) push(r, 'response_rate', proportion(num(r.answered), num(r.sent)));

  // Complaints by the period they were raised in; an acknowledgement counts once it is due or done.
  const complaints: GroupRow[] = !wants('complaints_per_1000', 'ack_within_sla') ? [] : await conn.execute(
    `with src as (
       select ${bucket('c.created_at')} as b, c.department_id::text as dep, e.attending_physician_id::text as phy,
              e.journey_code as jou, c.acknowledge_by, c.acknowledged_at
         from complaint c left join encounter e on e.id = c.encounter_id
        where c.hospital_id = ? and c.created_at >= ? and c.created_at < ?
     )
     select ${SCOPE_COLUMNS}, count(*) as complaints,
            count(*) filter (where acknowledge_by is not null and (acknowledged_at is not null or acknowledge_by < ?)) as ack_due,
            count(*) filter (where acknowledge_by is not null and acknowledged_at is not null and acknowledged_at <= acknowledge_by) as ack_in_time
       from src ${scopeWhere} group by ${GROUPS}`,
    [hospitalId, start, end, now, ...scopeArgs],
  );
  const encounters: GroupRow[] = !wants('complaints_per_1000') ? [] : await conn.execute(
    `with src as (
       select ${bucket('e.started_at')} as b, e.department_id::text as dep, e.attending_physician_id::text as phy, e.journey_code as jou
         from encounter e where e.hospital_id = ? and e.started_at >= ? and e.started_at < ?
     )
     select ${SCOPE_COLUMNS}, count(*) as encounters from src ${scopeWhere} group by ${GROUPS}`,
    [hospitalId, start, end, ...scopeArgs],
  );
  const key = (r: GroupRow) => `${r.b}|${r.gd}${r.gp}${r.gj}|${r.dep ?? ''}|${r.phy ?? ''}|${r.jou ?? ''}`;
  const complaintsBy = new Map(complaints.map((r) => [key(r), r]));
  const encountersBy = new Map(encounters.map((r) => [key(r), r]));
  for (const k of new Set([...complaintsBy.keys(), ...encountersBy.keys()])) {
    const c = complaintsBy.get(k);
    const e = encountersBy.get(k);
    if (wants('complaints_per_1000')) push((c ?? e)!, 'complaints_per_1000', perThousand(num(c?.complaints), num(e?.encounters)));
    if (c && num(c.ack_due) > 0 && wants('ack_within_sla')) push(c, 'ack_within_sla', proportion(num(c.ack_in_time), num(c.ack_due)));
  }
  return rows;
}

/**
 * Recomputes and stores a hospital's figures for every period (day, week, month) overlapping
 * [from, to]. Idempotent: the rows of those periods are replaced in one transaction.
 */
export async function rollupKpis(em: EntityManager, input: { hospitalId: string; from: string; to: string; periods?: KpiPeriod[]; now?: Date }): Promise<number> {
  let written = 0;
  for (const period of input.periods ?? (['day', 'week', 'month'] as KpiPeriod[])) {
    const rows = await computeKpis(em, { ...input, period });
    const range = coveringRange(input.from, input.to, period);
    const computedAt = input.now ?? new Date();
    await em.transactional(async (tx) => {
      // tx.execute runs inside this transaction; tx.getConnection().execute would not.
      await tx.execute(`delete from kpi_value where hospital_id = ? and period = ? and period_start between ? and ?`, [input.hospitalId, period, range.from, range.to]);
      for (let i = 0; i < rows.length; i += 500) {
        const chunk = rows.slice(i, i + 500);
        await tx.execute(
          `insert into kpi_value (id, hospital_id, metric, scope_type, scope_id, period, period_start, value, numerator, denominator, n, low, high, computed_at)
           values ${chunk.map(() => '(gen_random_uuid(), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
           on conflict (metric, scope_type, scope_id, period, period_start) do update set
             value = excluded.value, numerator = excluded.numerator, denominator = excluded.denominator, n = excluded.n,
             low = excluded.low, high = excluded.high, computed_at = excluded.computed_at`,
          chunk.flatMap((r) => [input.hospitalId, r.metric, r.scopeType, r.scopeId, period, r.periodStart, r.value, r.numerator, r.denominator, r.n, r.low ?? null, r.high ?? null, computedAt]),
        );
      }
    });
    written += rows.length;
  }
  return written;
}
