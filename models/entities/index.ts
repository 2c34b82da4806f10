export * from './base';
export * from './organizations';
export * from './accounts';
export * from './audit';

import { DepartmentSchema, EmployeeSchema, HospitalSchema, PatientSchema, PhysicianSchema } from './organizations';
import { RefreshTokenSchema, RoleSchema, UserSchema } from './accounts';
import { AuditEventSchema } from './audit';

export const entities = [
  HospitalSchema,
  DepartmentSchema,
  PhysicianSchema,
  EmployeeSchema,
  PatientSchema,
  RoleSchema,
  UserSchema,
  RefreshTokenSchema,
  AuditEventSchema,
];
