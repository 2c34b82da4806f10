import { preferredLanguageOf } from '../../../adapters/hl7/eventFields';
import type { Hospital, Language, Patient } from '../../../models/entities';
import { normalisePhone } from '../../../models/rules/phone';
import { invalid } from './outcome';
import { IDENTIFIER_TYPE_SYSTEM, NATIONAL_ID_SYSTEM, type ContactPoint, type FhirPatient, type HumanName, type Identifier } from './types';

const ARABIC = /[\u0600-\u06FF]/;

/** What a FHIR Patient tells us, in our Patient's terms; absent elements are left undefined. */
export interface PatientFacts {
  mrn: string;
  hospitalCode?: string;
  nationalId?: string;
  fullNameAr?: string;
  fullNameEn?: string;
  phone?: string;
  email?: string;
  preferredLanguage?: Language;
  dateOfBirth?: string;
  sex?: Patient['sex'];
  deceased?: boolean;
}

const typeCodes = (identifier: Identifier) => (identifier.type?.coding ?? []).map((c) => (c.code ?? '').trim().toUpperCase());

export const isNationalId = (identifier: Identifier) => typeCodes(identifier).includes('NI') || identifier.system === NATIONAL_ID_SYSTEM;

/** The MR-typed identifier, else one whose system is an MRN namespace; never a national id. */
export function mrnOf(identifiers: Identifier[] | undefined): Identifier | undefined {
  const usable = (identifiers ?? []).filter((i) => i.value?.trim());
  return usable.find((i) => typeCodes(i).includes('MR')) ?? usable.find((i) => /\/mrn$/i.test(i.system ?? '') && !isNationalId(i));
}

/** 'Given Family', the order staff and patients expect in both languages (as for HL7 PID-5). */
function nameText(name: HumanName): string | undefined {
  const parts = [...(name.given ?? []), name.family].map((p) => p?.trim()).filter(Boolean);
  const text = parts.length > 0 ? parts.join(' ') : name.text?.trim();
  return text || undefined;
}

/**
 * The first name in the resource decides its script's column. Bilingual records often carry the
 * other script as a further name, so the first Arabic and the first non-Arabic name are both kept.
 */
function names(list: HumanName[] | undefined): Pick<PatientFacts, 'fullNameAr' | 'fullNameEn'> {
  const texts = (list ?? []).map(nameText).filter((t): t is string => !!t);
  if (texts.some((t) => t.length > 200)) throw invalid('a name may be at most 200 characters', 'Patient.name');
  const fullNameAr = texts.find((t) => ARABIC.test(t));
  const fullNameEn = texts.find((t) => !ARABIC.test(t));
  return { ...(fullNameAr ? { fullNameAr } : {}), ...(fullNameEn ? { fullNameEn } : {}) };
}

/**
 * Mobile numbers first: they are the ones surveys can reach. Placeholders are skipped, as for HL7
 * PID-13, and the number is kept in international form, a national one taking `countryCode`.
 */
function phoneOf(telecom: ContactPoint[], countryCode: string): string | undefined {
  const phones = telecom.filter((t) => t.system === 'phone' || t.system === 'sms');
  const ordered = [...phones.filter((t) => t.use === 'mobile'), ...phones.filter((t) => t.use !== 'mobile')];
  return ordered.map((t) => normalisePhone(t.value, countryCode)).find(Boolean);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function languageOf(resource: FhirPatient): Language | undefined {
  const spoken = resource.communication ?? [];
  const ordered = [...spoken.filter((c) => c.preferred), ...spoken.filter((c) => !c.preferred)];
  for (const c of ordered) {
    for (const coding of c.language?.coding ?? []) {
      const language = preferredLanguageOf(coding.code ?? '');
      if (language) return language;
    }
  }
  return undefined;
}

/**
 * Reads a checked FHIR Patient; 400 naming the element when something we need is missing or
 * unusable. `phoneCountryCode` is the calling code of phone numbers sent in national form.
 */
export function readPatient(resource: FhirPatient, phoneCountryCode: string): PatientFacts {
  const mrn = mrnOf(resource.identifier)?.value?.trim();
  if (!mrn) throw invalid('an identifier typed MR (type.coding code MR, or a system ending in /mrn) is required: the medical record number', 'Patient.identifier');
  const nationalId = (resource.identifier ?? []).find((i) => isNationalId(i) && i.value?.trim())?.value?.trim();
  if (nationalId && nationalId.length > 32) throw invalid('the national id may be at most 32 characters', 'Patient.identifier');
  const telecom = resource.telecom ?? [];
  const email = telecom.filter((t) => t.system === 'email').map((t) => t.value?.trim() ?? '').find((v) => EMAIL.test(v));
  const deceased = resource.deceasedBoolean ?? (resource.deceasedDateTime ? true : undefined);
  const facts: PatientFacts = {
    mrn,
    hospitalCode: resource.managingOrganization?.identifier?.value?.trim() || undefined,
    nationalId,
    ...names(resource.name),
    phone: phoneOf(telecom, phoneCountryCode),
    email,
    preferredLanguage: languageOf(resource),
    // Our column holds whole dates; a year or year-month alone is valid FHIR but not storable.
    dateOfBirth: resource.birthDate && /^\d{4}-\d{2}-\d{2}$/.test(resource.birthDate) ? resource.birthDate : undefined,
    sex: resource.gender as PatientFacts['sex'],
    deceased,
  };
  return Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== undefined)) as PatientFacts;
}

/**
 * Merges what the resource states into the record. Elements the resource leaves out are kept:
 * the same patient is also fed by HL7 and REST intake, and an English-only update must not erase
 * the Arabic name another feed gave.
 */
export function applyPatientFacts(patient: Patient, facts: PatientFacts): void {
  const { hospitalCode: _hospital, ...values } = facts;
  Object.assign(patient, values, { deletedAt: null });
}

const typed = (code: string) => ({ coding: [{ system: IDENTIFIER_TYPE_SYSTEM, code }] });

/** The Patient as we hold it, `id` being our own id. */
export function toFhirPatient(patient: Patient, hospital: Hospital): FhirPatient & Record<string, unknown> {
  const organisation = { identifier: { value: hospital.code }, display: hospital.nameEn };
  return {
    resourceType: 'Patient',
    id: patient.id,
    meta: { lastUpdated: patient.updatedAt.toISOString() },
    identifier: [
      { use: 'usual', type: typed('MR'), value: patient.mrn, assigner: organisation },
      ...(patient.nationalId ? [{ use: 'official', type: typed('NI'), system: NATIONAL_ID_SYSTEM, value: patient.nationalId }] : []),
    ],
    active: !patient.deletedAt,
    name: [
      ...(patient.fullNameEn ? [{ use: 'official', text: patient.fullNameEn }] : []),
      ...(patient.fullNameAr ? [{ use: 'official', text: patient.fullNameAr }] : []),
    ],
    telecom: [
      ...(patient.phone ? [{ system: 'phone', value: patient.phone, use: 'mobile' }] : []),
      ...(patient.email ? [{ system: 'email', value: patient.email }] : []),
    ],
    ...(patient.sex ? { gender: patient.sex } : {}),
    ...(patient.dateOfBirth ? { birthDate: patient.dateOfBirth } : {}),
    deceasedBoolean: patient.deceased,
    communication: [{ language: { coding: [{ system: 'urn:ietf:bcp:47', code: patient.preferredLanguage }] }, preferred: true }],
    managingOrganization: organisation,
  };
}
