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
