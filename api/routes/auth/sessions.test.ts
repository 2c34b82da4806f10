import { AuditEvent, RefreshToken, RefreshTokenFamily, User } from '../../../models/entities';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestApi, USER_PASSWORD, type Reply, type TestApi } from '../../../test/support/testApi';

const CONSOLE = { 'x-requested-with': 'px360-console' };

/** The value of the session cookie a reply sets, and its attributes. */
function sessionCookie(reply: Reply): { value: string; attributes: string[] } | undefined {
  const line = reply.headers.getSetCookie().find((c) => c.startsWith('px360_session='));
  if (!line) return undefined;
  const [pair, ...attributes] = line.split(';').map((s) => s.trim());
  return { value: pair.slice('px360_session='.length), attributes: attributes.map((a) => a.toLowerCase()) };
}

describe('refresh token rotation (S-07)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  const login = async (email: string, password = USER_PASSWORD) => (await api.request('POST', '/api/v1/auth/login', { body: { email, password } })).body;

  it('one refresh token presented 8 times at once: exactly one new session, the rest 401, and the family revoked', async () => {
    const user = await api.createUser('NURSE');
    const first = await login(user.email);
    const replies = await Promise.all(Array.from({ length: 8 }, () => api.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: first.refreshToken } })));
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 401, 401, 401, 401, 401, 401, 401]);

    // The other seven presented a spent token: the session is over, for the winner too.
    const winner = replies.find((r) => r.status === 200)!;
    expect((await api.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: winner.body.refreshToken } })).status).toBe(401);
    expect((await api.request('GET', '/api/v1/me', { token: winner.body.accessToken })).status).toBe(401);
    const families = await api.em().find(RefreshTokenFamily, { userId: user.id });
    expect(families).toHaveLength(1);
    expect(families[0]).toMatchObject({ revokedReason: 'reuse' });
    expect(await api.em().count(RefreshToken, { userId: user.id, revokedAt: null })).toBe(0);
    const audited = await api.em().find(AuditEvent, { action: 'auth.refresh', outcome: 'failure', actorId: user.id });
    expect(audited.map((a) => (a.after as { reason: string }).reason)).toContain('refresh token reused; session revoked');
  });

  it('reuse ends only the session it belongs to', async () => {
    const user = await api.createUser('STAFF');
    const laptop = await login(user.email);
    const phone = await login(user.email);
    const rotated = await api.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: laptop.refreshToken } });
    expect(rotated.status).toBe(200);
    expect((await api.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: laptop.refreshToken } })).status).toBe(401);
    expect((await api.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: rotated.body.refreshToken } })).status).toBe(401);
    expect((await api.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: phone.refreshToken } })).status).toBe(200);
  });
});

describe('sessions end with a password reset or deactivation (S-08, S-10)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  const login = async (email: string, password = USER_PASSWORD) => (await api.request('POST', '/api/v1/auth/login', { body: { email, password } })).body;
  const refresh = (refreshToken: string) => api.request('POST', '/api/v1/auth/refresh', { body: { refreshToken } });

  it('an administrator resetting a password ends every session of that user', async () => {
    const user = await api.createUser('NURSE');
    const before = await login(user.email);
    const reset = await api.request('PATCH', `/api/v1/users/${user.id}`, { token: await api.adminToken(), body: { password: 'a brand new passphrase 77' } });
    expect(reset.status).toBe(200);
    expect((await refresh(before.refreshToken)).status).toBe(401);
    expect((await api.request('GET', '/api/v1/me', { token: before.accessToken })).status).toBe(401);
    expect((await api.request('POST', '/api/v1/auth/login', { body: { email: user.email, password: 'a brand new passphrase 77' } })).status).toBe(200);
  });

  it('reactivating a user does not revive tokens issued before deactivation', async () => {
    const user = await api.createUser('VIEWER');
    const before = await login(user.email);
    const admin = await api.adminToken();
    expect((await api.request('PATCH', `/api/v1/users/${user.id}`, { token: admin, body: { active: false } })).status).toBe(200);
    expect((await api.request('PATCH', `/api/v1/users/${user.id}`, { token: admin, body: { active: true } })).status).toBe(200);
    expect((await refresh(before.refreshToken)).status).toBe(401);
    expect((await api.request('GET', '/api/v1/me', { token: before.accessToken })).status).toBe(401);
    // Signing in again works: only the old sessions are gone.
    expect((await api.request('POST', '/api/v1/auth/login', { body: { email: user.email, password: USER_PASSWORD } })).status).toBe(200);
  });

  it('a refresh is checked against the account as it is now, and the session does not come back', async () => {
    const user = await api.createUser('STAFF');
    const before = await login(user.email);
    // Deactivated behind the API's back (another tool, a database script): the refresh still refuses.
    await api.em().nativeUpdate(User, { id: user.id }, { active: false });
    expect((await refresh(before.refreshToken)).status).toBe(401);
    await api.em().nativeUpdate(User, { id: user.id }, { active: true });
    expect((await refresh(before.refreshToken)).status).toBe(401);
  });

  it('a user changing their own password keeps this session and ends the others', async () => {
    const user = await api.createUser('STAFF');
    const here = await login(user.email);
    const elsewhere = await login(user.email);
    const change = await api.request('POST', '/api/v1/me/password', { token: here.accessToken, body: { currentPassword: USER_PASSWORD, newPassword: 'lantern orbit cactus 19' } });
    expect(change.status).toBe(204);
    expect((await refresh(elsewhere.refreshToken)).status).toBe(401);
    expect((await api.request('GET', '/api/v1/me', { token: elsewhere.accessToken })).status).toBe(401);
    expect((await api.request('GET', '/api/v1/me', { token: here.accessToken })).status).toBe(200);
    expect((await refresh(here.refreshToken)).status).toBe(200);
    expect((await api.request('POST', '/api/v1/auth/login', { body: { email: user.email, password: USER_PASSWORD } })).status).toBe(401);
    expect((await api.request('POST', '/api/v1/auth/login', { body: { email: user.email, password: 'lantern orbit cactus 19' } })).status).toBe(200);
    const audit = await api.em().find(AuditEvent, { action: 'user.password_change', entityId: user.id });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0])).not.toContain('lantern');
  });
});

describe('POST /api/v1/me/password', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ env: { PX_LOGIN_MAX_FAILURES: '3' } });
  });
  afterAll(() => api.close());

  it('401 without a token, 400 naming the missing field', async () => {
    expect((await api.request('POST', '/api/v1/me/password', { body: { currentPassword: 'x', newPassword: 'lantern orbit cactus 19' } })).status).toBe(401);
    const token = await api.login((await api.createUser('VIEWER')).email);
    const missing = await api.request('POST', '/api/v1/me/password', { token, body: { currentPassword: USER_PASSWORD } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields).toEqual([{ field: 'newPassword', message: 'is required' }]);
  });

  it('400 naming currentPassword when it is wrong (audited, counted like a failed sign-in), then 423', async () => {
    const user = await api.createUser('NURSE');
    const token = await api.login(user.email);
    const wrong = () => api.request('POST', '/api/v1/me/password', { token, body: { currentPassword: 'not my password at all', newPassword: 'lantern orbit cactus 19' } });
    const first = await wrong();
    expect(first.status).toBe(400);
    expect(first.body.error.fields).toEqual([{ field: 'currentPassword', message: 'is not your current password' }]);
    expect((await wrong()).status).toBe(400);
    const third = await wrong();
    expect(third.status).toBe(423);
    expect(third.body.error.message).toMatch(/\d{4}-\d{2}-\d{2}T/);
    const failures = await api.em().find(AuditEvent, { action: 'user.password_change', outcome: 'failure', entityId: user.id });
    expect(failures).toHaveLength(3);
  });

  it('400 naming newPassword with the estimator\'s advice for a weak one, or the same one again', async () => {
    const user = await api.createUser('STAFF', { email: 'layla.harbi@px360.test' });
    const token = await api.login(user.email);
    for (const weak of ['            ', 'password1234', '123456789012', 'layla.harbi@px360.test']) {
      const reply = await api.request('POST', '/api/v1/me/password', { token, body: { currentPassword: USER_PASSWORD, newPassword: weak } });
      expect(reply.status).toBe(400);
      expect(reply.body.error.fields).toHaveLength(1);
      expect(reply.body.error.fields[0].field).toBe('newPassword');
    }
    const same = await api.request('POST', '/api/v1/me/password', { token, body: { currentPassword: USER_PASSWORD, newPassword: USER_PASSWORD } });
    expect(same.status).toBe(400);
    expect(same.body.error.fields[0]).toEqual({ field: 'newPassword', message: 'must differ from the current password' });
    expect((await api.request('POST', '/api/v1/auth/login', { body: { email: user.email, password: USER_PASSWORD } })).status).toBe(200);
  });
});

describe('PATCH /api/v1/me', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('401 without a token, 400 for a language the console does not speak, then stores the language (audited)', async () => {
    expect((await api.request('PATCH', '/api/v1/me', { body: { language: 'ar' } })).status).toBe(401);
    const user = await api.createUser('VIEWER');
    const token = await api.login(user.email);
    const bad = await api.request('PATCH', '/api/v1/me', { token, body: { language: 'fr' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].field).toBe('language');
    const other = await api.request('PATCH', '/api/v1/me', { token, body: { language: 'ar', role: 'PX_ADMIN' } });
    expect(other.status).toBe(400);

    const reply = await api.request('PATCH', '/api/v1/me', { token, body: { language: 'ar' } });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ id: user.id, language: 'ar', role: 'VIEWER' });
    expect((await api.request('GET', '/api/v1/me', { token })).body.language).toBe('ar');
    const audit = await api.em().find(AuditEvent, { action: 'user.update', entityId: user.id });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: user.id, before: { language: 'en' }, after: { language: 'ar' } });
  });
});

describe('console cookie session', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ env: { PX_LOGIN_MAX_FAILURES: '2', PX_CONSOLE_IDLE_TIMEOUT: '20m' } });
  });
  afterAll(() => api.close());

  const open = (email: string, password = USER_PASSWORD) => api.request('POST', '/api/v1/auth/session', { body: { email, password } });
  const refresh = (cookie?: string, headers: Record<string, string> = CONSOLE) =>
    api.request('POST', '/api/v1/auth/session/refresh', { headers: { ...headers, ...(cookie ? { cookie: `px360_session=${cookie}` } : {}) } });

  it('signs in: the access token and idle timeout in the body, the refresh token only in an httpOnly SameSite=Strict cookie on the auth path', async () => {
    const reply = await open(ADMIN_EMAIL, ADMIN_PASSWORD);
    expect(reply.status).toBe(200);
    expect(Object.keys(reply.body).sort()).toEqual(['accessToken', 'expiresIn', 'idleTimeoutSeconds', 'tokenType']);
    expect(reply.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, idleTimeoutSeconds: 1200 });
    const cookie = sessionCookie(reply)!;
    expect(cookie.value.length).toBeGreaterThanOrEqual(40);
    expect(cookie.attributes).toEqual(expect.arrayContaining(['path=/api/v1/auth', 'httponly', 'samesite=strict']));
    // Plain http here: no Secure flag (a browser would drop the cookie).
    expect(cookie.attributes).not.toContain('secure');
    expect((await api.request('GET', '/api/v1/me', { token: reply.body.accessToken })).body.email).toBe(ADMIN_EMAIL);
  });

  it('401 for a wrong password, 423 with the unlock time once locked, all audited like /auth/login', async () => {
    const user = await api.createUser('NURSE');
    const wrong = await open(user.email, 'not the password!');
    expect(wrong.status).toBe(401);
    expect(sessionCookie(wrong)).toBeUndefined();
    const locked = await open(user.email, 'not the password!');
    expect(locked.status).toBe(423);
    expect(locked.body.error.code).toBe('account_locked');
    expect(locked.body.error.message).toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/);
    expect((await open(user.email)).status).toBe(423);
    const audit = await api.em().find(AuditEvent, { action: 'auth.login', actorId: user.id });
    expect(audit.map((a) => a.outcome)).toEqual(['failure', 'failure', 'failure']);
    expect(audit[0].after).toMatchObject({ client: 'console' });
  });

  it('refresh needs the console header (403), a session (401), and rotates the cookie', async () => {
    const user = await api.createUser('STAFF');
    const signedIn = await open(user.email);
    const first = sessionCookie(signedIn)!.value;
    expect((await refresh(first, {})).status).toBe(403);
    expect((await refresh(first, { 'x-requested-with': 'XMLHttpRequest' })).status).toBe(403);
    expect((await refresh(undefined)).status).toBe(401);

    const rotated = await refresh(first);
    expect(rotated.status).toBe(200);
    expect(Object.keys(rotated.body).sort()).toEqual(['accessToken', 'expiresIn', 'idleTimeoutSeconds', 'tokenType']);
    const second = sessionCookie(rotated)!;
    expect(second.value).not.toBe(first);
    expect(second.attributes).toEqual(expect.arrayContaining(['path=/api/v1/auth', 'httponly', 'samesite=strict']));
    expect((await api.request('GET', '/api/v1/me', { token: rotated.body.accessToken })).status).toBe(200);

    // The cookie's token is not a machine client's refresh token, nor the other way round.
    expect((await api.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: second.value } })).status).toBe(401);
    const machine = await api.request('POST', '/api/v1/auth/login', { body: { email: user.email, password: USER_PASSWORD } });
    expect((await refresh(machine.body.refreshToken)).status).toBe(401);

    // The spent cookie again: the session ends and the browser is told to drop the cookie.
    const reused = await refresh(first);
    expect(reused.status).toBe(401);
    expect(sessionCookie(reused)!.value).toBe('');
    expect((await refresh(second.value)).status).toBe(401);
  });

  it('eight refreshes racing with one cookie: one succeeds, the session is revoked', async () => {
    const user = await api.createUser('STAFF');
    const cookie = sessionCookie(await open(user.email))!.value;
    const replies = await Promise.all(Array.from({ length: 8 }, () => refresh(cookie)));
    expect(replies.filter((r) => r.status === 200)).toHaveLength(1);
    expect(replies.filter((r) => r.status === 401)).toHaveLength(7);
    const winner = sessionCookie(replies.find((r) => r.status === 200)!)!.value;
    expect((await refresh(winner)).status).toBe(401);
  });

  it('sign-out needs the header, revokes the session (access token too) and clears the cookie', async () => {
    const user = await api.createUser('VIEWER');
    const signedIn = await open(user.email);
    const cookie = sessionCookie(signedIn)!.value;
    const signOut = (headers: Record<string, string>) => api.request('DELETE', '/api/v1/auth/session', { headers: { ...headers, cookie: `px360_session=${cookie}` } });
    expect((await signOut({})).status).toBe(403);
    const reply = await signOut(CONSOLE);
    expect(reply.status).toBe(204);
    const cleared = sessionCookie(reply)!;
    expect(cleared.value).toBe('');
    expect(cleared.attributes).toEqual(expect.arrayContaining(['path=/api/v1/auth']));
    expect(cleared.attributes.some((a) => a.startsWith('expires=thu, 01 jan 1970'))).toBe(true);
    expect((await refresh(cookie)).status).toBe(401);
    expect((await api.request('GET', '/api/v1/me', { token: signedIn.body.accessToken })).status).toBe(401);
    const audit = await api.em().find(AuditEvent, { action: 'auth.logout', actorId: user.id });
    expect(audit).toHaveLength(1);
    // Signing out twice is harmless.
    expect((await signOut(CONSOLE)).status).toBe(204);
  });

  it('machine clients keep bearer tokens with /auth/login and /auth/refresh bodies', async () => {
    const user = await api.createUser('STAFF');
    const login = await api.request('POST', '/api/v1/auth/login', { body: { email: user.email, password: USER_PASSWORD } });
    expect(login.status).toBe(200);
    expect(sessionCookie(login)).toBeUndefined();
    const next = await api.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: login.body.refreshToken } });
    expect(next.status).toBe(200);
    expect(next.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    expect(typeof next.body.refreshToken).toBe('string');
  });
});

describe('console cookie session behind a proxy', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ env: { PX_TRUST_PROXY: 'true', PX_LOGIN_RATE_LIMIT: '4' } });
  });
  afterAll(() => api.close());

  it('the cookie is Secure when the client reached the proxy over https', async () => {
    const user = await api.createUser('STAFF');
    const reply = await api.request('POST', '/api/v1/auth/session', { headers: { 'x-forwarded-proto': 'https' }, body: { email: user.email, password: USER_PASSWORD } });
    expect(reply.status).toBe(200);
    expect(sessionCookie(reply)!.attributes).toContain('secure');
    const plain = await api.request('POST', '/api/v1/auth/session', { headers: { 'x-forwarded-proto': 'http' }, body: { email: user.email, password: USER_PASSWORD } });
    expect(sessionCookie(plain)!.attributes).not.toContain('secure');
  });

  it('sign-ins share one throttle with /auth/login: 429 with Retry-After', async () => {
    const headers = { 'x-forwarded-for': '203.0.113.9' };
    const body = { email: 'someone@px360.test', password: 'guess-guess-guess' };
    expect((await api.request('POST', '/api/v1/auth/login', { headers, body })).status).toBe(401);
    expect((await api.request('POST', '/api/v1/auth/session', { headers, body })).status).toBe(401);
    expect((await api.request('POST', '/api/v1/auth/login', { headers, body })).status).toBe(401);
    expect((await api.request('POST', '/api/v1/auth/session', { headers, body })).status).toBe(401);
    const limited = await api.request('POST', '/api/v1/auth/session', { headers, body });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('too_many_requests');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
