import { EntitySchema } from '@mikro-orm/core';
import { Stamped, recordProperties } from './base';
import { Complaint } from './complaints';
import { Encounter } from './journeys';
import { Hospital, Patient } from './organizations';
import type { ChoiceOption, QuestionType, ScoringMethod } from '../rules/scoring';
import type { SuppressionReason, SurveyChannel } from '../rules/suppression';
import type { SurveyStatus } from '../rules/statuses';

/**
 * A bilingual survey. Versioned like journeys: an edit writes a new version and retires the old,
 * so answers always refer to the questions the patient actually saw.
 */
export class SurveyTemplate extends Stamped {
  /** Null for a group-wide template every hospital uses. */
  hospitalId?: string | null;
  code!: string;
  version = 1;
  nameEn!: string;
  nameAr!: string;
  scoringMethod: ScoringMethod = 'average';
  /** A survey scoring below this (0-100) is negative. */
  negativeThreshold = 60;
  /** More than one survey of this template per encounter (otherwise one). */
  multiplePerEncounter = false;
  active = true;
}

export const SurveyTemplateSchema = new EntitySchema<SurveyTemplate>({
  class: SurveyTemplate,
  tableName: 'survey_template',
  uniques: [{ properties: ['hospitalId', 'code', 'version'] }],
  properties: {
    ...recordProperties,
    hospitalId: { kind: 'm:1', entity: () => Hospital, mapToPk: true, fieldName: 'hospital_id', nullable: true, deleteRule: 'restrict' },
    code: { type: 'string', length: 40 },
    version: { type: 'integer', default: 1 },
    nameEn: { type: 'string', length: 200 },
    nameAr: { type: 'string', length: 200 },
    scoringMethod: { type: 'string', length: 16, default: 'average' },
    negativeThreshold: { type: 'integer', default: 60 },
    multiplePerEncounter: { type: 'boolean', default: false },
    active: { type: 'boolean', default: true },
  },
});

export class SurveyQuestion extends Stamped {
  templateId!: string;
  position!: number;
  code!: string;
  type!: QuestionType;
  textEn!: string;
  textAr!: string;
  required = true;
  /** Answered in its worst category, this question alone makes the survey negative. */
  critical = false;
  weight = 1;
  options: ChoiceOption[] = [];
}

export const SurveyQuestionSchema = new EntitySchema<SurveyQuestion>({
  class: SurveyQuestion,
  tableName: 'survey_question',
  uniques: [{ properties: ['templateId', 'code'] }],
  properties: {
    ...recordProperties,
    templateId: { kind: 'm:1', entity: () => SurveyTemplate, mapToPk: true, fieldName: 'template_id', deleteRule: 'cascade' },
    position: { type: 'integer' },
    code: { type: 'string', length: 40 },
    type: { type: 'string', length: 20 },
    textEn: { type: 'text' },
    textAr: { type: 'text' },
    required: { type: 'boolean', default: true },
    critical: { type: 'boolean', default: false },
    weight: { type: 'double', default: 1 },
    options: { type: 'json' },
  },
});

/**
 * Timing a hospital or a stage template sets for its surveys; anything left out falls back to the
 * next level (stage template, then hospital, then `PX_SURVEY_*` configuration).
 */
export interface SurveySettings {
  sendDelay?: string;
  quietHours?: string;
  reminders?: string;
  expiry?: string;
  cooldownDays?: number;
}

/**
 * One survey sent (or deliberately not sent) to one patient, run by the `survey` workflow whose id
 * it carries. The read model staff query; the workflow decides, its activities write here.
 */
export class SurveyInstance extends Stamped {
  hospitalId!: string;
  workflowId!: string;
  templateId!: string;
  templateCode!: string;
  encounterId?: string | null;
  stageCode?: string | null;
  /** Set for a complaint's resolution-satisfaction survey, which the cooldown and budget rules let through. */
  complaintId?: string | null;
  patientId?: string | null;
  status: SurveyStatus = 'scheduled';
  suppressionReason?: SuppressionReason | null;
  language: 'ar' | 'en' = 'ar';
  /** The channel the survey reached the patient on; null until a send succeeds. */
  channel?: SurveyChannel | null;
  scheduledFor?: Date | null;
  sentAt?: Date | null;
  remindersSent = 0;
  expiresAt?: Date | null;
  completedAt?: Date | null;
  /** How the answers came: the web page, a text reply, or FHIR. */
  respondedVia?: 'web' | 'sms' | 'whatsapp' | 'fhir' | null;
  score?: number | null;
  npsCategory?: 'promoter' | 'passive' | 'detractor' | null;
  topBox?: number | null;
  negative = false;
  negativeReasons: string[] = [];
}

export const SurveyInstanceSchema = new EntitySchema<SurveyInstance>({
  class: SurveyInstance,
  tableName: 'survey_instance',
  indexes: [{ properties: ['patientId', 'sentAt'] }, { properties: ['encounterId'] }, { properties: ['hospitalId', 'status'] }],
  properties: {
    ...recordProperties,
    hospitalId: { kind: 'm:1', entity: () => Hospital, mapToPk: true, fieldName: 'hospital_id', deleteRule: 'restrict' },
    workflowId: { type: 'string', length: 200, unique: true },
    templateId: { kind: 'm:1', entity: () => SurveyTemplate, mapToPk: true, fieldName: 'template_id', deleteRule: 'restrict' },
    templateCode: { type: 'string', length: 40 },
    encounterId: { kind: 'm:1', entity: () => Encounter, mapToPk: true, fieldName: 'encounter_id', nullable: true, deleteRule: 'set null' },
    stageCode: { type: 'string', length: 40, nullable: true },
    complaintId: { kind: 'm:1', entity: () => Complaint, mapToPk: true, fieldName: 'complaint_id', nullable: true, deleteRule: 'set null' },
    patientId: { kind: 'm:1', entity: () => Patient, mapToPk: true, fieldName: 'patient_id', nullable: true, deleteRule: 'set null' },
    status: { type: 'string', length: 16, default: 'scheduled' },
    suppressionReason: { type: 'string', length: 24, nullable: true },
    language: { type: 'string', length: 2, default: 'ar' },
    channel: { type: 'string', length: 10, nullable: true },
    scheduledFor: { type: 'datetime', nullable: true },
    sentAt: { type: 'datetime', nullable: true },
    remindersSent: { type: 'integer', default: 0 },
    expiresAt: { type: 'datetime', nullable: true },
    completedAt: { type: 'datetime', nullable: true },
    respondedVia: { type: 'string', length: 10, nullable: true },
    score: { type: 'double', nullable: true },
    npsCategory: { type: 'string', length: 10, nullable: true },
    topBox: { type: 'double', nullable: true },
    negative: { type: 'boolean', default: false },
    negativeReasons: { type: 'json' },
  },
});

/**
 * A survey link handed to the patient. Each message carries a token of its own (256 random bits);
 * only its SHA-256 is stored, so the table cannot be turned back into working links.
 */
export class SurveyToken {
  tokenHash!: string;
  surveyId!: string;
  /** The channel of the message that carried the link: opting out from the page opts out of it. */
  channel?: SurveyChannel | null;
  createdAt: Date = new Date();
}

export const SurveyTokenSchema = new EntitySchema<SurveyToken>({
  class: SurveyToken,
  tableName: 'survey_token',
  properties: {
    tokenHash: { type: 'string', length: 64, primary: true },
    surveyId: { kind: 'm:1', entity: () => SurveyInstance, mapToPk: true, fieldName: 'survey_id', deleteRule: 'cascade' },
    channel: { type: 'string', length: 10, nullable: true },
    createdAt: { type: 'datetime', onCreate: () => new Date() },
  },
});

/** The patient's answers to one survey; one per survey, which is what makes a link single-use. */
export class SurveyResponse extends Stamped {
  surveyId!: string;
  answers: { questionCode: string; value: number | string | string[] | boolean }[] = [];
  /** Each scorable answer normalised to 0-100. */
  normalised: { questionCode: string; value: number }[] = [];
  submittedVia!: 'web' | 'sms' | 'whatsapp' | 'fhir';
  submittedAt: Date = new Date();
}

export const SurveyResponseSchema = new EntitySchema<SurveyResponse>({
  class: SurveyResponse,
  tableName: 'survey_response',
  properties: {
    ...recordProperties,
    surveyId: { kind: 'm:1', entity: () => SurveyInstance, mapToPk: true, fieldName: 'survey_id', unique: true, deleteRule: 'cascade' },
    answers: { type: 'json' },
    normalised: { type: 'json' },
    submittedVia: { type: 'string', length: 10 },
    submittedAt: { type: 'datetime' },
  },
});
