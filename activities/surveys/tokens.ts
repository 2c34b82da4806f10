import { createHash, randomBytes } from 'node:crypto';

/** A survey link token: 256 random bits, URL-safe. Only its hash is ever stored. */
export function newSurveyToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashSurveyToken(token) };
}

export function hashSurveyToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Tokens are 43 base64url characters; anything else is not worth a database lookup. */
export const SURVEY_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
