import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { SurveyQuestion, SurveyTemplate } from '../../models/entities';
import { LIKERT_LABELS, RATING_LABELS } from '../../models/seed/surveyScales';
import { UUID, type FhirCaller, type FhirReply } from './caller';
import { invalid, notFound } from './outcome';
import { parseSearch, searchBundle, type Query, type SearchParamDefinition } from './search';
import { TRANSLATION_EXTENSION } from './types';

/** The identifier system of a survey template; the value is its code (one per version). */
export const TEMPLATE_IDENTIFIER_SYSTEM = 'urn:px360:survey-template';

export const QUESTIONNAIRE_SEARCH: SearchParamDefinition[] = [
  { name: '_id', type: 'token', documentation: 'our id of the template version' },
  { name: 'identifier', type: 'token', documentation: `${TEMPLATE_IDENTIFIER_SYSTEM}|{template code}: every version of the template` },
  { name: 'status', type: 'token', documentation: 'active (the version in use) or retired (an earlier version)' },
];

/** The Arabic text of an element, as FHIR's translation extension on its `_field`. */
const arabic = (text: string) => ({ extension: [{ url: TRANSLATION_EXTENSION, extension: [{ url: 'lang', valueCode: 'ar' }, { url: 'content', valueString: text }] }] });

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
function toQuestionnaire(template: SurveyTemplate, questions: SurveyQuestion[], baseUrl: string) {
  return {
    resourceType: 'Questionnaire',
    id: template.id,
    meta: { lastUpdated: template.updatedAt.toISOString() },
    url: `${baseUrl}/Questionnaire/${template.id}`,
    identifier: [{ system: TEMPLATE_IDENTIFIER_SYSTEM, value: template.code }],
    version: String(template.version),
    name: template.code,
    title: template.nameEn,
    _title: arabic(template.nameAr),
    status: template.active ? 'active' : 'retired',
    language: 'en',
    subjectType: ['Patient'],
    item: questions.map(item),
  };
}

/** Templates a caller sees: group-wide ones and their own hospital's. */
const visibleTo = (caller: FhirCaller): FilterQuery<SurveyTemplate> => (caller.hospitalId ? { $or: [{ hospitalId: null }, { hospitalId: caller.hospitalId }] } : {});

export class FhirQuestionnaires {
  constructor(private readonly baseUrl: () => string) {}

  async read(em: EntityManager, caller: FhirCaller, id: string): Promise<FhirReply> {
    const template = UUID.test(id) ? await em.findOne(SurveyTemplate, { $and: [{ id }, visibleTo(caller)] }) : null;
    if (!template) throw notFound(`Questionnaire/${id} is not known`);
    const questions = await em.find(SurveyQuestion, { templateId: template.id }, { orderBy: { position: 'asc' } });
    return { status: 200, resource: toQuestionnaire(template, questions, this.baseUrl()) };
  }

  /** `GET /Questionnaire?…`: the caller's survey templates, by code and version. */
  async search(em: EntityManager, caller: FhirCaller, query: Query): Promise<FhirReply> {
    const search = parseSearch('Questionnaire', QUESTIONNAIRE_SEARCH, query);
    const where: FilterQuery<SurveyTemplate>[] = [visibleTo(caller)];
    for (const { name, value } of search.criteria) {
      if (value.type !== 'token') continue;
      if (name === '_id') {
        const ids = value.tokens.map((t) => t.value).filter((v) => UUID.test(v));
        where.push({ id: { $in: ids.length ? ids : ['00000000-0000-0000-0000-000000000000'] } });
      } else if (name === 'identifier') {
        const codes = value.tokens.filter((t) => t.system === undefined || t.system === TEMPLATE_IDENTIFIER_SYSTEM).map((t) => t.value);
        where.push({ code: { $in: codes.length ? codes : [''] } });
      } else {
        const statuses = value.tokens.map((t) => t.value);
        const unknown = statuses.filter((s) => s !== 'active' && s !== 'retired');
        if (unknown.length) throw invalid(`Questionnaire?status: ${unknown.join(', ')} is not a status of ours (active, retired)`);
        where.push({ active: { $in: statuses.map((s) => s === 'active') } });
      }
    }
    const [templates, total] = await em.findAndCount(SurveyTemplate, { $and: where }, { orderBy: { code: 'asc', version: 'desc', id: 'asc' }, limit: Math.max(search.count, 1), offset: search.offset });
    const page = search.count === 0 ? [] : templates;
    const questions = page.length ? await em.find(SurveyQuestion, { templateId: { $in: page.map((t) => t.id) } }, { orderBy: { position: 'asc' } }) : [];
    const resources = page.map((t) => toQuestionnaire(t, questions.filter((q) => q.templateId === t.id), this.baseUrl()));
    return { status: 200, resource: searchBundle(this.baseUrl(), 'Questionnaire', query, search, total, resources) };
  }
}
