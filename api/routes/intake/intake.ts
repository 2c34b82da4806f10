import type { EntityManager } from '@mikro-orm/postgresql';
import type { EncounterEventFields } from '../../../adapters/hl7/eventFields';
import { InboxService } from '../../../adapters/inbox/inbox';
import type { NormalisedEvent } from '../../../adapters/relay/relay';
import { Hospital, IntegrationSource } from '../../../models/entities';
import { sourceForApiKey } from '../../auth/apiKeys';
import type { ApiServices, AppContext } from '../../context';
import { ApiError, AuthenticationError, ValidationError } from '../../errors';
import { defineRoute, type RouteSpec } from '../../routing';
import { validate } from '../../validation';
import { intakeEvent, intakeReceiptView, type IntakeEvent } from './schema';

async function sourceForKey(em: EntityManager, key: string): Promise<IntegrationSource> {
  const source = await sourceForApiKey(em, key);
  if (!source) throw AuthenticationError('X-Api-Key is missing or not the key of an active integration source');
  return source;
}

function toFields(event: IntakeEvent, hospitalCode: string): EncounterEventFields {
  return {
    messageType: 'EVENT',
    triggerEvent: event.eventCode,
    controlId: event.eventId,
    facility: hospitalCode,
    eventTime: new Date(event.occurredAt).toISOString(),
    visitNumber: event.visitNumber,
    patientClass: event.patientClass,
    location: event.location,
    locationCode: event.department,
    mrn: event.patient?.mrn,
    nationalId: event.patient?.nationalId,
    familyName: event.patient?.familyName,
    givenName: event.patient?.givenName,
    phone: event.patient?.phone,
    preferredLanguage: event.patient?.preferredLanguage,
    dateOfBirth: event.patient?.dateOfBirth,
    sex: event.patient?.sex,
    attendingLicenseNo: event.attendingPhysician?.licenseNo,
    attendingName: event.attendingPhysician?.name,
  };
}

/**
 * REST intake for systems that send JSON: authenticated by an integration source's API key,
 * validated, stored in the inbox (then acknowledged with 202), delivered by the relay like HL7.
 * Rejected events are stored as failed too, so integration engineers can see what was refused.
 */
export function intakeRoutes(services: ApiServices): RouteSpec[] {
  const inbox = new InboxService(services.orm);
  return [
    defineRoute({
      method: 'post',
      path: '/api/v1/integration/events',
      operationId: 'sendIntegrationEvent',
      tag: 'integration',
      summary: 'Send one patient event (X-Api-Key of an integration source); 202 once stored',
      access: 'integrationApiKey',
      documentedBody: intakeEvent,
      response: { status: 202, schema: intakeReceiptView },
      async handler(ctx: AppContext) {
        const em = ctx.state.em;
        const source = await sourceForKey(em, ctx.get('x-api-key'));
        const body = (ctx.request as { body?: unknown }).body ?? {};
        const raw = Buffer.from(JSON.stringify(body));
        const refuse = async (error: ApiError) => {
          await inbox.reject({ channel: 'rest', raw, sourceId: source.id, remoteAddress: ctx.ip, sendingApplication: source.code, ack: JSON.stringify({ error: error.message }), error: error.message });
          throw error;
        };
        let event: IntakeEvent;
        try {
          event = validate<IntakeEvent>(intakeEvent, body);
        } catch (error) {
          return refuse(error as ApiError);
        }
        const hospital = await em.findOne(Hospital, { code: event.hospitalCode.toUpperCase(), deletedAt: null });
        if (!hospital || (source.hospitalId && source.hospitalId !== hospital.id)) {
          return refuse(ValidationError([{ field: 'hospitalCode', message: 'is not a hospital this source may send for' }]));
        }
        const normalised: NormalisedEvent = { fields: toFields(event, hospital.code), eventCode: event.eventCode };
        const stored = await inbox.accept({
          channel: 'rest',
          raw: Buffer.from(JSON.stringify(normalised)),
          sourceId: source.id,
          remoteAddress: ctx.ip,
          sendingApplication: source.code,
          sendingFacility: hospital.code,
          controlId: event.eventId,
          messageType: 'EVENT',
          hospitalId: hospital.id,
          ack: '',
        });
        services.onInboxAccepted?.();
        return { id: stored.id, status: 'accepted', duplicate: stored.duplicate };
      },
    }),
  ];
}
