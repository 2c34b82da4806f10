import { createHash, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

const ISSUER = 'px360';

export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/** An access token for `userId`; `sessionId` (the refresh-token family) lets revoking a session end it at once. */
export function signAccessToken(userId: string, secret: string, ttlMs: number, sessionId?: string): string {
  return jwt.sign(sessionId ? { sid: sessionId } : {}, secret, { algorithm: 'HS256', subject: userId, issuer: ISSUER, jwtid: randomUUID(), expiresIn: Math.floor(ttlMs / 1000) });
}

export interface AccessClaims {
  userId: string;
  sessionId?: string;
}

/** The user (and session) inside a valid access token, or undefined for anything else. */
export function verifyAccessToken(token: string, secret: string): AccessClaims | undefined {
  try {
    const claims = jwt.verify(token, secret, { algorithms: ['HS256'], issuer: ISSUER });
    if (typeof claims !== 'object' || typeof claims.sub !== 'string') return undefined;
    return { userId: claims.sub, sessionId: typeof claims.sid === 'string' ? claims.sid : undefined };
  } catch {
    return undefined;
  }
}
