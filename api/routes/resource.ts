import type { EntityClass, FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { SoftDeletable } from '../../models/entities';
import { recordAudit } from '../audit';
import type { AppContext } from '../context';
import { NotFoundError } from '../errors';
import type { Principal } from '../rbac/principal';
import { hospitalForWrite, hospitalFromFilters, hospitalWhere, visibleDepartments } from '../rbac/scope';
import { defineRoute, type RouteSpec } from '../routing';
import { idParams, pageOf, pageSchema, type PageQuery } from './schemaParts';

interface HospitalOwned extends SoftDeletable {
  hospitalId: string;
}

type Payload = Record<string, unknown> & { hospitalId?: string };

/**
 * The CRUD endpoints of a record that belongs to one hospital (departments, physicians, patients):
 * every query is confined to the caller's hospital (and department subtree where that applies),
 * records outside it answer 404, every change is audited with before/after, and delete is soft.
 */
export interface HospitalResource<E extends HospitalOwned> {
  entity: EntityClass<E>;
  entityType: string;
  path: string;
  tag: string;
  /** The record's name in operationIds: `{ one: 'Department', many: 'Departments' }` gives listDepartments, getDepartment, createDepartment… */
  names: { one: string; many: string };
  access: { read: number; write: number };
  schemas: { create: object; update: object; list: object; view: object };
  view(record: E): object;
  /** List filters beyond paging and hospital. */
  filters?(query: Record<string, unknown>): FilterQuery<E>;
  /** Confines department-bound callers to rows of these departments. */
  departmentScope?(departmentIds: string[]): FilterQuery<E>;
  /** Checks references a payload makes (same-hospital departments, tree cycles …); throws 400. */
  checkPayload?(em: EntityManager, principal: Principal, hospitalId: string, payload: Payload, existing?: E): Promise<void>;
  /** A valid payload in the form it is stored in (a patient's phone number in international form). */
  normalise?(payload: Payload): Payload;
}

export function hospitalResourceRoutes<E extends HospitalOwned>(resource: HospitalResource<E>): RouteSpec[] {
  const { entity, entityType, path, tag, access, schemas, names } = resource;
  const label = entityType.replace(/_/g, ' ');

  async function scope(ctx: AppContext): Promise<FilterQuery<E>> {
    const principal = ctx.state.principal!;
    const where: Record<string, unknown> = { ...hospitalWhere(principal), deletedAt: null };
    const departments = resource.departmentScope ? await visibleDepartments(ctx.state.em, principal) : undefined;
    return (departments ? { $and: [where, resource.departmentScope!(departments)] } : where) as FilterQuery<E>;
  }

  async function findVisible(ctx: AppContext, id: string): Promise<E> {
    const found = await ctx.state.em.findOne(entity, { $and: [await scope(ctx), { id }] } as FilterQuery<E>);
    if (!found) throw NotFoundError(label);
    return found;
  }

  return [
    defineRoute<unknown, PageQuery & Record<string, unknown>>({
      method: 'get',
      path,
      operationId: `list${names.many}`,
      tag,
      summary: `List ${label}s in the caller's scope`,
      access: access.read,
      query: schemas.list,
      response: { schema: pageSchema(schemas.view) },
      async handler(ctx, { query }) {
        const hospitalId = await hospitalFromFilters(ctx.state.em, query as { hospitalId?: string; hospitalCode?: string });
        if (hospitalId === null) return pageOf([], 0, query);
        const where = { $and: [await scope(ctx), hospitalId ? { hospitalId } : {}, resource.filters?.(query) ?? {}] } as FilterQuery<E>;
        const [items, total] = await ctx.state.em.findAndCount(entity, where, {
          limit: query.limit,
          offset: query.offset,
          orderBy: { createdAt: 'asc', id: 'asc' } as never,
        });
        return pageOf(items.map(resource.view), total, query);
      },
    }),
    defineRoute<{ id: string }>({
      method: 'get',
      path: `${path}/{id}`,
      operationId: `get${names.one}`,
      tag,
      summary: `One ${label}`,
      access: access.read,
      params: idParams,
      response: { schema: schemas.view },
      async handler(ctx, { params }) {
        return resource.view(await findVisible(ctx, params.id));
      },
    }),
    defineRoute<unknown, unknown, Payload>({
      method: 'post',
      path,
      operationId: `create${names.one}`,
      tag,
      summary: `Create a ${label}`,
      access: access.write,
      body: schemas.create,
      response: { status: 201, schema: schemas.view },
      // 404: a hospital outside the caller's scope.
      errors: [404, 409],
      async handler(ctx, { body: posted }) {
        const em = ctx.state.em;
        const body = resource.normalise?.(posted) ?? posted;
        const principal = ctx.state.principal!;
        const hospitalId = await hospitalForWrite(em, principal, body.hospitalId);
        await resource.checkPayload?.(em, principal, hospitalId, body);
        const record = em.create(entity, { ...body, hospitalId } as never);
        recordAudit(em, ctx, { action: `${entityType}.create`, entityType, entityId: record.id, hospitalId, after: resource.view(record) });
        await em.flush();
        return resource.view(record);
      },
    }),
    defineRoute<{ id: string }, unknown, Payload>({
      method: 'patch',
      path: `${path}/{id}`,
      operationId: `update${names.one}`,
      tag,
      summary: `Change a ${label}`,
      access: access.write,
      params: idParams,
      body: schemas.update,
      response: { schema: schemas.view },
      errors: [409],
      async handler(ctx, { params, body: posted }) {
        const em = ctx.state.em;
        const body = resource.normalise?.(posted) ?? posted;
        const record = await findVisible(ctx, params.id);
        await resource.checkPayload?.(em, ctx.state.principal!, record.hospitalId, body, record);
        const before = resource.view(record);
        em.assign(record, body as never);
        recordAudit(em, ctx, { action: `${entityType}.update`, entityType, entityId: record.id, hospitalId: record.hospitalId, before, after: resource.view(record) });
        await em.flush();
        return resource.view(record);
      },
    }),
    defineRoute<{ id: string }>({
      method: 'delete',
      path: `${path}/{id}`,
      operationId: `delete${names.one}`,
      tag,
      summary: `Delete a ${label} (kept, hidden, restorable by an administrator)`,
      access: access.write,
      params: idParams,
      response: { status: 204 },
      async handler(ctx, { params }) {
        const em = ctx.state.em;
        const record = await findVisible(ctx, params.id);
        const before = resource.view(record);
        record.deletedAt = new Date();
        recordAudit(em, ctx, { action: `${entityType}.delete`, entityType, entityId: record.id, hospitalId: record.hospitalId, before });
        await em.flush();
        return undefined;
      },
    }),
  ];
}
