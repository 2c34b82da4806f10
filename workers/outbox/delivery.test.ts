/**
 * The outbox delivery against the real Temporal dev server and PostgreSQL: encounter workflows
 * fed by `signalWithStart` messages (the shape HL7 events will take on the outbox), delivered by
 * one or two delivery processes sharing four lanes.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { createLogger } from '../../config/logger';
import { Hospital, OutboxMessage } from '../../models/entities';
import { laneOf, Outbox } from '../../models/outbox';
import { eventually } from '../../test/support/eventually';
import { startTestHub, uniqueVisit, type TestHub } from '../../test/support/testHub';
import { encounterEventSignal, encounterStateQuery, encounterWorkflowId, type EncounterEvent, type EncounterInput } from '../../workflows/encounterTypes';
import { OutboxDelivery, type OutboxDeliveryOptions } from './delivery';

const LANES = 4;

describe('outbox delivery', () => {
  const log = createLogger('silent');
  const outbox = new Outbox(LANES);
  let hub: TestHub;
  let demo: Hospital;
  let running: OutboxDelivery[] = [];
  let started: string[] = [];

  beforeAll(async () => {
    hub = await startTestHub();
    // Each test runs the delivery processes it needs, on lanes of its own count.
    await hub.outboxDelivery.stop();
    await hub.api.orm.em.getConnection().execute('delete from "outbox_lane_lease"; delete from "outbox_delivery_process";');
    demo = await hub.api.em().findOneOrFail(Hospital, { code: 'DEMO' });
  });
  afterEach(async () => {
    await Promise.all(running.map((d) => d.stop()));
    running = [];
    await Promise.all(started.map((id) => hub.temporal.client.workflow.getHandle(id).terminate('test over').catch(() => undefined)));
    started = [];
  });
  afterAll(() => hub.close());

  const delivery = (options: Partial<OutboxDeliveryOptions> = {}) => {
    const instance = new OutboxDelivery({
      orm: hub.api.orm,
      client: hub.temporal.client,
      databaseUrl: hub.api.databaseUrl,
      log,
      probe: hub.temporal.probe,
      lanes: LANES,
      batchSize: 3,
      pollMs: 100,
      leaseMs: 2_000,
      retentionMs: 86_400_000,
      ...options,
    });
    running.push(instance);
    instance.start();
    return instance;
  };

  const em = () => hub.api.em();
  const input = (visitNumber: string): EncounterInput => ({ hospitalId: demo.id, hospitalCode: 'DEMO', visitNumber, defaultInactivityMs: 600_000, closeGraceMs: 2_000 });
  const event = (messageId: string, seq: number): EncounterEvent => ({ messageId, seq: String(seq), eventCode: 'DEMOGRAPHICS_UPDATE', occurredAt: new Date(Date.UTC(2026, 11, 3, 8, 0, seq)).toISOString() });

  /** A new encounter workflow id; `lane` asks for one whose messages travel in that lane. */
  function encounterId(lane?: number): { workflowId: string; visit: string } {
    for (;;) {
      const visit = uniqueVisit('OBX');
      const workflowId = encounterWorkflowId('DEMO', visit);
      if (lane === undefined || laneOf(workflowId, LANES) === lane) {
        started.push(workflowId);
        return { workflowId, visit };
      }
    }
  }

  function writeEvent(tx: EntityManager, encounter: { workflowId: string; visit: string }, messageId: string, seq: number): OutboxMessage {
    return outbox.signalWithStart(tx, encounter.workflowId, {
      workflowType: 'encounter',
      taskQueue: hub.taskQueue,
      args: [input(encounter.visit)],
      signal: encounterEventSignal,
      signalArgs: [event(messageId, seq)],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      searchAttributes: { PxEntity: 'encounter', PxHospital: 'DEMO', PxStatus: 'active' },
    });
  }

  const rowsOf = (workflowIds: string[]) => em().find(OutboxMessage, { workflowId: { $in: workflowIds } }, { orderBy: { id: 'asc' } });
  const allSettled = (workflowIds: string[]) =>
    eventually(async () => {
      const rows = await rowsOf(workflowIds);
      return rows.every((r) => r.deliveredAt || r.failedAt) ? rows : undefined;
    }, 30_000, 'outbox messages settled');
  /** The events the encounter has applied, in the order it got them, once it has applied `count`. */
  const historyOf = (workflowId: string, count: number) =>
    eventually(async () => {
      const applied = (await hub.temporal.client.workflow.getHandle(workflowId).query(encounterStateQuery)).history.map((h) => h.messageId);
      return applied.length >= count ? applied : undefined;
    }, 20_000, `${workflowId} applied ${count} events`);
  const signalsReceived = async (workflowId: string) => (await hub.temporal.client.workflow.getHandle(workflowId).fetchHistory()).events!.filter((e) => e.workflowExecutionSignaledEventAttributes).length;

  it('delivers each workflow its messages in the order written, lanes in parallel, each message once, with two processes sharing the lanes', async () => {
    const first = delivery({ holder: 'first' });
    await eventually(async () => (first.lanes.length === LANES ? true : undefined), 10_000, 'first process holding every lane');
    // A second process joins: the first gives up half the lanes, the second takes them.
    const second = delivery({ holder: 'second' });
    await eventually(async () => (first.lanes.length === LANES / 2 && second.lanes.length === LANES / 2 ? true : undefined), 15_000, 'lanes shared');
    expect(new Set([...first.lanes, ...second.lanes]).size).toBe(LANES);

    // Two workflows per lane, five events each, written interleaved in one transaction.
    const encounters = Array.from({ length: LANES * 2 }, (_, i) => encounterId(i % LANES));
    const written = new Map(encounters.map((e) => [e.workflowId, [] as string[]]));
    await em().transactional(async (tx) => {
      for (let n = 1; n <= 5; n++) {
        for (const encounter of encounters) {
          const messageId = `${encounter.visit}-${n}`;
          writeEvent(tx, encounter, messageId, n);
          written.get(encounter.workflowId)!.push(messageId);
        }
      }
    });

    const rows = await allSettled([...written.keys()]);
    expect(rows).toHaveLength(LANES * 2 * 5);
    expect(rows.every((r) => r.deliveredAt && r.attempts === 1 && !r.lastError)).toBe(true);
    expect(new Set(rows.map((r) => r.lane))).toEqual(new Set([...first.lanes, ...second.lanes]));
    for (const [workflowId, messageIds] of written) {
      expect(await historyOf(workflowId, messageIds.length)).toEqual(messageIds);
      expect(await signalsReceived(workflowId)).toBe(5);
    }
  });

  it('holds back only the later messages of a workflow whose message waits for a retry, not other workflows in its lane', async () => {
    const held = encounterId(1);
    const other = encounterId(1);
    const [waiting, behind, free] = await em().transactional(async (tx) => [
      writeEvent(tx, held, `${held.visit}-1`, 1),
      writeEvent(tx, held, `${held.visit}-2`, 2),
      writeEvent(tx, other, `${other.visit}-1`, 1),
    ]);
    // As the delivery leaves a message after an error it will try again: due in an hour.
    await em().nativeUpdate(OutboxMessage, { id: waiting.id }, { nextAttemptAt: new Date(Date.now() + 3_600_000), attempts: 1, lastError: 'RetryLater: test' });
    delivery();

    await allSettled([other.workflowId]);
    expect(await historyOf(other.workflowId, 1)).toEqual([`${other.visit}-1`]);
    const [first, second] = await rowsOf([held.workflowId]);
    expect([first.id, second.id]).toEqual([waiting.id, behind.id]);
    expect(first.deliveredAt ?? null).toBeNull();
    expect(second.deliveredAt ?? null).toBeNull();
    expect(BigInt(free.id)).toBeGreaterThan(BigInt(behind.id));

    // Due now: both go, in order.
    await em().nativeUpdate(OutboxMessage, { id: waiting.id }, { nextAttemptAt: new Date() });
    await allSettled([held.workflowId]);
    expect(await historyOf(held.workflowId, 2)).toEqual([`${held.visit}-1`, `${held.visit}-2`]);
  });

  it('counts a start of a workflow already started as delivered, and fails a signal to a workflow that is not running with the reason', async () => {
    const encounter = encounterId();
    const missing = encounterId();
    await em().transactional(async (tx) => {
      for (let i = 0; i < 2; i++) outbox.start(tx, encounter.workflowId, { workflowType: 'encounter', taskQueue: hub.taskQueue, args: [input(encounter.visit)], workflowIdReusePolicy: 'REJECT_DUPLICATE' });
      outbox.signal(tx, missing.workflowId, encounterEventSignal, [event(`${missing.visit}-1`, 1)]);
    });
    delivery();

    const [once, again] = await allSettled([encounter.workflowId]);
    expect(once).toMatchObject({ deliveredAt: expect.any(Date), lastError: null });
    expect(again).toMatchObject({ deliveredAt: expect.any(Date), lastError: 'the workflow had already been started' });
    const [signal] = await allSettled([missing.workflowId]);
    expect(signal).toMatchObject({ deliveredAt: null, failedAt: expect.any(Date), attempts: 1 });
    expect(signal.lastError).toMatch(/^the workflow is not running/);
    expect((await hub.temporal.client.workflow.getHandle(encounter.workflowId).describe()).status.name).toBe('RUNNING');
  });

  it('takes over the lanes of a process that died once its leases expire', async () => {
    // A process that held every lane and stopped renewing, without giving them up.
    const connection = hub.api.orm.em.getConnection();
    await connection.execute(`insert into "outbox_lane_lease" ("lane", "holder", "expires_at") select g, 'died', now() + interval '3 seconds' from generate_series(0, ${LANES - 1}) g
      on conflict ("lane") do update set "holder" = excluded."holder", "expires_at" = excluded."expires_at"`);
    await connection.execute(`insert into "outbox_delivery_process" ("holder", "expires_at") values ('died', now() + interval '3 seconds')`);
    const encounters = Array.from({ length: LANES }, (_, lane) => encounterId(lane));
    await em().transactional(async (tx) => encounters.forEach((e) => writeEvent(tx, e, `${e.visit}-1`, 1)));

    const survivor = delivery({ holder: 'survivor' });
    const rows = await allSettled(encounters.map((e) => e.workflowId));
    expect(rows.every((r) => r.deliveredAt && r.attempts === 1)).toBe(true);
    expect(survivor.lanes).toEqual([0, 1, 2, 3]);
    const leases = await connection.execute<{ holder: string }[]>(`select "holder" from "outbox_lane_lease" where "lane" < ${LANES}`);
    expect(leases.map((l) => l.holder)).toEqual(Array(LANES).fill('survivor'));
  });

  it('deletes settled messages past their retention and keeps pending ones', async () => {
    const old = encounterId();
    const [delivered, pending] = await em().transactional(async (tx) => [
      outbox.signal(tx, old.workflowId, encounterEventSignal, [event(`${old.visit}-1`, 1)]),
      outbox.signal(tx, old.workflowId, encounterEventSignal, [event(`${old.visit}-2`, 2)]),
    ]);
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    await em().nativeUpdate(OutboxMessage, { id: delivered.id }, { createdAt: twoDaysAgo, deliveredAt: twoDaysAgo });
    await em().nativeUpdate(OutboxMessage, { id: pending.id }, { createdAt: twoDaysAgo, nextAttemptAt: new Date(Date.now() + 3_600_000) });
    delivery({ retentionMs: 86_400_000 });

    await eventually(async () => ((await em().count(OutboxMessage, { id: delivered.id })) === 0 ? true : undefined), 10_000, 'delivered message deleted');
    expect(await em().count(OutboxMessage, { id: pending.id })).toBe(1);
  });
});
