import { randomUUID } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type { Config } from '../../config';
import type { Logger } from '../../config/logger';

export interface OutgoingMessage {
  channel: 'sms' | 'whatsapp' | 'email';
  /** E.164 phone number (SMS, WhatsApp) or email address. */
  to: string;
  language: 'ar' | 'en';
  subject?: string;
  body: string;
  /** The survey or complaint link; SMS, WhatsApp and email carry it at the end of the text. */
  link?: string;
}

export interface Channel {
  send(message: OutgoingMessage): Promise<{ providerId: string }>;
  /**
   * The provider's id of this very message (same recipient, same text) if the provider has a
   * record of it since `sinceMs`: asked before resending after a crash, so a worker that died
   * between the provider's acceptance and our record never makes a patient get it twice.
   * Channels with no such record (SMTP) leave it out, and a resend is at least once.
   */
  findSent?(message: OutgoingMessage, sinceMs: number): Promise<string | undefined>;
}

/** The channel that delivers each kind of message; a missing entry means that channel is not configured. */
export type NotificationChannels = Partial<Record<OutgoingMessage['channel'], Channel>>;

export const OUTBOX_FILE = 'outbox.ndjson';

/** Body and link as one text, for channels that have no separate place for a link. */
function textWithLink(message: OutgoingMessage): string {
  return message.link && !message.body.includes(message.link) ? `${message.body}\n${message.link}` : message.body;
}

/**
 * The development channel: each message becomes one JSON line in `{dataDir}/outbox.ndjson`, which
 * a developer (or the console) can read. The log line names channel and language only, because
 * recipient and body are PHI.
 */
export function consoleOutbox(dataDir: string, log: Logger): Channel {
  const file = path.join(dataDir, OUTBOX_FILE);
  return {
    async send(message) {
      await mkdir(dataDir, { recursive: true });
      const { channel, to, language, body, link, subject } = message;
      const line = { channel, to, language, body, link: link ?? null, ...(subject === undefined ? {} : { subject }), at: new Date().toISOString() };
      // One write of one line per message; O_APPEND keeps concurrent writers from interleaving lines.
      await appendFile(file, `${JSON.stringify(line)}\n`, 'utf8');
      log.info({ channel, language }, `message written to ${OUTBOX_FILE}`);
      return { providerId: `outbox:${randomUUID()}` };
    },
  };
}

/**
 * Whether a text the provider holds is this message as an earlier attempt sent it. Each attempt
 * carries a link of its own (a new survey token), so the link may differ: the rest must match, and
 * the link must be one to the same place (same text up to its last path segment).
 */
export function sameTextAs(message: OutgoingMessage): (text: string) => boolean {
  const expected = textWithLink(message);
  if (!message.link || !expected.includes(message.link)) return (text) => text === expected;
  const escape = (part: string) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const linkBase = message.link.slice(0, message.link.lastIndexOf('/') + 1);
  const pattern = new RegExp(`^${expected.split(message.link).map(escape).join(`${escape(linkBase)}[^\\s/]+`)}$`, 'u');
  return (text) => pattern.test(text);
}

export type TwilioSettings = NonNullable<Config['notify']['twilio']>;

/**
 * Sends every request of the Twilio SDK to `apiUrl` instead of the product host it builds
 * (`https://api.twilio.com/2010-04-01/...`), keeping path and query. The SDK takes a custom
 * `httpClient`; subclassing its own RequestClient keeps auth, form encoding and error handling.
 */
class RebasedRequestClient extends twilio.RequestClient {
  constructor(private readonly apiUrl: URL) {
    super();
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const original = new URL(opts.uri);
    const prefix = this.apiUrl.pathname.replace(/\/$/, '');
    return super.request({ ...opts, uri: `${this.apiUrl.origin}${prefix}${original.pathname}${original.search}` });
  }
}

/** SMS and WhatsApp through the Twilio Messages API. */
export function twilioChannel(settings: TwilioSettings): Channel {
  const client = twilio(settings.accountSid, settings.authToken, {
    httpClient: settings.apiUrl ? new RebasedRequestClient(new URL(settings.apiUrl)) : undefined,
  });
  const whatsapp = (number: string) => (number.startsWith('whatsapp:') ? number : `whatsapp:${number}`);
  const addresses = (message: OutgoingMessage) => {
    if (message.channel === 'whatsapp') {
      if (!settings.fromWhatsapp) throw new Error('TWILIO_FROM_WHATSAPP is not set');
      return { from: whatsapp(settings.fromWhatsapp), to: whatsapp(message.to) };
    }
    if (message.channel !== 'sms') throw new Error(`Twilio does not carry ${message.channel} messages`);
    return { from: settings.fromSms, to: message.to };
  };
  return {
    async send(message) {
      const sent = await client.messages.create({ ...addresses(message), body: textWithLink(message) });
      return { providerId: sent.sid };
    },
    async findSent(message, sinceMs) {
      // Twilio's own record of messages to this number since the attempt began (ten seconds of clock skew allowed).
      const since = new Date(sinceMs - 10_000);
      const sameText = sameTextAs(message);
      const listed = await client.messages.list({ ...addresses(message), dateSentAfter: since, limit: 100 });
      return listed.find((m) => sameText(m.body) && (m.dateCreated ?? since) >= since)?.sid;
    },
  };
}

/** Email through the SMTP server of `smtpUrl` (`smtp://` with STARTTLS when offered, or `smtps://`). */
export function smtpChannel(smtpUrl: string, from: string): Channel {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(message) {
      const info = await transport.sendMail({
        from,
        to: message.to,
        subject: message.subject ?? 'PX360',
        text: textWithLink(message),
        headers: { 'Content-Language': message.language },
      });
      return { providerId: info.messageId };
    },
  };
}
