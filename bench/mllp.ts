/**
 * `npm run bench:mllp`: MLLP intake throughput and latency on this machine, over loopback.
 *
 * Two listeners run the same decode, parse and ACK path; the durable one commits every message to
 * the PostgreSQL inbox before acknowledging (the real thing), the bare one skips the store. Several
 * connections each keep a window of messages in flight. Uses DATABASE_URL, else an embedded
 * PostgreSQL in a temporary directory; stops by itself.
 *
 * Knobs: BENCH_CONNECTIONS (8), BENCH_MESSAGES per connection (500), BENCH_WINDOW in flight per connection (8).
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createLogger } from '../config/logger';
import { IntakeDirectory } from '../adapters/inbox/directory';
import { InboxService, type InboxEntry } from '../adapters/inbox/inbox';
import { encodeFrame, MllpFrameDecoder } from '../adapters/mllp/frameDecoder';
import { Hl7Intake, type Inbox } from '../adapters/mllp/intake';
import { startMllpListener } from '../adapters/mllp/listener';
import { hashPassword } from '../api/auth/passwords';
import { connectOrm, migrate } from '../models/orm';
import { seed } from '../models/seed';
import { startEmbeddedPostgres } from '../workers/local/embeddedPostgres';
import { freePort } from '../workers/local/processes';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 500);
const WINDOW = Number(process.env.BENCH_WINDOW ?? 8);

function message(connection: number, n: number, run: string): { id: string; bytes: Buffer } {
  const id = `${run}-${connection}-${n}`;
  const text = [
    `MSH|^~\\&|BENCH|DEMO|PX360|PX360|20261129083000+0300||ADT^A04^ADT_A01|${id}|P|2.5.1|||||||UNICODE UTF-8`,
    'EVN|A04|20261129083000+0300',
    `PID|1||B${connection}${n}^^^DEMO^MR~1098765432^^^MOI^NNSAU||الحربي^خالد||19800101|M|||King Fahd Rd^^Riyadh^^12211^SA||+966501234567||ara`,
    `PV1|1|O|OPD^101^1||||SCFHS-10006^Al-Ghamdi^Sara|||OPD|||||||||V${run}${connection}${n}`,
  ].join('\r');
  return { id, bytes: encodeFrame(Buffer.from(text, 'utf8')) };
}

/** One sender: keeps WINDOW messages in flight, records each message's send-to-ACK time. */
function sender(port: number, connection: number, run: string, latencies: number[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    const decoder = new MllpFrameDecoder({ maxFrameBytes: 1 << 20 });
    const sentAt = new Map<string, bigint>();
    let next = 0;
    let acked = 0;
    const pump = () => {
      while (next < MESSAGES && sentAt.size < WINDOW) {
        const { id, bytes } = message(connection, next++, run);
        sentAt.set(id, process.hrtime.bigint());
        socket.write(bytes);
      }
    };
    socket.on('connect', pump);
    socket.on('data', (chunk) => {
      for (const frame of decoder.push(chunk)) {
        if (frame.kind !== 'frame') continue;
        const msa = frame.payload.toString('utf8').split('\r').find((s) => s.startsWith('MSA|'))!.split('|');
        if (msa[1] !== 'AA') return reject(new Error(`unexpected ACK ${msa.join('|')}`));
        latencies.push(Number(process.hrtime.bigint() - sentAt.get(msa[2])!) / 1e6);
        sentAt.delete(msa[2]);
        if (++acked === MESSAGES) {
          socket.end();
          return resolve();
        }
      }
      pump();
    });
    socket.on('error', reject);
  });
}

async function measure(port: number, label: string): Promise<{ perSecond: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  const run = randomUUID().slice(0, 8);
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: CONNECTIONS }, (_, c) => sender(port, c, run, latencies)));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  const result = { perSecond: latencies.length / seconds, p50: at(0.5), p99: at(0.99) };
  console.log(`${label}: ${latencies.length} messages in ${seconds.toFixed(2)} s = ${result.perSecond.toFixed(0)} msg/s, p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms`);
  return result;
}

/** The store-free variant: same intake path, the acknowledgement without a commit. */
const bareInbox: Inbox = {
  accept: async (entry: InboxEntry) => ({ id: randomUUID(), ack: entry.ack, duplicate: false }),
  reject: async (entry: InboxEntry & { error: string }) => ({ id: randomUUID(), ack: entry.ack, duplicate: false }),
};

async function main(): Promise<void> {
  const log = createLogger('warn', 'bench');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'px360-bench-'));
  fs.chmodSync(dataDir, 0o755);
  const postgres = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dataDir, port: await freePort(), log });
  const orm = await connectOrm(process.env.DATABASE_URL ?? postgres!.url);
  try {
    await migrate(orm);
    await seed(orm.em.fork(), { adminEmail: 'bench@px360.local', adminPassword: 'bench-password-unused', demo: true, hashPassword });
    const directory = new IntakeDirectory(orm);
    const listeners = await Promise.all(
      [new InboxService(orm), bareInbox].map((inbox) =>
        startMllpListener({
          host: '127.0.0.1',
          port: 0,
          maxFrameBytes: 1 << 20,
          idleTimeoutMs: 60_000,
          intake: new Hl7Intake({ inbox, directory, defaultCharset: 'UTF-8', log }),
          log,
        }),
      ),
    );
    console.log(`MLLP intake: ${CONNECTIONS} connections x ${MESSAGES} messages, ${WINDOW} in flight per connection, ${os.cpus().length} cores`);
    await measure(listeners[1].port, 'warm-up (bare)');
    const durable = await measure(listeners[0].port, 'durable (stored in PostgreSQL, then ACK)');
    const bare = await measure(listeners[1].port, 'bare (ACK without storing)');
    await Promise.all(listeners.map((l) => l.close(1_000)));
    console.log(
      `durable_msgs_per_s=${durable.perSecond.toFixed(0)} bare_msgs_per_s=${bare.perSecond.toFixed(0)} ratio=${(durable.perSecond / bare.perSecond).toFixed(2)} p50_ms=${durable.p50.toFixed(2)} p99_ms=${durable.p99.toFixed(2)}`,
    );
  } finally {
    await orm.close();
    await postgres?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
