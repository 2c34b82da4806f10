/**
 * `npm run bench:console`: what the staff console costs.
 *
 * 1. Its initial JavaScript (the entry chunk and what index.html preloads), gzip-compressed, against
 *    the 250 KB budget; every screen is a lazy chunk loaded when first opened.
 * 2. The latency of the list and detail endpoints the console calls, at a steady rate over loopback
 *    (bench/pacedLoad.worker.mjs; BENCH_GENERATOR=autocannon for autocannon's once-a-second bursts),
 *    against the API on an embedded PostgreSQL (or DATABASE_URL) filled with
 *    BENCH_ENCOUNTERS encounters (1,000,000) and BENCH_COMPLAINTS complaints (50,000). Stops by
 *    itself; BENCH_SIZE_ONLY=1 skips this part.
 *
 * Knobs: BENCH_RATE requests/s per endpoint (200), BENCH_SECONDS per endpoint (10), BENCH_WARMUP_SECONDS
 * before each (2, at the same rate, not counted), BENCH_CONNECTIONS (16),
 * BENCH_ONLY (endpoint names, comma-separated: measure only those).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { Worker } from 'node:worker_threads';
import autocannon from 'autocannon';
import { loadConfig } from '../config';
import { createLogger } from '../config/logger';
import { CONSOLE_DIST, ensureConsoleBuilt } from '../api/console/build';
import { hashPassword } from '../api/auth/passwords';
import { startApi } from '../api/server';
import { connectOrm, migrate } from '../models/orm';
import { seed } from '../models/seed';
import { startEmbeddedPostgres } from '../workers/local/embeddedPostgres';
import { freePort } from '../workers/local/processes';
import { connectTemporal } from '../workers/temporalClient';

const ENCOUNTERS = Number(process.env.BENCH_ENCOUNTERS ?? 1_000_000);
const COMPLAINTS = Number(process.env.BENCH_COMPLAINTS ?? 50_000);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const GENERATOR = process.env.BENCH_GENERATOR === 'autocannon' ? 'autocannon' : 'paced';
const BUDGET_KB = 250;
const ADMIN = { email: 'bench@px360.local', password: 'bench-password-for-console' };

/** The entry script and module preloads index.html names, each gzip-compressed at level 9. */
function initialJavaScript(): { files: string[]; gzipBytes: number; rawBytes: number; cssGzipBytes: number } {
  const html = fs.readFileSync(path.join(CONSOLE_DIST, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/<script[^>]+src="\/console\/([^"]+\.js)"/g), ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\/console\/([^"]+\.js)"/g)].map((m) => m[1]);
  const styles = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="\/console\/([^"]+\.css)"/g)].map((m) => m[1]);
  const read = (file: string) => fs.readFileSync(path.join(CONSOLE_DIST, file));
  return {
    files: scripts,
    rawBytes: scripts.reduce((n, f) => n + read(f).length, 0),
    gzipBytes: scripts.reduce((n, f) => n + gzipSync(read(f), { level: 9 }).length, 0),
    cssGzipBytes: styles.reduce((n, f) => n + gzipSync(read(f), { level: 9 }).length, 0),
  };
}

async function fill(orm: Awaited<ReturnType<typeof connectOrm>>): Promise<{ complaintId: string }> {
  const connection = orm.em.getConnection();
  const [hospital] = await connection.execute<{ id: string }[]>(`select id from hospital where code = 'DEMO'`);
  const started = Date.now();
  // In batches, so a million rows never sit in one transaction's memory.
  for (let from = 1; from <= ENCOUNTERS; from += 100_000) {
    const to = Math.min(ENCOUNTERS, from + 99_999);
    await connection.execute(
      `insert into encounter (id, created_at, updated_at, hospital_id, visit_number, workflow_id, journey_code, journey_version, patient_class, status, started_at, last_event_at)
       select gen_random_uuid(), now(), now(), ?, 'B' || g, 'encounter:DEMO:B' || g, 'OPD', 1, 'O', case when g % 5 = 0 then 'completed' else 'active' end,
              now() - (g || ' seconds')::interval, now() - (g || ' seconds')::interval
       from generate_series(?::int, ?::int) g`,
      [hospital.id, from, to],
    );
  }
  await connection.execute(
    `insert into complaint (id, created_at, updated_at, hospital_id, reference_no, severity, category, description, source_channel, status, language, escalation_level, acknowledge_by, resolve_by)
     select gen_random_uuid(), now() - (g || ' minutes')::interval, now(), ?, 'CMP-BENCH-' || g,
            (array['low','medium','high','critical'])[1 + g % 4], 'waiting_time', 'Waited a long time in the clinic.',
            (array['walk_in','phone','moh_937','web'])[1 + g % 4], (array['open','acknowledged','in_progress','resolved','closed'])[1 + g % 5], 'ar', g % 3,
            now() + (g % 48 || ' hours')::interval, now() + (g % 240 || ' hours')::interval
     from generate_series(1, ?::int) g`,
    [hospital.id, COMPLAINTS],
  );
  // As autovacuum would in time: statistics for the planner and the visibility map for index-only scans.
  await connection.execute('vacuum analyze encounter');
  await connection.execute('vacuum analyze complaint');
  // The fill's writes flushed now rather than by a checkpoint in the middle of the measurements.
  await connection.execute('checkpoint');
  const [complaint] = await connection.execute<{ id: string }[]>(`select id from complaint where reference_no = 'CMP-BENCH-1'`);
  console.log(`filled ${ENCOUNTERS.toLocaleString('en')} encounters and ${COMPLAINTS.toLocaleString('en')} complaints in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { complaintId: complaint.id };
}

interface Measured {
  p50: number;
  p99: number;
  max?: number;
  rps: number;
  errors: number;
  answered: number;
  /** How long the API's own thread was busy, shared out over the requests answered. */
  cpuMs: number;
  processCpuMs?: number;
  machineCpuMs?: number;
  stolenPercent?: number;
}

/**
 * Requests at a steady RATE, each due 1/RATE after the one before (bench/pacedLoad.worker.mjs),
 * latency counted from when it was due. autocannon (BENCH_GENERATOR=autocannon) paces differently:
 * each connection sends its share of the second's requests back to back as the second begins, so
 * at 16 connections its latencies are those of a 16-deep queue once a second, not of RATE.
 */
async function paced(url: string, token: string, rate: number, seconds = SECONDS): Promise<Omit<Measured, 'cpuMs'>> {
  const worker = new Worker(path.join(__dirname, 'pacedLoad.worker.mjs'), {
    workerData: { url, headers: { authorization: `Bearer ${token}` }, rate, seconds, connections: CONNECTIONS },
  });
  try {
    return await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  } finally {
    await worker.terminate();
  }
}

async function bursts(url: string, token: string, rate: number): Promise<Omit<Measured, 'cpuMs'>> {
  // On a thread of its own, so the load generator never waits on (or delays) the API's event loop.
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, overallRate: rate, workers: 1, headers: { authorization: `Bearer ${token}` } });
  return { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max, rps: result.requests.average, answered: result.requests.total, errors: result.errors + result.non2xx + result.timeouts };
}

/**
 * CPU time of the whole machine so far, in ms (Linux /proc/stat; 0 elsewhere): `busy` ours (every
 * process), `stolen` what the hypervisor gave to other guests while this one wanted to run.
 */
function machineCpu(): { busy: number; stolen: number } {
  try {
    const [cpu] = fs.readFileSync('/proc/stat', 'utf8').split('\n');
    const [user, nice, system, , , irq, softirq, steal] = cpu.trim().split(/\s+/).slice(1).map(Number);
    return { busy: ((user + nice + system + irq + softirq) * 1000) / 100, stolen: (steal * 1000) / 100 };
  } catch {
    return { busy: 0, stolen: 0 };
  }
}

async function measure(url: string, token: string, rate: number): Promise<Measured> {
  // A new route's first requests run code V8 has not compiled yet and open the connections: a
  // server that has been up a while has neither cost, so they are left out of the figures.
  if (WARMUP_SECONDS > 0) await paced(url, token, rate, WARMUP_SECONDS);
  const machineBefore = machineCpu();
  const started = performance.now();
  const before = performance.eventLoopUtilization();
  const cpuBefore = process.cpuUsage();
  const result = GENERATOR === 'autocannon' ? await bursts(url, token, rate) : await paced(url, token, rate);
  const busy = performance.eventLoopUtilization(before);
  const cpu = process.cpuUsage(cpuBefore);
  const n = Math.max(1, result.answered);
  const machine = machineCpu();
  const stolenPercent = (100 * (machine.stolen - machineBefore.stolen)) / (os.cpus().length * (performance.now() - started));
  return { ...result, cpuMs: busy.active / n, processCpuMs: (cpu.user + cpu.system) / 1000 / n, machineCpuMs: (machine.busy - machineBefore.busy) / n, stolenPercent };
}

async function main(): Promise<void> {
  ensureConsoleBuilt((line) => console.log(line));
  const js = initialJavaScript();
  const kb = js.gzipBytes / 1024;
  console.log(`console initial JS: ${js.files.join(', ')}: ${(js.rawBytes / 1024).toFixed(1)} KB raw, ${kb.toFixed(1)} KB gzip (budget ${BUDGET_KB} KB); CSS ${(js.cssGzipBytes / 1024).toFixed(1)} KB gzip`);
  const lines = [`console_initial_js_gzip_kb=${kb.toFixed(1)} budget_kb=${BUDGET_KB} within_budget=${kb <= BUDGET_KB}`];
  if (process.env.BENCH_SIZE_ONLY === '1') {
    console.log(lines.join('\n'));
    return;
  }

  const log = createLogger('warn', 'bench');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'px360-bench-console-'));
  fs.chmodSync(dataDir, 0o755);
  const postgres = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dataDir, port: await freePort(), log });
  const orm = await connectOrm(process.env.DATABASE_URL ?? postgres!.url);
  // No Temporal here: list endpoints read SQL; the filled complaints have no workflow to ask.
  const temporal = connectTemporal(`127.0.0.1:${await freePort()}`, 'default');
  try {
    await migrate(orm);
    await seed(orm.em.fork(), { adminEmail: ADMIN.email, adminPassword: ADMIN.password, demo: true, hashPassword });
    const { complaintId } = await fill(orm);
    const config = loadConfig({ NODE_ENV: 'test', PX_JWT_SECRET: 'bench-secret-that-is-at-least-32-characters', PX_LOGIN_RATE_LIMIT: '1000' });
    const api = await startApi({ config, orm, temporal: temporal.client, log, jwtSecret: config.auth.jwtSecret!, taskQueue: 'px360-bench', probes: {} }, 0, '127.0.0.1');
    const base = `http://127.0.0.1:${api.port}`;
    const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    const { accessToken } = (await login.json()) as { accessToken: string };
    // The cursor half-way down the list, so the deep page is measured the way the console reads it.
    const halfway = (await (await fetch(`${base}/api/v1/encounters?limit=50&offset=${Math.floor(ENCOUNTERS / 2)}`, { headers: { authorization: `Bearer ${accessToken}` } })).json()) as {
      nextCursor: string | null;
    };
    console.log(`${GENERATOR === 'autocannon' ? 'autocannon' : 'paced load'}: ${RATE} requests/s for ${SECONDS} s per endpoint after ${WARMUP_SECONDS} s of warm-up, at most ${CONNECTIONS} connections, ${os.cpus().length} cores`);
    // The offset page is there to compare with the cursor page: it skips half a million rows per
    // request, so it is asked a fiftieth as often, last, so that no other figure queues behind it.
    const endpoints: [string, string, number?][] = [
      ['me', '/api/v1/me'],
      ['complaints_list', '/api/v1/complaints?limit=25'],
      ['complaints_list_filtered', '/api/v1/complaints?limit=25&status=open&severity=high'],
      ['complaint_detail', `/api/v1/complaints/${complaintId}`],
      ['encounters_list', '/api/v1/encounters?limit=50'],
      ['encounters_list_cursor', `/api/v1/encounters?limit=50&after=${halfway.nextCursor}`],
      ['console_index', '/console/'],
      ['encounters_list_offset', `/api/v1/encounters?limit=50&offset=${Math.floor(ENCOUNTERS / 2)}`, RATE / 50],
    ];
    const only = process.env.BENCH_ONLY?.split(',');
    for (const [name, route, rate = RATE] of endpoints.filter(([name]) => !only || only.includes(name))) {
      const r = await measure(base + route, accessToken, rate);
      console.log(`${name.padEnd(26)} p50 ${r.p50.toFixed(1).padStart(7)} ms  p99 ${r.p99.toFixed(1).padStart(7)} ms  max ${(r.max ?? NaN).toFixed(0).padStart(5)} ms  ${r.rps.toFixed(0).padStart(5)} req/s  errors ${r.errors}  api thread ${r.cpuMs.toFixed(2)} ms/request, process CPU ${r.processCpuMs?.toFixed(2)}, machine ${r.machineCpuMs?.toFixed(2)} ms/request, stolen ${r.stolenPercent?.toFixed(0)} %`);
      lines.push(`${name}_p50_ms=${r.p50.toFixed(1)} ${name}_p99_ms=${r.p99.toFixed(1)} ${name}_errors=${r.errors} ${name}_api_ms_per_request=${r.cpuMs.toFixed(2)} ${name}_cpu_stolen_percent=${r.stolenPercent?.toFixed(0)}`);
    }
    await api.close();
  } finally {
    await temporal.close().catch(() => undefined);
    await orm.close();
    await postgres?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(lines.join('\n'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
