import { randomUUID } from 'node:crypto';
import type { EntitySchemaProperty } from '@mikro-orm/core';

/** UUID key plus created/updated stamps, shared by every table. */
export abstract class Stamped {
  id: string = randomUUID();
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
}

/** A record users may delete and expect back: rows are hidden, never removed. */
export abstract class SoftDeletable extends Stamped {
  deletedAt?: Date | null;
}

export const recordProperties = {
  id: { type: 'uuid', primary: true },
  createdAt: { type: 'datetime', onCreate: () => new Date() },
  updatedAt: { type: 'datetime', onCreate: () => new Date(), onUpdate: () => new Date() },
} satisfies { [key: string]: EntitySchemaProperty<unknown, unknown> };

export const softDeleteProperties = {
  ...recordProperties,
  deletedAt: { type: 'datetime', nullable: true },
} satisfies { [key: string]: EntitySchemaProperty<unknown, unknown> };
