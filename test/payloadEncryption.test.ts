/**
 * A worker and a client with the payload codec on the suite's Temporal server run a real encounter
 * whose events carry a PHI-like marker; the history, read back through a client without the codec
 * (what the Temporal cluster and its Web UI hold), has every payload `binary/encrypted` and the
 * marker nowhere.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { createNotificationChannels } from '../activities/notifications';
import { createLogger } from '../config/logger';
import { Hospital } from '../models/entities';
import { encounter } from '../workflows/encounter';
import { encounterEventSignal, encounterStateQuery, encounterWorkflowId } from '../workflows/encounterTypes';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING } from '../workers/payloadCodec';
import { connectTemporal, type TemporalHandle } from '../workers/temporalClient';
import { startWorker, type RunningWorker } from '../workers/worker';
import { startTestApi, type TestApi } from './support/testApi';
import { uniqueVisit } from './support/testHub';

const MARKER = `PHI-MARKER-${randomBytes(6).toString('hex')}`;

interface JsonPayload {
  metadata: Record<string, string>;
  data?: string;
}

/**
 * Every payload in a history's protobuf JSON, but for what the SDK itself writes in clear: search
 * attributes (the server indexes them) and patch markers (the id of a `patched()` change in the
 * workflow code, written by the SDK core without the codec).
 */
function payloadsOf(node: unknown, found: JsonPayload[] = []): JsonPayload[] {
  if (!node || typeof node !== 'object') return found;
  const record = node as Record<string, unknown>;
  if ((record.markerRecordedEventAttributes as { markerName?: string } | undefined)?.markerName === 'core_patch') return found;
  if (record.metadata && typeof record.metadata === 'object' && 'encoding' in (record.metadata as object)) {
    found.push(record as unknown as JsonPayload);
    return found;
  }
  for (const [key, value] of Object.entries(record)) if (key !== 'searchAttributes') payloadsOf(value, found);
  return found;
}

describe('Temporal payload encryption end to end', () => {
  const log = createLogger(process.env.LOG_LEVEL ?? 'silent', 'test');
  const address = process.env.PX_TEST_TEMPORAL_ADDRESS!;
  const taskQueue = `px360-encrypted-${randomBytes(4).toString('hex')}`;
  const codec = new AesGcmPayloadCodec({ keys: [{ id: 'test-2026', key: randomBytes(32) }], currentKeyId: 'test-2026' });
  let api: TestApi;
  let worker: RunningWorker;
  let encrypted: TemporalHandle;
  let plain: TemporalHandle;

  beforeAll(async () => {
    api = await startTestApi({ taskQueue });
    const channels = createNotificationChannels({ dataDir: process.env.PX_TEST_DATA_DIR!, notify: api.config.notify }, log);
    worker = await startWorker({
      address,
      namespace: 'default',
      deps: { orm: api.orm, log, surveys: api.config.surveys, complaintCloseAfterMs: api.config.complaints.closeAfterMs, publicUrl: api.config.api.publicUrl, channels },
      log,
      prebuilt: false,
      taskQueue,
      payloadCodec: codec,
    });
    encrypted = connectTemporal(address, 'default', { payloadCodec: codec });
    plain = connectTemporal(address, 'default');
  }, 120_000);

  afterAll(async () => {
    await worker?.shutdown();
    await encrypted?.close();
    await plain?.close();
    await api?.close();
  });

  it('runs an encounter whose history holds only ciphertext', async () => {
    const hospital = await api.em().findOneOrFail(Hospital, { code: 'DEMO' });
    const visitNumber = uniqueVisit('ENC');
    const workflowId = encounterWorkflowId('DEMO', visitNumber);
    const event = (eventCode: string, seq: string) => ({ messageId: randomUUID(), seq, eventCode, occurredAt: new Date().toISOString(), location: `${MARKER} ward 7`, patientClass: 'O' });
    const handle = await encrypted.client.workflow.signalWithStart(encounter, {
      workflowId,
      taskQueue,
      args: [{ hospitalId: hospital.id, hospitalCode: 'DEMO', visitNumber, defaultInactivityMs: 60_000, closeGraceMs: 1_000 }],
      signal: encounterEventSignal,
      signalArgs: [event('OPD_CHECK_IN', '1')],
    });
    // Through the codec, the workflow's state reads as usual.
    const state = await handle.query(encounterStateQuery);
    expect(state.location).toBe(`${MARKER} ward 7`);
    await handle.signal(encounterEventSignal, event('CANCEL_VISIT', '2'));
    await expect(handle.result()).resolves.toBe('cancelled');

    // Without the codec: what the Temporal server stores and shows.
    const history = await plain.client.workflow.getHandle(workflowId).fetchHistory();
    const json = historyToJSON(history);
    expect(json).not.toContain(MARKER);
    const payloads = payloadsOf(JSON.parse(json));
    // Input, two signals, activity inputs and results, the result.
    expect(payloads.length).toBeGreaterThanOrEqual(6);
    for (const payload of payloads) {
      expect(Buffer.from(payload.metadata.encoding, 'base64').toString()).toBe(ENCRYPTED_ENCODING);
      expect(Buffer.from(payload.metadata['encryption-key-id'], 'base64').toString()).toBe('test-2026');
      expect(Buffer.from(payload.data ?? '', 'base64').toString('latin1')).not.toContain(MARKER);
    }
    // A reader without the codec cannot make sense of the result either.
    await expect(plain.client.workflow.getHandle(workflowId).result()).rejects.toThrow(/binary\/encrypted/);
  }, 120_000);
});
