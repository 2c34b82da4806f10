import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Role, User, type Language } from '../../../models/entities';
import { recordAudit } from '../../audit';
import { checkAccountPassword } from '../../auth/passwordPolicy';
import { hashPassword } from '../../auth/passwords';
import { revokeUserSessions } from '../../auth/sessions';
import type { AppContext } from '../../context';
import { ForbiddenError, NotFoundError, ValidationError } from '../../errors';
import { isGroupWide, type Principal } from '../../rbac/principal';
import { ROLE_LEVEL } from '../../rbac/roles';
import { checkDepartment, hospitalForWrite, hospitalFromFilters, hospitalWhere, visibleDepartments } from '../../rbac/scope';
import { defineRoute, type RouteSpec } from '../../routing';
import { idParams, pageOf, pageSchema, type PageQuery } from '../schemaParts';
import { createUser, listUsers, updateUser, userView } from './schema';

interface UserPayload {
  email?: string;
  password?: string;
  fullName?: string;
  role?: string;
  hospitalId?: string | null;
  departmentId?: string | null;
  language?: Language;
  active?: boolean;
  unlock?: boolean;
}

function viewUser(user: User, roles: Map<string, Role>) {
  return {
    id: user.id,
    email: user.email,
    fullName: user.fullName,
    role: roles.get(user.roleId)?.code,
    hospitalId: user.hospitalId ?? null,
    departmentId: user.departmentId ?? null,
    language: user.language,
    active: user.active,
    lockedUntil: user.lockedUntil && user.lockedUntil > new Date() ? user.lockedUntil : null,
    lastLoginAt: user.lastLoginAt ?? null,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}

async function rolesById(em: EntityManager): Promise<Map<string, Role>> {
  return new Map((await em.find(Role, {})).map((r) => [r.id, r]));
}

/** Only a PX admin hands out a level equal to their own; everyone else grants strictly lower levels. */
function mayGrant(principal: Principal, level: number): boolean {
  return principal.level >= ROLE_LEVEL.PX_ADMIN || level < principal.level;
}

async function roleForGrant(em: EntityManager, principal: Principal, code: string): Promise<Role> {
  const role = await em.findOne(Role, { code: code.toUpperCase() });
  if (!role) throw ValidationError([{ field: 'role', message: `is not a role: ${code}` }]);
  if (!mayGrant(principal, role.level)) throw ForbiddenError(`your role may not grant ${role.code}`);
  return role;
}

async function scope(ctx: AppContext): Promise<FilterQuery<User>> {
  const principal = ctx.state.principal!;
  const departments = await visibleDepartments(ctx.state.em, principal);
  return { ...hospitalWhere(principal), deletedAt: null, ...(departments ? { departmentId: { $in: departments } } : {}) };
}

async function findVisible(ctx: AppContext, id: string): Promise<User> {
  const user = await ctx.state.em.findOne(User, { $and: [await scope(ctx), { id }] });
  if (!user) throw NotFoundError('user');
  return user;
}

/** Staff accounts: hospital admins manage their hospital's users, PX admins everyone's. */
export function userRoutes(): RouteSpec[] {
  return [
    defineRoute<unknown, PageQuery & { hospitalId?: string; hospitalCode?: string; role?: string; departmentId?: string; email?: string; active?: boolean }>({
      method: 'get',
      path: '/api/v1/users',
      operationId: 'listUsers',
      tag: 'accounts',
      summary: 'List users in the caller\'s scope',
      access: ROLE_LEVEL.DEPARTMENT_MANAGER,
      query: listUsers,
      response: { schema: pageSchema(userView) },
      async handler(ctx, { query }) {
        const em = ctx.state.em;
        const roles = await rolesById(em);
        const hospitalId = await hospitalFromFilters(em, query);
        if (hospitalId === null) return pageOf([], 0, query);
        const role = query.role ? [...roles.values()].find((r) => r.code === query.role!.toUpperCase()) : undefined;
        if (query.role && !role) return pageOf([], 0, query);
        const where: FilterQuery<User> = {
          $and: [
            await scope(ctx),
            {
              ...(hospitalId ? { hospitalId } : {}),
              ...(role ? { roleId: role.id } : {}),
              ...(query.departmentId ? { departmentId: query.departmentId } : {}),
              ...(query.email ? { email: query.email.toLowerCase() } : {}),
              ...(query.active !== undefined ? { active: query.active } : {}),
            },
          ],
        };
        const [items, total] = await em.findAndCount(User, where, { limit: query.limit, offset: query.offset, orderBy: { email: 'asc' } });
        return pageOf(items.map((u) => viewUser(u, roles)), total, query);
      },
    }),
    defineRoute<{ id: string }>({
      method: 'get',
      path: '/api/v1/users/{id}',
      operationId: 'getUser',
      tag: 'accounts',
      summary: 'One user',
      access: ROLE_LEVEL.DEPARTMENT_MANAGER,
      params: idParams,
      response: { schema: userView },
      handler: async (ctx, { params }) => viewUser(await findVisible(ctx, params.id), await rolesById(ctx.state.em)),
    }),
    defineRoute<unknown, unknown, UserPayload>({
      method: 'post',
      path: '/api/v1/users',
      operationId: 'createUser',
      tag: 'accounts',
      summary: 'Create a user',
      access: ROLE_LEVEL.HOSPITAL_ADMIN,
      body: createUser,
      response: { status: 201, schema: userView },
      errors: [404, 409],
      async handler(ctx, { body }) {
        const em = ctx.state.em;
        const principal = ctx.state.principal!;
        const role = await roleForGrant(em, principal, body.role!);
        // Group-wide accounts are PX admins without a hospital; every other account belongs to one.
        const groupWide = role.level >= ROLE_LEVEL.PX_ADMIN && body.hospitalId === null;
        const hospitalId = groupWide ? null : await hospitalForWrite(em, principal, body.hospitalId ?? undefined);
        if (hospitalId) await checkDepartment(em, principal, hospitalId, body.departmentId);
        await checkAccountPassword(em, body.password!, { email: body.email, fullName: body.fullName, hospitalId });
        const user = Object.assign(new User(), {
          email: body.email!.toLowerCase(),
          passwordHash: await hashPassword(body.password!),
          fullName: body.fullName!,
          roleId: role.id,
          hospitalId,
          departmentId: hospitalId ? (body.departmentId ?? null) : null,
          language: body.language ?? 'en',
        });
        em.persist(user);
        const roles = await rolesById(em);
        recordAudit(em, ctx, { action: 'user.create', entityType: 'user', entityId: user.id, hospitalId, after: viewUser(user, roles) });
        await em.flush();
        return viewUser(user, roles);
      },
    }),
    defineRoute<{ id: string }, unknown, UserPayload>({
      method: 'patch',
      path: '/api/v1/users/{id}',
      operationId: 'updateUser',
      tag: 'accounts',
      summary: 'Change a user: name, role, hospital (group-wide PX admins), department, password, language, active; unlock after lockout',
      access: ROLE_LEVEL.HOSPITAL_ADMIN,
      params: idParams,
      body: updateUser,
      response: { schema: userView },
      async handler(ctx, { params, body }) {
        const em = ctx.state.em;
        const principal = ctx.state.principal!;
        const user = await findVisible(ctx, params.id);
        const roles = await rolesById(em);
        if (user.id !== principal.id && !mayGrant(principal, roles.get(user.roleId)!.level)) throw ForbiddenError('your role may not change this user');
        const before = viewUser(user, roles);
        if (body.role !== undefined) user.roleId = (await roleForGrant(em, principal, body.role)).id;
        if (body.hospitalId !== undefined && body.hospitalId !== (user.hospitalId ?? null)) {
          // Moving an account between hospitals changes what it sees; only someone who sees every hospital may.
          if (!isGroupWide(principal)) throw ForbiddenError('only a group-wide PX admin may move an account to another hospital');
          if (body.hospitalId === null && roles.get(user.roleId)!.level < ROLE_LEVEL.PX_ADMIN) {
            throw ValidationError([{ field: 'hospitalId', message: 'only a PX admin account may be group-wide' }]);
          }
          user.hospitalId = body.hospitalId === null ? null : await hospitalForWrite(em, principal, body.hospitalId);
          if (body.departmentId === undefined) user.departmentId = null;
        }
        if (body.departmentId !== undefined) {
          if (user.hospitalId) await checkDepartment(em, principal, user.hospitalId, body.departmentId);
          user.departmentId = user.hospitalId ? body.departmentId : null;
        }
        if (body.password !== undefined) {
          await checkAccountPassword(em, body.password, { email: user.email, fullName: body.fullName ?? user.fullName, hospitalId: user.hospitalId });
          user.passwordHash = await hashPassword(body.password);
        }
        if (body.fullName !== undefined) user.fullName = body.fullName;
        if (body.language !== undefined) user.language = body.language;
        const deactivated = user.active && body.active === false;
        if (body.active !== undefined) user.active = body.active;
        // A reset password or a deactivated account ends every session, the admin's own excepted;
        // reactivating later starts from nothing: revoked sessions never come back.
        if (body.password !== undefined || deactivated) {
          await revokeUserSessions(em, user.id, deactivated ? 'deactivated' : 'password_reset', user.id === principal.id ? (principal.sessionId ?? undefined) : undefined);
        }
        if (body.unlock) {
          user.lockedUntil = null;
          user.failedLoginCount = 0;
        }
        recordAudit(em, ctx, {
          action: 'user.update',
          entityType: 'user',
          entityId: user.id,
          hospitalId: user.hospitalId,
          before,
          after: { ...viewUser(user, roles), ...(body.password ? { passwordChanged: true } : {}) },
        });
        await em.flush();
        return viewUser(user, roles);
      },
    }),
    defineRoute<{ id: string }>({
      method: 'delete',
      path: '/api/v1/users/{id}',
      operationId: 'deleteUser',
      tag: 'accounts',
      summary: 'Delete a user (sign-in stops; the record is kept for the audit trail)',
      access: ROLE_LEVEL.HOSPITAL_ADMIN,
      params: idParams,
      response: { status: 204 },
      async handler(ctx, { params }) {
        const em = ctx.state.em;
        const principal = ctx.state.principal!;
        const user = await findVisible(ctx, params.id);
        const roles = await rolesById(em);
        if (user.id === principal.id) throw ForbiddenError('you cannot delete your own account');
        if (!mayGrant(principal, roles.get(user.roleId)!.level)) throw ForbiddenError('your role may not delete this user');
        user.deletedAt = new Date();
        user.active = false;
        await revokeUserSessions(em, user.id, 'deleted');
        recordAudit(em, ctx, { action: 'user.delete', entityType: 'user', entityId: user.id, hospitalId: user.hospitalId, before: viewUser(user, roles) });
        await em.flush();
        return undefined;
      },
    }),
  ];
}
