import type { EntityManager } from '@mikro-orm/postgresql';
import { SurveyQuestion, SurveyTemplate, type IntegrationSource } from '../../../models/entities';
import { LIKERT_LABELS, RATING_LABELS } from '../../../models/seed/surveyScales';
import { FhirError } from './outcome';
import type { FhirReply } from './reply';

const TRANSLATION = 'http://hl7.org/fhir/StructureDefinition/translation';

/** The Arabic text of an element, as FHIR's translation extension on its `_field`. */
const arabic = (text: string) => ({ extension: [{ url: TRANSLATION, extension: [{ url: 'lang', valueCode: 'ar' }, { url: 'content', valueString: text }] }] });

const option = (code: string, en: string, ar: string) => ({ valueCoding: { code, display: en, _display: arabic(ar) } });

function answerOptions(question: SurveyQuestion) {
  switch (question.type) {
    case 'rating':
      return RATING_LABELS.map((l, i) => option(String(i + 1), l.en, l.ar));
    case 'likert':
      return LIKERT_LABELS.map((l, i) => option(String(i + 1), l.en, l.ar));
    case 'nps':
      return Array.from({ length: 11 }, (_, n) => option(String(n), String(n), String(n)));
    case 'single_choice':
    case 'multiple_choice':
      return question.options.map((o) => option(o.code, o.labelEn, o.labelAr));
    default:
      return undefined;
  }
}

const ITEM_TYPE = { rating: 'choice', likert: 'choice', nps: 'choice', single_choice: 'choice', multiple_choice: 'choice', yes_no: 'boolean', free_text: 'text' } as const;

function item(question: SurveyQuestion) {
  const options = answerOptions(question);
  return {
    linkId: question.code,
    text: question.textEn,
    _text: arabic(question.textAr),
    type: ITEM_TYPE[question.type],
    required: question.required,
    ...(question.type === 'multiple_choice' ? { repeats: true } : {}),
    ...(question.type === 'free_text' ? { maxLength: 2000 } : {}),
    ...(options ? { answerOption: options } : {}),
  };
}

/** A survey template as a FHIR R4 Questionnaire, English with Arabic translations. */
export async function readQuestionnaire(em: EntityManager, source: IntegrationSource, id: string, baseUrl: string): Promise<FhirReply> {
  const template = /^[0-9a-f-]{36}$/i.test(id) ? await em.findOne(SurveyTemplate, { id }) : null;
  if (!template || (source.hospitalId && template.hospitalId && template.hospitalId !== source.hospitalId)) {
    throw new FhirError(404, [{ code: 'not-found', diagnostics: `Questionnaire/${id} is not known` }]);
  }
  const questions = await em.find(SurveyQuestion, { templateId: template.id }, { orderBy: { position: 'asc' } });
  return {
    status: 200,
    resource: {
      resourceType: 'Questionnaire',
      id: template.id,
      meta: { lastUpdated: template.updatedAt.toISOString() },
      url: `${baseUrl}/Questionnaire/${template.id}`,
      identifier: [{ system: 'urn:px360:survey-template', value: template.code }],
      version: String(template.version),
      name: template.code,
      title: template.nameEn,
      _title: arabic(template.nameAr),
      status: template.active ? 'active' : 'retired',
      language: 'en',
      subjectType: ['Patient'],
      item: questions.map(item),
    },
  };
}
