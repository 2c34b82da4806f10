import type { Orm } from '../../models/orm';
import type { IntakeChannel } from '../../models/entities';

export interface InboxEntry {
  channel: IntakeChannel;
  raw: Buffer;
  remoteAddress?: string;
  sourceId?: string;
  charset?: string;
  sendingApplication?: string;
  sendingFacility?: string;
  controlId?: string;
  messageType?: string;
  triggerEvent?: string;
  hospitalId?: string;
  /** The acknowledgement to answer with, kept so a duplicate gets the very same one. */
  ack: string;
}

export interface StoredMessage {
  id: string;
  /** The acknowledgement to send: the stored one when this was a duplicate. */
  ack: string;
  duplicate: boolean;
}

/**
 * The one door into the inbox. A message is committed before anyone acknowledges it; an accepted
 * message whose (MSH-3, MSH-4, MSH-10) was accepted before adds no row, only a duplicate count,
 * and answers with the stored acknowledgement.
 */
export class InboxService {
  constructor(private readonly orm: Orm) {}

  private get connection() {
    return this.orm.em.getConnection();
  }

  /** Stores an accepted message for the relay. One statement: insert, or on a duplicate count it. */
  async accept(entry: InboxEntry): Promise<StoredMessage> {
    const rows: StoredMessage[] = await this.connection.execute(
      `insert into inbox_message (${COLUMNS}, status, ack) values (gen_random_uuid(), ${PLACEHOLDERS}, 'received', ?)
       on conflict (sending_application, sending_facility, control_id) where status <> 'failed' and control_id is not null
       do update set duplicates = inbox_message.duplicates + 1
       returning id, ack, (xmax <> 0) as duplicate`,
      [...values(entry), entry.ack],
    );
    return rows[0];
  }

  /** Stores a message we could not accept, with the reason, so it can be inspected and replayed. */
  async reject(entry: InboxEntry & { error: string }): Promise<StoredMessage> {
    const rows: { id: string }[] = await this.connection.execute(
      `insert into inbox_message (${COLUMNS}, status, error, ack) values (gen_random_uuid(), ${PLACEHOLDERS}, 'failed', ?, ?) returning id`,
      [...values(entry), entry.error.slice(0, 2000), entry.ack],
    );
    return { id: rows[0].id, ack: entry.ack, duplicate: false };
  }
}

const COLUMNS = `id, channel, raw, remote_address, source_id, charset, sending_application, sending_facility,
  control_id, message_type, trigger_event, hospital_id`;
const PLACEHOLDERS = Array(11).fill('?').join(', ');

function values(entry: InboxEntry): unknown[] {
  return [
    entry.channel,
    entry.raw,
    entry.remoteAddress ?? null,
    entry.sourceId ?? null,
    entry.charset ?? null,
    entry.sendingApplication ?? null,
    entry.sendingFacility ?? null,
    entry.controlId ?? null,
    entry.messageType ?? null,
    entry.triggerEvent ?? null,
    entry.hospitalId ?? null,
  ];
}
