/**
 * The MLLP listener over real sockets against a real database: framing, charsets, ACK rules,
 * store-then-ACK with duplicates, bad input answered and recorded, and connection behaviour.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { Hospital, InboxMessage, Patient } from '../../models/entities';
import { createLogger } from '../../config/logger';
import { connectTemporal, type TemporalHandle } from '../../workers/temporalClient';
import { adt, controlId } from '../../test/support/hl7Messages';
import { field, MllpTestClient } from '../../test/support/mllpClient';
import { startTestApi, type TestApi } from '../../test/support/testApi';
import { uniqueVisit } from '../../test/support/testHub';
import { IntakeDirectory } from '../inbox/directory';
import { InboxService } from '../inbox/inbox';
import { Relay } from '../relay/relay';
import { encodeText } from './charset';
import { encodeFrame, MLLP, MllpFrameDecoder } from './frameDecoder';
import { Hl7Intake } from './intake';
import { startMllpListener, type RunningMllpListener } from './listener';

const log = createLogger('silent');
let api: TestApi;
let temporal: TemporalHandle;
let listener: RunningMllpListener;
let relay: Relay;

async function listen(
  options: { maxFrameBytes?: number; idleTimeoutMs?: number; honourAcceptAckType?: boolean; maxConnections?: number; frameDeadlineMs?: number } = {},
): Promise<RunningMllpListener> {
  const intake = new Hl7Intake({ inbox: new InboxService(api.orm), directory: new IntakeDirectory(api.orm), defaultCharset: 'UTF-8', log, honourAcceptAckType: options.honourAcceptAckType });
  return startMllpListener({
    host: '127.0.0.1',
    port: 0,
    maxFrameBytes: options.maxFrameBytes ?? 64 * 1024,
    idleTimeoutMs: options.idleTimeoutMs ?? 60_000,
    maxConnections: options.maxConnections,
    frameDeadlineMs: options.frameDeadlineMs,
    intake,
    log,
  });
}

const facts = (extra: Record<string, string> = {}) => ({ visit: uniqueVisit(), mrn: `M${Date.now()}${Math.floor(Math.random() * 1e6)}`, ...extra });
const inbox = (where: object = {}) => api.em().find(InboxMessage, where, { orderBy: { seq: 'asc' }, populate: ['raw'] as never });
const patientByMrn = (mrn: string) => api.em().findOneOrFail(Patient, { mrn });

beforeAll(async () => {
  api = await startTestApi();
  temporal = connectTemporal(process.env.PX_TEST_TEMPORAL_ADDRESS!, 'default');
  listener = await listen();
  // Delivery goes to a task queue no worker polls: these tests look at intake and patients, not journeys.
  relay = new Relay({ orm: api.orm, client: temporal.client, databaseUrl: api.databaseUrl, taskQueue: 'px360-listener-test', log, pollMs: 60_000, encounterDefaults: { defaultInactivityMs: 60_000, closeGraceMs: 1_000 } });
});
afterAll(async () => {
  await listener.close(500);
  await temporal.close();
  await api.close();
});

describe('framing', () => {
  it('answers pipelined messages sent in one write, in order', async () => {
    const client = await MllpTestClient.connect(listener.port);
    const ids = [controlId(), controlId(), controlId()];
    client.write(Buffer.concat(ids.map((id) => encodeFrame(Buffer.from(adt('A04', facts({ control: id })))))));
    const acks = [await client.nextAck(), await client.nextAck(), await client.nextAck()];
    expect(acks.map((a) => field(a, 'MSA', 2))).toEqual(ids);
    expect(acks.map((a) => field(a, 'MSA', 1))).toEqual(['AA', 'AA', 'AA']);
    client.close();
  });

  it('reassembles a frame split across writes, even inside an Arabic character', async () => {
    const f = facts({ family: 'العتيبي', given: 'فيصل', charset: 'UNICODE UTF-8' });
    const bytes = encodeFrame(Buffer.from(adt('A04', f), 'utf8'));
    const arabicAt = bytes.indexOf(Buffer.from('ع', 'utf8'));
    const client = await MllpTestClient.connect(listener.port);
    for (const [from, to] of [[0, 10], [10, arabicAt + 1], [arabicAt + 1, bytes.length - 1], [bytes.length - 1, bytes.length]]) {
      client.write(bytes.subarray(from, to));
      await new Promise((r) => setTimeout(r, 30));
    }
    expect(field(await client.nextAck(), 'MSA', 1)).toBe('AA');
    await relay.runOnce();
    expect((await patientByMrn(f.mrn)).fullNameAr).toBe('فيصل العتيبي');
    client.close();
  });

  it('stores ISO-8859-6 Arabic names correctly and answers in the same charset', async () => {
    const f = facts({ family: 'القحطاني', given: 'نورة', charset: '8859/6' });
    const client = await MllpTestClient.connect(listener.port);
    client.sendMessage(encodeText(adt('A04', f), 'ISO-8859-6'));
    const ack = await client.nextAck(10_000, 'latin1');
    expect(field(ack, 'MSA', 1)).toBe('AA');
    expect(field(ack, 'MSH', 18)).toBe('8859/6');
    await relay.runOnce();
    expect((await patientByMrn(f.mrn)).fullNameAr).toBe('نورة القحطاني');
    client.close();
  });

  it('tolerates a missing trailing CR, LF line endings and bytes between frames', async () => {
    const client = await MllpTestClient.connect(listener.port);
    const lf = facts();
    client.write(Buffer.concat([
      Buffer.from('noise before'),
      Buffer.from([MLLP.START]), Buffer.from(adt('A04', facts())), Buffer.from([MLLP.END]),
      Buffer.from('\r\n-- garbage --\r\n'),
      encodeFrame(Buffer.from(adt('A04', lf).replace(/\r/g, '\r\n'))),
      encodeFrame(Buffer.from(adt('A08', facts()).replace(/\r/g, '\n'))),
    ]));
    expect([await client.nextAck(), await client.nextAck(), await client.nextAck()].map((a) => field(a, 'MSA', 1))).toEqual(['AA', 'AA', 'AA']);
    await relay.runOnce();
    const row = (await inbox({ workflowId: `encounter:DEMO:${lf.visit}` }))[0];
    expect(row.eventCode).toBe('OPD_CHECK_IN');
    client.close();
  });

  it('answers an oversize frame AR, records it as failed and closes the connection', async () => {
    const client = await MllpTestClient.connect(listener.port);
    const big = adt('A04', facts()) + '\rNTE|1||' + 'x'.repeat(100 * 1024);
    client.sendMessage(big);
    const ack = await client.nextAck();
    expect(field(ack, 'MSA', 1)).toBe('AR');
    expect(field(ack, 'ERR', 3)).toContain('exceeds the 65536-byte limit');
    expect(await client.waitClosed()).toBe(true);
    const failed = await inbox({ status: 'failed', error: { $like: '%exceeds%' } });
    expect(failed).toHaveLength(1);
    expect(failed[0].raw.length).toBeLessThanOrEqual(4096);
  });

  it('serves many clients at once', async () => {
    const clients = await Promise.all(Array.from({ length: 12 }, () => MllpTestClient.connect(listener.port)));
    const acks = await Promise.all(clients.map(async (client) => {
      const codes = [];
      for (let i = 0; i < 5; i++) codes.push(field(await client.send(adt('A04', facts())), 'MSA', 1));
      client.close();
      return codes;
    }));
    expect(acks.flat()).toEqual(Array(60).fill('AA'));
  });
});

describe('intake order', () => {
  it('commits each connection’s messages in the order sent, whatever the other connections do', async () => {
    const clients = await Promise.all(Array.from({ length: 8 }, () => MllpTestClient.connect(listener.port)));
    const sent = clients.map(() => Array.from({ length: 25 }, () => controlId()));
    clients.forEach((client, c) => client.write(Buffer.concat(sent[c].map((id) => encodeFrame(Buffer.from(adt('A04', facts({ control: id }))))))));
    for (const [c, client] of clients.entries()) {
      for (let i = 0; i < sent[c].length; i++) expect(field(await client.nextAck(), 'MSA', 2)).toBe(sent[c][i]);
      client.close();
    }
    for (const ids of sent) {
      const rows = await inbox({ controlId: { $in: ids } });
      expect(rows.map((r) => r.controlId)).toEqual(ids);
    }
  });

  it('an absurdly long MSH-10 is stored as failed and answered AR naming MSH-10, echoed whole, not lost', async () => {
    const client = await MllpTestClient.connect(listener.port);
    const id = 'X'.repeat(300);
    const ack = await client.send(adt('A04', facts({ control: id })));
    expect(field(ack, 'MSA', 1)).toBe('AR');
    expect(field(ack, 'MSA', 2)).toBe(id);
    expect(field(ack, 'ERR', 2)).toBe('MSH^1^10');
    expect(await inbox({ controlId: id.slice(0, 199), status: 'failed' })).toHaveLength(1);
    // The connection goes on.
    expect(field(await client.send(adt('A04', facts())), 'MSA', 1)).toBe('AA');
    client.close();
  });
});

describe('acknowledgements', () => {
  it('swaps sender and receiver, echoes MSH-10 in MSA-2 and gives each ACK its own MSH-10', async () => {
    const client = await MllpTestClient.connect(listener.port);
    const id = controlId();
    const first = await client.send(adt('A04', facts({ control: id })));
    const second = await client.send(adt('A04', facts()));
    expect([field(first, 'MSH', 3), field(first, 'MSH', 4), field(first, 'MSH', 5), field(first, 'MSH', 6)]).toEqual(['PX360', 'PX360', 'HIS', 'DEMO']);
    expect(field(first, 'MSH', 9)).toBe('ACK^A04^ACK');
    expect(field(first, 'MSA', 2)).toBe(id);
    expect(field(first, 'MSH', 10)).not.toBe(field(second, 'MSH', 10));
    expect(first).not.toContain('ERR');
    client.close();
  });

  const withModes = (modes: string) => adt('A04', facts()).replace(/^(MSH(\|[^|\r]*){11})/, `$1|||${modes}`);

  it('uses enhanced mode when MSH-15/16 ask: CA on commit, and by default answers even NE', async () => {
    const client = await MllpTestClient.connect(listener.port);
    const never = withModes('NE|NE');
    expect(field(await client.send(never), 'MSA', 1)).toBe('CA');
    const always = withModes('AL|NE');
    const ack = await client.send(always);
    expect(field(ack, 'MSA', 1)).toBe('CA');
    expect(field(ack, 'MSA', 2)).toBe(field(always, 'MSH', 10));
    client.close();
  });

  it('when told to honour MSH-15, sends nothing for NE', async () => {
    const strict = await listen({ honourAcceptAckType: true });
    const client = await MllpTestClient.connect(strict.port);
    client.sendMessage(withModes('NE|AL'));
    const always = withModes('AL|NE');
    expect(field(await client.send(always), 'MSA', 2)).toBe(field(always, 'MSH', 10));
    client.close();
    await strict.close(100);
  });

  it('answers with the sender’s own delimiters', async () => {
    const client = await MllpTestClient.connect(listener.port);
    const message = adt('A04', facts()).replace(/\|/g, '#').replace(/\^/g, '$').replace('MSH#$~\\&', 'MSH#$~\\&');
    const ack = await client.send(message);
    expect(ack.startsWith('MSH#$~\\&#PX360#PX360#HIS#DEMO#')).toBe(true);
    expect(ack).toContain('\rMSA#AA#');
    client.close();
  });
});

describe('store, then ACK', () => {
  it('a duplicate (same MSH-3, MSH-4, MSH-10) gets the stored ACK again and adds no row', async () => {
    const client = await MllpTestClient.connect(listener.port);
    const message = adt('A04', facts());
    const first = await client.send(message);
    const again = await client.send(message);
    expect(again).toBe(first);
    const rows = await inbox({ controlId: field(message, 'MSH', 10) });
    expect(rows).toHaveLength(1);
    expect(rows[0].duplicates).toBe(1);
    client.close();
  });

  it('malformed input is answered AR with an ERR segment, stored as failed, and the connection goes on', async () => {
    const client = await MllpTestClient.connect(listener.port);
    const ack = await client.send('this is not an HL7 message');
    expect(field(ack, 'MSA', 1)).toBe('AR');
    expect(field(ack, 'ERR', 3)).toBe('100^no MSH segment^HL70357');
    expect(field(await client.send(adt('A04', facts())), 'MSA', 1)).toBe('AA');
    const failed = await inbox({ status: 'failed', error: 'no MSH segment' });
    expect(failed[0].raw.toString()).toBe('this is not an HL7 message');
    client.close();
  });

  it('a broken segment gets AE naming the problem; a required MSH field missing gets AR', async () => {
    const client = await MllpTestClient.connect(listener.port);
    const broken = `${adt('A04', facts())}\rthis line is not a segment`;
    const ae = await client.send(broken);
    expect(field(ae, 'MSA', 1)).toBe('AE');
    expect(field(ae, 'MSA', 2)).toBe(field(broken, 'MSH', 10));
    expect(field(ae, 'ERR', 3)).toMatch(/^100\^segment 5/);
    const noControlId = adt('A04', facts()).replace(/(ADT\^A04\^ADT_A01)\|[^|]*\|/, '$1||');
    const ar = await client.send(noControlId);
    expect(field(ar, 'MSA', 1)).toBe('AR');
    expect(field(ar, 'ERR', 2)).toBe('MSH^1^10');
    client.close();
  });

  it('an unknown sending facility is rejected AR and recorded; a hospital created later is recognised', async () => {
    const client = await MllpTestClient.connect(listener.port);
    const ack = await client.send(adt('A04', facts({ facility: 'NOWHERE' })));
    expect(field(ack, 'MSA', 1)).toBe('AR');
    expect(field(ack, 'ERR', 3)).toContain('unknown sending facility "NOWHERE"');
    expect(await inbox({ status: 'failed', sendingFacility: 'NOWHERE' })).toHaveLength(1);

    await api.createHospital('EASTWING');
    await new Promise((r) => setTimeout(r, 1_100));
    expect(field(await client.send(adt('A04', facts({ facility: 'EASTWING' }))), 'MSA', 1)).toBe('AA');
    const east = await api.em().findOneOrFail(Hospital, { code: 'EASTWING' });
    expect(await inbox({ status: 'received', hospitalId: east.id })).toHaveLength(1);
    client.close();
  });
});

describe('connections', () => {
  it('speaks MLLP over TLS when given a certificate', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'px360-tls-'));
    const certFile = path.join(dir, 'cert.pem');
    const keyFile = path.join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1', '-keyout', keyFile, '-out', certFile], { stdio: 'ignore' });
    const intake = new Hl7Intake({ inbox: new InboxService(api.orm), directory: new IntakeDirectory(api.orm), defaultCharset: 'UTF-8', log });
    const secure = await startMllpListener({ host: '127.0.0.1', port: 0, maxFrameBytes: 65_536, idleTimeoutMs: 60_000, tls: { certFile, keyFile }, intake, log });
    const socket = tls.connect({ port: secure.port, host: '127.0.0.1', ca: fs.readFileSync(certFile), servername: 'localhost' });
    await new Promise((resolve, reject) => socket.once('secureConnect', resolve).once('error', reject));
    const decoder = new MllpFrameDecoder({ maxFrameBytes: 65_536 });
    const ack = new Promise<string>((resolve) =>
      socket.on('data', (chunk) => {
        const frame = decoder.push(chunk).find((f) => f.kind === 'frame');
        if (frame && frame.kind === 'frame') resolve(frame.payload.toString());
      }),
    );
    socket.write(encodeFrame(Buffer.from(adt('A04', facts()))));
    expect(field(await ack, 'MSA', 1)).toBe('AA');
    socket.end();
    await secure.close(100);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('closes an idle connection', async () => {
    const idle = await listen({ idleTimeoutMs: 300 });
    const client = await MllpTestClient.connect(idle.port);
    expect(await client.waitClosed(3_000)).toBe(true);
    await idle.close(100);
  });

  it('closes a connection whose frame trickles in past the frame deadline, though each byte resets the idle timeout', async () => {
    const strict = await listen({ idleTimeoutMs: 400, frameDeadlineMs: 1_000 });
    const client = await MllpTestClient.connect(strict.port);
    const bytes = encodeFrame(Buffer.from(adt('A04', facts())));
    let sent = 0;
    // One byte every 100 ms: never idle for 400 ms, never finished within a second.
    const trickle = setInterval(() => {
      if (!client.closed && sent < bytes.length - 1) client.write(bytes.subarray(sent, ++sent));
    }, 100);
    try {
      expect(await client.waitClosed(4_000)).toBe(true);
      expect(sent).toBeLessThan(30);
    } finally {
      clearInterval(trickle);
      await strict.close(100);
    }
  });

  it('keeps working frames alive past the deadline when they finish, one after another', async () => {
    const strict = await listen({ frameDeadlineMs: 500 });
    const client = await MllpTestClient.connect(strict.port);
    for (let i = 0; i < 4; i++) {
      expect(field(await client.send(adt('A04', facts())), 'MSA', 1)).toBe('AA');
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(client.closed).toBe(false);
    client.close();
    await strict.close(100);
  });

  it('refuses connections past the limit and takes new ones when others close', async () => {
    const capped = await listen({ maxConnections: 2 });
    const [a, b] = [await MllpTestClient.connect(capped.port), await MllpTestClient.connect(capped.port)];
    const third = await MllpTestClient.connect(capped.port);
    expect(await third.waitClosed(2_000)).toBe(true);
    expect(field(await a.send(adt('A04', facts())), 'MSA', 1)).toBe('AA');
    b.close();
    await b.waitClosed();
    await new Promise((r) => setTimeout(r, 100));
    const again = await MllpTestClient.connect(capped.port);
    expect(field(await again.send(adt('A04', facts())), 'MSA', 1)).toBe('AA');
    a.close();
    again.close();
    await capped.close(100);
  });

  it('drains on shutdown: frames already received are stored and answered', async () => {
    const draining = await listen();
    const client = await MllpTestClient.connect(draining.port);
    const messages = Array.from({ length: 20 }, () => adt('A04', facts()));
    client.write(Buffer.concat(messages.map((m) => encodeFrame(Buffer.from(m)))));
    await new Promise((r) => setTimeout(r, 50));
    const closing = draining.close(5_000);
    const acks = [];
    for (let i = 0; i < 20; i++) acks.push(field(await client.nextAck(), 'MSA', 1));
    await closing;
    expect(acks).toEqual(Array(20).fill('AA'));
    expect(await client.waitClosed()).toBe(true);
  });
});
