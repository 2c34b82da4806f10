/**
 * Brings up the roles this process runs, plus on a single machine the embedded PostgreSQL and the
 * local Temporal dev server, and takes everything down again in reverse order.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as Sentry from '@sentry/node';
import type { Config } from '../config';
import type { Logger } from '../config/logger';
import { createNotificationChannels } from '../activities/notifications';
import { hashPassword } from '../api/auth/passwords';
import { startApi } from '../api/server';
import type { DependencyProbe } from '../api/context';
import { connectOrm, migrate, withSchemaLock, type Orm } from '../models/orm';
import { seed } from '../models/seed';
import { startEmbeddedPostgres } from './local/embeddedPostgres';
import { startTemporalDevServer } from './local/temporalDevServer';
import { registerSearchAttributes } from './searchAttributes';
import { connectTemporal, type TemporalHandle } from './temporalClient';
import { payloadCodecFor } from './payloadCodec';
import { startWorker } from './worker';
import { OutboxDelivery } from './outbox/delivery';
import { ensureAnalyticsSchedules } from './analyticsSchedules';
import { TASK_QUEUES } from './taskQueues';
import { DEFAULT_MAPPING_RULES } from '../adapters/hl7/mapping';
import { IntakeDirectory } from '../adapters/inbox/directory';
import { InboxService } from '../adapters/inbox/inbox';
import { Hl7Intake } from '../adapters/mllp/intake';
import { startMllpListener } from '../adapters/mllp/listener';
import { Relay } from '../adapters/relay/relay';

export interface RunningSystem {
  urls: Record<string, string>;
  generatedAdminPassword?: string;
  stop(): Promise<void>;
}

/** What /health checks: a round trip to the database and to the Temporal frontend. */
export function dependencyProbes(orm: Orm, temporal: TemporalHandle): Record<string, DependencyProbe> {
  return {
    database: async () => void (await orm.em.getConnection().execute('select 1')),
    temporal: temporal.probe,
  };
}

/** PX_JWT_SECRET, or outside production a secret generated once and kept in the data directory. */
function jwtSecret(config: Config): string {
  if (config.auth.jwtSecret) return config.auth.jwtSecret;
  const file = path.join(config.dataDir, 'jwt-secret');
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600 });
  return fs.readFileSync(file, 'utf8').trim();
}

export async function startSystem(config: Config, log: Logger): Promise<RunningSystem> {
  const stack: { name: string; stop: () => Promise<void> }[] = [];
  const stop = async () => {
    for (const { name, stop: stopOne } of stack.reverse()) {
      try {
        await stopOne();
        log.info(`${name} stopped`);
      } catch (error) {
        log.error({ err: error }, `${name} did not stop cleanly`);
      }
    }
    stack.length = 0;
  };

  try {
    if (config.sentryDsn) Sentry.init({ dsn: config.sentryDsn, environment: config.env });
    fs.mkdirSync(config.dataDir, { recursive: true });
    const urls: Record<string, string> = {};

    let databaseUrl = config.database.url;
    if (!databaseUrl) {
      const postgres = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.database.embeddedPort, log });
      stack.push({ name: 'embedded PostgreSQL', stop: postgres.stop });
      databaseUrl = postgres.url;
    }

    let temporalAddress = config.temporal.address;
    if (temporalAddress) {
      if (config.temporal.uiUrl) urls['Temporal Web UI'] = config.temporal.uiUrl;
    } else {
      const temporal = await startTemporalDevServer({
        cli: config.temporal.cli,
        dbFile: path.join(config.dataDir, 'temporal.db'),
        logFile: path.join(config.dataDir, 'temporal.log'),
        port: config.temporal.port,
        uiPort: config.temporal.uiPort,
        namespace: config.temporal.namespace,
        log,
      });
      stack.push({ name: 'Temporal dev server', stop: temporal.stop });
      temporalAddress = temporal.address;
      urls['Temporal Web UI'] = temporal.uiUrl;
    }

    const orm = await connectOrm(databaseUrl, { logger: (message) => log.debug({ component: 'orm' }, message) });
    stack.push({ name: 'database pool', stop: () => orm.close() });
    const seeded = await withSchemaLock(databaseUrl, async () => {
      const applied = await migrate(orm);
      if (applied.length) log.info({ migrations: applied }, 'database migrated');
      return seed(orm.em.fork(), {
        adminEmail: config.admin.email,
        adminPassword: config.admin.password,
        demo: config.seedDemo,
        hashPassword,
        defaultEventMappings: DEFAULT_MAPPING_RULES,
      });
    });

    const payloadCodec = payloadCodecFor(config.temporal.encryption);
    if (payloadCodec) log.info({ currentKeyId: payloadCodec.currentKeyId }, 'Temporal payloads are encrypted');
    const temporal = connectTemporal(temporalAddress, config.temporal.namespace, { payloadCodec });
    stack.push({ name: 'Temporal client', stop: temporal.close });
    const added = await registerSearchAttributes(temporal.connection, config.temporal.namespace);
    if (added.length) log.info({ searchAttributes: added }, 'registered search attributes');

    if (config.roles.includes('worker')) {
      const worker = await startWorker({
        address: temporalAddress,
        namespace: config.temporal.namespace,
        deps: { orm, log, surveys: config.surveys, complaintCloseAfterMs: config.complaints.closeAfterMs, publicUrl: config.api.publicUrl, channels: createNotificationChannels(config, log) },
        log,
        prebuilt: config.env === 'production',
        payloadCodec,
      });
      stack.push({ name: 'Temporal worker', stop: worker.shutdown });
      // A process whose worker died would accept events that nothing processes: stop, so the
      // supervisor (or the person at the terminal) sees it and starts it again.
      worker.finished.catch(async (error) => {
        log.fatal({ err: error }, 'Temporal worker stopped unexpectedly; shutting down');
        await stop();
        process.exit(1);
      });
      // The one way facts stored in PostgreSQL (cases to start, survey answers and opt-outs) reach their workflows.
      const outbox = new OutboxDelivery({ orm, client: temporal.client, databaseUrl, log, probe: temporal.probe, ...config.outbox });
      outbox.start();
      stack.push({ name: 'outbox delivery', stop: () => outbox.stop() });
      // KPI roll-ups; a failure here leaves the rest running (the next start creates them).
      await ensureAnalyticsSchedules(temporal.client, { taskQueue: TASK_QUEUES.px, log }).catch((error) => log.warn({ err: error }, 'could not create the KPI roll-up schedules'));
    }

    let relay: Relay | undefined;
    if (config.roles.includes('mllp')) {
      relay = new Relay({
        orm,
        client: temporal.client,
        databaseUrl,
        taskQueue: TASK_QUEUES.px,
        log,
        pollMs: config.relay.pollMs,
        encounterDefaults: config.encounters,
        phoneCountryCode: config.relay.phoneCountryCode,
        lanes: config.relay.lanes,
      });
      relay.start();
      const started = relay;
      stack.push({ name: 'inbox relay', stop: () => started.stop() });
      const intake = new Hl7Intake({
        inbox: new InboxService(orm),
        directory: new IntakeDirectory(orm),
        defaultCharset: config.mllp.defaultCharset,
        honourAcceptAckType: config.mllp.honourAcceptAckType,
        log,
        onAccepted: () => started.nudge(),
      });
      const listener = await startMllpListener({ ...config.mllp, intake, log });
      stack.push({ name: 'MLLP listener', stop: () => listener.close() });
      urls['HL7 MLLP'] = `${config.mllp.tls ? 'mllps' : 'mllp'}://${config.mllp.host}:${listener.port}`;
    }

    if (config.roles.includes('api')) {
      const api = await startApi({
        config,
        orm,
        temporal: temporal.client,
        log,
        jwtSecret: jwtSecret(config),
        taskQueue: TASK_QUEUES.px,
        probes: dependencyProbes(orm, temporal),
        onInboxAccepted: () => relay?.nudge(),
      });
      stack.push({ name: 'API', stop: api.close });
      const base = config.api.publicUrl;
      Object.assign(urls, { API: `${base}/api/v1`, 'API docs': `${base}/api/docs`, OpenAPI: `${base}/api/openapi.json`, Health: `${base}/health` });
    }

    return {
      urls,
      generatedAdminPassword: seeded.generatedAdminPassword,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
