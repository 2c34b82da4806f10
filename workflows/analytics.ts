import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { KpiRollupInput } from '../activities/analytics/kpiActivities';

const { planKpiRollup, rollupKpiRange } = proxyActivities<Activities>({
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
