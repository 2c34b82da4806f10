import { preferredLanguageOf } from '../hl7/eventFields';
import type { Hospital, Language, NameParts, Patient, PatientNameParts } from '../../models/entities';
import { normalisePhone } from '../../models/rules/phone';
import { invalid } from './outcome';
import { IDENTIFIER_TYPE_SYSTEM, LANGUAGE_EXTENSION, NATIONAL_ID_SYSTEM, type ContactPoint, type FhirPatient, type HumanName, type Identifier } from './types';

const ARABIC = /[\u0600-\u06FF]/;

/** What a FHIR Patient tells us, in our Patient's terms; absent elements are left undefined. */
export interface PatientFacts {
  mrn: string;
  /** The MRN's identifier system, when the resource names one. */
  mrnSystem?: string;
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
  /** The structured parts of the names the resource gives, per language; null: that name came as text only. */
  nameParts?: Partial<Record<Language, NameParts | null>>;
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

/** The full name its parts spell, as `nameText` writes it. */
const spelled = (parts: NameParts) => [...(parts.given ?? []), parts.family].map((p) => p?.trim()).filter(Boolean).join(' ');

/** The language a name is written in: its language extension (`ar`, `en-GB`), else its script. */
function languageOfName(name: HumanName, text: string): Language {
  const tag = name.extension?.find((e) => e.url === LANGUAGE_EXTENSION)?.valueCode?.trim().toLowerCase() ?? '';
  if (tag.startsWith('ar')) return 'ar';
  if (tag.startsWith('en')) return 'en';
  return ARABIC.test(text) ? 'ar' : 'en';
}

/**
 * The first name in each language fills that language's column (bilingual records carry the
 * other script as a further name); its family and given parts are kept as sent.
 */
function names(list: HumanName[] | undefined): Pick<PatientFacts, 'fullNameAr' | 'fullNameEn' | 'nameParts'> {
  const found: Partial<Record<Language, { text: string; parts: NameParts | null }>> = {};
  for (const name of list ?? []) {
    const text = nameText(name);
    if (!text) continue;
    if (text.length > 200) throw invalid('a name may be at most 200 characters', 'Patient.name');
    const language = languageOfName(name, text);
    if (found[language]) continue;
    const given = (name.given ?? []).map((g) => g.trim()).filter(Boolean);
    const family = name.family?.trim();
    const parts: NameParts | null = family || given.length ? { ...(name.use ? { use: name.use } : {}), ...(family ? { family } : {}), ...(given.length ? { given } : {}) } : null;
    found[language] = { text, parts };
  }
  if (!found.ar && !found.en) return {};
  return {
    ...(found.ar ? { fullNameAr: found.ar.text } : {}),
    ...(found.en ? { fullNameEn: found.en.text } : {}),
    nameParts: Object.fromEntries(Object.entries(found).map(([language, f]) => [language, f!.parts])),
  };
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
  const mrnIdentifier = mrnOf(resource.identifier);
  const mrn = mrnIdentifier?.value?.trim();
  if (!mrn) throw invalid('an identifier typed MR (type.coding code MR, or a system ending in /mrn) is required: the medical record number', 'Patient.identifier');
  const nationalId = (resource.identifier ?? []).find((i) => isNationalId(i) && i.value?.trim())?.value?.trim();
  if (nationalId && nationalId.length > 32) throw invalid('the national id may be at most 32 characters', 'Patient.identifier');
  const telecom = resource.telecom ?? [];
  const email = telecom.filter((t) => t.system === 'email').map((t) => t.value?.trim() ?? '').find((v) => EMAIL.test(v));
  const deceased = resource.deceasedBoolean ?? (resource.deceasedDateTime ? true : undefined);
  const facts: PatientFacts = {
    mrn,
    mrnSystem: mrnIdentifier?.system?.trim() || undefined,
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
 * the Arabic name another feed gave. A new MRN given without a system drops the old one's system.
 */
export function applyPatientFacts(patient: Patient, facts: PatientFacts): void {
  const { hospitalCode: _hospital, nameParts, mrnSystem, ...values } = facts;
  const mrnChanged = patient.mrn !== undefined && patient.mrn !== facts.mrn;
  Object.assign(patient, values, { deletedAt: null });
  if (mrnSystem) patient.mrnSystem = mrnSystem;
  else if (mrnChanged) patient.mrnSystem = null;
  if (nameParts) {
    const merged: PatientNameParts = { ...(patient.nameParts ?? {}) };
    for (const language of ['en', 'ar'] as const) {
      if (!(language in nameParts)) continue;
      const parts = nameParts[language];
      if (parts) merged[language] = parts;
      else delete merged[language];
    }
    patient.nameParts = Object.keys(merged).length > 0 ? merged : null;
  }
}

const typed = (code: string) => ({ coding: [{ system: IDENTIFIER_TYPE_SYSTEM, code }] });

/**
 * A name as a HumanName in its language: structured when the parts a client gave still spell the
 * name we hold (another feed may have renamed the patient since), else as text.
 */
function humanName(text: string, language: Language, parts: NameParts | undefined): HumanName {
  const current = parts && spelled(parts) === text ? parts : undefined;
  return {
    extension: [{ url: LANGUAGE_EXTENSION, valueCode: language }],
    use: current?.use ?? 'official',
    text,
    ...(current?.family ? { family: current.family } : {}),
    ...(current?.given?.length ? { given: current.given } : {}),
  };
}

/** The Patient as we hold it, `id` being our own id. */
export function toFhirPatient(patient: Patient, hospital: Hospital): FhirPatient & Record<string, unknown> {
  const organisation = { identifier: { value: hospital.code }, display: hospital.nameEn };
  return {
    resourceType: 'Patient',
    id: patient.id,
    meta: { lastUpdated: patient.updatedAt.toISOString() },
    identifier: [
      { use: 'usual', type: typed('MR'), ...(patient.mrnSystem ? { system: patient.mrnSystem } : {}), value: patient.mrn, assigner: organisation },
      ...(patient.nationalId ? [{ use: 'official', type: typed('NI'), system: NATIONAL_ID_SYSTEM, value: patient.nationalId }] : []),
    ],
    active: !patient.deletedAt,
    name: [
      ...(patient.fullNameEn ? [humanName(patient.fullNameEn, 'en', patient.nameParts?.en)] : []),
      ...(patient.fullNameAr ? [humanName(patient.fullNameAr, 'ar', patient.nameParts?.ar)] : []),
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
