/**
 * The relay delivers a backlog of many visits side by side, yet every visit's messages reach its
 * encounter in the order they were acknowledged, also with a second relay started beside it.
 */
import { createLogger } from '../config/logger';
import { Relay } from '../adapters/relay/relay';
import { InboxMessage } from '../models/entities';
import { encounterStateQuery, encounterWorkflowId } from '../workflows/encounterTypes';
import { eventually } from './support/eventually';
import { adt, labResult } from './support/hl7Messages';
import { MllpTestClient, field } from './support/mllpClient';
import { startTestHub, uniqueVisit, type TestHub } from './support/testHub';

describe('relay lanes', () => {
  let hub: TestHub;
  const relays: Relay[] = [];

  beforeAll(async () => {
    hub = await startTestHub();
    // The hub's own relay stops, so the whole backlog is waiting when the relays below start.
    await hub.relay.stop();
  });
  afterAll(async () => {
    await Promise.all(relays.map((r) => r.stop()));
    await hub.close();
  });

  it("keeps each visit's messages in intake order while delivering visits side by side", async () => {
    // Twelve visits; the last two belong to the first patient, so one patient's visits share a lane too.
    const visits = Array.from({ length: 12 }, (_, i) => ({ visit: uniqueVisit('LANE'), mrn: i >= 10 ? 'MRN-LANE-0' : `MRN-LANE-${i}`, phone: `+96650100${String(i).padStart(4, '0')}` }));
    const senders = await Promise.all([1, 2, 3].map(() => MllpTestClient.connect(hub.listener.port)));
    // Each connection sends its visits one after another, a visit's four messages back to back.
    const rounds = [(f: (typeof visits)[number]) => adt('A04', f), (f: (typeof visits)[number]) => labResult(f), (f: (typeof visits)[number]) => labResult(f, 'HM'), (f: (typeof visits)[number]) => adt('A03', f)];
    await Promise.all(
      senders.map(async (sender, c) => {
        for (const facts of visits.filter((_, i) => i % senders.length === c)) {
          for (const message of rounds) expect(field(await sender.send(message(facts)), 'MSA', 1)).toBe('AA');
        }
      }),
    );
    senders.forEach((s) => s.close());

    const log = createLogger('silent');
    for (let n = 0; n < 2; n++) {
      const relay = new Relay({
        orm: hub.api.orm,
        client: hub.temporal.client,
        databaseUrl: hub.api.databaseUrl,
        taskQueue: hub.taskQueue,
        log,
        pollMs: 100,
        lanes: 4,
        encounterDefaults: { defaultInactivityMs: 600_000, closeGraceMs: 2_000 },
      });
      relays.push(relay);
      relay.start();
    }

    const workflowIds = visits.map((v) => encounterWorkflowId('DEMO', v.visit));
    const inbox = async () => hub.api.em().find(InboxMessage, { workflowId: { $in: workflowIds } }, { orderBy: { seq: 'asc' } });
    await eventually(async () => {
      const rows = await inbox();
      return rows.length === visits.length * rounds.length && rows.every((r) => r.status === 'processed') ? rows : undefined;
    }, 60_000, 'every message delivered');

    const rows = await inbox();
    for (const workflowId of workflowIds) {
      const sent = rows.filter((r) => r.workflowId === workflowId).map((r) => r.id);
      expect(sent).toHaveLength(rounds.length);
      const applied = await eventually(async () => {
        const state = await hub.temporal.client.workflow.getHandle(workflowId).query(encounterStateQuery);
        return state.history.length === rounds.length ? state.history.map((h) => h.messageId) : undefined;
      }, 20_000, `${workflowId} applied`);
      expect(applied).toEqual(sent);
    }
    // Delivered once each: no row was tried twice by the two relays.
    expect(rows.every((r) => r.attempts === 1)).toBe(true);
  });
});
