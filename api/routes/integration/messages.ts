import type { FilterQuery } from '@mikro-orm/core';
import { InboxService } from '../../../adapters/inbox/inbox';
import { InboxMessage } from '../../../models/entities';
import { INBOX_STATUSES, type InboxStatus } from '../../../models/rules/statuses';
import { recordAudit } from '../../audit';
import type { AppContext } from '../../context';
import { ConflictError, NotFoundError } from '../../errors';
import { ROLE_LEVEL } from '../../rbac/roles';
import { hospitalWhere } from '../../rbac/scope';
import { defineRoute, type RouteSpec } from '../../routing';
import { answerObject, idParams, listQuery, nullableStamp, nullableText, nullableUuid, pageOf, pageSchema, stamp, uuid, type PageQuery } from '../schemaParts';
import { findPage } from '../paging';

const status = { type: 'string', enum: INBOX_STATUSES } as const;
const channel = { type: 'string', enum: ['mllp', 'fhir', 'rest'] } as const;

const listMessages = listQuery({
  status,
  channel,
  messageType: { type: 'string', maxLength: 8 },
  controlId: { type: 'string', maxLength: 199 },
});

const messageView = answerObject(
  {
    id: uuid,
    seq: { type: 'string', pattern: '^[0-9]+$', description: 'arrival order (a 64-bit integer, as text)' },
    receivedAt: stamp,
    channel,
    status,
    sendingApplication: nullableText,
    sendingFacility: nullableText,
    controlId: nullableText,
    messageType: nullableText,
    triggerEvent: nullableText,
    hospitalId: nullableUuid,
    eventCode: nullableText,
    workflowId: nullableText,
    error: nullableText,
    attempts: { type: 'integer', minimum: 0 },
    duplicates: { type: 'integer', minimum: 0 },
    processedAt: nullableStamp,
    ack: { ...nullableText, description: 'what the sender was answered (an HL7 ACK, or the refusal)' },
    raw: { type: 'string', description: 'the message as received (PX admins only), segments on lines' },
  },
  ['raw'],
);

type MessageQuery = PageQuery & { status?: InboxStatus; channel?: InboxMessage['channel']; messageType?: string; controlId?: string };

/** Raw content is PHI in bulk: only PX admins see it. */
function viewMessage(m: InboxMessage, withRaw: boolean) {
  return {
    id: m.id,
    seq: String(m.seq),
    receivedAt: m.receivedAt,
    channel: m.channel,
    status: m.status,
    sendingApplication: m.sendingApplication ?? null,
    sendingFacility: m.sendingFacility ?? null,
    controlId: m.controlId ?? null,
    messageType: m.messageType ?? null,
    triggerEvent: m.triggerEvent ?? null,
    hospitalId: m.hospitalId ?? null,
    eventCode: m.eventCode ?? null,
    workflowId: m.workflowId ?? null,
    error: m.error ?? null,
    attempts: m.attempts,
    duplicates: m.duplicates,
    processedAt: m.processedAt ?? null,
    ack: m.ack ?? null,
    ...(withRaw ? { raw: m.raw.toString(m.charset === 'UTF-8' || !m.charset ? 'utf8' : 'latin1').replace(/\r/g, '\n') } : {}),
  };
}

const scope = (ctx: AppContext) => hospitalWhere(ctx.state.principal!);

/** The inbox monitor integration engineers watch, and replay of messages that failed or were ignored. */
export function integrationMessageRoutes(): RouteSpec[] {
  return [
    defineRoute<unknown, MessageQuery>({
      method: 'get',
      path: '/api/v1/integration/messages',
      operationId: 'listIntegrationMessages',
      tag: 'integration',
      summary: 'Inbound messages, newest first (raw content for PX admins only)',
      access: ROLE_LEVEL.HOSPITAL_ADMIN,
      query: listMessages,
      response: { schema: pageSchema(messageView) },
      async handler(ctx, { query }) {
        const where: FilterQuery<InboxMessage> = {
          ...scope(ctx),
          ...(query.status ? { status: query.status } : {}),
          ...(query.channel ? { channel: query.channel } : {}),
          ...(query.messageType ? { messageType: query.messageType.toUpperCase() } : {}),
          ...(query.controlId ? { controlId: query.controlId } : {}),
        };
        const withRaw = ctx.state.principal!.level >= ROLE_LEVEL.PX_ADMIN;
        const { items, total, totalExact } = await findPage(ctx.state.em, InboxMessage, where, query, { seq: 'desc' }, withRaw ? ['raw'] : []);
        return pageOf(items.map((m) => viewMessage(m, withRaw)), total, query, totalExact);
      },
    }),
    defineRoute<{ id: string }>({
      method: 'post',
      path: '/api/v1/integration/messages/{id}/replay',
      operationId: 'replayIntegrationMessage',
      tag: 'integration',
      summary: 'Send a failed or ignored message through the relay again',
      access: ROLE_LEVEL.HOSPITAL_ADMIN,
      params: idParams,
      response: { status: 202, schema: messageView, description: 'queued for the relay again: the message, now received' },
      errors: [409],
      async handler(ctx, { params }) {
        const em = ctx.state.em;
        const message = await em.findOne(InboxMessage, { ...scope(ctx), id: params.id });
        if (!message) throw NotFoundError('message');
        if (message.status === 'received') throw ConflictError('the message is already waiting for the relay');
        if (!message.hospitalId) throw ConflictError('the message names no known hospital; it cannot be replayed as it is');
        const before = InboxService.replay(message);
        recordAudit(em, ctx, { action: 'integration_message.replay', entityType: 'integration_message', entityId: message.id, hospitalId: message.hospitalId, before, after: { status: 'received' } });
        await em.flush();
        return viewMessage(message, false);
      },
    }),
  ];
}
