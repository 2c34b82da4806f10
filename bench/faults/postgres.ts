/**
 * `postgres`: PostgreSQL restarted under HL7 load. The bench starts an embedded PostgreSQL of its
 * own (the binaries `npm run provision` installs, as `npm start` uses them) on a free port with its
 * cluster in a temporary directory, so the machine's shared server is never touched. A third of the
 * way in it is stopped (fast shutdown: open transactions rolled back, connections cut) for
 * FAULT_OUTAGE_S seconds and started again on the same cluster. The one PX360 process must carry
 * on by itself: it may not exit, and the inbox must drain with every AA message applied once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { freePort } from '../../workers/local/processes';
import { startEmbeddedPostgres, type RunningPostgres } from '../../workers/local/embeddedPostgres';
import { startTemporalDevServer } from '../../workers/local/temporalDevServer';
import { ADMIN_PASSWORD, alive, DEADLINE_MS, inboxDrained, killHard, listening, log, MESSAGES, OUTAGE_S, sleep, startLoad, settled, startPx360, waitUntil } from './common';

export async function postgresScenario(cli: string | undefined): Promise<{ line: string; ok: boolean }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'px360-fault-postgres-'));
  // As root the embedded server runs as an unprivileged user, who must be able to reach its cluster.
  fs.chmodSync(dataDir, 0o755);
  const pgDir = path.join(dataDir, 'pg');
  const [pgPort, temporalPort, uiPort, apiPort, mllpPort] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
  const startPg = () => startEmbeddedPostgres({ dataDir: pgDir, port: pgPort, database: 'px360_fault', log });
  let pg: RunningPostgres | undefined = await startPg();
  const temporal = await startTemporalDevServer({ cli, port: temporalPort, uiPort, namespace: 'default', log, dbFile: path.join(dataDir, 'temporal.db') });
  const px360 = startPx360({
    DATABASE_URL: pg.url,
    TEMPORAL_ADDRESS: temporal.address,
    PX_DATA_DIR: dataDir,
    PX_API_PORT: String(apiPort),
    PX_MLLP_PORT: String(mllpPort),
    PX_ADMIN_PASSWORD: ADMIN_PASSWORD,
    LOG_LEVEL: 'warn',
  });
  const exitedWhy = () => (alive(px360) ? undefined : `PX360 exited (${px360.exitCode ?? px360.signalCode}) during the outage:\n${px360.output.join('').slice(-3000)}`);
  let db: PgClient | undefined;
  try {
    await waitUntil('PX360 listening', () => listening(mllpPort), 180_000, exitedWhy);
    const load = startLoad(() => mllpPort);
    await waitUntil('a third acknowledged', async () => load.acked.size >= MESSAGES / 3, DEADLINE_MS, exitedWhy);
    await pg.stop();
    pg = undefined;
    // Counted from the moment the server is gone: nothing may be acknowledged that could not be stored.
    const ackedBefore = load.acked.size;
    const stoppedAt = Date.now();
    await sleep(OUTAGE_S * 1000);
    const ackedDuring = load.acked.size - ackedBefore;
    pg = await startPg();
    const restartedAt = Date.now();
    await load.done;
    db = new PgClient({ connectionString: pg.url });
    await db.connect();
    const current = db;
    await waitUntil('the inbox drained', () => inboxDrained(current), DEADLINE_MS, exitedWhy);
    const drainedS = (Date.now() - restartedAt) / 1000;
    const { lost, duplicated, at, behind } = await settled(db, temporal.address, load);
    const recovered = alive(px360);
    const line =
      `scenario=postgres sent=${MESSAGES} acked=${load.acked.size} refused=${load.refused.size} applied=${load.acked.size - lost} lost=${lost} duplicated=${duplicated} ` +
      `outage_s=${((restartedAt - stoppedAt) / 1000).toFixed(1)} acked_during_outage=${ackedDuring} drained_s=${drainedS.toFixed(1)} behind_at_drain=${behind} catch_up_s=${((at - restartedAt) / 1000).toFixed(1)} hub_restarted=${recovered ? 'no' : 'yes'}`;
    return { line, ok: lost === 0 && duplicated === 0 && recovered };
  } finally {
    await killHard(px360);
    await db?.end().catch(() => undefined);
    await temporal.stop().catch(() => undefined);
    await pg?.stop().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
