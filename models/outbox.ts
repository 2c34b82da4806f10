/**
 * Writing to the transactional outbox: a message persisted in the entity manager of the
 * transaction that stores the fact, so both commit together or neither does. The delivery
 * (workers/outbox) is told by the insert trigger on commit and moves the message into Temporal.
 */
import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { OutboxMessage, type OutboxKind, type OutboxPayload, type OutboxSignalWithStart, type OutboxStart } from './entities/outbox';

/** The lane every message of one workflow travels in, 0 … lanes-1. */
export function laneOf(workflowId: string, lanes: number): number {
  return createHash('sha256').update(workflowId).digest().readUInt32BE(0) % lanes;
}

/** A signal by its definition (`defineSignal`) or its name. */
type SignalName = string | { name: string };
const nameOf = (signal: SignalName) => (typeof signal === 'string' ? signal : signal.name);

export class Outbox {
  /** `lanes`: PX_OUTBOX_LANES, the same in every process. */
  constructor(private readonly lanes: number) {}

  /** Start `workflowId`; a workflow already started under that id counts as delivered. */
  start(em: EntityManager, workflowId: string, start: OutboxStart): OutboxMessage {
    return this.add(em, workflowId, 'start', start);
  }

  /** Signal a running workflow; one that has closed (or never ran) records the message as failed. */
  signal(em: EntityManager, workflowId: string, signal: SignalName, args: unknown[] = []): OutboxMessage {
    return this.add(em, workflowId, 'signal', { signal: nameOf(signal), args });
  }

  /** Signal `workflowId`, starting it first when it is not running. */
  signalWithStart(em: EntityManager, workflowId: string, message: Omit<OutboxSignalWithStart, 'signal'> & { signal: SignalName }): OutboxMessage {
    return this.add(em, workflowId, 'signalWithStart', { ...message, signal: nameOf(message.signal) });
  }

  private add(em: EntityManager, workflowId: string, kind: OutboxKind, payload: OutboxPayload): OutboxMessage {
    const message = Object.assign(new OutboxMessage(), { workflowId, lane: laneOf(workflowId, this.lanes), kind, payload });
    em.persist(message);
    return message;
  }
}
