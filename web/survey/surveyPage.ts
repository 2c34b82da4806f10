/**
 * The survey form a patient answers on their phone. A plain HTML form posted to the server, which
 * validates it (see form.ts) and, on a problem, renders this page again with the answers re-filled
 * and the errors shown beside their questions.
 */
import type { ChoiceOption, QuestionType } from '../../models/rules/scoring';
import { escapeHtml, page } from './layout';
import { STRINGS, type Language, type SurveyStrings } from './strings';

export interface PageQuestion {
  code: string;
  type: QuestionType;
  textEn: string;
  textAr: string;
  required: boolean;
  options: ChoiceOption[];
}

export type FieldError = 'required' | 'invalid';

export interface SurveyPageModel {
  language: Language;
  /** The form posts to `action` (e.g. `/s/<token>?lang=ar`); the switch links to `switchHref`. */
  action: string;
  switchHref: string;
  optOutHref: string;
  /** Already in the page language. */
  hospitalName: string;
  surveyName: string;
  /** In display order. */
  questions: PageQuestion[];
  /** What the patient submitted, to re-fill after an error. */
  values?: Record<string, string | string[]>;
  /** Per question code. */
  errors?: Record<string, FieldError>;
}

/** The answer points of a chip-style question; `value` is what the form posts. */
interface Chip {
  value: string;
  /** Visible in the chip. */
  label: string;
  /** A visible word under the number. */
  caption?: string;
  /** Read to screen-reader users after the number, where sighted users see only the scale's end captions. */
  spoken?: string;
}

/** Everything one question's markup needs besides the question itself. */
interface QuestionContext {
  language: Language;
  strings: SurveyStrings;
  /** The submitted value(s), as posted. */
  submitted: string[];
  error?: FieldError;
}

const FREE_TEXT_MAX_LENGTH = 2000;

export function renderSurveyPage(model: SurveyPageModel): string {
  const strings = STRINGS[model.language];
  const errors = model.errors ?? {};
  const faulty = model.questions.filter((question) => own(errors, question.code) !== undefined);
  const title = `${model.surveyName} – ${model.hospitalName}`;
  const body = `<p class="brand">${escapeHtml(model.hospitalName)}</p>
<h1>${escapeHtml(model.surveyName)}</h1>
${faulty.length > 0 ? errorSummary(model, faulty, errors) : ''}<form method="post" action="${escapeHtml(model.action)}">
${model.questions.map((question) => renderQuestion(question, contextFor(model, question, strings))).join('\n')}
<button type="submit">${escapeHtml(strings.submit)}</button>
</form>
<footer><a href="${escapeHtml(model.optOutHref)}">${escapeHtml(strings.optOutLink)}</a></footer>`;
  return page({
    language: model.language,
    // Screen readers announce the title first, so a page that came back with errors says so at once.
    title: faulty.length > 0 ? `${strings.errorPrefix}: ${title}` : title,
    body,
    switchHref: model.switchHref,
  });
}

function contextFor(model: SurveyPageModel, question: PageQuestion, strings: SurveyStrings): QuestionContext {
  const value = own(model.values ?? {}, question.code);
  const submitted = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return { language: model.language, strings, submitted, error: own(model.errors ?? {}, question.code) };
}

/**
 * Announced as soon as the page loads (role="alert"), with a link to each faulty question so a
 * patient at the top of a long form can reach it in one tap.
 */
function errorSummary(model: SurveyPageModel, faulty: PageQuestion[], errors: Record<string, FieldError>): string {
  const strings = STRINGS[model.language];
  const items = faulty.map((question) => {
    const message = errorMessage(question, errors[question.code], strings);
    return `<li><a href="#q-${escapeHtml(question.code)}">${escapeHtml(questionText(question, model.language))}</a><br>${escapeHtml(message)}</li>`;
  });
  return `<div class="summary" role="alert" aria-labelledby="summary-title">
<h2 id="summary-title">${escapeHtml(strings.errorSummaryTitle)}</h2>
<ul>
${items.join('\n')}
</ul>
</div>
`;
}

function renderQuestion(question: PageQuestion, context: QuestionContext): string {
  const { strings } = context;
  switch (question.type) {
    case 'rating':
      return chipQuestion(question, context, 'chips', numbered(1, 5, (n) => ({ spoken: strings.rating[n - 1] })), [`1 – ${strings.rating[0]}`, `5 – ${strings.rating[4]}`]);
    case 'nps':
      return chipQuestion(question, context, 'chips eleven', numbered(0, 10, () => ({})), [`0 – ${strings.npsLow}`, `10 – ${strings.npsHigh}`]);
    case 'likert':
      return chipQuestion(question, context, 'chips words', numbered(1, 5, (n) => ({ caption: strings.likert[n - 1] })));
    case 'yes_no':
      return chipQuestion(question, context, 'chips two', [
        { value: 'yes', label: strings.yes },
        { value: 'no', label: strings.no },
      ]);
    case 'single_choice':
    case 'multiple_choice':
      return choiceQuestion(question, context);
    case 'free_text':
      return freeTextQuestion(question, context);
  }
}

function numbered(from: number, to: number, extra: (n: number) => Partial<Chip>): Chip[] {
  return Array.from({ length: to - from + 1 }, (_, i) => ({ value: String(from + i), label: String(from + i), ...extra(from + i) }));
}

/**
 * Scales and yes/no as a grid of large chips: a visually hidden radio (still focusable and
 * arrow-key navigable) followed by its label, styled by `:checked` and `:focus-visible`. The grid
 * follows the page direction, so the lowest number sits at the inline start: the right in Arabic.
 */
function chipQuestion(question: PageQuestion, context: QuestionContext, layout: string, chips: Chip[], ends?: [string, string]): string {
  const code = escapeHtml(question.code);
  const capsId = ends ? `cap-${question.code}` : undefined;
  const inputs = chips.map((chip) => {
    const id = escapeHtml(`q-${question.code}-${chip.value}`);
    const caption = chip.caption ? ` <small>${escapeHtml(chip.caption)}</small>` : '';
    const spoken = chip.spoken ? `<span class="vh"> ${escapeHtml(chip.spoken)}</span>` : '';
    return `<div class="opt"><input class="vh" type="radio" id="${id}" name="${code}" value="${escapeHtml(chip.value)}"${checked(context, chip.value)}><label for="${id}">${escapeHtml(chip.label)}${caption}${spoken}</label></div>`;
  });
  const captions = ends && capsId ? `\n<p class="caps" id="${escapeHtml(capsId)}"><span>${escapeHtml(ends[0])}</span><span>${escapeHtml(ends[1])}</span></p>` : '';
  return groupQuestion(question, context, 'radiogroup', `<div class="${layout}">\n${inputs.join('\n')}\n</div>${captions}`, capsId);
}

/** Choice lists keep the native radio or checkbox visible: its shape says "one" or "several". */
function choiceQuestion(question: PageQuestion, context: QuestionContext): string {
  const multiple = question.type === 'multiple_choice';
  const code = escapeHtml(question.code);
  const inputs = question.options.map((option) => {
    const id = escapeHtml(`q-${question.code}-${option.code}`);
    const label = context.language === 'ar' ? option.labelAr : option.labelEn;
    return `<div class="opt"><input type="${multiple ? 'checkbox' : 'radio'}" id="${id}" name="${code}" value="${escapeHtml(option.code)}"${checked(context, option.code)}><label for="${id}">${escapeHtml(label)}</label></div>`;
  });
  const hintId = multiple ? `hint-${question.code}` : undefined;
  const hint = hintId ? `<p class="hint" id="${escapeHtml(hintId)}">${escapeHtml(context.strings.chooseAll)}</p>\n` : '';
  return groupQuestion(question, context, multiple ? 'group' : 'radiogroup', `${hint}<div class="list">\n${inputs.join('\n')}\n</div>`, hintId);
}

/**
 * A fieldset named by its legend. Radio groups take role="radiogroup" because aria-required is
 * defined for that role and not for a plain group; the visible "Required"/"Optional" tag in the
 * legend is what every user gets either way.
 */
function groupQuestion(question: PageQuestion, context: QuestionContext, role: 'radiogroup' | 'group', controls: string, describedBy?: string): string {
  const code = question.code;
  const attributes = [
    `id="q-${escapeHtml(code)}"`,
    // Focusable by script and fragment only, so the error summary's link puts keyboard users in the question.
    'tabindex="-1"',
    ...(role === 'radiogroup' ? [`role="radiogroup"`, `aria-labelledby="lg-${escapeHtml(code)}"`] : []),
    ...(role === 'radiogroup' && question.required ? ['aria-required="true"'] : []),
    ...invalidAttributes(question, context, describedBy),
  ];
  return `<fieldset ${attributes.join(' ')}${context.error ? ' class="invalid"' : ''}>
<legend id="lg-${escapeHtml(code)}">${questionLabel(question, context)}</legend>
${inlineError(question, context)}${controls}
</fieldset>`;
}

/** The textarea's id is the question's anchor, so the error summary link lands the cursor in it. */
function freeTextQuestion(question: PageQuestion, context: QuestionContext): string {
  const id = `q-${escapeHtml(question.code)}`;
  const attributes = [
    `id="${id}"`,
    `name="${escapeHtml(question.code)}"`,
    `maxlength="${FREE_TEXT_MAX_LENGTH}"`,
    'rows="5"',
    ...(question.required ? ['aria-required="true"'] : []),
    ...invalidAttributes(question, context),
  ];
  // A newline right after the start tag is dropped by the HTML parser, so one is added to keep a
  // re-filled answer that starts with a blank line intact.
  return `<div class="q${context.error ? ' invalid' : ''}">
<label for="${id}">${questionLabel(question, context)}</label>
${inlineError(question, context)}<textarea ${attributes.join(' ')}>\n${escapeHtml(context.submitted[0] ?? '')}</textarea>
</div>`;
}

function questionLabel(question: PageQuestion, context: QuestionContext): string {
  const tag = question.required ? context.strings.required : context.strings.optional;
  return `${escapeHtml(questionText(question, context.language))} <span class="tag">(${escapeHtml(tag)})</span>`;
}

function invalidAttributes(question: PageQuestion, context: QuestionContext, describedBy?: string): string[] {
  const ids = [describedBy, context.error ? `err-${question.code}` : undefined].filter((id) => id !== undefined);
  return [...(context.error ? ['aria-invalid="true"'] : []), ...(ids.length > 0 ? [`aria-describedby="${escapeHtml(ids.join(' '))}"`] : [])];
}

function inlineError(question: PageQuestion, context: QuestionContext): string {
  if (!context.error) return '';
  const { strings } = context;
  return `<p class="err" id="err-${escapeHtml(question.code)}"><span class="vh">${escapeHtml(strings.errorPrefix)}: </span>${escapeHtml(errorMessage(question, context.error, strings))}</p>\n`;
}

function errorMessage(question: PageQuestion, error: FieldError, strings: SurveyStrings): string {
  if (error === 'required') return strings.errors.required;
  return question.type === 'free_text' ? strings.errors.invalidText : strings.errors.invalidChoice;
}

function checked(context: QuestionContext, value: string): string {
  return context.submitted.includes(value) ? ' checked' : '';
}

function questionText(question: PageQuestion, language: Language): string {
  return language === 'ar' ? question.textAr : question.textEn;
}

/** Reads only own keys, so a question coded like an Object.prototype member finds nothing inherited. */
function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
