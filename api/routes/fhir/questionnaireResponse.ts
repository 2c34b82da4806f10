import type { EntityManager } from '@mikro-orm/postgresql';
import { AnswerError, type Answer } from '../../../models/rules/scoring';
import { recordSurveyResponse, SurveyClosedError, surveyQuestions } from '../../../activities/surveys/responses';
import { SurveyInstance, SurveyResponse } from '../../../models/entities';
import type { Outbox } from '../../../models/outbox';
import { recordAudit } from '../../audit';
import { conflict, gone, notFound, unprocessable } from './outcome';
import { answersOf, itemPath, readResponse } from './questionnaireResponseResource';
import { UUID, type FhirReply, type FhirRequest } from './reply';
import { checkResource } from './schema';
import type { FhirQuestionnaireResponse } from './types';

/**
 * A patient's answers to a survey we sent, filled in through a hospital system (a portal, a kiosk)
 * rather than our link. They are recorded exactly as the survey page records them: validated,
 * scored, single-use, audited, and the survey's workflow signalled (through the outbox, in the
 * same transaction) so it stops reminding and acts on the outcome.
 */
export class FhirQuestionnaireResponses {
  constructor(
    private readonly baseUrl: string,
    private readonly outbox: Outbox,
  ) {}

  async create({ ctx, em, source, body }: FhirRequest): Promise<FhirReply> {
    const resource = checkResource<FhirQuestionnaireResponse>('QuestionnaireResponse', body);
    const { surveyId, questionnaireId } = readResponse(resource);
    const survey = UUID.test(surveyId) ? await em.findOne(SurveyInstance, { id: surveyId }) : null;
    if (!survey || (source.hospitalId && source.hospitalId !== survey.hospitalId)) throw notFound(`no survey has the identifier ${surveyId}`, 'QuestionnaireResponse.identifier');
    // The questions a response answers are those of the template version the survey was sent with.
    if (questionnaireId?.toLowerCase() !== survey.templateId) {
      throw unprocessable(`the survey was sent as Questionnaire/${survey.templateId}`, 'QuestionnaireResponse.questionnaire');
    }
    await this.record(em, survey, answersOf(resource.item, await surveyQuestions(em, survey.templateId)));
    recordAudit(em, ctx, { action: 'survey.respond', entityType: 'survey', entityId: survey.id, hospitalId: survey.hospitalId, actorEmail: `source:${source.code}`, after: { via: 'fhir' } });
    await em.flush();
    const stored = await em.findOneOrFail(SurveyResponse, { surveyId: survey.id });
    return {
      status: 201,
      resource: { ...resource, id: stored.id, meta: { ...resource.meta, lastUpdated: stored.submittedAt.toISOString() } },
      location: `${this.baseUrl}/QuestionnaireResponse/${stored.id}`,
    };
  }

  /** Stores and scores the answers in a transaction of its own, which locks the survey against a double submit. */
  private async record(em: EntityManager, survey: SurveyInstance, answers: Answer[]): Promise<void> {
    try {
      await recordSurveyResponse(em.fork(), this.outbox, survey.id, answers, 'fhir');
    } catch (error) {
      if (error instanceof AnswerError) throw unprocessable(error.message, itemPath(error.questionCode));
      if (error instanceof SurveyClosedError) throw error.reason === 'used' ? conflict(error.message) : gone(error.message);
      throw error;
    }
  }
}
