/**
 * `npm run bench:hub`: the hub end to end on this machine, over loopback, beside two ceilings
 * measured in the same run.
 *
 * One PX360 process with every role (`workers/start.ts`, as `npm start` runs it) on an embedded
 * PostgreSQL in a temporary PX_DATA_DIR and a Temporal dev server of the bench's own, both on free
 * ports, survey send delay 0 and quiet hours off, console notify mode. HUB_CONNECTIONS interface
 * engines (default 8), each with one message in flight and its ACK awaited, send HUB_VISITS
 * outpatient visits (default 200), each an A04 check-in, an ORU^R01 lab result and an A03 visit
 * completion on the same connection; a connection's visits overlap (the A04 of one visit goes out
 * beside the lab result of the one before and the completion of the one before that). Each patient
 * has a phone of their own, so the OPD journey's survey invitation lands in
 * `PX_DATA_DIR/outbox.ndjson` addressed to that phone. Figures:
 *
 *   intake:    messages/s from the first write to the last ACK; ACK latency p50/p99 (write to ACK read);
 *   applied:   events/s from the first write until no inbox row is left `received`; time to drain
 *              after the last ACK;
 *   surveys:   per visit, from its A03's ACK to its invitation in the outbox (the line's `at`),
 *              p50/p95 and how many came within HUB_SURVEY_WAIT_S;
 *   ceilings:  a bare MLLP echo (a worker thread that frames back an ACK, no parse, no store) under
 *              the same engines for HUB_ECHO_S; bare `signalWithStart` against the same Temporal
 *              server, HUB_SWS_CLIENTS concurrent callers (32), no worker, a throwaway workflow type on
 *              a task queue of its own, for HUB_SWS_S; the ratios intake / echo and applied /
 *              signalWithStart.
 *
 * Everything listens on 127.0.0.1. The run stops by itself (HUB_TIMEOUT_S overall) and removes
 * what it started: the PX360 process, Temporal, PostgreSQL, the temporary directory.
 * HUB_PX360_LOG names a file to append PX360's own output to (LOG_LEVEL=warn).
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Client, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { MllpTestClient, field } from '../test/support/mllpClient';
import { PxEntity, PxHospital, PxStatus } from '../workflows/searchAttributes';
import { startEmbeddedPostgres, type RunningPostgres } from '../workers/local/embeddedPostgres';
import { freePort, stopChild } from '../workers/local/processes';
import { locateTemporalCli } from '../workers/local/temporalCli';
import { startTemporalDevServer, type RunningTemporal } from '../workers/local/temporalDevServer';
import { alive, listening, log, startPx360, waitUntil } from './faults/common';

const num = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
};
const VISITS = num('HUB_VISITS', 200);
const CONNECTIONS = num('HUB_CONNECTIONS', 8);
const SURVEY_WAIT_S = num('HUB_SURVEY_WAIT_S', 120);
const DRAIN_TIMEOUT_S = num('HUB_DRAIN_TIMEOUT_S', 300);
const ECHO_S = num('HUB_ECHO_S', 5);
const SWS_S = num('HUB_SWS_S', 10);
const SWS_CLIENTS = num('HUB_SWS_CLIENTS', 32);
const TIMEOUT_S = num('HUB_TIMEOUT_S', 900);
const ACK_TIMEOUT_MS = 10_000;
const ADMIN_PASSWORD = 'hub-bench-admin-password-7d!Q';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

/** Nearest-rank percentile; Infinity stands for a value that never came. */
function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : n === Infinity ? 'inf' : 'NA');

// ---------------------------------------------------------------------------------------------
// Synthetic visits: fictional patients, each with an MRN, a visit number and a phone of its own.

function stamp(minutesAgo: number): string {
  const t = new Date(Date.now() - minutesAgo * 60_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${t.getUTCFullYear()}${p(t.getUTCMonth() + 1)}${p(t.getUTCDate())}${p(t.getUTCHours())}${p(t.getUTCMinutes())}${p(t.getUTCSeconds())}+0000`;
}

interface Visit {
  index: number;
  phone: string;
  mrn: string;
  visit: string;
}

function visitOf(run: string, index: number): Visit {
  return { index, phone: `+96650${String(index).padStart(7, '0')}`, mrn: `H${run}${index}`, visit: `HV${run}${index}` };
}

type Kind = 'A04' | 'ORU' | 'A03';

/** The message text, stamped when it is sent: check-in half an hour ago, the lab a quarter, completion now. */
function messageText(v: Visit, kind: Kind, control: string): string {
  const pid = `PID|1||${v.mrn}^^^DEMO^MR||Smith^Emily||19800101|F|||||${v.phone}||eng`;
  const pv1 = `PV1|1|O|OPD^101^1||||SCFHS-10006^Al-Ghamdi^Sara|||OPD|||||||||${v.visit}`;
  if (kind === 'ORU') {
    const time = stamp(15);
    return [
      `MSH|^~\\&|LIS|DEMO|PX360|PX360|${time}||ORU^R01^ORU_R01|${control}|P|2.5.1`,
      pid,
      pv1,
      `OBR|1|O${control}|F${control}|2345-7^Glucose^LN|||${stamp(20)}|||||||||||||||${time}||CH|F`,
      'OBX|1|NM|2345-7^Glucose^LN||95|mg/dL|70-110|N|||F',
    ].join('\r');
  }
  const time = stamp(kind === 'A04' ? 30 : 0);
  const structure = kind === 'A04' ? 'ADT_A01' : 'ADT_A03';
  return [`MSH|^~\\&|HIS|DEMO|PX360|PX360|${time}||ADT^${kind}^${structure}|${control}|P|2.5.1`, `EVN|${kind}|${time}`, pid, pv1].join('\r');
}

interface Outgoing {
  control: string;
  visit?: Visit;
  kind?: Kind;
  text: () => string;
}

/** A connection's messages: its visits overlapping, A04 of visit s beside the ORU of s-1 and the A03 of s-2. */
function connectionQueue(run: string, visits: Visit[]): Outgoing[] {
  const queue: Outgoing[] = [];
  const push = (v: Visit | undefined, kind: Kind) => {
    if (!v) return;
    const control = `H${run}${v.index}${kind}`;
    queue.push({ control, visit: v, kind, text: () => messageText(v, kind, control) });
  };
  for (let s = 0; s < visits.length + 2; s++) {
    push(visits[s], 'A04');
    push(visits[s - 1], 'ORU');
    push(visits[s - 2], 'A03');
  }
  return queue;
}

// ---------------------------------------------------------------------------------------------
// Interface engines: one message in flight per connection, ACK awaited.

interface EngineResult {
  latencies: number[];
  acked: number;
  refused: number;
  noAck: number;
  firstWriteAt: number;
  lastAckAt: number;
  /** Wall-clock time of each A03's AA, by visit index. */
  dischargeAckedAt: Map<number, number>;
}

async function runEngines(port: number, next: (connection: number) => Outgoing | undefined, connections: number): Promise<EngineResult> {
  const result: EngineResult = { latencies: [], acked: 0, refused: 0, noAck: 0, firstWriteAt: Infinity, lastAckAt: 0, dischargeAckedAt: new Map() };
  await Promise.all(
    Array.from({ length: connections }, async (_, c) => {
      let client = await MllpTestClient.connect(port);
      for (let message = next(c); message; message = next(c)) {
        const text = message.text();
        const started = nowMs();
        result.firstWriteAt = Math.min(result.firstWriteAt, started);
        let ack: string;
        try {
          client.sendMessage(text);
          ack = await client.nextAck(ACK_TIMEOUT_MS);
        } catch {
          // No ACK: counted, and the engine goes on with its next message on a new connection.
          result.noAck += 1;
          client.socket.destroy();
          client = await MllpTestClient.connect(port);
          continue;
        }
        const done = nowMs();
        result.latencies.push(done - started);
        result.lastAckAt = Math.max(result.lastAckAt, done);
        if (field(ack, 'MSA', 1) === 'AA') {
          result.acked += 1;
          if (message.kind === 'A03' && message.visit) result.dischargeAckedAt.set(message.visit.index, Date.now());
        } else result.refused += 1;
      }
      client.close();
    }),
  );
  result.latencies.sort((a, b) => a - b);
  return result;
}

// ---------------------------------------------------------------------------------------------
// The console outbox, read as it grows: the first invitation to each phone, with its time.

class OutboxWatcher {
  private offset = 0;
  private rest = '';
  private timer?: NodeJS.Timeout;
  readonly firstAt = new Map<string, number>();
  lines = 0;

  constructor(private readonly file: string) {}

  start(): void {
    const tick = () => {
      this.read();
      this.timer = setTimeout(tick, 100);
    };
    tick();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.read();
  }

  read(): void {
    let size: number;
    try {
      size = fs.statSync(this.file).size;
    } catch {
      return;
    }
    if (size <= this.offset) return;
    const fd = fs.openSync(this.file, 'r');
    try {
      const buffer = Buffer.alloc(size - this.offset);
      const read = fs.readSync(fd, buffer, 0, buffer.length, this.offset);
      this.offset += read;
      const text = this.rest + buffer.subarray(0, read).toString('utf8');
      const lines = text.split('\n');
      this.rest = lines.pop() ?? '';
      const seenAt = Date.now();
      for (const line of lines) {
        if (!line.trim()) continue;
        this.lines += 1;
        const { to, at } = JSON.parse(line) as { to?: string; at?: string };
        if (!to) continue;
        const phone = to.replace(/^whatsapp:/, '');
        const when = at ? Date.parse(at) : seenAt;
        if (!this.firstAt.has(phone)) this.firstAt.set(phone, Number.isFinite(when) ? when : seenAt);
      }
    } finally {
      fs.closeSync(fd);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Ceiling 1: a bare MLLP echo in a thread of its own, answering each frame with an AA for its control id.

const ECHO_SERVER = `
const { parentPort } = require('node:worker_threads');
const net = require('node:net');
const server = net.createServer((socket) => {
  let pending = Buffer.alloc(0);
  socket.on('data', (chunk) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    for (;;) {
      const start = pending.indexOf(0x0b);
      if (start < 0) { pending = Buffer.alloc(0); return; }
      const end = pending.indexOf(0x1c, start);
      if (end < 0 || end + 1 >= pending.length) { pending = pending.subarray(start); return; }
      const text = pending.toString('latin1', start + 1, end);
      pending = pending.subarray(end + 2);
      const msh = text.slice(0, (text.indexOf('\\r') + 1 || text.length + 1) - 1).split('|');
      const ack = 'MSH|^~\\\\&|PX360|PX360|' + msh[2] + '|' + msh[3] + '|' + msh[6] + '||ACK|A' + msh[9] + '|P|2.5.1\\rMSA|AA|' + msh[9];
      socket.write(Buffer.concat([Buffer.from([0x0b]), Buffer.from(ack, 'latin1'), Buffer.from([0x1c, 0x0d])]));
    }
  });
  socket.on('error', () => {});
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
`;

async function echoCeiling(run: string): Promise<EngineResult & { seconds: number }> {
  const worker = new Worker(ECHO_SERVER, { eval: true });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    let n = 0;
    const stopAt = nowMs() + ECHO_S * 1000;
    const next = (): Outgoing | undefined => {
      if (nowMs() >= stopAt) return undefined;
      const v = visitOf(`E${run}`, Math.floor(n / 3));
      const kind: Kind = (['A04', 'ORU', 'A03'] as const)[n % 3];
      const control = `E${run}${n++}`;
      return { control, text: () => messageText(v, kind, control) };
    };
    const result = await runEngines(port, next, CONNECTIONS);
    return { ...result, seconds: (result.lastAckAt - result.firstWriteAt) / 1000 };
  } finally {
    await worker.terminate();
  }
}

// ---------------------------------------------------------------------------------------------
// Ceiling 2: bare signalWithStart, no worker; each caller starts a workflow and signals it twice, as a visit does.

async function signalWithStartCeiling(address: string, run: string): Promise<{ calls: number; failed: number; seconds: number; latencies: number[] }> {
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace: 'default' });
  const taskQueue = `bench-ceiling-${run}`;
  const latencies: number[] = [];
  let failed = 0;
  try {
    const started = nowMs();
    const stopAt = started + SWS_S * 1000;
    await Promise.all(
      Array.from({ length: SWS_CLIENTS }, async (_, c) => {
        for (let k = 0; nowMs() < stopAt; k++) {
          const workflowId = `bench-ceiling:${run}:${c}:${k}`;
          for (let s = 0; s < 3 && nowMs() < stopAt; s++) {
            const t0 = nowMs();
            try {
              await client.workflow.signalWithStart('benchCeiling', {
                workflowId,
                taskQueue,
                args: [{ hospitalId: '00000000-0000-0000-0000-000000000000', hospitalCode: 'BENCH', visitNumber: `${c}-${k}` }],
                signal: 'event',
                signalArgs: [{ messageId: `${run}-${c}-${k}-${s}`, seq: String(k * 3 + s), eventCode: 'OPD_CHECK_IN', occurredAt: new Date().toISOString() }],
                workflowIdReusePolicy: 'REJECT_DUPLICATE',
                typedSearchAttributes: [
                  { key: PxEntity, value: 'bench' },
                  { key: PxHospital, value: 'BENCH' },
                  { key: PxStatus, value: 'active' },
                ],
              });
              latencies.push(nowMs() - t0);
            } catch {
              failed += 1;
            }
          }
        }
      }),
    );
    const seconds = (nowMs() - started) / 1000;
    latencies.sort((a, b) => a - b);
    return { calls: latencies.length, failed, seconds, latencies };
  } finally {
    await connection.close();
  }
}

// ---------------------------------------------------------------------------------------------

const cleanups: { name: string; run: () => Promise<void> }[] = [];
let cleaning: Promise<void> | undefined;
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const { name, run } of cleanups.reverse()) {
      try {
        await run();
      } catch (error) {
        console.error(`cleanup of ${name} failed: ${(error as Error).message}`);
      }
    }
  })();
  return cleaning;
}

async function main(): Promise<number> {
  const run = Date.now().toString(36).toUpperCase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'px360-bench-hub-'));
  cleanups.push({ name: 'temporary directory', run: async () => fs.rmSync(dataDir, { recursive: true, force: true }) });
  // As root the embedded server runs as an unprivileged user, who must be able to reach its cluster.
  fs.chmodSync(dataDir, 0o755);
  const cli = await locateTemporalCli(process.env.TEMPORAL_CLI || undefined, log);
  const [pgPort, temporalPort, uiPort, apiPort, mllpPort] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];

  const pg: RunningPostgres = await startEmbeddedPostgres({ dataDir, port: pgPort, database: 'px360_bench_hub', log });
  cleanups.push({ name: 'PostgreSQL', run: () => pg.stop() });
  const temporal: RunningTemporal = await startTemporalDevServer({
    cli,
    port: temporalPort,
    uiPort,
    namespace: 'default',
    log,
    dbFile: path.join(dataDir, 'temporal.db'),
    logFile: path.join(dataDir, 'temporal.log'),
  });
  cleanups.push({ name: 'Temporal', run: () => temporal.stop() });

  const px360 = startPx360({
    DATABASE_URL: pg.url,
    TEMPORAL_ADDRESS: temporal.address,
    PX_DATA_DIR: dataDir,
    PX_ROLES: 'api,worker,mllp',
    PX_API_HOST: '127.0.0.1',
    PX_API_PORT: String(apiPort),
    PX_MLLP_HOST: '127.0.0.1',
    PX_MLLP_PORT: String(mllpPort),
    PX_NOTIFY_MODE: 'console',
    PX_SURVEY_SEND_DELAY: '0s',
    PX_SURVEY_QUIET_HOURS: 'off',
    PX_ADMIN_PASSWORD: ADMIN_PASSWORD,
    LOG_LEVEL: 'warn',
  });
  if (process.env.HUB_PX360_LOG) {
    const file = fs.createWriteStream(process.env.HUB_PX360_LOG, { flags: 'a' });
    px360.stdout?.on('data', (chunk: Buffer) => file.write(chunk));
    px360.stderr?.on('data', (chunk: Buffer) => file.write(chunk));
    cleanups.push({ name: 'PX360 log', run: () => new Promise<void>((resolve) => file.end(resolve)) });
  }
  let px360Stopped = false;
  const stopPx360 = async (child: ChildProcess) => {
    px360Stopped = true;
    await stopChild(child, 'SIGTERM', 12_000);
  };
  cleanups.push({ name: 'PX360', run: () => stopPx360(px360) });
  const died = () => (!px360Stopped && !alive(px360) ? `PX360 exited (${px360.exitCode ?? px360.signalCode}):\n${px360.output.join('').slice(-3000)}` : undefined);

  const db = new PgClient({ connectionString: pg.url });
  // A server that goes away (stopped at the end, or by a Ctrl-C that reached it too) ends this connection; the next query says so.
  db.on('error', () => undefined);
  cleanups.push({ name: 'database connection', run: () => db.end() });
  const outbox = new OutboxWatcher(path.join(dataDir, 'outbox.ndjson'));
  cleanups.push({ name: 'outbox watcher', run: async () => outbox.stop() });

  console.log(`PX360 hub: ${VISITS} outpatient visits x (A04, ORU^R01, A03) over ${CONNECTIONS} connections, one message in flight each; ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}`);
  await waitUntil('PX360 running', async () => px360.ready && (await listening(mllpPort)), 240_000, died);
  await db.connect();
  outbox.start();

  // Warm-up: one visit end to end (not counted), so the measured run starts with code compiled and pools open.
  const warm = visitOf(`W${run}`, 9_999_999);
  const warmQueue = connectionQueue(`W${run}`, [warm]);
  const warmResult = await runEngines(mllpPort, () => warmQueue.shift(), 1);
  if (warmResult.acked !== 3) throw new Error(`warm-up visit: ${warmResult.acked} of 3 messages answered AA (refused ${warmResult.refused}, no ACK ${warmResult.noAck})`);
  try {
    await waitUntil('the warm-up survey in the outbox', async () => outbox.firstAt.has(warm.phone), 120_000, died);
  } catch (error) {
    const surveys = (await db.query(`select status, suppression_reason, count(*)::int as n from survey_instance group by 1, 2`)).rows;
    const inbox = (await db.query(`select status, count(*)::int as n from inbox_message group by 1`)).rows;
    throw new Error(`${(error as Error).message}; surveys ${JSON.stringify(surveys)}, inbox ${JSON.stringify(inbox)}`);
  }

  // The measured load.
  const visits = Array.from({ length: VISITS }, (_, i) => visitOf(run, i));
  const queues = Array.from({ length: CONNECTIONS }, (_, c) => connectionQueue(run, visits.filter((v) => v.index % CONNECTIONS === c)));
  const messages = queues.reduce((n, q) => n + q.length, 0);
  const load = await runEngines(mllpPort, (c) => queues[c].shift(), CONNECTIONS);
  const sendSeconds = (load.lastAckAt - load.firstWriteAt) / 1000;

  // Applied: until no inbox row is left received (the relay has handed every message to Temporal).
  const drainDeadline = Date.now() + DRAIN_TIMEOUT_S * 1000;
  let drainedAt: number | undefined;
  while (Date.now() < drainDeadline) {
    const left = Number((await db.query(`select count(*)::int as n from inbox_message where status = 'received'`)).rows[0].n);
    if (left === 0) {
      drainedAt = nowMs();
      break;
    }
    const reason = died();
    if (reason) throw new Error(reason);
    await sleep(50);
  }
  const inbox = (await db.query(`select status, count(*)::int as n from inbox_message where control_id like $1 group by 1 order by 1`, [`H${run}%`])).rows as { status: string; n: number }[];
  const processed = inbox.find((r) => r.status === 'processed')?.n ?? 0;
  const appliedSeconds = drainedAt === undefined ? Infinity : (drainedAt - load.firstWriteAt) / 1000;
  const appliedPerSecond = drainedAt === undefined ? 0 : processed / appliedSeconds;
  const drainAfterLastAck = drainedAt === undefined ? Infinity : Math.max(0, (drainedAt - load.lastAckAt) / 1000);

  // Surveys: each visit's invitation, waited for up to SURVEY_WAIT_S after its A03 was acknowledged.
  const lastDischargeAck = Math.max(0, ...load.dischargeAckedAt.values());
  await waitUntil(
    'every survey',
    async () => visits.every((v) => outbox.firstAt.has(v.phone)) || Date.now() > lastDischargeAck + SURVEY_WAIT_S * 1000,
    SURVEY_WAIT_S * 1000 + 5_000,
    died,
  );
  outbox.read();
  const surveyLatencies = visits
    .map((v) => {
      const ackedAt = load.dischargeAckedAt.get(v.index);
      const at = outbox.firstAt.get(v.phone);
      if (ackedAt === undefined || at === undefined) return Infinity;
      const latency = Math.max(0, at - ackedAt) / 1000;
      return latency <= SURVEY_WAIT_S ? latency : Infinity;
    })
    .sort((a, b) => a - b);
  const arrived = surveyLatencies.filter(Number.isFinite).length;
  const surveyRows = (await db.query(`select status, count(*)::int as n from survey_instance group by 1 order by 1`)).rows as { status: string; n: number }[];
  // Where the visits whose invitation did not come stood: their encounters as the workflows last recorded them.
  const encounterRows = (await db.query(`select status, count(*)::int as n from encounter where visit_number like $1 group by 1 order by 1`, [`HV${run}%`])).rows as {
    status: string;
    n: number;
  }[];
  const completedEncounters = encounterRows.find((r) => r.status === 'completed')?.n ?? 0;

  // The ceilings, with PX360 stopped so that it takes no share of the machine.
  await stopPx360(px360);
  const echo = await echoCeiling(run);
  const echoPerSecond = echo.acked / echo.seconds;
  const sws = await signalWithStartCeiling(temporal.address, run);
  const swsPerSecond = sws.calls / sws.seconds;

  const intakePerSecond = load.acked / sendSeconds;
  const ackP50 = percentile(load.latencies, 0.5);
  const ackP99 = percentile(load.latencies, 0.99);
  const surveyP50 = percentile(surveyLatencies, 0.5);
  const surveyP95 = percentile(surveyLatencies, 0.95);
  const seconds = (s: number) => (Number.isFinite(s) ? `${s.toFixed(1)} s` : `over ${SURVEY_WAIT_S} s`);

  console.log(`intake: ${load.acked} of ${messages} messages answered AA (refused ${load.refused}, no ACK ${load.noAck}) in ${sendSeconds.toFixed(2)} s = ${intakePerSecond.toFixed(1)} msg/s`);
  console.log(`ACK latency (write to ACK read): p50 ${ackP50.toFixed(2)} ms, p99 ${ackP99.toFixed(2)} ms`);
  console.log(
    `applied: ${processed} events handed to Temporal (inbox: ${inbox.map((r) => `${r.status} ${r.n}`).join(', ')}) in ${fixed(appliedSeconds, 2)} s from the first write = ${appliedPerSecond.toFixed(1)} events/s`,
  );
  console.log(`time to drain after the last ACK: ${drainedAt === undefined ? `not drained within ${DRAIN_TIMEOUT_S} s` : `${drainAfterLastAck.toFixed(2)} s`}`);
  console.log(
    `survey invitation after discharge (A03 ACK to outbox line): p50 ${seconds(surveyP50)}, p95 ${seconds(surveyP95)}; ${arrived} of ${VISITS} within ${SURVEY_WAIT_S} s (surveys: ${surveyRows.map((r) => `${r.status} ${r.n}`).join(', ')}, the warm-up visit's included; encounters: ${encounterRows.map((r) => `${r.status} ${r.n}`).join(', ')})`,
  );
  console.log(
    `ceiling, bare MLLP echo (same ${CONNECTIONS} engines, ${ECHO_S} s): ${echo.acked} messages = ${echoPerSecond.toFixed(0)} msg/s, p50 ${percentile(echo.latencies, 0.5).toFixed(3)} ms, p99 ${percentile(echo.latencies, 0.99).toFixed(3)} ms`,
  );
  console.log(
    `ceiling, bare signalWithStart (${SWS_CLIENTS} concurrent callers, no worker, ${SWS_S} s): ${sws.calls} calls (failed ${sws.failed}) = ${swsPerSecond.toFixed(0)} signals/s, p50 ${percentile(sws.latencies, 0.5).toFixed(1)} ms, p99 ${percentile(sws.latencies, 0.99).toFixed(1)} ms`,
  );
  console.log(`ratios: intake / echo = ${(intakePerSecond / echoPerSecond).toFixed(4)}, applied / signalWithStart = ${(appliedPerSecond / swsPerSecond).toFixed(3)}`);
  console.log(
    [
      `visits=${VISITS}`,
      `connections=${CONNECTIONS}`,
      `messages=${messages}`,
      `acked=${load.acked}`,
      `refused=${load.refused}`,
      `no_ack=${load.noAck}`,
      `intake_msgs_per_s=${intakePerSecond.toFixed(1)}`,
      `ack_p50_ms=${ackP50.toFixed(2)}`,
      `ack_p99_ms=${ackP99.toFixed(2)}`,
      `applied=${processed}`,
      `applied_events_per_s=${appliedPerSecond.toFixed(1)}`,
      `drain_after_last_ack_s=${fixed(drainAfterLastAck, 2)}`,
      `survey_p50_s=${fixed(surveyP50, 2)}`,
      `survey_p95_s=${fixed(surveyP95, 2)}`,
      `surveys_arrived=${arrived}`,
      `encounters_completed=${completedEncounters}`,
      `survey_wait_s=${SURVEY_WAIT_S}`,
      `echo_msgs_per_s=${echoPerSecond.toFixed(0)}`,
      `sws_signals_per_s=${swsPerSecond.toFixed(0)}`,
      `sws_clients=${SWS_CLIENTS}`,
      `intake_over_echo=${(intakePerSecond / echoPerSecond).toFixed(4)}`,
      `applied_over_sws=${(appliedPerSecond / swsPerSecond).toFixed(3)}`,
    ].join(' '),
  );
  const complete = load.acked === messages && drainedAt !== undefined && processed === messages && arrived === VISITS && sws.failed === 0;
  if (!complete) console.error(`PX360's last output (LOG_LEVEL=warn):\n${px360.output.join('').slice(-4000)}`);
  return complete ? 0 : 1;
}

const overall = setTimeout(() => {
  console.error(`bench:hub did not finish within HUB_TIMEOUT_S=${TIMEOUT_S} s; stopping`);
  void cleanUp().finally(() => process.exit(1));
}, TIMEOUT_S * 1000);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
process.on('uncaughtException', (error) => {
  console.error(error);
  void cleanUp().finally(() => process.exit(1));
});

main()
  .catch((error) => {
    console.error(error);
    return 1;
  })
  .then(async (code) => {
    clearTimeout(overall);
    await cleanUp();
    process.exit(code);
  });
