/**
 * The eight built-in roles. Permissions compare levels: a route names the lowest level allowed,
 * so a custom role created through the API slots in by its level.
 */
export const ROLE_LEVEL = {
  PX_ADMIN: 100,
  HOSPITAL_ADMIN: 80,
  DEPARTMENT_MANAGER: 60,
  PX_COORDINATOR: 50,
  PHYSICIAN: 40,
  NURSE: 30,
  STAFF: 20,
  VIEWER: 10,
} as const;

export type BuiltInRole = keyof typeof ROLE_LEVEL;

export const BUILT_IN_ROLES: { code: BuiltInRole; level: number; nameEn: string; nameAr: string }[] = [
  { code: 'PX_ADMIN', level: 100, nameEn: 'PX Administrator', nameAr: 'مدير تجربة المريض' },
  { code: 'HOSPITAL_ADMIN', level: 80, nameEn: 'Hospital Administrator', nameAr: 'مدير المستشفى' },
  { code: 'DEPARTMENT_MANAGER', level: 60, nameEn: 'Department Manager', nameAr: 'مدير القسم' },
  { code: 'PX_COORDINATOR', level: 50, nameEn: 'PX Coordinator', nameAr: 'منسق تجربة المريض' },
  { code: 'PHYSICIAN', level: 40, nameEn: 'Physician', nameAr: 'طبيب' },
  { code: 'NURSE', level: 30, nameEn: 'Nurse', nameAr: 'ممرض' },
  { code: 'STAFF', level: 20, nameEn: 'Staff', nameAr: 'موظف' },
  { code: 'VIEWER', level: 10, nameEn: 'Viewer', nameAr: 'مشاهد' },
];
