import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiServices } from './context';
import { createApp } from './app';

export interface RunningApi {
  server: http.Server;
  port: number;
  close(): Promise<void>;
}

/** Starts the API; `close` stops accepting, lets in-flight requests finish, then drops idle keep-alives. */
export async function startApi(services: ApiServices, port = services.config.api.port, host = services.config.api.host): Promise<RunningApi> {
  const server = http.createServer(createApp(services).callback());
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 3_000).unref();
      }),
  };
}
