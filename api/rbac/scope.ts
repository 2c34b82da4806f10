import type { EntityManager } from '@mikro-orm/postgresql';
import { Department, Hospital, User } from '../../models/entities';
import { NotFoundError, ValidationError } from '../errors';
import { canSeeHospital, hospitalFilter, isDepartmentBound, type Principal } from './principal';

/** A department and everything below it in the tree. */
export async function departmentSubtree(em: EntityManager, departmentId: string): Promise<string[]> {
  const rows: { id: string }[] = await em.getConnection().execute(
    `with recursive tree as (
       select id from department where id = ? and deleted_at is null
       union all
       select d.id from department d join tree t on d.parent_id = t.id where d.deleted_at is null
     ) select id from tree`,
    [departmentId],
  );
  return rows.map((r) => r.id);
}

/** The departments a department-bound caller may see, or undefined when not department-bound. */
export async function visibleDepartments(em: EntityManager, principal: Principal): Promise<string[] | undefined> {
  return isDepartmentBound(principal) ? departmentSubtree(em, principal.departmentId!) : undefined;
}

/** `{ hospitalId }` for callers confined to a hospital, `{}` for group-wide ones. */
export function hospitalWhere(principal: Principal): { hospitalId?: string } {
  const hospitalId = hospitalFilter(principal);
  return hospitalId ? { hospitalId } : {};
}

/** Turns `hospitalId` / `hospitalCode` list filters into a hospital id; unknown or out of scope finds nothing. */
export async function hospitalFromFilters(em: EntityManager, query: { hospitalId?: string; hospitalCode?: string }): Promise<string | undefined | null> {
  if (query.hospitalCode) {
    const hospital = await em.findOne(Hospital, { code: query.hospitalCode.toUpperCase(), deletedAt: null });
    if (!hospital) return null;
    if (query.hospitalId && query.hospitalId !== hospital.id) return null;
    return hospital.id;
  }
  return query.hospitalId;
}

/**
 * The hospital a new record belongs to: the one asked for if the caller may write there, else the
 * caller's own. A hospital outside the caller's scope is "not found", never "forbidden".
 */
export async function hospitalForWrite(em: EntityManager, principal: Principal, requested?: string): Promise<string> {
  const hospitalId = requested ?? principal.hospitalId ?? undefined;
  if (!hospitalId) throw ValidationError([{ field: 'hospitalId', message: 'is required' }]);
  if (!canSeeHospital(principal, hospitalId)) throw NotFoundError('hospital');
  const hospital = await em.findOne(Hospital, { id: hospitalId, deletedAt: null });
  if (!hospital) throw NotFoundError('hospital');
  return hospital.id;
}

/** A department referenced by a record must exist in the same hospital (and in the caller's subtree). */
export async function checkDepartment(em: EntityManager, principal: Principal, hospitalId: string, departmentId: string | null | undefined, field = 'departmentId'): Promise<void> {
  if (!departmentId) return;
  const department = await em.findOne(Department, { id: departmentId, hospitalId, deletedAt: null });
  const visible = await visibleDepartments(em, principal);
  if (!department || (visible && !visible.includes(department.id))) {
    throw ValidationError([{ field, message: 'must be a department of the same hospital' }]);
  }
}

/** A user referenced by a record (an employee's or physician's account, a project's owner) must be one of the same hospital. */
export async function checkHospitalUser(em: EntityManager, hospitalId: string, userId: string | null | undefined, field: string): Promise<void> {
  if (userId && !(await em.findOne(User, { id: userId, hospitalId, deletedAt: null }))) {
    throw ValidationError([{ field, message: 'must be a user of the same hospital' }]);
  }
}
