import { RefreshToken, User } from '../../../models/entities';
import { recordAudit } from '../../audit';
import { decoyHash, verifyPassword } from '../../auth/passwords';
import { issueTokens, sha256 } from '../../auth/tokens';
import { LoginThrottle } from '../../auth/loginThrottle';
import type { ApiServices } from '../../context';
import { AuthenticationError, LockedError, TooManyRequestsError } from '../../errors';
import { ROLE_LEVEL } from '../../rbac/roles';
import { defineRoute, type RouteSpec } from '../../routing';
import { loginBody, meView, refreshBody, tokenPairView } from './schema';

export function authRoutes(services: ApiServices): RouteSpec[] {
  const { auth } = services.config;
  const throttle = new LoginThrottle(auth.loginRateLimitPerMinute);
  const ttl = { accessMs: auth.accessTokenTtlMs, refreshMs: auth.refreshTokenTtlMs };

  const login = defineRoute<unknown, unknown, { email: string; password: string }>({
    method: 'post',
    path: '/api/v1/auth/login',
    tag: 'auth',
    summary: 'Sign in with email and password; repeated failures lock the account',
    access: 'public',
    limit(ctx) {
      const wait = throttle.hit(ctx.ip);
      if (wait > 0) throw TooManyRequestsError(wait);
    },
    body: loginBody,
    response: { schema: tokenPairView },
    async handler(ctx, { body }) {
      const em = ctx.state.em;
      const email = body.email.toLowerCase();
      const user = await em.findOne(User, { email, deletedAt: null });
      const fail = async (reason: string, error = AuthenticationError('invalid email or password')) => {
        recordAudit(em, ctx, { action: 'auth.login', outcome: 'failure', actorEmail: email, actorId: user?.id, entityType: 'user', entityId: user?.id, hospitalId: user?.hospitalId, after: { reason } });
        await em.flush();
        throw error;
      };
      if (!user) {
        await verifyPassword(await decoyHash(), body.password);
        return fail('unknown email');
      }
      if (user.lockedUntil && user.lockedUntil > new Date()) return fail('account locked', LockedError(user.lockedUntil));
      if (!(await verifyPassword(user.passwordHash, body.password))) {
        user.failedLoginCount += 1;
        if (user.failedLoginCount >= auth.maxFailedLogins) {
          user.lockedUntil = new Date(Date.now() + auth.lockoutMs);
          user.failedLoginCount = 0;
          return fail('wrong password; account locked', LockedError(user.lockedUntil));
        }
        return fail('wrong password');
      }
      if (!user.active) return fail('account disabled');
      user.failedLoginCount = 0;
      user.lockedUntil = null;
      user.lastLoginAt = new Date();
      const tokens = issueTokens(em, user.id, services.jwtSecret, ttl);
      recordAudit(em, ctx, { action: 'auth.login', actorId: user.id, actorEmail: user.email, entityType: 'user', entityId: user.id, hospitalId: user.hospitalId });
      await em.flush();
      return tokens;
    },
  });

  const refresh = defineRoute<unknown, unknown, { refreshToken: string }>({
    method: 'post',
    path: '/api/v1/auth/refresh',
    tag: 'auth',
    summary: 'Exchange a refresh token for a new token pair (the old refresh token stops working)',
    access: 'public',
    body: refreshBody,
    response: { schema: tokenPairView },
    async handler(ctx, { body }) {
      const em = ctx.state.em;
      const stored = await em.findOne(RefreshToken, { tokenHash: sha256(body.refreshToken) });
      if (!stored || stored.expiresAt <= new Date()) throw AuthenticationError('refresh token is invalid or expired');
      const user = await em.findOne(User, { id: stored.userId, deletedAt: null, active: true });
      if (stored.revokedAt || !user) {
        // A rotated token presented again means it leaked: end every session of that user.
        if (stored.revokedAt) {
          await em.nativeUpdate(RefreshToken, { userId: stored.userId, revokedAt: null }, { revokedAt: new Date() });
          recordAudit(em, ctx, { action: 'auth.refresh', outcome: 'failure', actorId: stored.userId, entityType: 'user', entityId: stored.userId, after: { reason: 'refresh token reused; all sessions revoked' } });
          await em.flush();
        }
        throw AuthenticationError('refresh token is invalid or expired');
      }
      stored.revokedAt = new Date();
      const tokens = issueTokens(em, user.id, services.jwtSecret, ttl);
      recordAudit(em, ctx, { action: 'auth.refresh', actorId: user.id, actorEmail: user.email, entityType: 'user', entityId: user.id, hospitalId: user.hospitalId });
      await em.flush();
      return tokens;
    },
  });

  const me = defineRoute({
    method: 'get',
    path: '/api/v1/me',
    tag: 'auth',
    summary: 'The signed-in user, role and scope',
    access: ROLE_LEVEL.VIEWER,
    response: { schema: meView },
    async handler(ctx) {
      const principal = ctx.state.principal!;
      const user = await ctx.state.em.findOneOrFail(User, { id: principal.id });
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
    },
  });

  return [login, refresh, me];
}
