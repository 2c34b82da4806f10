/**
 * HL7 v2 acknowledgements. We acknowledge once a message is committed to our inbox, so in enhanced mode our ACK
 * is the accept acknowledgement (CA/CE/CR); in original mode it is AA/AE/AR.
 */
import type { Hl7Header } from '../hl7/types';

export type AckCode = 'AA' | 'AE' | 'AR' | 'CA' | 'CE' | 'CR';
export type AckOutcome = 'accepted' | 'error' | 'rejected';
type AckModeFields = Pick<Hl7Header, 'acceptAckType' | 'applicationAckType'>;

const DEFAULT_FIELD_SEPARATOR = '|';
const DEFAULT_ENCODING_CHARACTERS = '^~\\&';
const DEFAULT_VERSION = '2.5.1';

/** Enhanced mode is signalled by either MSH-15 or MSH-16 being valued. */
function isEnhanced(header: AckModeFields | undefined): boolean {
  return !!header && (header.acceptAckType.trim() !== '' || header.applicationAckType.trim() !== '');
}

export function ackCodeFor(header: AckModeFields | undefined, outcome: AckOutcome): AckCode {
  const enhanced = isEnhanced(header);
  switch (outcome) {
    case 'accepted':
      return enhanced ? 'CA' : 'AA';
    case 'error':
      return enhanced ? 'CE' : 'AE';
    case 'rejected':
      return enhanced ? 'CR' : 'AR';
  }
}

/** Whether the sender asked for this accept acknowledgement (MSH-15); original mode always gets one. */
export function shouldSendAck(header: AckModeFields | undefined, outcome: AckOutcome): boolean {
  if (!isEnhanced(header)) return true;
  switch (header!.acceptAckType.trim().toUpperCase()) {
    case 'NE':
      return false;
    case 'ER':
      return outcome !== 'accepted';
    case 'SU':
      return outcome === 'accepted';
    default:
      // AL, empty, or a value we do not know: answering is safer than leaving the sender waiting.
      return true;
  }
}

/**
 * Escapes text for a field using the message's own delimiters (`\F\ \S\ \R\ \E\ \T\`, and `\P\` for a v2.7
 * truncation character). Control characters (CR and LF would end the segment, VT and FS would break MLLP
 * framing, NUL cannot be stored) become hex escapes such as `\X0D\`.
 */
export function escapeHl7(text: string, encodingChars: string, fieldSep: string): string {
  const [component = '^', repetition = '~', escape = '\\', subcomponent = '&', truncation] = [...encodingChars];
  const seq = (code: string) => `${escape}${code}${escape}`;
  const replacements = new Map<string, string>([
    ['\r', seq('X0D')],
    ['\n', seq('X0A')],
  ]);
  if (truncation) replacements.set(truncation, seq('P'));
  replacements.set(subcomponent, seq('T'));
  replacements.set(repetition, seq('R'));
  replacements.set(component, seq('S'));
  replacements.set(fieldSep, seq('F'));
  replacements.set(escape, seq('E'));

  let out = '';
  for (const ch of text) {
    const replaced = replacements.get(ch);
    if (replaced !== undefined) out += replaced;
    else if (/[\u0000-\u001f\u007f]/.test(ch)) out += seq(`X${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
    else out += ch;
  }
  return out;
}

/**
 * HL7 TS in UTC: `YYYYMMDDHHMMSS+0000`; without the offset when `+` is one of the message's
 * delimiters (a DTM cannot be escaped, and a literal `+` would split MSH-7 and shift every later field).
 */
export function hl7Timestamp(date: Date, delimiters = ''): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    String(date.getUTCFullYear()).padStart(4, '0') +
    pad(date.getUTCMonth() + 1) +
    pad(date.getUTCDate()) +
    pad(date.getUTCHours()) +
    pad(date.getUTCMinutes()) +
    pad(date.getUTCSeconds()) +
    (delimiters.includes('+') ? '' : '+0000')
  );
}

/** Joins fields into a segment, dropping trailing empty fields. */
function segment(fields: string[], fieldSep: string): string {
  let last = fields.length;
  while (last > 1 && fields[last - 1] === '') last -= 1;
  return fields.slice(0, last).join(fieldSep);
}

export interface AckError {
  text: string;
  /** HL7 table 0357 code; 207 (application internal error) when not given. */
  conditionCode?: string;
  /** `SEG^seq^field` with `^` between components (as in Hl7FormatError); sent with the inbound's component separator. */
  location?: string;
  severity?: 'E' | 'W';
}

export interface BuildAckOptions {
  /** The message being acknowledged; undefined when it could not be read at all. */
  inbound?: Hl7Header;
  code: AckCode;
  /** Our own MSH-10 for the ACK, unique per ACK. */
  controlId: string;
  now: Date;
  error?: AckError;
  ourApplication?: string;
  ourFacility?: string;
}

const SUCCESS_CODES: ReadonlySet<AckCode> = new Set(['AA', 'CA']);

/** Builds an ACK (segments separated by CR, no MLLP framing) in the inbound message's delimiters. */
/** A header field echoed as it came (already in the sender's encoding); a NUL, which no inbox column can hold, becomes U+FFFD. */
const echo = (value: string | undefined): string => (value ?? '').replace(/\u0000/g, '\uFFFD');

export function buildAck(options: BuildAckOptions): string {
  const { inbound, code, controlId, now, error } = options;
  const fs = inbound?.fieldSeparator || DEFAULT_FIELD_SEPARATOR;
  const enc = inbound?.encodingCharacters || DEFAULT_ENCODING_CHARACTERS;
  const component = enc.charAt(0) || '^';
  const escape = (text: string) => escapeHl7(text, enc, fs);

  const trigger = inbound?.triggerEvent ?? '';
  const messageType = trigger ? ['ACK', trigger, 'ACK'].join(component) : 'ACK';

  // fields[0] is 'MSH' and fields[1] is MSH-2, so MSH-N is fields[N - 1]; sender and receiver are swapped.
  const msh = new Array<string>(18).fill('');
  msh[0] = 'MSH';
  msh[1] = enc;
  msh[2] = echo(inbound?.receivingApplication) || options.ourApplication || 'PX360';
  msh[3] = echo(inbound?.receivingFacility) || options.ourFacility || 'PX360';
  msh[4] = echo(inbound?.sendingApplication);
  msh[5] = echo(inbound?.sendingFacility);
  msh[6] = hl7Timestamp(now, fs + enc);
  msh[8] = messageType;
  msh[9] = controlId;
  msh[10] = echo(inbound?.processingId) || 'P';
  msh[11] = echo(inbound?.versionId) || DEFAULT_VERSION;
  msh[17] = echo(inbound?.charset);

  const success = SUCCESS_CODES.has(code);
  const errorText = success ? '' : escape(error?.text ?? '');
  const segments = [segment(msh, fs), segment(['MSA', code, echo(inbound?.controlId), errorText], fs)];

  if (!success) {
    const location = (error?.location ?? '').split('^').map(escape).join(component);
    const condition = [escape(error?.conditionCode ?? '207'), errorText, 'HL70357'].join(component);
    segments.push(segment(['ERR', '', location, condition, error?.severity ?? 'E'], fs));
  }
  return segments.join('\r');
}
