import { EntitySchema } from '@mikro-orm/core';
import { Stamped, recordProperties } from './base';
import { Encounter } from './journeys';
import { Department, Hospital, Patient } from './organizations';

export type ComplaintSeverity = 'low' | 'medium' | 'high' | 'critical';
export type ComplaintStatus = 'open' | 'acknowledged' | 'in_progress' | 'resolved' | 'closed';
export type ComplaintSource = 'walk_in' | 'phone' | 'moh_937' | 'email' | 'web' | 'social' | 'survey_comment';

/** Statuses in which a complaint is still being worked on: its patient is not surveyed meanwhile. */
export const OPEN_COMPLAINT_STATUSES: ComplaintStatus[] = ['open', 'acknowledged', 'in_progress'];

/** A patient's complaint (read model of the `complaint` workflow). */
export class Complaint extends Stamped {
  hospitalId!: string;
  referenceNo!: string;
  departmentId?: string | null;
  patientId?: string | null;
  encounterId?: string | null;
  severity!: ComplaintSeverity;
  category!: string;
  subcategory?: string | null;
  description!: string;
  sourceChannel!: ComplaintSource;
  status: ComplaintStatus = 'open';
}

export const ComplaintSchema = new EntitySchema<Complaint>({
  class: Complaint,
  tableName: 'complaint',
  indexes: [{ properties: ['patientId', 'status'] }, { properties: ['hospitalId', 'status'] }],
  properties: {
    ...recordProperties,
    hospitalId: { kind: 'm:1', entity: () => Hospital, mapToPk: true, fieldName: 'hospital_id', deleteRule: 'restrict' },
    referenceNo: { type: 'string', length: 32, unique: true },
    departmentId: { kind: 'm:1', entity: () => Department, mapToPk: true, fieldName: 'department_id', nullable: true, deleteRule: 'set null' },
    patientId: { kind: 'm:1', entity: () => Patient, mapToPk: true, fieldName: 'patient_id', nullable: true, deleteRule: 'set null' },
    encounterId: { kind: 'm:1', entity: () => Encounter, mapToPk: true, fieldName: 'encounter_id', nullable: true, deleteRule: 'set null' },
    severity: { type: 'string', length: 10 },
    category: { type: 'string', length: 60 },
    subcategory: { type: 'string', length: 60, nullable: true },
    description: { type: 'text' },
    sourceChannel: { type: 'string', length: 16 },
    status: { type: 'string', length: 16, default: 'open' },
  },
});
