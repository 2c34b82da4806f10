import { randomBytes } from 'node:crypto';
import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { IntegrationSource, type Hl7CharsetName, type IntakeChannel } from '../../../models/entities';
import { recordAudit } from '../../audit';
import { sha256 } from '../../auth/tokens';
import type { AppContext } from '../../context';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors';
import { hospitalFilter, isGroupWide, type Principal } from '../../rbac/principal';
import { ROLE_LEVEL } from '../../rbac/roles';
import { hospitalForWrite } from '../../rbac/scope';
import { defineRoute, type RouteSpec } from '../../routing';
import { idParams, pageOf, pageSchema, type PageQuery } from '../schemaParts';
import { createSource, listSources, sourceView, sourceWithKeyView, sourceWithNewKeyView, updateSource } from './schema';

interface SourcePayload {
  code?: string;
  name?: string;
  type?: IntakeChannel;
  hospitalId?: string | null;
  sendingApplication?: string | null;
  defaultCharset?: Hl7CharsetName;
  active?: boolean;
}

type SourceQuery = PageQuery & { code?: string; type?: IntakeChannel; hospitalId?: string; active?: boolean };

export const viewSource = (s: IntegrationSource) => ({
  id: s.id,
  code: s.code,
  name: s.name,
  type: s.type,
  hospitalId: s.hospitalId ?? null,
  sendingApplication: s.sendingApplication ?? null,
  defaultCharset: s.defaultCharset,
  apiKeyPrefix: s.apiKeyPrefix ?? null,
  active: s.active,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
});

/** MLLP senders are recognised by MSH-3; FHIR and REST callers by an API key. */
const usesApiKey = (type: IntakeChannel) => type !== 'mllp';

/** A fresh key on the source; only its hash and a short prefix are stored, the key itself is returned once. */
function issueApiKey(source: IntegrationSource): string {
  const key = `px_${randomBytes(32).toString('base64url')}`;
  source.apiKeyHash = sha256(key);
  source.apiKeyPrefix = key.slice(0, 8);
  return key;
}

/** A hospital admin sees their hospital's sources and the group-wide ones, which feed every hospital. */
export function sourceScope(principal: Principal): FilterQuery<IntegrationSource> {
  const own = hospitalFilter(principal);
  return own ? { deletedAt: null, $or: [{ hospitalId: own }, { hospitalId: null }] } : { deletedAt: null };
}

async function findVisible(ctx: AppContext, id: string): Promise<IntegrationSource> {
  const source = await ctx.state.em.findOne(IntegrationSource, { $and: [sourceScope(ctx.state.principal!), { id }] });
  if (!source) throw NotFoundError('integration source');
  return source;
}

/** Group-wide sources are read-only to anyone who is not group-wide themselves. */
async function findWritable(ctx: AppContext, id: string): Promise<IntegrationSource> {
  const source = await findVisible(ctx, id);
  if (!source.hospitalId && !isGroupWide(ctx.state.principal!)) throw ForbiddenError('group-wide sources are read-only for you');
  return source;
}

async function hospitalOf(em: EntityManager, principal: Principal, requested: string | null | undefined): Promise<string | null> {
  if (requested) return hospitalForWrite(em, principal, requested);
  if (isGroupWide(principal)) return null;
  if (requested === null) throw ForbiddenError('only group-wide administrators manage group-wide sources');
  return hospitalForWrite(em, principal);
}

/**
 * Intake picks an MLLP source by its MSH-3, case-insensitively, so two live sources claiming the
 * same one would make the choice arbitrary.
 */
async function checkPayload(em: EntityManager, type: IntakeChannel, sendingApplication: string | null | undefined, exceptId?: string): Promise<void> {
  if (!sendingApplication) return;
  if (type !== 'mllp') throw ValidationError([{ field: 'sendingApplication', message: 'applies only to mllp sources' }]);
  const others = await em.find(IntegrationSource, { deletedAt: null, type: 'mllp', sendingApplication: { $ne: null }, ...(exceptId ? { id: { $ne: exceptId } } : {}) });
  const clash = others.find((s) => s.sendingApplication!.toUpperCase() === sendingApplication.toUpperCase());
  if (clash) throw ConflictError(`source ${clash.code} already sends as ${clash.sendingApplication}`);
}

/** Systems that send us events; PX admins manage them, hospital admins see theirs and the group-wide ones. */
export function integrationSourceRoutes(): RouteSpec[] {
  return [
    defineRoute<unknown, SourceQuery>({
      method: 'get',
      path: '/api/v1/integration/sources',
      operationId: 'listIntegrationSources',
      tag: 'integration',
      summary: 'List integration sources in the caller\'s scope',
      access: ROLE_LEVEL.HOSPITAL_ADMIN,
      query: listSources,
      response: { schema: pageSchema(sourceView) },
      async handler(ctx, { query }) {
        const filters: FilterQuery<IntegrationSource> = {
          ...(query.code ? { code: query.code.toUpperCase() } : {}),
          ...(query.type ? { type: query.type } : {}),
          ...(query.hospitalId ? { hospitalId: query.hospitalId } : {}),
          ...(query.active !== undefined ? { active: query.active } : {}),
        };
        const [items, total] = await ctx.state.em.findAndCount(IntegrationSource, { $and: [sourceScope(ctx.state.principal!), filters] }, {
          limit: query.limit,
          offset: query.offset,
          orderBy: { code: 'asc' },
        });
        return pageOf(items.map(viewSource), total, query);
      },
    }),
    defineRoute<{ id: string }>({
      method: 'get',
      path: '/api/v1/integration/sources/{id}',
      operationId: 'getIntegrationSource',
      tag: 'integration',
      summary: 'One integration source (its API key is never shown again; apiKeyPrefix tells keys apart)',
      access: ROLE_LEVEL.HOSPITAL_ADMIN,
      params: idParams,
      response: { schema: sourceView },
      handler: async (ctx, { params }) => viewSource(await findVisible(ctx, params.id)),
    }),
    defineRoute<unknown, unknown, SourcePayload>({
      method: 'post',
      path: '/api/v1/integration/sources',
      operationId: 'createIntegrationSource',
      tag: 'integration',
      summary: 'Register a source; a FHIR or REST source gets an API key, returned this once',
      access: ROLE_LEVEL.PX_ADMIN,
      body: createSource,
      response: { status: 201, schema: sourceWithKeyView },
      errors: [404, 409],
      async handler(ctx, { body }) {
        const em = ctx.state.em;
        const type = body.type!;
        const hospitalId = await hospitalOf(em, ctx.state.principal!, body.hospitalId);
        await checkPayload(em, type, body.sendingApplication);
        const source = Object.assign(new IntegrationSource(), {
          code: body.code!,
          name: body.name!,
          type,
          hospitalId,
          sendingApplication: body.sendingApplication ?? null,
          defaultCharset: body.defaultCharset ?? 'UTF-8',
          active: body.active ?? true,
        });
        const apiKey = usesApiKey(type) ? issueApiKey(source) : undefined;
        em.persist(source);
        recordAudit(em, ctx, { action: 'integration_source.create', entityType: 'integration_source', entityId: source.id, hospitalId, after: viewSource(source) });
        await em.flush();
        return { ...viewSource(source), ...(apiKey ? { apiKey } : {}) };
      },
    }),
    defineRoute<{ id: string }, unknown, SourcePayload>({
      method: 'patch',
      path: '/api/v1/integration/sources/{id}',
      operationId: 'updateIntegrationSource',
      tag: 'integration',
      summary: 'Change a source: name, hospital, MSH-3, default charset, active',
      access: ROLE_LEVEL.PX_ADMIN,
      params: idParams,
      body: updateSource,
      response: { schema: sourceView },
      errors: [409],
      async handler(ctx, { params, body }) {
        const em = ctx.state.em;
        const source = await findWritable(ctx, params.id);
        if (body.sendingApplication !== undefined) await checkPayload(em, source.type, body.sendingApplication, source.id);
        const before = viewSource(source);
        const { hospitalId, ...rest } = body;
        if (hospitalId !== undefined) source.hospitalId = await hospitalOf(em, ctx.state.principal!, hospitalId);
        em.assign(source, rest);
        recordAudit(em, ctx, { action: 'integration_source.update', entityType: 'integration_source', entityId: source.id, hospitalId: source.hospitalId, before, after: viewSource(source) });
        await em.flush();
        return viewSource(source);
      },
    }),
    defineRoute<{ id: string }>({
      method: 'post',
      path: '/api/v1/integration/sources/{id}/rotate-key',
      operationId: 'rotateIntegrationSourceKey',
      tag: 'integration',
      summary: 'Issue a new API key (returned this once); the old key stops working at once',
      access: ROLE_LEVEL.PX_ADMIN,
      params: idParams,
      response: { schema: sourceWithNewKeyView },
      errors: [409],
      async handler(ctx, { params }) {
        const em = ctx.state.em;
        const source = await findWritable(ctx, params.id);
        if (!usesApiKey(source.type)) throw ConflictError('mllp sources are recognised by MSH-3 and have no API key');
        const before = viewSource(source);
        const apiKey = issueApiKey(source);
        recordAudit(em, ctx, { action: 'integration_source.rotate_key', entityType: 'integration_source', entityId: source.id, hospitalId: source.hospitalId, before, after: viewSource(source) });
        await em.flush();
        return { ...viewSource(source), apiKey };
      },
    }),
    defineRoute<{ id: string }>({
      method: 'delete',
      path: '/api/v1/integration/sources/{id}',
      operationId: 'deleteIntegrationSource',
      tag: 'integration',
      summary: 'Delete a source (kept, hidden; its API key stops working)',
      access: ROLE_LEVEL.PX_ADMIN,
      params: idParams,
      response: { status: 204 },
      async handler(ctx, { params }) {
        const em = ctx.state.em;
        const source = await findWritable(ctx, params.id);
        const before = viewSource(source);
        source.deletedAt = new Date();
        source.active = false;
        // Dropping the hash, not just hiding the row, so no lookup can ever match the old key again.
        source.apiKeyHash = null;
        recordAudit(em, ctx, { action: 'integration_source.delete', entityType: 'integration_source', entityId: source.id, hospitalId: source.hospitalId, before });
        await em.flush();
        return undefined;
      },
    }),
  ];
}
