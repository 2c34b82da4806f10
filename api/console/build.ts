/**
 * Builds the staff console (web/console, React + Vite) into web/console/dist, and knows when the
 * build there is stale: a hash of the console's sources is written beside the built files, so
 * `npm start` rebuilds only after a source changed. Run as a script: `tsx api/console/build.ts`
 * always builds; `--if-stale` builds only when the sources changed or nothing is built yet.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** web/console beside api/ in the source tree, or beside dist/ once compiled (dist/api/console). */
function findConsoleRoot(): string {
  const candidates = [path.resolve(__dirname, '..', '..', 'web', 'console'), path.resolve(__dirname, '..', '..', '..', 'web', 'console')];
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'dist', 'index.html')) || fs.existsSync(path.join(dir, 'index.html'))) ?? candidates[0];
}

export const CONSOLE_ROOT = findConsoleRoot();
export const CONSOLE_DIST = path.join(CONSOLE_ROOT, 'dist');
const STAMP = path.join(CONSOLE_DIST, '.source-hash');
const SOURCES = ['index.html', 'vite.config.mts', 'tsconfig.json', 'src'];

function listFiles(entry: string): string[] {
  if (!fs.existsSync(entry)) return [];
  if (!fs.statSync(entry).isDirectory()) return [entry];
  return fs
    .readdirSync(entry)
    .sort()
    .flatMap((name) => listFiles(path.join(entry, name)));
}

/** A hash of every source file's path and content, and of the installed toolchain's versions. */
export function sourceHash(): string {
  const hash = createHash('sha256').update('production-build\0');
  for (const file of SOURCES.flatMap((entry) => listFiles(path.join(CONSOLE_ROOT, entry)))) {
    if (/\.test\.tsx?$/.test(file)) continue;
    hash.update(path.relative(CONSOLE_ROOT, file)).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  for (const pkg of ['vite', 'react', '@mantine/core']) {
    try {
      hash.update(JSON.parse(fs.readFileSync(require.resolve(`${pkg}/package.json`, { paths: [CONSOLE_ROOT] }), 'utf8')).version);
    } catch {
      // not installed (production image): the stamp still tells sources apart
    }
  }
  return hash.digest('hex');
}

export function isConsoleBuilt(): boolean {
  return fs.existsSync(path.join(CONSOLE_DIST, 'index.html'));
}

export function isConsoleStale(): boolean {
  if (!isConsoleBuilt()) return true;
  if (!fs.existsSync(path.join(CONSOLE_ROOT, 'src'))) return false;
  return !fs.existsSync(STAMP) || fs.readFileSync(STAMP, 'utf8').trim() !== sourceHash();
}

/** Runs `vite build` in web/console; throws when it fails. */
export function buildConsole(): void {
  const vite = (() => {
    try {
      return path.join(path.dirname(require.resolve('vite/package.json', { paths: [CONSOLE_ROOT] })), 'bin', 'vite.js');
    } catch {
      return null;
    }
  })();
  if (!vite) throw new Error('cannot build the staff console: vite is not installed (run npm install)');
  // Always the production build of React and friends, even when the caller runs under NODE_ENV=test.
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: CONSOLE_ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (result.status !== 0) throw new Error(`building the staff console failed (vite exited ${result.status ?? result.signal})`);
  fs.writeFileSync(STAMP, sourceHash() + '\n');
}

const LOCK = path.join(CONSOLE_ROOT, '.build-lock');
/** A lock left by a build that died is taken over after this long. */
const LOCK_STALE_MS = 5 * 60_000;

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** One build at a time across processes (two test files, or `npm start` beside a test run). */
function withBuildLock(work: () => void): void {
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (fs.statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > LOCK_STALE_MS) fs.rmSync(LOCK, { recursive: true, force: true });
      else sleep(250);
    }
  }
  try {
    work();
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

/** Builds when the build is missing or older than the sources; quick when it is current. */
export function ensureConsoleBuilt(log: (line: string) => void = () => {}): void {
  if (!isConsoleStale()) return;
  withBuildLock(() => {
    // Another process may have built it while this one waited.
    if (!isConsoleStale()) return;
    log(isConsoleBuilt() ? 'staff console sources changed: rebuilding web/console' : 'building the staff console (web/console, once)');
    const started = Date.now();
    buildConsole();
    log(`staff console built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
}

if (require.main === module) {
  try {
    if (process.argv.includes('--if-stale')) ensureConsoleBuilt((line) => console.log(line));
    else buildConsole();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
