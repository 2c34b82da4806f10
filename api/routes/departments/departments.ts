import { Department } from '../../../models/entities';
import { ValidationError } from '../../errors';
import { ROLE_LEVEL } from '../../rbac/roles';
import { checkDepartment, departmentSubtree } from '../../rbac/scope';
import { hospitalResourceRoutes } from '../resource';
import { createDepartment, departmentView, listDepartments, updateDepartment } from './schema';

export const viewDepartment = (d: Department) => ({
  id: d.id,
  hospitalId: d.hospitalId,
  parentId: d.parentId ?? null,
  code: d.code,
  nameEn: d.nameEn,
  nameAr: d.nameAr,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
});

export const departmentRoutes = () =>
  hospitalResourceRoutes<Department>({
    entity: Department,
    entityType: 'department',
    path: '/api/v1/departments',
    tag: 'organization',
    names: { one: 'Department', many: 'Departments' },
    access: { read: ROLE_LEVEL.VIEWER, write: ROLE_LEVEL.HOSPITAL_ADMIN },
    schemas: { create: createDepartment, update: updateDepartment, list: listDepartments, view: departmentView },
    view: viewDepartment,
    filters: (q) => ({ ...(q.parentId ? { parentId: q.parentId as string } : {}), ...(q.code ? { code: q.code as string } : {}) }),
    departmentScope: (ids) => ({ id: { $in: ids } }),
    async checkPayload(em, principal, hospitalId, payload, existing) {
      const parentId = payload.parentId as string | null | undefined;
      await checkDepartment(em, principal, hospitalId, parentId, 'parentId');
      if (existing && parentId && (await departmentSubtree(em, existing.id)).includes(parentId)) {
        throw ValidationError([{ field: 'parentId', message: 'would make the department its own ancestor' }]);
      }
    },
  });
