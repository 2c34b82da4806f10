import { EntitySchema } from '@mikro-orm/core';
import { Stamped, recordProperties } from './base';
import { Hospital } from './organizations';
import type { NotificationStatus } from '../rules/statuses';

export type NotificationChannel = 'sms' | 'whatsapp' | 'email';

/**
 * One outgoing message, keyed by its idempotency key (`{entity}:{kind}:{seq}`, e.g.
 * `survey:<uuid>:invite:1`) under a unique constraint, so a retried send finds the earlier attempt.
 * The log is not a PHI store: the recipient is masked and the message body is not kept.
 */
export class NotificationLog extends Stamped {
  idempotencyKey!: string;
  channel!: NotificationChannel;
  /** Masked: the last 4 characters of a phone number, or the first character and domain of an email. */
  recipient!: string;
  language!: 'ar' | 'en';
  status: NotificationStatus = 'sending';
  /** Twilio message SID, SMTP message id, or `outbox:<uuid>` for the console outbox. */
  providerId?: string | null;
  error?: string | null;
  sentAt?: Date | null;
  hospitalId?: string | null;
  entityType?: string | null;
  entityId?: string | null;
}

export const NotificationLogSchema = new EntitySchema<NotificationLog>({
  class: NotificationLog,
  tableName: 'notification_log',
  indexes: [{ properties: ['entityType', 'entityId'] }],
  properties: {
    ...recordProperties,
    idempotencyKey: { type: 'string', length: 200, unique: true },
    channel: { type: 'string', length: 10 },
    recipient: { type: 'string', length: 254 },
    language: { type: 'string', length: 2 },
    status: { type: 'string', length: 10, default: 'sending' },
    providerId: { type: 'string', length: 100, nullable: true },
    error: { type: 'text', nullable: true },
    sentAt: { type: 'datetime', nullable: true },
    hospitalId: { kind: 'm:1', entity: () => Hospital, mapToPk: true, fieldName: 'hospital_id', nullable: true, deleteRule: 'set null' },
    entityType: { type: 'string', length: 40, nullable: true },
    entityId: { type: 'string', length: 100, nullable: true },
  },
});

/**
 * The words of one kind of message (`code`, e.g. `survey_invite`) on one channel in one language.
 * Group-wide rows (no hospital) are the defaults; a hospital's own row wins. `{placeholders}` in
 * subject and body are filled when the message is sent: `{hospital}`, `{survey}`, `{link}`.
 */
export class NotificationTemplate extends Stamped {
  hospitalId?: string | null;
  code!: string;
  channel!: NotificationChannel;
  language!: 'ar' | 'en';
  subject?: string | null;
  body!: string;
}

export const NotificationTemplateSchema = new EntitySchema<NotificationTemplate>({
  class: NotificationTemplate,
  tableName: 'notification_template',
  uniques: [{ properties: ['hospitalId', 'code', 'channel', 'language'] }],
  properties: {
    ...recordProperties,
    hospitalId: { kind: 'm:1', entity: () => Hospital, mapToPk: true, fieldName: 'hospital_id', nullable: true, deleteRule: 'cascade' },
    code: { type: 'string', length: 40 },
    channel: { type: 'string', length: 10 },
    language: { type: 'string', length: 2 },
    subject: { type: 'string', length: 200, nullable: true },
    body: { type: 'text' },
  },
});
