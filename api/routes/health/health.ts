import type { ApiServices } from '../../context';
import { defineRoute, type RouteSpec } from '../../routing';

const PROBE_TIMEOUT_MS = 2_000;

async function check(probe: () => Promise<void>): Promise<{ status: 'up' | 'down'; latencyMs: number; error?: string }> {
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

/** Liveness and readiness in one: 200 when every dependency answers, 503 naming those that do not. */
export function healthRoutes(services: ApiServices): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/health',
      tag: 'operations',
      summary: 'Per-dependency health (database, Temporal); 503 names what is down',
      access: 'public',
      async handler(ctx) {
        const names = Object.keys(services.probes);
        const results = await Promise.all(names.map((name) => check(services.probes[name])));
        const checks = Object.fromEntries(names.map((name, i) => [name, results[i]]));
        const down = names.filter((name) => checks[name].status === 'down');
        ctx.status = down.length ? 503 : 200;
        ctx.set('Cache-Control', 'no-store');
        return { status: down.length ? 'unavailable' : 'ok', down, checks };
      },
    }),
  ];
}
