import * as Sentry from '@sentry/node';
import { reportableError } from '../../../config/logger';
import { InboxService } from '../../../adapters/inbox/inbox';
import { Outbox } from '../../../models/outbox';
import type { ApiServices, AppContext } from '../../context';
import { defineRoute, type HttpMethod, type RouteInput, type RouteSpec } from '../../routing';
import { capabilityStatement } from './capability';
import { FhirEncounters } from './encounter';
import { FHIR_JSON, FhirError, asFhirError, operationOutcome, unsupportedMediaType } from './outcome';
import { FhirPatients } from './patient';
import { readQuestionnaire } from './questionnaire';
import { FhirQuestionnaireResponses } from './questionnaireResponse';
import { SURVEY_IDENTIFIER_SYSTEM } from './questionnaireResponseResource';
import type { FhirReply, FhirRequest } from './reply';
import { conditionalQuery, ifNoneExist } from './search';
import { sourceForApiKey } from './source';

const BASE = '/fhir/r4';

/*
 * Loose on purpose: the router answers its own validation failures in the API's error format, so
 * FHIR routes check their input themselves and these schemas only describe it for the docs.
 */
const idParams = { type: 'object', properties: { id: { type: 'string', description: 'our id of the resource' } } };
const identifierQuery = { type: 'object', properties: { identifier: { type: ['string', 'array'], description: 'system|value of the record to update' } } };

type Work = (request: FhirRequest, input: RouteInput<{ id: string }, Record<string, string | string[] | undefined>>) => Promise<FhirReply>;

/**
 * FHIR R4 (`/fhir/r4`, JSON only): CapabilityStatement, Patient records, Encounter journey
 * events and survey answers (QuestionnaireResponse) from hospital systems, authenticated by an
 * integration source's API key. Every answer is FHIR JSON and every refusal an OperationOutcome;
 * refused resources are kept in the inbox as failed.
 */
export function fhirRoutes(services: ApiServices): RouteSpec[] {
  const inbox = new InboxService(services.orm);
  const baseUrl = `${services.config.api.publicUrl}${BASE}`;
  const capability = capabilityStatement(baseUrl, new Date());
  const patients = new FhirPatients(baseUrl, services.config.relay.phoneCountryCode);
  const encounters = new FhirEncounters(inbox, baseUrl, () => services.onInboxAccepted?.());
  const responses = new FhirQuestionnaireResponses(baseUrl, new Outbox(services.config.outbox.lanes));

  /** Answers with the reply, or with the OperationOutcome of whatever went wrong. */
  const answer = async (ctx: AppContext, work: () => Promise<FhirReply>) => {
    ctx.set('Content-Type', FHIR_JSON);
    try {
      const reply = await work();
      ctx.status = reply.status;
      if (reply.location) ctx.set('Location', reply.location);
      return reply.resource;
    } catch (error) {
      let failure = asFhirError(error);
      if (!failure) {
        services.log.error({ err: error, requestId: ctx.state.requestId, method: ctx.method, path: ctx.path }, 'unhandled error');
        if (services.config.sentryDsn) Sentry.captureException(reportableError(error));
        failure = new FhirError(500, [{ code: 'exception', diagnostics: `internal error (request ${ctx.state.requestId})` }]);
      }
      ctx.status = failure.status;
      return operationOutcome(failure);
    }
  };

  /** Records a refused resource in the inbox as failed, with the reason, so integration engineers can see it. */
  const refuse = async ({ ctx, source, body }: FhirRequest, messageType: string, failure: FhirError) => {
    const rawBody = (ctx.request as { rawBody?: string }).rawBody;
    await inbox.reject({
      channel: 'fhir',
      raw: Buffer.from(rawBody ?? JSON.stringify(body ?? null)),
      sourceId: source.id,
      remoteAddress: ctx.ip,
      sendingApplication: source.code,
      messageType,
      hospitalId: source.hospitalId ?? undefined,
      ack: JSON.stringify(operationOutcome(failure)),
      error: failure.message,
    });
  };

  const route = (method: HttpMethod, path: string, summary: string, work: Work, options: { writes?: string; params?: object; query?: object } = {}) =>
    defineRoute<{ id: string }, Record<string, string | string[] | undefined>>({
      method,
      path: `${BASE}${path}`,
      tag: 'fhir',
      summary: `${summary} (X-Api-Key of an integration source)`,
      access: 'public',
      params: options.params,
      query: options.query,
      handler: (ctx, input) =>
        answer(ctx, async () => {
          const em = ctx.state.em;
          const source = await sourceForApiKey(em, ctx.get('x-api-key'));
          const request: FhirRequest = { ctx, em, source, body: (ctx.request as { body?: unknown }).body };
          if (!options.writes) return work(request, input);
          try {
            if (!ctx.is('application/fhir+json', 'application/json')) throw unsupportedMediaType('send the resource as application/fhir+json');
            return await work(request, input);
          } catch (error) {
            const failure = asFhirError(error);
            if (failure?.isInputError) await refuse(request, options.writes, failure);
            throw error;
          }
        }),
    });

  return [
    defineRoute({
      method: 'get',
      path: `${BASE}/metadata`,
      tag: 'fhir',
      summary: 'FHIR CapabilityStatement of this server',
      access: 'public',
      async handler(ctx) {
        ctx.set('Content-Type', FHIR_JSON);
        return capability;
      },
    }),
    route('get', '/Patient/{id}', 'Read a FHIR Patient', ({ em, source }, { params }) => patients.read(em, source, params.id), { params: idParams }),
    route('post', '/Patient', 'Create a FHIR Patient; If-None-Exist: identifier=system|value answers an existing match', (request) =>
      patients.create(request, ifNoneExist(request.ctx.get('if-none-exist'))), { writes: 'PATIENT' }),
    route('put', '/Patient', 'Conditional update of a FHIR Patient by ?identifier=system|value (creates when none matches)', (request, { query }) =>
      patients.updateWhere(request, conditionalQuery(query)), { writes: 'PATIENT', query: identifierQuery }),
    route('put', '/Patient/{id}', 'Update a FHIR Patient', (request, { params }) => patients.updateById(request, params.id), { writes: 'PATIENT', params: idParams }),
    route('get', '/Questionnaire/{id}', 'A survey template as a FHIR Questionnaire (English, with Arabic translations)', ({ em, source }, { params }) =>
      readQuestionnaire(em, source, params.id, baseUrl), { params: idParams }),
    route('post', '/QuestionnaireResponse', `Record a completed survey: identifier ${SURVEY_IDENTIFIER_SYSTEM}|{survey id}, questionnaire Questionnaire/{template id}, linkId the question code`, (request) =>
      responses.create(request), { writes: 'SURVEY' }),
    route('get', '/Encounter/{id}', 'Read a FHIR Encounter event', ({ em, source }, { params }) => encounters.read(em, source, params.id), { params: idParams }),
    route('post', '/Encounter', 'Send a FHIR Encounter as a patient-journey event; If-None-Exist: identifier=system|value answers an earlier one', (request) =>
      encounters.create(request, ifNoneExist(request.ctx.get('if-none-exist'))), { writes: 'EVENT' }),
    route('put', '/Encounter', 'Conditional update of a FHIR Encounter by ?identifier=system|value: the visit\'s next journey event', (request, { query }) =>
      encounters.updateWhere(request, conditionalQuery(query)), { writes: 'EVENT', query: identifierQuery }),
    route('put', '/Encounter/{id}', 'Update a FHIR Encounter: the next journey event of the same visit', (request, { params }) =>
      encounters.updateById(request, params.id), { writes: 'EVENT', params: idParams }),
  ];
}
