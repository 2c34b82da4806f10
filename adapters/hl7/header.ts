/**
 * MSH parsing with our own splitting, independent of node-hl7-client, so that a message the full
 * parser rejects still yields the header its ACK has to echo (MSH-10, sender, receiver, ack modes).
 */
import { Hl7FormatError, type Hl7Header } from './types';

/** Reads the MSH segment at the start of `text`; throws Hl7FormatError naming the faulty field. */
export function parseHeader(text: string): Hl7Header {
  const start = text.replace(/^\uFEFF/, '');
  if (!start.startsWith('MSH')) {
    throw new Hl7FormatError('message does not start with an MSH segment', '100', 'MSH');
  }
  const msh = start.split(/\r|\n/, 1)[0];
  const fieldSeparator = msh[3];
  if (fieldSeparator === undefined || !isDelimiterChar(fieldSeparator)) {
    throw new Hl7FormatError('MSH-1 field separator is missing or not a delimiter character', '102', 'MSH^1^1');
  }
  const fields = msh.split(fieldSeparator);
  const encodingCharacters = fields[1];
  checkEncodingCharacters(encodingCharacters);
  const [component, repetition] = encodingCharacters;

  // fields[0] is 'MSH' and MSH-1 is the separator itself, so MSH-N sits at fields[N-1].
  const field = (n: number): string => fields[n - 1] ?? '';
  const firstRepetition = (n: number): string => field(n).split(repetition)[0];
  const componentsOf = (n: number): string[] => firstRepetition(n).split(component).map((c) => c.trim());

  const [messageType = '', triggerEvent = '', messageStructure = ''] = componentsOf(9);
  if (messageType === '') throw new Hl7FormatError('MSH-9.1 message type is required', '101', 'MSH^1^9^1^1');
  // An ACK's own trigger is optional (many engines send plain `ACK`); every other message needs one.
  if (triggerEvent === '' && messageType.toUpperCase() !== 'ACK') {
    throw new Hl7FormatError('MSH-9.2 trigger event is required', '101', 'MSH^1^9^1^2');
  }
  const controlId = field(10);
  if (controlId.trim() === '') throw new Hl7FormatError('MSH-10 message control id is required', '101', 'MSH^1^10');
  const versionId = componentsOf(12)[0];
  if (versionId === '') throw new Hl7FormatError('MSH-12 version id is required', '101', 'MSH^1^12');

  return {
    fieldSeparator,
    encodingCharacters,
    sendingApplication: field(3),
    sendingFacility: field(4),
    receivingApplication: field(5),
    receivingFacility: field(6),
    dateTime: field(7),
    messageType,
    triggerEvent,
    messageStructure,
    controlId,
    processingId: componentsOf(11)[0],
    versionId,
    acceptAckType: field(15).trim(),
    applicationAckType: field(16).trim(),
    charset: firstRepetition(18).trim(),
  };
}

/**
 * MSH-2 must be the four delimiters (component, repetition, escape, subcomponent), optionally
 * followed by the v2.7 truncation character, all distinct: anything else means every later field
 * would be split wrongly, so the message is refused rather than misread.
 */
function checkEncodingCharacters(chars: string | undefined): asserts chars is string {
  const valid =
    chars !== undefined &&
    (chars.length === 4 || chars.length === 5) &&
    new Set(chars).size === chars.length &&
    [...chars].every(isDelimiterChar);
  if (!valid) {
    throw new Hl7FormatError(
      `MSH-2 encoding characters must be 4 or 5 distinct delimiter characters (got ${JSON.stringify(chars ?? '')})`,
      '102',
      'MSH^1^2',
    );
  }
}

/** Delimiters are printable non-alphanumeric characters; letters, digits and whitespace would collide with data. */
function isDelimiterChar(c: string): boolean {
  return !/[A-Za-z0-9\s]/.test(c);
}

/** The facility code inside an HD value (`DEMO^2.16.840^ISO` -> `DEMO`), trimmed and upper-cased. */
export function facilityCode(hd: string, componentSeparator = '^'): string {
  return hd.split(componentSeparator)[0].trim().toUpperCase();
}
