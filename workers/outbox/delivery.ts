/**
 * The one bridge from PostgreSQL into Temporal: moves `outbox_message` rows into workflows (start,
 * signal, signalWithStart). Lanes are delivered in parallel, each by the process holding its
 * lease; a commit's notification wakes its lane at once, a poll finds anything missed and retries
 * coming due. While Temporal cannot be reached every lane waits and one probe asks after it every
 * half second, so delivery resumes within about a second of its return. Delivered and failed rows
 * are deleted after the retention.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { Client as PgClient } from 'pg';
import type { Client } from '@temporalio/client';
import type { Logger } from '../../config/logger';
import type { Orm } from '../../models/orm';
import { LaneRunner } from './lane';
import { LaneLeases } from './leases';
import { send, type TemporalUnavailable } from './send';
import { OutboxStore } from './store';

export const OUTBOX_CHANNEL = 'px360_outbox';

export interface OutboxDeliveryOptions {
  orm: Orm;
  client: Client;
  /** For the connection that listens for commits (`LISTEN px360_outbox`). */
  databaseUrl: string;
  log: Logger;
  /** PX_OUTBOX_LANES, PX_OUTBOX_BATCH_SIZE, PX_OUTBOX_POLL_INTERVAL, PX_OUTBOX_LEASE, PX_OUTBOX_RETENTION. */
  lanes: number;
  batchSize: number;
  pollMs: number;
  leaseMs: number;
  retentionMs: number;
  /** Resolves when Temporal answers; by default the client's own round trip to the frontend. */
  probe?: () => Promise<void>;
  /** How this process is named in the lease table; by default host, pid and a random suffix. */
  holder?: string;
  /** How long one message may wait for Temporal before Temporal counts as unreachable. */
  callTimeoutMs?: number;
}

const PROBE_EVERY_MS = 500;
const PURGE_EVERY_MS = 60_000;
const LISTEN_RETRY_MS = 1_000;

export class OutboxDelivery {
  private readonly store: OutboxStore;
  private readonly leases: LaneLeases;
  private readonly runners = new Map<number, LaneRunner>();
  private running = false;
  private temporalDown = false;
  /** Until when (this process's clock) the leases it holds are surely still its own. */
  private validUntil = 0;
  private readonly loops: Promise<void>[] = [];
  private readonly sleepers = new Set<() => void>();
  private listener?: PgClient;

  constructor(private readonly options: OutboxDeliveryOptions) {
    this.store = new OutboxStore(options.orm);
    const holder = options.holder ?? `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`.slice(0, 200);
    this.leases = new LaneLeases(options.orm, holder, { lanes: options.lanes, leaseMs: options.leaseMs });
  }

  get holder(): string {
    return this.leases.holder;
  }

  /** The lanes this process delivers now. */
  get lanes(): number[] {
    return [...this.runners.keys()].sort((a, b) => a - b);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const { leaseMs, pollMs } = this.options;
    this.loops.push(
      this.every(Math.max(250, Math.floor(leaseMs / 3)), () => this.leaseRound(), 'outbox lease round failed'),
      this.every(pollMs, () => this.poll(), 'outbox poll failed'),
      this.every(PURGE_EVERY_MS, () => this.purge(), 'outbox purge failed'),
      this.every(PROBE_EVERY_MS, () => this.probe(), undefined),
      this.listen(),
    );
  }

  /** Finishes the messages in hand, gives the lanes up for the other processes, and stops. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    for (const wake of this.sleepers) wake();
    await this.listener?.end().catch(() => undefined);
    await Promise.all(this.loops);
    this.loops.length = 0;
    const lanes = this.lanes;
    await Promise.all([...this.runners.values()].map((runner) => runner.stop()));
    this.runners.clear();
    await this.leases.leave(lanes).catch((error) => this.options.log.warn({ err: error }, 'could not give the outbox lanes up; they are free when their leases expire'));
  }

  private mayDeliver(lane: number): boolean {
    return this.running && !this.temporalDown && Date.now() < this.validUntil && this.runners.has(lane);
  }

  private wakeAll(): void {
    for (const runner of this.runners.values()) runner.wake();
  }

  private async sleep(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }

  /** Runs `work` every `ms` until stopped, one run at a time. */
  private async every(ms: number, work: () => Promise<void>, failure: string | undefined): Promise<void> {
    while (this.running) {
      try {
        await work();
      } catch (error) {
        if (failure) this.options.log.warn({ err: error }, failure);
      }
      if (this.running) await this.sleep(ms);
    }
  }

  private runner(lane: number): LaneRunner {
    return new LaneRunner(lane, {
      store: this.store,
      log: this.options.log,
      batchSize: this.options.batchSize,
      sendMessage: (message) => send(this.options.client, message, this.options.callTimeoutMs ?? 5_000),
      mayDeliver: (l) => this.mayDeliver(l),
      temporalUnavailable: (error) => this.markTemporalDown(error),
    });
  }

  /** Renews and takes leases; starts lanes newly held, stops lanes lost, gives up lanes above the fair share. */
  private async leaseRound(): Promise<void> {
    const startedAt = Date.now();
    const { held, share } = await this.leases.round();
    const lapsed = this.validUntil <= startedAt;
    // A lease runs leaseMs from the database's now, which is after startedAt; keep a fifth in hand.
    this.validUntil = startedAt + this.options.leaseMs * 0.8;
    const holding = new Set(held);
    for (const [lane, runner] of this.runners) {
      if (holding.has(lane)) continue;
      this.runners.delete(lane);
      await runner.stop();
    }
    const extra = held.length > share ? held.slice(share) : [];
    for (const lane of extra) {
      const runner = this.runners.get(lane);
      this.runners.delete(lane);
      await runner?.stop();
    }
    if (extra.length) await this.leases.release(extra);
    for (const lane of held.slice(0, share)) if (!this.runners.has(lane) && this.running) this.runners.set(lane, this.runner(lane));
    // Lanes that stopped while the leases could not be renewed go on now.
    if (lapsed) this.wakeAll();
  }

  /** Wakes the lanes with due messages nobody told this process about (a missed notification, a retry coming due). */
  private async poll(): Promise<void> {
    if (this.temporalDown || Date.now() >= this.validUntil) return;
    for (const lane of await this.store.lanesWithDue(this.lanes)) this.runners.get(lane)?.wake();
  }

  private async purge(): Promise<void> {
    let deleted = 0;
    for (let batch = await this.store.purge(this.options.retentionMs); batch > 0 && this.running; batch = await this.store.purge(this.options.retentionMs)) deleted += batch;
    if (deleted) this.options.log.info({ deleted }, 'deleted settled outbox messages past their retention');
  }

  private markTemporalDown(error: TemporalUnavailable): void {
    if (this.temporalDown) return;
    this.temporalDown = true;
    this.options.log.warn({ reason: error.reason }, 'Temporal cannot be reached: outbox delivery waits for it');
  }

  private async probe(): Promise<void> {
    if (!this.temporalDown) return;
    try {
      await (this.options.probe ?? (() => this.defaultProbe()))();
    } catch {
      return;
    }
    this.temporalDown = false;
    this.options.log.info('Temporal is back: outbox delivery resumes');
    this.wakeAll();
  }

  private async defaultProbe(): Promise<void> {
    const connection = this.options.client.connection;
    await connection.withDeadline(Date.now() + 1_500, () => connection.workflowService.getSystemInfo({}));
  }

  /** Listens for commits of new messages on a connection of its own, reconnecting when it drops. */
  private async listen(): Promise<void> {
    while (this.running) {
      const client = new PgClient({ connectionString: this.options.databaseUrl });
      const closed = new Promise<void>((resolve) => {
        client.on('error', () => resolve());
        client.on('end', () => resolve());
      });
      client.on('notification', (note) => {
        const lane = Number(note.payload);
        this.runners.get(lane)?.wake();
      });
      try {
        await client.connect();
        await client.query(`listen ${OUTBOX_CHANNEL}`);
        this.listener = client;
        // Anything committed while not listening is found now rather than at the next poll.
        this.wakeAll();
        if (this.running) await closed;
      } catch (error) {
        this.options.log.warn({ err: error }, 'outbox delivery could not listen for new messages; polling meanwhile');
      } finally {
        this.listener = undefined;
        await client.end().catch(() => undefined);
      }
      if (this.running) await this.sleep(LISTEN_RETRY_MS);
    }
  }
}
