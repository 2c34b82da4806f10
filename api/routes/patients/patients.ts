import type { FilterQuery } from '@mikro-orm/core';
import { Patient } from '../../../models/entities';
import { DEFAULT_PHONE_COUNTRY_CODE, looksLikePhone, normalisePhone, phoneForms } from '../../../models/rules/phone';
import { ROLE_LEVEL } from '../../rbac/roles';
import { hospitalResourceRoutes } from '../resource';
import { createPatient, listPatients, patientView, updatePatient } from './schema';

export const viewPatient = (p: Patient) => ({
  id: p.id,
  hospitalId: p.hospitalId,
  mrn: p.mrn,
  nationalId: p.nationalId ?? null,
  fullNameEn: p.fullNameEn ?? null,
  fullNameAr: p.fullNameAr ?? null,
  dateOfBirth: p.dateOfBirth ?? null,
  sex: p.sex ?? null,
  phone: p.phone ?? null,
  email: p.email ?? null,
  preferredLanguage: p.preferredLanguage,
  optOutSms: p.optOutSms,
  optOutWhatsapp: p.optOutWhatsapp,
  optOutEmail: p.optOutEmail,
  preferredChannels: p.preferredChannels ?? null,
  deceased: p.deceased,
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
});

/**
 * The rows a phone number may be stored in: whatever form it is asked in (`050 123 4567`,
 * `00966…`, `+966 50…`), the international form every door stores, and the forms older rows hold.
 */
function storedPhones(value: string, countryCode: string): string[] {
  const forms = phoneForms(value, countryCode);
  return forms.length ? forms : [value];
}

const likeEscaped = (text: string) => text.replace(/[\\%_]/g, '\\$&');

/**
 * `q`: one box to find a patient by MRN, national id, phone (any form the intake would store) or
 * name (every word, in the English or the Arabic name, anywhere in it).
 */
export function patientSearch(q: string, countryCode: string): FilterQuery<Patient> {
  const text = q.trim();
  const anyOf: FilterQuery<Patient>[] = [{ mrn: text }, { mrn: text.toUpperCase() }, { nationalId: text }];
  if (looksLikePhone(text) && normalisePhone(text, countryCode)) anyOf.push({ phone: { $in: storedPhones(text, countryCode) } });
  const words = text.split(/\s+/).filter((w) => /\p{L}/u.test(w));
  if (words.length) {
    anyOf.push({ $and: words.map((w) => ({ $or: [{ fullNameEn: { $ilike: `%${likeEscaped(w)}%` } }, { fullNameAr: { $ilike: `%${likeEscaped(w)}%` } }] })) });
  }
  return { $or: anyOf };
}

/** Patients are PHI: staff and clinicians read them, PX coordinators and above change them. */
export const patientRoutes = (options: { phoneCountryCode?: string } = {}) => {
  const countryCode = options.phoneCountryCode ?? DEFAULT_PHONE_COUNTRY_CODE;
  return hospitalResourceRoutes<Patient>({
    entity: Patient,
    entityType: 'patient',
    path: '/api/v1/patients',
    tag: 'patients',
    names: { one: 'Patient', many: 'Patients' },
    access: { read: ROLE_LEVEL.STAFF, write: ROLE_LEVEL.PX_COORDINATOR },
    schemas: { create: createPatient, update: updatePatient, list: listPatients, view: patientView },
    view: viewPatient,
    normalise: (payload) => (typeof payload.phone === 'string' ? { ...payload, phone: normalisePhone(payload.phone, countryCode) ?? payload.phone } : payload),
    filters: (q) =>
      ({
        $and: [
          q.mrn ? { mrn: q.mrn as string } : {},
          q.nationalId ? { nationalId: q.nationalId as string } : {},
          q.phone ? { phone: { $in: storedPhones(q.phone as string, countryCode) } } : {},
          q.q ? patientSearch(q.q as string, countryCode) : {},
        ],
      }) as FilterQuery<Patient>,
  });
};
