import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { KpiRollupInput } from '../activities/analytics/kpiActivities';

const { planKpiRollup, rollupKpiRange, storeAllPhysicianRatings } = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '2 minutes' },
});

/**
 * The KPI roll-up, started by the hourly (incremental: yesterday and today) and nightly (full)
 * Schedules and by backfills through the API. Each piece is idempotent, so a rerun replaces.
 */
export async function kpiRollup(input: KpiRollupInput): Promise<{ pieces: number; figures: number }> {
  const chunks = await planKpiRollup(input);
  let figures = 0;
  for (const chunk of chunks) figures += await rollupKpiRange(chunk);
  return { pieces: chunks.length, figures };
}

/**
 * Physician ratings of a month (rolling 12 months ending it), for every hospital: run by the monthly
 * Schedule on the 1st for the month just ended, or with a month named. Idempotent per month.
 */
export async function physicianRatingsMonthly(input: { month?: string } = {}): Promise<{ hospitals: number; written: number }> {
  const result = await storeAllPhysicianRatings(input.month ? { month: input.month } : { previousMonth: true });
  return { hospitals: result.hospitals, written: result.written };
}
