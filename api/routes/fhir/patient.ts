import type { EntityManager } from '@mikro-orm/postgresql';
import { Hospital, Patient, type IntegrationSource } from '../../../models/entities';
import { recordAudit } from '../../audit';
import { viewPatient } from '../patients/patients';
import { conflict, invalid, multipleMatches, notFound, unprocessable } from './outcome';
import { applyPatientFacts, readPatient, toFhirPatient, type PatientFacts } from './patientResource';
import { UUID, type FhirReply, type FhirRequest } from './reply';
import { checkResource } from './schema';
import type { IdentifierToken } from './search';
import { hospitalFor } from './source';
import { NATIONAL_ID_SYSTEM, type FhirPatient } from './types';

/**
 * Patients arrive as records, not events: they are written straight to our Patient table (the
 * same rows HL7 and REST intake keep up to date) and audited as the sending source.
 */
export class FhirPatients {
  /** `phoneCountryCode`: the calling code national phone numbers (`0551234567`) are stored with. */
  constructor(
    private readonly baseUrl: string,
    private readonly phoneCountryCode: string,
  ) {}

  async read(em: EntityManager, source: IntegrationSource, id: string): Promise<FhirReply> {
    const patient = await this.visible(em, source, id);
    return { status: 200, resource: toFhirPatient(patient, await em.findOneOrFail(Hospital, { id: patient.hospitalId })) };
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
    const patient = await this.visible(request.em, request.source, id);
    const { resource, facts, hospital } = await this.parse(request);
    if (resource.id && resource.id !== id) throw invalid('the resource id must be the id in the URL', 'Patient.id');
    // The MRN is only unique within one hospital, so a patient cannot move to another.
    if (hospital.id !== patient.hospitalId) throw unprocessable('a patient cannot move to another hospital', 'Patient.managingOrganization');
    return this.update(request, patient, hospital, facts);
  }

  private async parse({ em, source, body }: FhirRequest) {
    const resource = checkResource<FhirPatient>('Patient', body);
    const facts = readPatient(resource, this.phoneCountryCode);
    const hospital = await hospitalFor(em, source, { code: facts.hospitalCode, expression: 'Patient.managingOrganization' });
    return { resource, facts, hospital };
  }

  private async visible(em: EntityManager, source: IntegrationSource, id: string): Promise<Patient> {
    const patient = UUID.test(id) ? await em.findOne(Patient, { id, deletedAt: null }) : null;
    if (!patient || (source.hospitalId && source.hospitalId !== patient.hospitalId)) throw notFound(`Patient/${id} is not known`);
    return patient;
  }

  /** The national id system searches national ids; any other identifier is an MRN. */
  private async single(em: EntityManager, hospitalId: string, criteria: IdentifierToken, where: string): Promise<Patient | undefined> {
    const by = criteria.system === NATIONAL_ID_SYSTEM ? { nationalId: criteria.value } : { mrn: criteria.value };
    const matches = await em.find(Patient, { hospitalId, deletedAt: null, ...by }, { limit: 2 });
    if (matches.length > 1) throw multipleMatches(`${where}: more than one patient has the identifier ${criteria.value}`);
    return matches[0];
  }

  private async insert(request: FhirRequest, hospital: Hospital, facts: PatientFacts): Promise<FhirReply> {
    const { em } = request;
    // A hidden (deleted or merged-away) record keeps its MRN; it comes back, as it does for HL7.
    const holder = await em.findOne(Patient, { hospitalId: hospital.id, mrn: facts.mrn });
    if (holder && !holder.deletedAt) throw conflict(`Patient/${holder.id} already has MRN ${facts.mrn} in ${hospital.code}; use If-None-Exist or a conditional update`, 'Patient.identifier');
    const patient = holder ?? Object.assign(new Patient(), { hospitalId: hospital.id, mrn: facts.mrn });
    const before = holder ? viewPatient(holder) : null;
    applyPatientFacts(patient, facts);
    em.persist(patient);
    await this.commit(request, patient, before);
    return { status: 201, resource: toFhirPatient(patient, hospital), location: `${this.baseUrl}/Patient/${patient.id}` };
  }

  private async update(request: FhirRequest, patient: Patient, hospital: Hospital, facts: PatientFacts): Promise<FhirReply> {
    if (facts.mrn !== patient.mrn) {
      const holder = await request.em.findOne(Patient, { hospitalId: hospital.id, mrn: facts.mrn });
      if (holder) throw conflict(`MRN ${facts.mrn} already belongs to Patient/${holder.id}`, 'Patient.identifier');
    }
    const before = viewPatient(patient);
    applyPatientFacts(patient, facts);
    await this.commit(request, patient, before);
    return { status: 200, resource: toFhirPatient(patient, hospital) };
  }

  /** The change and its audit row commit together. */
  private async commit({ ctx, em, source }: FhirRequest, patient: Patient, before: object | null): Promise<void> {
    recordAudit(em, ctx, {
      action: 'patient.fhir_upsert',
      entityType: 'patient',
      entityId: patient.id,
      hospitalId: patient.hospitalId,
      actorEmail: `source:${source.code}`,
      before,
      after: viewPatient(patient),
    });
    await em.flush();
  }
}
