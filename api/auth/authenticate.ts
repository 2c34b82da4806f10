import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppContext } from '../context';
import { AuthenticationError } from '../errors';
import type { Principal } from '../rbac/principal';
import { verifyAccessToken } from './tokens';

interface PrincipalRow {
  id: string;
  email: string;
  full_name: string;
  hospital_id: string | null;
  department_id: string | null;
  language: 'ar' | 'en';
  role_code: string;
  role_level: number;
  session_open: boolean;
}

/**
 * The account, its role and (when named) whether its session is still open, in one query: every
 * authenticated request asks this, so it is one round trip rather than one per table.
 */
async function principalRow(em: EntityManager, userId: string, sessionId: string | undefined): Promise<PrincipalRow | undefined> {
  if (!UUID.test(userId) || (sessionId !== undefined && !UUID.test(sessionId))) return undefined;
  const rows = await em.getConnection().execute<PrincipalRow[]>(
    `select u.id, u.email, u.full_name, u.hospital_id, u.department_id, u.language, r.code as role_code, r.level as role_level,
            (?::uuid is null or exists (select 1 from refresh_token_family f where f.id = ?::uuid and f.user_id = u.id and f.revoked_at is null)) as session_open
       from app_user u join role r on r.id = u.role_id
      where u.id = ? and u.deleted_at is null and u.active`,
    [sessionId ?? null, sessionId ?? null, userId],
  );
  return rows[0];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const toPrincipal = (row: PrincipalRow): Principal => ({
  id: row.id,
  email: row.email,
  fullName: row.full_name,
  roleCode: row.role_code,
  level: row.role_level,
  hospitalId: row.hospital_id ?? null,
  departmentId: row.department_id ?? null,
  language: row.language,
});

/** An active account with its role, or undefined when there is none (deleted, deactivated, unknown). */
export async function loadPrincipal(em: EntityManager, userId: string): Promise<Principal | undefined> {
  const row = await principalRow(em, userId, undefined);
  return row && toPrincipal(row);
}

/**
 * The caller an access (or codec link) token names, with its session: 401 when the account is
 * disabled or the session has ended (sign-out, password change, reuse of a refresh token).
 * Tokens without a session predate sessions and stand on the account alone.
 */
export async function loadSessionPrincipal(em: EntityManager, userId: string, sessionId: string | undefined, endedMessage: string): Promise<Principal & { sessionId: string | null }> {
  const row = await principalRow(em, userId, sessionId);
  if (!row) throw AuthenticationError('account is disabled');
  if (!row.session_open) throw AuthenticationError(endedMessage);
  return { ...toPrincipal(row), sessionId: sessionId ?? null };
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
    ctx.state.principal = await loadSessionPrincipal(ctx.state.em, claims.userId, claims.sessionId, 'session has ended; sign in again');
  };
}
