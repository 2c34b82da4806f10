import type { FilterQuery } from '@mikro-orm/core';
import { SurveyQuestion, SurveyTemplate } from '../../../models/entities';
import type { AppContext } from '../../context';
import { NotFoundError } from '../../errors';
import { hospitalFilter } from '../../rbac/principal';
import { ROLE_LEVEL } from '../../rbac/roles';
import { hospitalFromFilters } from '../../rbac/scope';
import { defineRoute, type RouteSpec } from '../../routing';
import { hospitalFilterProperties, idParams, listQuery, pageOf, type PageQuery } from '../schemaParts';

const listTemplates = listQuery({ ...hospitalFilterProperties, code: { type: 'string', maxLength: 40 }, active: { type: 'boolean', default: true } });

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

/** Templates of the caller's hospital, and group-wide ones (no hospital). */
function scope(ctx: AppContext): FilterQuery<SurveyTemplate> {
  const own = hospitalFilter(ctx.state.principal!);
  return own ? { hospitalId: { $in: [own, null] } } : {};
}

/** Survey templates, bilingual and versioned; the FHIR Questionnaire export is at /fhir/r4/Questionnaire/{id}. */
export function surveyTemplateRoutes(): RouteSpec[] {
  return [
    defineRoute<unknown, PageQuery & { hospitalId?: string; hospitalCode?: string; code?: string; active: boolean }>({
      method: 'get',
      path: '/api/v1/survey-templates',
      tag: 'surveys',
      summary: 'List survey templates (current versions unless active=false)',
      access: ROLE_LEVEL.STAFF,
      query: listTemplates,
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
      tag: 'surveys',
      summary: 'One survey template with its questions in order',
      access: ROLE_LEVEL.STAFF,
      params: idParams,
      async handler(ctx, { params }) {
        const template = await ctx.state.em.findOne(SurveyTemplate, { $and: [scope(ctx), { id: params.id }] });
        if (!template) throw NotFoundError('survey template');
        const questions = await ctx.state.em.find(SurveyQuestion, { templateId: template.id }, { orderBy: { position: 'asc' } });
        return { ...viewTemplate(template), questions: questions.map(viewQuestion) };
      },
    }),
  ];
}
