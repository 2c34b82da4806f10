import { answerObject, hospitalFilterProperties, listQuery, nullableUuid, recordViewProperties } from '../schemaParts';

export const QUESTION_TYPES = ['rating', 'nps', 'likert', 'yes_no', 'single_choice', 'multiple_choice', 'free_text'] as const;
export const SCORING_METHODS = ['average', 'weighted', 'nps'] as const;

const templateCode = { type: 'string', pattern: '^[A-Z][A-Z0-9_]{1,39}$' } as const;
// Question and option codes are what answers refer to, so they stay plain lower-case identifiers.
const answerCode = { type: 'string', pattern: '^[a-z][a-z0-9_]{0,39}$' } as const;
const names = {
  nameEn: { type: 'string', minLength: 1, maxLength: 200 },
  nameAr: { type: 'string', minLength: 1, maxLength: 200 },
} as const;
const texts = {
  textEn: { type: 'string', minLength: 1, maxLength: 1000 },
  textAr: { type: 'string', minLength: 1, maxLength: 1000 },
} as const;

const optionFields = {
  code: answerCode,
  labelEn: { type: 'string', minLength: 1, maxLength: 200 },
  labelAr: { type: 'string', minLength: 1, maxLength: 200 },
  score: { type: 'number', minimum: 0, maximum: 100, description: 'what choosing it is worth (0-100); without one the option is not scored' },
} as const;

const option = { type: 'object', additionalProperties: false, required: ['code', 'labelEn', 'labelAr'], properties: optionFields } as const;

const questionFields = {
  code: answerCode,
  type: { type: 'string', enum: QUESTION_TYPES },
  ...texts,
  required: { type: 'boolean', default: true },
  critical: { type: 'boolean', default: false, description: 'answered in its worst category, it alone makes the survey negative; not for free_text' },
  weight: { type: 'number', minimum: 0, default: 1, description: 'used by the weighted scoring method' },
  options: { type: 'array', maxItems: 20, items: option, description: 'single_choice and multiple_choice only: at least two, codes unique' },
} as const;

const question = { type: 'object', additionalProperties: false, required: ['code', 'type', 'textEn', 'textAr'], properties: questionFields } as const;

const templateFields = {
  ...names,
  scoringMethod: { type: 'string', enum: SCORING_METHODS, description: "'nps' needs an nps question" },
  negativeThreshold: { type: 'integer', minimum: 0, maximum: 100, description: 'a survey scoring below this is negative' },
  multiplePerEncounter: { type: 'boolean', default: false },
  questions: { type: 'array', minItems: 1, maxItems: 60, items: question, description: 'in the order patients see them; codes unique' },
} as const;

const versionRequired = ['nameEn', 'nameAr', 'scoringMethod', 'negativeThreshold', 'questions'];

export const createTemplate = {
  type: 'object',
  additionalProperties: false,
  required: ['code', ...versionRequired],
  properties: {
    hospitalId: { ...nullableUuid, description: "defaults to the caller's hospital; null (PX admin only) for a group-wide template" },
    code: templateCode,
    ...templateFields,
  },
} as const;

/** A new version replaces the whole template; hospital and code stay those of the template. */
export const replaceTemplate = { type: 'object', additionalProperties: false, required: versionRequired, properties: templateFields } as const;

export const listTemplates = listQuery({
  ...hospitalFilterProperties,
  code: { type: 'string', maxLength: 40 },
  active: { type: 'boolean', default: true, description: 'false lists retired versions and deactivated templates' },
});

const questionView = answerObject({ position: { type: 'integer' }, ...questionFields });

const { questions: _questions, ...versionFields } = templateFields;
const templateProperties = {
  ...recordViewProperties,
  hospitalId: { ...nullableUuid, description: 'null for a group-wide template' },
  code: templateCode,
  version: { type: 'integer' },
  active: { type: 'boolean' },
  ...versionFields,
} as const;

/** A template version as lists show it: without its questions. */
export const templateSummaryView = answerObject(templateProperties);

export const templateView = answerObject({ ...templateProperties, questions: { type: 'array', items: questionView, description: 'in the order patients see them' } });
