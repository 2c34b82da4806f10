/**
 * Complaints and actions are stored first and their workflows started second. When the start
 * fails (Temporal down, a timeout), the row keeps `workflow_started_at` null and this sweep starts
 * it later, so an accepted complaint always gets its SLA clock.
 */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Logger } from '../config/logger';
import type { Orm } from '../models/orm';
import type { CaseInput } from '../workflows/caseTypes';

export type CaseWorkflow = 'complaint' | 'pxAction';

const TABLE: Record<CaseWorkflow, string> = { complaint: 'complaint', pxAction: 'px_action' };

/**
 * Starts a case's workflow and records that it runs. True when it runs (now or already); false
 * when Temporal could not be reached, leaving the row for the sweep.
 */
export async function startCase(deps: { orm: Orm; temporal: Client; taskQueue: string; log: Logger }, workflowType: CaseWorkflow, workflowId: string, input: CaseInput): Promise<boolean> {
  try {
    await deps.temporal.workflow.start(workflowType, { taskQueue: deps.taskQueue, workflowId, args: [input] });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) {
      deps.log.error({ err: error, workflowId }, 'case stored but its workflow could not be started yet; the case starter will try again');
      return false;
    }
    // Started by an earlier attempt whose answer was lost, as a rule; a reference number reused
    // against the same Temporal namespace (a database reset without Temporal's) would also land here.
    deps.log.warn({ workflowId }, 'case workflow already running');
  }
  await deps.orm.em.fork().getConnection().execute(`update "${TABLE[workflowType]}" set "workflow_started_at" = now() where "id" = ?`, [input.id]);
  return true;
}

export class CaseStarter {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(private readonly deps: { orm: Orm; temporal: Client; taskQueue: string; log: Logger; intervalMs?: number; graceMs?: number }) {}

  start(): void {
    const every = this.deps.intervalMs ?? 15_000;
    this.timer = setInterval(() => {
      this.running ??= this.sweep()
        .then(() => undefined, (error) => this.deps.log.warn({ err: error }, 'case starter sweep failed'))
        .finally(() => (this.running = undefined));
    }, every);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Starts the workflows of cases older than the grace period that have none; returns how many. */
  async sweep(): Promise<number> {
    const graceSeconds = (this.deps.graceMs ?? 10_000) / 1000;
    const connection = this.deps.orm.em.fork().getConnection();
    let started = 0;
    for (const workflowType of ['complaint', 'pxAction'] as const) {
      const rows = await connection.execute<{ id: string; reference_no: string; workflow_id: string; hospital_id: string; code: string }[]>(
        `select c."id", c."reference_no", c."workflow_id", c."hospital_id", h."code" from "${TABLE[workflowType]}" c join "hospital" h on h."id" = c."hospital_id"
         where c."workflow_started_at" is null and c."workflow_id" is not null and c."created_at" < now() - make_interval(secs => ?)
         order by c."created_at" limit 50`,
        [graceSeconds],
      );
      for (const row of rows) {
        const input = { id: row.id, referenceNo: row.reference_no, hospitalId: row.hospital_id, hospitalCode: row.code };
        if (await startCase(this.deps, workflowType, row.workflow_id, input)) started += 1;
        else return started; // Temporal is still away: try the rest next time.
      }
    }
    if (started) this.deps.log.info({ started }, 'started case workflows the API could not');
    return started;
  }
}
