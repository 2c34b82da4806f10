import { randomUUID } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createLogger } from '../../config/logger';
import { NotificationLog } from '../../models/entities';
import { connectOrm, type Orm } from '../../models/orm';
import { createTestDatabase } from '../../test/support/database';
import { fakeTwilio, TWILIO_SID, TWILIO_TOKEN } from '../../test/support/fakeTwilio';
import { maskRecipient, notificationActivities, twilioChannel, type Channel, type NotificationRequest } from '.';

const SID = TWILIO_SID;
const TOKEN = TWILIO_TOKEN;
const log = createLogger('silent', 'test');

const twilioApi = fakeTwilio();
let channel: Channel;

beforeAll(async () => {
  const apiUrl = await twilioApi.start();
  channel = twilioChannel({ accountSid: SID, authToken: TOKEN, fromSms: '+15005550006', fromWhatsapp: '+14155238886', apiUrl });
});
afterAll(() => twilioApi.stop());
beforeEach(() => {
  twilioApi.requests.length = 0;
  twilioApi.sent.length = 0;
  twilioApi.state.failNext = 0;
  twilioApi.state.failTo.clear();
});

describe('Twilio channel (real SDK against a local Messages API)', () => {
  it('sends an SMS with the Arabic body and the link intact', async () => {
    const body = 'كيف كانت تجربتكم في العيادة؟ قيّمونا من 0 إلى 10';
    const { providerId } = await channel.send({ channel: 'sms', to: '+966501234567', language: 'ar', body, link: 'https://px.example/s/tok' });
    expect(providerId).toMatch(/^SM[0-9a-f]{32}$/);
    expect(twilioApi.requests).toHaveLength(1);
    expect(twilioApi.requests[0].form).toEqual({ To: '+966501234567', From: '+15005550006', Body: `${body}\nhttps://px.example/s/tok` });
  });

  it('prefixes both WhatsApp numbers with whatsapp:', async () => {
    await channel.send({ channel: 'whatsapp', to: '+966501234567', language: 'ar', body: 'مرحباً' });
    expect(twilioApi.requests[0].form).toEqual({ To: 'whatsapp:+966501234567', From: 'whatsapp:+14155238886', Body: 'مرحباً' });
  });

  it('surfaces a provider error', async () => {
    twilioApi.state.failNext = 1;
    await expect(channel.send({ channel: 'sms', to: '+966501234567', language: 'en', body: 'Hi' })).rejects.toMatchObject({ status: 500 });
  });
});

describe('sendNotification', () => {
  let orm: Orm;
  let drop: () => Promise<void>;
  let send: (input: NotificationRequest) => ReturnType<ReturnType<typeof notificationActivities>['sendNotification']>;

  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    orm = await connectOrm(database.url);
    send = notificationActivities({ orm, log, channels: { sms: channel, whatsapp: channel } }).sendNotification;
  });
  afterAll(async () => {
    await orm.close();
    await drop();
  });

  const message = (key: string): NotificationRequest => ({
    idempotencyKey: `survey:${key}:invite:1`,
    channel: 'sms',
    to: '+966501234567',
    language: 'ar',
    body: 'نرجو تقييم زيارتكم',
    // Each message carries a link token of its own, as survey messages do.
    link: `https://px.example/s/tok-${key}`,
    entityType: 'survey',
    entityId: key,
  });
  const row = (input: NotificationRequest) => orm.em.fork().findOneOrFail(NotificationLog, { idempotencyKey: input.idempotencyKey });

  it('sends once per idempotency key; the repeat is a duplicate', async () => {
    const input = message(randomUUID());
    const first = await send(input);
    const second = await send(input);
    expect(first.status).toBe('sent');
    expect(second).toEqual({ status: 'duplicate', providerId: first.providerId });
    expect(twilioApi.requests).toHaveLength(1);
    const log = await row(input);
    expect(log).toMatchObject({ status: 'sent', providerId: first.providerId, channel: 'sms', language: 'ar', entityType: 'survey', error: null });
    expect(log.sentAt).toBeInstanceOf(Date);
  });

  it('sends once when two attempts race on the same key', async () => {
    const input = message(randomUUID());
    const results = await Promise.all([send(input), send(input)]);
    expect(results.map((r) => r.status).sort()).toEqual(['duplicate', 'sent']);
    expect(twilioApi.requests).toHaveLength(1);
  });

  it('marks a provider failure failed and rethrows; a later attempt retries and succeeds', async () => {
    const input = message(randomUUID());
    twilioApi.state.failNext = 1;
    await expect(send(input)).rejects.toMatchObject({ status: 500 });
    const failed = await row(input);
    expect(failed.status).toBe('failed');
    // The provider quoted the number; the log keeps only its masked form.
    expect(failed.error).toContain('***4567');
    expect(failed.error).not.toContain('+966501234567');

    const retried = await send(input);
    expect(retried.status).toBe('sent');
    expect(twilioApi.requests).toHaveLength(2);
    expect(await row(input)).toMatchObject({ status: 'sent', providerId: retried.providerId, error: null });
  });

  it('leaves a fresh "sending" row alone but retries one abandoned by a crashed worker', async () => {
    const input = message(randomUUID());
    const connection = orm.em.fork().getConnection();
    await connection.execute(
      `insert into notification_log (id, created_at, updated_at, idempotency_key, channel, recipient, language, status) values (?, now(), now(), ?, 'sms', '***4567', 'ar', 'sending')`,
      [randomUUID(), input.idempotencyKey],
    );
    expect(await send(input)).toEqual({ status: 'duplicate', providerId: null });
    expect(twilioApi.requests).toHaveLength(0);

    await connection.execute(`update notification_log set updated_at = now() - interval '2 minutes' where idempotency_key = ?`, [input.idempotencyKey]);
    expect((await send(input)).status).toBe('sent');
    expect(twilioApi.requests).toHaveLength(1);
  });

  it('before resending after a crash, asks Twilio whether the message went out, and does not send it twice', async () => {
    const input = message(randomUUID());
    const unique = { ...input, link: `https://px.example/s/${randomUUID()}` };
    const connection = orm.em.fork().getConnection();
    await connection.execute(
      `insert into notification_log (id, created_at, updated_at, idempotency_key, channel, recipient, language, status) values (?, now(), now() - interval '2 minutes', ?, 'sms', '***4567', 'ar', 'sending')`,
      [randomUUID(), unique.idempotencyKey],
    );
    // The worker that claimed the row reached Twilio, then died before recording the send.
    const { providerId } = await channel.send(unique);
    twilioApi.requests.length = 0;

    expect(await send(unique)).toEqual({ status: 'duplicate', providerId });
    expect(twilioApi.requests).toHaveLength(0);
    expect(await row(unique)).toMatchObject({ status: 'sent', providerId });
  });

  it('resends after a crash when Twilio has no record of the message', async () => {
    const unique = { ...message(randomUUID()), link: `https://px.example/s/${randomUUID()}` };
    await orm.em.fork().getConnection().execute(
      `insert into notification_log (id, created_at, updated_at, idempotency_key, channel, recipient, language, status) values (?, now(), now() - interval '2 minutes', ?, 'sms', '***4567', 'ar', 'sending')`,
      [randomUUID(), unique.idempotencyKey],
    );
    expect((await send(unique)).status).toBe('sent');
    expect(twilioApi.requests).toHaveLength(1);
  });

  // A worker killed mid-send leaves its row `sending`; Temporal retries the activity once the
  // attempt times out, and the retry builds the message again with a new survey link.
  const claimedBy = async (input: NotificationRequest, age: string) =>
    orm.em.fork().getConnection().execute(
      `insert into notification_log (id, created_at, updated_at, idempotency_key, channel, recipient, language, status) values (?, now() - interval '${age}', now() - interval '${age}', ?, 'sms', '***4567', 'ar', 'sending')`,
      [randomUUID(), input.idempotencyKey],
    );
  const retry = (input: NotificationRequest) => new MockActivityEnvironment({ attempt: 2 }).run(send, input) as ReturnType<typeof send>;

  it('a retry of the activity sends the message the killed attempt never got to Twilio', async () => {
    const input = message(randomUUID());
    await claimedBy(input, '25 seconds');
    expect((await retry(input)).status).toBe('sent');
    expect(twilioApi.requests).toHaveLength(1);
    expect(await row(input)).toMatchObject({ status: 'sent' });
  });

  it('a retry of the activity does not send again what the killed attempt got to Twilio, though its link is new', async () => {
    const first = { ...message(randomUUID()), body: 'نرجو تقييم زيارتكم: {link} شكراً', link: `https://px.example/s/${randomUUID()}` };
    const withLink = (m: NotificationRequest, link: string) => ({ ...m, link, body: m.body.replace('{link}', link) });
    const sentBefore = withLink(first, first.link!);
    await claimedBy(sentBefore, '25 seconds');
    const { providerId } = await channel.send(sentBefore);
    twilioApi.requests.length = 0;

    expect(await retry(withLink(first, `https://px.example/s/${randomUUID()}`))).toEqual({ status: 'duplicate', providerId });
    expect(twilioApi.requests).toHaveLength(0);
    expect(await row(sentBefore)).toMatchObject({ status: 'sent', providerId });
  });

  it('after the stale period, does not send again a message that reached Twilio with another link', async () => {
    const input = message(randomUUID());
    await claimedBy(input, '2 minutes');
    const { providerId } = await channel.send({ ...input, link: `https://px.example/s/${randomUUID()}` });
    twilioApi.requests.length = 0;

    expect(await send({ ...input, link: `https://px.example/s/${randomUUID()}` })).toEqual({ status: 'duplicate', providerId });
    expect(twilioApi.requests).toHaveLength(0);
  });

  it('does not take a message to the same number with other text, or a link elsewhere, for the earlier attempt', async () => {
    const input = message(randomUUID());
    await claimedBy(input, '2 minutes');
    await channel.send({ ...input, body: 'رسالة أخرى' });
    await channel.send({ ...input, link: `https://elsewhere.example/s/${randomUUID()}` });
    twilioApi.requests.length = 0;

    expect((await send({ ...input, link: `https://px.example/s/${randomUUID()}` })).status).toBe('sent');
    expect(twilioApi.requests).toHaveLength(1);
  });

  it('stores the recipient masked', async () => {
    const sms = message(randomUUID());
    await send(sms);
    expect((await row(sms)).recipient).toBe('***4567');

    const email = { ...message(randomUUID()), channel: 'email' as const, to: 'fatima.alharbi@example.com' };
    const emailOnly = notificationActivities({ orm, log, channels: { email: { send: async () => ({ providerId: '<id@px360>' }) } } }).sendNotification;
    await emailOnly(email);
    expect((await row(email)).recipient).toBe('f***@example.com');
    expect(maskRecipient('whatsapp:+966501234567')).toBe('***4567');
  });

  it('refuses, without retry and without a log row, a channel that is not configured', async () => {
    const input = { ...message(randomUUID()), channel: 'email' as const, to: 'patient@example.com' };
    await expect(send(input)).rejects.toMatchObject({ nonRetryable: true, type: 'ChannelNotConfigured' });
    expect(await orm.em.fork().count(NotificationLog, { idempotencyKey: input.idempotencyKey })).toBe(0);
  });
});
