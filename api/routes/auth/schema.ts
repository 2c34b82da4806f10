import { answerObject, language, nullableUuid, uuid } from '../schemaParts';

export const loginBody = {
  type: 'object',
  additionalProperties: false,
  required: ['email', 'password'],
  properties: {
    email: { type: 'string', format: 'email', maxLength: 254 },
    password: { type: 'string', minLength: 1, maxLength: 200 },
  },
} as const;

export const refreshBody = {
  type: 'object',
  additionalProperties: false,
  required: ['refreshToken'],
  properties: { refreshToken: { type: 'string', minLength: 20, maxLength: 200 } },
} as const;

export const tokenPairView = answerObject({
  accessToken: { type: 'string', description: 'send as Authorization: Bearer …' },
  refreshToken: { type: 'string', description: 'exchange at POST /api/v1/auth/refresh; works once' },
  tokenType: { type: 'string', const: 'Bearer' },
  expiresIn: { type: 'integer', description: 'access token lifetime in seconds' },
});

export const meView = answerObject({
  id: uuid,
  email: { type: 'string' },
  fullName: { type: 'string' },
  role: { type: 'string' },
  level: { type: 'integer' },
  hospitalId: { ...nullableUuid, description: 'null for a group-wide account' },
  departmentId: nullableUuid,
  language,
});

export const sessionView = {
  type: 'object',
  required: ['accessToken', 'tokenType', 'expiresIn', 'idleTimeoutSeconds'],
  properties: {
    accessToken: { type: 'string', description: 'keep in memory only; the refresh token is in an httpOnly cookie' },
    tokenType: { type: 'string', const: 'Bearer' },
    expiresIn: { type: 'integer', description: 'access token lifetime in seconds' },
    idleTimeoutSeconds: { type: 'integer', description: 'sign the browser out after this long without use (PX_CONSOLE_IDLE_TIMEOUT)' },
  },
} as const;

export const patchMeBody = {
  type: 'object',
  additionalProperties: false,
  required: ['language'],
  properties: { language },
} as const;

export const changePasswordBody = {
  type: 'object',
  additionalProperties: false,
  required: ['currentPassword', 'newPassword'],
  properties: {
    currentPassword: { type: 'string', minLength: 1, maxLength: 200 },
    newPassword: { type: 'string', minLength: 12, maxLength: 200, description: 'at least 12 characters and not easy to guess (see the README)' },
  },
} as const;
