import { ROLE_LEVEL } from './roles';

/** Who is calling: loaded from the database on every request, so role changes apply at once. */
export interface Principal {
  id: string;
  email: string;
  fullName: string;
  roleCode: string;
  level: number;
  hospitalId: string | null;
  departmentId: string | null;
  /** The language the console and emails use for them (absent for principals built by hand). */
  language?: 'ar' | 'en';
  /** The sign-in (refresh-token family) the access token came from, when it names one. */
  sessionId?: string | null;
}

/** Group-wide callers see every hospital; everyone else is confined to their own. */
export function isGroupWide(principal: Principal): boolean {
  return principal.hospitalId === null && principal.level >= ROLE_LEVEL.PX_ADMIN;
}

/** Below hospital-admin level, a caller tied to a department sees only that department's people and units. */
export function isDepartmentBound(principal: Principal): boolean {
  return principal.departmentId !== null && principal.level < ROLE_LEVEL.HOSPITAL_ADMIN;
}

/** The hospital filter every query of hospital-owned rows applies (undefined: no restriction). */
export function hospitalFilter(principal: Principal): string | undefined {
  return isGroupWide(principal) ? undefined : (principal.hospitalId ?? '00000000-0000-0000-0000-000000000000');
}

export function canSeeHospital(principal: Principal, hospitalId: string | null | undefined): boolean {
  return isGroupWide(principal) || (!!hospitalId && principal.hospitalId === hospitalId);
}
