import { createHash, randomBytes, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { EntityManager } from '@mikro-orm/postgresql';
import { RefreshToken } from '../../models/entities';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

const ISSUER = 'px360';

export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

export function signAccessToken(userId: string, secret: string, ttlMs: number): string {
  return jwt.sign({}, secret, { algorithm: 'HS256', subject: userId, issuer: ISSUER, jwtid: randomUUID(), expiresIn: Math.floor(ttlMs / 1000) });
}

/** The user id inside a valid access token, or undefined for anything else. */
export function verifyAccessToken(token: string, secret: string): string | undefined {
  try {
    const claims = jwt.verify(token, secret, { algorithms: ['HS256'], issuer: ISSUER });
    return typeof claims === 'object' && typeof claims.sub === 'string' ? claims.sub : undefined;
  } catch {
    return undefined;
  }
}

/** Issues an access token and a new opaque refresh token (stored hashed) on the unit of work. */
export function issueTokens(em: EntityManager, userId: string, secret: string, ttl: { accessMs: number; refreshMs: number }): TokenPair {
  const refreshToken = randomBytes(32).toString('base64url');
  const row = new RefreshToken();
  Object.assign(row, { userId, tokenHash: sha256(refreshToken), expiresAt: new Date(Date.now() + ttl.refreshMs) });
  em.persist(row);
  return {
    accessToken: signAccessToken(userId, secret, ttl.accessMs),
    refreshToken,
    tokenType: 'Bearer',
    expiresIn: Math.floor(ttl.accessMs / 1000),
  };
}
