/**
 * Fault runs against a real system on 127.0.0.1, each bounded and stopping by itself:
 *
 *   kill:       PX360 (`workers/start.ts`, all roles in one process) is killed with SIGKILL while
 *               interface engines send HL7 over MLLP, then started again on the same data;
 *   temporal:   the Temporal server is stopped under the same load for FAULT_OUTAGE_S seconds, then
 *               started again on its database;
 *   postgres:   PostgreSQL (an embedded server of the bench's own, on a free port) is stopped (fast
 *               shutdown) under the same load for FAULT_OUTAGE_S seconds and started again; PX360
 *               must carry on without a restart (bench/faults/postgres.ts);
 *   deployment: 2 api, 2 worker and 1 mllp processes (PX_ROLES); one api, then one worker, then the
 *               mllp process are killed with SIGKILL in turn and started again, while API clients
 *               poll both api processes (bench/faults/deployment.ts);
 *   send:       survey invitations by SMS through the Twilio SDK to a local Messages API; the worker
 *               is killed while sends are in flight and started again; each patient must receive
 *               exactly one message (bench/faults/send.ts).
 *
 * The HL7 scenarios check that every message acknowledged AA is applied exactly once: one inbox
 * row, processed, and its message id once in its encounter's history, and print
 * `scenario=… acked=N applied=N lost=N duplicated=N catch_up_s=N …`. Any loss or duplication (or a
 * hub that does not recover) makes the run exit 1.
 *
 *   npm run bench:faults                    # kill and temporal
 *   FAULT_SCENARIOS=postgres,deployment,send FAULT_MESSAGES=300 npm run bench:faults
 *
 * Uses the machine's PostgreSQL (`FAULT_DATABASE_URL`, default postgres://postgres@127.0.0.1:5432)
 * with a database of its own (dropped at the end), and a Temporal dev server of its own on free ports.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { freePort } from '../workers/local/processes';
import { locateTemporalCli } from '../workers/local/temporalCli';
import { startTemporalDevServer, type RunningTemporal } from '../workers/local/temporalDevServer';
import { ADMIN_PASSWORD, DEADLINE_MS, inboxDrained, killHard, listening, log, MESSAGES, OUTAGE_S, SERVER_URL, sleep, startLoad, settled, startPx360, waitUntil } from './faults/common';
import { deploymentScenario } from './faults/deployment';
import { postgresScenario } from './faults/postgres';
import { sendScenario } from './faults/send';

async function hubScenario(name: 'kill' | 'temporal', cli: string | undefined): Promise<string> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `px360-fault-${name}-`));
  const database = `px360_fault_${name}_${Date.now()}`;
  const admin = new PgClient({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`create database ${database}`);
  const databaseUrl = SERVER_URL.replace(/\/[^/]*$/, `/${database}`);
  const [temporalPort, uiPort, apiPort, mllpPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const temporalOptions = { cli, port: temporalPort, uiPort, namespace: 'default', log, dbFile: path.join(dataDir, 'temporal.db') };
  let temporal: RunningTemporal = await startTemporalDevServer(temporalOptions);
  const env = {
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporal.address,
    PX_DATA_DIR: dataDir,
    PX_API_PORT: String(apiPort),
    PX_MLLP_PORT: String(mllpPort),
    PX_ADMIN_PASSWORD: ADMIN_PASSWORD,
    LOG_LEVEL: 'warn',
  };
  let px360 = startPx360(env);
  const db = new PgClient({ connectionString: databaseUrl });
  try {
    await waitUntil('PX360 listening', () => listening(mllpPort));
    await db.connect();
    const load = startLoad(() => mllpPort);

    // The fault, a third of the way in.
    await waitUntil('a third acknowledged', async () => load.acked.size >= MESSAGES / 3, DEADLINE_MS);
    if (name === 'kill') {
      await killHard(px360);
      px360 = startPx360(env);
    } else {
      await temporal.stop();
      await sleep(OUTAGE_S * 1000);
      temporal = await startTemporalDevServer(temporalOptions);
    }
    const faultAt = Date.now();
    await load.done;
    await waitUntil('the inbox drained', () => inboxDrained(db), DEADLINE_MS);
    const drainedS = (Date.now() - faultAt) / 1000;
    const { lost, duplicated, at, behind } = await settled(db, temporal.address, load);
    return `scenario=${name} sent=${MESSAGES} acked=${load.acked.size} applied=${load.acked.size - lost} lost=${lost} duplicated=${duplicated} drained_s=${drainedS.toFixed(1)} behind_at_drain=${behind} catch_up_s=${((at - faultAt) / 1000).toFixed(1)}`;
  } finally {
    await killHard(px360);
    await db.end().catch(() => undefined);
    await temporal.stop().catch(() => undefined);
    await admin.query(`drop database if exists ${database} with (force)`).catch(() => undefined);
    await admin.end();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

type Scenario = 'kill' | 'temporal' | 'postgres' | 'deployment' | 'send';
const SCENARIOS: Record<Scenario, (cli: string | undefined) => Promise<{ line: string; ok: boolean }>> = {
  kill: async (cli) => ok(await hubScenario('kill', cli)),
  temporal: async (cli) => ok(await hubScenario('temporal', cli)),
  postgres: postgresScenario,
  deployment: deploymentScenario,
  send: sendScenario,
};

function ok(line: string): { line: string; ok: boolean } {
  return { line, ok: /lost=0 duplicated=0/.test(line) };
}

async function main(): Promise<void> {
  const cli = await locateTemporalCli(process.env.TEMPORAL_CLI || undefined, log);
  const names = (process.env.FAULT_SCENARIOS ?? 'kill,temporal').split(',').map((s) => s.trim()) as Scenario[];
  const unknown = names.filter((n) => !SCENARIOS[n]);
  if (unknown.length) throw new Error(`unknown scenario ${unknown.join(', ')}: choose from ${Object.keys(SCENARIOS).join(', ')}`);
  let failed = false;
  for (const name of names) {
    let result: { line: string; ok: boolean };
    try {
      result = await SCENARIOS[name](cli);
    } catch (error) {
      result = { line: `scenario=${name} error=${JSON.stringify((error as Error).message.split('\n')[0])}`, ok: false };
      console.error(error);
    }
    console.log(result.line);
    if (!result.ok) failed = true;
  }
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
