import { raw, type FilterQuery } from '@mikro-orm/core';
import { surveyQuestions } from '../../../activities/surveys/responses';
import { Hospital, NotificationLog, SurveyInstance, SurveyResponse } from '../../../models/entities';
import { SURVEY_STATUSES } from '../../../models/rules/statuses';
import type { AppContext } from '../../context';
import { NotFoundError } from '../../errors';
import { ROLE_LEVEL } from '../../rbac/roles';
import { hospitalFromFilters, hospitalWhere, visibleDepartments } from '../../rbac/scope';
import { defineRoute, type RouteSpec } from '../../routing';
import { answerObject, hospitalFilterProperties, idParams, language, listQuery, nullableUuid, pageOf, pageSchema, stamp, uuid, type PageQuery } from '../schemaParts';
import { findPage } from '../paging';


const listSurveys = listQuery({
  ...hospitalFilterProperties,
  encounterId: uuid,
  patientId: uuid,
  status: { type: 'string', enum: SURVEY_STATUSES },
  negative: { type: 'boolean', description: 'true: only surveys the scoring found negative' },
  templateCode: { type: 'string', maxLength: 40 },
});

const nullableText = { type: ['string', 'null'] } as const;
const nullableStamp = { type: ['string', 'null'], format: 'date-time' } as const;

const surveySummaryView = answerObject({
  id: uuid,
  hospitalId: uuid,
  hospitalCode: { type: 'string' },
  encounterId: nullableUuid,
  patientId: nullableUuid,
  templateCode: { type: 'string' },
  stageCode: nullableText,
  status: { type: 'string', enum: SURVEY_STATUSES },
  suppressionReason: { ...nullableText, description: 'why a suppressed survey was not sent (cooldown, opted out, …)' },
  channel: { ...nullableText, description: 'the channel it reached the patient on; null until a send succeeds' },
  language,
  scheduledFor: nullableStamp,
  sentAt: nullableStamp,
  expiresAt: nullableStamp,
  completedAt: nullableStamp,
  score: { type: ['number', 'null'], description: '0-100' },
  negative: { type: 'boolean' },
  npsCategory: { type: ['string', 'null'], enum: ['promoter', 'passive', 'detractor', null] },
});

const surveyDetailView = answerObject({
  ...surveySummaryView.properties,
  workflowId: { type: 'string' },
  remindersSent: { type: 'integer', minimum: 0 },
  topBox: { type: ['number', 'null'] },
  negativeReasons: { type: 'array', items: { type: 'string' } },
  respondedVia: { type: ['string', 'null'], enum: ['web', 'sms', 'whatsapp', 'fhir', null] },
  answers: {
    type: 'array',
    description: 'in question order',
    items: answerObject({
      questionCode: { type: 'string' },
      type: nullableText,
      textEn: nullableText,
      textAr: nullableText,
      value: { description: 'as answered: a number, an option code, option codes, or text' },
      normalised: { type: ['number', 'null'], description: '0-100; null when the question is not scored' },
    }),
  },
  deliveries: {
    type: 'array',
    description: 'every message sent for it, oldest first (recipients masked)',
    items: answerObject({
      createdAt: stamp,
      channel: { type: 'string' },
      recipient: { type: 'string' },
      language: { type: 'string' },
      status: { type: 'string' },
      providerId: nullableText,
      error: nullableText,
      sentAt: nullableStamp,
    }),
  },
});

type SurveyQuery = PageQuery & {
  hospitalId?: string;
  hospitalCode?: string;
  encounterId?: string;
  patientId?: string;
  status?: SurveyInstance['status'];
  negative?: boolean;
  templateCode?: string;
};

function viewSurvey(s: SurveyInstance, hospitalCode: string) {
  return {
    id: s.id,
    hospitalId: s.hospitalId,
    hospitalCode,
    encounterId: s.encounterId ?? null,
    patientId: s.patientId ?? null,
    templateCode: s.templateCode,
    stageCode: s.stageCode ?? null,
    status: s.status,
    suppressionReason: s.suppressionReason ?? null,
    channel: s.channel ?? null,
    language: s.language,
    scheduledFor: s.scheduledFor ?? null,
    sentAt: s.sentAt ?? null,
    expiresAt: s.expiresAt ?? null,
    completedAt: s.completedAt ?? null,
    score: s.score ?? null,
    negative: s.negative,
    npsCategory: s.npsCategory ?? null,
  };
}

async function hospitalCodes(ctx: AppContext, ids: string[]): Promise<Map<string, string>> {
  const hospitals = await ctx.state.em.find(Hospital, { id: { $in: [...new Set(ids)] } });
  return new Map(hospitals.map((h) => [h.id, h.code]));
}

/** The patient's answers in the order the questions were asked, each with its wording and its 0-100 value. */
async function answersOf(ctx: AppContext, survey: SurveyInstance) {
  const em = ctx.state.em;
  const response = await em.findOne(SurveyResponse, { surveyId: survey.id });
  if (!response) return [];
  const questions = new Map((await surveyQuestions(em, survey.templateId)).map((q) => [q.code, q]));
  const normalised = new Map(response.normalised.map((n) => [n.questionCode, n.value]));
  const position = (code: string) => questions.get(code)?.position ?? Number.MAX_SAFE_INTEGER;
  return [...response.answers]
    .sort((a, b) => position(a.questionCode) - position(b.questionCode))
    .map((a) => {
      const question = questions.get(a.questionCode);
      return {
        questionCode: a.questionCode,
        type: question?.type ?? null,
        textEn: question?.textEn ?? null,
        textAr: question?.textAr ?? null,
        value: a.value,
        normalised: normalised.get(a.questionCode) ?? null,
      };
    });
}

/** Every message sent for the survey (invitation, reminders), oldest first; recipients are masked in the log itself. */
async function deliveriesOf(ctx: AppContext, survey: SurveyInstance) {
  const rows = await ctx.state.em.find(NotificationLog, { entityType: 'survey', entityId: survey.id }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  return rows.map((n) => ({
    createdAt: n.createdAt,
    channel: n.channel,
    recipient: n.recipient,
    language: n.language,
    status: n.status,
    providerId: n.providerId ?? null,
    error: n.error ?? null,
    sentAt: n.sentAt ?? null,
  }));
}

/**
 * The surveys a caller may see: their hospital and, for a department-bound caller, surveys of their
 * department and the units under it. A survey's department is its encounter's, else (a complaint's
 * resolution survey) its complaint's; a survey with neither is the hospital's, not a department's,
 * so, like a case without a department in `caseScope`, only hospital-wide callers see it. A
 * correlated subquery in the WHERE clause, so paging and totals count surveys, not joined rows.
 */
export async function surveyScope(ctx: AppContext): Promise<FilterQuery<SurveyInstance>> {
  const principal = ctx.state.principal!;
  const departments = await visibleDepartments(ctx.state.em, principal);
  if (!departments) return hospitalWhere(principal);
  const department = raw(
    (alias: string) =>
      `coalesce((select se.department_id from encounter se where se.id = ${alias}.encounter_id), (select sc.department_id from complaint sc where sc.id = ${alias}.complaint_id))`,
  );
  return { $and: [hospitalWhere(principal), { [department]: { $in: departments } }] } as FilterQuery<SurveyInstance>;
}

/**
 * Surveys sent, or deliberately not sent, to patients: the read model the survey workflows write.
 * Links are never shown: their tokens would let staff answer in the patient's name.
 */
export function surveyRoutes(): RouteSpec[] {
  return [
    defineRoute<unknown, SurveyQuery>({
      method: 'get',
      path: '/api/v1/surveys',
      operationId: 'listSurveys',
      tag: 'surveys',
      summary: "List surveys in the caller's scope, newest first",
      access: ROLE_LEVEL.STAFF,
      query: listSurveys,
      response: { schema: pageSchema(surveySummaryView) },
      async handler(ctx, { query }) {
        const hospitalId = await hospitalFromFilters(ctx.state.em, query);
        if (hospitalId === null) return pageOf([], 0, query);
        // Scope and filters are combined, never merged: a filter cannot widen the caller's scope.
        const where: FilterQuery<SurveyInstance> = {
          $and: [
            await surveyScope(ctx),
            {
              ...(hospitalId ? { hospitalId } : {}),
              ...(query.encounterId ? { encounterId: query.encounterId } : {}),
              ...(query.patientId ? { patientId: query.patientId } : {}),
              ...(query.status ? { status: query.status } : {}),
              ...(query.negative !== undefined ? { negative: query.negative } : {}),
              ...(query.templateCode ? { templateCode: query.templateCode.toUpperCase() } : {}),
            },
          ],
        };
        const { items, total, totalExact } = await findPage(ctx.state.em, SurveyInstance, where, query, { createdAt: 'desc', id: 'asc' });
        const codes = await hospitalCodes(ctx, items.map((s) => s.hospitalId));
        return pageOf(items.map((s) => viewSurvey(s, codes.get(s.hospitalId)!)), total, query, totalExact);
      },
    }),
    defineRoute<{ id: string }>({
      method: 'get',
      path: '/api/v1/surveys/{id}',
      operationId: 'getSurvey',
      tag: 'surveys',
      summary: 'One survey with its answers in question order and every message sent for it',
      access: ROLE_LEVEL.STAFF,
      params: idParams,
      response: { schema: surveyDetailView },
      async handler(ctx, { params }) {
        const survey = await ctx.state.em.findOne(SurveyInstance, { $and: [await surveyScope(ctx), { id: params.id }] });
        if (!survey) throw NotFoundError('survey');
        const codes = await hospitalCodes(ctx, [survey.hospitalId]);
        return {
          ...viewSurvey(survey, codes.get(survey.hospitalId)!),
          workflowId: survey.workflowId,
          remindersSent: survey.remindersSent,
          topBox: survey.topBox ?? null,
          negativeReasons: survey.negativeReasons,
          respondedVia: survey.respondedVia ?? null,
          answers: await answersOf(ctx, survey),
          deliveries: await deliveriesOf(ctx, survey),
        };
      },
    }),
  ];
}
