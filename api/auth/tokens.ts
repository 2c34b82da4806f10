import { createHash, createSecretKey, randomUUID, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

const ISSUER = 'px360';

/**
 * The signing key as a key object, made once per secret. Handed a plain string, jsonwebtoken first
 * tries to read it as a public key and fails (a thrown error on every request) before treating it
 * as an HMAC secret.
 */
const keys = new Map<string, KeyObject>();
function keyOf(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) {
    if (keys.size >= 16) keys.clear();
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    keys.set(secret, key);
  }
  return key;
}

export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/** An access token for `userId`; `sessionId` (the refresh-token family) lets revoking a session end it at once. */
export function signAccessToken(userId: string, secret: string, ttlMs: number, sessionId?: string): string {
  return jwt.sign(sessionId ? { sid: sessionId } : {}, keyOf(secret), { algorithm: 'HS256', subject: userId, issuer: ISSUER, jwtid: randomUUID(), expiresIn: Math.floor(ttlMs / 1000) });
}

export interface AccessClaims {
  userId: string;
  sessionId?: string;
}

/** The user (and session) inside a valid access token, or undefined for anything else. */
export function verifyAccessToken(token: string, secret: string): AccessClaims | undefined {
  try {
    const claims = jwt.verify(token, keyOf(secret), { algorithms: ['HS256'], issuer: ISSUER });
    if (typeof claims !== 'object' || typeof claims.sub !== 'string') return undefined;
    return { userId: claims.sub, sessionId: typeof claims.sid === 'string' ? claims.sid : undefined };
  } catch {
    return undefined;
  }
}
