/**
 * The public complaint page (`/complaint`): a plain HTML form a patient or visitor fills in on a
 * phone, posted to the server, which checks it (form.ts) and, on a problem, renders it again
 * with what was typed re-filled and each error beside its field. Same document, styles and
 * language switch as the survey pages.
 */
import type { Language } from '../../models/entities/organizations';
import { escapeHtml, page } from '../survey';
import { COMPLAINT_CATEGORIES } from './categories';
import { COMPLAINT_FIELDS, LIMITS, type ComplaintField, type ComplaintFieldError } from './form';
import { COMPLAINT_STRINGS, type ComplaintStrings } from './strings';

export interface Choice {
  value: string;
  /** Already in the page language. */
  label: string;
}

export interface ComplaintPageModel {
  language: Language;
  /** Where the form posts, e.g. `/complaint?lang=ar&hospital=DEMO`. */
  action: string;
  switchHref: string;
  /** The hospital the link named: shown as the brand and posted as a hidden field. */
  hospital?: { code: string; name: string };
  /** Offered in a select when the link names no hospital. */
  hospitals: Choice[];
  /** The hospital's departments; without a hospital there is nothing to offer and no select. */
  departments: Choice[];
  values?: Partial<Record<ComplaintField, string>>;
  errors?: Partial<Record<ComplaintField, ComplaintFieldError>>;
}

/**
 * Text inputs and selects, which the survey pages never show, styled like their textarea. Added
 * to the shared stylesheet in the head rather than as a second style element in the body.
 */
const FIELD_CSS = `input[type=text],input[type=tel],input[type=email],select{display:block;width:100%;min-height:3rem;padding:.625rem;font:inherit;color:inherit;background:#fff;border:2px solid #5c5c5c;border-radius:.5rem}
input:focus-visible,select:focus-visible{outline:3px solid #1a1a1a;outline-offset:2px}
.ref{display:inline-block;font-size:1.5rem;margin-block:0 .5rem}`;

function complaintDocument(language: Language, title: string, body: string, switchHref?: string): string {
  return page({ language, title, body, switchHref }).replace('</style>', `\n${FIELD_CSS}</style>`);
}

export function renderComplaintPage(model: ComplaintPageModel): string {
  const strings = COMPLAINT_STRINGS[model.language];
  const errors = model.errors ?? {};
  const faulty = COMPLAINT_FIELDS.filter((field) => errors[field]);
  const fields = [
    model.hospital
      ? `<input type="hidden" name="hospital" value="${escapeHtml(model.hospital.code)}">`
      : selectField('hospital', model, strings, model.hospitals, strings.choose, true),
    inputField('name', 'text', model, strings, true, `autocomplete="name" maxlength="${LIMITS.name}"`),
    inputField('phone', 'tel', model, strings, false, 'autocomplete="tel" inputmode="tel" dir="ltr"'),
    inputField('email', 'email', model, strings, false, `autocomplete="email" maxlength="${LIMITS.email}" dir="ltr"`),
    model.departments.length > 0 ? selectField('department', model, strings, model.departments, strings.departmentUnknown, false) : '',
    selectField('category', model, strings, COMPLAINT_CATEGORIES.map((c) => ({ value: c.code, label: c[model.language] })), strings.choose, true),
    descriptionField(model, strings),
  ].filter(Boolean);
  const body = `${model.hospital ? `<p class="brand">${escapeHtml(model.hospital.name)}</p>\n` : ''}<h1>${escapeHtml(strings.title)}</h1>
<p>${escapeHtml(strings.intro)}</p>
${faulty.length > 0 ? errorSummary(faulty, errors, strings) : ''}<form method="post" action="${escapeHtml(model.action)}" novalidate>
${fields.join('\n')}
<button type="submit">${escapeHtml(strings.submit)}</button>
</form>`;
  // Screen readers announce the title first, so a form that came back with errors says so at once.
  const title = faulty.length > 0 ? `${strings.errorPrefix}: ${strings.title}` : strings.title;
  return complaintDocument(model.language, title, body, model.switchHref);
}

/** The reference number is Latin letters and digits: kept left-to-right inside Arabic text. */
export function renderComplaintReceived(language: Language, hospitalName: string, referenceNo: string): string {
  const strings = COMPLAINT_STRINGS[language];
  const body = `<p class="brand">${escapeHtml(hospitalName)}</p>
<h1>${escapeHtml(strings.thankYouTitle)}</h1>
<p>${escapeHtml(strings.thankYou(hospitalName))}</p>
<p>${escapeHtml(strings.referenceLabel)}:</p>
<p><strong class="ref" dir="ltr">${escapeHtml(referenceNo)}</strong></p>
<p>${escapeHtml(strings.keepReference)}</p>`;
  return complaintDocument(language, strings.thankYouTitle, body);
}

/** For HTTP 429: too many complaints from one address in a short time. */
export function renderTooManyComplaints(language: Language, retryAfterSeconds: number): string {
  const strings = COMPLAINT_STRINGS[language];
  const body = `<h1>${escapeHtml(strings.tooManyTitle)}</h1>
<p>${escapeHtml(strings.tooMany(Math.max(1, Math.ceil(retryAfterSeconds / 60))))}</p>`;
  return complaintDocument(language, strings.tooManyTitle, body);
}

/** Announced on load, with a link that puts the cursor in each faulty field. */
function errorSummary(faulty: ComplaintField[], errors: Partial<Record<ComplaintField, ComplaintFieldError>>, strings: ComplaintStrings): string {
  const items = faulty.map((field) => `<li><a href="#c-${field}">${escapeHtml(strings.labels[field])}</a><br>${escapeHtml(strings.errors[errors[field]!])}</li>`);
  return `<div class="summary" role="alert" aria-labelledby="summary-title">
<h2 id="summary-title">${escapeHtml(strings.errorSummaryTitle)}</h2>
<ul>
${items.join('\n')}
</ul>
</div>
`;
}

/** A field's wrapper, label, hint and inline error; `control` gets the matching attributes. */
function field(name: ComplaintField, model: ComplaintPageModel, strings: ComplaintStrings, required: boolean, control: (attributes: string) => string): string {
  const error = model.errors?.[name];
  const hint = strings.hints[name];
  const describedBy = [hint ? `h-${name}` : '', error ? `e-${name}` : ''].filter(Boolean).join(' ');
  const attributes = [
    `id="c-${name}"`,
    `name="${name}"`,
    ...(required ? ['aria-required="true"'] : []),
    ...(error ? ['aria-invalid="true"'] : []),
    ...(describedBy ? [`aria-describedby="${describedBy}"`] : []),
  ].join(' ');
  return `<div class="q${error ? ' invalid' : ''}">
<label for="c-${name}">${escapeHtml(strings.labels[name])} <span class="tag">(${escapeHtml(required ? strings.required : strings.optional)})</span></label>
${hint ? `<p class="hint" id="h-${name}">${escapeHtml(hint)}</p>\n` : ''}${error ? `<p class="err" id="e-${name}"><span class="vh">${escapeHtml(strings.errorPrefix)}: </span>${escapeHtml(strings.errors[error])}</p>\n` : ''}${control(attributes)}
</div>`;
}

function inputField(name: ComplaintField, type: 'text' | 'tel' | 'email', model: ComplaintPageModel, strings: ComplaintStrings, required: boolean, extra: string): string {
  const value = model.values?.[name] ?? '';
  return field(name, model, strings, required, (attributes) => `<input type="${type}" ${attributes} ${extra} value="${escapeHtml(value)}">`);
}

function selectField(name: ComplaintField, model: ComplaintPageModel, strings: ComplaintStrings, choices: Choice[], emptyLabel: string, required: boolean): string {
  const chosen = model.values?.[name];
  const options = [{ value: '', label: emptyLabel }, ...choices].map(
    (choice) => `<option value="${escapeHtml(choice.value)}"${choice.value === chosen ? ' selected' : ''}>${escapeHtml(choice.label)}</option>`,
  );
  return field(name, model, strings, required, (attributes) => `<select ${attributes}>\n${options.join('\n')}\n</select>`);
}

/** A newline after the start tag keeps a re-filled text that starts with a blank line intact (the parser drops the first). */
function descriptionField(model: ComplaintPageModel, strings: ComplaintStrings): string {
  const value = model.values?.description ?? '';
  return field('description', model, strings, true, (attributes) => `<textarea ${attributes} rows="6" maxlength="${LIMITS.description}">\n${escapeHtml(value)}</textarea>`);
}
