import { fixture } from './fixtures/load';
import { facilityCode, parseHeader } from './header';
import { Hl7FormatError } from './types';

/** The Hl7FormatError parseHeader throws for `text` (fails the test when it throws nothing or something else). */
function headerError(text: string): Hl7FormatError {
  try {
    parseHeader(text);
  } catch (error) {
    expect(error).toBeInstanceOf(Hl7FormatError);
    return error as Hl7FormatError;
  }
  throw new Error('parseHeader accepted the message');
}

const MINIMAL = 'MSH|^~\\&|HIS|DEMO|PX360|PX360|20240312101530||ADT^A04|C1|P|2.5.1';

describe('parseHeader', () => {
  it('reads every header field of a message, keeping HD fields whole', () => {
    expect(parseHeader(fixture('adt-a04-ed-arrival.hl7'))).toEqual({
      fieldSeparator: '|',
      encodingCharacters: '^~\\&',
      sendingApplication: 'HIS',
      sendingFacility: 'DEMO^2.16.840.1.113883.3.3731^ISO',
      receivingApplication: 'PX360',
      receivingFacility: 'PX360',
      dateTime: '20240312101530+0300',
      messageType: 'ADT',
      triggerEvent: 'A04',
      messageStructure: 'ADT_A01',
      controlId: 'DEMO-ADT-000101',
      processingId: 'P',
      versionId: '2.5.1',
      acceptAckType: 'AL',
      applicationAckType: 'NE',
      charset: 'UNICODE UTF-8',
    });
  });

  it('leaves optional fields empty when the MSH segment ends early', () => {
    const header = parseHeader(`${MINIMAL}\rPID|1`);
    expect(header).toMatchObject({ messageStructure: '', acceptAckType: '', applicationAckType: '', charset: '' });
  });

  it('splits with the delimiters the message declares', () => {
    const header = parseHeader(fixture('custom-delimiters.hl7'));
    expect(header).toMatchObject({
      fieldSeparator: '#',
      encodingCharacters: '$~\\&',
      sendingFacility: 'DEMO$2.16.840.1.113883.3.3731$ISO',
      messageType: 'ADT',
      triggerEvent: 'A08',
      messageStructure: 'ADT_A01',
      controlId: 'DEMO-ADT-000909',
    });
  });

  it('takes the first repetition of MSH-18 and the first component of MSH-11 and MSH-12', () => {
    const header = parseHeader('MSH|^~\\&|A|B|C|D|20240101||ADT^A01|C1|P^T|2.5^SAU|||AL|AL||8859/6~UNICODE UTF-8');
    expect(header).toMatchObject({ processingId: 'P', versionId: '2.5', charset: '8859/6' });
  });

  it('accepts a 5-character MSH-2 with the truncation character', () => {
    expect(parseHeader('MSH|^~\\&#|A|B|C|D|20240101||ADT^A01|C1|P|2.7').encodingCharacters).toBe('^~\\&#');
  });

  it('tolerates a leading byte-order mark', () => {
    expect(parseHeader(`\uFEFF${MINIMAL}`).controlId).toBe('C1');
  });

  it('allows an ACK without a trigger event', () => {
    const header = parseHeader('MSH|^~\\&|PX360|PX360|HIS|DEMO|20240101||ACK|A1|P|2.5.1\rMSA|AA|C1');
    expect(header).toMatchObject({ messageType: 'ACK', triggerEvent: '' });
  });

  it('refuses text that does not start with MSH', () => {
    const error = headerError('PID|1||123');
    expect(error).toMatchObject({ reason: 'message does not start with an MSH segment', conditionCode: '100', location: 'MSH' });
    expect(headerError('BHS|^~\\&|HIS').conditionCode).toBe('100');
  });

  it('refuses a missing or alphanumeric field separator', () => {
    expect(headerError('MSH')).toMatchObject({ conditionCode: '102', location: 'MSH^1^1' });
    expect(headerError('MSHA^~\\&A')).toMatchObject({ conditionCode: '102', location: 'MSH^1^1' });
  });

  it.each([
    ['too few characters', 'MSH|^~\\|A|B|C|D|20240101||ADT^A01|C1|P|2.5'],
    ['too many characters', 'MSH|^~\\&#!|A|B|C|D|20240101||ADT^A01|C1|P|2.5'],
    ['a repeated character', 'MSH|^~^&|A|B|C|D|20240101||ADT^A01|C1|P|2.5'],
    ['a letter', 'MSH|^~\\A|A|B|C|D|20240101||ADT^A01|C1|P|2.5'],
    ['nothing after MSH-1', 'MSH|'],
  ])('refuses encoding characters with %s (102 at MSH^1^2)', (_case, text) => {
    expect(headerError(text)).toMatchObject({ conditionCode: '102', location: 'MSH^1^2' });
  });

  it.each([
    ['MSH-9.1', 'MSH|^~\\&|A|B|C|D|20240101||^A01|C1|P|2.5', 'MSH^1^9^1^1'],
    ['MSH-9.2', 'MSH|^~\\&|A|B|C|D|20240101||ADT|C1|P|2.5', 'MSH^1^9^1^2'],
    ['MSH-10', 'MSH|^~\\&|A|B|C|D|20240101||ADT^A01||P|2.5', 'MSH^1^10'],
    ['MSH-10 (blank)', 'MSH|^~\\&|A|B|C|D|20240101||ADT^A01|  |P|2.5', 'MSH^1^10'],
    ['MSH-12', 'MSH|^~\\&|A|B|C|D|20240101||ADT^A01|C1|P', 'MSH^1^12'],
  ])('reports a missing %s as 101 with its location', (field, text, location) => {
    const error = headerError(text);
    expect(error.conditionCode).toBe('101');
    expect(error.location).toBe(location);
    expect(error.reason).toContain(field.replace(' (blank)', ''));
  });
});

describe('facilityCode', () => {
  it('is HD.1, trimmed and upper-cased', () => {
    expect(facilityCode('DEMO^2.16.840^ISO')).toBe('DEMO');
    expect(facilityCode(' demo ')).toBe('DEMO');
    expect(facilityCode('')).toBe('');
  });

  it('uses the message component separator when given', () => {
    expect(facilityCode('riyadh1$2.16.840$ISO', '$')).toBe('RIYADH1');
  });
});
