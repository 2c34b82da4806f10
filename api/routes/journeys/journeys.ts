import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { isoDurationMs } from '../../../models/rules/duration';
import { durationLimitProblem } from '../../../models/rules/durationLimits';
import { JourneyTemplate, StageTemplate } from '../../../models/entities';
import { recordAudit } from '../../audit';
import type { AppContext } from '../../context';
import { ConflictError, NotFoundError, ValidationError, type FieldProblem } from '../../errors';
import { ROLE_LEVEL } from '../../rbac/roles';
import { hospitalForWrite, hospitalFromFilters, hospitalWhere } from '../../rbac/scope';
import { defineRoute, type RouteSpec } from '../../routing';
import { idParams, pageOf, pageSchema, type PageQuery } from '../schemaParts';
import { storedSurveySettings, surveySettingsProblems, viewSurveySettings, type SurveySettingsPayload } from '../surveySettingsSchema';
import { createJourney, journeySummaryView, journeyView, listJourneys, replaceJourney } from './schema';

interface StagePayload {
  code: string;
  nameEn: string;
  nameAr: string;
  triggerEvents: string[];
  required: boolean;
  terminal: boolean;
  surveyTemplateCode?: string | null;
  sendDelay?: string | null;
  surveySettings?: SurveySettingsPayload | null;
}

interface JourneyPayload {
  hospitalId?: string;
  code?: string;
  nameEn: string;
  nameAr: string;
  patientClasses: string[];
  startEvents: string[];
  inactivityTimeout: string;
  stages: StagePayload[];
}

type JourneyQuery = PageQuery & { hospitalId?: string; hospitalCode?: string; code?: string; active: boolean };

const viewStage = (s: StageTemplate) => ({
  id: s.id,
  position: s.position,
  code: s.code,
  nameEn: s.nameEn,
  nameAr: s.nameAr,
  triggerEvents: s.triggerEvents,
  required: s.required,
  terminal: s.terminal,
  surveyTemplateCode: s.surveyTemplateCode ?? null,
  sendDelay: s.sendDelay ?? null,
  surveySettings: viewSurveySettings(s.surveySettings),
});

export const viewJourney = (j: JourneyTemplate, stages?: StageTemplate[]) => ({
  id: j.id,
  hospitalId: j.hospitalId,
  code: j.code,
  version: j.version,
  nameEn: j.nameEn,
  nameAr: j.nameAr,
  patientClasses: j.patientClasses,
  startEvents: j.startEvents,
  inactivityTimeout: j.inactivityTimeout,
  active: j.active,
  createdAt: j.createdAt,
  updatedAt: j.updatedAt,
  ...(stages ? { stages: stages.map(viewStage) } : {}),
});

/**
 * What the schema cannot say: durations the workflows can parse (a stage's survey timing by the
 * survey's own parsers), one terminal stage, unique stage codes.
 */
function checkJourney(body: JourneyPayload): void {
  const problems: FieldProblem[] = [];
  const inactivityMs = isoDurationMs(body.inactivityTimeout) ?? 0;
  const tooLong = durationLimitProblem('journeyInactivity', inactivityMs);
  if (!(inactivityMs > 0)) problems.push({ field: 'inactivityTimeout', message: 'must be a positive ISO-8601 duration such as P2D or PT12H' });
  else if (tooLong) problems.push({ field: 'inactivityTimeout', message: tooLong });
  body.stages.forEach((stage, i) => {
    if (stage.sendDelay) problems.push(...surveySettingsProblems({ sendDelay: stage.sendDelay }, `stages.${i}.`));
    problems.push(...surveySettingsProblems(stage.surveySettings, `stages.${i}.surveySettings.`));
    // The survey activity lets the sendDelay column win; two different delays would leave one silently ignored.
    const nested = stage.surveySettings?.sendDelay;
    if (stage.sendDelay && nested && nested !== stage.sendDelay) {
      problems.push({ field: `stages.${i}.surveySettings.sendDelay`, message: `differs from stages.${i}.sendDelay; give the delay once` });
    }
  });
  const terminals = body.stages.filter((s) => s.terminal).length;
  if (terminals !== 1) problems.push({ field: 'stages', message: `must have exactly one terminal stage (found ${terminals})` });
  const codes = body.stages.map((s) => s.code);
  const repeated = [...new Set(codes.filter((c, i) => codes.indexOf(c) !== i))];
  if (repeated.length) problems.push({ field: 'stages', message: `stage codes must be unique (repeated: ${repeated.join(', ')})` });
  if (problems.length) throw ValidationError(problems);
}

async function stagesOf(em: EntityManager, journey: JourneyTemplate): Promise<StageTemplate[]> {
  return em.find(StageTemplate, { journeyTemplateId: journey.id }, { orderBy: { position: 'asc' } });
}

async function latestVersion(em: EntityManager, hospitalId: string, code: string): Promise<JourneyTemplate | null> {
  return em.findOne(JourneyTemplate, { hospitalId, code }, { orderBy: { version: 'desc' } });
}

/** Queues one version of a journey and its stages; stage positions follow the order given. */
function writeVersion(em: EntityManager, identity: Pick<JourneyTemplate, 'hospitalId' | 'code' | 'version'>, body: JourneyPayload) {
  const journey = Object.assign(new JourneyTemplate(), {
    ...identity,
    nameEn: body.nameEn,
    nameAr: body.nameAr,
    patientClasses: body.patientClasses,
    startEvents: body.startEvents,
    inactivityTimeout: body.inactivityTimeout,
    active: true,
  });
  const stages = body.stages.map((stage, position) =>
    Object.assign(new StageTemplate(), {
      journeyTemplateId: journey.id,
      position,
      code: stage.code,
      nameEn: stage.nameEn,
      nameAr: stage.nameAr,
      triggerEvents: stage.triggerEvents,
      required: stage.required,
      terminal: stage.terminal,
      surveyTemplateCode: stage.surveyTemplateCode ?? null,
      sendDelay: stage.sendDelay ?? null,
      surveySettings: storedSurveySettings(stage.surveySettings),
    }),
  );
  em.persist([journey, ...stages]);
  return { journey, stages };
}

async function findVisible(ctx: AppContext, id: string): Promise<JourneyTemplate> {
  const journey = await ctx.state.em.findOne(JourneyTemplate, { ...hospitalWhere(ctx.state.principal!), id });
  if (!journey) throw NotFoundError('journey');
  return journey;
}

/**
 * Journey templates. Versioned: a change writes a new version and retires the old one, because
 * running encounters froze the version they started with and the audit trail must be able to show it.
 */
export function journeyRoutes(): RouteSpec[] {
  return [
    defineRoute<unknown, JourneyQuery>({
      method: 'get',
      path: '/api/v1/journeys',
      operationId: 'listJourneys',
      tag: 'journeys',
      summary: 'List journeys in the caller\'s scope (active versions unless active=false)',
      access: ROLE_LEVEL.STAFF,
      query: listJourneys,
      response: { schema: pageSchema(journeySummaryView) },
      async handler(ctx, { query }) {
        const em = ctx.state.em;
        const hospitalId = await hospitalFromFilters(em, query);
        if (hospitalId === null) return pageOf([], 0, query);
        const where: FilterQuery<JourneyTemplate> = {
          $and: [
            hospitalWhere(ctx.state.principal!),
            { active: query.active, ...(hospitalId ? { hospitalId } : {}), ...(query.code ? { code: query.code.toUpperCase() } : {}) },
          ],
        };
        const [items, total] = await em.findAndCount(JourneyTemplate, where, {
          limit: query.limit,
          offset: query.offset,
          orderBy: { hospitalId: 'asc', code: 'asc', version: 'desc' },
        });
        return pageOf(items.map((j) => viewJourney(j)), total, query);
      },
    }),
    defineRoute<{ id: string }>({
      method: 'get',
      path: '/api/v1/journeys/{id}',
      operationId: 'getJourney',
      tag: 'journeys',
      summary: 'One journey version with its stages in order',
      access: ROLE_LEVEL.STAFF,
      params: idParams,
      response: { schema: journeyView },
      async handler(ctx, { params }) {
        const journey = await findVisible(ctx, params.id);
        return viewJourney(journey, await stagesOf(ctx.state.em, journey));
      },
    }),
    defineRoute<unknown, unknown, JourneyPayload>({
      method: 'post',
      path: '/api/v1/journeys',
      operationId: 'createJourney',
      tag: 'journeys',
      summary: 'Create a journey (version 1, or the next version of a deactivated code)',
      access: ROLE_LEVEL.HOSPITAL_ADMIN,
      body: createJourney,
      response: { status: 201, schema: journeyView },
      errors: [404, 409],
      async handler(ctx, { body }) {
        const em = ctx.state.em;
        checkJourney(body);
        const hospitalId = await hospitalForWrite(em, ctx.state.principal!, body.hospitalId);
        const code = body.code!;
        if ((await em.count(JourneyTemplate, { hospitalId, code, active: true })) > 0) {
          throw ConflictError(`journey ${code} already exists in this hospital; change it with PUT to make a new version`);
        }
        // A code used before keeps its history: the unique (hospital, code, version) key rules out restarting at 1.
        const version = ((await latestVersion(em, hospitalId, code))?.version ?? 0) + 1;
        const { journey, stages } = writeVersion(em, { hospitalId, code, version }, body);
        recordAudit(em, ctx, { action: 'journey.create', entityType: 'journey_template', entityId: journey.id, hospitalId, after: viewJourney(journey, stages) });
        await em.flush();
        return viewJourney(journey, stages);
      },
    }),
    defineRoute<{ id: string }, unknown, JourneyPayload>({
      method: 'put',
      path: '/api/v1/journeys/{id}',
      operationId: 'replaceJourney',
      tag: 'journeys',
      summary: 'Change a journey: writes the next version (new id) and retires this one',
      access: ROLE_LEVEL.HOSPITAL_ADMIN,
      params: idParams,
      body: replaceJourney,
      response: { schema: journeyView },
      errors: [409],
      async handler(ctx, { params, body }) {
        const em = ctx.state.em;
        const current = await findVisible(ctx, params.id);
        const latest = (await latestVersion(em, current.hospitalId, current.code))!;
        if (latest.id !== current.id) throw ConflictError(`version ${current.version} of ${current.code} is not the latest (${latest.version}); change the latest`);
        checkJourney(body);
        const before = viewJourney(current, await stagesOf(em, current));
        current.active = false;
        const { journey, stages } = writeVersion(em, { hospitalId: current.hospitalId, code: current.code, version: current.version + 1 }, body);
        recordAudit(em, ctx, { action: 'journey.update', entityType: 'journey_template', entityId: journey.id, hospitalId: journey.hospitalId, before, after: viewJourney(journey, stages) });
        await em.flush();
        return viewJourney(journey, stages);
      },
    }),
    defineRoute<{ id: string }>({
      method: 'delete',
      path: '/api/v1/journeys/{id}',
      operationId: 'deactivateJourney',
      tag: 'journeys',
      summary: 'Deactivate a journey: no new encounters start on it; running ones carry on',
      access: ROLE_LEVEL.HOSPITAL_ADMIN,
      params: idParams,
      response: { status: 204 },
      async handler(ctx, { params }) {
        const em = ctx.state.em;
        const journey = await findVisible(ctx, params.id);
        if (!journey.active) return undefined;
        const before = viewJourney(journey);
        journey.active = false;
        recordAudit(em, ctx, { action: 'journey.deactivate', entityType: 'journey_template', entityId: journey.id, hospitalId: journey.hospitalId, before, after: viewJourney(journey) });
        await em.flush();
        return undefined;
      },
    }),
  ];
}
