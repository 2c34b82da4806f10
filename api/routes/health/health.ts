import type { ApiServices, DependencyProbe } from '../../context';
import { defineRoute, type RouteSpec } from '../../routing';
import { answerObject } from '../schemaParts';

const PROBE_TIMEOUT_MS = 2_000;
/** How long one round of probes answers every caller: a load balancer polling hard costs one probe per dependency. */
const REPORT_MAX_AGE_MS = 1_500;

interface Check {
  status: 'up' | 'down';
  latencyMs: number;
  error?: string;
}

export interface HealthReport {
  status: 'ok' | 'unavailable';
  down: string[];
  checks: Record<string, Check>;
  checkedAt: string;
}

async function check(probe: DependencyProbe): Promise<Check> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS))),
    ]);
    return { status: 'up', latencyMs: Date.now() - started };
  } catch (error) {
    return { status: 'down', latencyMs: Date.now() - started, error: error instanceof Error ? error.message.split('\n')[0] : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Probes the dependencies for every caller at once: concurrent requests share the round in flight,
 * and a finished round answers for REPORT_MAX_AGE_MS. So a burst of health checks cannot itself
 * make Temporal miss its deadline and report a healthy instance as down.
 */
export class DependencyMonitor {
  private last?: { at: number; report: HealthReport };
  private round?: Promise<HealthReport>;

  constructor(
    private readonly probes: Record<string, DependencyProbe>,
    private readonly maxAgeMs = REPORT_MAX_AGE_MS,
  ) {}

  report(): Promise<HealthReport> {
    if (this.last && Date.now() - this.last.at < this.maxAgeMs) return Promise.resolve(this.last.report);
    this.round ??= this.probeAll().finally(() => (this.round = undefined));
    return this.round;
  }

  private async probeAll(): Promise<HealthReport> {
    const names = Object.keys(this.probes);
    const results = await Promise.all(names.map((name) => check(this.probes[name])));
    const checks = Object.fromEntries(names.map((name, i) => [name, results[i]]));
    const down = names.filter((name) => checks[name].status === 'down');
    const report: HealthReport = { status: down.length ? 'unavailable' : 'ok', down, checks, checkedAt: new Date().toISOString() };
    this.last = { at: Date.now(), report };
    return report;
  }
}

const healthReportView = answerObject({
  status: { type: 'string', enum: ['ok', 'unavailable'] },
  down: { type: 'array', items: { type: 'string' }, description: 'the dependencies that did not answer' },
  checks: {
    type: 'object',
    description: 'by dependency (database, temporal)',
    additionalProperties: answerObject({ status: { type: 'string', enum: ['up', 'down'] }, latencyMs: { type: 'integer', minimum: 0 }, error: { type: 'string' } }, ['error']),
  },
  checkedAt: { type: 'string', format: 'date-time' },
});

/**
 * Liveness (`/health/live`: the process answers; no dependency is asked, so a database outage never
 * gets the process restarted) and readiness (`/health`, `/health/ready`: 200 when every dependency
 * answers, 503 naming those that do not, so a load balancer sends no traffic meanwhile).
 */
export function healthRoutes(services: ApiServices): RouteSpec[] {
  const monitor = new DependencyMonitor(services.probes);
  const startedAt = Date.now();
  const readiness = (path: string, operationId: string, summary: string) =>
    defineRoute({
      method: 'get',
      path,
      operationId,
      tag: 'operations',
      summary,
      access: 'public',
      response: { schema: healthReportView, description: 'every dependency answers' },
      otherResponses: [{ status: 503, schema: healthReportView, description: 'a dependency does not answer; `down` names it' }],
      async handler(ctx) {
        const report = await monitor.report();
        ctx.status = report.down.length ? 503 : 200;
        ctx.set('Cache-Control', 'no-store');
        return report;
      },
    });
  return [
    readiness('/health', 'getHealth', 'Readiness: per-dependency health (database, Temporal); 503 names what is down'),
    readiness('/health/ready', 'getReadiness', 'Readiness (same as /health)'),
    defineRoute({
      method: 'get',
      path: '/health/live',
      operationId: 'getLiveness',
      tag: 'operations',
      summary: 'Liveness: the process is up and serving (asks no dependency)',
      access: 'public',
      response: { schema: answerObject({ status: { type: 'string', const: 'ok' }, uptimeSeconds: { type: 'integer', minimum: 0 } }) },
      async handler(ctx) {
        ctx.set('Cache-Control', 'no-store');
        return { status: 'ok', uptimeSeconds: Math.floor((Date.now() - startedAt) / 1000) };
      },
    }),
  ];
}
