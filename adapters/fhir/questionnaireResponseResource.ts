import type { Answer, AnswerValue, QuestionType } from '../../models/rules/scoring';
import type { SurveyInstance, SurveyQuestion, SurveyResponse } from '../../models/entities';
import { unprocessable } from './outcome';
import type { FhirQuestionnaireResponse, QuestionnaireResponseAnswer, QuestionnaireResponseItem } from './types';

/** The identifier system of a survey sent to a patient; the value is the survey's id. */
export const SURVEY_IDENTIFIER_SYSTEM = 'urn:px360:survey';

/** FHIRPath of the item answering a question, as a string literal even for an odd linkId. */
export const itemPath = (linkId: string) => `QuestionnaireResponse.item.where(linkId='${linkId.replace(/[\\']/g, (c) => `\\${c}`)}')`;

const answerProblem = (linkId: string, problem: string) => unprocessable(`${linkId}: ${problem}`, itemPath(linkId));

/** `Questionnaire/{id}`, alone or ending a URL, with an optional `|version` the id already pins. */
const QUESTIONNAIRE = /(?:^|\/)Questionnaire\/([^/|]+)(?:\|[^|]*)?$/;

/** Which survey a checked response answers, and the id of the Questionnaire it was filled in on. */
export function readResponse(resource: FhirQuestionnaireResponse): { surveyId: string; questionnaireId: string | undefined } {
  // Anything short of completed leaves the patient free to change answers we would already have scored.
  if (resource.status !== 'completed') throw unprocessable('only completed responses are accepted', 'QuestionnaireResponse.status');
  if (resource.identifier.system !== SURVEY_IDENTIFIER_SYSTEM) {
    throw unprocessable(`identifier.system must be ${SURVEY_IDENTIFIER_SYSTEM}, with the survey's id as value`, 'QuestionnaireResponse.identifier');
  }
  return { surveyId: resource.identifier.value.trim(), questionnaireId: QUESTIONNAIRE.exec(resource.questionnaire.trim())?.[1] };
}

/** A scale's answerOption code ('1'…'5', '0'…'10') as its number; anything else is left for validation to refuse. */
const scaleValue = (code: string | undefined) => (code !== undefined && /^-?\d+$/.test(code) ? Number(code) : code);

/**
 * How each question type's answer is read: the value[x] of the item type the Questionnaire export
 * gives it. Scales are exported as choices of numeric codings, so a coding is as good as an integer.
 */
const READERS: Record<QuestionType, { element: string; read: (answer: QuestionnaireResponseAnswer) => AnswerValue | undefined }> = {
  rating: { element: 'valueInteger or valueCoding', read: (a) => a.valueInteger ?? scaleValue(a.valueCoding?.code) },
  likert: { element: 'valueInteger or valueCoding', read: (a) => a.valueInteger ?? scaleValue(a.valueCoding?.code) },
  nps: { element: 'valueInteger or valueCoding', read: (a) => a.valueInteger ?? scaleValue(a.valueCoding?.code) },
  yes_no: { element: 'valueBoolean', read: (a) => a.valueBoolean },
  single_choice: { element: 'valueCoding', read: (a) => a.valueCoding?.code },
  multiple_choice: { element: 'valueCoding', read: (a) => a.valueCoding?.code },
  free_text: { element: 'valueString', read: (a) => a.valueString },
};

function valueOf(question: SurveyQuestion, answers: QuestionnaireResponseAnswer[]): AnswerValue {
  const reader = READERS[question.type];
  const read = (answer: QuestionnaireResponseAnswer) => {
    const value = reader.read(answer);
    if (value === undefined) throw answerProblem(question.code, `answer with ${reader.element}`);
    return value;
  };
  if (question.type === 'multiple_choice') return answers.map((a) => read(a) as string);
  // Taking the first of several answers would score something the patient may not have meant.
  if (answers.length > 1) throw answerProblem(question.code, 'takes a single answer');
  return read(answers[0]);
}

/** Answered items, groups flattened: our surveys are flat, but a client may group its questions. */
function answeredItems(items: QuestionnaireResponseItem[] = []): QuestionnaireResponseItem[] {
  return items.flatMap((item) => [...(item.answer?.length ? [item] : []), ...answeredItems(item.item)]);
}

/**
 * The items as survey answers, by linkId (the question code). Items without an answer are
 * unanswered questions; whether they may be is for validation, like range and required checks.
 */
export function answersOf(items: QuestionnaireResponseItem[] | undefined, questions: SurveyQuestion[]): Answer[] {
  const byCode = new Map(questions.map((q) => [q.code, q]));
  return answeredItems(items).map((item) => {
    const question = byCode.get(item.linkId);
    if (!question) throw answerProblem(item.linkId, 'is not a question of this survey');
    return { questionCode: question.code, value: valueOf(question, item.answer!) };
  });
}

/** One stored answer as the answer[] of its item, in the value[x] the Questionnaire export offers. */
function answersFor(question: SurveyQuestion | undefined, value: AnswerValue): QuestionnaireResponseAnswer[] {
  const values = Array.isArray(value) ? value : [value];
  return values.map((v) => {
    if (typeof v === 'boolean') return { valueBoolean: v };
    if (question?.type === 'free_text') return { valueString: String(v) };
    if (question && question.type !== 'yes_no') {
      const label = question.options.find((o) => o.code === String(v))?.labelEn;
      return { valueCoding: { code: String(v), ...(label ? { display: label } : {}) } };
    }
    return typeof v === 'number' ? { valueInteger: v } : { valueString: String(v) };
  });
}

/** A recorded survey response as a FHIR QuestionnaireResponse, items in the order of the questions. */
export function toFhirQuestionnaireResponse(response: SurveyResponse, survey: SurveyInstance, questions: SurveyQuestion[], baseUrl: string) {
  const byCode = new Map(questions.map((q) => [q.code, q]));
  const position = (code: string) => byCode.get(code)?.position ?? Number.MAX_SAFE_INTEGER;
  const answers = [...response.answers].sort((a, b) => position(a.questionCode) - position(b.questionCode));
  return {
    resourceType: 'QuestionnaireResponse',
    id: response.id,
    meta: { lastUpdated: response.submittedAt.toISOString() },
    identifier: { system: SURVEY_IDENTIFIER_SYSTEM, value: survey.id },
    questionnaire: `${baseUrl}/Questionnaire/${survey.templateId}`,
    status: 'completed',
    ...(survey.patientId ? { subject: { reference: `Patient/${survey.patientId}` }, source: { reference: `Patient/${survey.patientId}` } } : {}),
    ...(survey.encounterId ? { encounter: { reference: `Encounter/${survey.encounterId}` } } : {}),
    authored: response.submittedAt.toISOString(),
    item: answers.map((a) => ({ linkId: a.questionCode, ...(byCode.get(a.questionCode) ? { text: byCode.get(a.questionCode)!.textEn } : {}), answer: answersFor(byCode.get(a.questionCode), a.value) })),
  };
}
