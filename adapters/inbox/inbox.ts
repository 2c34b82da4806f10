import type { Orm } from '../../models/orm';
import type { InboxMessage, IntakeChannel } from '../../models/entities';

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
 * The one door into the inbox, and the only code that changes a row's status: accept and reject at
 * intake, the relay's verdicts (delivered, ignored, failed, retry later) and the staff replay. A
 * message is committed before anyone acknowledges it; an accepted
 * message whose (MSH-3, MSH-4, MSH-10) was accepted before adds no row, only a duplicate count,
 * and answers with the stored acknowledgement.
 */
export class InboxService {
  constructor(private readonly orm: Orm) {}

  private get connection() {
    return this.orm.em.getConnection();
  }

  private waiting: Waiting[] = [];
  private flushing = false;

  /**
   * Stores an accepted message for the relay: inserted, or on a duplicate counted. Resolves once
   * committed. Group commit: one insert is in flight at a time, and whatever arrives meanwhile
   * goes into the next single statement, so rows commit in arrival order (the intake sequence)
   * and a busy listener pays for one commit per batch rather than one per message.
   */
  accept(entry: InboxEntry): Promise<StoredMessage> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ entry: fitted(entry), resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.waiting.length > 0) {
      const batch = takeBatch(this.waiting);
      try {
        const stored = await this.insert(batch.map((w) => w.entry));
        batch.forEach((w, i) => w.resolve(stored[i]));
      } catch (error) {
        // One bad row must not cost the others their acknowledgement: retry them one by one.
        if (batch.length === 1) batch[0].reject(error);
        else for (const w of batch) await this.insert([w.entry]).then(([stored]) => w.resolve(stored), w.reject);
      }
    }
    this.flushing = false;
  }

  private async insert(entries: InboxEntry[]): Promise<StoredMessage[]> {
    const rows: (StoredMessage & { key: string })[] = await this.connection.execute(
      `insert into inbox_message (${COLUMNS}, status, ack)
       values ${entries.map(() => `(gen_random_uuid(), ${PLACEHOLDERS}, 'received', ?)`).join(', ')}
       on conflict (sending_application, sending_facility, control_id) where status <> 'failed' and control_id is not null
       do update set duplicates = inbox_message.duplicates + 1
       returning id, ack, (xmax <> 0) as duplicate, concat_ws(chr(31), sending_application, sending_facility, control_id) as key`,
      entries.flatMap((entry) => [...values(entry), entry.ack]),
    );
    if (entries.length === 1) return [strip(rows[0])];
    const byKey = new Map(rows.map((row) => [row.key, strip(row)]));
    return entries.map((entry) => byKey.get(dedupeKey(entry)!)!);
  }

  /** Stores a message we could not accept, with the reason, so it can be inspected and replayed. */
  async reject(unfitted: InboxEntry & { error: string }): Promise<StoredMessage> {
    const entry = { ...fitted(unfitted), error: unfitted.error };
    const rows: { id: string }[] = await this.connection.execute(
      `insert into inbox_message (${COLUMNS}, status, error, ack) values (gen_random_uuid(), ${PLACEHOLDERS}, 'failed', ?, ?) returning id`,
      [...values(entry), entry.error.slice(0, 2000), entry.ack],
    );
    return { id: rows[0].id, ack: entry.ack, duplicate: false };
  }

  /** The relay delivered the row into its workflow (`ignored`: the workflow had closed; `note` says so). */
  async delivered(id: string, outcome: { eventCode: string; workflowId: string | null; note: string | null; ignored: boolean }): Promise<void> {
    await this.connection.execute(`update inbox_message set status = ?, processed_at = now(), event_code = ?, workflow_id = ?, error = ?, attempts = attempts + 1 where id = ?`, [
      outcome.ignored ? 'ignored' : 'processed',
      outcome.eventCode,
      outcome.workflowId,
      outcome.note,
      id,
    ]);
  }

  /** No event mapping applies to the row: nothing to deliver, and the reason is shown. */
  async ignored(id: string, reason: string): Promise<void> {
    await this.connection.execute(`update inbox_message set status = 'ignored', processed_at = now(), error = ? where id = ?`, [reason.slice(0, 2000), id]);
  }

  /** The row cannot be applied as it is: set aside, visible and replayable. */
  async failed(id: string, reason: string): Promise<void> {
    await this.connection.execute(`update inbox_message set status = 'failed', attempts = attempts + 1, error = ? where id = ?`, [reason.slice(0, 2000), id]);
  }

  /** A try that met an outage: the row stays received, with the reason and one more attempt counted. */
  async retryLater(id: string, reason: string): Promise<void> {
    await this.connection.execute(`update inbox_message set attempts = attempts + 1, error = ? where id = ?`, [reason.slice(0, 2000), id]);
  }

  /**
   * Staff send a failed or ignored row through the relay again: back to received, in the caller's
   * unit of work (with its audit row). Answers what it was before.
   */
  static replay(message: InboxMessage): { status: InboxMessage['status']; error: string | null | undefined } {
    const before = { status: message.status, error: message.error };
    message.status = 'received';
    message.error = null;
    message.processedAt = null;
    return before;
  }
}

interface Waiting {
  entry: InboxEntry;
  resolve(stored: StoredMessage): void;
  reject(error: unknown): void;
}

const MAX_BATCH = 500;

/** (MSH-3, MSH-4, MSH-10) as the statement reports it back; undefined when there is no control id. */
function dedupeKey(entry: InboxEntry): string | undefined {
  if (!entry.controlId) return undefined;
  return [entry.sendingApplication, entry.sendingFacility, entry.controlId].filter((part) => part != null).join('\u001f');
}

/**
 * The next batch, in arrival order. It stops before a message whose key is already in the batch
 * (one statement cannot both insert and count the same row) and keeps a message without a
 * control id on its own, since rows are matched back to callers by key.
 */
function takeBatch(waiting: Waiting[]): Waiting[] {
  const keys = new Set<string>();
  let size = 0;
  for (; size < waiting.length && size < MAX_BATCH; size++) {
    const key = dedupeKey(waiting[size].entry);
    if (key === undefined) {
      if (size === 0) size = 1;
      break;
    }
    if (keys.has(key)) break;
    keys.add(key);
  }
  return waiting.splice(0, size);
}

/** Header values cut to their column sizes, so an absurd MSH field is stored (and refused) rather than failing the insert. */
function fitted(entry: InboxEntry): InboxEntry {
  const cut = (value: string | undefined, length: number) => (value === undefined ? undefined : value.slice(0, length));
  return {
    ...entry,
    remoteAddress: cut(entry.remoteAddress, 64),
    charset: cut(entry.charset, 16),
    sendingApplication: cut(entry.sendingApplication, 180),
    sendingFacility: cut(entry.sendingFacility, 180),
    controlId: cut(entry.controlId, 199),
    messageType: cut(entry.messageType, 8),
    triggerEvent: cut(entry.triggerEvent, 8),
  };
}

const strip = ({ id, ack, duplicate }: StoredMessage): StoredMessage => ({ id, ack, duplicate });

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
