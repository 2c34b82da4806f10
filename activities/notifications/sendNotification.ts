import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Logger } from '../../config/logger';
import type { Orm } from '../../models/orm';
import type { NotificationChannels, OutgoingMessage } from './channels';

export interface NotificationRequest extends OutgoingMessage {
  /** `{entity}:{kind}:{seq}`, e.g. `survey:<uuid>:invite:1`; the same key is sent at most once. */
  idempotencyKey: string;
  hospitalId?: string | null;
  entityType?: string | null;
  entityId?: string | null;
}

export interface NotificationResult {
  /** `duplicate`: an earlier attempt under the same key sent it (or is sending it right now). */
  status: 'sent' | 'duplicate';
  providerId: string | null;
}

/** An attempt still `sending` after this long is taken for a crashed worker and sent again. */
export const STALE_SENDING_MS = 60_000;

/** What the log keeps of a recipient: enough to tell messages apart, too little to reach the patient. */
export function maskRecipient(to: string): string {
  const address = to.replace(/^whatsapp:/, '').trim();
  const at = address.lastIndexOf('@');
  if (at > 0) return `${address[0]}***${address.slice(at)}`;
  return `***${address.slice(-4)}`;
}

/** Provider errors may quote the number or address; the log keeps the masked form only. */
function scrub(text: string, to: string): string {
  return text.split(to).join(maskRecipient(to)).slice(0, 2000);
}

/**
 * True when this runs in a retry of an activity: Temporal starts a retry only once the earlier
 * attempt has failed or timed out, so a row that attempt left `sending` is no longer being worked on.
 */
function isActivityRetry(): boolean {
  try {
    return Context.current().info.attempt > 1;
  } catch {
    return false;
  }
}

export function notificationActivities({ orm, log, channels, staleSendingMs = STALE_SENDING_MS }: { orm: Orm; log: Logger; channels: NotificationChannels; staleSendingMs?: number }) {
  return {
    /**
     * Sends one message at most once per idempotency key, as far as the provider allows. The log
     * row is claimed under the unique key before the provider is called, so a retry after a crash
     * or a timeout finds it: `sent` is not sent again, `failed` is retried, and `sending` is left
     * alone unless it is older than `staleSendingMs` or this is a retry of the activity (either way
     * the attempt that claimed it is taken to be dead). Taking over such a row, it first asks the
     * provider whether that attempt's message went out (`findSent`), so it is neither sent twice nor
     * left unsent.
     * A provider error marks the row failed and is rethrown so Temporal retries the activity.
     */
    async sendNotification(input: NotificationRequest): Promise<NotificationResult> {
      const channel = channels[input.channel];
      if (!channel) {
        // Retrying cannot help; the workflow falls back to the patient's next channel instead.
        throw ApplicationFailure.nonRetryable(`no ${input.channel} channel is configured`, 'ChannelNotConfigured');
      }
      const connection = orm.em.fork().getConnection();
      const recipient = maskRecipient(input.to);
      const inserted = await connection.execute<{ id: string }[]>(
        `insert into "notification_log" ("id", "created_at", "updated_at", "idempotency_key", "channel", "recipient", "language", "status", "hospital_id", "entity_type", "entity_id")
         values (?, now(), now(), ?, ?, ?, ?, 'sending', ?, ?, ?)
         on conflict ("idempotency_key") do nothing returning "id"`,
        [randomUUID(), input.idempotencyKey, input.channel, recipient, input.language, input.hospitalId ?? null, input.entityType ?? null, input.entityId ?? null],
      );
      let id = inserted[0]?.id;
      let earlierAttemptAt: number | undefined;
      if (!id) {
        // One statement decides who retries, so two attempts racing on a failed row send once.
        const claimed = await connection.execute<{ id: string; created_at: Date }[]>(
          `update "notification_log" set "status" = 'sending', "error" = null, "channel" = ?, "recipient" = ?, "language" = ?, "updated_at" = now()
           where "idempotency_key" = ? and ("status" = 'failed' or ("status" = 'sending' and "updated_at" < now() - make_interval(secs => ?)))
           returning "id", "created_at"`,
          [input.channel, recipient, input.language, input.idempotencyKey, isActivityRetry() ? 0 : staleSendingMs / 1000],
        );
        id = claimed[0]?.id;
        earlierAttemptAt = claimed[0] ? new Date(claimed[0].created_at as unknown as string).getTime() : undefined;
        if (!id) {
          const [existing] = await connection.execute<{ provider_id: string | null }[]>(`select "provider_id" from "notification_log" where "idempotency_key" = ?`, [input.idempotencyKey]);
          log.info({ idempotencyKey: input.idempotencyKey }, 'notification already sent or being sent; not sending again');
          return { status: 'duplicate', providerId: existing?.provider_id ?? null };
        }
      }
      const { idempotencyKey: _key, hospitalId: _hospital, entityType: _type, entityId: _entity, ...message } = input;
      if (earlierAttemptAt !== undefined && channel.findSent) {
        // An earlier attempt died or failed: it may have reached the provider before it could record so.
        const already = await channel.findSent(message, earlierAttemptAt);
        if (already) {
          await connection.execute(`update "notification_log" set "status" = 'sent', "provider_id" = ?, "sent_at" = now(), "error" = null, "updated_at" = now() where "id" = ?`, [already, id]);
          log.info({ idempotencyKey: input.idempotencyKey }, 'notification found at the provider from an earlier attempt; not sending again');
          return { status: 'duplicate', providerId: already };
        }
      }
      let providerId: string;
      try {
        ({ providerId } = await channel.send(message));
      } catch (error) {
        const text = error instanceof Error ? error.message : String(error);
        await connection.execute(`update "notification_log" set "status" = 'failed', "error" = ?, "updated_at" = now() where "id" = ?`, [scrub(text, input.to), id]);
        log.warn({ idempotencyKey: input.idempotencyKey, channel: input.channel }, 'notification failed');
        throw error;
      }
      await connection.execute(`update "notification_log" set "status" = 'sent', "provider_id" = ?, "sent_at" = now(), "error" = null, "updated_at" = now() where "id" = ?`, [providerId, id]);
      return { status: 'sent', providerId };
    },
  };
}
