import { startTestApi, type TestApi } from '../../../test/support/testApi';

describe('API documentation', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('serves an OpenAPI 3.1 document built from the same schemas that validate requests', async () => {
    const reply = await api.request('GET', '/api/openapi.json');
    expect(reply.status).toBe(200);
    expect(reply.body.openapi).toBe('3.1.0');
    const createPatient = reply.body.paths['/api/v1/patients'].post;
    expect(createPatient.requestBody.content['application/json'].schema.required).toEqual(['mrn']);
    expect(createPatient.responses).toHaveProperty('201');
    expect(createPatient.responses).toHaveProperty('403');
    expect(reply.body.paths['/api/v1/integration/events'].post.requestBody.content['application/json'].schema.required).toContain('eventId');
    expect(reply.body.paths['/api/v1/patients/{id}'].get.parameters).toEqual([expect.objectContaining({ name: 'id', in: 'path', required: true })]);
    expect(reply.body.paths['/health'].get.security).toEqual([]);
  });

  it('serves browsable docs with their assets', async () => {
    const page = await api.request('GET', '/api/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect((await api.request('GET', '/api/docs/assets/swagger-ui-bundle.js')).status).toBe(200);
    expect((await api.request('GET', '/api/docs/assets/..%2F..%2Fpackage.json')).status).toBe(404);
  });
});
