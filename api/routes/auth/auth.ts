import { User } from '../../../models/entities';
import { recordAudit } from '../../audit';
import { RateLimit } from '../../rateLimit';
import { checkAccountPassword } from '../../auth/passwordPolicy';
import { hashPassword, verifyPassword } from '../../auth/passwords';
import { revokeSession, revokeUserSessions, rotateRefreshToken, sessionOfToken, type Rotation, type SessionClient } from '../../auth/sessions';
import { signIn } from '../../auth/signIn';
import type { ApiServices, AppContext } from '../../context';
import { ApiError, AuthenticationError, ForbiddenError, LockedError, TooManyRequestsError, ValidationError } from '../../errors';
import { ROLE_LEVEL } from '../../rbac/roles';
import { defineRoute, type RouteSpec } from '../../routing';
import { changePasswordBody, loginBody, meView, patchMeBody, refreshBody, sessionView, tokenPairView } from './schema';

/** The console's refresh token: httpOnly (no script reads it), SameSite=Strict, sent only to the auth routes. */
export const SESSION_COOKIE = 'px360_session';
const COOKIE_PATH = '/api/v1/auth';
/** Browsers cannot set this header across sites without CORS, which the API never grants: a CSRF guard. */
export const CONSOLE_HEADER = { name: 'x-requested-with', value: 'px360-console' } as const;

export function authRoutes(services: ApiServices): RouteSpec[] {
  const { auth } = services.config;
  // In PostgreSQL, so every API process counts the same attempts.
  const throttle = new RateLimit(services.orm, 'sign_in', auth.loginRateLimitPerMinute, 60_000);
  const ttl = { accessMs: auth.accessTokenTtlMs, refreshMs: auth.refreshTokenTtlMs };
  const signInOptions = (client: SessionClient) => ({ auth, jwtSecret: services.jwtSecret, ttl, client });
  // Runs before validation: refusing an over-eager client costs less than reading what it sent.
  const limitSignIns = async (ctx: AppContext) => {
    const { retryAfterSeconds } = await throttle.hit(ctx.ip);
    if (retryAfterSeconds > 0) throw TooManyRequestsError(retryAfterSeconds);
  };

  const setCookie = (ctx: AppContext, refreshToken: string | null) =>
    ctx.cookies.set(SESSION_COOKIE, refreshToken ?? '', {
      httpOnly: true,
      sameSite: 'strict',
      path: COOKIE_PATH,
      // https as the client sees it: behind a proxy (PX_TRUST_PROXY) from X-Forwarded-Proto.
      secure: ctx.secure,
      overwrite: true,
      ...(refreshToken ? { maxAge: ttl.refreshMs } : { expires: new Date(0) }),
    });
  const requireConsoleHeader = (ctx: AppContext) => {
    if (ctx.get(CONSOLE_HEADER.name) !== CONSOLE_HEADER.value) throw ForbiddenError(`the ${CONSOLE_HEADER.name}: ${CONSOLE_HEADER.value} header is required`);
  };
  const consoleSession = (session: { accessToken: string; expiresIn: number }) => ({
    accessToken: session.accessToken,
    tokenType: 'Bearer' as const,
    expiresIn: session.expiresIn,
    idleTimeoutSeconds: Math.floor(auth.consoleIdleTimeoutMs / 1000),
  });

  /** Rotates a presented refresh token; failures that tell of a leak or a closed account are audited. */
  async function rotate(ctx: AppContext, presented: string, client: SessionClient): Promise<Extract<Rotation, { ok: true }>> {
    const em = ctx.state.em;
    const rotation = await rotateRefreshToken(em, presented, client, services.jwtSecret, ttl);
    if (!rotation.ok) {
      const reasons: Partial<Record<typeof rotation.reason, string>> = {
        reused: 'refresh token reused; session revoked',
        revoked: 'refresh token of a revoked session',
        user_inactive: 'account disabled; session revoked',
      };
      const reason = reasons[rotation.reason];
      if (reason) {
        recordAudit(em, ctx, { action: 'auth.refresh', outcome: 'failure', actorId: rotation.userId, entityType: 'user', entityId: rotation.userId, after: { reason, client, sessionId: rotation.familyId } });
        await em.flush();
      }
      throw AuthenticationError('refresh token is invalid or expired');
    }
    const { user, session } = rotation;
    recordAudit(em, ctx, { action: 'auth.refresh', actorId: user.id, actorEmail: user.email, entityType: 'user', entityId: user.id, hospitalId: user.hospitalId, after: { client, sessionId: session.sessionId } });
    await em.flush();
    return rotation;
  }

  const login = defineRoute<unknown, unknown, { email: string; password: string }>({
    method: 'post',
    path: '/api/v1/auth/login',
    operationId: 'login',
    tag: 'auth',
    summary: 'Sign in with email and password (machine clients: tokens in the body); repeated failures lock the account',
    access: 'public',
    limit: limitSignIns,
    body: loginBody,
    response: { schema: tokenPairView },
    errors: [401, 423, 429],
    async handler(ctx, { body }) {
      const { session } = await signIn(ctx, body, signInOptions('api'));
      const { sessionId: _, ...tokens } = session;
      return tokens;
    },
  });

  const refresh = defineRoute<unknown, unknown, { refreshToken: string }>({
    method: 'post',
    path: '/api/v1/auth/refresh',
    operationId: 'refreshTokens',
    tag: 'auth',
    summary: 'Exchange a refresh token for a new token pair; the old one stops working, and presenting it again ends the session',
    access: 'public',
    body: refreshBody,
    response: { schema: tokenPairView },
    errors: [401],
    async handler(ctx, { body }) {
      const { session } = await rotate(ctx, body.refreshToken, 'api');
      const { sessionId: _, ...tokens } = session;
      return tokens;
    },
  });

  const openSession = defineRoute<unknown, unknown, { email: string; password: string }>({
    method: 'post',
    path: '/api/v1/auth/session',
    operationId: 'openConsoleSession',
    tag: 'auth',
    summary: 'Sign the staff console in: the access token in the body, the refresh token in an httpOnly SameSite=Strict cookie',
    access: 'public',
    limit: limitSignIns,
    body: loginBody,
    response: { schema: sessionView },
    errors: [401, 423, 429],
    async handler(ctx, { body }) {
      const { session } = await signIn(ctx, body, signInOptions('console'));
      setCookie(ctx, session.refreshToken);
      return consoleSession(session);
    },
  });

  const refreshSession = defineRoute({
    method: 'post',
    path: '/api/v1/auth/session/refresh',
    operationId: 'refreshConsoleSession',
    tag: 'auth',
    summary: `A new access token for the console's cookie session (rotates the cookie); needs ${CONSOLE_HEADER.name}: ${CONSOLE_HEADER.value}`,
    access: 'public',
    response: { schema: sessionView },
    errors: [401, 403],
    async handler(ctx) {
      requireConsoleHeader(ctx);
      const presented = ctx.cookies.get(SESSION_COOKIE);
      if (!presented) throw AuthenticationError('no session; sign in');
      try {
        const { session } = await rotate(ctx, presented, 'console');
        setCookie(ctx, session.refreshToken);
        return consoleSession(session);
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) setCookie(ctx, null);
        throw error;
      }
    },
  });

  const closeSession = defineRoute({
    method: 'delete',
    path: '/api/v1/auth/session',
    operationId: 'closeConsoleSession',
    tag: 'auth',
    summary: `Sign the console out: the session is revoked and its cookie cleared; needs ${CONSOLE_HEADER.name}: ${CONSOLE_HEADER.value}`,
    access: 'public',
    response: { status: 204 },
    errors: [403],
    async handler(ctx) {
      requireConsoleHeader(ctx);
      const presented = ctx.cookies.get(SESSION_COOKIE);
      const token = presented ? await sessionOfToken(ctx.state.em, presented) : null;
      if (token && (await revokeSession(ctx.state.em, token.familyId, 'sign_out'))) {
        recordAudit(ctx.state.em, ctx, { action: 'auth.logout', actorId: token.userId, entityType: 'user', entityId: token.userId, after: { client: 'console', sessionId: token.familyId } });
        await ctx.state.em.flush();
      }
      setCookie(ctx, null);
      return undefined;
    },
  });

  const me = defineRoute({
    method: 'get',
    path: '/api/v1/me',
    operationId: 'getMe',
    tag: 'auth',
    summary: 'The signed-in user, role and scope',
    access: ROLE_LEVEL.VIEWER,
    response: { schema: meView },
    async handler(ctx) {
      // Authentication has just read the account, language included.
      return viewMe(ctx, { language: ctx.state.principal!.language ?? 'en' });
    },
  });

  const patchMe = defineRoute<unknown, unknown, { language: 'ar' | 'en' }>({
    method: 'patch',
    path: '/api/v1/me',
    operationId: 'updateMe',
    tag: 'auth',
    summary: 'Change the signed-in user\'s own settings: the language the console and emails use',
    access: ROLE_LEVEL.VIEWER,
    body: patchMeBody,
    response: { schema: meView },
    async handler(ctx, { body }) {
      const em = ctx.state.em;
      const user = await em.findOneOrFail(User, { id: ctx.state.principal!.id });
      const before = { language: user.language };
      user.language = body.language;
      recordAudit(em, ctx, { action: 'user.update', entityType: 'user', entityId: user.id, hospitalId: user.hospitalId, before, after: { language: user.language, changed: ['language'] } });
      await em.flush();
      return viewMe(ctx, user);
    },
  });

  const changePassword = defineRoute<unknown, unknown, { currentPassword: string; newPassword: string }>({
    method: 'post',
    path: '/api/v1/me/password',
    operationId: 'changeMyPassword',
    tag: 'auth',
    summary: 'Change one\'s own password; every other session of the account ends',
    access: ROLE_LEVEL.VIEWER,
    limit: limitSignIns,
    body: changePasswordBody,
    response: { status: 204 },
    errors: [423, 429],
    async handler(ctx, { body }) {
      const em = ctx.state.em;
      const principal = ctx.state.principal!;
      const user = await em.findOneOrFail(User, { id: principal.id });
      const refuse = async (reason: string, error: ApiError): Promise<never> => {
        recordAudit(em, ctx, { action: 'user.password_change', outcome: 'failure', entityType: 'user', entityId: user.id, hospitalId: user.hospitalId, after: { reason } });
        await em.flush();
        throw error;
      };
      if (user.lockedUntil && user.lockedUntil > new Date()) return refuse('account locked', LockedError(user.lockedUntil));
      // Wrong guesses count like failed sign-ins: a stolen access token cannot try passwords forever.
      if (!(await verifyPassword(user.passwordHash, body.currentPassword))) {
        user.failedLoginCount += 1;
        if (user.failedLoginCount >= auth.maxFailedLogins) {
          user.lockedUntil = new Date(Date.now() + auth.lockoutMs);
          user.failedLoginCount = 0;
          return refuse('wrong current password; account locked', LockedError(user.lockedUntil));
        }
        return refuse('wrong current password', ValidationError([{ field: 'currentPassword', message: 'is not your current password' }]));
      }
      if (body.newPassword === body.currentPassword) {
        return refuse('same password', ValidationError([{ field: 'newPassword', message: 'must differ from the current password' }]));
      }
      await checkAccountPassword(em, body.newPassword, user, 'newPassword').catch((error: ApiError) => refuse('weak password', error));
      user.passwordHash = await hashPassword(body.newPassword);
      user.failedLoginCount = 0;
      const revoked = await revokeUserSessions(em, user.id, 'password_changed', principal.sessionId ?? undefined);
      recordAudit(em, ctx, { action: 'user.password_change', entityType: 'user', entityId: user.id, hospitalId: user.hospitalId, after: { changed: ['password'], sessionsRevoked: revoked } });
      await em.flush();
      return undefined;
    },
  });

  return [login, refresh, openSession, refreshSession, closeSession, me, patchMe, changePassword];
}

function viewMe(ctx: AppContext, user: Pick<User, 'language'>) {
  const principal = ctx.state.principal!;
  return {
    id: principal.id,
    email: principal.email,
    fullName: principal.fullName,
    role: principal.roleCode,
    level: principal.level,
    hospitalId: principal.hospitalId,
    departmentId: principal.departmentId,
    language: user.language,
  };
}
