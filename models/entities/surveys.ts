import { EntitySchema } from '@mikro-orm/core';
import { Stamped, recordProperties } from './base';
import { Hospital } from './organizations';

export type QuestionType = 'rating' | 'nps' | 'likert' | 'yes_no' | 'single_choice' | 'multiple_choice' | 'free_text';
export type ScoringMethod = 'average' | 'weighted' | 'nps';

/** One choice of a single- or multiple-choice question; `score` (0-100) is what choosing it is worth. */
export interface ChoiceOption {
  code: string;
  labelEn: string;
  labelAr: string;
  score?: number;
}

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
