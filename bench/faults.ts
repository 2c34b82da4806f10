/**
 * Fault runs against a real system on 127.0.0.1, each bounded and stopping by itself:
 *
 *   kill:      PX360 (`workers/start.ts`, all roles in one process) is killed with SIGKILL while
 *              interface engines send HL7 over MLLP, then started again on the same data;
 *   temporal:  the Temporal server is stopped under the same load for FAULT_OUTAGE_S seconds, then
 *              started again on its database.
 *
 * Either way every message that was acknowledged AA must be applied exactly once: one inbox row,
 * processed, and its message id once in its encounter's history. Figures are printed as
 * `scenario=… acked=N applied=N lost=N duplicated=N catch_up_s=N`.
 *
 *   npm run bench:faults                    # both scenarios
 *   FAULT_SCENARIOS=kill FAULT_MESSAGES=600 npm run bench:faults
 *
 * Uses the machine's PostgreSQL (`FAULT_DATABASE_URL`, default postgres://postgres@127.0.0.1:5432)
 * with a database of its own, and a Temporal dev server of its own on free ports.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { createLogger } from '../config/logger';
import { encodeFrame, MllpFrameDecoder } from '../adapters/mllp/frameDecoder';
import { freePort } from '../workers/local/processes';
import { locateTemporalCli } from '../workers/local/temporalCli';
import { startTemporalDevServer, type RunningTemporal } from '../workers/local/temporalDevServer';
import { encounterStateQuery } from '../workflows/encounterTypes';

const log = createLogger('warn', 'bench-faults');
const MESSAGES = Number(process.env.FAULT_MESSAGES ?? 400);
const CONNECTIONS = 4;
const OUTAGE_S = Number(process.env.FAULT_OUTAGE_S ?? 20);
const DEADLINE_MS = 10 * 60_000;
const SERVER_URL = process.env.FAULT_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ROOT = path.resolve(__dirname, '..');

interface Sent {
  controlId: string;
  visit: string;
}

function message(control: string, visit: string, trigger: 'A04' | 'A08'): string {
  const time = '20261129083000+0300';
  return [
    `MSH|^~\\&|HIS|DEMO|PX360|PX360|${time}||ADT^${trigger}^ADT_A01|${control}|P|2.5.1`,
    `EVN|${trigger}|${time}`,
    `PID|1||MRN${visit}^^^DEMO^MR||Al-Harbi^Khalid||19800101|M|||||+966501234567||eng`,
    `PV1|1|O|OPD^101^1||||SCFHS-10006^Al-Ghamdi^Sara|||OPD|||||||||${visit}`,
  ].join('\r');
}

/** One interface engine: one message in flight, ACK awaited, reconnecting after the listener goes away. */
async function sender(port: () => number, queue: Sent[], acked: Set<string>, stopAt: number): Promise<void> {
  while (queue.length > 0 && Date.now() < stopAt) {
    const socket = await new Promise<net.Socket | undefined>((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port: port() }, () => resolve(s));
      s.once('error', () => resolve(undefined));
    });
    if (!socket) {
      await new Promise((r) => setTimeout(r, 200));
      continue;
    }
    const decoder = new MllpFrameDecoder({ maxFrameBytes: 1 << 20 });
    let waiting: ((ack: string | undefined) => void) | undefined;
    socket.on('data', (chunk) => {
      for (const frame of decoder.push(chunk)) if (frame.kind === 'frame') waiting?.(frame.payload.toString('utf8'));
    });
    socket.on('close', () => waiting?.(undefined));
    socket.on('error', () => undefined);
    while (queue.length > 0 && !socket.destroyed) {
      const next = queue[0];
      const ack = await new Promise<string | undefined>((resolve) => {
        waiting = resolve;
        socket.write(encodeFrame(Buffer.from(message(next.controlId, next.visit, acked.size % 2 ? 'A08' : 'A04'))));
        setTimeout(() => resolve(undefined), 10_000);
      });
      // No ACK: the engine keeps the message and sends it again on a new connection.
      if (!ack) break;
      if (ack.split('\r').find((s) => s.startsWith('MSA'))?.split('|')[1] === 'AA') acked.add(next.controlId);
      queue.shift();
    }
    socket.destroy();
  }
}

function startPx360(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'workers/start.ts'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.resume();
  child.stderr?.resume();
  return child;
}

async function waitUntil(what: string, probe: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function scenario(name: 'kill' | 'temporal', cli: string | undefined): Promise<string> {
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
    PX_ADMIN_PASSWORD: 'fault-bench-admin-password-7d!Q',
    LOG_LEVEL: 'warn',
  };
  let px360 = startPx360(env);
  const db = new PgClient({ connectionString: databaseUrl });
  const listening = () =>
    new Promise<boolean>((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port: mllpPort }, () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
  try {
    await waitUntil('PX360 listening', listening);
    await db.connect();
    const runId = Date.now().toString(36).toUpperCase();
    const queues: Sent[][] = Array.from({ length: CONNECTIONS }, () => []);
    for (let i = 0; i < MESSAGES; i++) queues[i % CONNECTIONS].push({ controlId: `F${runId}${i}`, visit: `FV${runId}${i % 50}` });
    const visits = new Set(queues.flat().map((s) => s.visit));
    const acked = new Set<string>();
    const stopAt = Date.now() + DEADLINE_MS;
    const senders = Promise.all(queues.map((q) => sender(() => mllpPort, q, acked, stopAt)));

    // The fault, a third of the way in.
    await waitUntil('a third acknowledged', async () => acked.size >= MESSAGES / 3, DEADLINE_MS);
    if (name === 'kill') {
      px360.kill('SIGKILL');
      await new Promise((r) => px360.once('exit', r));
      px360 = startPx360(env);
    } else {
      await temporal.stop();
      await new Promise((r) => setTimeout(r, OUTAGE_S * 1000));
      temporal = await startTemporalDevServer(temporalOptions);
    }
    const faultAt = Date.now();
    await senders;
    await waitUntil(
      'the inbox drained',
      async () => Number((await db.query(`select count(*) from inbox_message where status = 'received'`)).rows[0].count) === 0,
      DEADLINE_MS,
    );
    const catchUpS = (Date.now() - faultAt) / 1000;

    const rows = (await db.query(`select id, control_id, status from inbox_message where control_id like $1`, [`F${runId}%`])).rows as { id: string; control_id: string; status: string }[];
    const byControl = new Map<string, typeof rows>();
    for (const row of rows) byControl.set(row.control_id, [...(byControl.get(row.control_id) ?? []), row]);
    const client = new Client({ connection: await Connection.connect({ address: temporal.address }), namespace: 'default' });
    const histories = new Map<string, string[]>();
    for (const visit of visits) {
      const state = await client.workflow.getHandle(`encounter:DEMO:${visit}`).query(encounterStateQuery).catch(() => undefined);
      if (state) histories.set(visit, state.history.map((h) => h.messageId));
    }
    const applied = new Map<string, number>();
    for (const ids of histories.values()) for (const id of ids) applied.set(id, (applied.get(id) ?? 0) + 1);
    let lost = 0;
    let duplicated = 0;
    for (const control of acked) {
      const stored = (byControl.get(control) ?? []).filter((r) => r.status !== 'failed');
      const times = stored.reduce((n, r) => n + (applied.get(r.id) ?? 0), 0);
      if (times === 0) lost += 1;
      if (stored.length > 1 || times > 1) duplicated += 1;
    }
    await client.connection.close();
    return `scenario=${name} sent=${MESSAGES} acked=${acked.size} applied=${acked.size - lost} lost=${lost} duplicated=${duplicated} catch_up_s=${catchUpS.toFixed(1)}`;
  } finally {
    px360.kill('SIGKILL');
    await db.end().catch(() => undefined);
    await temporal.stop().catch(() => undefined);
    await admin.query(`drop database if exists ${database} with (force)`).catch(() => undefined);
    await admin.end();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const cli = await locateTemporalCli(process.env.TEMPORAL_CLI || undefined, log);
  const scenarios = (process.env.FAULT_SCENARIOS ?? 'kill,temporal').split(',') as ('kill' | 'temporal')[];
  let failed = false;
  for (const name of scenarios) {
    const line = await scenario(name, cli);
    console.log(line);
    if (!/lost=0 duplicated=0/.test(line)) failed = true;
  }
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
