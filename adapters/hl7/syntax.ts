/**
 * The HL7 v2 encoding rules this layer shares: segment splitting, delimiters and escape decoding.
 * Kept free of node-hl7-client so header parsing and batch splitting work on any text.
 */

/** The five delimiters of one message (MSH-1 and MSH-2). */
export interface Delimiters {
  field: string;
  component: string;
  repetition: string;
  escape: string;
  subcomponent: string;
  /** The v2.7 truncation character (MSH-2's fifth), when the message declares one. */
  truncation?: string;
}

export const STANDARD_DELIMITERS: Delimiters = { field: '|', component: '^', repetition: '~', escape: '\\', subcomponent: '&' };

/**
 * Segments of a text, in order. Input is meant to be CR-separated already; LF and CRLF are
 * accepted too, blank lines are dropped (senders pad messages with them), and a leading byte-order
 * mark is removed because a decoded UTF-8 BOM would otherwise hide the first segment's name.
 */
export function splitSegments(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).filter((segment) => segment.trim() !== '');
}

/** The three-letter segment id a segment starts with ('' when it starts with something else). */
export function segmentId(segment: string): string {
  const id = segment.slice(0, 3);
  return /^[A-Z][A-Z0-9]{2}$/.test(id) && (segment.length === 3 || !/[A-Za-z0-9]/.test(segment[3])) ? id : '';
}

/** The delimiters an MSH segment declares, without validating them (see header.ts for that). */
export function delimitersOf(msh: string): Delimiters {
  const field = msh[3] ?? '|';
  const end = msh.indexOf(field, 4);
  const chars = msh.slice(4, end < 0 ? undefined : end);
  return {
    field,
    component: chars[0] ?? '^',
    repetition: chars[1] ?? '~',
    escape: chars[2] ?? '\\',
    subcomponent: chars[3] ?? '&',
  };
}

/**
 * Decodes HL7 escape sequences in one already-split value: \F\ \S\ \T\ \R\ \E\ (and \P\ when
 * MSH-2 declares a truncation character) become the delimiters, \Xhh..\ becomes the bytes it names (read as UTF-8 when they are valid UTF-8, else one
 * character per byte, so Arabic sent as hex survives), \.br\ becomes a line break, and formatting
 * sequences (\H\ \N\ \.sp\ …) and character-set switches are dropped. Unknown or unterminated
 * sequences are kept as sent rather than guessed at.
 */
export function decodeEscapes(value: string, delimiters: Delimiters): string {
  const esc = delimiters.escape;
  if (!esc || !value.includes(esc)) return value;
  let out = '';
  let i = 0;
  while (i < value.length) {
    const start = value.indexOf(esc, i);
    if (start < 0) break;
    const end = value.indexOf(esc, start + 1);
    if (end < 0) break;
    out += value.slice(i, start);
    const body = value.slice(start + 1, end);
    const decoded = decodeSequence(body, delimiters);
    out += decoded ?? esc + body + esc;
    i = end + 1;
  }
  return out + value.slice(i);
}

function decodeSequence(body: string, d: Delimiters): string | undefined {
  switch (body) {
    case 'F': return d.field;
    case 'S': return d.component;
    case 'T': return d.subcomponent;
    case 'R': return d.repetition;
    case 'E': return d.escape;
    case 'P': return d.truncation;
    case 'H': case 'N': return '';
    case '.br': return '\n';
  }
  if (/^X([0-9A-Fa-f]{2})+$/.test(body)) return decodeHex(body.slice(1));
  // Formatting commands (.sp, .in, .ti, .sk, .ce, .fi, .nf) and character-set switches (C, M, Z).
  if (/^\.(sp|in|ti|sk|ce|fi|nf)/.test(body) || /^[CMZ]/.test(body)) return '';
  return undefined;
}

function decodeHex(hex: string): string {
  const bytes = Buffer.from(hex, 'hex');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}
