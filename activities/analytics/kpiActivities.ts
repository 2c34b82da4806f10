/**
 * Activities of the `kpiRollup` workflow: plan which hospital-ranges to recompute, then recompute
 * each (idempotent, so a retried or repeated run replaces the same rows).
 */
import type { Logger } from '../../config/logger';
import type { Orm } from '../../models/orm';
import { Hospital } from '../../models/entities';
import { addDays, daysBetween, nextPeriodStart, riyadhDate } from './periods';
import { rollupKpis } from './kpiEngine';

export type KpiRollupMode = 'incremental' | 'full' | 'range';

export interface KpiRollupInput {
  /** incremental: yesterday and today; full: everything since the hospital's first row; range: from..to. */
  mode: KpiRollupMode;
  /** One hospital, or every hospital when absent. */
  hospitalId?: string;
  from?: string;
  to?: string;
}

export interface KpiRollupChunk {
  hospitalId: string;
  from: string;
  to: string;
}

/** The longest range a backfill may ask for. */
export const MAX_BACKFILL_DAYS = 731;

export function kpiActivities(deps: { orm: Orm; log: Logger }) {
  return {
    /** The (hospital, month-sized range) pieces a run recomputes, oldest first. */
    async planKpiRollup(input: KpiRollupInput): Promise<KpiRollupChunk[]> {
      const em = deps.orm.em.fork();
      const hospitals = await em.find(Hospital, { deletedAt: null, ...(input.hospitalId ? { id: input.hospitalId } : {}) }, { orderBy: { code: 'asc' } });
      const today = riyadhDate(new Date());
      const chunks: KpiRollupChunk[] = [];
      for (const hospital of hospitals) {
        let from: string;
        let to = today;
        if (input.mode === 'incremental') from = addDays(today, -1);
        else if (input.mode === 'range') {
          if (!input.from || !input.to || input.from > input.to || daysBetween(input.from, input.to) > MAX_BACKFILL_DAYS) throw new Error('a range roll-up needs from <= to, at most two years apart');
          from = input.from;
          to = input.to;
        } else {
          const [first]: { at: Date | null }[] = await em.getConnection().execute(
            `select least(
               (select min(coalesce(sent_at, completed_at, created_at)) from survey_instance where hospital_id = ?),
               (select min(created_at) from complaint where hospital_id = ?),
               (select min(started_at) from encounter where hospital_id = ?)) as at`,
            [hospital.id, hospital.id, hospital.id],
          );
          if (!first?.at) continue;
          from = riyadhDate(new Date(first.at));
        }
        // Month-sized pieces keep each activity short and its retry cheap.
        for (let start = from; start <= to; ) {
          const monthEnd = addDays(nextPeriodStart(`${start.slice(0, 7)}-01`, 'month'), -1);
          const end = monthEnd < to ? monthEnd : to;
          chunks.push({ hospitalId: hospital.id, from: start, to: end });
          start = addDays(end, 1);
        }
      }
      return chunks;
    },

    /** Recomputes one piece; answers how many figures it stored. */
    async rollupKpiRange(chunk: KpiRollupChunk): Promise<number> {
      const written = await rollupKpis(deps.orm.em.fork(), chunk);
      deps.log.debug({ hospitalId: chunk.hospitalId, from: chunk.from, to: chunk.to, written }, 'KPI roll-up');
      return written;
    },
  };
}
