import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { RefreshToken, RefreshTokenFamily, User } from '../../models/entities';
import { sha256, signAccessToken, type TokenPair } from './tokens';

/**
 * Sessions: one sign-in is a refresh-token family; each refresh rotates its token. Rotation is one
 * conditional UPDATE, so of several requests presenting the same token exactly one wins; a token
 * that was already rotated, presented again, means it was copied, and the whole family is revoked.
 * A revoked family never comes back: not on reactivation, not on anything else.
 */
export interface TokenLifetimes {
  accessMs: number;
  refreshMs: number;
}

export type SessionClient = RefreshTokenFamily['client'];

export interface IssuedSession extends TokenPair {
  sessionId: string;
}

function newRefreshToken(em: EntityManager, userId: string, familyId: string, ttl: TokenLifetimes): string {
  const refreshToken = randomBytes(32).toString('base64url');
  em.persist(Object.assign(new RefreshToken(), { userId, familyId, tokenHash: sha256(refreshToken), expiresAt: new Date(Date.now() + ttl.refreshMs) }));
  return refreshToken;
}

function pair(userId: string, familyId: string, refreshToken: string, secret: string, ttl: TokenLifetimes): IssuedSession {
  return {
    accessToken: signAccessToken(userId, secret, ttl.accessMs, familyId),
    refreshToken,
    tokenType: 'Bearer',
    expiresIn: Math.floor(ttl.accessMs / 1000),
    sessionId: familyId,
  };
}

/**
 * The next token of a family that exists already, inserted at once and only while the family is
 * open. `for share` waits for a revocation in flight (a reuse detected by a racing request) and then
 * sees it, or holds it back until this token is committed, where the revocation then finds it: so a
 * revoked family never keeps a live token, whichever request commits first.
 */
async function nextRefreshToken(em: EntityManager, userId: string, familyId: string, ttl: TokenLifetimes): Promise<string> {
  const refreshToken = randomBytes(32).toString('base64url');
  await em.getConnection().execute(
    `insert into refresh_token (id, created_at, updated_at, user_id, family_id, token_hash, expires_at)
     select gen_random_uuid(), now(), now(), ?, ?, ?, ?
      where exists (select 1 from refresh_token_family where id = ? and revoked_at is null for share)`,
    [userId, familyId, sha256(refreshToken), new Date(Date.now() + ttl.refreshMs), familyId],
  );
  return refreshToken;
}

/** A new session (family) and its first tokens, queued on the unit of work. */
export function startSession(em: EntityManager, userId: string, client: SessionClient, secret: string, ttl: TokenLifetimes): IssuedSession {
  const family = Object.assign(new RefreshTokenFamily(), { userId, client });
  em.persist(family);
  return pair(userId, family.id, newRefreshToken(em, userId, family.id, ttl), secret, ttl);
}

export type Rotation =
  | { ok: true; user: User; session: IssuedSession }
  | { ok: false; reason: 'unknown' | 'expired' | 'reused' | 'revoked' | 'wrong_client' | 'user_inactive'; userId?: string; familyId?: string };

/**
 * Exchanges a refresh token for new tokens in the same family. The token is spent by a
 * conditional UPDATE committed on its own, before anything else happens: only one caller can
 * see its row change. The new token is inserted at once, only while its family is open.
 */
export async function rotateRefreshToken(em: EntityManager, presented: string, client: SessionClient, secret: string, ttl: TokenLifetimes): Promise<Rotation> {
  const hash = sha256(presented);
  const spent: { user_id: string; family_id: string }[] = await em.getConnection().execute(
    `update refresh_token t set revoked_at = now(), updated_at = now()
       from refresh_token_family f
      where t.token_hash = ? and t.revoked_at is null and t.expires_at > now()
        and f.id = t.family_id and f.revoked_at is null and f.client = ?
      returning t.user_id, t.family_id`,
    [hash, client],
  );
  if (spent.length === 0) {
    const stored = await em.findOne(RefreshToken, { tokenHash: hash });
    if (!stored) return { ok: false, reason: 'unknown' };
    const family = await em.findOne(RefreshTokenFamily, { id: stored.familyId });
    const known = { userId: stored.userId, familyId: stored.familyId };
    if (family?.client !== client) return { ok: false, reason: 'wrong_client', ...known };
    if (family.revokedAt) return { ok: false, reason: 'revoked', ...known };
    if (stored.revokedAt) {
      // Spent already: someone else holds a copy. End the session for both.
      await revokeSession(em, stored.familyId, 'reuse');
      return { ok: false, reason: 'reused', ...known };
    }
    return { ok: false, reason: 'expired', ...known };
  }
  const { user_id: userId, family_id: familyId } = spent[0];
  // The account as it is now: a deactivated or deleted user's sessions end here, for good.
  const user = await em.findOne(User, { id: userId, deletedAt: null, active: true });
  if (!user) {
    await revokeSession(em, familyId, 'user_inactive');
    return { ok: false, reason: 'user_inactive', userId, familyId };
  }
  return { ok: true, user, session: pair(userId, familyId, await nextRefreshToken(em, userId, familyId, ttl), secret, ttl) };
}

/** Ends one session: the family and every token in it, at once (not waiting for a flush). */
export async function revokeSession(em: EntityManager, familyId: string, reason: string): Promise<boolean> {
  const revoked = await em.nativeUpdate(RefreshTokenFamily, { id: familyId, revokedAt: null }, { revokedAt: new Date(), revokedReason: reason });
  await em.nativeUpdate(RefreshToken, { familyId, revokedAt: null }, { revokedAt: new Date() });
  return revoked > 0;
}

/** Ends every session of a user (but `keep`, the caller's own, when given); returns how many. */
export async function revokeUserSessions(em: EntityManager, userId: string, reason: string, keep?: string): Promise<number> {
  const others = keep ? { id: { $ne: keep } } : {};
  const revoked = await em.nativeUpdate(RefreshTokenFamily, { userId, revokedAt: null, ...others }, { revokedAt: new Date(), revokedReason: reason });
  await em.nativeUpdate(RefreshToken, { userId, revokedAt: null, ...(keep ? { familyId: { $ne: keep } } : {}) }, { revokedAt: new Date() });
  return revoked;
}

/** The family a refresh token belongs to, whatever its state (for signing out with it). */
export async function sessionOfToken(em: EntityManager, presented: string): Promise<RefreshToken | null> {
  return em.findOne(RefreshToken, { tokenHash: sha256(presented) });
}

