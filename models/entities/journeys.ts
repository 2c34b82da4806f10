import { EntitySchema } from '@mikro-orm/core';
import { Stamped, recordProperties } from './base';
import { Department, Hospital, Patient, Physician } from './organizations';
import type { SurveySettings } from './surveys';
import type { EncounterStatus } from '../rules/statuses';

/**
 * A journey a patient goes through (EMS, INPATIENT, OPD). Versioned: an edit writes a new version
 * and retires the old one; running encounters keep the version they started with.
 */
export class JourneyTemplate extends Stamped {
  hospitalId!: string;
  code!: string;
  version = 1;
  nameEn!: string;
  nameAr!: string;
  /** Patient classes (PV1-2) that start this journey. */
  patientClasses: string[] = [];
  /** Events that start this journey when the patient class does not decide. */
  startEvents: string[] = [];
  /** ISO-8601 duration of silence after which an encounter closes as inactive. */
  inactivityTimeout = 'P2D';
  active = true;
}

export const JourneyTemplateSchema = new EntitySchema<JourneyTemplate>({
  class: JourneyTemplate,
  tableName: 'journey_template',
  uniques: [{ properties: ['hospitalId', 'code', 'version'] }],
  properties: {
    ...recordProperties,
    hospitalId: { kind: 'm:1', entity: () => Hospital, mapToPk: true, fieldName: 'hospital_id', deleteRule: 'restrict' },
    code: { type: 'string', length: 32 },
    version: { type: 'integer', default: 1 },
    nameEn: { type: 'string', length: 200 },
    nameAr: { type: 'string', length: 200 },
    patientClasses: { type: 'json' },
    startEvents: { type: 'json' },
    inactivityTimeout: { type: 'string', length: 32, default: 'P2D' },
    active: { type: 'boolean', default: true },
  },
});

export class StageTemplate extends Stamped {
  journeyTemplateId!: string;
  position!: number;
  code!: string;
  nameEn!: string;
  nameAr!: string;
  triggerEvents: string[] = [];
  required = true;
  /** Completing the terminal stage completes the encounter. */
  terminal = false;
  /** Survey sent when this stage completes (a survey template code), with its delay. */
  surveyTemplateCode?: string | null;
  sendDelay?: string | null;
  /** This stage's own survey timing (quiet hours, reminders, expiry, cooldown), over the hospital's. */
  surveySettings?: SurveySettings | null;
}

export const StageTemplateSchema = new EntitySchema<StageTemplate>({
  class: StageTemplate,
  tableName: 'stage_template',
  uniques: [{ properties: ['journeyTemplateId', 'code'] }],
  properties: {
    ...recordProperties,
    journeyTemplateId: { kind: 'm:1', entity: () => JourneyTemplate, mapToPk: true, fieldName: 'journey_template_id', deleteRule: 'cascade' },
    position: { type: 'integer' },
    code: { type: 'string', length: 40 },
    nameEn: { type: 'string', length: 200 },
    nameAr: { type: 'string', length: 200 },
    triggerEvents: { type: 'json' },
    required: { type: 'boolean', default: true },
    terminal: { type: 'boolean', default: false },
    surveyTemplateCode: { type: 'string', length: 40, nullable: true },
    sendDelay: { type: 'string', length: 32, nullable: true },
    surveySettings: { type: 'json', nullable: true },
  },
});


/** Read model of one encounter workflow, written by its activities; the workflow holds the truth. */
export class Encounter extends Stamped {
  hospitalId!: string;
  visitNumber!: string;
  workflowId!: string;
  journeyTemplateId?: string | null;
  journeyCode?: string | null;
  journeyVersion?: number | null;
  patientId?: string | null;
  attendingPhysicianId?: string | null;
  departmentId?: string | null;
  location?: string | null;
  patientClass?: string | null;
  status: EncounterStatus = 'active';
  startedAt!: Date;
  lastEventAt!: Date;
  endedAt?: Date | null;
}

export const EncounterSchema = new EntitySchema<Encounter>({
  class: Encounter,
  tableName: 'encounter',
  uniques: [{ properties: ['hospitalId', 'visitNumber'] }],
  indexes: [{ properties: ['status'] }],
  properties: {
    ...recordProperties,
    hospitalId: { kind: 'm:1', entity: () => Hospital, mapToPk: true, fieldName: 'hospital_id', deleteRule: 'restrict' },
    visitNumber: { type: 'string', length: 64 },
    workflowId: { type: 'string', length: 200, unique: true },
    journeyTemplateId: { kind: 'm:1', entity: () => JourneyTemplate, mapToPk: true, fieldName: 'journey_template_id', nullable: true, deleteRule: 'set null' },
    journeyCode: { type: 'string', length: 32, nullable: true },
    journeyVersion: { type: 'integer', nullable: true },
    patientId: { kind: 'm:1', entity: () => Patient, mapToPk: true, fieldName: 'patient_id', nullable: true, deleteRule: 'set null' },
    attendingPhysicianId: { kind: 'm:1', entity: () => Physician, mapToPk: true, fieldName: 'attending_physician_id', nullable: true, deleteRule: 'set null' },
    departmentId: { kind: 'm:1', entity: () => Department, mapToPk: true, fieldName: 'department_id', nullable: true, deleteRule: 'set null' },
    location: { type: 'string', length: 120, nullable: true },
    patientClass: { type: 'string', length: 8, nullable: true },
    status: { type: 'string', length: 16, default: 'active' },
    startedAt: { type: 'datetime' },
    lastEventAt: { type: 'datetime' },
    endedAt: { type: 'datetime', nullable: true },
  },
});

export class StageInstance extends Stamped {
  encounterId!: string;
  code!: string;
  position!: number;
  status: 'pending' | 'completed' = 'pending';
  completedAt?: Date | null;
  eventCode?: string | null;
}

export const StageInstanceSchema = new EntitySchema<StageInstance>({
  class: StageInstance,
  tableName: 'stage_instance',
  uniques: [{ properties: ['encounterId', 'code'] }],
  properties: {
    ...recordProperties,
    encounterId: { kind: 'm:1', entity: () => Encounter, mapToPk: true, fieldName: 'encounter_id', deleteRule: 'cascade' },
    code: { type: 'string', length: 40 },
    position: { type: 'integer' },
    status: { type: 'string', length: 16, default: 'pending' },
    completedAt: { type: 'datetime', nullable: true },
    eventCode: { type: 'string', length: 40, nullable: true },
  },
});
