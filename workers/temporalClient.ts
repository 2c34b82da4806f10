import { Client, Connection } from '@temporalio/client';

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
export function connectTemporal(address: string, namespace: string): TemporalHandle {
  const connection = Connection.lazy({ address, connectTimeout: 2_000 });
  const client = new Client({ connection, namespace });
  return {
    connection,
    client,
    async probe() {
      await connection.withDeadline(Date.now() + 1_500, () => connection.workflowService.getSystemInfo({}));
    },
    close: () => connection.close(),
  };
}
