import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createNotificationChannels, OUTBOX_FILE, type NotificationChannels } from '../../activities/notifications';
import { createLogger } from '../../config/logger';
import { IntakeDirectory } from '../../adapters/inbox/directory';
import { InboxService } from '../../adapters/inbox/inbox';
import { Hl7Intake } from '../../adapters/mllp/intake';
import { startMllpListener, type RunningMllpListener } from '../../adapters/mllp/listener';
import { Relay } from '../../adapters/relay/relay';
import { OutboxDelivery } from '../../workers/outbox/delivery';
import { connectTemporal, type TemporalHandle } from '../../workers/temporalClient';
import { startWorker, type RunningWorker } from '../../workers/worker';
import { startTestApi, type TestApi } from './testApi';

export interface TestHub {
  api: TestApi;
  temporal: TemporalHandle;
  taskQueue: string;
  listener: RunningMllpListener;
  relay: Relay;
  /** The outbox delivery the worker role runs: case starts and survey signals reach their workflows through it. */
  outboxDelivery: OutboxDelivery;
  worker: RunningWorker;
  /** The console outbox file messages land in unless the test gave channels of its own. */
  outboxFile: string;
  close(): Promise<void>;
}

/**
 * The integration hub as `npm start` runs it, on a fresh database and the suite's Temporal server:
 * MLLP listener, intake, relay, outbox delivery and a worker on a task queue of the test file's own.
 */
export async function startTestHub(
  options: {
    temporalAddress?: string;
    maxFrameBytes?: number;
    idleTimeoutMs?: number;
    closeGraceMs?: number;
    defaultInactivityMs?: number;
    /** Configuration for the API and the worker (e.g. `PX_SURVEY_*` timings). */
    env?: Record<string, string>;
    /** Where messages go; by default the console outbox in a directory of the test's own. */
    channels?: NotificationChannels;
  } = {},
): Promise<TestHub> {
  const log = createLogger(process.env.LOG_LEVEL ?? 'silent', 'test-hub');
  const address = options.temporalAddress ?? process.env.PX_TEST_TEMPORAL_ADDRESS!;
  const taskQueue = `px360-test-${randomBytes(4).toString('hex')}`;
  const api = await startTestApi({ env: options.env, taskQueue });
  const outboxDir = await mkdtemp(path.join(os.tmpdir(), 'px360-outbox-'));
  const channels = options.channels ?? createNotificationChannels({ dataDir: outboxDir, notify: api.config.notify }, log);
  const temporal = connectTemporal(address, 'default');
  const worker = await startWorker({ address, namespace: 'default', deps: { orm: api.orm, log, surveys: api.config.surveys, complaintCloseAfterMs: api.config.complaints.closeAfterMs, publicUrl: api.config.api.publicUrl, channels },
    log, prebuilt: false, taskQueue });
  const relay = new Relay({
    orm: api.orm,
    client: temporal.client,
    databaseUrl: api.databaseUrl,
    taskQueue,
    log,
    pollMs: 100,
    encounterDefaults: { defaultInactivityMs: options.defaultInactivityMs ?? 600_000, closeGraceMs: options.closeGraceMs ?? 2_000 },
  });
  relay.start();
  const outboxDelivery = new OutboxDelivery({ orm: api.orm, client: temporal.client, databaseUrl: api.databaseUrl, log, probe: temporal.probe, ...api.config.outbox, pollMs: 100, leaseMs: 5_000 });
  outboxDelivery.start();
  const intake = new Hl7Intake({ inbox: new InboxService(api.orm), directory: new IntakeDirectory(api.orm), defaultCharset: 'UTF-8', log, onAccepted: () => relay.nudge() });
  const listener = await startMllpListener({
    host: '127.0.0.1',
    port: 0,
    maxFrameBytes: options.maxFrameBytes ?? 1024 * 1024,
    idleTimeoutMs: options.idleTimeoutMs ?? 60_000,
    intake,
    log,
  });
  return {
    api,
    temporal,
    taskQueue,
    listener,
    relay,
    outboxDelivery,
    worker,
    outboxFile: path.join(outboxDir, OUTBOX_FILE),
    async close() {
      await listener.close(1_000);
      await relay.stop();
      await outboxDelivery.stop();
      await worker.shutdown();
      await temporal.close();
      await api.close();
      await rm(outboxDir, { recursive: true, force: true });
    },
  };
}

/** A visit number no other test file uses, so workflow ids never collide on the shared server. */
export const uniqueVisit = (prefix = 'V') => `${prefix}${Date.now().toString(36).toUpperCase()}${randomBytes(2).toString('hex').toUpperCase()}`;
