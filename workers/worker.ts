import fs from 'node:fs';
import path from 'node:path';
import { NativeConnection, Worker, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import type { PayloadCodec } from '@temporalio/common';
import type { Logger } from '../config/logger';
import { createActivities, type ActivityDependencies } from '../activities';
import { TASK_QUEUES } from './taskQueues';
import { temporalDataConverter } from './payloadCodec';

/** The prebuilt workflow bundle `npm run build` writes; production workers load it instead of bundling at start. */
const compiledOrSourceRoot = path.resolve(__dirname, '..');
const PROJECT_ROOT = path.basename(compiledOrSourceRoot) === 'dist' ? path.dirname(compiledOrSourceRoot) : compiledOrSourceRoot;
export const WORKFLOW_BUNDLE_PATH = path.join(PROJECT_ROOT, 'dist', 'workflow-bundle.js');
export const WORKFLOWS_PATH = require.resolve('../workflows');

export interface RunningWorker {
  worker: Worker;
  /** Settles when the worker has stopped. */
  finished: Promise<void>;
  shutdown(): Promise<void>;
}

let runtimeInstalled = false;

/** Sends the SDK's own logs through our logger, once per process. */
function installRuntime(log: Logger): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({
    logger: {
      log: (level, message, meta) => log[level === 'TRACE' ? 'trace' : (level.toLowerCase() as 'debug' | 'info' | 'warn' | 'error')]({ ...meta, sdk: 'temporal' }, message),
      trace: (message, meta) => log.trace({ ...meta, sdk: 'temporal' }, message),
      debug: (message, meta) => log.debug({ ...meta, sdk: 'temporal' }, message),
      info: (message, meta) => log.info({ ...meta, sdk: 'temporal' }, message),
      warn: (message, meta) => log.warn({ ...meta, sdk: 'temporal' }, message),
      error: (message, meta) => log.error({ ...meta, sdk: 'temporal' }, message),
    },
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } },
  });
}

export async function startWorker(options: {
  address: string;
  namespace: string;
  deps: ActivityDependencies;
  log: Logger;
  /** Use the prebuilt bundle (production) rather than bundling the TypeScript sources at start. */
  prebuilt: boolean;
  taskQueue?: string;
  /** Encrypts every payload the worker sends and decrypts what it reads (PX_TEMPORAL_ENCRYPTION_KEYS). */
  payloadCodec?: PayloadCodec;
}): Promise<RunningWorker> {
  installRuntime(options.log);
  if (options.prebuilt && !fs.existsSync(WORKFLOW_BUNDLE_PATH)) {
    throw new Error(`no workflow bundle at ${WORKFLOW_BUNDLE_PATH}: run \`npm run build\` first`);
  }
  const connection = await NativeConnection.connect({ address: options.address });
  const worker = await Worker.create({
    connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue ?? TASK_QUEUES.px,
    activities: createActivities(options.deps),
    dataConverter: temporalDataConverter(options.payloadCodec),
    ...(options.prebuilt ? { workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH } } : { workflowsPath: WORKFLOWS_PATH }),
  });
  const finished = worker.run().finally(() => connection.close());
  return {
    worker,
    finished,
    async shutdown() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await finished;
    },
  };
}
