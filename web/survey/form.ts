/**
 * Turns a posted survey form into typed answers. The browser checks nothing (the page carries no
 * validation attributes beyond the textarea's maxlength), so everything is checked here, per
 * question, to re-render the page with every problem at once rather than the first one only.
 */
import type { Answer, AnswerValue } from '../../models/rules/scoring';
import type { FieldError, PageQuestion } from './surveyPage';

/**
 * What `@koa/bodyparser` makes of an `application/x-www-form-urlencoded` body: a repeated key
 * becomes an array. Its parser also turns `a[b]=c` into objects, so values are checked at run time.
 */
export type FormBody = Record<string, string | string[] | undefined>;

export interface ParsedForm {
  /** In question order; a question left blank has none. */
  answers: Answer[];
  errors: Record<string, FieldError>;
  /** The submitted values as posted, to re-fill the form when it is shown again. */
  values: Record<string, string | string[]>;
}

/** The same limit, counted the same way (characters, not UTF-16 units), as the scoring validation. */
const FREE_TEXT_MAX_CHARACTERS = 2000;

type Parsed = { value: AnswerValue } | { error: 'invalid' } | 'blank';

export function answersFromForm(questions: PageQuestion[], form: FormBody): ParsedForm {
  const parsed: ParsedForm = { answers: [], errors: {}, values: {} };
  for (const question of questions) {
    // Own keys only: a question coded like an Object.prototype member must not read an inherited value.
    const raw: unknown = Object.hasOwn(form, question.code) ? form[question.code] : undefined;
    const posted = postedStrings(raw);
    if (posted) parsed.values[question.code] = typeof raw === 'string' ? raw : posted;
    const result = parseField(question, raw, posted);
    if (result === 'blank') {
      if (question.required) parsed.errors[question.code] = 'required';
    } else if ('error' in result) {
      parsed.errors[question.code] = result.error;
    } else {
      parsed.answers.push({ questionCode: question.code, value: result.value });
    }
  }
  return parsed;
}

function parseField(question: PageQuestion, raw: unknown, posted: string[] | null): Parsed {
  if (raw === undefined) return 'blank';
  return posted ? parseQuestion(question, posted) : { error: 'invalid' };
}

/** A field's values as strings, or null for anything a real form cannot post (objects, nested arrays). */
function postedStrings(raw: unknown): string[] | null {
  if (typeof raw === 'string') return [raw];
  if (Array.isArray(raw) && raw.every((item) => typeof item === 'string')) return raw;
  return null;
}

function parseQuestion(question: PageQuestion, posted: string[]): Parsed {
  if (question.type === 'multiple_choice') return parseMultipleChoice(question, posted);
  const filled = posted.filter((value) => value.trim() !== '');
  if (filled.length === 0) return 'blank';
  // One radio group or textarea posts one value; more means the form was not ours.
  if (filled.length > 1) return { error: 'invalid' };
  const value = filled[0].trim();
  switch (question.type) {
    case 'rating':
    case 'likert':
      return parseInteger(value, 1, 5);
    case 'nps':
      return parseInteger(value, 0, 10);
    case 'yes_no':
      return value === 'yes' ? { value: true } : value === 'no' ? { value: false } : { error: 'invalid' };
    case 'single_choice':
      return hasOption(question, value) ? { value } : { error: 'invalid' };
    case 'free_text':
      return parseFreeText(value);
  }
}

function parseInteger(value: string, min: number, max: number): Parsed {
  const number = /^\d{1,2}$/.test(value) ? Number(value) : NaN;
  return number >= min && number <= max ? { value: number } : { error: 'invalid' };
}

/** The chosen codes in the order the options are shown, each once. */
function parseMultipleChoice(question: PageQuestion, posted: string[]): Parsed {
  const chosen = new Set(posted.map((value) => value.trim()).filter((value) => value !== ''));
  if (chosen.size === 0) return 'blank';
  if ([...chosen].some((code) => !hasOption(question, code))) return { error: 'invalid' };
  return { value: question.options.map((option) => option.code).filter((code) => chosen.has(code)) };
}

/**
 * Browsers post a textarea's line breaks as CRLF but count them as one character against
 * maxlength, so they are normalised before measuring (and storing). `value` is already trimmed.
 */
function parseFreeText(value: string): Parsed {
  const text = value.replace(/\r\n?/g, '\n');
  return [...text].length <= FREE_TEXT_MAX_CHARACTERS ? { value: text } : { error: 'invalid' };
}

function hasOption(question: PageQuestion, code: string): boolean {
  return question.options.some((option) => option.code === code);
}
