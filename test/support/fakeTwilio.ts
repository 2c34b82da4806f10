/**
 * Twilio's cloud, replaced by a local HTTP server that speaks enough of its Messages API for the
 * real SDK (form-encoded To/From/Body under Basic auth, answered 201 with a message resource; the
 * list of messages sent, filtered by To, From and DateSent>), and a way to post signed inbound
 * webhooks the way Twilio does.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';

export const TWILIO_SID = `AC${'a1'.repeat(16)}`;
export const TWILIO_TOKEN = 'test-auth-token';
export const TWILIO_FROM_SMS = '+15005550006';
export const TWILIO_FROM_WHATSAPP = '+14155238886';

export interface TwilioRequest {
  path: string;
  authorization?: string;
  form: Record<string, string>;
}

export interface FakeTwilio {
  /** Every accepted Messages API request, in order. */
  requests: TwilioRequest[];
  /** Every message it accepted (answered 201), as its resource. */
  sent: Record<string, string>[];
  /** `failNext`: that many following requests answer 500; `failTo`: requests to these numbers always do. */
  state: { failNext: number; failTo: Set<string> };
  /** Called when a request arrives, before it is answered (a test may stop a worker here). */
  onRequest?: (request: TwilioRequest) => void | Promise<void>;
  start(): Promise<string>;
  stop(): Promise<void>;
  /** Environment for PX360 in `twilio` mode against this server. */
  env(apiUrl: string): Record<string, string>;
}

export function fakeTwilio(): FakeTwilio {
  const fake: FakeTwilio = {
    requests: [],
    sent: [],
    state: { failNext: 0, failTo: new Set() },
    start,
    stop,
    env: (apiUrl) => ({
      PX_NOTIFY_MODE: 'twilio',
      TWILIO_ACCOUNT_SID: TWILIO_SID,
      TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
      TWILIO_FROM_SMS,
      TWILIO_FROM_WHATSAPP,
      TWILIO_API_URL: apiUrl,
    }),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const url = new URL(req.url ?? '/', 'http://twilio.local');
      if (url.pathname !== `/2010-04-01/Accounts/${TWILIO_SID}/Messages.json` || (req.method !== 'POST' && req.method !== 'GET')) {
        return reply(404, { code: 20404, message: 'not found', status: 404 });
      }
      if (req.headers.authorization !== `Basic ${Buffer.from(`${TWILIO_SID}:${TWILIO_TOKEN}`).toString('base64')}`) {
        return reply(401, { code: 20003, message: 'Authenticate', status: 401 });
      }
      if (req.method === 'GET') {
        const to = url.searchParams.get('To');
        const from = url.searchParams.get('From');
        const after = url.searchParams.get('DateSent>');
        const messages = fake.sent.filter((m) => (!to || m.to === to) && (!from || m.from === from) && (!after || Date.parse(m.date_sent) >= Date.parse(after)));
        return reply(200, { messages, page: 0, page_size: 50, start: 0, end: messages.length, first_page_uri: url.pathname, next_page_uri: null, previous_page_uri: null, uri: url.pathname });
      }
      const request = { path: url.pathname, authorization: req.headers.authorization, form };
      fake.requests.push(request);
      await fake.onRequest?.(request);
      if (fake.state.failNext > 0 || fake.state.failTo.has(form.To)) {
        if (fake.state.failNext > 0) fake.state.failNext -= 1;
        return reply(500, { code: 20500, message: `Internal error sending to ${form.To}`, status: 500 });
      }
      const sid = `SM${randomUUID().replace(/-/g, '')}`;
      const now = new Date().toUTCString().replace('GMT', '+0000');
      const resource = { sid, account_sid: TWILIO_SID, status: 'queued', to: form.To, from: form.From, body: form.Body, num_segments: '1', date_created: now, date_sent: now, date_updated: now };
      fake.sent.push(resource);
      reply(201, resource);
    });
  });

  async function start(): Promise<string> {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }
  async function stop(): Promise<void> {
    // The SDK keeps connections alive; close them so the server (and Jest) can finish.
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  return fake;
}

/**
 * Posts an inbound message to a PX360 webhook as Twilio would: form-encoded, signed with the auth
 * token over the full URL and the fields (`authToken` lets a test forge a signature).
 */
export async function postInboundMessage(url: string, fields: Record<string, string>, authToken = TWILIO_TOKEN): Promise<{ status: number; text: string }> {
  const form = { AccountSid: TWILIO_SID, MessageSid: `SM${randomUUID().replace(/-/g, '')}`, NumMedia: '0', ...fields };
  const signature = twilio.getExpectedTwilioSignature(authToken, url, form);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, text: await response.text() };
}
