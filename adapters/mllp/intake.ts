import { randomBytes } from 'node:crypto';
import type { Logger } from '../../config/logger';
import { splitBatch } from '../hl7/batch';
import { facilityCode, parseHeader } from '../hl7/header';
import { extractEventFields } from '../hl7/eventFields';
import { checkStorable } from '../hl7/fieldLimits';
import { parseMessage } from '../hl7/message';
import { Hl7FormatError, type Hl7Header } from '../hl7/types';
import type { IntakeDirectory } from '../inbox/directory';
import type { InboxService } from '../inbox/inbox';

/** Where intake stores messages: the inbox service, or anything with its two operations. */
export type Inbox = Pick<InboxService, 'accept' | 'reject'>;
import { ackCodeFor, buildAck, shouldSendAck, type AckOutcome } from './ack';
import { charsetFromMsh18, decodePayload, encodeText, normaliseSegments, readMsh18, type Hl7Charset } from './charset';

export interface Sender {
  remoteAddress?: string;
}

/** A fresh MSH-10 for each ACK we send: 20 characters, within every HL7 version's limit. */
const ackControlId = () => `PX${randomBytes(9).toString('hex')}`;

/** MSH-3 HD.1 read from the raw bytes (it is ASCII), to pick the sending system's default charset. */
function peekSendingApplication(payload: Buffer): string {
  const head = payload.subarray(0, 512).toString('latin1');
  const msh = head.indexOf('MSH');
  if (msh < 0) return '';
  const separator = head.charAt(msh + 3);
  const field = head.slice(msh).split(/[\r\n]/)[0].split(separator)[2] ?? '';
  return field.split('^')[0].trim();
}

/** Best-effort header for acknowledging input we could not fully read. */
function headerOrUndefined(text: string): Hl7Header | undefined {
  try {
    return parseHeader(text);
  } catch {
    return undefined;
  }
}

/** MSH fields stored with the inbox row and echoed in the ACK, by HL7 number. */
const STORED_HEADER_FIELDS: [keyof Hl7Header, number][] = [
  ['sendingApplication', 3],
  ['sendingFacility', 4],
  ['receivingApplication', 5],
  ['receivingFacility', 6],
  ['messageType', 9],
  ['triggerEvent', 9],
  ['controlId', 10],
  ['processingId', 11],
  ['versionId', 12],
  ['charset', 18],
];

/** The longest MSH-10 HL7 allows (v2.7 and later; earlier versions allow 20). */
const MAX_CONTROL_ID = 199;

/**
 * A header the inbox could not keep or deduplicate by: a NUL in a field the inbox and the ACK keep
 * (PostgreSQL stores none), or an MSH-10 past its length (two such ids could no longer be told apart).
 */
function headerProblem(header: Hl7Header): Hl7FormatError | undefined {
  const found = STORED_HEADER_FIELDS.find(([key]) => header[key].includes('\u0000'));
  if (found) return new Hl7FormatError(`MSH-${found[1]} contains a NUL character`, '102', `MSH^1^${found[1]}`);
  if (header.controlId.length > MAX_CONTROL_ID) {
    return new Hl7FormatError(`MSH-10 is ${header.controlId.length} characters long; at most ${MAX_CONTROL_ID} are accepted`, '102', 'MSH^1^10');
  }
  return undefined;
}

/** Text with each NUL replaced, so what is kept of a refused message (its header, its ACK) can be stored. */
const withoutNul = (text: string) => text.replace(/\u0000/g, '\uFFFD');

/**
 * ACKs that arrive later. The promise is marked handled at once: the connection awaits it only
 * when the frames before it are answered, and a storage failure must not count as unhandled
 * meanwhile (it is handled then, by closing the connection unacknowledged).
 */
function later(acks: Promise<Buffer[]>): { acks: Promise<Buffer[]> } {
  acks.catch(() => undefined);
  return { acks };
}

interface Rejection {
  outcome: Exclude<AckOutcome, 'accepted'>;
  error: Hl7FormatError;
}

/**
 * Turns one MLLP frame into stored inbox rows and the acknowledgements to send back: store, then
 * ACK. Every message of a batch is stored and acknowledged on its own. Nothing here throws for bad
 * input: it is stored as failed and answered AE/AR (CE/CR in enhanced mode) with an ERR segment.
 */
export class Hl7Intake {
  constructor(
    private readonly deps: {
      inbox: Inbox;
      directory: IntakeDirectory;
      defaultCharset: Hl7Charset;
      log: Logger;
      now?: () => Date;
      /** Told after each newly accepted message (the relay, so it delivers without waiting to poll). */
      onAccepted?: () => void;
      /**
       * Follow MSH-15 strictly: no accept acknowledgement where an enhanced-mode sender asked for
       * none (NE, or ER/SU by outcome). Off by default: every frame gets a reply, so no sender waits on a timeout.
       */
      honourAcceptAckType?: boolean;
    },
  ) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /**
   * Reads a frame and queues its messages for the inbox, in order, then resolves at once; `acks`
   * resolves when they are committed. A connection can so read its next frame while this one
   * commits, and its messages still enter the inbox in the order they arrived. (Wrapped in an
   * object so awaiting this does not also wait for the commit.)
   */
  async acceptFrame(payload: Buffer, sender: Sender): Promise<{ acks: Promise<Buffer[]> }> {
    const source = await this.deps.directory.source(peekSendingApplication(payload));
    let charset: Hl7Charset = source?.defaultCharset ?? this.deps.defaultCharset;
    let messages: string[];
    try {
      charset = charsetFromMsh18(readMsh18(payload), charset);
      messages = splitBatch(normaliseSegments(decodePayload(payload, charset).text));
    } catch (error) {
      const text = normaliseSegments(payload.toString('latin1'));
      return later(this.refuse(payload, text, charset, sender, source?.id, this.asRejection(error, 'rejected')));
    }
    const pending: Promise<Buffer[]>[] = [];
    for (const text of messages) {
      const raw = messages.length === 1 ? payload : encodeText(text, charset);
      pending.push((await this.acceptMessage(raw, text, charset, sender, source?.id)).acks);
    }
    return later(Promise.all(pending).then((acks) => acks.flat()));
  }

  /** A frame over the size cap: stored (its head) as failed, answered AR; the caller closes the connection. */
  acceptOversize(head: Buffer, size: number, limit: number, sender: Sender): { acks: Promise<Buffer[]> } {
    const text = normaliseSegments(head.toString('latin1'));
    const error = new Hl7FormatError(`message of ${size}+ bytes exceeds the ${limit}-byte limit; connection closed`, '207');
    return later(this.refuse(head, text, 'UTF-8', sender, undefined, { outcome: 'rejected', error }));
  }

  private async acceptMessage(raw: Buffer, text: string, charset: Hl7Charset, sender: Sender, sourceId?: string): Promise<{ acks: Promise<Buffer[]> }> {
    let header: Hl7Header;
    try {
      header = parseHeader(text);
    } catch (error) {
      return later(this.refuse(raw, text, charset, sender, sourceId, this.asRejection(error, 'rejected')));
    }
    const unstorable = headerProblem(header);
    if (unstorable) return later(this.refuse(raw, text, charset, sender, sourceId, { outcome: 'rejected', error: unstorable }));
    const facility = facilityCode(header.sendingFacility, header.encodingCharacters.charAt(0));
    const hospitalId = facility ? await this.deps.directory.hospitalId(facility) : undefined;
    if (!hospitalId) {
      const error = new Hl7FormatError(`unknown sending facility "${facility}" in MSH-4: no hospital has that code`, '103', 'MSH^1^4');
      return later(this.refuse(raw, text, charset, sender, sourceId, { outcome: 'rejected', error }));
    }
    try {
      // Reading the event fields now means a message the relay could never use or store is answered AE here.
      checkStorable(extractEventFields(parseMessage(text)));
    } catch (error) {
      return later(this.refuse(raw, text, charset, sender, sourceId, this.asRejection(error, 'error')));
    }
    const ack = buildAck({ inbound: header, code: ackCodeFor(header, 'accepted'), controlId: ackControlId(), now: this.now() });
    // Queued now, in arrival order; committed with whatever else is waiting (see InboxService.accept).
    const stored = this.deps.inbox.accept({
      channel: 'mllp',
      raw,
      charset,
      remoteAddress: sender.remoteAddress,
      sourceId,
      sendingApplication: header.sendingApplication,
      sendingFacility: header.sendingFacility,
      controlId: header.controlId,
      messageType: header.messageType,
      triggerEvent: header.triggerEvent,
      hospitalId,
      ack,
    });
    const acks = stored.then((row) => {
      if (row.duplicate) this.deps.log.info({ inboxId: row.id }, 'duplicate message: answered with the stored ACK');
      else this.deps.onAccepted?.();
      return this.wantsAck(header, 'accepted') ? [encodeText(row.ack, charset)] : [];
    });
    return later(acks);
  }

  private wantsAck(header: Hl7Header | undefined, outcome: AckOutcome): boolean {
    return !this.deps.honourAcceptAckType || shouldSendAck(header, outcome);
  }

  private asRejection(error: unknown, outcome: Rejection['outcome']): Rejection {
    if (error instanceof Hl7FormatError) return { outcome, error };
    this.deps.log.error({ err: error }, 'unexpected error reading an HL7 message');
    return { outcome, error: new Hl7FormatError('message could not be read', '207') };
  }

  private async refuse(raw: Buffer, text: string, charset: Hl7Charset, sender: Sender, sourceId: string | undefined, rejection: Rejection): Promise<Buffer[]> {
    const header = headerOrUndefined(withoutNul(text));
    const ack = buildAck({
      inbound: header,
      code: ackCodeFor(header, rejection.outcome),
      controlId: ackControlId(),
      now: this.now(),
      error: { text: rejection.error.reason, conditionCode: rejection.error.conditionCode, location: rejection.error.location },
    });
    const stored = await this.deps.inbox.reject({
      channel: 'mllp',
      raw,
      charset,
      remoteAddress: sender.remoteAddress,
      sourceId,
      sendingApplication: header?.sendingApplication,
      sendingFacility: header?.sendingFacility,
      controlId: header?.controlId,
      messageType: header?.messageType,
      triggerEvent: header?.triggerEvent,
      ack,
      error: withoutNul(rejection.error.reason),
    });
    // The reason may quote message content, so it stays in the inbox row; the log gets the code only.
    this.deps.log.warn({ inboxId: stored.id, condition: rejection.error.conditionCode, location: rejection.error.location }, 'HL7 message refused');
    return this.wantsAck(header, rejection.outcome) ? [encodeText(ack, charset)] : [];
  }
}
