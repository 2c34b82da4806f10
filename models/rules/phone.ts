/**
 * Patient phone numbers. Hospital systems, FHIR clients, staff and patients write a number many
 * ways (`+966 55 123 4567`, `00966551234567`, `0551234567`, `٠٥٥ ١٢٣ ٤٥٦٧`); every door stores
 * it in one international form (`+966551234567`), the one SMS and WhatsApp need and the one an
 * inbound text is matched on. A national number takes the deployment's country calling code
 * (`PX_PHONE_COUNTRY_CODE`).
 */

/** The country calling code national numbers are read in when none is configured: Saudi Arabia. */
export const DEFAULT_PHONE_COUNTRY_CODE = '966';

/** Fewer digits than this is a fragment (an extension, a placeholder 0), not a number to message. */
const MIN_PHONE_DIGITS = 6;

/** What SMS and WhatsApp can reach: E.164, a + and 8 to 15 digits, the first not 0. */
const E164 = /^\+[1-9]\d{7,14}$/;

/** Digits, a leading +, and the spaces, dashes, dots and brackets numbers are grouped with. */
const PHONE_TEXT = /^\+?[\d\s().-]+$/;

/** Arabic-Indic (٠–٩) and Persian (۰–۹) digits, as Arabic keyboards type them, in ASCII. */
export function asciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660)).replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0));
}

/**
 * The number's digits, a leading + kept, without its grouping or an extension
 * (`'(050) 123-4567 x12'` → `'0501234567'`, `' +966-55-123-4567 '` → `'+966551234567'`);
 * undefined when it holds no number (too few digits, empty, the HL7 null `""`).
 */
export function phoneDigits(value: string | null | undefined): string | undefined {
  const number = asciiDigits(value ?? '')
    .split(/x|ext/i)[0]
    .trim();
  const digits = number.replace(/\D/g, '');
  if (digits.length < MIN_PHONE_DIGITS) return undefined;
  return number.startsWith('+') ? `+${digits}` : digits;
}

/**
 * The number in the form stored and texted: `+…` as it is, `00…` (international dialling) as
 * `+…`, and a national number with its trunk 0 (`0551234567`) with `countryCode` in front
 * (`+966551234567`). Any other form is kept as its digits: the survey rules then find no usable
 * number rather than text a wrong one. Undefined when `value` holds no number.
 */
export function normalisePhone(value: string | null | undefined, countryCode: string): string | undefined {
  const digits = phoneDigits(value);
  if (!digits || digits.startsWith('+')) return digits;
  if (digits.startsWith('00')) return `+${digits.slice(2)}`;
  if (digits.startsWith('0')) return `+${countryCode}${digits.slice(1)}`;
  return digits;
}

/**
 * A number given in parts (HL7 XTN country, area and local number): with a country code the
 * national trunk prefix is dropped (`966`, `050`, `1234567` → `+966501234567`); without one the
 * parts are the national number. Undefined without a local number.
 */
export function phoneFromParts(country: string | undefined, area: string | undefined, local: string | undefined): string | undefined {
  const digits = (v: string | undefined) => asciiDigits(v ?? '').replace(/\D/g, '');
  if (digits(local) === '') return undefined;
  const national = digits(area) + digits(local);
  return digits(country) ? phoneDigits(`+${digits(country)}${national.replace(/^0+/, '')}`) : phoneDigits(national);
}

/** Whether a person typed `text` as a phone number: only digits and the usual grouping, no words. */
export function looksLikePhone(text: string): boolean {
  return PHONE_TEXT.test(asciiDigits(text.trim()));
}

/** Whether SMS and WhatsApp can reach this stored number. */
export function isDialable(phone: string | null | undefined): boolean {
  return E164.test(phone ?? '');
}

/**
 * Every way a stored row may hold the number `value` names: its international form first, then
 * the national (`0…`, for the deployment's own country), `00…` and bare-digit forms rows written
 * before every door normalised may still hold. For lookups by number; empty when `value` holds none.
 */
export function phoneForms(value: string | null | undefined, countryCode: string): string[] {
  const international = normalisePhone(value, countryCode);
  if (!international) return [];
  const forms = [international];
  if (international.startsWith('+')) {
    const digits = international.slice(1);
    forms.push(`00${digits}`, digits);
    if (digits.startsWith(countryCode)) forms.push(`0${digits.slice(countryCode.length)}`);
  }
  return [...new Set(forms)];
}
