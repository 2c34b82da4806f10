/**
 * One lane of the outbox, delivered by the process that holds its lease: batches of due messages
 * in id order, one at a time, so the messages of one workflow reach it in the order they were
 * written. A message that cannot go yet holds back the later messages of its own workflow only.
 */
import type { Logger } from '../../config/logger';
import { RetryLater, send, TemporalUnavailable } from './send';
import type { OutboxStore, PendingMessage } from './store';

export interface LaneContext {
  store: OutboxStore;
  log: Logger;
  batchSize: number;
  sendMessage(message: PendingMessage): ReturnType<typeof send>;
  /** Whether this process may deliver `lane` now: it holds the lease, and Temporal is not known to be away. */
  mayDeliver(lane: number): boolean;
  /** Told when Temporal cannot be reached; the delivery waits for it and wakes every lane when it is back. */
  temporalUnavailable(error: TemporalUnavailable): void;
}

/** After an error that is neither an outage nor a verdict, the message waits 1 s, 2 s, 4 s … up to a minute; after this many tries it is failed. */
const RETRY_BASE_MS = 1_000;
const RETRY_MAX_MS = 60_000;
const MAX_ATTEMPTS = 12;
/** A database error stops the lane for 0.5 s, 1 s, 2 s … at most 5 s. */
const DATABASE_BACKOFF_MAX_MS = 5_000;

export class LaneRunner {
  private dirty = true;
  private stopped = false;
  private wakeUp?: () => void;
  readonly done: Promise<void>;

  constructor(
    readonly lane: number,
    private readonly context: LaneContext,
  ) {
    this.done = this.run();
  }

  /** There may be messages to deliver: look now (or right after the batch in hand). */
  wake(): void {
    this.dirty = true;
    this.wakeUp?.();
  }

  /** Finishes the message in hand and stops. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    await this.done;
  }

  private async pause(ms?: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(resolve, ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wakeUp = undefined;
  }

  private async run(): Promise<void> {
    let backoffMs = 0;
    while (!this.stopped) {
      if (!this.dirty) await this.pause();
      if (this.stopped) break;
      this.dirty = false;
      try {
        while (!this.stopped && this.context.mayDeliver(this.lane) && (await this.batch())) {
          // A full batch: there may be more behind it.
        }
        backoffMs = 0;
      } catch (error) {
        if (error instanceof TemporalUnavailable) {
          this.context.temporalUnavailable(error);
          continue;
        }
        backoffMs = Math.min(DATABASE_BACKOFF_MAX_MS, Math.max(500, backoffMs * 2));
        this.context.log.warn({ err: error, lane: this.lane, retryInMs: backoffMs }, 'outbox lane paused: will retry');
        this.dirty = true;
        await this.pause(backoffMs);
      }
    }
  }

  /** Delivers one batch; true when it was full, so the lane may hold more due messages. */
  private async batch(): Promise<boolean> {
    const { store, batchSize } = this.context;
    const messages = await store.due(this.lane, batchSize);
    const heldBack = new Set<string>();
    for (const message of messages) {
      if (this.stopped || !this.context.mayDeliver(this.lane)) return false;
      if (heldBack.has(message.workflowId)) continue;
      if (!(await this.deliver(message))) heldBack.add(message.workflowId);
    }
    return messages.length === batchSize;
  }

  /** True when the message is settled (delivered or failed). */
  private async deliver(message: PendingMessage): Promise<boolean> {
    const { store, log } = this.context;
    let result;
    try {
      result = await this.context.sendMessage(message);
    } catch (error) {
      if (error instanceof TemporalUnavailable) {
        await store.waiting(message.id, error.reason);
        throw error;
      }
      if (!(error instanceof RetryLater)) throw error;
      if (message.attempts + 1 >= MAX_ATTEMPTS) {
        await store.failed(message.id, `gave up after ${MAX_ATTEMPTS} attempts: ${error.reason}`);
        log.warn({ outboxId: message.id, workflowId: message.workflowId, kind: message.kind, reason: error.reason }, 'outbox message failed after repeated errors');
        return true;
      }
      const retryInMs = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** message.attempts);
      await store.attempted(message.id, error.reason, retryInMs);
      log.warn({ outboxId: message.id, workflowId: message.workflowId, kind: message.kind, reason: error.reason, retryInMs }, 'outbox message not delivered: will retry');
      return false;
    }
    if (result.outcome === 'delivered') {
      await store.delivered(message.id, result.note);
      return true;
    }
    await store.failed(message.id, result.reason);
    log.warn({ outboxId: message.id, workflowId: message.workflowId, kind: message.kind, reason: result.reason }, 'outbox message failed');
    return true;
  }
}
