import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { loadConfig } from '../../config';
import { createLogger } from '../../config/logger';
import { consoleOutbox, createNotificationChannels, smtpChannel, type OutgoingMessage } from '.';

const log = createLogger('silent', 'test');
const LINK = 'http://localhost:3000/s/abc123';

/** Decodes RFC 2047 encoded words (`=?UTF-8?B?…?=` / `=?UTF-8?Q?…?=`) of one header value. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_all, encoding: string, text: string) =>
      encoding.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_h, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'),
    );
}

/** Headers (unfolded) and the decoded text body of a single-part message as the SMTP server got it. */
function parseMail(raw: string): { headers: Record<string, string>; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const headers: Record<string, string> = {};
  for (const line of raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = raw.slice(split + 4);
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  const bytes =
    encoding === 'base64'
      ? Buffer.from(body, 'base64')
      : encoding === 'quoted-printable'
        ? Buffer.from(body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_h, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1')
        : Buffer.from(body, 'utf8');
  return { headers, text: bytes.toString('utf8').replace(/\r\n/g, '\n').trim() };
}

describe('console outbox', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = path.join(await mkdtemp(path.join(os.tmpdir(), 'px360-outbox-')), 'not-yet-created');
  });
  afterEach(() => rm(path.dirname(dataDir), { recursive: true, force: true }));

  it('appends one parseable JSON line per message, creating the data directory', async () => {
    const outbox = consoleOutbox(dataDir, log);
    const sms: OutgoingMessage = { channel: 'sms', to: '+966501234567', language: 'ar', body: 'كيف كانت زيارتك؟', link: LINK };
    const email: OutgoingMessage = { channel: 'email', to: 'patient@example.com', language: 'en', subject: 'Your visit', body: 'How was your visit?' };
    const first = await outbox.send(sms);
    await outbox.send(email);
    expect(first.providerId).toMatch(/^outbox:/);

    const lines = (await readFile(path.join(dataDir, 'outbox.ndjson'), 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ channel: 'sms', to: '+966501234567', language: 'ar', body: 'كيف كانت زيارتك؟', link: LINK });
    expect(lines[0]).not.toHaveProperty('subject');
    expect(lines[1]).toMatchObject({ channel: 'email', to: 'patient@example.com', language: 'en', subject: 'Your visit', link: null });
    expect(Number.isNaN(Date.parse(lines[1].at))).toBe(false);
  });

  it('is what every channel uses in console mode, email included', async () => {
    const channels = createNotificationChannels({ ...loadConfig({}), dataDir }, log);
    await channels.email!.send({ channel: 'email', to: 'patient@example.com', language: 'en', body: 'Hello' });
    await channels.whatsapp!.send({ channel: 'whatsapp', to: '+966501234567', language: 'en', body: 'Hello' });
    const lines = (await readFile(path.join(dataDir, 'outbox.ndjson'), 'utf8')).trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l).channel)).toEqual(['email', 'whatsapp']);
  });
});

describe('SMTP channel', () => {
  const received: { from?: string; to: string[]; raw: string }[] = [];
  let server: SMTPServer;
  let port: number;

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      // Plain SMTP on loopback: no certificate for nodemailer to reject.
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('delivers a real email with an Arabic subject and body, and the link', async () => {
    const channel = smtpChannel(`smtp://127.0.0.1:${port}`, 'PX360 <no-reply@px360.local>');
    const subject = 'استبيان رضا المرضى';
    const body = 'شكراً لزيارتكم. نرجو تقييم تجربتكم.';
    const { providerId } = await channel.send({ channel: 'email', to: 'patient@example.com', language: 'ar', subject, body, link: LINK });

    expect(received).toHaveLength(1);
    const [mail] = received;
    expect(mail.from).toBe('no-reply@px360.local');
    expect(mail.to).toEqual(['patient@example.com']);
    expect(mail.raw).toContain('To: patient@example.com');
    expect(mail.raw).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/im);
    const { headers, text } = parseMail(mail.raw);
    expect(decodeWords(headers.subject)).toBe(subject);
    expect(headers['content-language']).toBe('ar');
    expect(headers['message-id']).toBe(providerId);
    expect(text).toBe(`${body}\n${LINK}`);
  });
});
