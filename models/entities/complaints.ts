import { randomUUID } from 'node:crypto';
import { EntitySchema } from '@mikro-orm/core';
import { Stamped, recordProperties } from './base';
import { Encounter } from './journeys';
import { User } from './accounts';
import { Department, Hospital, Patient } from './organizations';
import type { ActionPriority, ActionStatus, ComplaintSeverity, ComplaintStatus } from '../rules/statuses';

export type ActionSource = 'survey' | 'complaint' | 'manual';
export type SlaEntity = 'complaint' | 'action';
export type ComplaintSource = 'walk_in' | 'phone' | 'moh_937' | 'email' | 'web' | 'social' | 'survey_comment';

/** A patient's complaint: the read model of its `complaint` workflow, which holds the truth. */
export class Complaint extends Stamped {
  hospitalId!: string;
  referenceNo!: string;
  workflowId?: string | null;
  /** When its workflow first planned the case (its start goes through the outbox); null until then. */
  workflowStartedAt?: Date | null;
  departmentId?: string | null;
  patientId?: string | null;
  encounterId?: string | null;
  severity!: ComplaintSeverity;
  category!: string;
  subcategory?: string | null;
  description!: string;
  sourceChannel!: ComplaintSource;
  status: ComplaintStatus = 'open';
  /** How a complainant who is not (yet) a known patient can be reached; PHI, never in workflows. */
  contactName?: string | null;
  contactPhone?: string | null;
  contactEmail?: string | null;
  language: 'ar' | 'en' = 'ar';
  assigneeId?: string | null;
  createdById?: string | null;
  escalationLevel = 0;
  acknowledgeBy?: Date | null;
  resolveBy?: Date | null;
  acknowledgedAt?: Date | null;
  resolvedAt?: Date | null;
  closedAt?: Date | null;
  rootCause?: string | null;
  resolutionNotes?: string | null;
}

export const ComplaintSchema = new EntitySchema<Complaint>({
  class: Complaint,
  tableName: 'complaint',
  indexes: [{ properties: ['patientId', 'status'] }, { properties: ['hospitalId', 'status'] }],
  properties: {
    ...recordProperties,
    hospitalId: { kind: 'm:1', entity: () => Hospital, mapToPk: true, fieldName: 'hospital_id', deleteRule: 'restrict' },
    referenceNo: { type: 'string', length: 32, unique: true },
    workflowId: { type: 'string', length: 200, nullable: true },
    workflowStartedAt: { type: 'datetime', nullable: true },
    departmentId: { kind: 'm:1', entity: () => Department, mapToPk: true, fieldName: 'department_id', nullable: true, deleteRule: 'set null' },
    patientId: { kind: 'm:1', entity: () => Patient, mapToPk: true, fieldName: 'patient_id', nullable: true, deleteRule: 'set null' },
    encounterId: { kind: 'm:1', entity: () => Encounter, mapToPk: true, fieldName: 'encounter_id', nullable: true, deleteRule: 'set null' },
    severity: { type: 'string', length: 10 },
    category: { type: 'string', length: 60 },
    subcategory: { type: 'string', length: 60, nullable: true },
    description: { type: 'text' },
    sourceChannel: { type: 'string', length: 16 },
    status: { type: 'string', length: 16, default: 'open' },
    contactName: { type: 'string', length: 200, nullable: true },
    contactPhone: { type: 'string', length: 32, nullable: true },
    contactEmail: { type: 'string', length: 254, nullable: true },
    language: { type: 'string', length: 2, default: 'ar' },
    assigneeId: { kind: 'm:1', entity: () => User, mapToPk: true, fieldName: 'assignee_id', nullable: true, deleteRule: 'set null' },
    createdById: { kind: 'm:1', entity: () => User, mapToPk: true, fieldName: 'created_by_id', nullable: true, deleteRule: 'set null' },
    escalationLevel: { type: 'integer', default: 0 },
    acknowledgeBy: { type: 'datetime', nullable: true },
    resolveBy: { type: 'datetime', nullable: true },
    acknowledgedAt: { type: 'datetime', nullable: true },
    resolvedAt: { type: 'datetime', nullable: true },
    closedAt: { type: 'datetime', nullable: true },
    rootCause: { type: 'text', nullable: true },
    resolutionNotes: { type: 'text', nullable: true },
  },
});

/** A PX improvement action: the read model of its `pxAction` workflow. */
export class PxAction extends Stamped {
  hospitalId!: string;
  /** `ACT-2026-000045`, what staff quote. */
  referenceNo!: string;
  workflowId?: string | null;
  /** When its workflow first planned the case (its start goes through the outbox); null until then. */
  workflowStartedAt?: Date | null;
  departmentId?: string | null;
  sourceType!: ActionSource;
  /** The survey or complaint it came from; null for a manual action. One action per source. */
  sourceId?: string | null;
  title!: string;
  description?: string | null;
  priority!: ActionPriority;
  status: ActionStatus = 'open';
  assigneeId?: string | null;
  createdById?: string | null;
  escalationLevel = 0;
  dueAt?: Date | null;
  evidence?: string | null;
  submittedAt?: Date | null;
  approvedById?: string | null;
  approvedAt?: Date | null;
  cancelReason?: string | null;
}

export const PxActionSchema = new EntitySchema<PxAction>({
  class: PxAction,
  tableName: 'px_action',
  uniques: [{ properties: ['sourceType', 'sourceId'] }],
  indexes: [{ properties: ['hospitalId', 'status'] }],
  properties: {
    ...recordProperties,
    hospitalId: { kind: 'm:1', entity: () => Hospital, mapToPk: true, fieldName: 'hospital_id', deleteRule: 'restrict' },
    referenceNo: { type: 'string', length: 32, unique: true },
    workflowId: { type: 'string', length: 200, nullable: true },
    workflowStartedAt: { type: 'datetime', nullable: true },
    departmentId: { kind: 'm:1', entity: () => Department, mapToPk: true, fieldName: 'department_id', nullable: true, deleteRule: 'set null' },
    sourceType: { type: 'string', length: 10 },
    sourceId: { type: 'uuid', nullable: true },
    title: { type: 'string', length: 300 },
    description: { type: 'text', nullable: true },
    priority: { type: 'string', length: 10 },
    status: { type: 'string', length: 16, default: 'open' },
    assigneeId: { kind: 'm:1', entity: () => User, mapToPk: true, fieldName: 'assignee_id', nullable: true, deleteRule: 'set null' },
    createdById: { kind: 'm:1', entity: () => User, mapToPk: true, fieldName: 'created_by_id', nullable: true, deleteRule: 'set null' },
    escalationLevel: { type: 'integer', default: 0 },
    dueAt: { type: 'datetime', nullable: true },
    evidence: { type: 'text', nullable: true },
    submittedAt: { type: 'datetime', nullable: true },
    approvedById: { kind: 'm:1', entity: () => User, mapToPk: true, fieldName: 'approved_by_id', nullable: true, deleteRule: 'set null' },
    approvedAt: { type: 'datetime', nullable: true },
    cancelReason: { type: 'text', nullable: true },
  },
});

/** One line of a complaint's or an action's timeline, written as its workflow acts. */
export class CaseEvent {
  id: string = randomUUID();
  entityType!: SlaEntity;
  entityId!: string;
  at: Date = new Date();
  /** created, acknowledged, assigned, note, resolved, closed, reopened, escalated, reminder, breached, survey, submitted, approved, rejected, cancelled. */
  kind!: string;
  actorId?: string | null;
  note?: string | null;
  data?: Record<string, unknown> | null;
  /** Makes a retried activity write its line once. */
  dedupeKey!: string;
}

export const CaseEventSchema = new EntitySchema<CaseEvent>({
  class: CaseEvent,
  tableName: 'case_event',
  indexes: [{ properties: ['entityType', 'entityId', 'at'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    entityType: { type: 'string', length: 10 },
    entityId: { type: 'uuid' },
    at: { type: 'datetime' },
    kind: { type: 'string', length: 20 },
    actorId: { kind: 'm:1', entity: () => User, mapToPk: true, fieldName: 'actor_id', nullable: true, deleteRule: 'set null' },
    note: { type: 'text', nullable: true },
    data: { type: 'json', nullable: true },
    dedupeKey: { type: 'string', length: 200, unique: true },
  },
});

/**
 * What staff wrote for one operation on a case (a note, a root cause and resolution notes,
 * evidence, a reason), stored by the API before it asks the workflow: workflows carry its id,
 * never the words, which may name the patient.
 */
export class CaseText {
  id: string = randomUUID();
  entityType!: SlaEntity;
  entityId!: string;
  authorId?: string | null;
  /** By field name: `note`, `reason`, `rootCause`, `resolutionNotes`, `evidence`. */
  fields: Record<string, string> = {};
  createdAt: Date = new Date();
}

export const CaseTextSchema = new EntitySchema<CaseText>({
  class: CaseText,
  tableName: 'case_text',
  indexes: [{ properties: ['entityType', 'entityId'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    entityType: { type: 'string', length: 10 },
    entityId: { type: 'uuid' },
    authorId: { kind: 'm:1', entity: () => User, mapToPk: true, fieldName: 'author_id', nullable: true, deleteRule: 'set null' },
    fields: { type: 'json' },
    createdAt: { type: 'datetime' },
  },
});

/**
 * How fast a complaint (by severity) or an action (by priority) must be acknowledged and resolved,
 * on which clock, when to remind, and whom to escalate to. A hospital's own policy beats the
 * group default, and one for the exact severity beats one for any (`severity` null).
 */
export class SlaPolicy extends Stamped {
  hospitalId?: string | null;
  entity!: SlaEntity;
  severity?: ComplaintSeverity | null;
  acknowledgeWithin!: string;
  resolveWithin!: string;
  clock: 'continuous' | 'business' = 'business';
  reminderAt: number[] = [0.5, 0.8];
  escalation: string[] = [];
}

export const SlaPolicySchema = new EntitySchema<SlaPolicy>({
  class: SlaPolicy,
  tableName: 'sla_policy',
  uniques: [{ properties: ['hospitalId', 'entity', 'severity'] }],
  properties: {
    ...recordProperties,
    hospitalId: { kind: 'm:1', entity: () => Hospital, mapToPk: true, fieldName: 'hospital_id', nullable: true, deleteRule: 'cascade' },
    entity: { type: 'string', length: 10 },
    severity: { type: 'string', length: 10, nullable: true },
    acknowledgeWithin: { type: 'string', length: 32 },
    resolveWithin: { type: 'string', length: 32 },
    clock: { type: 'string', length: 12, default: 'business' },
    reminderAt: { type: 'json' },
    escalation: { type: 'json' },
  },
});

/** A day the hospital does not work (business clocks skip it); group-wide when no hospital. */
export class Holiday extends Stamped {
  hospitalId?: string | null;
  /** Local date `YYYY-MM-DD`. */
  date!: string;
  nameEn!: string;
  nameAr!: string;
}

export const HolidaySchema = new EntitySchema<Holiday>({
  class: Holiday,
  tableName: 'holiday',
  uniques: [{ properties: ['hospitalId', 'date'] }],
  properties: {
    ...recordProperties,
    hospitalId: { kind: 'm:1', entity: () => Hospital, mapToPk: true, fieldName: 'hospital_id', nullable: true, deleteRule: 'cascade' },
    date: { type: 'string', length: 10 },
    nameEn: { type: 'string', length: 200 },
    nameAr: { type: 'string', length: 200 },
  },
});
