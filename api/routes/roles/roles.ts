import { Role, User } from '../../../models/entities';
import { recordAudit } from '../../audit';
import type { AppContext } from '../../context';
import { ConflictError, NotFoundError, ValidationError } from '../../errors';
import { ROLE_LEVEL } from '../../rbac/roles';
import { defineRoute, type RouteSpec } from '../../routing';
import { answerObject, idParams, listSchema, recordViewProperties } from '../schemaParts';

const names = {
  nameEn: { type: 'string', minLength: 1, maxLength: 120 },
  nameAr: { type: 'string', minLength: 1, maxLength: 120 },
} as const;
const level = { type: 'integer', minimum: 1, maximum: 99, description: 'permissions compare levels; 100 is reserved for PX_ADMIN' } as const;

const createRole = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'level', 'nameEn', 'nameAr'],
  properties: { code: { type: 'string', pattern: '^[A-Z][A-Z0-9_]{1,39}$' }, level, ...names },
} as const;
const updateRole = { type: 'object', additionalProperties: false, minProperties: 1, properties: { level, ...names } } as const;
const roleView = answerObject({
  ...recordViewProperties,
  code: { type: 'string' },
  level: { type: 'integer' },
  system: { type: 'boolean', description: 'one of the eight built-in roles' },
  ...names,
});

const viewRole = (r: Role) => ({ id: r.id, code: r.code, level: r.level, nameEn: r.nameEn, nameAr: r.nameAr, system: r.system, createdAt: r.createdAt, updatedAt: r.updatedAt });

async function findRole(ctx: AppContext, id: string): Promise<Role> {
  const role = await ctx.state.em.findOne(Role, { id });
  if (!role) throw NotFoundError('role');
  return role;
}

/** The eight built-in roles are fixed; PX admins may add roles at levels between them and rename any. */
export function roleRoutes(): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/roles',
      operationId: 'listRoles',
      tag: 'accounts',
      summary: 'List roles, highest level first',
      access: ROLE_LEVEL.VIEWER,
      response: { schema: listSchema(roleView) },
      async handler(ctx) {
        const roles = await ctx.state.em.find(Role, {}, { orderBy: { level: 'desc', code: 'asc' } });
        return { items: roles.map(viewRole), total: roles.length };
      },
    }),
    defineRoute<{ id: string }>({
      method: 'get',
      path: '/api/v1/roles/{id}',
      operationId: 'getRole',
      tag: 'accounts',
      summary: 'One role',
      access: ROLE_LEVEL.VIEWER,
      params: idParams,
      response: { schema: roleView },
      handler: async (ctx, { params }) => viewRole(await findRole(ctx, params.id)),
    }),
    defineRoute<unknown, unknown, { code: string; level: number; nameEn: string; nameAr: string }>({
      method: 'post',
      path: '/api/v1/roles',
      operationId: 'createRole',
      tag: 'accounts',
      summary: 'Create a custom role',
      access: ROLE_LEVEL.PX_ADMIN,
      body: createRole,
      response: { status: 201, schema: roleView },
      errors: [409],
      async handler(ctx, { body }) {
        const em = ctx.state.em;
        const role = Object.assign(new Role(), body, { system: false });
        em.persist(role);
        recordAudit(em, ctx, { action: 'role.create', entityType: 'role', entityId: role.id, after: viewRole(role) });
        await em.flush();
        return viewRole(role);
      },
    }),
    defineRoute<{ id: string }, unknown, { level?: number; nameEn?: string; nameAr?: string }>({
      method: 'patch',
      path: '/api/v1/roles/{id}',
      operationId: 'updateRole',
      tag: 'accounts',
      summary: 'Rename a role, or change a custom role\'s level',
      access: ROLE_LEVEL.PX_ADMIN,
      params: idParams,
      body: updateRole,
      response: { schema: roleView },
      async handler(ctx, { params, body }) {
        const em = ctx.state.em;
        const role = await findRole(ctx, params.id);
        if (role.system && body.level !== undefined && body.level !== role.level) {
          throw ValidationError([{ field: 'level', message: 'a built-in role keeps its level' }]);
        }
        const before = viewRole(role);
        em.assign(role, body);
        recordAudit(em, ctx, { action: 'role.update', entityType: 'role', entityId: role.id, before, after: viewRole(role) });
        await em.flush();
        return viewRole(role);
      },
    }),
    defineRoute<{ id: string }>({
      method: 'delete',
      path: '/api/v1/roles/{id}',
      operationId: 'deleteRole',
      tag: 'accounts',
      summary: 'Delete a custom role no account has ever held',
      access: ROLE_LEVEL.PX_ADMIN,
      params: idParams,
      response: { status: 204 },
      errors: [409],
      async handler(ctx, { params }) {
        const em = ctx.state.em;
        const role = await findRole(ctx, params.id);
        if (role.system) throw ConflictError('built-in roles cannot be deleted');
        // Deleted accounts count too: they keep their role for the audit trail.
        if ((await em.count(User, { roleId: role.id })) > 0) throw ConflictError('the role is held by users (deleted accounts included)');
        recordAudit(em, ctx, { action: 'role.delete', entityType: 'role', entityId: role.id, before: viewRole(role) });
        em.remove(role);
        await em.flush();
        return undefined;
      },
    }),
  ];
}
