/**
 * `send`: a worker killed mid-send. FAULT_SEND_PATIENTS outpatients (default 30, each with a phone
 * of their own) check in and complete their visit over MLLP; each completed visit sends a survey
 * invitation by SMS through the real Twilio SDK to a local server that speaks the Twilio Messages
 * API (test/support/fakeTwilio.ts), which holds every request FAULT_SEND_HOLD_MS (default 1500 ms)
 * before it answers, as a slow provider would, so that sends are in flight. When a third of the
 * patients' messages have reached the provider, the worker process (PX_ROLES=worker; the mllp
 * process keeps running) is killed with SIGKILL and started again FAULT_SEND_DOWN_S seconds later
 * (default 5). A message the provider received counts as delivered, even if the worker died before
 * it heard the answer. Every patient must receive exactly one message:
 * `scenario=send sent=N delivered_once=N duplicated=N lost=N`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { fakeTwilio } from '../../test/support/fakeTwilio';
import { freePort } from '../../workers/local/processes';
import { startTemporalDevServer } from '../../workers/local/temporalDevServer';
import { ADMIN_PASSWORD, alive, killHard, listening, log, SERVER_URL, sender, sleep, startPx360, waitUntil } from './common';

const PATIENTS = Number(process.env.FAULT_SEND_PATIENTS ?? 30);
const HOLD_MS = Number(process.env.FAULT_SEND_HOLD_MS ?? 1500);
const DOWN_S = Number(process.env.FAULT_SEND_DOWN_S ?? 5);
const SETTLE_MS = 5 * 60_000;
/** After the last survey is settled, how long to keep watching for a late second message. */
const QUIET_MS = 30_000;

function stamp(minutesAgo: number): string {
  const t = new Date(Date.now() - minutesAgo * 60_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${t.getUTCFullYear()}${p(t.getUTCMonth() + 1)}${p(t.getUTCDate())}${p(t.getUTCHours())}${p(t.getUTCMinutes())}00+0000`;
}

function visitMessage(control: string, mrn: string, visit: string, phone: string, trigger: 'A04' | 'A03', minutesAgo: number): string {
  const time = stamp(minutesAgo);
  const structure = trigger === 'A04' ? 'ADT_A01' : 'ADT_A03';
  return [
    `MSH|^~\\&|HIS|DEMO|PX360|PX360|${time}||ADT^${trigger}^${structure}|${control}|P|2.5.1`,
    `EVN|${trigger}|${time}`,
    `PID|1||${mrn}^^^DEMO^MR||Smith^Emily||19800101|F|||||${phone}||eng`,
    `PV1|1|O|OPD^101^1||||SCFHS-10006^Al-Ghamdi^Sara|||OPD|||||||||${visit}`,
  ].join('\r');
}

export async function sendScenario(cli: string | undefined): Promise<{ line: string; ok: boolean }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'px360-fault-send-'));
  const database = `px360_fault_send_${Date.now()}`;
  const admin = new PgClient({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`create database ${database}`);
  const databaseUrl = SERVER_URL.replace(/\/[^/]*$/, `/${database}`);
  const [temporalPort, uiPort, apiPort, mllpPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const temporal = await startTemporalDevServer({ cli, port: temporalPort, uiPort, namespace: 'default', log, dbFile: path.join(dataDir, 'temporal.db') });
  const twilio = fakeTwilio();
  twilio.onRequest = async () => void (await sleep(HOLD_MS));
  const twilioUrl = await twilio.start();
  // SMS only: without a WhatsApp sender the invitation goes by the patient's next channel, SMS.
  const { TWILIO_FROM_WHATSAPP: _whatsapp, ...twilioEnv } = twilio.env(twilioUrl);
  const env = (role: string) => ({
    ...twilioEnv,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporal.address,
    PX_DATA_DIR: dataDir,
    PX_ROLES: role,
    PX_API_PORT: String(apiPort),
    PX_MLLP_PORT: String(mllpPort),
    PX_ADMIN_PASSWORD: ADMIN_PASSWORD,
    LOG_LEVEL: 'warn',
  });
  let worker = startPx360(env('worker'));
  let mllp: ReturnType<typeof startPx360> | undefined;
  const died = () => {
    for (const p of [worker, mllp]) if (p && !alive(p) && p.signalCode !== 'SIGKILL') return `a process exited (${p.exitCode}):\n${p.output.join('').slice(-3000)}`;
    return undefined;
  };
  const db = new PgClient({ connectionString: databaseUrl });
  try {
    await waitUntil('the worker running', async () => worker.ready, 180_000, died);
    mllp = startPx360(env('mllp'));
    await waitUntil('PX360 listening', () => listening(mllpPort), 180_000, died);
    await db.connect();

    const runId = Date.now().toString(36).toUpperCase();
    const phones = Array.from({ length: PATIENTS }, (_, i) => `+9665${String(10_000_000 + i * 7919).slice(-8)}`);
    const queues: { controlId: string; text: () => string }[][] = [[], []];
    phones.forEach((phone, i) => {
      const mrn = `S${runId}${i}`;
      const visit = `SV${runId}${i}`;
      queues[i % 2].push(
        { controlId: `S${runId}${i}a`, text: () => visitMessage(`S${runId}${i}a`, mrn, visit, phone, 'A04', 30) },
        { controlId: `S${runId}${i}b`, text: () => visitMessage(`S${runId}${i}b`, mrn, visit, phone, 'A03', 5) },
      );
    });
    const acked = new Set<string>();
    const refused = new Set<string>();
    const load = Promise.all(queues.map((q) => sender(() => mllpPort, q, acked, refused, Date.now() + SETTLE_MS)));

    await waitUntil('a third of the messages at the provider', async () => twilio.requests.length >= PATIENTS / 3, SETTLE_MS, died);
    await killHard(worker);
    const inFlight = twilio.requests.length - twilio.sent.length;
    const atKill = twilio.requests.length;
    await sleep(DOWN_S * 1000);
    worker = startPx360(env('worker'));
    await load;

    const surveys = async () =>
      (await db.query(`select status, count(*)::int as n from survey_instance group by status`)).rows as { status: string; n: number }[];
    await waitUntil(
      'every survey sent or settled',
      async () => {
        const rows = await surveys();
        return rows.reduce((n, r) => n + r.n, 0) >= PATIENTS && !rows.some((r) => r.status === 'scheduled');
      },
      SETTLE_MS,
      died,
    );
    await sleep(QUIET_MS);

    const received = new Map<string, number>();
    for (const m of twilio.sent) received.set(m.to, (received.get(m.to) ?? 0) + 1);
    const once = phones.filter((p) => received.get(p) === 1).length;
    const duplicated = phones.filter((p) => (received.get(p) ?? 0) > 1).length;
    const lost = phones.filter((p) => !received.get(p)).length;
    const statuses = (await surveys()).map((r) => `${r.status}:${r.n}`).join(',');
    const line =
      `scenario=send sent=${PATIENTS} delivered_once=${once} duplicated=${duplicated} lost=${lost} ` +
      `acked=${acked.size}/${PATIENTS * 2} provider_requests=${twilio.requests.length} at_kill=${atKill} in_flight_at_kill=${inFlight} down_s=${DOWN_S} surveys=${statuses}`;
    return { line, ok: once === PATIENTS && duplicated === 0 && lost === 0 };
  } finally {
    await killHard(worker);
    if (mllp) await killHard(mllp);
    await db.end().catch(() => undefined);
    await twilio.stop().catch(() => undefined);
    await temporal.stop().catch(() => undefined);
    await admin.query(`drop database if exists ${database} with (force)`).catch(() => undefined);
    await admin.end();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
