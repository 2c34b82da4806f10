import { createHash } from 'node:crypto';
import type { EncounterEventFields } from '../hl7/eventFields';
import type { EventCode } from '../hl7/mapping';
import { invalid, unprocessable } from './outcome';
import { isNationalId } from './patientResource';
import type { EncounterParticipant, FhirEncounter } from './types';

export type PatientClass = 'E' | 'I' | 'O';

/** v3 ActCode encounter classes, as HL7 v2 PV1-2 patient classes. */
const CLASSES: Record<string, PatientClass> = { AMB: 'O', OBSENC: 'O', IMP: 'I', ACUTE: 'I', NONAC: 'I', EMER: 'E' };
export const CLASS_CODES: Record<PatientClass, string> = { O: 'AMB', I: 'IMP', E: 'EMER' };

/** Arriving starts the journey of the encounter's class. */
const ARRIVAL: Record<PatientClass, EventCode> = { E: 'ED_ARRIVAL', I: 'ADMIT', O: 'OPD_CHECK_IN' };

/** What an Encounter says as a journey event, before the hospital and patient are resolved. */
export interface EncounterFacts {
  visitNumber: string;
  /** The system of the visit's identifier, when the resource names one. */
  visitSystem?: string;
  status: string;
  eventCode: EventCode;
  patientClass: PatientClass;
  /** ISO-8601 UTC instant. */
  eventTime: string;
  /** The period as stated (ISO-8601 UTC); a period ends only once the encounter has. */
  periodStart?: string;
  periodEnd?: string;
  /** Tells one state of the encounter from another: the client's version, else the period. */
  versionKey: string;
  hospitalCode?: string;
  subject?: { patientId: string } | { mrn: string };
  attendingLicenseNo?: string;
  attendingName?: string;
  location?: string;
  locationCode?: string;
  hospitalService?: string;
}

function eventCodeOf(status: string, patientClass: PatientClass): EventCode {
  switch (status) {
    case 'planned':
      return 'APPOINTMENT_BOOKED';
    case 'arrived':
    case 'triaged':
    case 'in-progress':
      return ARRIVAL[patientClass];
    case 'finished':
      return 'DISCHARGE';
    case 'cancelled':
    case 'entered-in-error':
      return 'CANCEL_VISIT';
    default:
      throw unprocessable(`status ${status} is not a step of a patient journey`, 'Encounter.status');
  }
}

function instant(value: string | undefined, expression: string): string | undefined {
  if (!value) return undefined;
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) throw invalid(`${value} is not a valid dateTime`, expression);
  return time.toISOString();
}

/**
 * When the event happened: a finished encounter ends at period.end, every other state is
 * reached at period.start. Without a period, the client's lastUpdated, else when we received it.
 */
function eventTimeOf(resource: FhirEncounter): string {
  const { start, end } = resource.period ?? {};
  const finished = resource.status === 'finished' && end ? instant(end, 'Encounter.period.end') : undefined;
  return finished ?? instant(start, 'Encounter.period.start') ?? instant(resource.meta?.lastUpdated, 'Encounter.meta.lastUpdated') ?? new Date().toISOString();
}

const PATIENT_REFERENCE = /(?:^|\/)Patient\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** A reference to one of our patients (`Patient/{id}`), or the patient's MRN as an identifier. */
function subjectOf(resource: FhirEncounter): EncounterFacts['subject'] {
  const subject = resource.subject;
  if (!subject) return undefined;
  if (subject.reference) {
    const id = PATIENT_REFERENCE.exec(subject.reference.trim())?.[1];
    if (!id) throw unprocessable(`${subject.reference} is not a Patient/{id} this server holds`, 'Encounter.subject.reference');
    return { patientId: id.toLowerCase() };
  }
  const identifier = subject.identifier;
  if (!identifier?.value?.trim()) return undefined;
  // As for HL7 PID-3: anything but a national id identifies the patient's record by MRN.
  if (isNationalId(identifier)) throw unprocessable('identify the subject by its MRN or as Patient/{id}, not by national id', 'Encounter.subject.identifier');
  return { mrn: identifier.value.trim() };
}

/** The attending participant (type ATND), else the first one listed. */
function attendingOf(participants: EncounterParticipant[] | undefined): EncounterParticipant | undefined {
  const list = participants ?? [];
  return list.find((p) => (p.type ?? []).some((t) => (t.coding ?? []).some((c) => c.code?.toUpperCase() === 'ATND'))) ?? list[0];
}

/** Reads a checked FHIR Encounter as a journey event; 400/422 naming the element at fault. */
export function readEncounter(resource: FhirEncounter): EncounterFacts {
  const visitNumber = resource.identifier?.[0]?.value?.trim();
  const visitSystem = resource.identifier?.[0]?.system?.trim() || undefined;
  if (!visitNumber) throw invalid('identifier[0].value, the visit number, is required', 'Encounter.identifier');
  const classCode = resource.class?.code?.trim().toUpperCase();
  if (!classCode) throw invalid('class.code is required', 'Encounter.class');
  const patientClass = CLASSES[classCode];
  if (!patientClass) throw unprocessable(`class ${classCode} is not one of ${Object.keys(CLASSES).join(', ')}`, 'Encounter.class');
  const status = resource.status!;
  const attending = attendingOf(resource.participant)?.individual;
  const place = resource.location?.[0]?.location;
  const service = resource.serviceType;
  const eventTime = eventTimeOf(resource);
  const ended = status === 'finished' || status === 'cancelled' || status === 'entered-in-error';
  const facts: EncounterFacts = {
    visitNumber,
    visitSystem,
    status,
    eventCode: eventCodeOf(status, patientClass),
    patientClass,
    eventTime,
    periodStart: instant(resource.period?.start, 'Encounter.period.start') ?? (status === 'finished' ? undefined : eventTime),
    periodEnd: ended ? (instant(resource.period?.end, 'Encounter.period.end') ?? (status === 'finished' ? eventTime : undefined)) : undefined,
    versionKey: resource.meta?.versionId ?? `${resource.period?.start ?? ''}/${resource.period?.end ?? ''}`,
    hospitalCode: resource.serviceProvider?.identifier?.value?.trim() || undefined,
    subject: subjectOf(resource),
    attendingLicenseNo: attending?.identifier?.value?.trim() || undefined,
    attendingName: attending?.display?.trim() || undefined,
    location: place?.display?.trim() || service?.text?.trim() || service?.coding?.[0]?.display?.trim() || undefined,
    locationCode: place?.identifier?.value?.trim() || undefined,
    hospitalService: service?.coding?.[0]?.code?.trim() || undefined,
  };
  return Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== undefined)) as EncounterFacts;
}

/**
 * The sender's control id: a re-sent identical state of an encounter is then a duplicate in the
 * inbox. It starts with the visit number so the encounter's earlier states can be found by prefix.
 */
export function controlIdOf(facts: Pick<EncounterFacts, 'visitNumber' | 'status' | 'versionKey'>): string {
  const id = `${facts.visitNumber}:${facts.status}:${facts.versionKey}`;
  if (id.length <= 199) return id;
  return `${facts.visitNumber}:${facts.status}:${createHash('sha256').update(facts.versionKey).digest('hex')}`;
}

/** The journey event fields the relay delivers; the FHIR status rides as the trigger so it can be read back. */
export function eventFieldsOf(facts: EncounterFacts, controlId: string, hospitalCode: string, mrn: string | undefined): EncounterEventFields {
  const fields: EncounterEventFields = {
    messageType: 'Encounter',
    triggerEvent: facts.status,
    controlId,
    facility: hospitalCode,
    eventTime: facts.eventTime,
    visitNumber: facts.visitNumber,
    patientClass: facts.patientClass,
    mrn,
    attendingLicenseNo: facts.attendingLicenseNo,
    attendingName: facts.attendingName,
    location: facts.location,
    locationCode: facts.locationCode,
    hospitalService: facts.hospitalService,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as EncounterEventFields;
}
