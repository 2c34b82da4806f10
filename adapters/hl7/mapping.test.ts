import { extractEventFields } from './eventFields';
import { fixture } from './fixtures/load';
import { DEFAULT_MAPPING_RULES, EVENT_CODES, matchEvent, RADIOLOGY_SERVICE_SECTIONS, type MappingRule, type MatchFields } from './mapping';
import { parseMessage } from './message';

const match = (fields: Partial<MatchFields> & Pick<MatchFields, 'messageType' | 'triggerEvent'>) => matchEvent(DEFAULT_MAPPING_RULES, fields);

describe('DEFAULT_MAPPING_RULES', () => {
  it('only seeds known event codes', () => {
    for (const rule of DEFAULT_MAPPING_RULES) expect(EVENT_CODES).toContain(rule.eventCode);
  });

  it.each([
    [{ messageType: 'ADT', triggerEvent: 'A04', patientClass: 'E' }, 'ED_ARRIVAL'],
    [{ messageType: 'ADT', triggerEvent: 'A04', patientClass: 'O' }, 'OPD_CHECK_IN'],
    [{ messageType: 'ADT', triggerEvent: 'A04' }, 'REGISTRATION'],
    [{ messageType: 'ADT', triggerEvent: 'A04', patientClass: 'I' }, 'REGISTRATION'],
    [{ messageType: 'ADT', triggerEvent: 'A05', patientClass: 'I' }, 'REGISTRATION'],
    [{ messageType: 'ADT', triggerEvent: 'A01', patientClass: 'I' }, 'ADMIT'],
    [{ messageType: 'ADT', triggerEvent: 'A01', patientClass: 'E' }, 'ADMIT'],
    [{ messageType: 'ADT', triggerEvent: 'A02', patientClass: 'I' }, 'TRANSFER'],
    [{ messageType: 'ADT', triggerEvent: 'A03', patientClass: 'O' }, 'DISCHARGE'],
    [{ messageType: 'ADT', triggerEvent: 'A03', patientClass: 'I' }, 'DISCHARGE'],
    [{ messageType: 'ADT', triggerEvent: 'A08' }, 'DEMOGRAPHICS_UPDATE'],
    [{ messageType: 'ADT', triggerEvent: 'A31' }, 'DEMOGRAPHICS_UPDATE'],
    [{ messageType: 'ADT', triggerEvent: 'A11', patientClass: 'I' }, 'CANCEL_ADMIT'],
    [{ messageType: 'ADT', triggerEvent: 'A11', patientClass: 'O' }, 'CANCEL_VISIT'],
    [{ messageType: 'ADT', triggerEvent: 'A11' }, 'CANCEL_VISIT'],
    [{ messageType: 'ADT', triggerEvent: 'A13' }, 'CANCEL_DISCHARGE'],
    [{ messageType: 'ADT', triggerEvent: 'A40' }, 'MERGE'],
    [{ messageType: 'ORU', triggerEvent: 'R01', diagnosticServiceSection: 'RAD' }, 'RADIOLOGY_RESULTED'],
    [{ messageType: 'ORU', triggerEvent: 'R01', diagnosticServiceSection: 'CT' }, 'RADIOLOGY_RESULTED'],
    [{ messageType: 'ORU', triggerEvent: 'R01', diagnosticServiceSection: 'CH' }, 'LAB_RESULTED'],
    [{ messageType: 'ORU', triggerEvent: 'R01', diagnosticServiceSection: 'HM' }, 'LAB_RESULTED'],
    [{ messageType: 'ORU', triggerEvent: 'R01' }, 'LAB_RESULTED'],
    [{ messageType: 'RDE', triggerEvent: 'O11' }, 'PHARMACY_DISPENSED'],
    [{ messageType: 'RDS', triggerEvent: 'O13' }, 'PHARMACY_DISPENSED'],
    [{ messageType: 'SIU', triggerEvent: 'S12' }, 'APPOINTMENT_BOOKED'],
    [{ messageType: 'SIU', triggerEvent: 'S15' }, 'APPOINTMENT_CANCELLED'],
    [{ messageType: 'SIU', triggerEvent: 'S26' }, 'APPOINTMENT_NO_SHOW'],
  ])('%j -> %s', (fields, eventCode) => {
    expect(match(fields)).toBe(eventCode);
  });

  it('maps every radiology section to RADIOLOGY_RESULTED', () => {
    for (const section of RADIOLOGY_SERVICE_SECTIONS) {
      expect(match({ messageType: 'ORU', triggerEvent: 'R01', diagnosticServiceSection: section })).toBe('RADIOLOGY_RESULTED');
    }
  });

  it('leaves unknown types and triggers unmapped', () => {
    expect(match({ messageType: 'MDM', triggerEvent: 'T02' })).toBeUndefined();
    expect(match({ messageType: 'ADT', triggerEvent: 'A60' })).toBeUndefined();
    expect(match({ messageType: 'SIU', triggerEvent: 'S14' })).toBeUndefined();
    expect(match({ messageType: 'ACK', triggerEvent: '' })).toBeUndefined();
  });

  it('compares codes case-insensitively', () => {
    expect(match({ messageType: 'adt', triggerEvent: 'a04', patientClass: 'e' })).toBe('ED_ARRIVAL');
    expect(match({ messageType: 'ORU', triggerEvent: 'R01', diagnosticServiceSection: 'rad' })).toBe('RADIOLOGY_RESULTED');
  });

  it('maps fields extracted from fixture messages', () => {
    const eventOf = (name: string) => matchEvent(DEFAULT_MAPPING_RULES, extractEventFields(parseMessage(fixture(name))));
    expect(eventOf('adt-a04-ed-arrival.hl7')).toBe('ED_ARRIVAL');
    expect(eventOf('adt-a04-opd-checkin.hl7')).toBe('OPD_CHECK_IN');
    expect(eventOf('adt-a03-discharge.hl7')).toBe('DISCHARGE');
    expect(eventOf('adt-a40-merge.hl7')).toBe('MERGE');
    expect(eventOf('oru-r01-radiology.hl7')).toBe('RADIOLOGY_RESULTED');
    expect(eventOf('oru-r01-lab.hl7')).toBe('LAB_RESULTED');
    expect(eventOf('siu-s12-appointment.hl7')).toBe('APPOINTMENT_BOOKED');
    expect(eventOf('custom-delimiters.hl7')).toBe('DEMOGRAPHICS_UPDATE');
  });
});

describe('matchEvent', () => {
  const rule = (r: Partial<MappingRule> & Pick<MappingRule, 'eventCode'>): MappingRule => ({ messageType: 'ADT', triggerEvent: 'A04', priority: 0, ...r });

  it('prefers the rule with more conditions regardless of order or priority', () => {
    const rules = [rule({ eventCode: 'GENERIC', priority: 100 }), rule({ eventCode: 'ED', patientClass: 'E' })];
    expect(matchEvent(rules, { messageType: 'ADT', triggerEvent: 'A04', patientClass: 'E' })).toBe('ED');
    expect(matchEvent(rules, { messageType: 'ADT', triggerEvent: 'A04', patientClass: 'O' })).toBe('GENERIC');
  });

  it('prefers an exact trigger over the * wildcard', () => {
    const rules = [rule({ triggerEvent: '*', eventCode: 'ANY_ADT', priority: 5 }), rule({ eventCode: 'REGISTRATION' })];
    expect(matchEvent(rules, { messageType: 'ADT', triggerEvent: 'A04' })).toBe('REGISTRATION');
    expect(matchEvent(rules, { messageType: 'ADT', triggerEvent: 'A28' })).toBe('ANY_ADT');
  });

  it('breaks ties between equally specific rules by priority, then by order', () => {
    expect(matchEvent([rule({ eventCode: 'LOW', priority: 1 }), rule({ eventCode: 'HIGH', priority: 2 })], { messageType: 'ADT', triggerEvent: 'A04' })).toBe('HIGH');
    expect(matchEvent([rule({ eventCode: 'FIRST' }), rule({ eventCode: 'SECOND' })], { messageType: 'ADT', triggerEvent: 'A04' })).toBe('FIRST');
  });

  it('treats null, empty and * conditions as "any"', () => {
    for (const patientClass of [null, undefined, '', '*']) {
      expect(matchEvent([rule({ eventCode: 'X', patientClass })], { messageType: 'ADT', triggerEvent: 'A04' })).toBe('X');
    }
  });

  it('does not let a condition match a message that lacks the field', () => {
    expect(matchEvent([rule({ eventCode: 'ED', patientClass: 'E' })], { messageType: 'ADT', triggerEvent: 'A04' })).toBeUndefined();
  });

  it('answers undefined with no rules', () => {
    expect(matchEvent([], { messageType: 'ADT', triggerEvent: 'A04' })).toBeUndefined();
  });
});
