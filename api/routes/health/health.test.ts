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
      [postgres, temporal] = await Promise.all([
        startEmbeddedPostgres({ dataDir, port: await freePort(), log }),
        (async () => startTemporalDevServer({ port: await freePort(), uiPort: await freePort(), namespace: 'default', log }))(),
      ]);
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
      await cleanup();
      await Promise.all([temporal.stop(), postgres.stop()]);
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it(`turns 503 naming only the ${stopped}`, async () => {
      expect((await api.request('GET', '/health')).status).toBe(200);
      await (stopped === 'database' ? postgres : temporal).stop();
      const reply = await api.request('GET', '/health');
      expect(reply.status).toBe(503);
      expect(reply.body.status).toBe('unavailable');
      expect(reply.body.down).toEqual([stopped]);
      expect(reply.body.checks[stopped].error).toBeTruthy();
      expect(reply.body.checks[stopped === 'database' ? 'temporal' : 'database'].status).toBe('up');
    });
  });
});
