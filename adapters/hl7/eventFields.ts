/**
 * The fields of an HL7 message that drive a patient journey (DESIGN.md §6): who the patient is,
 * which visit, where, with whom, and when. Optional fields are omitted when the message lacks them.
 */
import { phoneDigits, phoneFromParts } from '../../models/rules/phone';
import { facilityCode } from './header';
import type { Hl7Message } from './message';
import { hl7DateTimeToIso, hl7DateToIsoDate } from './timestamp';
import { Hl7FormatError } from './types';

export interface EncounterEventFields {
  messageType: string;
  triggerEvent: string;
  controlId: string;
  /** HD.1 of MSH-4, upper-case ('' when MSH-4 is empty). */
  facility: string;
  /** PID-3 identifier typed MR (else the first identifier that is not a national id). */
  mrn?: string;
  /** PID-3 identifier typed NI or NNSAU. */
  nationalId?: string;
  /** PV1-19.1, else PID-18.1; for SIU, SCH-1.1 or SCH-2.1 first. */
  visitNumber?: string;
  /** PV1-2, upper-case. */
  patientClass?: string;
  /** PV1-7.1 (AIP-3.1 for SIU). */
  attendingLicenseNo?: string;
  /** PV1-7 (AIP-3 for SIU) as 'Given Family'. */
  attendingName?: string;
  /** PV1-3 (AIL-3 for SIU) point of care^room^bed, e.g. 'OPD^101^1'. */
  location?: string;
  /** PV1-3.1, the point of care. */
  locationCode?: string;
  /** PV1-10. */
  hospitalService?: string;
  /** PV1-36. */
  dischargeDisposition?: string;
  /** First usable PID-13 number, digits only, with a leading + when international. */
  phone?: string;
  /** PID-15. */
  preferredLanguage?: 'ar' | 'en';
  /** PID-5 family and given names. */
  familyName?: string;
  givenName?: string;
  /** PID-7 as YYYY-MM-DD. */
  dateOfBirth?: string;
  /** PID-8. */
  sex?: 'male' | 'female' | 'other' | 'unknown';
  /** ISO-8601 UTC instant: EVN-2, else MSH-7 (SIU: SCH-11.4 or TQ1-7, else MSH-7). */
  eventTime: string;
  /** OBR-24, upper-case. */
  diagnosticServiceSection?: string;
  /** MRG-1 (A40 merge: the MRN being retired) and MRG-5 (its visit number). */
  mergedMrn?: string;
  mergedVisitNumber?: string;
}

const NATIONAL_ID_TYPES = new Set(['NI', 'NNSAU']);

export function extractEventFields(message: Hl7Message): EncounterEventFields {
  const { header } = message;
  const appointment = header.messageType.toUpperCase() === 'SIU';
  const get = (path: string): string | undefined => present(message.get(path));
  const identifiers = message.repetitions('PID.3');
  const pid5 = message.repetitions('PID.5')[0] ?? [];
  const attending = (appointment ? message.repetitions('AIP.3')[0] : undefined) ?? message.repetitions('PV1.7')[0] ?? [];
  const location = (appointment ? message.repetitions('AIL.3')[0] : undefined) ?? message.repetitions('PV1.3')[0] ?? [];
  const visitNumber = appointment
    ? get('SCH.1.1') ?? get('SCH.2.1') ?? get('PV1.19.1') ?? get('PID.18.1')
    : get('PV1.19.1') ?? get('PID.18.1');

  return withoutUndefined({
    messageType: header.messageType,
    triggerEvent: header.triggerEvent,
    controlId: header.controlId,
    facility: facilityCode(header.sendingFacility, header.encodingCharacters[0]),
    mrn: medicalRecordNumber(identifiers),
    nationalId: identifiers.find((cx) => NATIONAL_ID_TYPES.has(identifierType(cx)) && present(cx[0]))?.[0].trim(),
    visitNumber,
    patientClass: get('PV1.2.1')?.toUpperCase(),
    attendingLicenseNo: present(attending[0]),
    attendingName: personName(attending[2], attending[1]),
    location: pointOfCare(location),
    locationCode: present(firstSubcomponent(location[0])),
    hospitalService: get('PV1.10.1'),
    dischargeDisposition: get('PV1.36.1'),
    phone: firstPhone(message.repetitions('PID.13')),
    preferredLanguage: preferredLanguageOf(message.get('PID.15.1')),
    familyName: present(firstSubcomponent(pid5[0])),
    givenName: present(pid5[1]),
    dateOfBirth: hl7DateToIsoDate(message.get('PID.7.1')),
    sex: SEX[message.get('PID.8.1').trim().toUpperCase()],
    eventTime: eventTime(message, appointment),
    diagnosticServiceSection: get('OBR.24.1')?.toUpperCase(),
    mergedMrn: medicalRecordNumber(message.repetitions('MRG.1')),
    mergedVisitNumber: get('MRG.5.1'),
  });
}

/** Trimmed value, or undefined for empty and for HL7's explicit null `""`. */
function present(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' || trimmed === '""' ? undefined : trimmed;
}

function firstSubcomponent(value: string | undefined): string | undefined {
  return value?.split('&')[0];
}

function identifierType(cx: string[]): string {
  return (cx[4] ?? '').trim().toUpperCase();
}

/**
 * The MR-typed identifier, else the first identifier that is not typed as a national id: a
 * national id must never become a hospital MRN just because the sender listed it first.
 */
function medicalRecordNumber(identifiers: string[][]): string | undefined {
  const usable = identifiers.filter((cx) => present(cx[0]) !== undefined);
  const chosen = usable.find((cx) => identifierType(cx) === 'MR') ?? usable.find((cx) => !NATIONAL_ID_TYPES.has(identifierType(cx)));
  return present(chosen?.[0]);
}

/** XPN/XCN names read 'Given Family', the order staff and patients expect in both languages. */
function personName(given: string | undefined, family: string | undefined): string | undefined {
  return present([present(given), present(firstSubcomponent(family))].filter(Boolean).join(' '));
}

/** PL point of care^room^bed as sent, without trailing empty parts ('OPD^101^1', 'ER'). */
function pointOfCare(pl: string[]): string | undefined {
  const parts = pl.slice(0, 3).map((part) => firstSubcomponent(part)?.trim() ?? '');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts.length === 0 ? undefined : parts.join('^');
}

const SEX: Record<string, EncounterEventFields['sex']> = { M: 'male', F: 'female', O: 'other', U: 'unknown' };

/** ISO 639 codes for Arabic and English ('ara', 'ar', 'eng', 'en'), any case, optionally with a region ('ar-SA'). */
export function preferredLanguageOf(code: string): 'ar' | 'en' | undefined {
  const primary = code.trim().toLowerCase().split(/[-_]/)[0];
  if (primary === 'ar' || primary === 'ara') return 'ar';
  if (primary === 'en' || primary === 'eng') return 'en';
  return undefined;
}

/** Equipment types that are not phone numbers (email, X.400, fax). */
const NOT_A_PHONE = new Set(['INTERNET', 'X.400', 'FX']);

/**
 * The first PID-13 repetition that holds a phone number: XTN.12 (unformatted), else XTN.1, else
 * the structured country (XTN.5), area (XTN.6) and local (XTN.7) parts.
 */
function firstPhone(repetitions: string[][]): string | undefined {
  for (const xtn of repetitions) {
    if (NOT_A_PHONE.has((xtn[2] ?? '').trim().toUpperCase())) continue;
    const phone = phoneDigits(xtn[11]) ?? phoneDigits(xtn[0]) ?? phoneFromParts(xtn[4], xtn[5], xtn[6]);
    if (phone) return phone;
  }
  return undefined;
}

/** First readable time among the candidates; a message without a readable MSH-7 is refused. */
function eventTime(message: Hl7Message, appointment: boolean): string {
  const candidates = appointment ? ['SCH.11.4', 'TQ1.7'] : ['EVN.2'];
  for (const path of candidates) {
    const iso = hl7DateTimeToIso(message.get(path));
    if (iso) return iso;
  }
  const sent = message.get('MSH.7');
  const iso = hl7DateTimeToIso(sent);
  if (iso) return iso;
  throw sent.trim() === ''
    ? new Hl7FormatError('MSH-7 date/time of message is required', '101', 'MSH^1^7')
    : new Hl7FormatError(`MSH-7 date/time of message is not a valid HL7 date/time: ${JSON.stringify(sent)}`, '102', 'MSH^1^7');
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
