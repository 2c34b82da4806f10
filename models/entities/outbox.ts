import { EntitySchema } from '@mikro-orm/core';

/**
 * What a message asks of Temporal: start a workflow, signal a running one, or signal it and start
 * it first if it is not running (`signalWithStart`, the shape an encounter event takes).
 */
export type OutboxKind = 'start' | 'signal' | 'signalWithStart';

/** How a start treats a workflow id used before; a start from the outbox rejects a closed one, so a retried delivery never begins a second run. */
export type OutboxReusePolicy = 'REJECT_DUPLICATE' | 'ALLOW_DUPLICATE' | 'ALLOW_DUPLICATE_FAILED_ONLY';

export interface OutboxStart {
  workflowType: string;
  taskQueue: string;
  /** Ids and codes only: the payload is stored as it is and sent as it is. */
  args: unknown[];
  workflowIdReusePolicy?: OutboxReusePolicy;
  /** Keyword search attributes the run starts with (`PxEntity`, `PxHospital`, …): codes, never PHI. */
  searchAttributes?: Record<string, string>;
}

export interface OutboxSignal {
  signal: string;
  args: unknown[];
}

export interface OutboxSignalWithStart extends OutboxStart {
  signal: string;
  signalArgs: unknown[];
}

export type OutboxPayload = OutboxStart | OutboxSignal | OutboxSignalWithStart;

/**
 * One fact a workflow must hear, committed in the same transaction as the fact itself and moved
 * into Temporal by the outbox delivery (workers/outbox). `id` is the order: messages of one
 * workflow are delivered strictly by it. `lane` (a hash of the workflow id) says which delivery
 * lane carries it, so every message of one workflow travels in the same lane. Pending until
 * `deliveredAt` or `failedAt` is set. `lastError` says why the last try did not deliver it (the
 * error class and message, never PHI), or how it was delivered when that is worth knowing (the
 * workflow had already been started); `attempts` counts tries Temporal answered.
 */
export class OutboxMessage {
  id!: string;
  workflowId!: string;
  lane!: number;
  kind!: OutboxKind;
  payload!: OutboxPayload;
  createdAt?: Date;
  attempts = 0;
  nextAttemptAt?: Date;
  lastError?: string | null;
  deliveredAt?: Date | null;
  failedAt?: Date | null;
}

export const OutboxMessageSchema = new EntitySchema<OutboxMessage>({
  class: OutboxMessage,
  tableName: 'outbox_message',
  properties: {
    id: { type: 'bigint', primary: true, autoincrement: true },
    workflowId: { type: 'string', length: 255 },
    lane: { type: 'integer' },
    kind: { type: 'string', length: 16 },
    payload: { type: 'json' },
    // The database's clock, as the delivery compares `next_attempt_at` with now() there.
    createdAt: { type: 'datetime', defaultRaw: 'now()' },
    attempts: { type: 'integer', default: 0 },
    nextAttemptAt: { type: 'datetime', defaultRaw: 'now()' },
    lastError: { type: 'text', nullable: true },
    deliveredAt: { type: 'datetime', nullable: true },
    failedAt: { type: 'datetime', nullable: true },
  },
});

/**
 * Who delivers a lane: the delivery process named `holder` until `expiresAt`. Holders renew their
 * leases while they run; the lanes of a process that died are free once its leases expire.
 */
export class OutboxLaneLease {
  lane!: number;
  holder?: string | null;
  expiresAt?: Date;
}

export const OutboxLaneLeaseSchema = new EntitySchema<OutboxLaneLease>({
  class: OutboxLaneLease,
  tableName: 'outbox_lane_lease',
  properties: {
    lane: { type: 'integer', primary: true },
    holder: { type: 'string', length: 200, nullable: true },
    expiresAt: { type: 'datetime', defaultRaw: 'now()' },
  },
});

/**
 * A delivery process that is running, whether or not it holds lanes yet: the processes alive
 * (unexpired) divide the lanes between them.
 */
export class OutboxDeliveryProcess {
  holder!: string;
  expiresAt!: Date;
}

export const OutboxDeliveryProcessSchema = new EntitySchema<OutboxDeliveryProcess>({
  class: OutboxDeliveryProcess,
  tableName: 'outbox_delivery_process',
  properties: {
    holder: { type: 'string', length: 200, primary: true },
    expiresAt: { type: 'datetime' },
  },
});
