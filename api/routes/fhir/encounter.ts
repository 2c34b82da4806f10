import type { EntityManager } from '@mikro-orm/postgresql';
import type { InboxService } from '../../../adapters/inbox/inbox';
import type { NormalisedEvent } from '../../../adapters/relay/relay';
import { Hospital, InboxMessage, Patient, type IntegrationSource } from '../../../models/entities';
import { controlIdOf, eventFieldsOf, readEncounter, toFhirEncounter, type EncounterFacts } from './encounterResource';
import { invalid, notFound, unprocessable } from './outcome';
import { UUID, type FhirReply, type FhirRequest } from './reply';
import { checkResource } from './schema';
import { tokenMatches, type IdentifierToken } from './search';
import { hospitalFor } from './source';
import type { FhirEncounter } from './types';

/** Inbox rows of FHIR Encounters hold a journey event, like REST intake's. */
const MESSAGE_TYPE = 'EVENT';

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Encounters are journey events: each one is stored in the inbox, acknowledged, and delivered by
 * the relay into the visit's encounter workflow, exactly like HL7 ADT and REST intake. The id a
 * client gets back is the inbox message's, which is also what `GET /Encounter/{id}` reads.
 */
export class FhirEncounters {
  constructor(
    private readonly inbox: InboxService,
    private readonly baseUrl: string,
    private readonly onAccepted: () => void,
  ) {}

  async read(em: EntityManager, source: IntegrationSource, id: string): Promise<FhirReply> {
    const row = UUID.test(id)
      ? await em.findOne(InboxMessage, { id, channel: 'fhir', messageType: MESSAGE_TYPE, status: { $ne: 'failed' } }, { populate: ['raw'] as never })
      : null;
    if (!row || (source.hospitalId && source.hospitalId !== row.hospitalId)) throw notFound(`Encounter/${id} is not known`);
    const event = JSON.parse(row.raw.toString('utf8')) as NormalisedEvent;
    return { status: 200, resource: toFhirEncounter(row.id, row.receivedAt, event.fields) };
  }

  /** `POST`; with `If-None-Exist` an encounter already sent for that visit is answered as it is (200). */
  async create(request: FhirRequest, criteria: IdentifierToken | undefined): Promise<FhirReply> {
    const { resource, facts, hospital, mrn } = await this.parse(request);
    if (criteria) {
      const earlier = await this.latest(request.em, hospital.code, criteria.value);
      if (earlier) return this.read(request.em, request.source, earlier.id);
    }
    return this.accept(request, resource, facts, hospital, mrn, false);
  }

  /** Conditional `PUT ?identifier=`: the resource must carry that identifier as its visit number. */
  async updateWhere(request: FhirRequest, criteria: IdentifierToken): Promise<FhirReply> {
    const { resource, facts, hospital, mrn } = await this.parse(request);
    const visit = resource.identifier?.[0];
    if (!visit || !tokenMatches(criteria, visit)) throw invalid('identifier[0] must be the identifier the update is conditional on', 'Encounter.identifier');
    return this.accept(request, resource, facts, hospital, mrn, true);
  }

  /** `PUT /Encounter/{id}`: a further state of the visit an earlier Encounter (that id) was for. */
  async updateById(request: FhirRequest, id: string): Promise<FhirReply> {
    const earlier = (await this.read(request.em, request.source, id)).resource as FhirEncounter;
    const { resource, facts, hospital, mrn } = await this.parse(request);
    if (earlier.identifier?.[0]?.value !== facts.visitNumber) throw invalid(`Encounter/${id} is visit ${earlier.identifier?.[0]?.value}, not ${facts.visitNumber}`, 'Encounter.identifier');
    return this.accept(request, resource, facts, hospital, mrn, true);
  }

  private async parse({ em, source, body }: FhirRequest) {
    const resource = checkResource<FhirEncounter>('Encounter', body);
    const facts = readEncounter(resource);
    const patient = facts.subject && 'patientId' in facts.subject ? await this.patient(em, source, facts.subject.patientId) : undefined;
    const hospital = await hospitalFor(em, source, { code: facts.hospitalCode, expression: 'Encounter.serviceProvider' }, patient?.hospitalId);
    if (patient && patient.hospitalId !== hospital.id) throw unprocessable(`Patient/${patient.id} is a patient of another hospital`, 'Encounter.subject');
    const mrn = patient?.mrn ?? (facts.subject && 'mrn' in facts.subject ? facts.subject.mrn : undefined);
    return { resource, facts, hospital, mrn };
  }

  private async patient(em: EntityManager, source: IntegrationSource, id: string): Promise<Patient> {
    const patient = await em.findOne(Patient, { id, deletedAt: null });
    if (!patient || (source.hospitalId && source.hospitalId !== patient.hospitalId)) throw unprocessable(`Patient/${id} is not known`, 'Encounter.subject');
    return patient;
  }

  /** The newest accepted Encounter event for a visit, by the visit-number prefix of its control id. */
  private latest(em: EntityManager, hospitalCode: string, visitNumber: string): Promise<InboxMessage | null> {
    return em.findOne(
      InboxMessage,
      { channel: 'fhir', messageType: MESSAGE_TYPE, sendingFacility: hospitalCode, status: { $ne: 'failed' }, controlId: { $like: `${escapeLike(visitNumber)}:%` } },
      { orderBy: { seq: 'desc' } },
    );
  }

  /**
   * Stores the event for the relay (an identical re-send adds no row) and answers with the
   * Encounter as sent, `id` being the inbox message's. An update of a visit not seen before creates.
   */
  private async accept(
    { ctx, em, source }: FhirRequest,
    resource: FhirEncounter,
    facts: EncounterFacts,
    hospital: Hospital,
    mrn: string | undefined,
    isUpdate: boolean,
  ): Promise<FhirReply> {
    const seenBefore = isUpdate && (await this.latest(em, hospital.code, facts.visitNumber)) !== null;
    const controlId = controlIdOf(facts);
    const event: NormalisedEvent = { fields: eventFieldsOf(facts, controlId, hospital.code, mrn), eventCode: facts.eventCode };
    const stored = await this.inbox.accept({
      channel: 'fhir',
      raw: Buffer.from(JSON.stringify(event)),
      sourceId: source.id,
      remoteAddress: ctx.ip,
      sendingApplication: source.code,
      sendingFacility: hospital.code,
      controlId,
      messageType: MESSAGE_TYPE,
      hospitalId: hospital.id,
      ack: '',
    });
    this.onAccepted();
    const receivedAt = stored.duplicate ? (await em.findOneOrFail(InboxMessage, { id: stored.id })).receivedAt : new Date();
    const echoed = { ...resource, id: stored.id, meta: { ...resource.meta, lastUpdated: receivedAt.toISOString() } };
    const created = !stored.duplicate && !seenBefore;
    return { status: created ? 201 : 200, resource: echoed, ...(created ? { location: `${this.baseUrl}/Encounter/${stored.id}` } : {}) };
  }
}
