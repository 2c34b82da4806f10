import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../../config/logger';
import { connectOrm } from '../../../models/orm';
import { startEmbeddedPostgres, type RunningPostgres } from '../../../workers/local/embeddedPostgres';
import { freePort } from '../../../workers/local/processes';
import { startTemporalDevServer, type RunningTemporal } from '../../../workers/local/temporalDevServer';
import { dependencyProbes } from '../../../workers/system';
import { connectTemporal } from '../../../workers/temporalClient';
import { eventually } from '../../../test/support/eventually';
import { startTestApi, type TestApi } from '../../../test/support/testApi';

describe('/health', () => {
  it('answers 200 with each dependency up', async () => {
    const api = await startTestApi();
    try {
      const reply = await api.request('GET', '/health');
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ status: 'ok', down: [], checks: { database: { status: 'up' }, temporal: { status: 'up' } } });
    } finally {
      await api.close();
    }
  });

  it('32 concurrent checks share one round of probes and all answer 200; liveness asks no dependency', async () => {
    let rounds = 0;
    const slow = async () => {
      rounds += 1;
      await new Promise((resolve) => setTimeout(resolve, 300));
    };
    const api = await startTestApi({ probes: { database: slow, temporal: slow } });
    try {
      const replies = await Promise.all(Array.from({ length: 32 }, () => api.request('GET', '/health')));
      expect(replies.map((r) => r.status)).toEqual(Array(32).fill(200));
      expect(rounds).toBe(2); // one probe per dependency, not per request
      expect((await api.request('GET', '/health/ready')).status).toBe(200);
      expect(rounds).toBe(2);
      const live = await api.request('GET', '/health/live');
      expect(live.status).toBe(200);
      expect(live.body.status).toBe('ok');
      expect(rounds).toBe(2);
    } finally {
      await api.close();
    }
  });

  it('liveness stays 200 while a dependency is down; readiness says 503', async () => {
    const api = await startTestApi({ probes: { database: async () => undefined, temporal: async () => Promise.reject(new Error('UNAVAILABLE')) } });
    try {
      expect((await api.request('GET', '/health/live')).status).toBe(200);
      const ready = await api.request('GET', '/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.down).toEqual(['temporal']);
    } finally {
      await api.close();
    }
  });

  /** A dev server of its own; a port another process takes between choosing and binding means trying fresh ones. */
  async function temporalOnFreePorts(log: ReturnType<typeof createLogger>): Promise<RunningTemporal> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await startTemporalDevServer({ port: await freePort(), uiPort: await freePort(), namespace: 'default', log });
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
  }

  describe.each(['database', 'temporal'] as const)('when the %s stops', (stopped) => {
    const log = createLogger('silent');
    let dataDir: string;
    let postgres: RunningPostgres;
    let temporal: RunningTemporal;
    let api: TestApi;
    let cleanup: () => Promise<void>;

    beforeAll(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'px360-health-'));
      fs.chmodSync(dataDir, 0o755);
      postgres = await startEmbeddedPostgres({ dataDir, port: await freePort(), log });
      temporal = await temporalOnFreePorts(log);
      // The API's own data lives in the suite's database; /health probes these two, one of which the test stops.
      const orm = await connectOrm(postgres.url);
      const client = connectTemporal(temporal.address, 'default');
      api = await startTestApi({ probes: dependencyProbes(orm, client) });
      cleanup = async () => {
        await api.close();
        await client.close();
        await orm.close().catch(() => undefined);
      };
    });
    afterAll(async () => {
      await cleanup?.();
      await Promise.all([temporal?.stop(), postgres?.stop()]);
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it(`turns 503 naming only the ${stopped}`, async () => {
      expect((await api.request('GET', '/health')).status).toBe(200);
      await (stopped === 'database' ? postgres : temporal).stop();
      // A round of probes answers for a moment; the next one sees the outage.
      const reply = await eventually(async () => {
        const answer = await api.request('GET', '/health');
        return answer.status === 503 ? answer : undefined;
      }, 10_000, '503');
      expect(reply.status).toBe(503);
      expect(reply.body.status).toBe('unavailable');
      expect(reply.body.down).toEqual([stopped]);
      expect(reply.body.checks[stopped].error).toBeTruthy();
      expect(reply.body.checks[stopped === 'database' ? 'temporal' : 'database'].status).toBe('up');
    });
  });
});
