import { Department, Hospital, Patient } from '../models/entities';
import { startTestApi, type TestApi } from '../test/support/testApi';

describe('input validation and error answers', () => {
  let api: TestApi;
  let token: string;
  beforeAll(async () => {
    api = await startTestApi();
    token = await api.adminToken();
  });
  afterAll(() => api.close());

  it('400 names each bad field of a body', async () => {
    const reply = await api.request('POST', '/api/v1/patients', { token, body: { mrn: '', phone: 'call me', preferredLanguage: 'fr', ssn: '123' } });
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('validation_failed');
    const fields = reply.body.error.fields.map((f: { field: string }) => f.field).sort();
    expect(fields).toEqual(['mrn', 'phone', 'preferredLanguage', 'ssn']);
    expect(reply.body.error.fields.find((f: { field: string }) => f.field === 'preferredLanguage').message).toBe('must be one of ar, en');
    expect(reply.body.error.fields.find((f: { field: string }) => f.field === 'ssn').message).toBe('is not a known field');
  });

  it('400 names bad query and path parameters', async () => {
    const query = await api.request('GET', '/api/v1/patients?limit=0', { token });
    expect(query.status).toBe(400);
    expect(query.body.error.fields[0].field).toBe('limit');
    const path = await api.request('GET', '/api/v1/patients/not-a-uuid', { token });
    expect(path.status).toBe(400);
    expect(path.body.error.fields[0].field).toBe('id');
  });

  it('400 for malformed JSON, and 400 for an unknown timezone', async () => {
    const reply = await api.request('POST', '/api/v1/patients', { token, raw: '{"mrn": ', headers: { 'content-type': 'application/json' } });
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('bad_request');
    const zone = await api.request('POST', '/api/v1/hospitals', { token, body: { code: 'EAST', nameEn: 'East', nameAr: 'الشرق', timezone: 'Mars/Olympus' } });
    expect(zone.status).toBe(400);
    expect(zone.body.error.fields[0].field).toBe('timezone');
  });

  it('409 for a duplicate MRN in one hospital; the same MRN in another hospital is fine', async () => {
    const demo = await api.em().findOneOrFail(Hospital, { code: 'DEMO' });
    const north = await api.createHospital('NORTH');
    expect((await api.request('POST', '/api/v1/patients', { token, body: { hospitalId: demo.id, mrn: 'M-1' } })).status).toBe(201);
    const duplicate = await api.request('POST', '/api/v1/patients', { token, body: { hospitalId: demo.id, mrn: 'M-1' } });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.message).toContain('hospital_id, mrn');
    expect((await api.request('POST', '/api/v1/patients', { token, body: { hospitalId: north.id, mrn: 'M-1' } })).status).toBe(201);
  });

  it('400 when a department would become its own ancestor; 409 for a duplicate user email', async () => {
    const em = api.em();
    const demo = await em.findOneOrFail(Hospital, { code: 'DEMO' });
    const med = await em.findOneOrFail(Department, { hospitalId: demo.id, code: 'MED' });
    const card = await em.findOneOrFail(Department, { hospitalId: demo.id, code: 'CARD' });
    const cycle = await api.request('PATCH', `/api/v1/departments/${med.id}`, { token, body: { parentId: card.id } });
    expect(cycle.status).toBe(400);
    expect(cycle.body.error.fields[0].field).toBe('parentId');
    const body = { email: 'twice@px360.test', password: 'long-enough-password', fullName: 'Twice', role: 'STAFF', hospitalId: demo.id };
    expect((await api.request('POST', '/api/v1/users', { token, body })).status).toBe(201);
    expect((await api.request('POST', '/api/v1/users', { token, body: { ...body, email: 'TWICE@px360.test' } })).status).toBe(409);
  });

  it('lists are paginated with a total', async () => {
    const page = await api.request('GET', '/api/v1/physicians?limit=2&offset=1', { token });
    expect(page.body).toMatchObject({ limit: 2, offset: 1, total: 6 });
    expect(page.body.items).toHaveLength(2);
  });

  it('refuses a body of tens of thousands of unknown fields at once, naming it once', async () => {
    const flood = Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, 0]));
    const reply = await api.request('POST', '/api/v1/patients', { token, body: flood });
    expect(reply.status).toBe(400);
    expect(reply.body.error.fields).toEqual([{ field: '(body)', message: 'has 50000 fields; at most 200 are accepted' }]);
    // Sign-in takes a small body: the same flood is refused unread.
    const login = await api.request('POST', '/api/v1/auth/login', { body: { email: 'a@b.c', password: 'x', ...flood } });
    expect(login.status).toBe(413);
    expect(login.body.error.code).toBe('payload_too_large');
  });

  it('reports at most twenty problems, saying there are more', async () => {
    const reply = await api.request('POST', '/api/v1/patients', { token, body: Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`unknown${i}`, 1])) });
    expect(reply.status).toBe(400);
    expect(reply.body.error.fields).toHaveLength(21);
    expect(reply.body.error.fields[20]).toEqual({ field: '(more)', message: 'further fields have problems too; fix these first' });
  });

  it('400 for JSON nested too deep, naming where, on routes with and without a body schema', async () => {
    const deep = `${'{"a":'.repeat(5_000)}"bottom"${'}'.repeat(5_000)}`;
    const raw = `{"hospitalId": "00000000-0000-4000-8000-000000000000", "mrn": "M-deep", "extra": ${deep}}`;
    const reply = await api.request('POST', '/api/v1/patients', { token, raw, headers: { 'content-type': 'application/json' } });
    expect(reply.status).toBe(400);
    expect(reply.body.error.fields[0]).toEqual({ field: `extra${'.a'.repeat(31)}`, message: 'is nested more than 32 levels deep' });
    const array = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const intake = await api.request('POST', '/api/v1/integration/events', { raw: array, headers: { 'x-api-key': 'none', 'content-type': 'application/json' } });
    expect(intake.status).toBe(400);
    expect(intake.body.error.fields[0].message).toBe('is nested more than 32 levels deep');
  });

  it('400 naming the field for a NUL character in a body, a filter or a field name', async () => {
    const demo = await api.em().findOneOrFail(Hospital, { code: 'DEMO' });
    const body = await api.request('POST', '/api/v1/patients', { token, body: { hospitalId: demo.id, mrn: 'NUL-\u0000-1', familyName: 'x' } });
    expect(body.status).toBe(400);
    expect(body.body.error.fields).toEqual([{ field: 'mrn', message: 'must not contain NUL (\\u0000) characters' }]);
    const filter = await api.request('GET', '/api/v1/patients?mrn=%00', { token });
    expect(filter.status).toBe(400);
    expect(filter.body.error.fields[0].field).toBe('mrn');
    const key = await api.request('POST', '/api/v1/patients', { token, body: { hospitalId: demo.id, mrn: 'NUL-2', ['colour\u0000']: 'x' } });
    expect(key.status).toBe(400);
    expect(await api.em().count(Patient, { mrn: { $like: 'NUL-%' } })).toBe(0);
  });

  it('413, not 400, for a form larger than the form limit', async () => {
    const reply = await api.request('POST', '/complaint', { raw: `description=${'x'.repeat(70 * 1024)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(reply.status).toBe(413);
  });

  it('400 for an offset or limit beyond what a list can page to', async () => {
    for (const query of ['offset=99999999999999999999999', 'offset=1e400', 'limit=-1', 'offset=1.5']) {
      const reply = await api.request('GET', `/api/v1/patients?${query}`, { token });
      expect(reply.status).toBe(400);
    }
  });

  it('unknown endpoints answer 404 in the same error shape', async () => {
    const reply = await api.request('GET', '/api/v1/nothing-here', { token });
    expect(reply.status).toBe(404);
    expect(reply.body.error.code).toBe('not_found');
  });
});
