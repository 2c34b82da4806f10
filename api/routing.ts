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

/** One documented answer: its status, what its body is, and how it is sent. */
export interface ResponseDoc {
  status: number;
  description?: string;
  /** The body's JSON schema; for a JSON answer, what a generated client types it as. */
  schema?: object;
  /** Default `application/json`; FHIR answers `application/fhir+json`, pages `text/html` (several: any of them). */
  contentType?: string | string[];
}

/**
 * Who may call: `public` (anyone; a route that checks a credential of its own, such as a link
 * token or a webhook signature, is still public here), `integrationApiKey` (a system holding an
 * integration source's `X-Api-Key`, checked by the handler, which answers its refusal in its own
 * format), or the lowest role level of a signed-in user (a bearer JWT, checked before the handler).
 */
export type RouteAccess = 'public' | 'integrationApiKey' | number;

/**
 * One endpoint, described once: the router mounts it (auth -> role level -> validation -> handler)
 * and the OpenAPI document is generated from the same description.
 */
export interface RouteSpec<P = any, Q = any, B = any> {
  method: HttpMethod;
  /** OpenAPI-style path, e.g. `/api/v1/hospitals/{id}`. */
  path: string;
  /**
   * The operation's name in the OpenAPI document and in clients generated from it: camelCase,
   * unique, and kept once published (`listComplaints`, `getComplaint`, `acknowledgeComplaint`).
   * Without one the document derives it from the method and path (`getFhirR4PatientById`).
   */
  operationId?: string;
  tag: string;
  summary: string;
  access: RouteAccess;
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
  /** The content type of that body: default `application/json`; FHIR `application/fhir+json`. */
  requestContentType?: string;
  /**
   * The success answer: status (200 unless given), body schema (every JSON answer has one; a
   * 204 none) and content type. The router sets the status before the handler runs.
   */
  response?: Partial<ResponseDoc>;
  /**
   * Error statuses beyond those the document derives from the description (400 where input is
   * read, 401 unless public, 403 above the lowest role level, 404 with a path parameter), each
   * answered with the API's `{ error }` body: 409 where a state or a unique key refuses, 423 and
   * 429 at sign-in, 503 where a workflow must answer.
   */
  errors?: number[];
  /** The body of those errors when it is not the API's `{ error }` (FHIR: an OperationOutcome as `application/fhir+json`). */
  errorBody?: { schema: object; contentType: string };
  /**
   * Answers documented as given, over the derived ones of the same status: a second success (200
   * for a create that found its match), an HTML error page, a FHIR OperationOutcome.
   */
  otherResponses?: ResponseDoc[];
  handler(ctx: AppContext, input: RouteInput<P, Q, B>): Promise<unknown>;
}

export const defineRoute = <P = any, Q = any, B = any>(spec: RouteSpec<P, Q, B>) => spec;

const toKoaPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

export function mountRoutes(router: Router<any, any>, specs: RouteSpec[], authenticate: (ctx: AppContext) => Promise<void>): void {
  for (const spec of specs) {
    router.register(toKoaPath(spec.path), [spec.method.toUpperCase()], async (ctx: AppContext) => {
      await spec.limit?.(ctx);
      if (typeof spec.access === 'number') {
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
