import type { EntityManager } from '@mikro-orm/postgresql';
import { Employee } from '../../../models/entities';
import type { Principal } from '../../rbac/principal';
import { ROLE_LEVEL } from '../../rbac/roles';
import { checkDepartment, checkHospitalUser } from '../../rbac/scope';
import { hospitalResourceRoutes } from '../resource';
import { createEmployee, employeeView, listEmployees, updateEmployee } from './schema';

export const viewEmployee = (e: Employee) => ({
  id: e.id,
  hospitalId: e.hospitalId,
  departmentId: e.departmentId ?? null,
  employeeNo: e.employeeNo,
  fullNameEn: e.fullNameEn,
  fullNameAr: e.fullNameAr ?? null,
  jobTitle: e.jobTitle ?? null,
  userId: e.userId ?? null,
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
});

/** An employee's department is one of their hospital's; their account, if named, is a user of it too. */
async function checkEmployee(em: EntityManager, principal: Principal, hospitalId: string, payload: Record<string, unknown>): Promise<void> {
  await checkDepartment(em, principal, hospitalId, payload.departmentId as string | null | undefined);
  await checkHospitalUser(em, hospitalId, payload.userId as string | null | undefined, 'userId');
}

/** Hospital staff records (the people complaints and ratings are about): viewers read, hospital admins change. */
export const employeeRoutes = () =>
  hospitalResourceRoutes<Employee>({
    entity: Employee,
    entityType: 'employee',
    path: '/api/v1/employees',
    tag: 'organization',
    names: { one: 'Employee', many: 'Employees' },
    access: { read: ROLE_LEVEL.VIEWER, write: ROLE_LEVEL.HOSPITAL_ADMIN },
    schemas: { create: createEmployee, update: updateEmployee, list: listEmployees, view: employeeView },
    view: viewEmployee,
    filters: (q) => ({
      ...(q.departmentId ? { departmentId: q.departmentId as string } : {}),
      ...(q.employeeNo ? { employeeNo: q.employeeNo as string } : {}),
      ...(q.userId ? { userId: q.userId as string } : {}),
    }),
    departmentScope: (ids) => ({ departmentId: { $in: ids } }),
    checkPayload: checkEmployee,
  });
