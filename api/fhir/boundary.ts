import type { Next } from 'koa';
import * as Sentry from '@sentry/node';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { FHIR_JSON, FhirError, conflict, issueCodeFor, methodNotAllowed, notFound, operationOutcome } from '../../adapters/fhir/outcome';
import { reportableError, type Logger } from '../../config/logger';
import type { AppContext } from '../context';
import { ApiError } from '../errors';
import { loggablePath } from '../middleware/requestLog';

export const FHIR_BASE = '/fhir/r4';
const UNDER_FHIR = /^\/fhir\/r4(\/|$)/;

/** The resource types this server serves, for the answer to a request for any other. */
export const FHIR_TYPES = ['Patient', 'Encounter', 'Questionnaire', 'QuestionnaireResponse'];

/** `_format` values that mean JSON (FHIR's short form and the MIME types). */
const JSON_FORMATS = new Set(['json', 'application/json', 'application/fhir+json', 'application/json+fhir']);

/** The FHIR reading of an error raised anywhere under /fhir/r4 (router, body parser, auth, handler); undefined for the unexpected. */
export function asFhirError(error: unknown): FhirError | undefined {
  if (error instanceof FhirError) return error;
  if (error instanceof UniqueConstraintViolationException) return conflict('a record with the same identifier was created at the same time; retry the request');
  if (error instanceof ApiError) {
    const issues = error.fields?.length
      ? error.fields.map((f) => ({ code: issueCodeFor(error.status), diagnostics: `${f.field}: ${f.message}` }))
      : [{ code: error.code === 'bad_request' && error.status === 400 ? ('structure' as const) : issueCodeFor(error.status), diagnostics: error.message }];
    return new FhirError(error.status, issues, error.headers);
  }
  const status = (error as { status?: number; expose?: boolean }).status;
  if (status && status >= 400 && status < 500 && (error as { expose?: boolean }).expose) return new FhirError(status, [{ code: issueCodeFor(status), diagnostics: (error as Error).message }]);
  return undefined;
}

/** What the router answers on its own (no route, wrong method) as the FHIR error it is. */
function routerRefusal(ctx: AppContext): FhirError {
  if (ctx.status === 405 || ctx.status === 501) {
    const allowed = ctx.response.get('Allow');
    return methodNotAllowed(`${ctx.method} is not supported on ${ctx.path}${allowed ? `; allowed: ${allowed}` : ''}`);
  }
  if (ctx.status === 404) {
    const type = ctx.path.slice(FHIR_BASE.length).split('/')[1] ?? '';
    if (type && /^[A-Z][A-Za-z]+$/.test(type) && !FHIR_TYPES.includes(type)) return notFound(`${type} is not a resource type this server supports (${FHIR_TYPES.join(', ')})`);
    return notFound(`no FHIR interaction at ${ctx.method} ${ctx.path}`);
  }
  return new FhirError(ctx.status, [{ code: issueCodeFor(ctx.status), diagnostics: ctx.message || `HTTP ${ctx.status}` }]);
}

/**
 * Everything under /fhir/r4 answers FHIR: a refusal from any layer (the body parser's 400 and
 * 413, authentication, the router's 404 and 405, a handler) is an OperationOutcome in
 * application/fhir+json, and only JSON is offered (406 for another `_format` or Accept). Mounted
 * inside the API's error handler and outside the body parsers, so it sees their errors first.
 */
export function fhirBoundary(log: Logger, reportToSentry: boolean) {
  return async (ctx: AppContext, next: Next) => {
    if (!UNDER_FHIR.test(ctx.path)) return next();
    let failure: FhirError | undefined;
    try {
      const format = ctx.query._format;
      if (format !== undefined && ![format].flat().every((f) => JSON_FORMATS.has(f.split(';')[0].trim()))) {
        throw new FhirError(406, [{ code: 'not-supported', diagnostics: 'this server speaks FHIR JSON only (_format=json)' }]);
      }
      if (ctx.get('accept') && !ctx.accepts('application/fhir+json', 'application/json', 'application/json+fhir')) {
        throw new FhirError(406, [{ code: 'not-supported', diagnostics: 'this server answers application/fhir+json only' }]);
      }
      await next();
      if ((ctx.body === undefined || ctx.body === null) && ctx.status >= 400) failure = routerRefusal(ctx);
    } catch (error) {
      failure = asFhirError(error);
      if (!failure) {
        log.error({ err: error, requestId: ctx.state.requestId, method: ctx.method, path: loggablePath(ctx.path) }, 'unhandled error');
        if (reportToSentry) Sentry.captureException(reportableError(error));
        failure = new FhirError(500, [{ code: 'exception', diagnostics: `internal error (request ${ctx.state.requestId})` }]);
      }
    }
    if (!failure) return;
    ctx.status = failure.status;
    ctx.body = operationOutcome(failure);
    ctx.set('Content-Type', FHIR_JSON);
    if (failure.headers) ctx.set(failure.headers);
  };
}
