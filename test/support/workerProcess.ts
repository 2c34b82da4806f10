/**
 * A Temporal worker in a process of its own, so a test can kill it with SIGKILL mid-activity the way
 * a crashed host would. Configured by the environment (DATABASE_URL, TEMPORAL_ADDRESS,
 * PX_TEST_TASK_QUEUE, PX_PUBLIC_URL and the usual PX_* variables); prints `ready` once polling.
 */
import { createNotificationChannels } from '../../activities/notifications';
import { loadConfig } from '../../config';
import { createLogger } from '../../config/logger';
import { connectOrm } from '../../models/orm';
import { startWorker } from '../../workers/worker';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(process.env.LOG_LEVEL ?? 'silent', 'test-worker');
  const orm = await connectOrm(config.database.url!);
  await startWorker({
    address: config.temporal.address!,
    namespace: 'default',
    deps: { orm, log, surveys: config.surveys, complaintCloseAfterMs: config.complaints.closeAfterMs, publicUrl: config.api.publicUrl, channels: createNotificationChannels(config, log) },
    log,
    prebuilt: false,
    taskQueue: process.env.PX_TEST_TASK_QUEUE,
  });
  process.stdout.write('ready\n');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
