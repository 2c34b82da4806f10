import type { EntityManager } from '@mikro-orm/postgresql';
import { Encounter, FhirEncounterRecord, Hospital, Physician } from '../../models/entities';
import { CLASS_CODES, type PatientClass } from './encounterResource';
import { ACT_CODE_SYSTEM, IDENTIFIER_TYPE_SYSTEM, type FhirEncounter } from './types';

/** One visit as the FHIR server knows it: what FHIR clients stated, and the journey's read model. */
export interface Visit {
  hospital: Hospital;
  visitNumber: string;
  /** The FHIR id of the visit. */
  id: string;
  record?: FhirEncounterRecord;
  encounter?: Encounter;
}

const ENDED = ['finished', 'cancelled', 'entered-in-error'];

/**
 * The visit's current FHIR status. A journey that has closed says so (completed: finished,
 * cancelled: cancelled; closed for inactivity: what a client last stated if that was an end, else
 * unknown); while it runs, what a FHIR client stated last (the journey lags the inbox by the
 * relay's delivery), else in-progress. `STATUS_SQL` is the same rule for search.
 */
export function currentStatus(journey: string | undefined, stated: string | undefined): string {
  if (journey === 'completed') return 'finished';
  if (journey === 'cancelled') return 'cancelled';
  if (journey === 'inactive') return stated && ENDED.includes(stated) ? stated : 'unknown';
  return stated ?? 'in-progress';
}

/** `currentStatus` over `encounter e full join fhir_encounter f`. */
export const STATUS_SQL = `(case when e.status = 'completed' then 'finished' when e.status = 'cancelled' then 'cancelled'
  when e.status = 'inactive' then (case when f.status in ('finished', 'cancelled', 'entered-in-error') then f.status else 'unknown' end)
  else coalesce(f.status, 'in-progress') end)`;

/** The period's start and end columns over the same join, for date search. */
export const PERIOD_START_SQL = `coalesce(f.period_start, e.started_at)`;
export const PERIOD_END_SQL = `coalesce(f.period_end, case when e.status <> 'active' then e.last_event_at end)`;

const latest = (...dates: (Date | undefined)[]) => new Date(Math.max(...dates.filter((d): d is Date => !!d).map((d) => d.getTime())));

/** Visits as FHIR Encounters in their current state; physicians are read once for all of them. */
export async function presentVisits(em: EntityManager, visits: Visit[]): Promise<(FhirEncounter & { id: string })[]> {
  const physicianIds = [...new Set(visits.map((v) => v.encounter?.attendingPhysicianId).filter((id): id is string => !!id))];
  const physicians = new Map(physicianIds.length ? (await em.find(Physician, { id: { $in: physicianIds } })).map((p) => [p.id, p]) : []);
  return visits.map((visit) => {
    const { record, encounter, hospital } = visit;
    const stated = record?.stated ?? {};
    const status = currentStatus(encounter?.status, record?.status);
    const patientClass = (encounter?.patientClass ?? stated.patientClass) as PatientClass | undefined;
    const patientId = encounter?.patientId ?? record?.patientId;
    const physician = encounter?.attendingPhysicianId ? physicians.get(encounter.attendingPhysicianId) : undefined;
    const attending = physician ? { licenseNo: physician.licenseNo, name: physician.fullNameEn } : stated.attendingLicenseNo ? { licenseNo: stated.attendingLicenseNo, name: stated.attendingName } : undefined;
    const start = record?.periodStart ?? encounter?.startedAt;
    const end = ENDED.includes(status) ? (record?.periodEnd ?? (encounter && encounter.status !== 'active' ? encounter.lastEventAt : undefined)) : undefined;
    const location = encounter?.location ?? stated.location;
    return {
      resourceType: 'Encounter',
      id: visit.id,
      meta: { lastUpdated: latest(record?.updatedAt, encounter?.updatedAt).toISOString() },
      identifier: [{ ...(record?.identifierSystem ? { system: record.identifierSystem } : {}), value: visit.visitNumber }],
      status,
      ...(patientClass && CLASS_CODES[patientClass] ? { class: { system: ACT_CODE_SYSTEM, code: CLASS_CODES[patientClass] } } : {}),
      ...(stated.hospitalService ? { serviceType: { coding: [{ code: stated.hospitalService }] } } : {}),
      ...(patientId
        ? { subject: { reference: `Patient/${patientId}` } }
        : stated.mrn
          ? { subject: { identifier: { type: { coding: [{ system: IDENTIFIER_TYPE_SYSTEM, code: 'MR' }] }, value: stated.mrn } } }
          : {}),
      ...(attending
        ? {
            participant: [
              {
                type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'ATND' }] }],
                individual: { identifier: { value: attending.licenseNo }, ...(attending.name ? { display: attending.name } : {}) },
              },
            ],
          }
        : {}),
      ...(start || end ? { period: { ...(start ? { start: start.toISOString() } : {}), ...(end ? { end: end.toISOString() } : {}) } } : {}),
      ...(location || stated.locationCode
        ? { location: [{ location: { ...(location ? { display: location } : {}), ...(stated.locationCode ? { identifier: { value: stated.locationCode } } : {}) } }] }
        : {}),
      serviceProvider: { identifier: { value: hospital.code }, display: hospital.nameEn },
    };
  });
}
