/** Reference data many screens name: hospitals (and their time zones), departments, users. */
import { useQuery } from '@tanstack/react-query';
import { get, type Page } from './api';
import { useAuth } from './auth';
import { DEFAULT_TIME_ZONE } from './dates';
import { currentLanguage } from './i18n';
import { LEVEL } from './roles';

export interface Hospital {
  id: string;
  code: string;
  nameEn: string;
  nameAr: string;
  timezone: string;
}

export interface Department {
  id: string;
  hospitalId: string;
  parentId: string | null;
  code: string;
  nameEn: string;
  nameAr: string;
}

export interface UserSummary {
  id: string;
  email: string;
  fullName: string;
  role: string;
  hospitalId: string | null;
  departmentId: string | null;
  language: 'ar' | 'en';
  active: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
}

const LONG = 5 * 60_000;

export function useHospitals() {
  const { status } = useAuth();
  return useQuery({ queryKey: ['hospitals'], queryFn: () => get<Page<Hospital>>('/hospitals', { limit: 200 }), staleTime: LONG, enabled: status === 'signedIn' });
}

export function useTimeZone(hospitalId?: string | null): string {
  const hospitals = useHospitals();
  const items = hospitals.data?.items ?? [];
  const hospital = items.find((h) => h.id === hospitalId) ?? (items.length === 1 ? items[0] : undefined);
  return hospital?.timezone ?? DEFAULT_TIME_ZONE;
}

export function useDepartments(hospitalId?: string | null) {
  return useQuery({
    queryKey: ['departments', hospitalId ?? 'all'],
    queryFn: () => get<Page<Department>>('/departments', { limit: 200, hospitalId: hospitalId ?? undefined }),
    staleTime: LONG,
  });
}

interface EmployeeAccount {
  userId: string | null;
  fullNameEn: string;
  fullNameAr: string | null;
  departmentId: string | null;
  hospitalId: string;
}

/**
 * People of the caller's scope, for names and assignment: the users list for roles that may read
 * it (department manager and above), otherwise the employees that have an account.
 */
export function useUsers(hospitalId?: string | null) {
  const { me } = useAuth();
  const mayListUsers = (me?.level ?? 0) >= LEVEL.DEPARTMENT_MANAGER;
  return useQuery({
    queryKey: ['users', hospitalId ?? 'all', mayListUsers],
    queryFn: async (): Promise<Page<UserSummary>> => {
      if (mayListUsers) return get<Page<UserSummary>>('/users', { limit: 200, active: true, hospitalId: hospitalId ?? undefined });
      const employees = await get<Page<EmployeeAccount>>('/employees', { limit: 200, hospitalId: hospitalId ?? undefined });
      const items = employees.items
        .filter((e) => e.userId)
        .map((e): UserSummary => ({ id: e.userId!, email: '', fullName: (currentLanguage() === 'ar' ? e.fullNameAr || e.fullNameEn : e.fullNameEn) ?? '', role: '', hospitalId: e.hospitalId, departmentId: e.departmentId, language: 'ar', active: true, lockedUntil: null, lastLoginAt: null }));
      return { items, total: items.length, limit: 200, offset: 0 };
    },
    staleTime: LONG,
    enabled: Boolean(me),
  });
}

export const nameOf = (row: { nameEn: string; nameAr: string } | undefined) => (row ? (currentLanguage() === 'ar' ? row.nameAr || row.nameEn : row.nameEn || row.nameAr) : '');

/** A user's name when the caller may list users; "me" for the caller; else a short id. */
export function useUserName() {
  const { me } = useAuth();
  const users = useUsers();
  return (id: string | null | undefined, meLabel: string) => {
    if (!id) return null;
    if (id === me?.id) return meLabel;
    return users.data?.items.find((u) => u.id === id)?.fullName ?? `#${id.slice(0, 8)}`;
  };
}
