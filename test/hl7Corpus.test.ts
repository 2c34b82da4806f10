/**
 * Every sample of the HL7 corpora (adapters/hl7/fixtures/corpus.ts) through the running hub, over
 * MLLP: each known-good sample is acknowledged AA/CA and the relay files it under its event,
 * encounter and patient (the project's fixtures also complete their journey stage at the demo
 * hospital); each sample expected to be refused is answered AE/AR (CE/CR) with its reason and kept
 * as failed. The hospitals the public samples are addressed to are registered first, as a
 * deployment taking them would have them. Each message is sent with a control id of its own
 * (the public samples reuse MSH-10 values, and a repeated id is a duplicate by design).
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  corpusFiles,
  knownFacilities,
  PROJECT_FIXTURES,
  PUBLIC_SAMPLES,
  publicCorpusDir,
  type CorpusExpectations,
  type ExpectedMessage,
} from '../adapters/hl7/fixtures/corpus';
import { FIXTURE_DIR } from '../adapters/hl7/fixtures/load';
import { encodeFrame } from '../adapters/mllp/frameDecoder';
import { Hospital } from '../models/entities';
import { encounterWorkflowId } from '../workflows/encounterTypes';
import { eventually } from './support/eventually';
import { adt } from './support/hl7Messages';
import { field, MllpTestClient } from './support/mllpClient';
import { startTestHub, uniqueVisit, type TestHub } from './support/testHub';

const publicCorpus = publicCorpusDir();
const corpora: { name: string; dir: string; expectations: CorpusExpectations }[] = [
  { name: 'project HL7 fixtures', dir: FIXTURE_DIR, expectations: PROJECT_FIXTURES },
  ...(fs.existsSync(publicCorpus.dir) || publicCorpus.configured ? [{ name: 'public HL7 samples', dir: publicCorpus.dir, expectations: PUBLIC_SAMPLES }] : []),
];

/** The UTF-8 byte order mark as read byte for byte. */
const BOM = '\u00EF\u00BB\u00BF';
const runTag = `C${Date.now().toString(36).toUpperCase()}`;
let sent = 0;

/** The sample's bytes with each MSH-10 replaced by a fresh control id, everything else byte for byte. */
function withFreshControlIds(raw: Buffer): { bytes: Buffer; controlIds: string[] } {
  const controlIds: string[] = [];
  const parts = raw.toString('latin1').split(/(\r\n|\r|\n)/);
  const rewritten = parts.map((part) => {
    const bom = part.startsWith(BOM) ? BOM : '';
    const segment = part.slice(bom.length);
    if (!segment.startsWith('MSH')) return part;
    const separator = segment.charAt(3);
    const fields = segment.split(separator);
    const id = `${runTag}-${++sent}`;
    controlIds.push(id);
    fields[9] = id;
    return bom + fields.join(separator);
  });
  return { bytes: Buffer.from(rewritten.join(''), 'latin1'), controlIds };
}

interface InboxView {
  id: string;
  status: string;
  hospitalId: string | null;
  eventCode: string | null;
  workflowId: string | null;
  error: string | null;
}

describe('HL7 corpora through the hub', () => {
  let hub: TestHub;
  let client: MllpTestClient;
  let token: string;
  const hospitals = new Map<string, string>();

  beforeAll(async () => {
    hub = await startTestHub();
    const em = hub.api.em();
    for (const code of new Set(corpora.flatMap((c) => knownFacilities(c.expectations)))) {
      const existing = await em.findOne(Hospital, { code });
      hospitals.set(code, (existing ?? (await hub.api.createHospital(code))).id);
    }
    token = await hub.api.adminToken();
    client = await MllpTestClient.connect(hub.listener.port);
  });
  afterAll(async () => {
    client?.close();
    await hub?.close();
  });

  /** Sends a sample and reads one ACK per message in it. */
  async function sendSample(dir: string, file: string): Promise<{ controlIds: string[]; acks: string[] }> {
    const { bytes, controlIds } = withFreshControlIds(fs.readFileSync(path.join(dir, file)));
    client.write(encodeFrame(bytes));
    const acks: string[] = [];
    while (acks.length < controlIds.length) acks.push(await client.nextAck());
    return { controlIds, acks };
  }

  /** The inbox monitor's row for a control id, once intake and the relay are done with it. */
  function settledRow(controlId: string): Promise<InboxView> {
    return eventually(
      async () => {
        const reply = await hub.api.request('GET', `/api/v1/integration/messages?controlId=${encodeURIComponent(controlId)}`, { token });
        const row = reply.body.items?.[0] as InboxView | undefined;
        return row && row.status !== 'received' ? row : undefined;
      },
      20_000,
      `inbox row ${controlId} settled`,
    );
  }

  async function expectFiled(row: InboxView, expected: ExpectedMessage): Promise<void> {
    expect(row.hospitalId).toBe(hospitals.get(expected.hospital));
    if (expected.event === null) {
      expect(row).toMatchObject({ status: 'ignored', eventCode: null, workflowId: null, error: `no event mapping for ${expected.type}` });
      return;
    }
    if (expected.visit === null) {
      expect(row).toMatchObject({ status: 'processed', eventCode: expected.event, workflowId: null, error: 'no visit number: patient record updated only' });
    } else {
      expect(row).toMatchObject({ eventCode: expected.event, workflowId: encounterWorkflowId(expected.hospital, expected.visit) });
      // Samples share visits: one the corpus has cancelled takes no more events, and says so.
      expect([
        { status: 'processed', error: null },
        { status: 'ignored', error: 'the encounter has already closed' },
      ]).toContainEqual({ status: row.status, error: row.error });
    }
    if (expected.mrn !== null) {
      const patients = await hub.api.request('GET', `/api/v1/patients?hospitalId=${hospitals.get(expected.hospital)}&mrn=${encodeURIComponent(expected.mrn)}`, { token });
      expect(patients.body.items.map((p: { mrn: string }) => p.mrn)).toEqual([expected.mrn]);
    }
  }

  /** The journey stage the message completed, read from the encounter once the workflow has applied it. */
  async function expectStage(row: InboxView, expected: ExpectedMessage & { stage: { journey: string; code: string } }): Promise<void> {
    const detail = await eventually(
      async () => {
        const list = await hub.api.request('GET', `/api/v1/encounters?hospitalCode=${expected.hospital}&visitNumber=${expected.visit}`, { token });
        const encounter = list.body.items?.[0];
        if (!encounter) return undefined;
        const reply = await hub.api.request('GET', `/api/v1/encounters/${encounter.id}`, { token });
        return reply.body.events?.some((e: { messageId: string }) => e.messageId === row.id) ? reply.body : undefined;
      },
      20_000,
      `encounter ${expected.visit} applied message ${row.id}`,
    );
    expect(detail.journey).toBe(expected.stage.journey);
    expect(detail.stages.find((s: { code: string }) => s.code === expected.stage.code)).toMatchObject({ status: 'completed', eventCode: expected.event });
  }

  for (const { name, dir, expectations } of corpora) {
    describe(`${name} (${dir})`, () => {
      const files = fs.existsSync(dir) ? corpusFiles(dir) : [];
      const knownGood = files.filter((file) => file in expectations.knownGood);
      const refused = files.filter((file) => file in expectations.refused);

      it('has samples, every one of them classified as known good or refused', () => {
        expect(files.length).toBeGreaterThan(0);
        expect(files.filter((file) => !(file in expectations.knownGood) && !(file in expectations.refused))).toEqual([]);
      });

      if (knownGood.length) {
        it.each(knownGood)('%s is acknowledged and filed under its event, encounter and patient', async (file) => {
          const expected = expectations.knownGood[file];
          const { controlIds, acks } = await sendSample(dir, file);
          expect(controlIds).toHaveLength(expected.messages.length);
          expect(acks.map((ack) => [field(ack, 'MSA', 1), field(ack, 'MSA', 2)])).toEqual(controlIds.map((id) => [expected.ack, id]));
          for (const [i, message] of expected.messages.entries()) {
            const row = await settledRow(controlIds[i]);
            await expectFiled(row, message);
            if (message.stage) await expectStage(row, { ...message, stage: message.stage });
          }
        });
      }

      if (refused.length) {
        it.each(refused)('%s is refused with its reason and kept as failed', async (file) => {
          const expected = expectations.refused[file];
          const { controlIds, acks } = await sendSample(dir, file);
          for (const [i, ack] of acks.entries()) {
            expect([field(ack, 'MSA', 1), field(ack, 'MSA', 2)]).toEqual([expected.ack, controlIds[i]]);
            expect(field(ack, 'MSA', 3)).toContain(expected.reason);
            const row = await settledRow(controlIds[i]);
            expect(row.status).toBe('failed');
            expect(row.error).toContain(expected.reason);
          }
        });
      }
    });
  }

  it('the connection still takes a demo message after the corpora', async () => {
    const ack = await client.send(adt('A04', { visit: uniqueVisit(), mrn: `MRN${Date.now()}` }));
    expect(field(ack, 'MSA', 1)).toBe('AA');
  });
});
