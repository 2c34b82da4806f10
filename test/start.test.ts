/**
 * `npm start` as a newcomer runs it: a fresh data directory, nothing else set. The system must come
 * up healthy on embedded PostgreSQL and a local Temporal dev server, serve the Web UI, and stop
 * everything it started on SIGTERM within 10 seconds — as root and as an unprivileged user.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, isPortInUse } from '../workers/local/processes';
import { createLogger } from '../config/logger';
import { locateTemporalCli } from '../workers/local/temporalCli';

const ROOT = path.resolve(__dirname, '..');

interface Started {
  child: ChildProcess;
  output: () => string;
  ports: { api: number; postgres: number; temporal: number; ui: number; mllp: number };
}

/**
 * Free ports are found before the system binds them, and the other test files running beside this
 * one take ports too: when one was taken in between (EADDRINUSE), start again on new ones.
 */
async function start(dataDir: string, as?: { uid: number; gid: number; home: string; temporalCli: string }): Promise<Started> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(dataDir, as);
    } catch (error) {
      if (attempt >= 3 || !/EADDRINUSE/.test((error as Error).message)) throw error;
    }
  }
}

async function startOnce(dataDir: string, as?: { uid: number; gid: number; home: string; temporalCli: string }): Promise<Started> {
  const ports = { api: await freePort(), postgres: await freePort(), temporal: await freePort(), ui: await freePort(), mllp: await freePort() };
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: as?.home ?? process.env.HOME,
    PX_DATA_DIR: dataDir,
    PX_API_PORT: String(ports.api),
    PX_EMBEDDED_PG_PORT: String(ports.postgres),
    PX_TEMPORAL_PORT: String(ports.temporal),
    PX_TEMPORAL_UI_PORT: String(ports.ui),
    PX_MLLP_PORT: String(ports.mllp),
    LOG_LEVEL: 'warn',
    ...(as ? { TEMPORAL_CLI: as.temporalCli, npm_config_cache: path.join(as.home, '.npm'), XDG_CACHE_HOME: path.join(as.home, '.cache') } : {}),
  };
  const child = spawn('npm', ['start', '--silent'], { cwd: ROOT, env, uid: as?.uid, gid: as?.gid, detached: true });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const deadline = Date.now() + 120_000;
  while (!output.includes('PX360 is running')) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`npm start did not come up in time:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return { child, output: () => output, ports };
}

/** SIGTERM to npm (a service manager stopping it), or SIGINT to the whole process group (Ctrl-C in a terminal). */
async function stopWithin(started: Started, ms: number, how: 'SIGTERM' | 'Ctrl-C' = 'SIGTERM'): Promise<number> {
  const began = Date.now();
  const exited = new Promise<void>((resolve) => started.child.once('exit', () => resolve()));
  if (how === 'SIGTERM') process.kill(started.child.pid!, 'SIGTERM');
  else process.kill(-started.child.pid!, 'SIGINT');
  await Promise.race([exited, new Promise((_, reject) => setTimeout(() => reject(new Error(`still running after ${ms} ms:\n${started.output()}`)), ms))]);
  return Date.now() - began;
}

async function checkRunningSystem(started: Started): Promise<void> {
  const base = `http://127.0.0.1:${started.ports.api}`;
  const health = await fetch(`${base}/health`);
  expect(health.status).toBe(200);
  expect(await health.json()).toMatchObject({ status: 'ok', checks: { database: { status: 'up' }, temporal: { status: 'up' } } });
  expect((await fetch(`http://127.0.0.1:${started.ports.ui}/`)).status).toBe(200);
  expect(started.output()).toContain(`API docs         http://localhost:${started.ports.api}/api/docs`);
  expect(started.output()).toContain(`Temporal Web UI  http://localhost:${started.ports.ui}`);
  expect(started.output()).toContain(`HL7 MLLP         mllp://127.0.0.1:${started.ports.mllp}`);
  expect(await isPortInUse(started.ports.mllp)).toBe(true);

  const password = /with password (\S+)/.exec(started.output())?.[1];
  expect(password).toBeTruthy();
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@px360.local', password }),
  });
  expect(login.status).toBe(200);
  const { accessToken } = (await login.json()) as { accessToken: string };
  const hospitals = await fetch(`${base}/api/v1/hospitals?code=DEMO`, { headers: { authorization: `Bearer ${accessToken}` } });
  expect(((await hospitals.json()) as { items: { nameAr: string }[] }).items[0].nameAr).toBe('مستشفى بي إكس 360 العام التجريبي');
}

async function expectEverythingStopped(started: Started): Promise<void> {
  for (const port of Object.values(started.ports)) expect(await isPortInUse(port)).toBe(false);
}

describe('npm start', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'px360-start-'));
    fs.chmodSync(dataDir, 0o755);
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('comes up healthy on embedded defaults, then stops everything on SIGTERM within 10 s', async () => {
    const started = await start(path.join(dataDir, 'first'));
    try {
      await checkRunningSystem(started);
    } finally {
      expect(await stopWithin(started, 10_000)).toBeLessThan(10_000);
    }
    await expectEverythingStopped(started);
  }, 180_000);

  it('starts again on the same data without a new admin password, and stops on Ctrl-C', async () => {
    const again = await start(path.join(dataDir, 'first'));
    try {
      expect(again.output()).not.toContain('with password');
      expect((await fetch(`http://127.0.0.1:${again.ports.api}/health`)).status).toBe(200);
    } finally {
      expect(await stopWithin(again, 10_000, 'Ctrl-C')).toBeLessThan(10_000);
    }
    await expectEverythingStopped(again);
  }, 180_000);

  const asRoot = process.getuid?.() === 0;
  // Only root can switch to another account; the checkout must be readable by it.
  const readableByOthers = asRoot && spawnSync('test', ['-r', path.join(ROOT, 'package.json')], { uid: 65534, gid: 65534 }).status === 0;
  (readableByOthers ? it : it.skip)('runs as an unprivileged user too', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'px360-home-'));
    const binDir = path.join(home, 'bin');
    fs.mkdirSync(binDir);
    const temporalCli = path.join(binDir, 'temporal');
    // The same binary the suite runs, wherever it came from, in a place the other account can reach.
    const cli = (await locateTemporalCli(process.env.TEMPORAL_CLI || undefined, createLogger('silent')))!;
    try {
      fs.linkSync(cli, temporalCli);
    } catch {
      fs.copyFileSync(cli, temporalCli);
      fs.chmodSync(temporalCli, 0o755);
    }
    spawnSync('chown', ['-R', '65534:65534', home]);
    fs.chmodSync(home, 0o755);
    try {
      const started = await start(path.join(home, 'data'), { uid: 65534, gid: 65534, home, temporalCli });
      try {
        await checkRunningSystem(started);
      } finally {
        await stopWithin(started, 10_000);
      }
      await expectEverythingStopped(started);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  }, 180_000);
});
