import type Router from '@koa/router';
import type { AppContext } from './context';
import { ForbiddenError, AuthenticationError } from './errors';
import { checkShape, validate } from './validation';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteInput<P = any, Q = any, B = any> {
  params: P;
  query: Q;
  body: B;
}

/**
 * One endpoint, described once: the router mounts it (auth -> role level -> validation -> handler)
 * and the OpenAPI document is generated from the same description.
 */
export interface RouteSpec<P = any, Q = any, B = any> {
  method: HttpMethod;
  /** OpenAPI-style path, e.g. `/api/v1/hospitals/{id}`. */
  path: string;
  tag: string;
  summary: string;
  /** `public`, or the lowest role level allowed. */
  access: 'public' | number;
  /**
   * Runs first, before authentication and validation (a throttle: refusing an over-eager client
   * must cost less than checking what it sent). Throws to refuse.
   */
  limit?: (ctx: AppContext) => void | Promise<void>;
  params?: object;
  query?: object;
  body?: object;
  /** For routes that validate their own body (to record what they refuse): documented, not checked here. */
  documentedBody?: object;
  response?: { status?: number; schema?: object; description?: string };
  handler(ctx: AppContext, input: RouteInput<P, Q, B>): Promise<unknown>;
}

export const defineRoute = <P = any, Q = any, B = any>(spec: RouteSpec<P, Q, B>) => spec;

const toKoaPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

export function mountRoutes(router: Router<any, any>, specs: RouteSpec[], authenticate: (ctx: AppContext) => Promise<void>): void {
  for (const spec of specs) {
    router.register(toKoaPath(spec.path), [spec.method.toUpperCase()], async (ctx: AppContext) => {
      await spec.limit?.(ctx);
      if (spec.access !== 'public') {
        await authenticate(ctx);
        const principal = ctx.state.principal;
        if (!principal) throw AuthenticationError();
        if (principal.level < spec.access) throw ForbiddenError();
      }
      const body = (ctx.request as { body?: unknown }).body;
      // Every input is held to the shape limits: by validate() where a schema reads it, else here.
      const checked = <T>(schema: object | undefined, value: T): T => (schema ? validate(schema, value) : (checkShape(value), value));
      const input: RouteInput = {
        params: checked(spec.params, { ...ctx.params }),
        query: checked(spec.query, { ...ctx.query }),
        body: spec.body ? validate(spec.body, body ?? {}) : (checkShape(body), undefined),
      };
      // Set first, so a handler that knows better (health answering 503) can still override it.
      ctx.status = spec.response?.status ?? 200;
      const result = await spec.handler(ctx, input);
      if (result !== undefined) ctx.body = result;
    });
  }
}
