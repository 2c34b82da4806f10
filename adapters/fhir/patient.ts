import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Hospital, Patient } from '../../models/entities';
import { normalisePhone } from '../../models/rules/phone';
import { mayAccess, UUID, type FhirCaller, type FhirReply, type FhirRequest } from './caller';
import { hospitalFor } from './hospital';
import { conflict, invalid, multipleMatches, notFound, unprocessable } from './outcome';
import { applyPatientFacts, readPatient, toFhirPatient, type PatientFacts } from './patientResource';
import { checkResource } from './schema';
import { dateCondition, escapeLike, parseSearch, searchBundle, type IdentifierToken, type Query, type SearchParamDefinition, type SearchValue } from './search';
import { NATIONAL_ID_SYSTEM, type FhirPatient } from './types';

export const PATIENT_SEARCH: SearchParamDefinition[] = [
  { name: '_id', type: 'token', documentation: 'our id of the patient' },
  {
    name: 'identifier',
    type: 'token',
    documentation: `system|value: the MRN (an MRN stored without a system matches any system), or the national id under ${NATIONAL_ID_SYSTEM}; a bare value matches either`,
  },
  { name: 'name', type: 'string', documentation: 'the start of any word of the English or Arabic name, ignoring case (:exact the whole name, :contains any part)' },
  { name: 'birthdate', type: 'date', documentation: 'date of birth, with eq, ne, lt, le, gt or ge' },
  { name: 'phone', type: 'token', documentation: 'the phone number in national or international form' },
];

const NO_ID = '00000000-0000-0000-0000-000000000000';

/** Where the MRN or national id matches a token; an MRN stored without a system matches any system. */
function identifierFilter(token: IdentifierToken): FilterQuery<Patient> {
  if (token.system === NATIONAL_ID_SYSTEM) return { nationalId: token.value };
  if (token.system === undefined) return { $or: [{ mrn: token.value }, { nationalId: token.value }] };
  if (token.system === '') return { mrn: token.value, mrnSystem: null };
  return { mrn: token.value, $or: [{ mrnSystem: token.system }, { mrnSystem: null }] };
}

function nameFilter(value: string, match: 'start' | 'exact' | 'contains'): FilterQuery<Patient> {
  if (match === 'exact') return { $or: [{ fullNameEn: value }, { fullNameAr: value }] };
  const like = escapeLike(value);
  const patterns = match === 'contains' ? [`%${like}%`] : [`${like}%`, `% ${like}%`];
  return { $or: patterns.flatMap((p) => [{ fullNameEn: { $ilike: p } }, { fullNameAr: { $ilike: p } }]) };
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/**
 * Patients arrive as records, not events: they are written straight to our Patient table (the
 * same rows HL7 and REST intake keep up to date) and audited as the caller.
 */
export class FhirPatients {
  /** `phoneCountryCode`: the calling code national phone numbers (`0551234567`) are stored with; `view`: a patient as audit rows show it. */
  constructor(
    private readonly baseUrl: () => string,
    private readonly phoneCountryCode: string,
    private readonly view: (patient: Patient) => object,
  ) {}

  async read(em: EntityManager, caller: FhirCaller, id: string): Promise<FhirReply> {
    const patient = await this.visible(em, caller, id);
    return { status: 200, resource: toFhirPatient(patient, await em.findOneOrFail(Hospital, { id: patient.hospitalId })) };
  }

  /** `GET /Patient?…`: a searchset Bundle of the caller's patients, oldest record first. */
  async search(em: EntityManager, caller: FhirCaller, query: Query): Promise<FhirReply> {
    const search = parseSearch('Patient', PATIENT_SEARCH, query);
    const where: FilterQuery<Patient>[] = [{ deletedAt: null }];
    if (caller.hospitalId) where.push({ hospitalId: caller.hospitalId });
    for (const { name, value } of search.criteria) where.push(this.criterion(name, value));
    const [rows, total] = await em.findAndCount(Patient, { $and: where }, { orderBy: { createdAt: 'asc', id: 'asc' }, limit: Math.max(search.count, 1), offset: search.offset });
    const page = search.count === 0 ? [] : rows;
    const hospitals = new Map((await em.find(Hospital, { id: { $in: [...new Set(page.map((p) => p.hospitalId))] } })).map((h) => [h.id, h]));
    const resources = page.map((p) => toFhirPatient(p, hospitals.get(p.hospitalId)!)) as { id: string }[];
    return { status: 200, resource: searchBundle(this.baseUrl(), 'Patient', query, search, total, resources) };
  }

  private criterion(name: string, value: SearchValue): FilterQuery<Patient> {
    switch (value.type) {
      case 'token':
        if (name === '_id') {
          const ids = value.tokens.map((t) => t.value).filter((v) => UUID.test(v));
          return { id: { $in: ids.length > 0 ? ids : [NO_ID] } };
        }
        if (name === 'phone') return { phone: { $in: value.tokens.map((t) => normalisePhone(t.value, this.phoneCountryCode) ?? t.value) } };
        return { $or: value.tokens.map(identifierFilter) };
      case 'string':
        return { $or: value.values.map((v) => nameFilter(v, value.match)) };
      case 'date':
        return {
          $or: value.ranges.map((range) => {
            const { op, values } = dateCondition(range);
            const [a, b] = values.map(isoDay);
            if (op === 'between') return { dateOfBirth: { $gte: a, $lt: b } };
            if (op === 'outside') return { $or: [{ dateOfBirth: { $lt: a } }, { dateOfBirth: { $gte: b } }] };
            return { dateOfBirth: op === '<' ? { $lt: a } : { $gte: a } };
          }),
        };
      default:
        throw invalid(`${name} is not a search parameter of Patient`);
    }
  }

  /** `POST`; with `If-None-Exist` an existing match is answered as it is (200) and nothing changes. */
  async create(request: FhirRequest, criteria: IdentifierToken | undefined): Promise<FhirReply> {
    const { facts, hospital } = await this.parse(request);
    if (criteria) {
      const match = await this.single(request.em, hospital.id, criteria, 'If-None-Exist');
      if (match) return { status: 200, resource: toFhirPatient(match, hospital) };
    }
    return this.insert(request, hospital, facts);
  }

  /** Conditional `PUT ?identifier=`: no match creates (201), one match is updated (200). */
  async updateWhere(request: FhirRequest, criteria: IdentifierToken): Promise<FhirReply> {
    const { resource, facts, hospital } = await this.parse(request);
    const match = await this.single(request.em, hospital.id, criteria, 'identifier');
    if (!match) return this.insert(request, hospital, facts);
    if (resource.id && resource.id !== match.id) throw invalid(`the identifier matches Patient/${match.id}, not the id the resource carries`, 'Patient.id');
    return this.update(request, match, hospital, facts);
  }

  /** `PUT /Patient/{id}` of a patient we hold; creating under a client-chosen id is not supported. */
  async updateById(request: FhirRequest, id: string): Promise<FhirReply> {
    const patient = await this.visible(request.em, request.caller, id);
    const { resource, facts, hospital } = await this.parse(request);
    if (resource.id && resource.id !== id) throw invalid('the resource id must be the id in the URL', 'Patient.id');
    // The MRN is only unique within one hospital, so a patient cannot move to another.
    if (hospital.id !== patient.hospitalId) throw unprocessable('a patient cannot move to another hospital', 'Patient.managingOrganization');
    return this.update(request, patient, hospital, facts);
  }

  private async parse({ em, caller, body }: FhirRequest) {
    const resource = checkResource<FhirPatient>('Patient', body);
    const facts = readPatient(resource, this.phoneCountryCode);
    const hospital = await hospitalFor(em, caller, { code: facts.hospitalCode, expression: 'Patient.managingOrganization' });
    return { resource, facts, hospital };
  }

  private async visible(em: EntityManager, caller: FhirCaller, id: string): Promise<Patient> {
    const patient = UUID.test(id) ? await em.findOne(Patient, { id, deletedAt: null }) : null;
    if (!patient || !mayAccess(caller, patient.hospitalId)) throw notFound(`Patient/${id} is not known`);
    return patient;
  }

  /** The patient a conditional interaction names, in its hospital; 412 when the criteria match several. */
  private async single(em: EntityManager, hospitalId: string, criteria: IdentifierToken, where: string): Promise<Patient | undefined> {
    // A bare value is an MRN here: a national id must say its system.
    const filter = criteria.system === undefined ? { mrn: criteria.value } : identifierFilter(criteria);
    const matches = await em.find(Patient, { $and: [{ hospitalId, deletedAt: null }, filter] }, { limit: 2 });
    if (matches.length > 1) throw multipleMatches(`${where}: more than one patient has the identifier ${criteria.value}`);
    return matches[0];
  }

  private async insert(request: FhirRequest, hospital: Hospital, facts: PatientFacts): Promise<FhirReply> {
    const { em } = request;
    // A hidden (deleted or merged-away) record keeps its MRN; it comes back, as it does for HL7.
    const holder = await em.findOne(Patient, { hospitalId: hospital.id, mrn: facts.mrn });
    if (holder && !holder.deletedAt) throw conflict(`Patient/${holder.id} already has MRN ${facts.mrn} in ${hospital.code}; use If-None-Exist or a conditional update`, 'Patient.identifier');
    const patient = holder ?? Object.assign(new Patient(), { hospitalId: hospital.id, mrn: facts.mrn });
    const before = holder ? this.view(holder) : null;
    applyPatientFacts(patient, facts);
    em.persist(patient);
    await this.commit(request, patient, before);
    return { status: 201, resource: toFhirPatient(patient, hospital), location: `${this.baseUrl()}/Patient/${patient.id}` };
  }

  private async update(request: FhirRequest, patient: Patient, hospital: Hospital, facts: PatientFacts): Promise<FhirReply> {
    if (facts.mrn !== patient.mrn) {
      const holder = await request.em.findOne(Patient, { hospitalId: hospital.id, mrn: facts.mrn });
      if (holder) throw conflict(`MRN ${facts.mrn} already belongs to Patient/${holder.id}`, 'Patient.identifier');
    }
    const before = this.view(patient);
    applyPatientFacts(patient, facts);
    await this.commit(request, patient, before);
    return { status: 200, resource: toFhirPatient(patient, hospital) };
  }

  /** The change and its audit row commit together. */
  private async commit({ em, audit }: FhirRequest, patient: Patient, before: object | null): Promise<void> {
    audit({ action: 'patient.fhir_upsert', entityType: 'patient', entityId: patient.id, hospitalId: patient.hospitalId, before, after: this.view(patient) });
    await em.flush();
  }
}
