import { Patient } from '../../../models/entities';
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

/** Patients are PHI: staff and clinicians read them, PX coordinators and above change them. */
export const patientRoutes = () =>
  hospitalResourceRoutes<Patient>({
    entity: Patient,
    entityType: 'patient',
    path: '/api/v1/patients',
    tag: 'patients',
    access: { read: ROLE_LEVEL.STAFF, write: ROLE_LEVEL.PX_COORDINATOR },
    schemas: { create: createPatient, update: updatePatient, list: listPatients, view: patientView },
    view: viewPatient,
    filters: (q) => ({
      ...(q.mrn ? { mrn: q.mrn as string } : {}),
      ...(q.nationalId ? { nationalId: q.nationalId as string } : {}),
      ...(q.phone ? { phone: q.phone as string } : {}),
    }),
  });
