import { phoneDigits as normalisePhone } from '../../models/rules/phone';
import { extractEventFields, preferredLanguageOf } from './eventFields';
import { fixture } from './fixtures/load';
import { parseMessage } from './message';
import { Hl7FormatError } from './types';

const MSH = 'MSH|^~\\&|HIS|DEMO|PX360|PX360|20240312101530+0300||ADT^A04|C1|P|2.5.1';
const fieldsOf = (text: string) => extractEventFields(parseMessage(text));

describe('extractEventFields', () => {
  it('extracts an ED arrival', () => {
    expect(fieldsOf(fixture('adt-a04-ed-arrival.hl7'))).toEqual({
      messageType: 'ADT',
      triggerEvent: 'A04',
      controlId: 'DEMO-ADT-000101',
      facility: 'DEMO',
      mrn: '1234567',
      nationalId: '1098765432',
      visitNumber: 'V24031200017',
      patientClass: 'E',
      attendingLicenseNo: '20345',
      attendingName: 'أحمد الزهراني',
      location: 'ER^05^1',
      locationCode: 'ER',
      hospitalService: 'EMR',
      phone: '+966551234567',
      preferredLanguage: 'ar',
      familyName: 'الحربي',
      givenName: 'خالد',
      dateOfBirth: '1985-02-14',
      sex: 'male',
      eventTime: '2024-03-12T07:15:00.000Z',
    });
  });

  it('extracts an OPD check-in whose national id is listed before the MRN', () => {
    expect(fieldsOf(fixture('adt-a04-opd-checkin.hl7'))).toMatchObject({
      mrn: '7654321',
      nationalId: '1087654321',
      patientClass: 'O',
      location: 'OPD^101^1',
      locationCode: 'OPD',
      attendingName: 'فهد العتيبي',
      phone: '+966507654321',
      preferredLanguage: 'en',
      sex: 'female',
      // EVN-2 without an offset is read as UTC.
      eventTime: '2024-03-12T09:30:00.000Z',
    });
  });

  it('falls back to PID-18 for the visit number and reads the discharge disposition', () => {
    expect(fieldsOf(fixture('adt-a03-discharge.hl7'))).toMatchObject({
      visitNumber: 'A24031000044',
      patientClass: 'I',
      dischargeDisposition: '01',
      hospitalService: 'MED',
      location: 'W3^312^B',
      phone: '0551112233',
      preferredLanguage: 'ar',
      eventTime: '2024-03-20T12:30:00.000Z',
    });
  });

  it('reads the retired MRN and visit of a merge', () => {
    expect(fieldsOf(fixture('adt-a40-merge.hl7'))).toMatchObject({ triggerEvent: 'A40', mrn: '7654321', mergedMrn: '7000001', mergedVisitNumber: 'V24010100003' });
  });

  it('reads the diagnostic service section of a result', () => {
    expect(fieldsOf(fixture('oru-r01-radiology.hl7')).diagnosticServiceSection).toBe('RAD');
    expect(fieldsOf(fixture('oru-r01-lab.hl7')).diagnosticServiceSection).toBe('CH');
  });

  it('reads an appointment from SCH, TQ1, AIL and AIP', () => {
    expect(fieldsOf(fixture('siu-s12-appointment.hl7'))).toEqual({
      messageType: 'SIU',
      triggerEvent: 'S12',
      controlId: 'DEMO-SIU-0042',
      facility: 'DEMO',
      mrn: '7654321',
      visitNumber: 'APT-77001',
      attendingLicenseNo: '30876',
      attendingName: 'فهد العتيبي',
      location: 'CARD-CLINIC^12',
      locationCode: 'CARD-CLINIC',
      phone: '0507654321',
      preferredLanguage: 'ar',
      familyName: 'القحطاني',
      givenName: 'نورة',
      eventTime: '2024-03-17T07:00:00.000Z',
    });
  });

  it('prefers SCH-11.4 for an appointment time and SCH-2 when SCH-1 is empty', () => {
    const fields = fieldsOf(
      'MSH|^~\\&|S|DEMO|PX|PX|20240310090000+0300||SIU^S15|C2|P|2.3\rSCH||F-1|||||||||^^^202403171030+0300\rPID|1||1^^^DEMO^MR',
    );
    expect(fields).toMatchObject({ visitNumber: 'F-1', eventTime: '2024-03-17T07:30:00.000Z' });
  });

  it('uses MSH-7 when EVN-2 is missing or unreadable', () => {
    expect(fieldsOf(`${MSH}\rPID|1||1^^^DEMO^MR`).eventTime).toBe('2024-03-12T07:15:30.000Z');
    expect(fieldsOf(`${MSH}\rEVN|A04|not-a-date\rPID|1`).eventTime).toBe('2024-03-12T07:15:30.000Z');
  });

  it('refuses a message whose MSH-7 is missing or invalid', () => {
    const missing = () => fieldsOf('MSH|^~\\&|HIS|DEMO|PX|PX|||ADT^A04|C1|P|2.5\rPID|1');
    expect(missing).toThrow(Hl7FormatError);
    expect(missing).toThrow('MSH-7 date/time of message is required');
    expect(() => fieldsOf('MSH|^~\\&|HIS|DEMO|PX|PX|2024-03-12||ADT^A04|C1|P|2.5')).toThrow('not a valid HL7 date/time');
  });

  it('omits what the message does not carry', () => {
    expect(fieldsOf(`${MSH}\rPID|1`)).toEqual({
      messageType: 'ADT',
      triggerEvent: 'A04',
      controlId: 'C1',
      facility: 'DEMO',
      eventTime: '2024-03-12T07:15:30.000Z',
    });
  });

  it('treats the HL7 null "" as absent', () => {
    expect(fieldsOf(`${MSH}\rPID|1||1^^^DEMO^MR\rPV1|1|""|||||||||||||||||""`)).not.toHaveProperty('patientClass');
  });

  describe('identifiers', () => {
    const ids = (pid3: string) => {
      const { mrn, nationalId } = fieldsOf(`${MSH}\rPID|1||${pid3}`);
      return { mrn, nationalId };
    };

    it('takes the MR-typed identifier as MRN and the NI/NNSAU one as national id', () => {
      expect(ids('1098765432^^^MOI^NNSAU~1234567^^^DEMO^MR')).toEqual({ mrn: '1234567', nationalId: '1098765432' });
      expect(ids('1098765432^^^MOI^NI~1234567^^^DEMO^mr')).toEqual({ mrn: '1234567', nationalId: '1098765432' });
    });

    it('falls back to the first identifier that is not a national id', () => {
      expect(ids('55^^^DEMO^PI~66^^^DEMO^AN')).toEqual({ mrn: '55', nationalId: undefined });
      expect(ids('1098765432^^^MOI^NNSAU~55^^^DEMO^PI')).toEqual({ mrn: '55', nationalId: '1098765432' });
      expect(ids('1234567')).toEqual({ mrn: '1234567', nationalId: undefined });
    });

    it('never turns a national id into an MRN, and ignores SS numbers as national ids', () => {
      expect(ids('1098765432^^^MOI^NNSAU')).toEqual({ mrn: undefined, nationalId: '1098765432' });
      expect(ids('123-45-6789^^^SSA^SS')).toEqual({ mrn: '123-45-6789', nationalId: undefined });
    });

    it('skips identifiers without a value', () => {
      expect(ids('^^^DEMO^MR~777^^^DEMO^MR')).toEqual({ mrn: '777', nationalId: undefined });
    });
  });

  describe('phone', () => {
    const phone = (pid13: string) => fieldsOf(`${MSH}\rPID|1||1^^^DEMO^MR||||||||||${pid13}`).phone;

    it.each([
      ['^PRN^CP^^966^55^1234567', '+966551234567'],
      ['^PRN^CP^^966^055^1234567', '+966551234567'],
      ['^PRN^CP^^^^0551234567', '0551234567'],
      ['^PRN^PH^^^406^5557896', '4065557896'],
      ['+966 55 123 4567^PRN^CP', '+966551234567'],
      ['(055) 123-4567^PRN^PH', '0551234567'],
      ['055-123-4567 x12^WPN^PH', '0551234567'],
      ['0551234567^PRN^CP^^^^^^^^^+966551234567', '+966551234567'],
      ['^NET^Internet^a@example.sa~0551234567^PRN^CP', '0551234567'],
      ['0114567890^PRN^FX~0551234567^PRN^CP', '0551234567'],
      ['^NET^Internet^a@example.sa', undefined],
      ['12', undefined],
    ])('%s -> %s', (pid13, expected) => {
      expect(phone(pid13)).toBe(expected);
    });

    it('normalises free text numbers', () => {
      expect(normalisePhone(' +966-55-123-4567 ')).toBe('+966551234567');
      expect(normalisePhone('055 123 4567 ext. 9')).toBe('0551234567');
      expect(normalisePhone('unknown')).toBeUndefined();
      expect(normalisePhone(undefined)).toBeUndefined();
    });
  });

  describe('language, sex and names', () => {
    it.each([
      ['ara', 'ar'],
      ['ARA', 'ar'],
      ['ar', 'ar'],
      ['AR', 'ar'],
      ['ar-SA', 'ar'],
      ['eng', 'en'],
      ['en', 'en'],
      ['EN-gb', 'en'],
      ['fre', undefined],
      ['urd', undefined],
      ['', undefined],
    ])('language %j -> %s', (code, expected) => {
      expect(preferredLanguageOf(code)).toBe(expected);
    });

    it('reads PID-15 CE.1 from the message', () => {
      expect(fieldsOf(`${MSH}\rPID|1||1^^^DEMO^MR||||||||||||ARA^Arabic^ISO639`).preferredLanguage).toBe('ar');
    });

    it.each([
      ['M', 'male'],
      ['F', 'female'],
      ['O', 'other'],
      ['U', 'unknown'],
      ['f', 'female'],
      ['X', undefined],
      ['', undefined],
    ])('sex %j -> %s', (code, expected) => {
      expect(fieldsOf(`${MSH}\rPID|1||1^^^DEMO^MR|||||${code}`).sex).toBe(expected);
    });

    it('formats the attending as Given Family and keeps the licence number', () => {
      const fields = fieldsOf(`${MSH}\rPV1|1|O|||||L-778^Smith&van^John^Q^^Dr`);
      expect(fields).toMatchObject({ attendingLicenseNo: 'L-778', attendingName: 'John Smith' });
      expect(fieldsOf(`${MSH}\rPV1|1|O|||||L-779`)).not.toHaveProperty('attendingName');
    });
  });

  it('reads the facility code from a non-standard component separator', () => {
    expect(fieldsOf(fixture('custom-delimiters.hl7'))).toMatchObject({
      facility: 'DEMO',
      mrn: '1234567',
      nationalId: '1098765432',
      familyName: 'الحربي',
      givenName: 'خالد',
      location: 'OPD^101^1',
      preferredLanguage: 'ar',
    });
  });
});
