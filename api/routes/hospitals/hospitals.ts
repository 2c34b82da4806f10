import type { FilterQuery } from '@mikro-orm/core';
import { Hospital } from '../../../models/entities';
import { seedHospitalDefaults } from '../../../models/seed';
import { recordAudit } from '../../audit';
import type { AppContext } from '../../context';
import { NotFoundError } from '../../errors';
import { hospitalFilter } from '../../rbac/principal';
import { ROLE_LEVEL } from '../../rbac/roles';
import { defineRoute, type RouteSpec } from '../../routing';
import { idParams, pageOf, pageSchema, type PageQuery } from '../schemaParts';
import { createHospital, hospitalView, listHospitals, updateHospital } from './schema';

export const viewHospital = (h: Hospital) => ({
  id: h.id,
  code: h.code,
  nameEn: h.nameEn,
  nameAr: h.nameAr,
  timezone: h.timezone,
  createdAt: h.createdAt,
  updatedAt: h.updatedAt,
});

function scope(ctx: AppContext): FilterQuery<Hospital> {
  const own = hospitalFilter(ctx.state.principal!);
  return own ? { id: own, deletedAt: null } : { deletedAt: null };
}

async function findVisible(ctx: AppContext, id: string): Promise<Hospital> {
  const hospital = await ctx.state.em.findOne(Hospital, { $and: [scope(ctx), { id }] });
  if (!hospital) throw NotFoundError('hospital');
  return hospital;
}

/** Hospitals: PX admins create and delete them; a hospital admin may rename their own. */
export function hospitalRoutes(): RouteSpec[] {
  return [
    defineRoute<unknown, PageQuery & { code?: string }>({
      method: 'get',
      path: '/api/v1/hospitals',
      operationId: 'listHospitals',
      tag: 'organization',
      summary: 'List hospitals in the caller\'s scope',
      access: ROLE_LEVEL.VIEWER,
      query: listHospitals,
      response: { schema: pageSchema(hospitalView) },
      async handler(ctx, { query }) {
        const where = { $and: [scope(ctx), query.code ? { code: query.code.toUpperCase() } : {}] };
        const [items, total] = await ctx.state.em.findAndCount(Hospital, where, { limit: query.limit, offset: query.offset, orderBy: { code: 'asc' } });
        return pageOf(items.map(viewHospital), total, query);
      },
    }),
    defineRoute<{ id: string }>({
      method: 'get',
      path: '/api/v1/hospitals/{id}',
      operationId: 'getHospital',
      tag: 'organization',
      summary: 'One hospital',
      access: ROLE_LEVEL.VIEWER,
      params: idParams,
      response: { schema: hospitalView },
      handler: async (ctx, { params }) => viewHospital(await findVisible(ctx, params.id)),
    }),
    defineRoute<unknown, unknown, Pick<Hospital, 'code' | 'nameEn' | 'nameAr' | 'timezone'>>({
      method: 'post',
      path: '/api/v1/hospitals',
      operationId: 'createHospital',
      tag: 'organization',
      summary: 'Create a hospital',
      access: ROLE_LEVEL.PX_ADMIN,
      body: createHospital,
      response: { status: 201, schema: hospitalView },
      errors: [409],
      async handler(ctx, { body }) {
        const em = ctx.state.em;
        const hospital = Object.assign(new Hospital(), body);
        em.persist(hospital);
        recordAudit(em, ctx, { action: 'hospital.create', entityType: 'hospital', entityId: hospital.id, hospitalId: hospital.id, after: viewHospital(hospital) });
        await seedHospitalDefaults(em, hospital.id);
        await em.flush();
        return viewHospital(hospital);
      },
    }),
    defineRoute<{ id: string }, unknown, Partial<Hospital>>({
      method: 'patch',
      path: '/api/v1/hospitals/{id}',
      operationId: 'updateHospital',
      tag: 'organization',
      summary: 'Rename a hospital or change its timezone',
      access: ROLE_LEVEL.HOSPITAL_ADMIN,
      params: idParams,
      body: updateHospital,
      response: { schema: hospitalView },
      async handler(ctx, { params, body }) {
        const em = ctx.state.em;
        const hospital = await findVisible(ctx, params.id);
        const before = viewHospital(hospital);
        em.assign(hospital, body);
        recordAudit(em, ctx, { action: 'hospital.update', entityType: 'hospital', entityId: hospital.id, hospitalId: hospital.id, before, after: viewHospital(hospital) });
        await em.flush();
        return viewHospital(hospital);
      },
    }),
    defineRoute<{ id: string }>({
      method: 'delete',
      path: '/api/v1/hospitals/{id}',
      operationId: 'deleteHospital',
      tag: 'organization',
      summary: 'Delete a hospital (kept, hidden)',
      access: ROLE_LEVEL.PX_ADMIN,
      params: idParams,
      response: { status: 204 },
      async handler(ctx, { params }) {
        const em = ctx.state.em;
        const hospital = await findVisible(ctx, params.id);
        hospital.deletedAt = new Date();
        recordAudit(em, ctx, { action: 'hospital.delete', entityType: 'hospital', entityId: hospital.id, hospitalId: hospital.id, before: viewHospital(hospital) });
        await em.flush();
        return undefined;
      },
    }),
  ];
}
