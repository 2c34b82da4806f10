/**
 * Turns the posted public complaint form into a complaint, or into per-field errors. The page
 * carries no validation attributes that would stop a submit (old phones ignore them anyway), so
 * everything is checked here and every problem is reported at once.
 */
import { looksLikePhone, normalisePhone } from '../../models/rules/phone';
import type { FormBody } from '../survey';
import { isComplaintCategory, type ComplaintCategory } from './categories';

/** In the order the form shows them, which is also the order of the error summary. */
export const COMPLAINT_FIELDS = ['hospital', 'name', 'phone', 'email', 'department', 'category', 'description'] as const;
export type ComplaintField = (typeof COMPLAINT_FIELDS)[number];
export type ComplaintFieldError = 'required' | 'invalid' | 'phone' | 'email' | 'contact' | 'tooLong';

export const LIMITS = { name: 200, email: 254, description: 5000 } as const;

export interface ComplaintSubmission {
  hospitalCode: string;
  contactName: string;
  contactPhone: string | null;
  contactEmail: string | null;
  departmentId: string | null;
  category: ComplaintCategory;
  description: string;
}

export interface ParsedComplaintForm {
  /** As posted (trimmed), to re-fill the form when it is shown again. */
  values: Partial<Record<ComplaintField, string>>;
  errors: Partial<Record<ComplaintField, ComplaintFieldError>>;
  /** Present only when there are no errors. */
  submission?: ComplaintSubmission;
}

/** What the posted choices must be among: the hospitals taking complaints and the chosen hospital's departments. */
export interface FormChoices {
  hospitalCodes: string[];
  departmentIds: string[];
}

/** A number to call back once stored: 7 to 15 digits, in international form where it can be. */
const PHONE = /^\+?\d{7,15}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * `phoneCountryCode`: the calling code a national phone number (`050…`) is stored with, so staff
 * and the hub read the complainant's number in the form patient numbers have.
 */
export function complaintFromForm(form: FormBody, choices: FormChoices, phoneCountryCode: string): ParsedComplaintForm {
  const values: ParsedComplaintForm['values'] = {};
  const errors: ParsedComplaintForm['errors'] = {};
  for (const field of COMPLAINT_FIELDS) {
    const value = textOf(form, field);
    if (value === null) errors[field] = 'invalid';
    else if (value !== '') values[field] = value;
  }
  const check = (field: ComplaintField, problem: ComplaintFieldError | undefined) => {
    if (problem && !errors[field]) errors[field] = problem;
  };

  const hospitalCode = values.hospital?.toUpperCase() ?? '';
  check('hospital', !hospitalCode ? 'required' : choices.hospitalCodes.includes(hospitalCode) ? undefined : 'invalid');
  check('name', !values.name ? 'required' : length(values.name) > LIMITS.name ? 'tooLong' : undefined);
  const phone = values.phone ? callBackNumber(values.phone, phoneCountryCode) : null;
  check('phone', phone === undefined ? 'phone' : undefined);
  check('email', values.email && (length(values.email) > LIMITS.email || !EMAIL.test(values.email)) ? 'email' : undefined);
  // Someone has to be able to answer the complainant.
  check('phone', !values.phone && !values.email ? 'contact' : undefined);
  check('department', values.department && !choices.departmentIds.includes(values.department) ? 'invalid' : undefined);
  check('category', !values.category ? 'required' : isComplaintCategory(values.category) ? undefined : 'invalid');
  const description = values.description?.replace(/\r\n?/g, '\n') ?? '';
  check('description', !description ? 'required' : length(description) > LIMITS.description ? 'tooLong' : undefined);

  if (Object.keys(errors).length > 0) return { values, errors };
  return {
    values,
    errors,
    submission: {
      hospitalCode,
      contactName: values.name!,
      contactPhone: phone ?? null,
      contactEmail: values.email ?? null,
      departmentId: values.department ?? null,
      category: values.category as ComplaintCategory,
      description,
    },
  };
}

/** A field's trimmed text, '' when absent, null for what a real form cannot post (repeated keys, `a[b]=c` objects). */
function textOf(form: FormBody, field: string): string | null {
  const raw: unknown = Object.hasOwn(form, field) ? form[field] : undefined;
  if (raw === undefined) return '';
  return typeof raw === 'string' ? raw.trim() : null;
}

/** The number as stored, or undefined when the text is not one staff could call back. */
function callBackNumber(text: string, countryCode: string): string | undefined {
  const phone = looksLikePhone(text) ? normalisePhone(text, countryCode) : undefined;
  return phone && PHONE.test(phone) ? phone : undefined;
}

/** Characters, not UTF-16 units, as a patient counts them. */
function length(text: string): number {
  return [...text].length;
}
