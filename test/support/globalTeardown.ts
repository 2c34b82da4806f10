import fs from 'node:fs';
import type { RunningPostgres } from '../../workers/local/embeddedPostgres';
import type { RunningTemporal } from '../../workers/local/temporalDevServer';

export default async function globalTeardown(): Promise<void> {
  const infra = (globalThis as Record<string, unknown>).__pxTestInfra as { postgres: RunningPostgres; temporal: RunningTemporal; dataDir: string } | undefined;
  if (!infra) return;
  await Promise.all([infra.temporal.stop(), infra.postgres.stop()]);
  fs.rmSync(infra.dataDir, { recursive: true, force: true });
}
