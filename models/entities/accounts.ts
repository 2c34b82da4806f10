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

/** One refresh token; only its SHA-256 is stored. Using it rotates it (see api/auth). */
export class RefreshToken extends Stamped {
  userId!: string;
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
    tokenHash: { type: 'string', length: 64, unique: true },
    expiresAt: { type: 'datetime' },
    revokedAt: { type: 'datetime', nullable: true },
  },
});
