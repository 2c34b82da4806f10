import type { Hl7Header } from '../hl7/types';
import { Hl7FormatError } from '../hl7/types';
import { parseHeader } from '../hl7/header';
import { AckCode, ackCodeFor, buildAck, escapeHl7, shouldSendAck } from './ack';

const NOW = new Date(Date.UTC(2024, 2, 5, 7, 8, 9));

function header(overrides: Partial<Hl7Header> = {}): Hl7Header {
  return {
    fieldSeparator: '|',
    encodingCharacters: '^~\\&',
    sendingApplication: 'LAB^1.2.3^ISO',
    sendingFacility: 'KFSH',
    receivingApplication: 'PX360',
    receivingFacility: 'PXHUB',
    dateTime: '20240305100000',
    messageType: 'ADT',
    triggerEvent: 'A04',
    messageStructure: 'ADT_A01',
    controlId: 'MSG-0001',
    processingId: 'P',
    versionId: '2.5.1',
    acceptAckType: '',
    applicationAckType: '',
    charset: '',
    ...overrides,
  };
}

const segmentsOf = (ack: string) => ack.split('\r');
const fieldsOf = (ack: string, id: string, sep = '|') => segmentsOf(ack).find((s) => s.startsWith(id))?.split(sep);

describe('ackCodeFor', () => {
  it('answers AA/AE/AR in original mode', () => {
    expect(ackCodeFor(header(), 'accepted')).toBe('AA');
    expect(ackCodeFor(header(), 'error')).toBe('AE');
    expect(ackCodeFor(header(), 'rejected')).toBe('AR');
    expect(ackCodeFor(undefined, 'rejected')).toBe('AR');
  });

  it('answers CA/CE/CR in enhanced mode, signalled by MSH-15 or MSH-16', () => {
    expect(ackCodeFor(header({ acceptAckType: 'AL' }), 'accepted')).toBe('CA');
    expect(ackCodeFor(header({ acceptAckType: 'AL' }), 'error')).toBe('CE');
    expect(ackCodeFor(header({ applicationAckType: 'NE' }), 'rejected')).toBe('CR');
  });
});

describe('shouldSendAck', () => {
  const outcomes = ['accepted', 'error', 'rejected'] as const;
  const sends = (acceptAckType: string, applicationAckType = 'AL') =>
    outcomes.map((o) => shouldSendAck(header({ acceptAckType, applicationAckType }), o));

  it('always answers in original mode', () => {
    expect(outcomes.map((o) => shouldSendAck(header(), o))).toEqual([true, true, true]);
    expect(shouldSendAck(undefined, 'rejected')).toBe(true);
  });

  it('honours MSH-15 in enhanced mode', () => {
    expect(sends('AL')).toEqual([true, true, true]);
    expect(sends('')).toEqual([true, true, true]);
    expect(sends('NE')).toEqual([false, false, false]);
    expect(sends('ER')).toEqual([false, true, true]);
    expect(sends('SU')).toEqual([true, false, false]);
  });
});

describe('buildAck', () => {
  it('acknowledges success with swapped sender and receiver, its own control id and no ERR', () => {
    const ack = buildAck({ inbound: header(), code: 'AA', controlId: 'PX-ACK-1', now: NOW });
    expect(segmentsOf(ack)).toEqual([
      'MSH|^~\\&|PX360|PXHUB|LAB^1.2.3^ISO|KFSH|20240305070809+0000||ACK^A04^ACK|PX-ACK-1|P|2.5.1',
      'MSA|AA|MSG-0001',
    ]);
  });

  it("writes MSH-7 without its offset when '+' is a delimiter, so the ACK's fields stay in place", () => {
    // Found by fuzzing: with '+' as MSH-1 the offset split MSH-7 and the sender read no message type.
    const ack = buildAck({ inbound: header({ fieldSeparator: '+' }), code: 'AA', controlId: 'PX-ACK-9', now: NOW });
    expect(segmentsOf(ack)[0]).toBe('MSH+^~\\&+PX360+PXHUB+LAB^1.2.3^ISO+KFSH+20240305070809++ACK^A04^ACK+PX-ACK-9+P+2.5.1');
    expect(parseHeader(ack)).toMatchObject({ messageType: 'ACK', controlId: 'PX-ACK-9', dateTime: '20240305070809' });
    const withPlusComponent = buildAck({ inbound: header({ encodingCharacters: '+~\\&' }), code: 'AA', controlId: 'PX-ACK-10', now: NOW });
    expect(parseHeader(withPlusComponent).dateTime).toBe('20240305070809');
  });

  it('echoes MSH-10 in MSA-2 and reports the error in MSA-3 and ERR', () => {
    const ack = buildAck({
      inbound: header(),
      code: 'AE',
      controlId: 'PX-ACK-2',
      now: NOW,
      error: { text: 'PID-3 has no MR identifier', conditionCode: '101', location: 'PID^1^3' },
    });
    expect(fieldsOf(ack, 'MSH')?.[9]).toBe('PX-ACK-2');
    expect(segmentsOf(ack).slice(1)).toEqual([
      'MSA|AE|MSG-0001|PID-3 has no MR identifier',
      'ERR||PID^1^3|101^PID-3 has no MR identifier^HL70357|E',
    ]);
  });

  it('adds ERR for every non-success code and never for success', () => {
    const codes: AckCode[] = ['AA', 'AE', 'AR', 'CA', 'CE', 'CR'];
    const withErr = codes.filter((code) =>
      segmentsOf(buildAck({ inbound: header(), code, controlId: 'X', now: NOW, error: { text: 'bad' } })).some((s) => s.startsWith('ERR')),
    );
    expect(withErr).toEqual(['AE', 'AR', 'CE', 'CR']);
    // Success never carries error text, even if some was passed.
    expect(buildAck({ inbound: header(), code: 'CA', controlId: 'X', now: NOW, error: { text: 'bad' } })).toMatch(/\rMSA\|CA\|MSG-0001$/);
  });

  it('reuses the inbound message delimiters, MSH-11, MSH-12 and MSH-18', () => {
    const inbound = header({
      fieldSeparator: '#',
      encodingCharacters: '$~\\&',
      sendingApplication: 'LAB$1.2.3$ISO',
      triggerEvent: 'R01',
      processingId: 'T',
      versionId: '2.4',
      charset: '8859/6',
    });
    const ack = buildAck({
      inbound,
      code: 'AR',
      controlId: 'PX-ACK-3',
      now: NOW,
      error: { text: 'a#b$c', conditionCode: '103', location: 'MSH^1^18', severity: 'W' },
    });
    expect(segmentsOf(ack)).toEqual([
      'MSH#$~\\&#PX360#PXHUB#LAB$1.2.3$ISO#KFSH#20240305070809+0000##ACK$R01$ACK#PX-ACK-3#T#2.4######8859/6',
      'MSA#AR#MSG-0001#a\\F\\b\\S\\c',
      'ERR##MSH$1$18#103$a\\F\\b\\S\\c$HL70357#W',
    ]);
  });

  it('escapes delimiters in the error text', () => {
    const ack = buildAck({ inbound: header(), code: 'AE', controlId: 'X', now: NOW, error: { text: 'PID|3^1 bad\\value' } });
    expect(fieldsOf(ack, 'MSA')).toEqual(['MSA', 'AE', 'MSG-0001', 'PID\\F\\3\\S\\1 bad\\E\\value']);
    expect(fieldsOf(ack, 'ERR')?.[3]).toBe('207^PID\\F\\3\\S\\1 bad\\E\\value^HL70357');
  });

  it('carries no NUL when the error text or an echoed header field quotes one (the inbox could not store it)', () => {
    const ack = buildAck({ inbound: header({ charset: '\u0000UNICODE UTF-8' }), code: 'AR', controlId: 'X', now: NOW, error: { text: 'unknown character set "\u0000UNICODE UTF-8" in MSH-18' } });
    expect(ack).not.toContain('\u0000');
    expect(fieldsOf(ack, 'MSA')?.[3]).toBe('unknown character set "\\X00\\UNICODE UTF-8" in MSH-18');
    expect(fieldsOf(ack, 'MSH')?.[17]).toBe('\uFFFDUNICODE UTF-8');
  });

  it('answers unreadable input with defaults and our own names', () => {
    const error = new Hl7FormatError('no MSH segment', '100');
    const ack = buildAck({
      code: 'AR',
      controlId: 'PX-ACK-4',
      now: NOW,
      error: { text: error.reason, conditionCode: error.conditionCode, location: error.location },
      ourApplication: 'PX360-MLLP',
    });
    expect(segmentsOf(ack)).toEqual([
      'MSH|^~\\&|PX360-MLLP|PX360|||20240305070809+0000||ACK|PX-ACK-4|P|2.5.1',
      'MSA|AR||no MSH segment',
      'ERR|||100^no MSH segment^HL70357|E',
    ]);
  });

  it('falls back to our names when the inbound left MSH-5 and MSH-6 empty', () => {
    const ack = buildAck({
      inbound: header({ receivingApplication: '', receivingFacility: '' }),
      code: 'AA',
      controlId: 'X',
      now: NOW,
      ourFacility: 'RIYADH',
    });
    expect(fieldsOf(ack, 'MSH')?.slice(2, 6)).toEqual(['PX360', 'RIYADH', 'LAB^1.2.3^ISO', 'KFSH']);
  });
});

describe('escapeHl7', () => {
  it('escapes each delimiter and the escape character itself', () => {
    expect(escapeHl7('a|b^c~d\\e&f', '^~\\&', '|')).toBe('a\\F\\b\\S\\c\\R\\d\\E\\e\\T\\f');
  });

  it('uses the message own escape character and leaves Arabic text alone', () => {
    expect(escapeHl7('محمد#1$2/3', '$~/&', '#')).toBe('محمد/F/1/S/2/E/3');
  });

  it('keeps CR and LF from ending the segment', () => {
    expect(escapeHl7('line1\r\nline2', '^~\\&', '|')).toBe('line1\\X0D\\\\X0A\\line2');
  });

  it('turns NUL, MLLP framing bytes and other control characters into hex escapes', () => {
    expect(escapeHl7('a\u0000b\u000bc\u001cd\te\u007f', '^~\\&', '|')).toBe('a\\X00\\b\\X0B\\c\\X1C\\d\\X09\\e\\X7F\\');
  });
});
