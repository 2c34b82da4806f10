import type { EntityManager } from '@mikro-orm/postgresql';
import { SurveyInstance, SurveyQuestion, SurveyResponse } from '../../models/entities';
import { AnswerError, type Answer } from '../../models/rules/scoring';
import { mayAccess, UUID, type FhirCaller, type FhirReply, type FhirRequest } from './caller';
import { conflict, gone, notFound, unprocessable } from './outcome';
import { answersOf, itemPath, readResponse, toFhirQuestionnaireResponse } from './questionnaireResponseResource';
import { checkResource } from './schema';
import { dateCondition, parseSearch, searchBundle, type Query, type SearchParamDefinition } from './search';
import type { FhirQuestionnaireResponse } from './types';

export const QUESTIONNAIRE_RESPONSE_SEARCH: SearchParamDefinition[] = [
  { name: '_id', type: 'token', documentation: 'our id of the response' },
  { name: 'patient', type: 'reference', documentation: 'Patient/{id}: the patient who answered' },
  { name: 'questionnaire', type: 'reference', documentation: 'Questionnaire/{id} (or its canonical URL): the template version answered' },
  { name: 'authored', type: 'date', documentation: 'when the answers were recorded, with eq, ne, lt, le, gt or ge' },
];

/**
 * How a survey's answers are stored and scored, from the survey activities: resolves when
 * recorded, or says why the survey takes no answer (already answered, or expired). Throws
 * `AnswerError` for an answer that does not fit its question.
 */
export type RecordAnswers = (surveyId: string, answers: Answer[]) => Promise<{ closed?: { reason: 'used' | 'expired'; message: string } }>;

/**
 * A patient's answers to a survey we sent, filled in through a hospital system (a portal, a kiosk)
 * rather than our link. They are recorded exactly as the survey page records them: validated,
 * scored, single-use, audited, and the survey's workflow signalled (through the outbox, in the
 * same transaction) so it stops reminding and acts on the outcome.
 */
export class FhirQuestionnaireResponses {
  constructor(
    private readonly baseUrl: () => string,
    private readonly recordAnswers: RecordAnswers,
  ) {}

  async create({ em, caller, body, audit }: FhirRequest): Promise<FhirReply> {
    const resource = checkResource<FhirQuestionnaireResponse>('QuestionnaireResponse', body);
    const { surveyId, questionnaireId } = readResponse(resource);
    const survey = UUID.test(surveyId) ? await em.findOne(SurveyInstance, { id: surveyId }) : null;
    if (!survey || !mayAccess(caller, survey.hospitalId)) throw notFound(`no survey has the identifier ${surveyId}`, 'QuestionnaireResponse.identifier');
    // The questions a response answers are those of the template version the survey was sent with.
    if (questionnaireId?.toLowerCase() !== survey.templateId) {
      throw unprocessable(`the survey was sent as Questionnaire/${survey.templateId}`, 'QuestionnaireResponse.questionnaire');
    }
    const questions = await em.find(SurveyQuestion, { templateId: survey.templateId }, { orderBy: { position: 'asc' } });
    await this.record(survey, answersOf(resource.item, questions));
    audit({ action: 'survey.respond', entityType: 'survey', entityId: survey.id, hospitalId: survey.hospitalId, after: { via: 'fhir' } });
    await em.flush();
    const stored = await em.findOneOrFail(SurveyResponse, { surveyId: survey.id });
    return {
      status: 201,
      resource: { ...resource, id: stored.id, meta: { ...resource.meta, lastUpdated: stored.submittedAt.toISOString() } },
      location: `${this.baseUrl()}/QuestionnaireResponse/${stored.id}`,
    };
  }

  async read(em: EntityManager, caller: FhirCaller, id: string): Promise<FhirReply> {
    const response = UUID.test(id) ? await em.findOne(SurveyResponse, { id }) : null;
    const survey = response ? await em.findOne(SurveyInstance, { id: response.surveyId }) : null;
    if (!response || !survey || !mayAccess(caller, survey.hospitalId)) throw notFound(`QuestionnaireResponse/${id} is not known`);
    const questions = await em.find(SurveyQuestion, { templateId: survey.templateId });
    return { status: 200, resource: toFhirQuestionnaireResponse(response, survey, questions, this.baseUrl()) };
  }

  /** `GET /QuestionnaireResponse?…`: the answers recorded in the caller's hospitals, oldest first. */
  async search(em: EntityManager, caller: FhirCaller, query: Query): Promise<FhirReply> {
    const search = parseSearch('QuestionnaireResponse', QUESTIONNAIRE_RESPONSE_SEARCH, query, { patient: 'Patient', questionnaire: 'Questionnaire' });
    const where: string[] = [];
    const params: unknown[] = [];
    if (caller.hospitalId) {
      where.push('s.hospital_id = ?');
      params.push(caller.hospitalId);
    }
    const ids = (values: string[], column: string) => {
      const valid = values.filter((v) => UUID.test(v));
      if (valid.length === 0) return void where.push('false');
      where.push(`${column} in (${valid.map(() => '?').join(', ')})`);
      params.push(...valid);
    };
    for (const { name, value } of search.criteria) {
      if (value.type === 'token') ids(value.tokens.map((t) => t.value), 'r.id');
      else if (value.type === 'reference') ids(value.ids, name === 'patient' ? 's.patient_id' : 's.template_id');
      else if (value.type === 'date') {
        const alternatives = value.ranges.map((range) => {
          const { op, values } = dateCondition(range);
          params.push(...values);
          if (op === 'between') return 'r.submitted_at >= ? and r.submitted_at < ?';
          if (op === 'outside') return 'not (r.submitted_at >= ? and r.submitted_at < ?)';
          return op === '<' ? 'r.submitted_at < ?' : 'r.submitted_at >= ?';
        });
        where.push(alternatives.join(' or '));
      }
    }
    const from = `from survey_response r join survey_instance s on s.id = r.survey_id ${where.length ? `where ${where.map((w) => `(${w})`).join(' and ')}` : ''}`;
    const connection = em.getConnection();
    const [{ total }] = await connection.execute<{ total: string }[]>(`select count(*) as total ${from}`, params);
    const rows = search.count === 0 ? [] : await connection.execute<{ id: string }[]>(`select r.id ${from} order by r.submitted_at, r.id limit ? offset ?`, [...params, search.count, search.offset]);
    const responses = rows.length ? await em.find(SurveyResponse, { id: { $in: rows.map((r) => r.id) } }) : [];
    const surveys = new Map((responses.length ? await em.find(SurveyInstance, { id: { $in: responses.map((r) => r.surveyId) } }) : []).map((s) => [s.id, s]));
    const templateIds = [...new Set([...surveys.values()].map((s) => s.templateId))];
    const questions = templateIds.length ? await em.find(SurveyQuestion, { templateId: { $in: templateIds } }) : [];
    const byId = new Map(responses.map((r) => [r.id, r]));
    const resources = rows.map((row) => {
      const response = byId.get(row.id)!;
      const survey = surveys.get(response.surveyId)!;
      return toFhirQuestionnaireResponse(response, survey, questions.filter((q) => q.templateId === survey.templateId), this.baseUrl());
    });
    return { status: 200, resource: searchBundle(this.baseUrl(), 'QuestionnaireResponse', query, search, Number(total), resources) };
  }

  /** Stores and scores the answers in a transaction of their own, which locks the survey against a double submit. */
  private async record(survey: SurveyInstance, answers: Answer[]): Promise<void> {
    try {
      const { closed } = await this.recordAnswers(survey.id, answers);
      if (closed) throw closed.reason === 'used' ? conflict(closed.message) : gone(closed.message);
    } catch (error) {
      if (error instanceof AnswerError) throw unprocessable(error.message, itemPath(error.questionCode));
      throw error;
    }
  }
}
