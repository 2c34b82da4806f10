/**
 * HL7 message type/trigger plus optional conditions -> internal event code (DESIGN.md §6).
 * The rules themselves live in the `event_mapping` table; DEFAULT_MAPPING_RULES is what is seeded
 * there, and matchEvent is how any set of rules is applied.
 */
import type { EncounterEventFields } from './eventFields';

export interface MappingRule {
  messageType: string;
  /** '*' matches any trigger. */
  triggerEvent: string;
  /** PV1-2 condition; null/undefined (or '*') = any class. */
  patientClass?: string | null;
  /** OBR-24 condition; null/undefined (or '*') = any section. */
  serviceSection?: string | null;
  eventCode: string;
  /** Higher wins among equally specific matches. */
  priority: number;
}

export const EVENT_CODES = [
  'ED_ARRIVAL',
  'OPD_CHECK_IN',
  'ADMIT',
  'TRANSFER',
  'DISCHARGE',
  'LAB_RESULTED',
  'RADIOLOGY_RESULTED',
  'PHARMACY_DISPENSED',
  'APPOINTMENT_BOOKED',
  'APPOINTMENT_CANCELLED',
  'APPOINTMENT_NO_SHOW',
  'CANCEL_ADMIT',
  'CANCEL_VISIT',
  'CANCEL_DISCHARGE',
  'MERGE',
  'DEMOGRAPHICS_UPDATE',
  'REGISTRATION',
] as const;
export type EventCode = (typeof EVENT_CODES)[number];

/**
 * OBR-24 diagnostic service sections that are imaging (HL7 table 0074: RAD, CT, CUS, NMR, NMS,
 * OUS, RUS, RX, VUS, XRC), plus MR and US, which many radiology systems send although the table
 * spells them otherwise. Every other section is treated as laboratory.
 */
export const RADIOLOGY_SERVICE_SECTIONS = ['RAD', 'CT', 'CUS', 'MR', 'NMR', 'NMS', 'US', 'XRC', 'RX', 'VUS', 'OUS', 'RUS'] as const;

function rule(
  messageType: string,
  triggerEvent: string,
  eventCode: EventCode,
  conditions: { patientClass?: string; serviceSection?: string } = {},
): MappingRule {
  return { messageType, triggerEvent, patientClass: conditions.patientClass ?? null, serviceSection: conditions.serviceSection ?? null, eventCode, priority: 0 };
}

/** The seeded defaults; one row per condition value so each stays editable on its own. */
export const DEFAULT_MAPPING_RULES: MappingRule[] = [
  rule('ADT', 'A04', 'ED_ARRIVAL', { patientClass: 'E' }),
  rule('ADT', 'A04', 'OPD_CHECK_IN', { patientClass: 'O' }),
  rule('ADT', 'A04', 'REGISTRATION'),
  rule('ADT', 'A05', 'REGISTRATION'),
  rule('ADT', 'A01', 'ADMIT'),
  rule('ADT', 'A02', 'TRANSFER'),
  rule('ADT', 'A03', 'DISCHARGE'),
  rule('ADT', 'A08', 'DEMOGRAPHICS_UPDATE'),
  rule('ADT', 'A31', 'DEMOGRAPHICS_UPDATE'),
  rule('ADT', 'A11', 'CANCEL_ADMIT', { patientClass: 'I' }),
  rule('ADT', 'A11', 'CANCEL_VISIT'),
  rule('ADT', 'A13', 'CANCEL_DISCHARGE'),
  rule('ADT', 'A40', 'MERGE'),
  rule('ORU', 'R01', 'LAB_RESULTED'),
  ...RADIOLOGY_SERVICE_SECTIONS.map((section) => rule('ORU', 'R01', 'RADIOLOGY_RESULTED', { serviceSection: section })),
  rule('RDE', 'O11', 'PHARMACY_DISPENSED'),
  rule('RDS', 'O13', 'PHARMACY_DISPENSED'),
  rule('SIU', 'S12', 'APPOINTMENT_BOOKED'),
  rule('SIU', 'S15', 'APPOINTMENT_CANCELLED'),
  rule('SIU', 'S26', 'APPOINTMENT_NO_SHOW'),
];

export type MatchFields = Pick<EncounterEventFields, 'messageType' | 'triggerEvent' | 'patientClass' | 'diagnosticServiceSection'>;

/**
 * The event code of the best matching rule, or undefined when none matches (the caller stores
 * the message as 'ignored'). Best = most specific (an exact type, an exact trigger and each
 * condition count one), then highest priority, then earliest in the list. Codes compare
 * case-insensitively and trimmed, since senders and configuration differ in case.
 */
export function matchEvent(rules: MappingRule[], fields: MatchFields): EventCode | string | undefined {
  let best: { rule: MappingRule; specificity: number } | undefined;
  for (const candidate of rules) {
    const specificity = matchSpecificity(candidate, fields);
    if (specificity === undefined) continue;
    if (!best || specificity > best.specificity || (specificity === best.specificity && candidate.priority > best.rule.priority)) {
      best = { rule: candidate, specificity };
    }
  }
  return best?.rule.eventCode;
}

/** How many of the rule's criteria are specific, or undefined when the rule does not match. */
function matchSpecificity(rule: MappingRule, fields: MatchFields): number | undefined {
  // Type and trigger are always stated ('*' for any); the conditions may also be left empty.
  const criteria: Array<[wanted: string, actual: string | undefined]> = [
    [code(rule.messageType), fields.messageType],
    [code(rule.triggerEvent), fields.triggerEvent],
    [code(rule.patientClass) || '*', fields.patientClass],
    [code(rule.serviceSection) || '*', fields.diagnosticServiceSection],
  ];
  let specificity = 0;
  for (const [wanted, actual] of criteria) {
    if (wanted === '*') continue;
    if (wanted !== code(actual)) return undefined;
    specificity += 1;
  }
  return specificity;
}

function code(value: string | null | undefined): string {
  return (value ?? '').trim().toUpperCase();
}
