import type { EntityManager } from '@mikro-orm/postgresql';
import { Role, User } from '../../models/entities';
import type { AppContext } from '../context';
import { AuthenticationError } from '../errors';
import type { Principal } from '../rbac/principal';
import { sessionIsOpen } from './sessions';
import { verifyAccessToken } from './tokens';

export async function loadPrincipal(em: EntityManager, userId: string): Promise<Principal | undefined> {
  const user = await em.findOne(User, { id: userId, deletedAt: null, active: true });
  if (!user) return undefined;
  const role = await em.findOneOrFail(Role, { id: user.roleId });
  return {
    id: user.id,
    email: user.email,
    fullName: user.fullName,
    roleCode: role.code,
    level: role.level,
    hospitalId: user.hospitalId ?? null,
    departmentId: user.departmentId ?? null,
  };
}

/**
 * Reads `Authorization: Bearer <access token>` and loads the caller; 401 otherwise. A token whose
 * session was revoked (sign-out, password change, reuse of a refresh token) stops working at once.
 */
export function bearerAuthentication(jwtSecret: string) {
  return async (ctx: AppContext): Promise<void> => {
    const header = ctx.get('authorization');
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw AuthenticationError();
    const claims = verifyAccessToken(match[1], jwtSecret);
    if (!claims) throw AuthenticationError('access token is invalid or expired');
    const principal = await loadPrincipal(ctx.state.em, claims.userId);
    if (!principal) throw AuthenticationError('account is disabled');
    if (!(await sessionIsOpen(ctx.state.em, claims.sessionId))) throw AuthenticationError('session has ended; sign in again');
    ctx.state.principal = { ...principal, sessionId: claims.sessionId ?? null };
  };
}
