/**
 * Every file of an HL7 corpus through the real listener: each message gets an ACK and nothing
 * falls over. CI points HL7_CORPUS_DIR at a public sample set; without it the project's own
 * fixtures are used.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createLogger } from '../config/logger';
import { IntakeDirectory } from '../adapters/inbox/directory';
import { InboxService } from '../adapters/inbox/inbox';
import { encodeFrame } from '../adapters/mllp/frameDecoder';
import { Hl7Intake } from '../adapters/mllp/intake';
import { startMllpListener, type RunningMllpListener } from '../adapters/mllp/listener';
import { InboxMessage } from '../models/entities';
import { adt, controlId } from './support/hl7Messages';
import { field, MllpTestClient } from './support/mllpClient';
import { startTestApi, type TestApi } from './support/testApi';
import { uniqueVisit } from './support/testHub';

const corpusDir = process.env.HL7_CORPUS_DIR ? path.resolve(process.env.HL7_CORPUS_DIR) : path.join(__dirname, '..', 'adapters', 'hl7', 'fixtures');
const files = fs.readdirSync(corpusDir).filter((f) => /\.(hl7|txt|er7)$/i.test(f)).sort();
const ACK_CODES = ['AA', 'AE', 'AR', 'CA', 'CE', 'CR'];

describe(`HL7 corpus (${files.length} files in ${corpusDir})`, () => {
  let api: TestApi;
  let listener: RunningMllpListener;
  let client: MllpTestClient;
  beforeAll(async () => {
    api = await startTestApi();
    const log = createLogger('silent');
    const intake = new Hl7Intake({ inbox: new InboxService(api.orm), directory: new IntakeDirectory(api.orm), defaultCharset: 'UTF-8', log });
    listener = await startMllpListener({ host: '127.0.0.1', port: 0, maxFrameBytes: 10 * 1024 * 1024, idleTimeoutMs: 60_000, intake, log });
    client = await MllpTestClient.connect(listener.port);
  });
  afterAll(async () => {
    client.close();
    await listener.close(500);
    await api.close();
  });

  it('has files to feed', () => expect(files.length).toBeGreaterThan(0));

  it.each(files)('%s: every message is acknowledged and the connection stays usable', async (file) => {
    const failedBefore = await api.em().count(InboxMessage, { status: 'failed' });
    client.write(encodeFrame(fs.readFileSync(path.join(corpusDir, file))));
    // A known-good message after the file marks where the file's ACKs end.
    const sentinel = controlId();
    client.sendMessage(adt('A04', { visit: uniqueVisit(), mrn: 'SENTINEL', control: sentinel }));
    const acks: string[] = [];
    for (;;) {
      const ack = await client.nextAck();
      if (field(ack, 'MSA', 2) === sentinel) {
        expect(field(ack, 'MSA', 1)).toBe('AA');
        break;
      }
      acks.push(ack);
    }
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) expect(ACK_CODES).toContain(field(ack, 'MSA', 1));
    // Refused messages are kept with their reason, never dropped.
    const refused = acks.filter((a) => !['AA', 'CA'].includes(field(a, 'MSA', 1))).length;
    expect(await api.em().count(InboxMessage, { status: 'failed' })).toBeGreaterThanOrEqual(failedBefore + refused);
  });
});
