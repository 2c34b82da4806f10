import { randomUUID } from 'node:crypto';
import type { Next } from 'koa';
import type { Logger } from '../../config/logger';
import type { AppContext } from '../context';

/** The path as it may be logged: a survey link's token (a key to the patient's survey) and a codec link's are masked. */
export const loggablePath = (path: string) => path.replace(/^\/s\/[^/]+/, '/s/…').replace(/^\/codec\/t\/[^/]+/, '/codec/t/…');

/**
 * One line per request: method, route path (no query string, no body: they can carry PHI), status,
 * duration, caller id. The request id is echoed in `X-Request-Id`.
 */
export function requestLog(log: Logger) {
  return async (ctx: AppContext, next: Next) => {
    const started = process.hrtime.bigint();
    ctx.state.requestId = ctx.get('x-request-id').slice(0, 64) || randomUUID();
    ctx.set('X-Request-Id', ctx.state.requestId);
    try {
      await next();
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      log.info(
        { requestId: ctx.state.requestId, method: ctx.method, path: loggablePath(ctx.path), status: ctx.status, ms: Math.round(ms), userId: ctx.state.principal?.id },
        'request',
      );
    }
  };
}
