/**
 * What the encounter workflow, the survey workflow, its activities and the API exchange about a
 * survey. Ids and codes only, never names, numbers or answers.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { SurveyStatus } from '../models/rules/statuses';
import type { SuppressionReason, SurveyChannel } from '../models/rules/suppression';

export interface SurveyInput {
  /** `survey:{encounterWorkflowId}:{stage}` (one per encounter stage) or `survey:complaint:{id}`. */
  workflowId: string;
  hospitalId: string;
  hospitalCode: string;
  templateCode: string;
  stageCode: string;
  /** ISO-8601 time the survey became due (the stage completed); the send delay counts from here. */
  readyAt: string;
  encounterWorkflowId?: string;
  journeyTemplateId?: string;
  patientId?: string;
  /** For a complaint's resolution-satisfaction survey. */
  complaintId?: string;
}

export interface SurveyPlan {
  /** Null when there was nothing to create (no such survey template). */
  surveyId: string | null;
  status: SurveyStatus;
  suppressionReason: SuppressionReason | null;
  /** Epoch ms the first message may go (quiet hours already applied). */
  sendAt: number;
  timeZone: string;
  quietHours: string;
  remindersMs: number[];
  expiryMs: number;
  cooldownDays: number;
  /** Channels to try, in the patient's order. */
  channels: SurveyChannel[];
}

export interface SurveySendRequest {
  surveyId: string;
  kind: 'invite' | 'reminder';
  /** 1 for the invite; 1, 2, … for reminders. */
  seq: number;
  channel: SurveyChannel;
  expiryMs: number;
  cooldownDays: number;
}

export interface SurveySendResult {
  /** `closed`: answered, opted out or expired meanwhile; `suppressed`: a rule stopped the invite. */
  outcome: 'sent' | 'duplicate' | 'closed' | 'suppressed';
  status: SurveyStatus;
  suppressionReason?: SuppressionReason;
  sentAt?: number;
  expiresAt?: number;
}

export interface SurveyOutcome {
  surveyId: string;
  hospitalId: string;
  encounterId: string | null;
  patientId: string | null;
  templateCode: string;
  score: number | null;
  negative: boolean;
  negativeReasons: string[];
}

export interface SurveyState {
  surveyId: string | null;
  status: SurveyStatus;
  channel?: SurveyChannel;
  nextAt?: string;
}

/**
 * What the answer and opt-out signals carry: the survey the stored fact is about (signals recorded
 * before it existed carry nothing). The workflow reads the answer's outcome from the database when
 * the signal arrives, as the fact committed before its signal left the outbox.
 */
export interface SurveySignal {
  surveyId: string;
}

/** The patient answered on the web page or by FHIR; the answers are already stored. */
export const surveyResponseSignal = defineSignal<[SurveySignal?]>('response');
/** The patient answered by replying to a text message; the answer is already stored. */
export const surveyReplySignal = defineSignal<[SurveySignal?]>('reply');
/** The patient opted out; the survey is already marked so. */
export const surveyOptOutSignal = defineSignal<[SurveySignal?]>('optOut');
export const surveyStateQuery = defineQuery<SurveyState>('state');

export const surveyWorkflowId = (encounterWorkflowId: string, stageCode: string) => `survey:${encounterWorkflowId}:${stageCode}`;
/** The resolution-satisfaction survey of a complaint; a complaint resolved again after a reopen gets `:2`, `:3`, … */
export const complaintSurveyWorkflowId = (complaintId: string, cycle: number) => `survey:complaint:${complaintId}${cycle > 1 ? `:${cycle}` : ''}`;
