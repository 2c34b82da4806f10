import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { Logger } from '../config/logger';
import type { KpiRollupInput } from '../activities/analytics/kpiActivities';

/**
 * The Temporal Schedules of the KPI engine: an hourly incremental roll-up (yesterday and today, at
 * five past the hour) and a nightly full recompute (02:30 Riyadh). Created at worker start when
 * missing; an existing schedule is left as it is (an operator may have paused or edited it).
 */
export function analyticsSchedules(prefix = 'px360') {
  return [
    { scheduleId: `${prefix}-kpi-hourly`, cron: '5 * * * *', input: { mode: 'incremental' } satisfies KpiRollupInput },
    { scheduleId: `${prefix}-kpi-nightly`, cron: '30 2 * * *', input: { mode: 'full' } satisfies KpiRollupInput },
  ] as { scheduleId: string; cron: string; input: object; workflowType?: string }[];
}

/** All analytics schedules: the KPI roll-ups, and physician ratings at 03:30 Riyadh on the 1st for the month just ended. */
export function allAnalyticsSchedules(prefix = 'px360') {
  return [...analyticsSchedules(prefix), { scheduleId: `${prefix}-physician-ratings-monthly`, cron: '30 3 1 * *', input: {}, workflowType: 'physicianRatingsMonthly' }];
}

/** Creates the missing schedules; answers the ids it created. */
export async function ensureAnalyticsSchedules(client: Client, options: { taskQueue: string; log: Logger; prefix?: string }): Promise<string[]> {
  const created: string[] = [];
  for (const schedule of allAnalyticsSchedules(options.prefix)) {
    try {
      await client.schedule.create({
        scheduleId: schedule.scheduleId,
        spec: { cronExpressions: [schedule.cron], timezone: 'Asia/Riyadh' },
        action: { type: 'startWorkflow', workflowType: schedule.workflowType ?? 'kpiRollup', workflowId: schedule.scheduleId, args: [schedule.input], taskQueue: options.taskQueue },
        // A run still going when the next is due is left to finish; the next one catches up.
        policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 hour' },
      });
      created.push(schedule.scheduleId);
    } catch (error) {
      if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    }
  }
  if (created.length) options.log.info({ schedules: created }, 'created analytics schedules');
  return created;
}
