import type { EntityManager } from '@mikro-orm/postgresql';
import { encounterIdOf } from '../../models/encounterIdentity';
import { Encounter, FhirEncounterRecord, Hospital, Patient, type StatedEncounter } from '../../models/entities';
import type { InboxService } from '../inbox/inbox';
import type { NormalisedEvent } from '../relay/relay';
import { mayAccess, UUID, type FhirCaller, type FhirReply, type FhirRequest } from './caller';
import { controlIdOf, eventFieldsOf, readEncounter, type EncounterFacts } from './encounterResource';
import { PERIOD_END_SQL, PERIOD_START_SQL, presentVisits, STATUS_SQL, type Visit } from './encounterState';
import { hospitalFor } from './hospital';
import { conflict, invalid, notFound, unprocessable } from './outcome';
import { checkResource } from './schema';
import { dateCondition, parseSearch, searchBundle, tokenMatches, type IdentifierToken, type Query, type SearchParamDefinition, type SearchValue } from './search';
import type { FhirEncounter } from './types';

/** Inbox rows of FHIR Encounters hold a journey event, like REST intake's. */
const MESSAGE_TYPE = 'EVENT';

export const ENCOUNTER_SEARCH: SearchParamDefinition[] = [
  { name: '_id', type: 'token', documentation: 'our id of the encounter' },
  { name: 'identifier', type: 'token', documentation: 'system|value of the visit number (a visit known without a system matches any system)' },
  { name: 'patient', type: 'reference', documentation: 'Patient/{id}' },
  { name: 'status', type: 'token', documentation: 'the current status: planned, arrived, triaged, in-progress, finished, cancelled, entered-in-error, unknown' },
  { name: 'date', type: 'date', documentation: 'a date within the period of the encounter, with eq, ne, lt, le, gt or ge' },
];

/** `fhir_encounter f` full join `encounter e` on the visit: every visit a FHIR client named or a journey runs. */
const VISITS_SQL = `from encounter e full outer join fhir_encounter f on f.hospital_id = e.hospital_id and f.visit_number = e.visit_number`;

const placeholders = (n: number) => Array(n).fill('?').join(', ');

/**
 * One Encounter per visit (hospital + visit number), with a stable id. Each create or update is
 * also a journey event: stored in the inbox, acknowledged, and delivered by the relay into the
 * visit's encounter workflow, exactly like HL7 ADT and REST intake. Reads answer the visit's
 * current state: the journey's read model, and what FHIR clients stated that it has not heard yet.
 */
export class FhirEncounters {
  constructor(
    private readonly inbox: InboxService,
    private readonly baseUrl: () => string,
    private readonly onAccepted: () => void,
  ) {}

  async read(em: EntityManager, caller: FhirCaller, id: string): Promise<FhirReply> {
    const visit = await this.byId(em, caller, id);
    if (!visit) throw notFound(`Encounter/${id} is not known`);
    return { status: 200, resource: (await presentVisits(em, [visit]))[0] };
  }

  /** `GET /Encounter?…`: a searchset Bundle of the caller's visits, first seen first. */
  async search(em: EntityManager, caller: FhirCaller, query: Query): Promise<FhirReply> {
    const search = parseSearch('Encounter', ENCOUNTER_SEARCH, query, { patient: 'Patient' });
    const where: string[] = [];
    const params: unknown[] = [];
    if (caller.hospitalId) {
      where.push('coalesce(f.hospital_id, e.hospital_id) = ?');
      params.push(caller.hospitalId);
    }
    for (const { name, value } of search.criteria) this.criterion(name, value, where, params);
    const clause = where.length ? `where ${where.map((w) => `(${w})`).join(' and ')}` : '';
    const connection = em.getConnection();
    const [{ total }] = await connection.execute<{ total: string }[]>(`select count(*) as total ${VISITS_SQL} ${clause}`, params);
    const rows =
      search.count === 0
        ? []
        : await connection.execute<{ id: string; hospital_id: string; visit_number: string }[]>(
            `select coalesce(f.id, e.id) as id, coalesce(f.hospital_id, e.hospital_id) as hospital_id, coalesce(f.visit_number, e.visit_number) as visit_number
               ${VISITS_SQL} ${clause}
              order by coalesce(f.created_at, e.created_at), coalesce(f.id, e.id) limit ? offset ?`,
            [...params, search.count, search.offset],
          );
    const visits = await this.visits(em, rows.map((r) => ({ id: r.id, hospitalId: r.hospital_id, visitNumber: r.visit_number })));
    const resources = await presentVisits(em, visits);
    return { status: 200, resource: searchBundle(this.baseUrl(), 'Encounter', query, search, Number(total), resources) };
  }

  private criterion(name: string, value: SearchValue, where: string[], params: unknown[]): void {
    const any = (conditions: string[]) => void where.push(conditions.join(' or '));
    switch (value.type) {
      case 'token':
        if (name === '_id') {
          const ids = value.tokens.map((t) => t.value).filter((v) => UUID.test(v));
          if (ids.length === 0) return void where.push('false');
          where.push(`coalesce(f.id, e.id) in (${placeholders(ids.length)})`);
          params.push(...ids);
          return;
        }
        if (name === 'status') {
          const statuses = value.tokens.map((t) => t.value);
          where.push(`${STATUS_SQL} in (${placeholders(statuses.length)})`);
          params.push(...statuses);
          return;
        }
        return any(
          value.tokens.map((token) => {
            params.push(token.value);
            if (token.system === undefined) return 'coalesce(f.visit_number, e.visit_number) = ?';
            if (token.system === '') return 'coalesce(f.visit_number, e.visit_number) = ? and f.identifier_system is null';
            params.push(token.system);
            return 'coalesce(f.visit_number, e.visit_number) = ? and (f.identifier_system = ? or f.identifier_system is null)';
          }),
        );
      case 'reference': {
        const ids = value.ids.filter((id) => UUID.test(id));
        if (ids.length === 0) return void where.push('false');
        where.push(`coalesce(e.patient_id, f.patient_id) in (${placeholders(ids.length)})`);
        params.push(...ids);
        return;
      }
      case 'date':
        return any(
          value.ranges.map((range) => {
            const { op, values } = dateCondition(range);
            const periodEnd = `coalesce(${PERIOD_END_SQL}, 'infinity')`;
            if (op === 'between' || op === 'outside') {
              // The period overlaps [values[0], values[1]).
              params.push(values[1], values[0]);
              const overlaps = `${PERIOD_START_SQL} < ? and ${periodEnd} >= ?`;
              return op === 'between' ? overlaps : `not (${overlaps})`;
            }
            params.push(values[0]);
            return op === '<' ? `${PERIOD_START_SQL} < ?` : `${periodEnd} >= ?`;
          }),
        );
      default:
        throw invalid(`${name} is not a search parameter of Encounter`);
    }
  }

  /** `POST`: a visit seen before keeps its id (200); with `If-None-Exist` a match is answered as it is and nothing is sent on. */
  async create(request: FhirRequest, criteria: IdentifierToken | undefined): Promise<FhirReply> {
    const parsed = await this.parse(request);
    if (criteria) {
      const earlier = await this.byVisit(request.em, parsed.hospital, criteria.value);
      if (earlier && (earlier.record || earlier.encounter) && this.systemAgrees(earlier, criteria.system)) {
        return { status: 200, resource: (await presentVisits(request.em, [earlier]))[0] };
      }
    }
    return this.accept(request, parsed);
  }

  /** Conditional `PUT ?identifier=`: the resource must carry that identifier as its visit number; a visit not seen before is created. */
  async updateWhere(request: FhirRequest, criteria: IdentifierToken): Promise<FhirReply> {
    const parsed = await this.parse(request);
    const visit = parsed.resource.identifier?.[0];
    if (!visit || !tokenMatches(criteria, visit)) throw invalid('identifier[0] must be the identifier the update is conditional on', 'Encounter.identifier');
    return this.accept(request, parsed);
  }

  /** `PUT /Encounter/{id}`: the visit's next state; the id must be one we gave out (no create under a client's id). */
  async updateById(request: FhirRequest, id: string): Promise<FhirReply> {
    const earlier = await this.byId(request.em, request.caller, id);
    if (!earlier) throw notFound(`Encounter/${id} is not known`);
    const parsed = await this.parse(request);
    if (parsed.resource.id && parsed.resource.id !== id) throw invalid('the resource id must be the id in the URL', 'Encounter.id');
    if (earlier.visitNumber !== parsed.facts.visitNumber || earlier.hospital.id !== parsed.hospital.id) {
      throw invalid(`Encounter/${id} is visit ${earlier.visitNumber} of ${earlier.hospital.code}, not ${parsed.facts.visitNumber} of ${parsed.hospital.code}`, 'Encounter.identifier');
    }
    return this.accept(request, parsed);
  }

  /** An Encounter a subscription notification carried: the visit's next state, as a conditional update on its identifier would apply it. */
  async notified(request: FhirRequest): Promise<FhirReply> {
    return this.accept(request, await this.parse(request));
  }

  private systemAgrees(visit: Visit, system: string | undefined): boolean {
    const known = visit.record?.identifierSystem;
    return system === undefined || !known || known === system;
  }

  private async parse({ em, caller, body }: FhirRequest) {
    const resource = checkResource<FhirEncounter>('Encounter', body);
    const facts = readEncounter(resource);
    const named = facts.subject && 'patientId' in facts.subject ? await this.patient(em, caller, facts.subject.patientId) : undefined;
    const hospital = await hospitalFor(em, caller, { code: facts.hospitalCode, expression: 'Encounter.serviceProvider' }, named?.hospitalId);
    if (named && named.hospitalId !== hospital.id) throw unprocessable(`Patient/${named.id} is a patient of another hospital`, 'Encounter.subject');
    const mrn = named?.mrn ?? (facts.subject && 'mrn' in facts.subject ? facts.subject.mrn : undefined);
    const patient = named ?? (mrn ? await em.findOne(Patient, { hospitalId: hospital.id, mrn, deletedAt: null }) : null) ?? undefined;
    return { resource, facts, hospital, mrn, patient };
  }

  private async patient(em: EntityManager, caller: FhirCaller, id: string): Promise<Patient> {
    const patient = await em.findOne(Patient, { id, deletedAt: null });
    if (!patient || !mayAccess(caller, patient.hospitalId)) throw unprocessable(`Patient/${id} is not known`, 'Encounter.subject');
    return patient;
  }

  /** The visit an id names: a FHIR Encounter we gave out, or a journey's read model row. */
  private async byId(em: EntityManager, caller: FhirCaller, id: string): Promise<Visit | undefined> {
    if (!UUID.test(id)) return undefined;
    const record = await em.findOne(FhirEncounterRecord, { id });
    const encounter = record ? undefined : await em.findOne(Encounter, { id });
    const hospitalId = record?.hospitalId ?? encounter?.hospitalId;
    if (!hospitalId || !mayAccess(caller, hospitalId)) return undefined;
    const [visit] = await this.visits(em, [{ id, hospitalId, visitNumber: (record?.visitNumber ?? encounter?.visitNumber)! }]);
    return visit;
  }

  /** The visit (hospital + visit number), known or not; its id is the one it has or will have. */
  private async byVisit(em: EntityManager, hospital: Hospital, visitNumber: string, refresh = false): Promise<Visit> {
    const record = await em.findOne(FhirEncounterRecord, { hospitalId: hospital.id, visitNumber }, { refresh });
    const encounter = await em.findOne(Encounter, { hospitalId: hospital.id, visitNumber }, { refresh });
    return { hospital, visitNumber, id: record?.id ?? encounter?.id ?? encounterIdOf(hospital.id, visitNumber), record: record ?? undefined, encounter: encounter ?? undefined };
  }

  /** Visits by id, hospital and visit number, with their records, read models and hospitals in one query each. */
  private async visits(em: EntityManager, keys: { id: string; hospitalId: string; visitNumber: string }[]): Promise<Visit[]> {
    if (keys.length === 0) return [];
    const pairs = keys.map((k) => ({ hospitalId: k.hospitalId, visitNumber: k.visitNumber }));
    const [records, encounters, hospitals] = await Promise.all([
      em.find(FhirEncounterRecord, { $or: pairs }),
      em.find(Encounter, { $or: pairs }),
      em.find(Hospital, { id: { $in: [...new Set(keys.map((k) => k.hospitalId))] } }),
    ]);
    const key = (hospitalId: string, visitNumber: string) => `${hospitalId}\u001f${visitNumber}`;
    const recordOf = new Map(records.map((r) => [key(r.hospitalId, r.visitNumber), r]));
    const encounterOf = new Map(encounters.map((e) => [key(e.hospitalId, e.visitNumber), e]));
    const hospitalOf = new Map(hospitals.map((h) => [h.id, h]));
    return keys.map((k) => ({
      id: k.id,
      hospital: hospitalOf.get(k.hospitalId)!,
      visitNumber: k.visitNumber,
      record: recordOf.get(key(k.hospitalId, k.visitNumber)),
      encounter: encounterOf.get(key(k.hospitalId, k.visitNumber)),
    }));
  }

  /**
   * Stores the event for the relay (an identical re-send adds no row), then what it states about
   * the visit; answers with the visit's current state. 201 only for a visit never seen before.
   */
  private async accept(
    { em, caller, remoteAddress }: FhirRequest,
    { facts, hospital, mrn, patient }: { facts: EncounterFacts; hospital: Hospital; mrn?: string; patient?: Patient },
  ): Promise<FhirReply> {
    const before = await this.byVisit(em, hospital, facts.visitNumber);
    if (facts.visitSystem && before.record?.identifierSystem && before.record.identifierSystem !== facts.visitSystem) {
      throw conflict(`visit ${facts.visitNumber} is known under the identifier system ${before.record.identifierSystem}`, 'Encounter.identifier');
    }
    const controlId = controlIdOf(facts);
    const event: NormalisedEvent = { fields: eventFieldsOf(facts, controlId, hospital.code, mrn), eventCode: facts.eventCode };
    await this.inbox.accept({
      channel: 'fhir',
      raw: Buffer.from(JSON.stringify(event)),
      sourceId: caller.sourceId,
      remoteAddress,
      sendingApplication: caller.sendingApplication,
      sendingFacility: hospital.code,
      controlId,
      messageType: MESSAGE_TYPE,
      hospitalId: hospital.id,
      ack: '',
    });
    this.onAccepted();
    const stated: StatedEncounter = Object.fromEntries(
      Object.entries({
        patientClass: facts.patientClass,
        mrn,
        attendingLicenseNo: facts.attendingLicenseNo,
        attendingName: facts.attendingName,
        location: facts.location,
        locationCode: facts.locationCode,
        hospitalService: facts.hospitalService,
      }).filter(([, v]) => v !== undefined),
    );
    const [row] = await em.getConnection().execute<{ inserted: boolean }[]>(
      `insert into fhir_encounter (id, created_at, updated_at, hospital_id, visit_number, identifier_system, patient_id, status, period_start, period_end, stated)
       values (?, now(), now(), ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
       on conflict (hospital_id, visit_number) do update set
         updated_at = now(),
         identifier_system = coalesce(fhir_encounter.identifier_system, excluded.identifier_system),
         patient_id = coalesce(excluded.patient_id, fhir_encounter.patient_id),
         status = excluded.status,
         period_start = least(fhir_encounter.period_start, excluded.period_start),
         period_end = excluded.period_end,
         stated = excluded.stated
       returning (xmax = 0) as inserted`,
      [before.id, hospital.id, facts.visitNumber, facts.visitSystem ?? null, patient?.id ?? null, facts.status, facts.periodStart ?? null, facts.periodEnd ?? null, JSON.stringify(stated)],
    );
    const now = await this.byVisit(em, hospital, facts.visitNumber, true);
    const resource = (await presentVisits(em, [now]))[0];
    const created = row.inserted && !before.encounter;
    return { status: created ? 201 : 200, resource, ...(created ? { location: `${this.baseUrl()}/Encounter/${now.id}` } : {}) };
  }
}
