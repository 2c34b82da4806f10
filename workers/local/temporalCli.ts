/**
 * Finds the `temporal` CLI that runs the local dev server, in this order: TEMPORAL_CLI, PATH,
 * the pinned build cached outside the checkout, and a fresh build of that pin with Go.
 * The cache is `$XDG_CACHE_HOME/px360/temporal-cli-v1.5.1/temporal` (default `~/.cache/...`),
 * so every clone on the machine, CI's included, reuses one build.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../../config/logger';
import { run } from './processes';

export const TEMPORAL_CLI_VERSION = 'v1.5.1';
const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';

export function cachedCliPath(): string {
  const cacheHome = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cacheHome, 'px360', `temporal-cli-${TEMPORAL_CLI_VERSION}`, 'temporal');
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function onPath(name: string, extra: string[] = []): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), ...extra].filter(Boolean);
  return dirs.map((dir) => path.join(dir, name)).find(isExecutable);
}

/** Builds the pinned CLI with Go into the cache, showing progress. Takes minutes the first time. */
async function buildWithGo(go: string, log: Logger): Promise<string> {
  const target = cachedCliPath();
  const staging = fs.mkdtempSync(path.join(path.dirname(path.dirname(target)), 'build-'));
  log.info(`building the Temporal CLI ${TEMPORAL_CLI_VERSION} with ${go} into ${target} (first run only; takes a few minutes)`);
  const started = Date.now();
  const heartbeat = setInterval(() => log.info(`  still building the Temporal CLI (${Math.round((Date.now() - started) / 1000)}s)`), 20_000);
  try {
    await run(go, ['install', `${TEMPORAL_CLI_MODULE}@${TEMPORAL_CLI_VERSION}`], {
      env: { ...process.env, GOBIN: staging, GOFLAGS: '-mod=mod' },
      onLine: (line) => {
        if (line.startsWith('go: downloading')) log.debug(line);
      },
    });
    fs.renameSync(path.join(staging, 'temporal'), target);
  } finally {
    clearInterval(heartbeat);
    fs.rmSync(staging, { recursive: true, force: true });
  }
  log.info(`Temporal CLI built in ${Math.round((Date.now() - started) / 1000)}s`);
  return target;
}

/**
 * The path of a usable `temporal` binary, or undefined when none can be had here
 * (the caller then falls back to the SDK's own download).
 */
export async function locateTemporalCli(configured: string | undefined, log: Logger): Promise<string | undefined> {
  if (configured) {
    if (!isExecutable(configured)) throw new Error(`TEMPORAL_CLI=${configured} is not an executable file`);
    return configured;
  }
  const found = onPath('temporal');
  if (found) return found;
  const cached = cachedCliPath();
  if (isExecutable(cached)) return cached;
  const go = onPath('go', ['/usr/local/go/bin']);
  if (!go) return undefined;
  fs.mkdirSync(path.dirname(cached), { recursive: true });
  return buildWithGo(go, log);
}
