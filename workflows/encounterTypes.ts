/**
 * What the relay, the API and the encounter workflow exchange. Payloads carry ids and codes,
 * never names, phone numbers or other PHI.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { EncounterStatus } from '../models/rules/statuses';

export interface EncounterEvent {
  /** Inbox message id: the workflow applies each message once. */
  messageId: string;
  /** Intake sequence, for ordering and display. */
  seq: string;
  eventCode: string;
  /** ISO-8601 time the hospital system says the event happened. */
  occurredAt: string;
  patientId?: string;
  attendingPhysicianId?: string;
  departmentId?: string;
  location?: string;
  patientClass?: string;
}

export interface JourneyStage {
  code: string;
  position: number;
  triggerEvents: string[];
  required: boolean;
  terminal: boolean;
  surveyTemplateCode?: string | null;
  sendDelay?: string | null;
}

export interface JourneySnapshot {
  templateId: string;
  code: string;
  version: number;
  inactivityMs: number;
  stages: JourneyStage[];
}

export interface StageState {
  code: string;
  status: 'pending' | 'completed';
  completedAt?: string;
  eventCode?: string;
}

export interface EncounterState {
  status: EncounterStatus;
  journey?: JourneySnapshot;
  stages: StageState[];
  /** Every event applied, in order (codes and times only). */
  history: { messageId: string; eventCode: string; occurredAt: string }[];
  patientId?: string;
  attendingPhysicianId?: string;
  departmentId?: string;
  location?: string;
  patientClass?: string;
  startedAt: string;
  lastEventAt: string;
}

export interface EncounterInput {
  hospitalId: string;
  hospitalCode: string;
  visitNumber: string;
  /** Silence before a journey is known closes the encounter after this long. */
  defaultInactivityMs: number;
  /** After the terminal stage, late events and a cancelled discharge are still taken for this long. */
  closeGraceMs: number;
  /** State handed over by continue-as-new. */
  carried?: EncounterState;
}

export const encounterEventSignal = defineSignal<[EncounterEvent]>('event');
export const encounterStateQuery = defineQuery<EncounterState>('state');

export const encounterWorkflowId = (hospitalCode: string, visitNumber: string) => `encounter:${hospitalCode}:${visitNumber}`;
