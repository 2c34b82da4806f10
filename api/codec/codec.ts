/**
 * The Temporal codec server: `POST /codec/decode` and `POST /codec/encode` speak the protocol the
 * Temporal Web UI and CLI use to show encrypted payloads to operators (`{payloads: [{metadata,
 * data}]}`, metadata values and data in base64, as protobuf JSON has them). Only PX admins may use
 * it, every call is audited, and browsers are answered from the configured Web UI's origin only.
 *
 * Callers that can send a header (the Temporal CLI's `--codec-auth`, scripts) use a PX360 bearer
 * token. The Web UI cannot: it sends only its own sign-in token or cookies. For it a PX admin asks
 * for a codec link (`POST /codec/links`): an endpoint URL `/codec/t/{token}` whose token, signed
 * with a key derived from the JWT secret, names the admin and their session, is good for
 * CODEC_LINK_TTL_MS, and stops working when the admin signs out, is deactivated or loses the role.
 * It is pasted as the UI's "Codec Server" endpoint; the protocol looks only at the last path part.
 */
import { createHash, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Next } from 'koa';
import type { Payload, PayloadCodec } from '@temporalio/common';
import type { Config } from '../../config';
import { payloadCodecFor, PayloadDecryptionError, isEncrypted } from '../../workers/payloadCodec';
import { recordAudit } from '../audit';
import { loadSessionPrincipal } from '../auth/authenticate';
import type { AppContext, ApiServices } from '../context';
import { ApiError, AuthenticationError, ForbiddenError } from '../errors';
import { ROLE_LEVEL } from '../rbac/roles';
import { defineRoute, type RouteSpec } from '../routing';
import { answerObject } from '../routes/schemaParts';

export const CODEC_PREFIX = '/codec';
/** How long a codec link for the Web UI works: one shift. */
export const CODEC_LINK_TTL_MS = 8 * 60 * 60_000;
const LINK_AUDIENCE = 'px360-temporal-codec';

/** Links are signed with their own key, so a link is never an API bearer token nor the reverse. */
const linkKey = (jwtSecret: string) => createHash('sha256').update(`px360 temporal codec link\0${jwtSecret}`).digest();

export function signCodecLink(jwtSecret: string, userId: string, sessionId: string | null | undefined, ttlMs = CODEC_LINK_TTL_MS): string {
  return jwt.sign(sessionId ? { sid: sessionId } : {}, linkKey(jwtSecret), {
    algorithm: 'HS256',
    subject: userId,
    audience: LINK_AUDIENCE,
    jwtid: randomUUID(),
    expiresIn: Math.floor(ttlMs / 1000),
  });
}

/** The caller a codec link names, if the link is valid and they are still a PX admin with an open session. */
async function authenticateLink(ctx: AppContext, jwtSecret: string, token: string): Promise<void> {
  let claims: jwt.JwtPayload;
  try {
    const verified = jwt.verify(token, linkKey(jwtSecret), { algorithms: ['HS256'], audience: LINK_AUDIENCE });
    if (typeof verified !== 'object' || typeof verified.sub !== 'string') throw new Error('no subject');
    claims = verified;
  } catch {
    throw AuthenticationError('codec link is invalid or expired; ask for a new one (POST /codec/links)');
  }
  const sessionId = typeof claims.sid === 'string' ? claims.sid : undefined;
  const principal = await loadSessionPrincipal(ctx.state.em, claims.sub!, sessionId, 'the session this codec link came from has ended');
  ctx.state.principal = principal;
  if (principal.level < ROLE_LEVEL.PX_ADMIN) throw ForbiddenError();
}

interface JsonPayload {
  metadata?: Record<string, string> | null;
  data?: string | null;
}

const BASE64 = '^[A-Za-z0-9+/_-]*={0,2}$';
const payloadSchema = {
  type: 'object',
  properties: {
    metadata: { type: ['object', 'null'], additionalProperties: { type: 'string', pattern: BASE64 } },
    data: { type: ['string', 'null'], pattern: BASE64 },
  },
};
const bodySchema = {
  type: 'object',
  required: ['payloads'],
  properties: { payloads: { type: 'array', maxItems: 1000, items: payloadSchema } },
};
const responseSchema = answerObject({ payloads: { type: 'array', items: payloadSchema } });

const fromJson = ({ metadata, data }: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: data ? Buffer.from(data, 'base64') : undefined,
});

const toJson = ({ metadata, data }: Payload): JsonPayload => ({
  metadata: Object.fromEntries(Object.entries(metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')])),
  ...(data && data.length ? { data: Buffer.from(data).toString('base64') } : {}),
});

/** Origins whose pages may call the codec: the configured Web UI, else the local dev server's. */
export function codecOrigins(config: Config): string[] {
  if (config.temporal.uiUrl) return [new URL(config.temporal.uiUrl).origin];
  return [`http://localhost:${config.temporal.uiPort}`, `http://127.0.0.1:${config.temporal.uiPort}`];
}

/**
 * CORS for the codec paths: preflights from the Web UI's origin are answered here (the UI sends
 * `Content-Type`, `X-Namespace` and, when told to, `Authorization`); a browser request from any
 * other origin is refused before it reaches authentication. Callers without an `Origin` (the
 * Temporal CLI, scripts) are not browsers and pass.
 */
export function codecCors(config: Config) {
  const allowed = new Set(codecOrigins(config));
  return async (ctx: AppContext, next: Next) => {
    if (ctx.path !== CODEC_PREFIX && !ctx.path.startsWith(`${CODEC_PREFIX}/`)) return next();
    const origin = ctx.get('origin');
    if (origin) {
      if (!allowed.has(origin)) throw new ApiError(403, 'origin_not_allowed', `the codec answers browsers from ${[...allowed].join(' or ')} only`);
      ctx.vary('Origin');
      ctx.set({ 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true' });
    }
    if (ctx.method === 'OPTIONS') {
      ctx.set({
        'Access-Control-Allow-Methods': 'POST, OPTIONS',
        'Access-Control-Allow-Headers': 'Authorization, Content-Type, X-Namespace',
        'Access-Control-Max-Age': '600',
      });
      ctx.status = 204;
      return;
    }
    await next();
  };
}

/** The codec routes, on the key ring from configuration (pass-through when encryption is off). */
export function codecRoutes(
  services: Pick<ApiServices, 'config' | 'jwtSecret'>,
  codec: PayloadCodec | undefined = payloadCodecFor(services.config.temporal.encryption),
): RouteSpec[] {
  async function run(ctx: AppContext, operation: 'decode' | 'encode', body: { payloads: JsonPayload[] }) {
    const em = ctx.state.em;
    const namespace = ctx.get('x-namespace').slice(0, 64) || services.config.temporal.namespace;
    const payloads = body.payloads.map(fromJson);
    const encrypted = payloads.filter(isEncrypted).length;
    const audit = (outcome: 'success' | 'failure') =>
      recordAudit(em, ctx, {
        action: `temporal_codec.${operation}`,
        outcome,
        entityType: 'temporal_namespace',
        entityId: namespace,
        after: { payloads: payloads.length, encrypted },
      });
    let result: Payload[];
    try {
      result = codec ? await (operation === 'decode' ? codec.decode(payloads) : codec.encode(payloads)) : payloads;
    } catch (error) {
      audit('failure');
      await em.flush();
      if (error instanceof PayloadDecryptionError) throw new ApiError(400, 'codec_failed', error.message);
      throw error;
    }
    audit('success');
    await em.flush();
    ctx.set('Cache-Control', 'no-store');
    return { payloads: result.map(toJson) };
  }

  const summaries = {
    decode: 'decrypts payloads for the Temporal Web UI and CLI (PX admins; audited)',
    encode: 'encrypts payloads the Temporal Web UI or CLI sends (PX admins; audited)',
  };
  const response = { schema: responseSchema, description: 'the payloads, decoded or encoded, in the same order' };
  const withBearer = (operation: 'decode' | 'encode') =>
    defineRoute<unknown, unknown, { payloads: JsonPayload[] }>({
      method: 'post',
      path: `${CODEC_PREFIX}/${operation}`,
      operationId: `${operation}TemporalPayloads`,
      tag: 'Temporal codec',
      summary: `Temporal codec server: ${summaries[operation]}`,
      access: ROLE_LEVEL.PX_ADMIN,
      body: bodySchema,
      response,
      handler: (ctx, { body }) => run(ctx, operation, body),
    });
  const withLink = (operation: 'decode' | 'encode') =>
    defineRoute<{ token: string }, unknown, { payloads: JsonPayload[] }>({
      method: 'post',
      path: `${CODEC_PREFIX}/t/{token}/${operation}`,
      operationId: `${operation}TemporalPayloadsByLink`,
      tag: 'Temporal codec',
      summary: `Temporal codec server for the Web UI, authenticated by the codec link in the path (a PX admin's, from POST /codec/links): ${summaries[operation]}`,
      // The link in the path is the credential: checked before anything is read.
      access: 'public',
      limit: (ctx) => authenticateLink(ctx, services.jwtSecret, String(ctx.params.token ?? '')),
      params: { type: 'object', required: ['token'], properties: { token: { type: 'string', maxLength: 2048 } } },
      body: bodySchema,
      response,
      errors: [401, 403],
      handler: (ctx, { body }) => run(ctx, operation, body),
    });
  const links = defineRoute({
    method: 'post',
    path: `${CODEC_PREFIX}/links`,
    operationId: 'createCodecLink',
    tag: 'Temporal codec',
    summary: `A codec endpoint URL for the Temporal Web UI's "Codec Server" setting, good for ${CODEC_LINK_TTL_MS / 3_600_000} hours and until you sign out (PX admins; audited)`,
    access: ROLE_LEVEL.PX_ADMIN,
    response: {
      status: 201,
      schema: answerObject({ endpoint: { type: 'string', format: 'uri' }, expiresAt: { type: 'string', format: 'date-time' } }),
      description: 'the endpoint to paste into the Web UI; treat it like a password',
    },
    async handler(ctx) {
      const principal = ctx.state.principal!;
      const token = signCodecLink(services.jwtSecret, principal.id, principal.sessionId);
      recordAudit(ctx.state.em, ctx, { action: 'temporal_codec.link', entityType: 'user', entityId: principal.id });
      await ctx.state.em.flush();
      ctx.set('Cache-Control', 'no-store');
      return { endpoint: `${services.config.api.publicUrl}${CODEC_PREFIX}/t/${token}`, expiresAt: new Date(Date.now() + CODEC_LINK_TTL_MS).toISOString() };
    },
  });
  return [withBearer('decode'), withBearer('encode'), links, withLink('decode'), withLink('encode')];
}
