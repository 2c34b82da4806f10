import { Client, Connection } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import { temporalDataConverter } from './payloadCodec';

export interface TemporalHandle {
  connection: Connection;
  client: Client;
  /** Resolves when the frontend answers a health check; rejects with the reason otherwise. */
  probe(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The shared Temporal client. The connection is lazy: the API starts (and reports Temporal as down
 * on /health) even while the Temporal server is still coming up, and reconnects when it returns.
 */
export function connectTemporal(address: string, namespace: string, options: { payloadCodec?: PayloadCodec } = {}): TemporalHandle {
  const connection = Connection.lazy({ address, connectTimeout: 2_000 });
  // With a codec (PX_TEMPORAL_ENCRYPTION_KEYS) every payload is encrypted before it leaves the process.
  const client = new Client({ connection, namespace, dataConverter: temporalDataConverter(options.payloadCodec) });
  return {
    connection,
    client,
    async probe() {
      await connection.withDeadline(Date.now() + 1_500, () => connection.workflowService.getSystemInfo({}));
    },
    close: () => connection.close(),
  };
}
