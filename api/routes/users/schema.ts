import { answerObject, hospitalFilterProperties, language, listQuery, nullableUuid, recordViewProperties, uuid } from '../schemaParts';

const password = { type: 'string', minLength: 12, maxLength: 200, description: 'at least 12 characters and not easy to guess: common passwords, words, patterns and the person\'s own email, name or hospital are refused' } as const;
const role = { type: 'string', minLength: 2, maxLength: 40, description: 'role code, e.g. NURSE' } as const;

export const createUser = {
  type: 'object',
  additionalProperties: false,
  required: ['email', 'password', 'fullName', 'role'],
  properties: {
    email: { type: 'string', format: 'email', maxLength: 254 },
    password,
    fullName: { type: 'string', minLength: 1, maxLength: 200 },
    role,
    hospitalId: nullableUuid,
    departmentId: nullableUuid,
    language,
  },
} as const;

export const updateUser = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    password,
    fullName: { type: 'string', minLength: 1, maxLength: 200 },
    role,
    hospitalId: { ...nullableUuid, description: "moves the account to another hospital (group-wide PX admins only; null only for a PX admin account); its department is cleared unless departmentId names one of the new hospital" },
    departmentId: nullableUuid,
    language,
    active: { type: 'boolean' },
    unlock: { type: 'boolean', description: 'true clears a lockout after failed logins' },
  },
} as const;

export const listUsers = listQuery({ ...hospitalFilterProperties, role, departmentId: uuid, email: { type: 'string', maxLength: 254 }, active: { type: 'boolean' } });

export const userView = answerObject({
  ...recordViewProperties,
  email: { type: 'string' },
  fullName: { type: 'string' },
  role,
  hospitalId: nullableUuid,
  departmentId: nullableUuid,
  language,
  active: { type: 'boolean' },
  lockedUntil: { type: ['string', 'null'], format: 'date-time', description: 'set while a lockout after failed sign-ins lasts' },
  lastLoginAt: { type: ['string', 'null'], format: 'date-time' },
});
