import { validate as validateWithReadme } from '@readme/openapi-parser';
import Ajv2020 from 'ajv/dist/2020';
import { addApiFormats } from '../../validation';
import { defineRoute, type RouteSpec } from '../../routing';
import { startTestApi, type TestApi } from '../../../test/support/testApi';
import { derivedOperationId, openApiDocument } from './openapi';

type Operation = {
  operationId: string;
  security: Record<string, string[]>[];
  responses: Record<string, { $ref?: string; content?: Record<string, { schema?: object }>; headers?: object }>;
  requestBody?: { content: Record<string, { schema: object }> };
};

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const isJson = (type: string) => type === 'application/json' || type.endsWith('+json');

function operationsOf(doc: { paths: Record<string, Record<string, Operation>> }) {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, ...operation })),
  );
}

describe('API documentation', () => {
  let api: TestApi;
  let doc: any;
  let byId: Map<string, Operation & { key: string }>;
  beforeAll(async () => {
    api = await startTestApi();
    const reply = await api.request('GET', '/api/openapi.json');
    expect(reply.status).toBe(200);
    doc = reply.body;
    byId = new Map(operationsOf(doc).map((operation) => [operation.operationId, operation]));
  });
  afterAll(() => api.close());

  it('serves an OpenAPI 3.1 document built from the same schemas that validate requests', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const createPatient = doc.paths['/api/v1/patients'].post;
    expect(createPatient.requestBody.content['application/json'].schema.required).toEqual(['mrn']);
    expect(createPatient.responses).toHaveProperty('201');
    expect(createPatient.responses).toHaveProperty('403');
    expect(doc.paths['/api/v1/integration/events'].post.requestBody.content['application/json'].schema.required).toContain('eventId');
    expect(doc.paths['/api/v1/patients/{id}'].get.parameters).toEqual([expect.objectContaining({ name: 'id', in: 'path', required: true })]);
    expect(doc.paths['/health'].get.security).toEqual([]);
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await validateWithReadme(structuredClone(doc));
    expect(result.valid ? [] : result.errors.map((e) => e.message)).toEqual([]);
    expect(result.valid && result.warnings).toEqual([]);
  });

  it('names every operation once, in camelCase, by the names clients are generated with', () => {
    const ids = operationsOf(doc).map((o) => o.operationId);
    expect(ids.filter((id) => !/^[a-z][a-zA-Z0-9]*$/.test(id))).toEqual([]);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(byId.get('listComplaints')?.key).toBe('GET /api/v1/complaints');
    expect(byId.get('getComplaint')?.key).toBe('GET /api/v1/complaints/{id}');
    expect(byId.get('acknowledgeComplaint')?.key).toBe('POST /api/v1/complaints/{id}/acknowledge');
    expect(byId.get('approveAction')?.key).toBe('POST /api/v1/actions/{id}/approve');
    expect(byId.get('listDepartments')?.key).toBe('GET /api/v1/departments');
    expect(byId.get('login')?.key).toBe('POST /api/v1/auth/login');
  });

  it('gives every success answer with a body a schema, and every JSON schema compiles', () => {
    const ajv = addApiFormats(new Ajv2020({ strict: false, allErrors: true }));
    const missing: string[] = [];
    const broken: string[] = [];
    for (const operation of operationsOf(doc)) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!status.startsWith('2') || status === '204') continue;
        const content = Object.entries(response.content ?? {});
        if (!content.length) missing.push(`${operation.key} ${status}`);
        for (const [type, media] of content) {
          if (!media.schema) missing.push(`${operation.key} ${status} ${type}`);
          else if (isJson(type)) {
            try {
              ajv.compile(media.schema);
            } catch (error) {
              broken.push(`${operation.key} ${status}: ${(error as Error).message}`);
            }
          }
        }
      }
    }
    expect(missing).toEqual([]);
    expect(broken).toEqual([]);
    // A list is a page of typed items, not `unknown`.
    const page = byId.get('listComplaints')!.responses['200'].content!['application/json'].schema as any;
    expect(page.required).toEqual(expect.arrayContaining(['items', 'total', 'totalExact', 'limit', 'offset']));
    expect(page.properties.items.items.required).toEqual(expect.arrayContaining(['id', 'referenceNo', 'status', 'severity']));
    const acknowledged = byId.get('acknowledgeComplaint')!.responses['200'].content!['application/json'].schema as any;
    expect(acknowledged.properties.live.required).toEqual(expect.arrayContaining(['status', 'sla']));
    expect(byId.get('listEncounters')!.responses['200'].content!['application/json'].schema).toMatchObject({ required: expect.arrayContaining(['nextCursor']) });
  });

  it('applies bearerAuth or integrationApiKey per operation; public ones need neither', () => {
    expect(doc.components.securitySchemes).toEqual({
      bearerAuth: expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }),
      integrationApiKey: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }),
    });
    expect(byId.get('listComplaints')!.security).toEqual([{ bearerAuth: [] }]);
    expect(byId.get('sendIntegrationEvent')!.security).toEqual([{ integrationApiKey: [] }]);
    expect(byId.get('login')!.security).toEqual([]);
    expect(byId.get('getSurveyPage')!.security).toEqual([]);
    const unanswered = operationsOf(doc).filter((o) => o.security.length > 0 && !o.responses['401']).map((o) => o.key);
    expect(unanswered).toEqual([]);
  });

  it('documents the errors each operation answers, in the shared error shape', () => {
    const errors = (id: string) => Object.keys(byId.get(id)!.responses).filter((s) => s >= '400');
    expect(errors('login')).toEqual(['400', '401', '423', '429']);
    expect(errors('changeMyPassword')).toEqual(['400', '401', '423', '429']);
    expect(errors('acknowledgeComplaint')).toEqual(['400', '401', '403', '404', '409', '503']);
    expect(errors('getComplaint')).toEqual(['400', '401', '403', '404']);
    expect(errors('getMe')).toEqual(['401']);
    expect(errors('createHospital')).toEqual(['400', '401', '403', '409']);
    expect(byId.get('login')!.responses['429']).toEqual({ $ref: '#/components/responses/TooManyRequests' });
    expect(doc.components.responses.TooManyRequests.headers).toHaveProperty('Retry-After');
    expect(doc.components.responses.Locked.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
    expect(doc.components.schemas.Error.required).toEqual(['error']);
  });

  it('serves browsable docs with their assets', async () => {
    const page = await api.request('GET', '/api/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect((await api.request('GET', '/api/docs/assets/swagger-ui-bundle.js')).status).toBe(200);
    expect((await api.request('GET', '/api/docs/assets/..%2F..%2Fpackage.json')).status).toBe(404);
  });
});

describe('OpenAPI generator', () => {
  const resource = { type: 'object', required: ['resourceType'], properties: { resourceType: { type: 'string' } } };
  const outcome = { type: 'object', properties: { resourceType: { const: 'OperationOutcome' } } };
  const route = (spec: Partial<RouteSpec>) =>
    defineRoute({ method: 'post', path: '/fhir/r4/Thing', tag: 'fhir', summary: 'x', access: 'integrationApiKey', handler: async () => undefined, ...spec });

  it('documents a FHIR create: 201 or 200 as application/fhir+json, OperationOutcome errors, key security', async () => {
    const created = route({
      operationId: 'createFhirThing',
      documentedBody: resource,
      requestContentType: 'application/fhir+json',
      response: { status: 201, contentType: 'application/fhir+json', schema: resource, description: 'created' },
      otherResponses: [{ status: 200, contentType: 'application/fhir+json', schema: resource, description: 'an existing match (If-None-Exist)' }],
      errors: [409, 422],
      errorBody: { contentType: 'application/fhir+json', schema: outcome },
    });
    const doc = openApiDocument([created], 'http://example.test') as any;
    const operation = doc.paths['/fhir/r4/Thing'].post;
    expect(Object.keys(operation.responses)).toEqual(['200', '201', '400', '401', '409', '422']);
    expect(operation.responses['201'].content).toEqual({ 'application/fhir+json': { schema: resource } });
    expect(operation.responses['200'].content['application/fhir+json'].schema).toBe(resource);
    expect(operation.responses['422'].content).toEqual({ 'application/fhir+json': { schema: outcome } });
    expect(operation.requestBody.content).toHaveProperty('application/fhir+json');
    expect(operation.security).toEqual([{ integrationApiKey: [] }]);
    expect((await validateWithReadme(doc)).valid).toBe(true);
  });

  it('derives a stable camelCase operationId and declares every path parameter for a route that names neither', () => {
    expect(derivedOperationId('get', '/fhir/r4/Patient/{id}')).toBe('getFhirR4PatientById');
    expect(derivedOperationId('put', '/fhir/r4/Encounter')).toBe('putFhirR4Encounter');
    const doc = openApiDocument([route({ method: 'get', path: '/fhir/r4/Thing/{id}' })], 'http://example.test') as any;
    const operation = doc.paths['/fhir/r4/Thing/{id}'].get;
    expect(operation.operationId).toBe('getFhirR4ThingById');
    expect(operation.parameters).toEqual([{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }]);
  });
});
