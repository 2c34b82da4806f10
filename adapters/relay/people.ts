import type { EntityManager } from '@mikro-orm/postgresql';
import { Complaint, Department, Encounter, Patient, Physician, SurveyInstance } from '../../models/entities';
import { DEFAULT_PHONE_COUNTRY_CODE, normalisePhone } from '../../models/rules/phone';
import type { EncounterEventFields } from '../hl7/eventFields';

const ARABIC = /[\u0600-\u06FF]/;

function fullName(fields: EncounterEventFields): { fullNameAr?: string; fullNameEn?: string } {
  const name = [fields.givenName, fields.familyName].filter(Boolean).join(' ').trim();
  if (!name) return {};
  return ARABIC.test(name) ? { fullNameAr: name } : { fullNameEn: name };
}

/** Creates or refreshes the patient a message names (by MRN in its hospital); returns its id. */
export async function upsertPatient(em: EntityManager, hospitalId: string, fields: EncounterEventFields, phoneCountryCode = DEFAULT_PHONE_COUNTRY_CODE): Promise<string | undefined> {
  if (!fields.mrn) return undefined;
  let patient = await em.findOne(Patient, { hospitalId, mrn: fields.mrn });
  if (!patient) {
    patient = Object.assign(new Patient(), { hospitalId, mrn: fields.mrn, preferredLanguage: fields.preferredLanguage ?? 'ar' });
    em.persist(patient);
  }
  const phone = normalisePhone(fields.phone, phoneCountryCode);
  const updates = {
    ...fullName(fields),
    ...(fields.nationalId ? { nationalId: fields.nationalId } : {}),
    ...(phone ? { phone } : {}),
    ...(fields.preferredLanguage ? { preferredLanguage: fields.preferredLanguage } : {}),
    ...(fields.dateOfBirth ? { dateOfBirth: fields.dateOfBirth } : {}),
    ...(fields.sex ? { sex: fields.sex } : {}),
    ...(fields.dischargeDisposition && /^(20|40|41|42)$/.test(fields.dischargeDisposition) ? { deceased: true } : {}),
    deletedAt: null,
  };
  Object.assign(patient, updates);
  return patient.id;
}

/** What a merged-away record knew that the surviving one may not: kept where the survivor has none. */
const MERGED_IDENTITY = ['nationalId', 'fullNameEn', 'fullNameAr', 'dateOfBirth', 'sex', 'phone', 'email', 'preferredChannels'] as const;

/**
 * A40: the retired MRN's record is hidden and the surviving patient takes its place: the visits,
 * surveys and complaints filed under it (so a recent survey or an open complaint still counts),
 * the opt-outs and a death it recorded, and the identity the survivor lacks.
 */
export async function mergePatient(em: EntityManager, hospitalId: string, retiredMrn: string | undefined, survivorId: string | undefined): Promise<void> {
  if (!retiredMrn || !survivorId) return;
  const retired = await em.findOne(Patient, { hospitalId, mrn: retiredMrn, deletedAt: null });
  if (!retired || retired.id === survivorId) return;
  await em.flush();
  const survivor = await em.findOneOrFail(Patient, { id: survivorId });
  for (const key of MERGED_IDENTITY) if (survivor[key] == null && retired[key] != null) Object.assign(survivor, { [key]: retired[key] });
  Object.assign(survivor, {
    optOutSms: survivor.optOutSms || retired.optOutSms,
    optOutWhatsapp: survivor.optOutWhatsapp || retired.optOutWhatsapp,
    optOutEmail: survivor.optOutEmail || retired.optOutEmail,
    deceased: survivor.deceased || retired.deceased,
  });
  retired.deletedAt = new Date();
  await em.nativeUpdate(Encounter, { patientId: retired.id }, { patientId: survivor.id });
  await em.nativeUpdate(SurveyInstance, { patientId: retired.id }, { patientId: survivor.id });
  await em.nativeUpdate(Complaint, { patientId: retired.id }, { patientId: survivor.id });
}

/** Creates or refreshes the attending physician (by licence number in the hospital). */
export async function upsertPhysician(em: EntityManager, hospitalId: string, fields: EncounterEventFields): Promise<string | undefined> {
  if (!fields.attendingLicenseNo) return undefined;
  let physician = await em.findOne(Physician, { hospitalId, licenseNo: fields.attendingLicenseNo });
  if (!physician) {
    physician = Object.assign(new Physician(), { hospitalId, licenseNo: fields.attendingLicenseNo, fullNameEn: fields.attendingName || fields.attendingLicenseNo });
    em.persist(physician);
  } else if (fields.attendingName && !ARABIC.test(fields.attendingName) && physician.fullNameEn === physician.licenseNo) {
    physician.fullNameEn = fields.attendingName;
  }
  return physician.id;
}

/** The department whose code is the point of care (PV1-3.1) or the hospital service (PV1-10). */
export async function departmentFor(em: EntityManager, hospitalId: string, fields: EncounterEventFields): Promise<string | undefined> {
  const codes = [fields.locationCode, fields.hospitalService].filter((c): c is string => !!c).map((c) => c.toUpperCase());
  if (codes.length === 0) return undefined;
  const departments = await em.find(Department, { hospitalId, code: { $in: codes }, deletedAt: null });
  return codes.map((code) => departments.find((d) => d.code === code)?.id).find(Boolean);
}
