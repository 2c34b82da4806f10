import { Hospital } from '../../../models/entities';
import { startTestApi, type TestApi } from '../../../test/support/testApi';

describe('user passwords (S-09)', () => {
  let api: TestApi;
  let demoId: string;
  beforeAll(async () => {
    api = await startTestApi();
    demoId = (await api.em().findOneOrFail(Hospital, { code: 'DEMO' })).id;
  });
  afterAll(() => api.close());

  const create = async (password: string, extra: Record<string, unknown> = {}) =>
    api.request('POST', '/api/v1/users', { token: await api.adminToken(), body: { email: 'fahad.otaibi@px360.test', password, fullName: 'Fahad Al-Otaibi', role: 'NURSE', hospitalId: demoId, ...extra } });

  it('401 without a token, 403 below hospital admin', async () => {
    expect((await api.request('POST', '/api/v1/users', { body: {} })).status).toBe(401);
    const manager = await api.login((await api.createUser('DEPARTMENT_MANAGER')).email);
    expect((await api.request('POST', '/api/v1/users', { token: manager, body: {} })).status).toBe(403);
  });

  it('refuses common and context-specific passwords on create, naming the password field with advice', async () => {
    for (const weak of ['            ', 'password1234', '123456789012', 'qwertyuiop12', 'fahad.otaibi@px360.test', 'fahad otaibi 1', 'demo hospital1', 'riyadh123456']) {
      const reply = await create(weak);
      expect({ weak, status: reply.status }).toEqual({ weak, status: 400 });
      expect(reply.body.error.fields).toHaveLength(1);
      expect(reply.body.error.fields[0].field).toBe('password');
      expect(reply.body.error.fields[0].message.length).toBeGreaterThan(10);
    }
    const common = await create('password1234');
    expect(common.body.error.fields[0].message).toMatch(/commonly used password/);
    expect((await create('short')).body.error.fields[0]).toMatchObject({ field: 'password' });
  });

  it('accepts a strong password, then refuses a weak one on update', async () => {
    const created = await create('saffron kettle meridian 5');
    expect(created.status).toBe(201);
    const token = await api.adminToken();
    const weak = await api.request('PATCH', `/api/v1/users/${created.body.id}`, { token, body: { password: 'fahadfahad12' } });
    expect(weak.status).toBe(400);
    expect(weak.body.error.fields[0].field).toBe('password');
    expect((await api.request('POST', '/api/v1/auth/login', { body: { email: 'fahad.otaibi@px360.test', password: 'saffron kettle meridian 5' } })).status).toBe(200);
    const strong = await api.request('PATCH', `/api/v1/users/${created.body.id}`, { token, body: { password: 'velvet harbour quartz 31' } });
    expect(strong.status).toBe(200);
    expect((await api.request('POST', '/api/v1/auth/login', { body: { email: 'fahad.otaibi@px360.test', password: 'velvet harbour quartz 31' } })).status).toBe(200);
  });
});
