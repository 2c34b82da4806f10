import { FhirEncounters } from '../../adapters/fhir/encounter';
import { capabilityStatement } from '../../adapters/fhir/capability';
import type { FhirCaller, FhirReply, FhirRequest } from '../../adapters/fhir/caller';
import { FHIR_JSON, FhirError, operationOutcome, unsupportedMediaType } from '../../adapters/fhir/outcome';
import { FhirPatients } from '../../adapters/fhir/patient';
import { FhirQuestionnaires } from '../../adapters/fhir/questionnaire';
import { FhirQuestionnaireResponses, type RecordAnswers } from '../../adapters/fhir/questionnaireResponse';
import { SURVEY_IDENTIFIER_SYSTEM } from '../../adapters/fhir/questionnaireResponseResource';
import { conditionalQuery, ifNoneExist, type Query } from '../../adapters/fhir/search';
import { FhirSubscriptionNotifications } from '../../adapters/fhir/subscription';
import { InboxService } from '../../adapters/inbox/inbox';
import { recordSurveyResponse, SurveyClosedError } from '../../activities/surveys/responses';
import { Outbox } from '../../models/outbox';
import { recordAudit } from '../audit';
import type { ApiServices, AppContext } from '../context';
import { defineRoute, type HttpMethod, type RouteInput, type RouteSpec } from '../routing';
import { viewPatient } from '../routes/patients/patients';
import { asFhirError, FHIR_BASE } from './boundary';
import { fhirAuthentication, NO_HOSPITAL, type FhirAccess } from './caller';
import { FHIR_DOCS, resourceDoc, searchQueryDoc } from './docs';

/*
 * Loose on purpose: the router answers its own validation failures in the API's error format, so
 * FHIR routes check their input themselves and these schemas only describe it for the docs.
 */
const idParams = { type: 'object', properties: { id: { type: 'string', description: 'our id of the resource' } } };
const identifierQuery = { type: 'object', properties: { identifier: { type: ['string', 'array'], description: 'system|value of the record to update' } } };

type Work = (request: FhirRequest, input: RouteInput<{ id: string }, Query>, ctx: AppContext) => Promise<FhirReply>;

interface FhirRoute {
  method: HttpMethod;
  path: string;
  operationId: string;
  summary: string;
  access: FhirAccess;
  work: Work;
  /** For writes: the inbox message type a refused body is recorded under. */
  writes?: string;
  params?: object;
  query?: object;
  /** The resource type of the body, for the docs. */
  takes?: string;
  /** The resource type of the success answer, for the docs (`Bundle` for searches). */
  answers: string;
  status?: number;
  /** A second success status, and what it means. */
  other?: { status: number; description: string };
  /** Statuses a refusal may answer beyond those derived from the description. */
  errors: number[];
}

/**
 * FHIR R4 at /fhir/r4, served by `adapters/fhir`: CapabilityStatement; Patient, Encounter,
 * Questionnaire and QuestionnaireResponse read and search; Patient and Encounter create and
 * (conditional) update; QuestionnaireResponse create; Subscription notifications. Callers are
 * integration sources (X-Api-Key) or staff (bearer token). Every answer is FHIR JSON and every
 * refusal an OperationOutcome (`boundary.ts`); refused resources are kept in the inbox as failed.
 */
export function fhirRoutes(services: ApiServices): RouteSpec[] {
  const inbox = new InboxService(services.orm);
  // Read when used: the public URL may be settled after the routes are built (tests learn their port then).
  const baseUrl = () => `${services.config.api.publicUrl}${FHIR_BASE}`;
  const published = new Date();
  const outbox = new Outbox(services.config.outbox.lanes);
  const recordAnswers: RecordAnswers = async (surveyId, answers) => {
    try {
      await recordSurveyResponse(services.orm.em.fork(), outbox, surveyId, answers, 'fhir');
      return {};
    } catch (error) {
      if (error instanceof SurveyClosedError) return { closed: { reason: error.reason, message: error.message } };
      throw error;
    }
  };
  const patients = new FhirPatients(baseUrl, services.config.relay.phoneCountryCode, viewPatient);
  const encounters = new FhirEncounters(inbox, baseUrl, () => services.onInboxAccepted?.());
  const questionnaires = new FhirQuestionnaires(baseUrl);
  const responses = new FhirQuestionnaireResponses(baseUrl, recordAnswers);
  const notifications = new FhirSubscriptionNotifications(encounters);
  const authenticate = fhirAuthentication(services.jwtSecret);

  /** Records a refused resource in the inbox as failed, with the reason, so integration engineers can see it. */
  const refuse = async ({ caller, body, rawBody, remoteAddress }: FhirRequest, messageType: string, failure: FhirError) => {
    await inbox.reject({
      channel: 'fhir',
      raw: Buffer.from(rawBody ?? JSON.stringify(body ?? null)),
      sourceId: caller.sourceId,
      remoteAddress,
      sendingApplication: caller.sendingApplication,
      messageType,
      hospitalId: caller.hospitalId && caller.hospitalId !== NO_HOSPITAL ? caller.hospitalId : undefined,
      ack: JSON.stringify(operationOutcome(failure)),
      error: failure.message,
    });
  };

  const requestOf = (ctx: AppContext, caller: FhirCaller): FhirRequest => ({
    caller,
    em: ctx.state.em,
    body: (ctx.request as { body?: unknown }).body,
    rawBody: (ctx.request as { rawBody?: string }).rawBody,
    remoteAddress: ctx.ip,
    audit: (entry) => recordAudit(ctx.state.em, ctx, { ...entry, actorEmail: caller.actorEmail, actorId: caller.actorId }),
  });

  const route = (r: FhirRoute): RouteSpec =>
    defineRoute<{ id: string }, Query>({
      method: r.method,
      path: `${FHIR_BASE}${r.path}`,
      operationId: r.operationId,
      tag: 'fhir',
      summary: `${r.summary} (X-Api-Key of an integration source, or a staff bearer token)`,
      access: 'integrationApiKey',
      params: r.params,
      query: r.query,
      ...(r.writes ? { documentedBody: resourceDoc(r.takes ?? r.answers), requestContentType: 'application/fhir+json' } : {}),
      response: { status: r.status ?? 200, contentType: 'application/fhir+json', schema: resourceDoc(r.answers) },
      errors: [403, 406, ...r.errors],
      errorBody: FHIR_DOCS.errorBody,
      otherResponses: r.other ? [{ ...r.other, contentType: 'application/fhir+json', schema: resourceDoc(r.answers) }] : undefined,
      async handler(ctx, input) {
        ctx.set('Content-Type', FHIR_JSON);
        const request = requestOf(ctx, await authenticate(ctx, r.access));
        let reply: FhirReply;
        if (!r.writes) reply = await r.work(request, input, ctx);
        else {
          try {
            if (!ctx.is('application/fhir+json', 'application/json', 'application/json+fhir')) throw unsupportedMediaType('send the resource as application/fhir+json');
            reply = await r.work(request, input, ctx);
          } catch (error) {
            const failure = asFhirError(error);
            if (failure?.isInputError) await refuse(request, r.writes, failure);
            throw error;
          }
        }
        ctx.status = reply.status;
        if (reply.location) ctx.set('Location', reply.location);
        ctx.set('Content-Type', FHIR_JSON);
        return reply.resource;
      },
    });

  const read = (type: string, summary: string, work: Work): FhirRoute => ({
    method: 'get',
    path: `/${type}/{id}`,
    operationId: `fhirRead${type}`,
    summary,
    access: 'read',
    work,
    params: idParams,
    answers: type,
    errors: [],
  });
  const search = (type: string, work: Work): FhirRoute => ({
    method: 'get',
    path: `/${type}`,
    operationId: `fhirSearch${type}`,
    summary: `Search ${type}: a searchset Bundle with the total and self, first, previous and next links`,
    access: 'read',
    work,
    query: searchQueryDoc(type),
    answers: 'Bundle',
    errors: [],
  });
  const existing = { status: 200, description: 'an existing match (If-None-Exist), as it stands' };
  const created = { status: 201, description: 'no record matched: created' };
  const criteria = (ctx: AppContext) => ifNoneExist(ctx.get('if-none-exist'));

  const routes: FhirRoute[] = [
    read('Patient', 'Read a FHIR Patient', ({ em, caller }, { params }) => patients.read(em, caller, params.id)),
    search('Patient', ({ em, caller }, { query }) => patients.search(em, caller, query)),
    {
      method: 'post',
      path: '/Patient',
      operationId: 'fhirCreatePatient',
      summary: 'Create a FHIR Patient; If-None-Exist: identifier=system|value answers an existing match',
      access: 'patientWrite',
      writes: 'PATIENT',
      answers: 'Patient',
      status: 201,
      other: existing,
      errors: [409, 412, 415, 422],
      work: (request, _input, ctx) => patients.create(request, criteria(ctx)),
    },
    {
      method: 'put',
      path: '/Patient',
      operationId: 'fhirConditionalUpdatePatient',
      summary: 'Conditional update of a FHIR Patient by ?identifier=system|value (creates when none matches)',
      access: 'patientWrite',
      writes: 'PATIENT',
      query: identifierQuery,
      answers: 'Patient',
      other: created,
      errors: [409, 412, 415, 422],
      work: (request, { query }) => patients.updateWhere(request, conditionalQuery(query)),
    },
    {
      method: 'put',
      path: '/Patient/{id}',
      operationId: 'fhirUpdatePatient',
      summary: 'Update a FHIR Patient',
      access: 'patientWrite',
      writes: 'PATIENT',
      params: idParams,
      answers: 'Patient',
      errors: [409, 415, 422],
      work: (request, { params }) => patients.updateById(request, params.id),
    },
    read('Encounter', "Read a visit's FHIR Encounter in its current state", ({ em, caller }, { params }) => encounters.read(em, caller, params.id)),
    search('Encounter', ({ em, caller }, { query }) => encounters.search(em, caller, query)),
    {
      method: 'post',
      path: '/Encounter',
      operationId: 'fhirCreateEncounter',
      summary: "Send a visit's FHIR Encounter (a patient-journey event); a visit seen before keeps its id (200); If-None-Exist: identifier=system|value answers it unchanged",
      access: 'encounterWrite',
      writes: 'EVENT',
      answers: 'Encounter',
      status: 201,
      other: { status: 200, description: 'a visit seen before: the same id, in its current state' },
      errors: [409, 415, 422],
      work: (request, _input, ctx) => encounters.create(request, criteria(ctx)),
    },
    {
      method: 'put',
      path: '/Encounter',
      operationId: 'fhirConditionalUpdateEncounter',
      summary: "Conditional update of a visit's FHIR Encounter by ?identifier=system|value: the visit's next journey event, same id (creates a visit not seen before)",
      access: 'encounterWrite',
      writes: 'EVENT',
      query: identifierQuery,
      answers: 'Encounter',
      other: { status: 201, description: 'a visit not seen before: created' },
      errors: [409, 415, 422],
      work: (request, { query }) => encounters.updateWhere(request, conditionalQuery(query)),
    },
    {
      method: 'put',
      path: '/Encounter/{id}',
      operationId: 'fhirUpdateEncounter',
      summary: "Update a visit's FHIR Encounter: its next journey event",
      access: 'encounterWrite',
      writes: 'EVENT',
      params: idParams,
      answers: 'Encounter',
      errors: [409, 415, 422],
      work: (request, { params }) => encounters.updateById(request, params.id),
    },
    read('Questionnaire', 'A survey template as a FHIR Questionnaire (English, with Arabic translations)', ({ em, caller }, { params }) => questionnaires.read(em, caller, params.id)),
    search('Questionnaire', ({ em, caller }, { query }) => questionnaires.search(em, caller, query)),
    read('QuestionnaireResponse', 'A recorded survey response as a FHIR QuestionnaireResponse', ({ em, caller }, { params }) => responses.read(em, caller, params.id)),
    search('QuestionnaireResponse', ({ em, caller }, { query }) => responses.search(em, caller, query)),
    {
      method: 'post',
      path: '/QuestionnaireResponse',
      operationId: 'fhirCreateQuestionnaireResponse',
      summary: `Record a completed survey: identifier ${SURVEY_IDENTIFIER_SYSTEM}|{survey id}, questionnaire Questionnaire/{template id}, linkId the question code`,
      access: 'responseWrite',
      writes: 'SURVEY',
      answers: 'QuestionnaireResponse',
      status: 201,
      errors: [404, 409, 410, 415, 422],
      work: (request) => responses.create(request),
    },
    {
      method: 'post',
      path: '/subscription-notification',
      operationId: 'fhirSubscriptionNotification',
      summary: 'Subscription notification (R4 backport REST hook): a history Bundle, id-only or full-resource; each Encounter in it becomes a journey event',
      access: 'notification',
      writes: 'NOTIFY',
      takes: 'Bundle',
      answers: 'OperationOutcome',
      errors: [415, 422],
      work: (request) => notifications.receive(request),
    },
  ];

  return [
    defineRoute({
      method: 'get',
      path: `${FHIR_BASE}/metadata`,
      operationId: 'fhirCapabilities',
      tag: 'fhir',
      summary: 'FHIR CapabilityStatement of this server',
      access: 'public',
      response: { contentType: 'application/fhir+json', schema: resourceDoc('CapabilityStatement') },
      async handler(ctx) {
        ctx.set('Content-Type', FHIR_JSON);
        return capabilityStatement(baseUrl(), published);
      },
    }),
    ...routes.map(route),
  ];
}
