import Koa, { type Next } from 'koa';
import Router from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import { bearerAuthentication } from './auth/authenticate';
import type { AppContext, AppState, ApiServices } from './context';
import { ApiError } from './errors';
import { errorHandler } from './middleware/errors';
import { requestLog } from './middleware/requestLog';
import { mountRoutes, type RouteSpec } from './routing';
import { auditEventRoutes } from './routes/auditEvents/auditEvents';
import { authRoutes } from './routes/auth/auth';
import { departmentRoutes } from './routes/departments/departments';
import { eventMappingRoutes } from './routes/eventMappings/eventMappings';
import { fhirBoundary } from './fhir/boundary';
import { fhirRoutes } from './fhir/fhir';
import { encounterRoutes } from './routes/encounters/encounters';
import { complaintRoutes } from './routes/complaints/complaints';
import { actionRoutes } from './routes/actions/actions';
import { unheardEscalationRoutes } from './routes/escalations/unheard';
import { complaintPageRoutes } from './routes/complaintPage/complaintPage';
import { integrationMessageRoutes } from './routes/integration/messages';
import { integrationSourceRoutes } from './routes/integrationSources/integrationSources';
import { intakeRoutes } from './routes/intake/intake';
import { docsRoutes } from './routes/docs/openapi';
import { healthRoutes } from './routes/health/health';
import { hospitalRoutes } from './routes/hospitals/hospitals';
import { journeyRoutes } from './routes/journeys/journeys';
import { surveyTemplateRoutes } from './routes/surveyTemplates/surveyTemplates';
import { surveyPageRoutes } from './routes/surveyPage/surveyPage';
import { surveyRoutes } from './routes/surveys/surveys';
import { hospitalSurveySettingRoutes } from './routes/hospitals/surveySettings';
import { hospitalCalendarRoutes } from './routes/hospitals/calendar';
import { slaPolicyRoutes } from './routes/slaPolicies/slaPolicies';
import { twilioWebhookRoutes } from './routes/webhooks/twilio';
import { patientRoutes } from './routes/patients/patients';
import { patientTimelineRoutes } from './routes/patients/timeline';
import { employeeRoutes } from './routes/employees/employees';
import { physicianRoutes } from './routes/physicians/physicians';
import { roleRoutes } from './routes/roles/roles';
import { userRoutes } from './routes/users/users';
import { kpiRoutes } from './routes/analytics/kpis';
import { physicianRatingRoutes } from './routes/analytics/physicians';
import { qiProjectRoutes } from './routes/analytics/qiProjects';
import { serveConsole } from './console/serve';
import { codecCors, codecRoutes } from './codec/codec';

/** Every endpoint the API serves, in the order the docs list them. */
export function apiRoutes(services: ApiServices): RouteSpec[] {
  const routes: RouteSpec[] = [
    ...healthRoutes(services),
    ...authRoutes(services),
    ...hospitalRoutes(),
    ...departmentRoutes(),
    ...physicianRoutes(),
    ...employeeRoutes(),
    ...patientRoutes({ phoneCountryCode: services.config.relay.phoneCountryCode }),
    ...patientTimelineRoutes(),
    ...userRoutes(),
    ...roleRoutes(),
    ...auditEventRoutes(),
    ...journeyRoutes(),
    ...hospitalSurveySettingRoutes(services.config.surveys),
    ...hospitalCalendarRoutes(),
    ...slaPolicyRoutes(),
    ...surveyTemplateRoutes(),
    ...surveyRoutes(),
    ...encounterRoutes(services.temporal),
    ...complaintRoutes(services),
    ...unheardEscalationRoutes(),
    ...actionRoutes(services),
    ...kpiRoutes(services),
    ...physicianRatingRoutes(),
    ...qiProjectRoutes(),
    ...integrationMessageRoutes(),
    ...integrationSourceRoutes(),
    ...eventMappingRoutes(),
    ...intakeRoutes(services),
    ...fhirRoutes(services),
    ...twilioWebhookRoutes(services),
    ...surveyPageRoutes(services),
    ...complaintPageRoutes(services),
    ...codecRoutes(services),
  ];
  return [...routes, ...docsRoutes(() => routes, services.config.api.publicUrl)];
}

const FORM_PATHS = /^\/(s\/|api\/v1\/webhooks\/|complaint$)/;
const SMALL_BODY_PATHS = /^\/api\/v1\/auth\//;

/** JSON (and FHIR JSON) bodies up to `limit`; larger answers 413, malformed 400. */
function jsonParser(limit: string) {
  return bodyParser({
    enableTypes: ['json'],
    // The parser merges this list index by index into its defaults, so plain JSON must stay first.
    extendTypes: { json: ['application/json', 'application/fhir+json'] },
    jsonLimit: limit,
    encoding: 'utf-8',
    onError(error) {
      const status = (error as { status?: number }).status;
      if (status === 413) throw new ApiError(413, 'payload_too_large', `request body is larger than ${limit.toUpperCase().replace('KB', ' KB').replace('MB', ' MB')}`);
      throw new ApiError(400, 'bad_request', `request body is not valid JSON: ${(error as Error).message}`);
    },
  });
}

/**
 * Headers every answer carries. JSON answers (patients, cases, surveys, tokens) are never stored by
 * a browser or a proxy unless a route says otherwise, and cannot be framed or run as a page.
 */
const securityHeaders = async (ctx: AppContext, next: Next) => {
  ctx.set({ 'X-Content-Type-Options': 'nosniff', 'X-Frame-Options': 'DENY', 'Referrer-Policy': 'no-referrer' });
  try {
    await next();
  } finally {
    if (/json/.test(ctx.response.type)) {
      if (!ctx.response.get('Cache-Control')) ctx.set('Cache-Control', 'no-store');
      if (!ctx.response.get('Content-Security-Policy')) ctx.set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    }
  }
};

export function createApp(services: ApiServices): Koa<AppState> {
  // Behind a proxy that sets X-Forwarded-For the client address comes from it; otherwise a client could forge it.
  const app = new Koa<AppState>({ proxy: services.config.api.trustProxy });
  const router = new Router();
  mountRoutes(router, apiRoutes(services), bearerAuthentication(services.jwtSecret));
  // Koa's last resort (errors after the answer began, e.g. a streamed file): a client that went away
  // mid-download is normal; anything else is logged by code and message only, never with a request body.
  app.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'ERR_STREAM_PREMATURE_CLOSE' || error.code === 'ECONNRESET' || error.code === 'EPIPE') return;
    services.log.error({ code: error.code, name: error.name }, 'error after the answer began');
  });

  app.use(requestLog(services.log));
  // Outside the error handler, so error answers carry the same headers.
  app.use(securityHeaders);
  app.use(errorHandler(services.log, Boolean(services.config.sentryDsn)));
  app.use(async (ctx: AppContext, next: Next) => {
    // One unit of work per request: handlers persist, then one flush commits change and audit together.
    ctx.state.em = services.orm.em.fork() as AppState['em'];
    await next();
  });
  // FHIR answers FHIR, refusals of the body parsers and the router included.
  app.use(fhirBoundary(services.log, Boolean(services.config.sentryDsn)));
  // Forms are taken only where browsers and Twilio post them: patient pages and webhooks.
  const formParser = bodyParser({
    enableTypes: ['form'],
    formLimit: '64kb',
    encoding: 'utf-8',
    onError(error) {
      if ((error as { status?: number }).status === 413) throw new ApiError(413, 'payload_too_large', 'form is larger than 64 KB');
      throw new ApiError(400, 'bad_request', 'request body is not a valid form');
    },
  });
  app.use((ctx: AppContext, next: Next) => (FORM_PATHS.test(ctx.path) ? formParser(ctx, next) : next()));
  // Sign-in bodies are a few hundred bytes: anything near the general limit is refused unread.
  const smallJson = jsonParser('16kb');
  const json = jsonParser('1mb');
  app.use((ctx: AppContext, next: Next) => (SMALL_BODY_PATHS.test(ctx.path) ? smallJson(ctx, next) : json(ctx, next)));
  app.use(codecCors(services.config));
  app.use(serveConsole());
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
