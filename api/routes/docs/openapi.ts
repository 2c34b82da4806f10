import fs from 'node:fs';
import path from 'node:path';
import { errorBodySchema } from '../../errors';
import { ROLE_LEVEL } from '../../rbac/roles';
import { defineRoute, type ResponseDoc, type RouteSpec } from '../../routing';
import { answerObject } from '../schemaParts';

/** The error answers the document names, each once under `components.responses`. */
const ERROR_RESPONSES: Record<number, { name: string; description: string; headers?: object }> = {
  400: { name: 'BadRequest', description: 'the input breaks its schema or a rule (`validation_failed` names each field), or the body is not JSON' },
  401: { name: 'Unauthorized', description: 'no valid credential: a missing, expired or revoked token, an unknown API key, or wrong sign-in details' },
  403: { name: 'Forbidden', description: "the caller's role (or scope) does not allow this" },
  404: { name: 'NotFound', description: "no such record in the caller's scope" },
  409: { name: 'Conflict', description: "refused in the record's current state, or a record with the same key already exists" },
  412: { name: 'PreconditionFailed', description: 'the condition of a conditional request matched more than one record' },
  415: { name: 'UnsupportedMediaType', description: 'the body is not in a content type this operation reads' },
  422: { name: 'UnprocessableEntity', description: 'the body is well-formed but cannot be processed as it is' },
  423: { name: 'Locked', description: 'the account is locked after repeated failed sign-ins; the message names when it opens again' },
  429: {
    name: 'TooManyRequests',
    description: 'too many attempts; wait as long as Retry-After says',
    headers: { 'Retry-After': { description: 'seconds to wait before trying again', schema: { type: 'integer', minimum: 1 } } },
  },
  503: { name: 'Unavailable', description: 'a workflow the answer needs cannot be reached right now; try again shortly' },
};

const JSON_TYPE = 'application/json';
const LOWEST_LEVEL = Math.min(...Object.values(ROLE_LEVEL));
const SUCCESS_DESCRIPTIONS: Record<number, string> = { 200: 'OK', 201: 'created', 202: 'accepted', 204: 'done' };

function parametersOf(schema: object | undefined, where: 'path' | 'query') {
  const properties = (schema as { properties?: Record<string, object> } | undefined)?.properties ?? {};
  const required = new Set((schema as { required?: string[] } | undefined)?.required ?? []);
  return Object.entries(properties).map(([name, s]) => ({ name, in: where, required: where === 'path' || required.has(name), schema: s }));
}

/** Path parameters the template names that no params schema describes (every one must be declared). */
function undescribedPathParameters(spec: RouteSpec) {
  const described = new Set(Object.keys((spec.params as { properties?: object } | undefined)?.properties ?? {}));
  return [...spec.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).filter((name) => !described.has(name)).map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
}

/** The operationId of a route that names none: method and path in camelCase, e.g. `getFhirR4PatientById`. */
export function derivedOperationId(method: string, path: string): string {
  const words = [method, ...path.split('/').flatMap((segment) => {
    const parameter = /^\{(\w+)\}$/.exec(segment);
    return parameter ? ['by', parameter[1]] : segment.split(/[^A-Za-z0-9]+/);
  })].filter(Boolean);
  return words.map((word, i) => (i === 0 ? word.toLowerCase() : word[0].toUpperCase() + word.slice(1))).join('');
}

/** The statuses a route's errors answer with: derived from its description, plus those it names. */
export function errorStatuses(spec: RouteSpec): number[] {
  const statuses = new Set(spec.errors ?? []);
  if (spec.params || spec.query || spec.body || spec.documentedBody) statuses.add(400);
  if (spec.access !== 'public') statuses.add(401);
  if (typeof spec.access === 'number' && spec.access > LOWEST_LEVEL) statuses.add(403);
  if (/\{\w+\}/.test(spec.path)) statuses.add(404);
  return [...statuses].sort((a, b) => a - b);
}

/** A response object; a non-JSON answer without a schema is documented as text. */
function responseObject(doc: Partial<ResponseDoc> & { status: number }): object {
  const types = ([] as string[]).concat(doc.contentType ?? JSON_TYPE);
  const description = doc.description ?? SUCCESS_DESCRIPTIONS[doc.status] ?? ERROR_RESPONSES[doc.status]?.description ?? String(doc.status);
  const schemaOf = (type: string) => doc.schema ?? (type === JSON_TYPE || type.endsWith('+json') ? undefined : { type: 'string' });
  const content = Object.fromEntries(types.filter((type) => schemaOf(type)).map((type) => [type, { schema: schemaOf(type) }]));
  return { description, ...(Object.keys(content).length ? { content } : {}) };
}

function securityOf(access: RouteSpec['access']): object[] {
  if (access === 'public') return [];
  return access === 'integrationApiKey' ? [{ integrationApiKey: [] }] : [{ bearerAuth: [] }];
}

function roleNamesAt(level: number): string {
  const names = Object.entries(ROLE_LEVEL).filter(([, l]) => l >= level).map(([name]) => name);
  return names.length ? ` (${names.join(', ')})` : '';
}

function operationOf(spec: RouteSpec): object {
  const status = spec.response?.status ?? 200;
  const responses: Record<string, object> = { [status]: responseObject({ ...spec.response, status }) };
  for (const code of errorStatuses(spec)) {
    responses[code] = spec.errorBody
      ? responseObject({ status: code, description: ERROR_RESPONSES[code]?.description, ...spec.errorBody })
      : { $ref: `#/components/responses/${ERROR_RESPONSES[code]?.name ?? 'Error'}` };
  }
  for (const other of spec.otherResponses ?? []) responses[other.status] = responseObject(other);
  const requestSchema = spec.body ?? spec.documentedBody;
  return {
    operationId: spec.operationId ?? derivedOperationId(spec.method, spec.path),
    tags: [spec.tag],
    summary: spec.summary,
    ...(typeof spec.access === 'number' ? { description: `Lowest role level allowed: ${spec.access}${roleNamesAt(spec.access)}.` } : {}),
    security: securityOf(spec.access),
    parameters: [...parametersOf(spec.params, 'path'), ...undescribedPathParameters(spec), ...parametersOf(spec.query, 'query')],
    ...(requestSchema ? { requestBody: { required: true, content: { [spec.requestContentType ?? JSON_TYPE]: { schema: requestSchema } } } } : {}),
    responses: Object.fromEntries(Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b))),
  };
}

/** The OpenAPI 3.1 document, generated from the same route descriptions the router mounts. */
export function openApiDocument(specs: RouteSpec[], serverUrl: string): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const spec of specs) (paths[spec.path] ??= {})[spec.method] = operationOf(spec);
  const errorResponses = Object.fromEntries(
    Object.values(ERROR_RESPONSES).map(({ name, description, headers }) => [name, { description, ...(headers ? { headers } : {}), content: { [JSON_TYPE]: { schema: { $ref: '#/components/schemas/Error' } } } }]),
  );
  return {
    openapi: '3.1.0',
    info: { title: 'PX360 API', version: '1.0.0', description: 'Patient-experience platform: staff API, configuration and integration intake.' },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'an access token from POST /api/v1/auth/login (or the console session)' },
        integrationApiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key', description: "an integration source's API key (POST /api/v1/integration/sources)" },
      },
      schemas: { Error: errorBodySchema },
      responses: errorResponses,
    },
    paths,
  };
}

const docsPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>PX360 API</title><link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head>
<body><div id="docs"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/assets/init.js"></script>
</body></html>`;

// The token a reader pastes stays in the page's memory: never kept in browser storage.
const initScript = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#docs', persistAuthorization: false });`;

/** Scripts and styles only from this server (Swagger UI sets inline styles), nothing framed, no other origin. */
export const DOCS_CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
};

/** `/api/openapi.json` and browsable docs at `/api/docs` (Swagger UI, served from the installed package), documented with the rest. */
export function docsRoutes(specs: () => RouteSpec[], serverUrl: string): RouteSpec[] {
  const assetDir = path.dirname(require.resolve('swagger-ui-dist/package.json'));
  let document: object | undefined;
  const own: RouteSpec[] = [
    defineRoute({
      method: 'get',
      path: '/api/openapi.json',
      operationId: 'getOpenApiDocument',
      tag: 'operations',
      summary: 'This API as an OpenAPI 3.1 document',
      access: 'public',
      response: { schema: answerObject({ openapi: { type: 'string', const: '3.1.0' }, info: { type: 'object' }, paths: { type: 'object' } }, [], 'this document') },
      handler: async () => (document ??= openApiDocument([...specs(), ...own], serverUrl)),
    }),
    defineRoute({
      method: 'get',
      path: '/api/docs',
      operationId: 'getApiDocsPage',
      tag: 'operations',
      summary: 'Browsable API documentation',
      access: 'public',
      response: { contentType: 'text/html', description: 'Swagger UI' },
      async handler(ctx) {
        ctx.type = 'text/html; charset=utf-8';
        ctx.set({ 'Content-Security-Policy': DOCS_CONTENT_SECURITY_POLICY, 'Cache-Control': 'no-cache' });
        return docsPage;
      },
    }),
    defineRoute<{ file: string }>({
      method: 'get',
      path: '/api/docs/assets/{file}',
      operationId: 'getApiDocsAsset',
      tag: 'operations',
      summary: 'Documentation page assets',
      access: 'public',
      params: { type: 'object', required: ['file'], properties: { file: { type: 'string', description: 'init.js, swagger-ui-bundle.js or swagger-ui.css' } } },
      response: { contentType: ['application/javascript', 'text/css'], description: 'the script or style sheet' },
      async handler(ctx, { params }) {
        if (params.file === 'init.js') {
          ctx.type = 'application/javascript; charset=utf-8';
          return initScript;
        }
        const type = ASSETS[params.file];
        if (!type) {
          ctx.status = 404;
          return { error: { code: 'not_found', message: 'no such asset' } };
        }
        ctx.type = type;
        ctx.set('Cache-Control', 'public, max-age=86400');
        return fs.createReadStream(path.join(assetDir, params.file));
      },
    }),
  ];
  return own;
}
