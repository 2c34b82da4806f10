/**
 * One outbox message into Temporal, and what its error means: Temporal away (wait for it, the
 * message stays at the head of its workflow), a verdict on this message (settled as failed, with
 * the reason), or something to try again later with backoff.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { defineSearchAttributeKey, type SearchAttributePair } from '@temporalio/common';
import { loggableError } from '../../config/logger';
import type { OutboxSignal, OutboxSignalWithStart, OutboxStart } from '../../models/entities/outbox';
import type { PendingMessage } from './store';

export type Delivered = { outcome: 'delivered'; note: string | null } | { outcome: 'failed'; reason: string };

/** Temporal could not be reached: nothing is wrong with the message. */
export class TemporalUnavailable extends Error {
  constructor(readonly reason: string) {
    super(`Temporal is unavailable: ${reason}`);
    this.name = 'TemporalUnavailable';
  }
}

/** Temporal answered, but not with a verdict on the message (overloaded, an unknown error): try it again later. */
export class RetryLater extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'RetryLater';
  }
}

/** gRPC 4 DEADLINE_EXCEEDED, 14 UNAVAILABLE; socket errors. */
const UNREACHABLE_GRPC = new Set([4, 14]);
/** gRPC 3 INVALID_ARGUMENT: Temporal refused what this message asks (an id too long, a payload too large). */
const REFUSED_GRPC = new Set([3]);
const SOCKET_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);

function codesOf(error: unknown): { grpc?: number; socket?: string } {
  const codes: { grpc?: number; socket?: string } = {};
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'number') codes.grpc ??= e.code;
    if (typeof e.code === 'string' && SOCKET_ERRORS.has(e.code)) codes.socket ??= e.code;
  }
  return codes;
}

/** The error's class and message, cut short: what Temporal says names workflow ids and codes, never a patient. */
export function reasonOf(error: unknown): string {
  const { type, message } = loggableError(error);
  return `${type}: ${message}`.replace(/\u0000/g, '\uFFFD').slice(0, 1000);
}

const typedSearchAttributes = (attributes: Record<string, string> | undefined): SearchAttributePair[] | undefined =>
  attributes && Object.entries(attributes).map(([name, value]) => ({ key: defineSearchAttributeKey(name, 'KEYWORD'), value }));

/**
 * Sends `message`, waiting at most `timeoutMs`. Resolves with what to record on the row; throws
 * `TemporalUnavailable` or `RetryLater` when the row should stay pending.
 */
export async function send(client: Client, message: PendingMessage, timeoutMs: number): Promise<Delivered> {
  try {
    await client.withDeadline(Date.now() + timeoutMs, () => call(client, message));
    return { outcome: 'delivered', note: null };
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) {
      // A start delivered before (its answer lost) or a case started by an earlier attempt: done.
      if (message.kind === 'start') return { outcome: 'delivered', note: 'the workflow had already been started' };
      return { outcome: 'failed', reason: 'the workflow has already closed, and its id may not start again' };
    }
    if (error instanceof WorkflowNotFoundError) return { outcome: 'failed', reason: `the workflow is not running (${error.message})` };
    const { grpc, socket } = codesOf(error);
    if (socket || (grpc !== undefined && UNREACHABLE_GRPC.has(grpc))) throw new TemporalUnavailable(reasonOf(error));
    if (grpc !== undefined && REFUSED_GRPC.has(grpc)) return { outcome: 'failed', reason: `Temporal refused the message: ${reasonOf(error)}` };
    throw new RetryLater(reasonOf(error));
  }
}

async function call(client: Client, message: PendingMessage): Promise<void> {
  const { workflowId } = message;
  switch (message.kind) {
    case 'start': {
      const start = message.payload as OutboxStart;
      await client.workflow.start(start.workflowType, {
        workflowId,
        taskQueue: start.taskQueue,
        args: start.args,
        workflowIdReusePolicy: start.workflowIdReusePolicy,
        typedSearchAttributes: typedSearchAttributes(start.searchAttributes),
      });
      return;
    }
    case 'signal': {
      const signal = message.payload as OutboxSignal;
      await client.workflow.getHandle(workflowId).signal(signal.signal, ...signal.args);
      return;
    }
    case 'signalWithStart': {
      const both = message.payload as OutboxSignalWithStart;
      await client.workflow.signalWithStart(both.workflowType, {
        workflowId,
        taskQueue: both.taskQueue,
        args: both.args,
        signal: both.signal,
        signalArgs: both.signalArgs,
        workflowIdReusePolicy: both.workflowIdReusePolicy,
        typedSearchAttributes: typedSearchAttributes(both.searchAttributes),
      });
      return;
    }
    default:
      throw new Error(`unknown outbox message kind ${String(message.kind)}`);
  }
}
