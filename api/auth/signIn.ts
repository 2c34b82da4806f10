import type { Config } from '../../config';
import { User } from '../../models/entities';
import { recordAudit } from '../audit';
import type { AppContext } from '../context';
import { AuthenticationError, LockedError } from '../errors';
import { decoyHash, verifyPassword } from './passwords';
import { startSession, type IssuedSession, type SessionClient, type TokenLifetimes } from './sessions';

/**
 * Email and password to a new session, for the JSON login and the console's cookie session alike:
 * the same lockout after repeated failures, the same timing for unknown emails, the same audit
 * rows (`auth.login`, success or failure with the reason, never the password).
 */
export async function signIn(
  ctx: AppContext,
  credentials: { email: string; password: string },
  options: { auth: Config['auth']; jwtSecret: string; ttl: TokenLifetimes; client: SessionClient },
): Promise<{ user: User; session: IssuedSession }> {
  const em = ctx.state.em;
  const { auth } = options;
  const email = credentials.email.toLowerCase();
  const user = await em.findOne(User, { email, deletedAt: null });
  const fail = async (reason: string, error = AuthenticationError('invalid email or password')): Promise<never> => {
    recordAudit(em, ctx, { action: 'auth.login', outcome: 'failure', actorEmail: email, actorId: user?.id, entityType: 'user', entityId: user?.id, hospitalId: user?.hospitalId, after: { reason, client: options.client } });
    await em.flush();
    throw error;
  };
  if (!user) {
    await verifyPassword(await decoyHash(), credentials.password);
    return fail('unknown email');
  }
  if (user.lockedUntil && user.lockedUntil > new Date()) return fail('account locked', LockedError(user.lockedUntil));
  if (!(await verifyPassword(user.passwordHash, credentials.password))) {
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
  const session = startSession(em, user.id, options.client, options.jwtSecret, options.ttl);
  recordAudit(em, ctx, { action: 'auth.login', actorId: user.id, actorEmail: user.email, entityType: 'user', entityId: user.id, hospitalId: user.hospitalId, after: { client: options.client, sessionId: session.sessionId } });
  await em.flush();
  return { user, session };
}
