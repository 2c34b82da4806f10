import type { EntityManager } from '@mikro-orm/postgresql';
import { Department, Patient, Physician } from '../../models/entities';
import type { EncounterEventFields } from '../hl7/eventFields';

const ARABIC = /[\u0600-\u06FF]/;

function fullName(fields: EncounterEventFields): { fullNameAr?: string; fullNameEn?: string } {
  const name = [fields.givenName, fields.familyName].filter(Boolean).join(' ').trim();
  if (!name) return {};
  return ARABIC.test(name) ? { fullNameAr: name } : { fullNameEn: name };
}

export const DEFAULT_PHONE_COUNTRY_CODE = '966';

/**
 * A phone number in the international form SMS and WhatsApp need: hospital systems often send the
 * national form (`0501234567`, trunk prefix 0) or `00` for international. Other forms are kept as
 * sent; the survey rules then find no usable number rather than text a wrong one.
 */
export function dialable(phone: string, countryCode: string): string {
  if (phone.startsWith('+')) return phone;
  if (phone.startsWith('00')) return `+${phone.slice(2)}`;
  if (phone.startsWith('0')) return `+${countryCode}${phone.slice(1)}`;
  return phone;
}

/** Creates or refreshes the patient a message names (by MRN in its hospital); returns its id. */
export async function upsertPatient(em: EntityManager, hospitalId: string, fields: EncounterEventFields, phoneCountryCode = DEFAULT_PHONE_COUNTRY_CODE): Promise<string | undefined> {
  if (!fields.mrn) return undefined;
  let patient = await em.findOne(Patient, { hospitalId, mrn: fields.mrn });
  if (!patient) {
    patient = Object.assign(new Patient(), { hospitalId, mrn: fields.mrn, preferredLanguage: fields.preferredLanguage ?? 'ar' });
    em.persist(patient);
  }
  const updates = {
    ...fullName(fields),
    ...(fields.nationalId ? { nationalId: fields.nationalId } : {}),
    ...(fields.phone ? { phone: dialable(fields.phone, phoneCountryCode) } : {}),
    ...(fields.preferredLanguage ? { preferredLanguage: fields.preferredLanguage } : {}),
    ...(fields.dateOfBirth ? { dateOfBirth: fields.dateOfBirth } : {}),
    ...(fields.sex ? { sex: fields.sex } : {}),
    ...(fields.dischargeDisposition && /^(20|40|41|42)$/.test(fields.dischargeDisposition) ? { deceased: true } : {}),
    deletedAt: null,
  };
  Object.assign(patient, updates);
  return patient.id;
}

/** A40: the retired MRN's record is hidden; the surviving patient keeps the identity from now on. */
export async function retireMergedPatient(em: EntityManager, hospitalId: string, mergedMrn: string | undefined): Promise<void> {
  if (!mergedMrn) return;
  const retired = await em.findOne(Patient, { hospitalId, mrn: mergedMrn, deletedAt: null });
  if (retired) retired.deletedAt = new Date();
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
