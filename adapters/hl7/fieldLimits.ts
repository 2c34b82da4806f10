/**
 * What PX360 can store of a message's event fields: each field within the column that keeps it,
 * and no NUL character (PostgreSQL keeps none in text). A message that breaks these is refused at
 * intake, before its acknowledgement, with ERR naming the field; otherwise it would be acknowledged
 * AA and then fail every time the relay tried to apply it.
 */
import type { EncounterEventFields } from './eventFields';
import { Hl7FormatError } from './types';

interface FieldRule {
  /** HL7 field as people write it, for the error text ('PID-3'). */
  name: string;
  /** ERR-2 location, segment^sequence^field. */
  location: string;
  /** Longest value the column that stores it takes; undefined when it is only compared, never stored. */
  maxLength?: number;
}

/** Column sizes from models/entities (patient, physician, encounter, inbox_message). */
const RULES: { [K in keyof EncounterEventFields]-?: FieldRule } = {
  messageType: { name: 'MSH-9', location: 'MSH^1^9' },
  triggerEvent: { name: 'MSH-9', location: 'MSH^1^9' },
  controlId: { name: 'MSH-10', location: 'MSH^1^10', maxLength: 199 },
  facility: { name: 'MSH-4', location: 'MSH^1^4', maxLength: 32 },
  mrn: { name: 'PID-3 (MRN)', location: 'PID^1^3', maxLength: 64 },
  nationalId: { name: 'PID-3 (national id)', location: 'PID^1^3', maxLength: 32 },
  visitNumber: { name: 'PV1-19 (visit number)', location: 'PV1^1^19', maxLength: 64 },
  patientClass: { name: 'PV1-2', location: 'PV1^1^2', maxLength: 8 },
  attendingLicenseNo: { name: 'PV1-7 (attending doctor id)', location: 'PV1^1^7', maxLength: 64 },
  attendingName: { name: 'PV1-7 (attending doctor name)', location: 'PV1^1^7', maxLength: 200 },
  location: { name: 'PV1-3', location: 'PV1^1^3', maxLength: 120 },
  locationCode: { name: 'PV1-3', location: 'PV1^1^3' },
  hospitalService: { name: 'PV1-10', location: 'PV1^1^10' },
  dischargeDisposition: { name: 'PV1-36', location: 'PV1^1^36' },
  phone: { name: 'PID-13', location: 'PID^1^13', maxLength: 32 },
  preferredLanguage: { name: 'PID-15', location: 'PID^1^15' },
  familyName: { name: 'PID-5 (family name)', location: 'PID^1^5', maxLength: 100 },
  givenName: { name: 'PID-5 (given name)', location: 'PID^1^5', maxLength: 99 },
  dateOfBirth: { name: 'PID-7', location: 'PID^1^7' },
  sex: { name: 'PID-8', location: 'PID^1^8' },
  eventTime: { name: 'EVN-2', location: 'EVN^1^2' },
  diagnosticServiceSection: { name: 'OBR-24', location: 'OBR^1^24' },
  mergedMrn: { name: 'MRG-1', location: 'MRG^1^1', maxLength: 64 },
  mergedVisitNumber: { name: 'MRG-5', location: 'MRG^1^5', maxLength: 64 },
};

/** The first field PX360 could not store, as the error to answer with; undefined when all fit. */
export function storableProblem(fields: EncounterEventFields): Hl7FormatError | undefined {
  for (const [key, rule] of Object.entries(RULES) as [keyof EncounterEventFields, FieldRule][]) {
    const value = fields[key];
    if (typeof value !== 'string') continue;
    if (value.includes('\u0000')) return new Hl7FormatError(`${rule.name} contains a NUL character`, '102', rule.location);
    if (rule.maxLength !== undefined && value.length > rule.maxLength) {
      // The value itself is not quoted: it is patient data, and the reason is kept in the inbox and the ACK.
      return new Hl7FormatError(`${rule.name} is ${value.length} characters long; at most ${rule.maxLength} are accepted`, '102', rule.location);
    }
  }
  return undefined;
}

/** Throws the first storable problem (see storableProblem). */
export function checkStorable(fields: EncounterEventFields): EncounterEventFields {
  const problem = storableProblem(fields);
  if (problem) throw problem;
  return fields;
}
