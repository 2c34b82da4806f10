import { Physician } from '../../../models/entities';
import { ROLE_LEVEL } from '../../rbac/roles';
import { checkDepartment, checkHospitalUser } from '../../rbac/scope';
import { hospitalResourceRoutes } from '../resource';
import { createPhysician, listPhysicians, physicianView, updatePhysician } from './schema';

export const viewPhysician = (p: Physician) => ({
  id: p.id,
  hospitalId: p.hospitalId,
  departmentId: p.departmentId ?? null,
  licenseNo: p.licenseNo,
  fullNameEn: p.fullNameEn,
  fullNameAr: p.fullNameAr ?? null,
  specialty: p.specialty ?? null,
  userId: p.userId ?? null,
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
});

export const physicianRoutes = () =>
  hospitalResourceRoutes<Physician>({
    entity: Physician,
    entityType: 'physician',
    path: '/api/v1/physicians',
    tag: 'organization',
    names: { one: 'Physician', many: 'Physicians' },
    access: { read: ROLE_LEVEL.VIEWER, write: ROLE_LEVEL.HOSPITAL_ADMIN },
    schemas: { create: createPhysician, update: updatePhysician, list: listPhysicians, view: physicianView },
    view: viewPhysician,
    filters: (q) => ({
      ...(q.departmentId ? { departmentId: q.departmentId as string } : {}),
      ...(q.licenseNo ? { licenseNo: q.licenseNo as string } : {}),
      ...(q.specialty ? { specialty: q.specialty as string } : {}),
    }),
    departmentScope: (ids) => ({ departmentId: { $in: ids } }),
    checkPayload: async (em, principal, hospitalId, payload) => {
      await checkDepartment(em, principal, hospitalId, payload.departmentId as string | null);
      await checkHospitalUser(em, hospitalId, payload.userId as string | null | undefined, 'userId');
    },
  });
