import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { SurveyQuestion, SurveyTemplate } from '../../../models/entities';
import type { ChoiceOption, QuestionType, ScoringMethod } from '../../../models/rules/scoring';
import { recordAudit } from '../../audit';
import type { AppContext } from '../../context';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type FieldProblem } from '../../errors';
import { hospitalFilter, isGroupWide } from '../../rbac/principal';
import { ROLE_LEVEL } from '../../rbac/roles';
import { hospitalForWrite, hospitalFromFilters } from '../../rbac/scope';
import { defineRoute, type RouteSpec } from '../../routing';
import { idParams, pageOf, pageSchema, type PageQuery } from '../schemaParts';
import { createTemplate, listTemplates, replaceTemplate, templateSummaryView, templateView } from './schema';

interface QuestionPayload {
  code: string;
  type: QuestionType;
  textEn: string;
  textAr: string;
  required: boolean;
  critical: boolean;
  weight: number;
  options?: ChoiceOption[];
}

interface TemplatePayload {
  hospitalId?: string | null;
  code?: string;
  nameEn: string;
  nameAr: string;
  scoringMethod: ScoringMethod;
  negativeThreshold: number;
  multiplePerEncounter: boolean;
  questions: QuestionPayload[];
}

const CHOICE_TYPES: ReadonlySet<QuestionType> = new Set(['single_choice', 'multiple_choice']);

const viewTemplate = (t: SurveyTemplate) => ({
  id: t.id,
  hospitalId: t.hospitalId ?? null,
  code: t.code,
  version: t.version,
  nameEn: t.nameEn,
  nameAr: t.nameAr,
  scoringMethod: t.scoringMethod,
  negativeThreshold: t.negativeThreshold,
  multiplePerEncounter: t.multiplePerEncounter,
  active: t.active,
  createdAt: t.createdAt,
  updatedAt: t.updatedAt,
});

const viewQuestion = (q: SurveyQuestion) => ({
  code: q.code,
  position: q.position,
  type: q.type,
  textEn: q.textEn,
  textAr: q.textAr,
  required: q.required,
  critical: q.critical,
  weight: q.weight,
  options: q.options,
});

const viewDetail = (t: SurveyTemplate, questions: SurveyQuestion[]) => ({ ...viewTemplate(t), questions: questions.map(viewQuestion) });

/**
 * Templates of the caller's hospital, and group-wide ones (no hospital). Spelled as an $or with
 * `is null`, because SQL `hospital_id in (x, null)` never matches a null hospital.
 */
function scope(ctx: AppContext): FilterQuery<SurveyTemplate> {
  const own = hospitalFilter(ctx.state.principal!);
  return own ? { $or: [{ hospitalId: own }, { hospitalId: null }] } : {};
}

const repeatedIn = (codes: string[]) => [...new Set(codes.filter((c, i) => codes.indexOf(c) !== i))];

/**
 * What the schema cannot say, checked here so scoring never meets a template it cannot score:
 * unique codes (answers refer to them), options exactly where a choice needs them, an NPS
 * question for NPS scoring, and no critical free text (a comment has no worst category).
 */
function checkTemplate(body: TemplatePayload): void {
  const problems: FieldProblem[] = [];
  const repeated = repeatedIn(body.questions.map((q) => q.code));
  if (repeated.length) problems.push({ field: 'questions', message: `question codes must be unique (repeated: ${repeated.join(', ')})` });
  body.questions.forEach((question, i) => {
    const options = question.options ?? [];
    if (CHOICE_TYPES.has(question.type)) {
      if (options.length < 2) problems.push({ field: `questions.${i}.options`, message: `a ${question.type} question needs at least two options` });
      const repeatedOptions = repeatedIn(options.map((o) => o.code));
      if (repeatedOptions.length) problems.push({ field: `questions.${i}.options`, message: `option codes must be unique (repeated: ${repeatedOptions.join(', ')})` });
    } else if (options.length) {
      problems.push({ field: `questions.${i}.options`, message: `a ${question.type} question has no options` });
    }
    if (question.type === 'free_text' && question.critical) problems.push({ field: `questions.${i}.critical`, message: 'a free_text question cannot be critical' });
  });
  if (body.scoringMethod === 'nps' && !body.questions.some((q) => q.type === 'nps')) {
    problems.push({ field: 'scoringMethod', message: "'nps' scoring needs an nps question" });
  }
  if (problems.length) throw ValidationError(problems);
}

/** Null for group-wide templates: the query then matches `hospital_id is null`. */
async function latestVersion(em: EntityManager, hospitalId: string | null, code: string): Promise<SurveyTemplate | null> {
  return em.findOne(SurveyTemplate, { hospitalId, code }, { orderBy: { version: 'desc' } });
}

async function questionsOf(em: EntityManager, template: SurveyTemplate): Promise<SurveyQuestion[]> {
  return em.find(SurveyQuestion, { templateId: template.id }, { orderBy: { position: 'asc' } });
}

/** Queues one version of a template and its questions; positions follow the order given. */
function writeVersion(em: EntityManager, identity: Pick<SurveyTemplate, 'hospitalId' | 'code' | 'version'>, body: TemplatePayload) {
  const template = Object.assign(new SurveyTemplate(), {
    ...identity,
    nameEn: body.nameEn,
    nameAr: body.nameAr,
    scoringMethod: body.scoringMethod,
    negativeThreshold: body.negativeThreshold,
    multiplePerEncounter: body.multiplePerEncounter,
    active: true,
  });
  const questions = body.questions.map((q, position) =>
    Object.assign(new SurveyQuestion(), {
      templateId: template.id,
      position,
      code: q.code,
      type: q.type,
      textEn: q.textEn,
      textAr: q.textAr,
      required: q.required,
      critical: q.critical,
      weight: q.weight,
      options: (q.options ?? []).map(({ code, labelEn, labelAr, score }) => ({ code, labelEn, labelAr, ...(score === undefined ? {} : { score }) })),
    }),
  );
  em.persist([template, ...questions]);
  return { template, questions };
}

async function findVisible(ctx: AppContext, id: string): Promise<SurveyTemplate> {
  const template = await ctx.state.em.findOne(SurveyTemplate, { $and: [scope(ctx), { id }] });
  if (!template) throw NotFoundError('survey template');
  return template;
}

/** Group-wide templates are shared by every hospital, so only a group-wide caller may change them. */
function checkMayChange(ctx: AppContext, hospitalId: string | null | undefined): void {
  if (!hospitalId && !isGroupWide(ctx.state.principal!)) throw ForbiddenError('only a group-wide PX admin may change a group-wide survey template');
}

/** Survey templates, bilingual and versioned; the FHIR Questionnaire export is at /fhir/r4/Questionnaire/{id}. */
export function surveyTemplateRoutes(): RouteSpec[] {
  return [
    defineRoute<unknown, PageQuery & { hospitalId?: string; hospitalCode?: string; code?: string; active: boolean }>({
      method: 'get',
      path: '/api/v1/survey-templates',
      operationId: 'listSurveyTemplates',
      tag: 'surveys',
      summary: 'List survey templates (current versions unless active=false)',
      access: ROLE_LEVEL.STAFF,
      query: listTemplates,
      response: { schema: pageSchema(templateSummaryView) },
      async handler(ctx, { query }) {
        const hospitalId = await hospitalFromFilters(ctx.state.em, query);
        if (hospitalId === null) return pageOf([], 0, query);
        const where: FilterQuery<SurveyTemplate> = {
          $and: [scope(ctx), hospitalId ? { hospitalId } : {}, query.code ? { code: query.code.toUpperCase() } : {}, { active: query.active }],
        };
        const [items, total] = await ctx.state.em.findAndCount(SurveyTemplate, where, { limit: query.limit, offset: query.offset, orderBy: { code: 'asc', version: 'desc' } });
        return pageOf(items.map(viewTemplate), total, query);
      },
    }),
    defineRoute<{ id: string }>({
      method: 'get',
      path: '/api/v1/survey-templates/{id}',
      operationId: 'getSurveyTemplate',
      tag: 'surveys',
      summary: 'One survey template with its questions in order',
      access: ROLE_LEVEL.STAFF,
      params: idParams,
      response: { schema: templateView },
      async handler(ctx, { params }) {
        const template = await findVisible(ctx, params.id);
        return viewDetail(template, await questionsOf(ctx.state.em, template));
      },
    }),
    defineRoute<unknown, unknown, TemplatePayload>({
      method: 'post',
      path: '/api/v1/survey-templates',
      operationId: 'createSurveyTemplate',
      tag: 'surveys',
      summary: 'Create a survey template (version 1, or the next version of a deactivated code)',
      access: ROLE_LEVEL.HOSPITAL_ADMIN,
      body: createTemplate,
      response: { status: 201, schema: templateView },
      errors: [404, 409],
      async handler(ctx, { body }) {
        const em = ctx.state.em;
        const principal = ctx.state.principal!;
        let hospitalId: string | null;
        if (body.hospitalId === null) {
          checkMayChange(ctx, null);
          hospitalId = null;
        } else {
          hospitalId = await hospitalForWrite(em, principal, body.hospitalId);
        }
        checkTemplate(body);
        const code = body.code!;
        if ((await em.count(SurveyTemplate, { hospitalId, code, active: true })) > 0) {
          throw ConflictError(`survey template ${code} already exists here; change it with PUT to make a new version`);
        }
        // A code used before keeps its history: the unique (hospital, code, version) key rules out restarting at 1.
        const version = ((await latestVersion(em, hospitalId, code))?.version ?? 0) + 1;
        const { template, questions } = writeVersion(em, { hospitalId, code, version }, body);
        const after = viewDetail(template, questions);
        recordAudit(em, ctx, { action: 'survey_template.create', entityType: 'survey_template', entityId: template.id, hospitalId, after });
        await em.flush();
        return viewDetail(template, questions);
      },
    }),
    defineRoute<{ id: string }, unknown, TemplatePayload>({
      method: 'put',
      path: '/api/v1/survey-templates/{id}',
      operationId: 'replaceSurveyTemplate',
      tag: 'surveys',
      summary: 'Change a survey template: writes the next version (new id) and retires this one',
      access: ROLE_LEVEL.HOSPITAL_ADMIN,
      params: idParams,
      body: replaceTemplate,
      response: { schema: templateView },
      errors: [409],
      async handler(ctx, { params, body }) {
        const em = ctx.state.em;
        const current = await findVisible(ctx, params.id);
        const hospitalId = current.hospitalId ?? null;
        checkMayChange(ctx, hospitalId);
        const latest = (await latestVersion(em, hospitalId, current.code))!;
        if (latest.id !== current.id) throw ConflictError(`version ${current.version} of ${current.code} is not the latest (${latest.version}); change the latest`);
        checkTemplate(body);
        const before = viewDetail(current, await questionsOf(em, current));
        current.active = false;
        const { template, questions } = writeVersion(em, { hospitalId, code: current.code, version: current.version + 1 }, body);
        const after = viewDetail(template, questions);
        recordAudit(em, ctx, { action: 'survey_template.update', entityType: 'survey_template', entityId: template.id, hospitalId, before, after });
        await em.flush();
        return viewDetail(template, questions);
      },
    }),
    defineRoute<{ id: string }>({
      method: 'delete',
      path: '/api/v1/survey-templates/{id}',
      operationId: 'deactivateSurveyTemplate',
      tag: 'surveys',
      summary: 'Deactivate a survey template; it stays readable by id for the answers that refer to it',
      access: ROLE_LEVEL.HOSPITAL_ADMIN,
      params: idParams,
      response: { status: 204 },
      async handler(ctx, { params }) {
        const em = ctx.state.em;
        const template = await findVisible(ctx, params.id);
        checkMayChange(ctx, template.hospitalId);
        if (!template.active) return undefined;
        const before = viewTemplate(template);
        template.active = false;
        recordAudit(em, ctx, { action: 'survey_template.deactivate', entityType: 'survey_template', entityId: template.id, hospitalId: template.hospitalId ?? null, before, after: viewTemplate(template) });
        await em.flush();
        return undefined;
      },
    }),
  ];
}
