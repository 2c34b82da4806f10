import { EntitySchema } from '@mikro-orm/core';
import { Stamped, recordProperties, SoftDeletable, softDeleteProperties } from './base';
import { Department, Hospital, type Language } from './organizations';

/** A role is a named level; permissions compare levels (see api/rbac). */
export class Role extends Stamped {
  code!: string;
  level!: number;
  nameEn!: string;
  nameAr!: string;
  /** The eight built-in roles cannot be deleted or have their level changed. */
  system = false;
}

export const RoleSchema = new EntitySchema<Role>({
  class: Role,
  tableName: 'role',
  properties: {
    ...recordProperties,
    code: { type: 'string', length: 40, unique: true },
    level: { type: 'integer' },
    nameEn: { type: 'string', length: 120 },
    nameAr: { type: 'string', length: 120 },
    system: { type: 'boolean', default: false },
  },
});

export class User extends SoftDeletable {
  email!: string;
  passwordHash!: string;
  fullName!: string;
  roleId!: string;
  hospitalId?: string | null;
  departmentId?: string | null;
  language: Language = 'en';
  active = true;
  failedLoginCount = 0;
  lockedUntil?: Date | null;
  lastLoginAt?: Date | null;
}

export const UserSchema = new EntitySchema<User>({
  class: User,
  tableName: 'app_user',
  properties: {
    ...softDeleteProperties,
    email: { type: 'string', length: 254, unique: true },
    passwordHash: { type: 'string', length: 255, hidden: true },
    fullName: { type: 'string', length: 200 },
    roleId: { kind: 'm:1', entity: () => Role, mapToPk: true, fieldName: 'role_id', deleteRule: 'restrict' },
    hospitalId: { kind: 'm:1', entity: () => Hospital, mapToPk: true, fieldName: 'hospital_id', nullable: true, deleteRule: 'restrict' },
    departmentId: { kind: 'm:1', entity: () => Department, mapToPk: true, fieldName: 'department_id', nullable: true, deleteRule: 'set null' },
    language: { type: 'string', length: 2, default: 'en' },
    active: { type: 'boolean', default: true },
    failedLoginCount: { type: 'integer', default: 0 },
    lockedUntil: { type: 'datetime', nullable: true },
    lastLoginAt: { type: 'datetime', nullable: true },
  },
});

/**
 * One sign-in and every refresh token rotated from it (a "family"). Revoking the family ends the
 * session: a rotated token presented again, sign-out, a password change or deactivation revoke it,
 * and no token of a revoked family is ever accepted again.
 */
export class RefreshTokenFamily extends Stamped {
  userId!: string;
  /** `api`: tokens in JSON bodies (machine clients); `console`: the browser's httpOnly cookie. */
  client: 'api' | 'console' = 'api';
  revokedAt?: Date | null;
  /** Why it was revoked: `sign_out`, `reuse`, `password_changed`, `deactivated`, `user_inactive`. */
  revokedReason?: string | null;
}

export const RefreshTokenFamilySchema = new EntitySchema<RefreshTokenFamily>({
  class: RefreshTokenFamily,
  tableName: 'refresh_token_family',
  properties: {
    ...recordProperties,
    userId: { kind: 'm:1', entity: () => User, mapToPk: true, fieldName: 'user_id', deleteRule: 'cascade', index: true },
    client: { type: 'string', length: 10, default: 'api' },
    revokedAt: { type: 'datetime', nullable: true },
    revokedReason: { type: 'string', length: 40, nullable: true },
  },
});

/** One refresh token; only its SHA-256 is stored. Using it rotates it atomically (see api/auth/sessions.ts). */
export class RefreshToken extends Stamped {
  userId!: string;
  familyId!: string;
  tokenHash!: string;
  expiresAt!: Date;
  revokedAt?: Date | null;
}

export const RefreshTokenSchema = new EntitySchema<RefreshToken>({
  class: RefreshToken,
  tableName: 'refresh_token',
  properties: {
    ...recordProperties,
    userId: { kind: 'm:1', entity: () => User, mapToPk: true, fieldName: 'user_id', deleteRule: 'cascade' },
    familyId: { kind: 'm:1', entity: () => RefreshTokenFamily, mapToPk: true, fieldName: 'family_id', deleteRule: 'cascade', index: true },
    tokenHash: { type: 'string', length: 64, unique: true },
    expiresAt: { type: 'datetime' },
    revokedAt: { type: 'datetime', nullable: true },
  },
});
