/**
 * Answers reaching a survey from any door (the patient page, a text reply, FHIR) and opt-outs:
 * stored and scored in one transaction, so a link is single-use even under a double submit. The
 * same transaction writes the signal to the survey's workflow into the outbox, so the workflow
 * hears of every answer and opt-out the database records, however long Temporal was away.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { Patient, SurveyInstance, SurveyQuestion, SurveyResponse, SurveyTemplate, SurveyToken } from '../../models/entities';
import { scoreSurvey, validateAnswers, type Answer, type SurveyScore } from '../../models/rules/scoring';
import type { SurveyChannel } from '../../models/rules/suppression';
import type { Outbox } from '../../models/outbox';
import { surveyOptOutSignal, surveyReplySignal, surveyResponseSignal, type SurveySignal } from '../../workflows/surveyTypes';
import { hashSurveyToken, SURVEY_TOKEN_PATTERN } from './tokens';

/** A survey that no longer takes answers: `used` once answered (or opted out), `expired` after its time. */
export class SurveyClosedError extends Error {
  constructor(readonly reason: 'used' | 'expired') {
    super(reason === 'used' ? 'this survey has already been answered or closed' : 'this survey has expired');
    this.name = 'SurveyClosedError';
  }
}

export interface TokenLookup {
  survey: SurveyInstance;
  /** The channel of the message that carried this link. */
  channel: SurveyChannel | null;
}

/** The survey a link belongs to, or null for a link we never issued. */
export async function surveyByToken(em: EntityManager, token: string): Promise<TokenLookup | null> {
  if (!SURVEY_TOKEN_PATTERN.test(token)) return null;
  const row = await em.findOne(SurveyToken, { tokenHash: hashSurveyToken(token) });
  if (!row) return null;
  const survey = await em.findOne(SurveyInstance, { id: row.surveyId });
  return survey ? { survey, channel: row.channel ?? null } : null;
}

/** Why a survey cannot be answered now, or null when it can. */
export function closedReason(survey: SurveyInstance, now = new Date()): 'used' | 'expired' | null {
  if (survey.status === 'expired' || (survey.status === 'sent' && survey.expiresAt && survey.expiresAt <= now)) return 'expired';
  return survey.status === 'sent' ? null : 'used';
}

export async function surveyQuestions(em: EntityManager, templateId: string): Promise<SurveyQuestion[]> {
  return em.find(SurveyQuestion, { templateId }, { orderBy: { position: 'asc' } });
}

/**
 * Validates, scores and stores one response, and completes the survey. The survey row is locked
 * first: of two submissions racing, the second finds it completed. Throws `AnswerError` for an
 * answer that does not fit (nothing stored) and `SurveyClosedError` when it is too late.
 */
export async function recordSurveyResponse(em: EntityManager, outbox: Outbox, surveyId: string, answers: Answer[], via: SurveyResponse['submittedVia']): Promise<SurveyScore> {
  return em.transactional(async (tx) => {
    const survey = await tx.findOneOrFail(SurveyInstance, { id: surveyId }, { lockMode: 4 /* PESSIMISTIC_WRITE */, refresh: true });
    const closed = closedReason(survey);
    if (closed) throw new SurveyClosedError(closed);
    const template = await tx.findOneOrFail(SurveyTemplate, { id: survey.templateId });
    const questions = await surveyQuestions(tx, template.id);
    const scoring = { scoringMethod: template.scoringMethod, negativeThreshold: template.negativeThreshold, questions };
    validateAnswers(scoring, answers);
    const result = scoreSurvey(scoring, answers);
    const now = new Date();
    tx.persist(Object.assign(new SurveyResponse(), { surveyId, answers, normalised: result.normalised, submittedVia: via, submittedAt: now }));
    Object.assign(survey, {
      status: 'completed',
      completedAt: now,
      respondedVia: via,
      score: result.score,
      npsCategory: result.npsCategory,
      topBox: result.topBox,
      negative: result.negative,
      negativeReasons: result.negativeReasons,
    });
    const signal: SurveySignal = { surveyId };
    outbox.signal(tx, survey.workflowId, via === 'sms' || via === 'whatsapp' ? surveyReplySignal : surveyResponseSignal, [signal]);
    return result;
  });
}

const OPT_OUT_FLAG = { sms: 'optOutSms', whatsapp: 'optOutWhatsapp', email: 'optOutEmail' } as const;

/**
 * Opts a patient out of surveys on one channel. Surveys open on that channel end as `opted_out`,
 * and each one's workflow gets an `optOut` signal (through the outbox) to stop its timers;
 * returns how many surveys were open.
 */
export async function optOutPatient(em: EntityManager, outbox: Outbox, patientId: string, channel: SurveyChannel): Promise<number> {
  return em.transactional(async (tx) => {
    await tx.nativeUpdate(Patient, { id: patientId }, { [OPT_OUT_FLAG[channel]]: true });
    const open = await tx.find(SurveyInstance, { patientId, channel, status: 'sent' });
    for (const survey of open) {
      survey.status = 'opted_out';
      const signal: SurveySignal = { surveyId: survey.id };
      outbox.signal(tx, survey.workflowId, surveyOptOutSignal, [signal]);
    }
    return open.length;
  });
}
