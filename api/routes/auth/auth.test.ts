import { AuditEvent, RefreshToken } from '../../../models/entities';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestApi, USER_PASSWORD, type TestApi } from '../../../test/support/testApi';

describe('auth', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ env: { PX_LOGIN_MAX_FAILURES: '3', PX_LOCKOUT_DURATION: '2s' } });
  });
  afterAll(() => api.close());

  it('401 without a token, with a malformed one, and with one signed by another secret', async () => {
    expect((await api.request('GET', '/api/v1/me')).status).toBe(401);
    expect((await api.request('GET', '/api/v1/me', { token: 'not-a-jwt' })).status).toBe(401);
    const forged = require('jsonwebtoken').sign({}, 'some-other-secret-of-at-least-32-chars', { subject: 'x', issuer: 'px360' });
    expect((await api.request('GET', '/api/v1/me', { token: forged })).status).toBe(401);
  });

  it('400 naming the field when the login body is incomplete', async () => {
    const reply = await api.request('POST', '/api/v1/auth/login', { body: { email: 'nobody@px360.test' } });
    expect(reply.status).toBe(400);
    expect(reply.body.error.fields).toEqual([{ field: 'password', message: 'is required' }]);
  });

  it('logs in, answers /me, and issues a 15-minute access token', async () => {
    const reply = await api.request('POST', '/api/v1/auth/login', { body: { email: ADMIN_EMAIL.toUpperCase(), password: ADMIN_PASSWORD } });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    const me = await api.request('GET', '/api/v1/me', { token: reply.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: ADMIN_EMAIL, role: 'PX_ADMIN', level: 100, hospitalId: null });
  });

  it('refresh rotates the token; the old one stops working and its reuse ends every session', async () => {
    const first = await api.request('POST', '/api/v1/auth/login', { body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
    const second = await api.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: first.body.refreshToken } });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.body.refreshToken);
    expect((await api.request('GET', '/api/v1/me', { token: second.body.accessToken })).status).toBe(200);

    const reuse = await api.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: first.body.refreshToken } });
    expect(reuse.status).toBe(401);
    const afterReuse = await api.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: second.body.refreshToken } });
    expect(afterReuse.status).toBe(401);
    const unknown = await api.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: 'x'.repeat(43) } });
    expect(unknown.status).toBe(401);
    const stored = await api.em().find(RefreshToken, {});
    expect(stored.every((t) => t.tokenHash.length === 64 && t.tokenHash !== first.body.refreshToken)).toBe(true);
  });

  it('locks the account after repeated failures, even against the right password, then lets it in again', async () => {
    const user = await api.createUser('NURSE');
    for (let i = 0; i < 2; i++) {
      expect((await api.request('POST', '/api/v1/auth/login', { body: { email: user.email, password: 'wrong password!' } })).status).toBe(401);
    }
    const third = await api.request('POST', '/api/v1/auth/login', { body: { email: user.email, password: 'wrong password!' } });
    expect(third.status).toBe(423);
    expect(third.body.error.code).toBe('account_locked');
    const rightButLocked = await api.request('POST', '/api/v1/auth/login', { body: { email: user.email, password: USER_PASSWORD } });
    expect(rightButLocked.status).toBe(423);

    await new Promise((r) => setTimeout(r, 2_100));
    expect((await api.request('POST', '/api/v1/auth/login', { body: { email: user.email, password: USER_PASSWORD } })).status).toBe(200);

    const failures = await api.em().find(AuditEvent, { action: 'auth.login', outcome: 'failure', actorId: user.id });
    expect(failures).toHaveLength(4);
  });

  it('an administrator can unlock a locked account', async () => {
    const user = await api.createUser('STAFF');
    for (let i = 0; i < 3; i++) await api.request('POST', '/api/v1/auth/login', { body: { email: user.email, password: 'wrong password!' } });
    expect((await api.request('POST', '/api/v1/auth/login', { body: { email: user.email, password: USER_PASSWORD } })).status).toBe(423);
    const unlock = await api.request('PATCH', `/api/v1/users/${user.id}`, { token: await api.adminToken(), body: { unlock: true } });
    expect(unlock.status).toBe(200);
    expect((await api.request('POST', '/api/v1/auth/login', { body: { email: user.email, password: USER_PASSWORD } })).status).toBe(200);
  });

  it('a disabled account cannot sign in and its tokens stop working', async () => {
    const user = await api.createUser('VIEWER');
    const token = await api.login(user.email);
    await api.request('PATCH', `/api/v1/users/${user.id}`, { token: await api.adminToken(), body: { active: false } });
    expect((await api.request('GET', '/api/v1/me', { token })).status).toBe(401);
    expect((await api.request('POST', '/api/v1/auth/login', { body: { email: user.email, password: USER_PASSWORD } })).status).toBe(401);
  });
});

describe('login throttling', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ env: { PX_LOGIN_RATE_LIMIT: '3' } });
  });
  afterAll(() => api.close());

  it('answers 429 with Retry-After once a client exceeds the attempts per minute', async () => {
    const attempt = () => api.request('POST', '/api/v1/auth/login', { body: { email: 'someone@px360.test', password: 'guess-guess' } });
    for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(401);
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('access token lifetime', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ env: { PX_ACCESS_TOKEN_TTL: '1s' } });
  });
  afterAll(() => api.close());

  it('rejects an expired access token', async () => {
    const token = await api.adminToken();
    expect((await api.request('GET', '/api/v1/me', { token })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 2_100));
    const expired = await api.request('GET', '/api/v1/me', { token });
    expect(expired.status).toBe(401);
    expect(expired.body.error.message).toMatch(/expired/);
  });
});
