import fs from 'node:fs';
import path from 'node:path';
import { defineRoute, type RouteSpec } from '../../routing';

const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        fields: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
      },
    },
  },
} as const;

function parametersOf(schema: object | undefined, where: 'path' | 'query') {
  const properties = (schema as { properties?: Record<string, object> } | undefined)?.properties ?? {};
  const required = new Set((schema as { required?: string[] } | undefined)?.required ?? []);
  return Object.entries(properties).map(([name, s]) => ({ name, in: where, required: where === 'path' || required.has(name), schema: s }));
}

/** The OpenAPI 3.1 document, generated from the same route descriptions the router mounts. */
export function openApiDocument(specs: RouteSpec[], serverUrl: string): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const spec of specs) {
    const status = String(spec.response?.status ?? 200);
    const responses: Record<string, object> = {
      [status]: {
        description: spec.response?.description ?? (status === '204' ? 'done' : 'OK'),
        ...(spec.response?.schema ? { content: { 'application/json': { schema: spec.response.schema } } } : {}),
      },
      '400': { $ref: '#/components/responses/Error' },
    };
    if (spec.access !== 'public') {
      Object.assign(responses, { '401': { $ref: '#/components/responses/Error' }, '403': { $ref: '#/components/responses/Error' } });
    }
    if (spec.path.includes('{')) responses['404'] = { $ref: '#/components/responses/Error' };
    if (spec.method === 'post' || spec.method === 'patch' || spec.method === 'delete') responses['409'] = { $ref: '#/components/responses/Error' };
    (paths[spec.path] ??= {})[spec.method] = {
      tags: [spec.tag],
      summary: spec.summary,
      ...(spec.access === 'public' ? { security: [] } : { description: `Lowest role level allowed: ${spec.access}.` }),
      parameters: [...parametersOf(spec.params, 'path'), ...parametersOf(spec.query, 'query')],
      ...(spec.body || spec.documentedBody
        ? { requestBody: { required: true, content: { 'application/json': { schema: spec.body ?? spec.documentedBody } } } }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'PX360 API', version: '1.0.0', description: 'Patient-experience platform: staff API, configuration and integration intake.' },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      responses: { Error: { description: 'error', content: { 'application/json': { schema: errorSchema } } } },
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

/** `/api/openapi.json` and browsable docs at `/api/docs` (Swagger UI, served from the installed package). */
export function docsRoutes(specs: () => RouteSpec[], serverUrl: string): RouteSpec[] {
  const assetDir = path.dirname(require.resolve('swagger-ui-dist/package.json'));
  let document: object | undefined;
  return [
    defineRoute({
      method: 'get',
      path: '/api/openapi.json',
      tag: 'operations',
      summary: 'This API as an OpenAPI 3.1 document',
      access: 'public',
      handler: async () => (document ??= openApiDocument(specs(), serverUrl)),
    }),
    defineRoute({
      method: 'get',
      path: '/api/docs',
      tag: 'operations',
      summary: 'Browsable API documentation',
      access: 'public',
      async handler(ctx) {
        ctx.type = 'text/html; charset=utf-8';
        ctx.set({ 'Content-Security-Policy': DOCS_CONTENT_SECURITY_POLICY, 'Cache-Control': 'no-cache' });
        return docsPage;
      },
    }),
    defineRoute<{ file: string }>({
      method: 'get',
      path: '/api/docs/assets/{file}',
      tag: 'operations',
      summary: 'Documentation page assets',
      access: 'public',
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
}
