/**
 * Starts the real dependencies once for the whole suite, with the project's own provisioning:
 * an embedded PostgreSQL (a template database migrated once; each test file clones it) and a
 * Temporal dev server, both on free ports under a temporary directory.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createLogger } from '../../config/logger';
import { TEMPLATE_DATABASE } from './database';
import { connectOrm, migrate } from '../../models/orm';
import { startEmbeddedPostgres } from '../../workers/local/embeddedPostgres';
import { freePort } from '../../workers/local/processes';
import { startTemporalDevServer } from '../../workers/local/temporalDevServer';

export default async function globalSetup(): Promise<void> {
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn', 'test-setup');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'px360-test-'));
  fs.chmodSync(dataDir, 0o755);
  const [postgres, temporal] = await Promise.all([
    startEmbeddedPostgres({ dataDir, port: await freePort(), database: TEMPLATE_DATABASE, log }),
    (async () => startTemporalDevServer({ cli: process.env.TEMPORAL_CLI || undefined, port: await freePort(), uiPort: await freePort(), namespace: 'default', log, logFile: path.join(dataDir, 'temporal.log') }))(),
  ]);
  const orm = await connectOrm(postgres.url);
  await migrate(orm);
  await orm.close();
  // Close every connection to the template so CREATE DATABASE … TEMPLATE can copy it.
  const admin = new Client({ connectionString: postgres.adminUrl });
  await admin.connect();
  await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`, [TEMPLATE_DATABASE]);
  await admin.end();

  process.env.PX_TEST_PG_ADMIN_URL = postgres.adminUrl;
  process.env.PX_TEST_TEMPORAL_ADDRESS = temporal.address;
  process.env.PX_TEST_DATA_DIR = dataDir;
  (globalThis as Record<string, unknown>).__pxTestInfra = { postgres, temporal, dataDir };
}
