import { EntitySchema } from '@mikro-orm/core';
import { Stamped, recordProperties } from './base';
import { Hospital, Patient } from './organizations';

/** What the latest FHIR Encounter of a visit stated, as journey event fields (no PHI beyond the visit's own). */
export interface StatedEncounter {
  patientClass?: string;
  mrn?: string;
  attendingLicenseNo?: string;
  attendingName?: string;
  location?: string;
  locationCode?: string;
  hospitalService?: string;
}

/**
 * The FHIR Encounter of one visit (hospital + visit number): its stable id (the visit's id, see
 * `models/encounterIdentity.ts`, or the encounter read model's row id for visits seen before),
 * the identifier system FHIR clients name the visit by, and what they last stated, for reads before
 * the journey has caught up. The journey (the `encounter` read model) says the rest.
 */
export class FhirEncounterRecord extends Stamped {
  hospitalId!: string;
  visitNumber!: string;
  identifierSystem?: string | null;
  patientId?: string | null;
  /** FHIR Encounter.status as last sent. */
  status!: string;
  periodStart?: Date | null;
  periodEnd?: Date | null;
  stated: StatedEncounter = {};
}

export const FhirEncounterRecordSchema = new EntitySchema<FhirEncounterRecord>({
  class: FhirEncounterRecord,
  tableName: 'fhir_encounter',
  uniques: [{ properties: ['hospitalId', 'visitNumber'] }],
  indexes: [{ properties: ['patientId'] }],
  properties: {
    ...recordProperties,
    hospitalId: { kind: 'm:1', entity: () => Hospital, mapToPk: true, fieldName: 'hospital_id', deleteRule: 'restrict' },
    visitNumber: { type: 'string', length: 64 },
    identifierSystem: { type: 'string', length: 500, nullable: true },
    patientId: { kind: 'm:1', entity: () => Patient, mapToPk: true, fieldName: 'patient_id', nullable: true, deleteRule: 'set null' },
    status: { type: 'string', length: 24 },
    periodStart: { type: 'datetime', nullable: true },
    periodEnd: { type: 'datetime', nullable: true },
    stated: { type: 'json' },
  },
});
