/**
 * `npm run fuzz`: property-based fuzzing of the HL7 intake path (MLLP frame decoder, HL7 parser,
 * intake with an in-memory inbox, event mapping, ACK round trip) with fast-check; the generators
 * and properties are in test/support/hl7Fuzz.ts, shared with the short CI run (adapters/fuzz.test.ts).
 *
 * Each target runs in a worker thread, one at a time. Every input is timed: one slower than
 * FUZZ_BUDGET_MS counts as a hang. An input that never returns is caught by the watchdog here,
 * which reads it from memory shared with the worker, saves it and stops the worker. A crash is an
 * input that broke a property (an exception out of a public entry point, an ACK that does not echo
 * MSH-10, frames that depend on how the stream was split, …). Counterexamples go to
 * test-artifacts/fuzz/; the exit code is 1 when any target had a crash or a hang.
 *
 * Knobs: FUZZ_RUNS (1,000,000 in total, shared by the targets' weights), FUZZ_SEED (random),
 * FUZZ_BUDGET_MS per input (2000), FUZZ_TARGETS (comma-separated names; all by default).
 */
import fs from 'node:fs';
import path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import fc from 'fast-check';
import { FUZZ_TARGETS } from '../test/support/hl7Fuzz';

const ARTIFACTS = path.resolve(__dirname, '..', 'test-artifacts', 'fuzz');
/** Shared memory: [runs done, input length, input too large, running an input] then the current input's bytes. */
const HEADER_INTS = 4;
const MAX_SHARED_INPUT = 16 << 20;
/** Counterexamples saved per target and kind; the counts go on. */
const MAX_SAVED = 5;

interface Job {
  target: string;
  runs: number;
  seed: number;
  budgetMs: number;
  shared: SharedArrayBuffer;
}

interface Stats {
  target: string;
  runs: number;
  crashes: number;
  hangs: number;
  ms: number;
  maxInputMs: number;
  firstFailure?: string;
}

function save(target: string, kind: 'crash' | 'hang', n: number, input: Buffer, details: object): string {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const base = path.join(ARTIFACTS, `${target}-${kind}-${n}`);
  fs.writeFileSync(`${base}.bin`, input);
  fs.writeFileSync(`${base}.json`, JSON.stringify({ target, kind, ...details }, null, 2));
  return `${base}.bin`;
}

async function runJob(job: Job): Promise<Stats> {
  const target = FUZZ_TARGETS.find((t) => t.name === job.target)!;
  const header = new Int32Array(job.shared, 0, HEADER_INTS);
  const bytes = new Uint8Array(job.shared, HEADER_INTS * 4);
  const stats: Stats = { target: target.name, runs: 0, crashes: 0, hangs: 0, ms: 0, maxInputMs: 0 };
  const started = performance.now();
  await fc.assert(
    fc.asyncProperty(target.arbitrary, async (input) => {
      const serialized = target.serialize(input);
      const fits = serialized.length <= bytes.length;
      if (fits) bytes.set(serialized);
      Atomics.store(header, 1, fits ? serialized.length : 0);
      Atomics.store(header, 2, fits ? 0 : 1);
      Atomics.store(header, 3, 1);
      const t0 = performance.now();
      try {
        await target.run(input);
      } catch (error) {
        stats.crashes += 1;
        const message = (error as Error)?.stack ?? String(error);
        stats.firstFailure ??= message.split('\n')[0];
        if (stats.crashes <= MAX_SAVED) save(target.name, 'crash', stats.crashes, serialized, { seed: job.seed, run: stats.runs, error: message });
      }
      const elapsed = performance.now() - t0;
      stats.maxInputMs = Math.max(stats.maxInputMs, elapsed);
      if (elapsed > job.budgetMs) {
        stats.hangs += 1;
        stats.firstFailure ??= `input took ${Math.round(elapsed)} ms (budget ${job.budgetMs} ms)`;
        if (stats.hangs <= MAX_SAVED) save(target.name, 'hang', stats.hangs, serialized, { seed: job.seed, run: stats.runs, ms: elapsed });
      }
      stats.runs += 1;
      Atomics.store(header, 3, 0);
      Atomics.store(header, 0, stats.runs);
      return true;
    }),
    { numRuns: job.runs, seed: job.seed },
  );
  stats.ms = performance.now() - started;
  return stats;
}

/** Runs one target in a worker; resolves with its stats, or with a hang when the worker stops answering. */
function runInWorker(job: Omit<Job, 'shared'>): Promise<Stats> {
  const shared = new SharedArrayBuffer(HEADER_INTS * 4 + MAX_SHARED_INPUT);
  const header = new Int32Array(shared, 0, HEADER_INTS);
  // The worker loads this same file through tsx's CommonJS hook (a .ts entry cannot be given to Worker directly).
  const worker = new Worker(`require('tsx/cjs'); require(${JSON.stringify(__filename)});`, { eval: true, workerData: { ...job, shared } satisfies Job });
  const started = performance.now();
  // A worker stuck on one input makes no progress for this long: five budgets, and at least 10 s.
  const stuckAfterMs = Math.max(10_000, job.budgetMs * 5);
  return new Promise((resolve, reject) => {
    let lastRuns = -1;
    let lastProgress = performance.now();
    const watchdog = setInterval(() => {
      const runs = Atomics.load(header, 0);
      if (runs !== lastRuns) {
        lastRuns = runs;
        lastProgress = performance.now();
        return;
      }
      if (performance.now() - lastProgress < stuckAfterMs) return;
      clearInterval(watchdog);
      if (Atomics.load(header, 3) === 0) {
        // Stuck between inputs: fast-check generating or shrinking, not the code under test.
        void worker.terminate();
        reject(new Error(`${job.target}: the generator made no progress for ${stuckAfterMs} ms after run ${runs} (seed ${job.seed})`));
        return;
      }
      const length = Atomics.load(header, 1);
      const input = Buffer.from(new Uint8Array(shared, HEADER_INTS * 4, length));
      const file = save(job.target, 'hang', 1, input, { seed: job.seed, run: runs, note: `no progress for ${stuckAfterMs} ms; worker stopped`, truncated: Atomics.load(header, 2) === 1 });
      void worker.terminate();
      resolve({ target: job.target, runs, crashes: 0, hangs: 1, ms: performance.now() - started, maxInputMs: stuckAfterMs, firstFailure: `stuck input saved to ${file}` });
    }, 250);
    worker.once('message', (stats: Stats) => {
      clearInterval(watchdog);
      resolve(stats);
    });
    worker.once('error', (error) => {
      clearInterval(watchdog);
      reject(error);
    });
  });
}

async function main(): Promise<void> {
  const total = Number(process.env.FUZZ_RUNS ?? 1_000_000);
  const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
  const budgetMs = Number(process.env.FUZZ_BUDGET_MS ?? 2000);
  const only = process.env.FUZZ_TARGETS?.split(',').map((s) => s.trim());
  const targets = FUZZ_TARGETS.filter((t) => !only || only.includes(t.name));
  const weights = targets.reduce((sum, t) => sum + t.weight, 0);
  console.log(`fuzz: ${total} runs over ${targets.length} targets, seed ${seed}, budget ${budgetMs} ms per input`);
  const all: Stats[] = [];
  for (const [i, t] of targets.entries()) {
    const runs = Math.round((total * t.weight) / weights);
    const stats = await runInWorker({ target: t.name, runs, seed: seed + i, budgetMs });
    all.push(stats);
    const rate = stats.runs / (stats.ms / 1000);
    console.log(
      `${t.name.padEnd(14)} runs=${stats.runs} crashes=${stats.crashes} hangs=${stats.hangs} runs_per_s=${Math.round(rate)} max_input_ms=${stats.maxInputMs.toFixed(1)}` +
        (stats.firstFailure ? `\n  first failure: ${stats.firstFailure}` : ''),
    );
  }
  const sum = (key: 'runs' | 'crashes' | 'hangs') => all.reduce((n, s) => n + s[key], 0);
  const seconds = all.reduce((n, s) => n + s.ms, 0) / 1000;
  console.log(`total          runs=${sum('runs')} crashes=${sum('crashes')} hangs=${sum('hangs')} runs_per_s=${Math.round(sum('runs') / seconds)} seconds=${seconds.toFixed(0)}`);
  if (sum('crashes') + sum('hangs') > 0) {
    console.log(`counterexamples in ${path.relative(process.cwd(), ARTIFACTS)}/`);
    process.exitCode = 1;
  }
}

if (isMainThread) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
} else {
  runJob(workerData as Job).then(
    (stats) => parentPort!.postMessage(stats),
    (error) => {
      throw error;
    },
  );
}
