/**
 * `deployment`: PX360 split the way a deployment runs it, one role per process (`PX_ROLES`):
 * 2 × api, 2 × worker, 1 × mllp (HL7 listener and inbox relay), against a database of the bench's
 * own on the machine's PostgreSQL and one Temporal dev server. Under HL7 load, one api, then one
 * worker, then the mllp process are killed with SIGKILL in turn, each started again a few seconds
 * later as a supervisor would (the mllp process at once). Meanwhile an API client calls
 * GET /health/ready and GET /api/v1/me every 200 ms, on the two api processes in turn and on the
 * other one when its first choice does not answer (as a load balancer would); a request that
 * neither answers with 200 counts as failed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { freePort } from '../../workers/local/processes';
import { startTemporalDevServer } from '../../workers/local/temporalDevServer';
import { ADMIN_PASSWORD, alive, DEADLINE_MS, inboxDrained, killHard, log, MESSAGES, SERVER_URL, sleep, startLoad, settled, startPx360, waitUntil } from './common';

type Role = 'api' | 'worker' | 'mllp';
type Px = ReturnType<typeof startPx360>;

const RESTART_AFTER_MS = 5_000;

async function get(url: string, token?: string): Promise<number> {
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(5_000) });
  await response.arrayBuffer();
  return response.status;
}

export async function deploymentScenario(cli: string | undefined): Promise<{ line: string; ok: boolean }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'px360-fault-deployment-'));
  const database = `px360_fault_deployment_${Date.now()}`;
  const admin = new PgClient({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`create database ${database}`);
  const databaseUrl = SERVER_URL.replace(/\/[^/]*$/, `/${database}`);
  const [temporalPort, uiPort, api1Port, api2Port, mllpPort] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
  const temporal = await startTemporalDevServer({ cli, port: temporalPort, uiPort, namespace: 'default', log, dbFile: path.join(dataDir, 'temporal.db') });
  const base = {
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporal.address,
    PX_DATA_DIR: dataDir,
    PX_ADMIN_PASSWORD: ADMIN_PASSWORD,
    // Both api processes must accept each other's tokens.
    PX_JWT_SECRET: 'fault-bench-jwt-secret-0123456789abcdef0123456789',
    PX_MLLP_PORT: String(mllpPort),
    LOG_LEVEL: 'warn',
  };
  const apiPorts = [api1Port, api2Port];
  const envOf = (role: Role, index: number) => ({ ...base, PX_ROLES: role, PX_API_PORT: String(role === 'api' ? apiPorts[index] : apiPorts[0]) });
  const procs: Record<Role, Px[]> = { api: [], worker: [], mllp: [] };
  const start = (role: Role, index: number) => (procs[role][index] = startPx360(envOf(role, index)));
  const running = (p: Px) => p.ready;
  const died = () => {
    for (const [role, list] of Object.entries(procs)) for (const p of list) if (!alive(p) && p.signalCode !== 'SIGKILL') return `${role} process exited (${p.exitCode}):\n${p.output.join('').slice(-3000)}`;
    return undefined;
  };

  const db = new PgClient({ connectionString: databaseUrl });
  let stopClient = false;
  const api = { requests: 0, failed: 0, failover: 0 };
  let client: Promise<void> = Promise.resolve();
  try {
    // The first worker migrates and seeds; the others then start side by side.
    start('worker', 0);
    await waitUntil('the first worker running', async () => running(procs.worker[0]), 180_000, died);
    start('worker', 1);
    start('api', 0);
    start('api', 1);
    start('mllp', 0);
    await waitUntil('every process running', async () => Object.values(procs).flat().every(running), 180_000, died);
    await db.connect();

    const login = await fetch(`http://127.0.0.1:${api1Port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@px360.local', password: ADMIN_PASSWORD }),
    });
    if (login.status !== 200) throw new Error(`sign-in answered ${login.status}: ${await login.text()}`);
    const { accessToken } = (await login.json()) as { accessToken: string };
    client = (async () => {
      for (let i = 0; !stopClient; i++) {
        for (const [pathName, token] of [['/health/ready', undefined], ['/api/v1/me', accessToken]] as const) {
          api.requests += 1;
          const order = i % 2 ? [api2Port, api1Port] : [api1Port, api2Port];
          let ok = false;
          for (const [n, port] of order.entries()) {
            const status = await get(`http://127.0.0.1:${port}${pathName}`, token).catch(() => 0);
            if (status === 200) {
              ok = true;
              if (n > 0) api.failover += 1;
              break;
            }
          }
          if (!ok) api.failed += 1;
        }
        await sleep(200);
      }
    })();

    const load = startLoad(() => mllpPort);
    const loadAt = Date.now();
    for (const [step, role] of (['api', 'worker', 'mllp'] as Role[]).entries()) {
      await waitUntil(`${step + 1}/4 acknowledged`, async () => load.acked.size >= ((step + 1) * MESSAGES) / 4, DEADLINE_MS, died);
      await killHard(procs[role][0]);
      if (role !== 'mllp') await sleep(RESTART_AFTER_MS);
      start(role, 0);
    }
    await load.done;
    await waitUntil('the inbox drained', () => inboxDrained(db), DEADLINE_MS, died);
    const drainedS = (Date.now() - loadAt) / 1000;
    const { lost, duplicated, at, behind } = await settled(db, temporal.address, load);
    // The client keeps going until every process is back, so the restarted ones are asked too.
    await waitUntil('every process running again', async () => Object.values(procs).flat().every(running), 180_000, died);
    await sleep(2_000);
    stopClient = true;
    await client;
    const line =
      `scenario=deployment sent=${MESSAGES} acked=${load.acked.size} refused=${load.refused.size} applied=${load.acked.size - lost} lost=${lost} duplicated=${duplicated} ` +
      `drained_s=${drainedS.toFixed(1)} behind_at_drain=${behind} catch_up_s=${((at - loadAt) / 1000).toFixed(1)} killed=api,worker,mllp api_requests=${api.requests} api_failed=${api.failed} api_failover=${api.failover}`;
    return { line, ok: lost === 0 && duplicated === 0 };
  } finally {
    stopClient = true;
    await client.catch(() => undefined);
    for (const p of Object.values(procs).flat()) await killHard(p);
    await db.end().catch(() => undefined);
    await temporal.stop().catch(() => undefined);
    await admin.query(`drop database if exists ${database} with (force)`).catch(() => undefined);
    await admin.end();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
