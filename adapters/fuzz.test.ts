import fc from 'fast-check';
import { FUZZ_TARGETS } from '../test/support/hl7Fuzz';

/**
 * The short fuzz run CI does on every push: a few thousand hostile inputs per target (the MLLP
 * frame decoder, the HL7 parser and event mapping, intake with an in-memory inbox, the ACK round
 * trip). `npm run fuzz` is the long run (a million inputs, hang watchdog, counterexample files).
 * FUZZ_SEED replays a failing run; fast-check prints the seed and the shrunk counterexample.
 */
const RUNS: Record<string, number> = { 'mllp-decoder': 1500, 'hl7-parser': 2000, 'hl7-intake': 1500, 'ack-roundtrip': 2000 };
const BUDGET_MS = 2000;
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

describe('fuzzing the HL7 intake path', () => {
  it.each(FUZZ_TARGETS.map((t) => [t.name, t] as const))('%s holds its properties on hostile input', async (name, target) => {
    let slowest = 0;
    await fc.assert(
      fc.asyncProperty(target.arbitrary, async (input) => {
        const started = performance.now();
        await target.run(input);
        const elapsed = performance.now() - started;
        slowest = Math.max(slowest, elapsed);
        if (elapsed > BUDGET_MS) throw new Error(`input took ${Math.round(elapsed)} ms, over the ${BUDGET_MS} ms budget`);
      }),
      { numRuns: RUNS[name] ?? 1000, seed },
    );
    expect(slowest).toBeLessThan(BUDGET_MS);
  }, 60_000);
});
