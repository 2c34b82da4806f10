/**
 * The page a patient opens from a survey link: `/s/{token}`. Server-rendered HTML that works
 * without JavaScript; 404 for a link we never issued, 410 once it is used or expired.
 */
import { AnswerError } from '../../../models/rules/scoring';
import { closedReason, optOutPatient, recordSurveyResponse, surveyByToken, surveyQuestions, SurveyClosedError, type TokenLookup } from '../../../activities/surveys/responses';
import { Hospital, SurveyTemplate } from '../../../models/entities';
import { Outbox } from '../../../models/outbox';
import { answersFromForm, renderGone, renderNotFound, renderOptedOut, renderOptOutConfirm, renderSurveyPage, renderThankYou, STRINGS, type FormBody, type Language } from '../../../web/survey';
import { recordAudit } from '../../audit';
import type { AppContext, ApiServices } from '../../context';
import { defineRoute, type RouteSpec } from '../../routing';

const TAG = 'Patient survey pages';
const HTML = 'text/html';
const unknownLink = { status: 404, contentType: HTML, description: 'the page saying the link is unknown' };
const closedSurvey = { status: 410, contentType: HTML, description: 'the page saying the survey was answered or has expired' };
const tokenParams = { type: 'object', required: ['token'], properties: { token: { type: 'string', maxLength: 100 } } };
const languageQuery = { type: 'object', properties: { lang: { type: 'string', enum: ['ar', 'en'] } } };

function html(ctx: AppContext, status: number, body: string): void {
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  // The address holds the patient's token: not cached, not indexed, not passed on.
  ctx.set({ 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex', 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'" });
  ctx.body = body;
}

const languageOf = (ctx: AppContext, lookup: TokenLookup | null): Language => (ctx.query.lang === 'en' || ctx.query.lang === 'ar' ? ctx.query.lang : (lookup?.survey.language ?? 'ar'));

async function pageModel(ctx: AppContext, token: string, lookup: TokenLookup, language: Language) {
  const em = ctx.state.em;
  const [hospital, template, questions] = await Promise.all([
    em.findOneOrFail(Hospital, { id: lookup.survey.hospitalId }),
    em.findOneOrFail(SurveyTemplate, { id: lookup.survey.templateId }),
    surveyQuestions(em, lookup.survey.templateId),
  ]);
  const other = language === 'ar' ? 'en' : 'ar';
  return {
    hospitalName: language === 'ar' ? hospital.nameAr : hospital.nameEn,
    model: {
      language,
      action: `/s/${token}?lang=${language}`,
      switchHref: `/s/${token}?lang=${other}`,
      optOutHref: `/s/${token}/opt-out?lang=${language}`,
      hospitalName: language === 'ar' ? hospital.nameAr : hospital.nameEn,
      surveyName: language === 'ar' ? template.nameAr : template.nameEn,
      questions,
    },
  };
}

export function surveyPageRoutes(services: Pick<ApiServices, 'config'>): RouteSpec[] {
  const outbox = new Outbox(services.config.outbox.lanes);

  /** The survey behind a link, or the page that says why there is none to answer. */
  async function openSurvey(ctx: AppContext, token: string): Promise<{ lookup: TokenLookup; language: Language } | null> {
    const lookup = await surveyByToken(ctx.state.em, token);
    const language = languageOf(ctx, lookup);
    if (!lookup) {
      html(ctx, 404, renderNotFound(language));
      return null;
    }
    const closed = closedReason(lookup.survey);
    if (closed) {
      html(ctx, 410, renderGone(language, closed));
      return null;
    }
    return { lookup, language };
  }

  return [
    defineRoute({
      method: 'get',
      path: '/s/{token}',
      operationId: 'getSurveyPage',
      tag: TAG,
      summary: 'The survey form a patient opens from a link (HTML; 404 unknown link, 410 used or expired)',
      access: 'public',
      params: tokenParams,
      query: languageQuery,
      response: { contentType: HTML, description: 'the survey form' },
      otherResponses: [unknownLink, closedSurvey],
      async handler(ctx, { params }) {
        const open = await openSurvey(ctx, params.token);
        if (!open) return;
        const { model } = await pageModel(ctx, params.token, open.lookup, open.language);
        html(ctx, 200, renderSurveyPage(model));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/s/{token}',
      operationId: 'submitSurveyPage',
      tag: TAG,
      summary: 'Submit the survey form (`application/x-www-form-urlencoded`, one field per question code)',
      access: 'public',
      params: tokenParams,
      query: languageQuery,
      requestContentType: 'application/x-www-form-urlencoded',
      documentedBody: { type: 'object', description: 'one field per question code', additionalProperties: { type: ['string', 'array'] } },
      response: { contentType: HTML, description: 'the thank-you page' },
      otherResponses: [unknownLink, closedSurvey, { status: 422, contentType: HTML, description: 'the form again, with the errors marked' }],
      async handler(ctx, { params }) {
        const open = await openSurvey(ctx, params.token);
        if (!open) return;
        const { lookup, language } = open;
        const { model, hospitalName } = await pageModel(ctx, params.token, lookup, language);
        const form = (ctx.request as { body?: unknown }).body;
        const parsed = answersFromForm(model.questions, form && typeof form === 'object' ? (form as FormBody) : {});
        if (Object.keys(parsed.errors).length > 0) return html(ctx, 422, renderSurveyPage({ ...model, values: parsed.values, errors: parsed.errors }));
        try {
          await recordSurveyResponse(ctx.state.em.fork(), outbox, lookup.survey.id, parsed.answers, 'web');
        } catch (error) {
          if (error instanceof AnswerError) return html(ctx, 422, renderSurveyPage({ ...model, values: parsed.values, errors: { [error.questionCode]: 'invalid' } }));
          if (error instanceof SurveyClosedError) return html(ctx, 410, renderGone(language, error.reason));
          throw error;
        }
        recordAudit(ctx.state.em, ctx, { action: 'survey.respond', entityType: 'survey', entityId: lookup.survey.id, hospitalId: lookup.survey.hospitalId, after: { via: 'web' } });
        await ctx.state.em.flush();
        html(ctx, 200, renderThankYou(language, hospitalName));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/s/{token}/opt-out',
      operationId: 'getSurveyOptOutPage',
      tag: TAG,
      summary: 'Asks the patient to confirm they want no more surveys (a link preview must not opt anyone out)',
      access: 'public',
      params: tokenParams,
      query: languageQuery,
      response: { contentType: HTML, description: 'the confirmation page' },
      otherResponses: [unknownLink],
      async handler(ctx, { params }) {
        const lookup = await surveyByToken(ctx.state.em, params.token);
        const language = languageOf(ctx, lookup);
        if (!lookup) return html(ctx, 404, renderNotFound(language));
        const channel = lookup.channel;
        html(ctx, 200, renderOptOutConfirm({ language, action: `/s/${params.token}/opt-out?lang=${language}`, channelLabel: channel ? STRINGS[language].channelNames[channel] : undefined }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/s/{token}/opt-out',
      operationId: 'optOutOfSurveys',
      tag: TAG,
      summary: 'Opts the patient out of survey messages on the channel the link came by',
      access: 'public',
      params: tokenParams,
      query: languageQuery,
      response: { contentType: HTML, description: 'the page saying it is done' },
      otherResponses: [unknownLink],
      async handler(ctx, { params }) {
        const lookup = await surveyByToken(ctx.state.em, params.token);
        const language = languageOf(ctx, lookup);
        if (!lookup?.survey.patientId) return html(ctx, 404, renderNotFound(language));
        const channel = lookup.channel ?? lookup.survey.channel ?? 'sms';
        await optOutPatient(ctx.state.em.fork(), outbox, lookup.survey.patientId, channel);
        recordAudit(ctx.state.em, ctx, { action: 'patient.opt_out', entityType: 'patient', entityId: lookup.survey.patientId, hospitalId: lookup.survey.hospitalId, after: { channel, via: 'survey_link' } });
        await ctx.state.em.flush();
        html(ctx, 200, renderOptedOut(language));
      },
    }),
  ];
}
