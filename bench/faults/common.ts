/**
 * What every fault scenario shares: the interface engines that send HL7 over MLLP and wait for
 * each ACK, PX360 processes started with `workers/start.ts`, and the exactly-once count.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { Client as PgClient } from 'pg';
import { createLogger } from '../../config/logger';
import { encodeFrame, MllpFrameDecoder } from '../../adapters/mllp/frameDecoder';
import { encounterStateQuery } from '../../workflows/encounterTypes';

export const log = createLogger('warn', 'bench-faults');
export const MESSAGES = Number(process.env.FAULT_MESSAGES ?? 400);
export const CONNECTIONS = 4;
export const OUTAGE_S = Number(process.env.FAULT_OUTAGE_S ?? 20);
export const DEADLINE_MS = 10 * 60_000;
/** How long acknowledged messages may take to appear in their encounters once the inbox is drained. */
export const SETTLE_MS = 2 * 60_000;
export const SERVER_URL = process.env.FAULT_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const ROOT = path.resolve(__dirname, '..', '..');
export const ADMIN_PASSWORD = 'fault-bench-admin-password-7d!Q';

export interface Sent {
  controlId: string;
  visit: string;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function hl7Message(control: string, visit: string, trigger: 'A04' | 'A08'): string {
  const time = '20261129083000+0300';
  return [
    `MSH|^~\\&|HIS|DEMO|PX360|PX360|${time}||ADT^${trigger}^ADT_A01|${control}|P|2.5.1`,
    `EVN|${trigger}|${time}`,
    `PID|1||MRN${visit}^^^DEMO^MR||Al-Harbi^Khalid||19800101|M|||||+966501234567||eng`,
    `PV1|1|O|OPD^101^1||||SCFHS-10006^Al-Ghamdi^Sara|||OPD|||||||||${visit}`,
  ].join('\r');
}

export interface Load {
  runId: string;
  visits: Set<string>;
  /** Control ids answered AA. */
  acked: Set<string>;
  /** Control ids answered with anything but AA (not counted as accepted). */
  refused: Set<string>;
  done: Promise<void>;
}

/** One interface engine: one message in flight, ACK awaited, reconnecting after the listener goes away. */
export async function sender(
  port: () => number,
  queue: { controlId: string; text: (n: number) => string }[],
  acked: Set<string>,
  refused: Set<string>,
  stopAt: number,
): Promise<void> {
  while (queue.length > 0 && Date.now() < stopAt) {
    const socket = await new Promise<net.Socket | undefined>((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port: port() }, () => resolve(s));
      s.once('error', () => resolve(undefined));
    });
    if (!socket) {
      await sleep(200);
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
        socket.write(encodeFrame(Buffer.from(next.text(acked.size))));
        setTimeout(() => resolve(undefined), 10_000);
      });
      // No ACK: the engine keeps the message and sends it again on a new connection.
      if (!ack) break;
      if (ack.split('\r').find((s) => s.startsWith('MSA'))?.split('|')[1] === 'AA') acked.add(next.controlId);
      else refused.add(next.controlId);
      queue.shift();
    }
    socket.destroy();
  }
}

/** MESSAGES ADT messages for 50 visits over CONNECTIONS connections to the MLLP port `port()` names. */
export function startLoad(port: () => number): Load {
  const runId = Date.now().toString(36).toUpperCase();
  const queues: { controlId: string; visit: string; text: (n: number) => string }[][] = Array.from({ length: CONNECTIONS }, () => []);
  for (let i = 0; i < MESSAGES; i++) {
    const controlId = `F${runId}${i}`;
    const visit = `FV${runId}${i % 50}`;
    queues[i % CONNECTIONS].push({ controlId, visit, text: (n) => hl7Message(controlId, visit, n % 2 ? 'A08' : 'A04') });
  }
  const visits = new Set(queues.flat().map((s) => s.visit));
  const acked = new Set<string>();
  const refused = new Set<string>();
  const stopAt = Date.now() + DEADLINE_MS;
  const done = Promise.all(queues.map((q) => sender(port, q, acked, refused, stopAt))).then(() => undefined);
  return { runId, visits, acked, refused, done };
}

/** PX360 (`workers/start.ts`) in a child process; `ready` once it has said it is running. */
export function startPx360(env: Record<string, string>): ChildProcess & { output: string[]; ready: boolean } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'workers/start.ts'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }) as ChildProcess & {
    output: string[];
    ready: boolean;
  };
  child.output = [];
  child.ready = false;
  const keep = (chunk: Buffer) => {
    const text = chunk.toString();
    if (text.includes('PX360 is running')) child.ready = true;
    child.output.push(text);
    if (child.output.length > 50) child.output.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return child;
}

export function alive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

export async function killHard(child: ChildProcess): Promise<void> {
  if (!alive(child)) return;
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
}

export async function waitUntil(what: string, probe: () => Promise<boolean>, timeoutMs = 120_000, abort?: () => string | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    const reason = abort?.();
    if (reason) throw new Error(`${what}: ${reason}`);
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await sleep(250);
  }
}

export function listening(port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port }, () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

/**
 * Every acknowledged message must be one inbox row (not failed) and appear exactly once in its
 * encounter's history. `db` is a connection to the scenario's database.
 */
export async function exactlyOnce(db: PgClient, temporalAddress: string, load: Load, report = true): Promise<{ lost: number; duplicated: number }> {
  const rows = (await db.query(`select id, control_id, status, workflow_id, error from inbox_message where control_id like $1`, [`F${load.runId}%`])).rows as {
    id: string;
    control_id: string;
    status: string;
    workflow_id: string | null;
    error: string | null;
  }[];
  const byControl = new Map<string, typeof rows>();
  for (const row of rows) byControl.set(row.control_id, [...(byControl.get(row.control_id) ?? []), row]);
  const client = new Client({ connection: await Connection.connect({ address: temporalAddress }), namespace: 'default' });
  const applied = new Map<string, number>();
  try {
    for (const visit of load.visits) {
      const state = await client.workflow.getHandle(`encounter:DEMO:${visit}`).query(encounterStateQuery).catch(() => undefined);
      for (const h of state?.history ?? []) applied.set(h.messageId, (applied.get(h.messageId) ?? 0) + 1);
    }
    // For an encounter that is missing messages, what Temporal says of it.
    const lostVisits = new Set(rows.filter((r) => load.acked.has(r.control_id) && r.status === 'processed' && !applied.has(r.id)).map((r) => r.workflow_id));
    for (const workflowId of report ? lostVisits : []) {
      if (!workflowId) continue;
      const handle = client.workflow.getHandle(workflowId);
      const description = await handle.describe().catch((e: Error) => ({ status: { name: `describe failed: ${e.message}` } }));
      const history = await handle.fetchHistory().catch(() => undefined);
      const events = history?.events ?? [];
      const signals = events.filter((e) => e.workflowExecutionSignaledEventAttributes).length;
      const failure = [...events].reverse().find((e) => e.workflowTaskFailedEventAttributes)?.workflowTaskFailedEventAttributes?.failure?.message;
      const last = events.slice(-3).map((e) => e.eventType).join(',');
      console.error(`  ${workflowId}: ${description.status.name}, ${events.length} events, ${signals} signals, last event types ${last}${failure ? `, last workflow task failure: ${failure.split('\n')[0]}` : ''}`);
    }
  } finally {
    await client.connection.close();
  }
  let lost = 0;
  let duplicated = 0;
  for (const control of load.acked) {
    const stored = (byControl.get(control) ?? []).filter((r) => r.status !== 'failed');
    const times = stored.reduce((n, r) => n + (applied.get(r.id) ?? 0), 0);
    if (times === 0) lost += 1;
    if (stored.length > 1 || times > 1) duplicated += 1;
    // What the inbox says of each message lost or doubled, for whoever reads the run (no PHI: ids and states).
    if (report && (times !== 1 || stored.length !== 1)) {
      const seen = (byControl.get(control) ?? []).map((r) => `${r.status}${r.workflow_id ? ` ${r.workflow_id}` : ''}${r.error ? ` (${r.error})` : ''}`);
      console.error(`  ${control}: applied ${times}×, inbox rows: ${seen.join('; ') || 'none'}`);
    }
  }
  return { lost, duplicated };
}

export async function inboxDrained(db: PgClient): Promise<boolean> {
  return Number((await db.query(`select count(*) from inbox_message where status = 'received'`)).rows[0].count) === 0;
}

/**
 * Waits until every acknowledged message is in its encounter's history (the relay may have handed
 * a signal to Temporal that a workflow has not yet taken in, e.g. while its task waits out the
 * sticky queue of a killed worker), or SETTLE_MS pass; then counts, reporting what is missing.
 * `behind`: how many were not yet in their encounters when the inbox had drained.
 */
export async function settled(db: PgClient, temporalAddress: string, load: Load): Promise<{ lost: number; duplicated: number; at: number; behind: number }> {
  const deadline = Date.now() + SETTLE_MS;
  let behind: number | undefined;
  for (;;) {
    const { lost } = await exactlyOnce(db, temporalAddress, load, false);
    behind ??= lost;
    if (lost === 0 || Date.now() > deadline) break;
    await sleep(2_000);
  }
  const at = Date.now();
  return { ...(await exactlyOnce(db, temporalAddress, load)), at, behind };
}
