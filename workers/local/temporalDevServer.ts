/**
 * The local Temporal dev server for single-machine runs and tests: `temporal server start-dev`
 * with SQLite persistence under PX_DATA_DIR, the Web UI, and PX360's search attributes.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import type { Logger } from '../../config/logger';
import { pxSearchAttributes } from '../../workflows/searchAttributes';
import { devServerSearchAttributeFlags } from '../searchAttributes';
import { isPortInUse, stopChild, waitFor } from './processes';
import { locateTemporalCli, TEMPORAL_CLI_VERSION } from './temporalCli';

export interface RunningTemporal {
  address: string;
  uiUrl: string;
  stop(): Promise<void>;
}

export interface DevServerOptions {
  cli?: string;
  /** SQLite file; omit for an in-memory server (tests). */
  dbFile?: string;
  port: number;
  uiPort: number;
  namespace: string;
  log: Logger;
  logFile?: string;
  /** Server dynamic configuration (`--dynamic-config-value key=value`), e.g. history limits. */
  dynamicConfig?: Record<string, string | number | boolean>;
}

/**
 * SQLite settings of the on-disk dev server. Write-ahead logging with `synchronous=normal`: a
 * commit is durable once the log is written, and the log is synced to disk at each checkpoint, so a
 * crash of the Temporal process loses nothing, and a power loss or kernel crash can lose at most the
 * transactions since the last checkpoint (the database file itself never corrupts). The default
 * (rollback journal, `synchronous=full`) syncs every commit and accepts about a third as many
 * workflow starts and signals per second on this kind of machine.
 */
export const DEV_SERVER_SQLITE_PRAGMAS = ['journal_mode=wal', 'synchronous=normal'] as const;

/** The `start-dev` flags for a file database's pragmas and for dynamic configuration values. */
export function devServerTuningFlags(options: Pick<DevServerOptions, 'dbFile' | 'dynamicConfig'>): string[] {
  const flags: string[] = [];
  if (options.dbFile) for (const pragma of DEV_SERVER_SQLITE_PRAGMAS) flags.push('--sqlite-pragma', pragma);
  for (const [key, value] of Object.entries(options.dynamicConfig ?? {})) flags.push('--dynamic-config-value', `${key}=${typeof value === 'string' ? JSON.stringify(value) : String(value)}`);
  return flags;
}

async function temporalAnswers(address: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 1_000 });
  try {
    await connection.withDeadline(Date.now() + 1_000, () => connection.workflowService.getSystemInfo({}));
    return true;
  } finally {
    await connection.close();
  }
}

/** When no CLI binary can be had, the SDK downloads one (needs internet). */
async function startWithSdkDownload(options: DevServerOptions): Promise<RunningTemporal> {
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  options.log.info('no temporal binary and no Go toolchain: letting the Temporal SDK download the CLI');
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      ip: '127.0.0.1',
      port: options.port,
      uiPort: options.uiPort,
      ui: true,
      namespace: options.namespace,
      dbFilename: options.dbFile,
      searchAttributes: pxSearchAttributes,
      extraArgs: devServerTuningFlags(options),
      executable: { type: 'cached-download', version: TEMPORAL_CLI_VERSION },
    },
  });
  return { address: env.address, uiUrl: `http://localhost:${options.uiPort}`, stop: () => env.teardown() };
}

export async function startTemporalDevServer(options: DevServerOptions): Promise<RunningTemporal> {
  const { port, uiPort, log } = options;
  const address = `127.0.0.1:${port}`;
  for (const [what, p] of [['gRPC', port], ['Web UI', uiPort]] as const) {
    if (await isPortInUse(p)) {
      throw new Error(
        `port ${p} for the Temporal dev server's ${what} is already in use: stop what holds it, ` +
          `set TEMPORAL_ADDRESS to use a running Temporal server, or choose PX_TEMPORAL_PORT / PX_TEMPORAL_UI_PORT`,
      );
    }
  }
  const cli = await locateTemporalCli(options.cli, log);
  if (!cli) return startWithSdkDownload(options);

  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--ui-port', String(uiPort)];
  args.push('--namespace', options.namespace, '--log-level', 'warn', ...devServerSearchAttributeFlags());
  if (options.dbFile) {
    fs.mkdirSync(path.dirname(options.dbFile), { recursive: true });
    args.push('--db-filename', options.dbFile);
  }
  args.push(...devServerTuningFlags(options));
  const logFd = options.logFile ? fs.openSync(options.logFile, 'a') : 'ignore';
  const child = spawn(cli, args, { stdio: ['ignore', logFd, logFd] });
  if (typeof logFd === 'number') fs.closeSync(logFd);
  let exitReason: string | undefined;
  child.once('error', (error) => (exitReason = error.message));
  child.once('exit', (code, signal) => (exitReason = `temporal exited (${signal ?? code})${options.logFile ? `; see ${options.logFile}` : ''}`));

  await waitFor('Temporal dev server', () => temporalAnswers(address), { timeoutMs: 60_000, abort: () => exitReason });
  log.info({ address, cli }, 'Temporal dev server ready');
  return {
    address,
    uiUrl: `http://localhost:${uiPort}`,
    stop: () => stopChild(child, 'SIGTERM', 8_000),
  };
}
