import { EVENT_CODES } from '../../../adapters/hl7/mapping';
import { answerObject, hospitalFilterProperties, listQuery, recordViewProperties, uuid } from '../schemaParts';
import { surveyDuration, surveySettingsBody, surveySettingsView } from '../surveySettingsSchema';

const eventCode = { type: 'string', enum: EVENT_CODES } as const;
const duration = { type: 'string', minLength: 2, maxLength: 32, description: 'ISO-8601 duration, e.g. P2D or PT12H' } as const;
const code = { type: 'string', pattern: '^[A-Z][A-Z0-9_]{1,31}$' } as const;
const names = {
  nameEn: { type: 'string', minLength: 1, maxLength: 200 },
  nameAr: { type: 'string', minLength: 1, maxLength: 200 },
} as const;

const stageFields = {
  code: { type: 'string', pattern: '^[A-Z][A-Z0-9_]{1,39}$' },
  ...names,
  triggerEvents: { type: 'array', minItems: 1, uniqueItems: true, items: eventCode, description: 'events that complete this stage' },
  required: { type: 'boolean', default: true },
  terminal: { type: 'boolean', default: false, description: 'completing it completes the encounter; exactly one stage is terminal' },
  surveyTemplateCode: { type: ['string', 'null'], pattern: '^[A-Z][A-Z0-9_]{1,39}$', description: 'survey sent when the stage completes' },
  sendDelay: { ...surveyDuration, description: 'delay before the survey is sent (4h or PT4H); over the hospital\'s' },
  surveySettings: { ...surveySettingsBody, type: ['object', 'null'], description: "this stage's survey timing over the hospital's; null or absent fields inherit" },
} as const;

const stage = { type: 'object', additionalProperties: false, required: ['code', 'nameEn', 'nameAr', 'triggerEvents'], properties: stageFields } as const;

const journeyFields = {
  ...names,
  patientClasses: { type: 'array', uniqueItems: true, items: { type: 'string', pattern: '^[A-Z0-9]{1,8}$' }, description: 'PV1-2 values that start this journey' },
  startEvents: { type: 'array', uniqueItems: true, items: eventCode, description: 'events that start it when the patient class does not decide' },
  inactivityTimeout: { ...duration, description: 'silence after which an encounter closes as inactive, e.g. P2D' },
  stages: { type: 'array', minItems: 1, maxItems: 50, items: stage, description: 'in order; exactly one terminal, codes unique' },
} as const;

const versionRequired = ['nameEn', 'nameAr', 'patientClasses', 'startEvents', 'inactivityTimeout', 'stages'];

export const createJourney = {
  type: 'object',
  additionalProperties: false,
  required: ['code', ...versionRequired],
  properties: { hospitalId: uuid, code, ...journeyFields },
} as const;

/** A new version replaces the whole journey; hospital and code stay those of the journey. */
export const replaceJourney = { type: 'object', additionalProperties: false, required: versionRequired, properties: journeyFields } as const;

export const listJourneys = listQuery({
  ...hospitalFilterProperties,
  code: { type: 'string', maxLength: 32 },
  active: { type: 'boolean', default: true, description: 'false lists retired versions and deactivated journeys' },
});

const stageView = answerObject({
  id: uuid,
  position: { type: 'integer' },
  ...stageFields,
  surveySettings: { ...surveySettingsView, description: "this stage's survey timing over the hospital's; null where it inherits" },
});

const { stages: _stages, ...versionFields } = journeyFields;
const journeyProperties = { ...recordViewProperties, hospitalId: uuid, code, version: { type: 'integer' }, active: { type: 'boolean' }, ...versionFields } as const;

/** A journey version as lists show it: without its stages. */
export const journeySummaryView = answerObject(journeyProperties);

export const journeyView = answerObject({ ...journeyProperties, stages: { type: 'array', items: stageView, description: 'in order' } });
