/**
 * The Temporal codec server: `POST /codec/decode` and `POST /codec/encode` speak the protocol the
 * Temporal Web UI and CLI use to show encrypted payloads to operators (`{payloads: [{metadata,
 * data}]}`, metadata values and data in base64, as protobuf JSON has them). Only PX admins may use
 * it, every call is audited, and browsers are answered from the configured Web UI's origin only.
 */
import type { Next } from 'koa';
import type { Payload, PayloadCodec } from '@temporalio/common';
import type { Config } from '../../config';
import { payloadCodecFor, PayloadDecryptionError, isEncrypted } from '../../workers/payloadCodec';
import { recordAudit } from '../audit';
import type { AppContext, ApiServices } from '../context';
import { ApiError } from '../errors';
import { ROLE_LEVEL } from '../rbac/roles';
import { defineRoute, type RouteSpec } from '../routing';

export const CODEC_PREFIX = '/codec';

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
const responseSchema = { type: 'object', properties: { payloads: { type: 'array', items: payloadSchema } } };

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

/** The two codec routes, on the key ring from configuration (pass-through when encryption is off). */
export function codecRoutes(services: Pick<ApiServices, 'config'>, codec: PayloadCodec | undefined = payloadCodecFor(services.config.temporal.encryption)): RouteSpec[] {
  const route = (operation: 'decode' | 'encode') =>
    defineRoute<unknown, unknown, { payloads: JsonPayload[] }>({
      method: 'post',
      path: `${CODEC_PREFIX}/${operation}`,
      tag: 'Temporal codec',
      summary:
        operation === 'decode'
          ? 'Temporal codec server: decrypts payloads for the Temporal Web UI and CLI (PX admins; audited)'
          : 'Temporal codec server: encrypts payloads the Temporal Web UI or CLI sends (PX admins; audited)',
      access: ROLE_LEVEL.PX_ADMIN,
      body: bodySchema,
      response: { schema: responseSchema, description: 'the payloads, decoded or encoded, in the same order' },
      async handler(ctx, { body }) {
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
      },
    });
  return [route('decode'), route('encode')];
}
