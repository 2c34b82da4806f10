/**
 * Temporal goes away: the MLLP intake keeps storing and acknowledging; when Temporal returns the
 * relay catches up and every event is applied exactly once, in order.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../config/logger';
import { InboxMessage } from '../models/entities';
import { freePort } from '../workers/local/processes';
import { startTemporalDevServer, type RunningTemporal } from '../workers/local/temporalDevServer';
import { encounterStateQuery } from '../workflows/encounterTypes';
import { adt, labResult } from './support/hl7Messages';
import { field, MllpTestClient } from './support/mllpClient';
import { startTestHub, uniqueVisit, type TestHub } from './support/testHub';

describe('when Temporal is unavailable', () => {
  const log = createLogger('silent');
  let dataDir: string;
  let server: RunningTemporal;
  let hub: TestHub;
  let ports: { port: number; uiPort: number };
  const startServer = () => startTemporalDevServer({ ...ports, namespace: 'default', log, dbFile: path.join(dataDir, 'temporal.db') });

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'px360-outage-'));
    ports = { port: await freePort(), uiPort: await freePort() };
    server = await startServer();
    hub = await startTestHub({ temporalAddress: server.address });
  });
  afterAll(async () => {
    await hub.close();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps acknowledging, then applies every event once when Temporal is back', async () => {
    const facts = { visit: uniqueVisit(), mrn: `MRN${Date.now()}`, patientClass: 'O' as const };
    const client = await MllpTestClient.connect(hub.listener.port);
    expect(field(await client.send(adt('A04', facts)), 'MSA', 1)).toBe('AA');
    const handle = hub.temporal.client.workflow.getHandle(`encounter:DEMO:${facts.visit}`);
    for (let i = 0; i < 100 && (await handle.query(encounterStateQuery).catch(() => undefined))?.history.length !== 1; i++) await new Promise((r) => setTimeout(r, 100));

    await server.stop();
    const whileDown = [labResult(facts), adt('A08', facts), adt('A03', facts)];
    for (const message of whileDown) expect(field(await client.send(message), 'MSA', 1)).toBe('AA');
    await new Promise((r) => setTimeout(r, 1_000));
    const waiting = await hub.api.em().find(InboxMessage, { status: 'received' });
    expect(waiting).toHaveLength(3);

    server = await startServer();
    const deadline = Date.now() + 60_000;
    let state;
    while (Date.now() < deadline) {
      state = await handle.query(encounterStateQuery).catch(() => undefined);
      if (state?.status === 'completed') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(state?.status).toBe('completed');
    expect(state?.history.map((h) => h.eventCode)).toEqual(['OPD_CHECK_IN', 'LAB_RESULTED', 'DEMOGRAPHICS_UPDATE', 'DISCHARGE']);
    const rows = await hub.api.em().find(InboxMessage, {}, { orderBy: { seq: 'asc' } });
    expect(rows.map((r) => r.status)).toEqual(['processed', 'processed', 'processed', 'processed']);
    client.close();
  }, 120_000);
});
