/**
 * Character sets for HL7 v2 over MLLP. Frames arrive as bytes; MSH-18 (HL7 table 0211) says how to read them, and
 * ACKs go back in the same charset so the sender can read our error text.
 */
import { Hl7FormatError } from '../hl7/types';

export type Hl7Charset = 'UTF-8' | 'ISO-8859-6' | 'ISO-8859-1' | 'ASCII';

/** HL7 table 0211 names we accept, keyed in upper case with single spaces. */
const TABLE_0211: Readonly<Record<string, Hl7Charset>> = {
  'UNICODE UTF-8': 'UTF-8',
  '8859/6': 'ISO-8859-6',
  '8859/1': 'ISO-8859-1',
  ASCII: 'ASCII',
};

const CR = 0x0d;
const LF = 0x0a;
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Maps an MSH-18 value to a charset; empty means the source's configured default. */
export function charsetFromMsh18(value: string | undefined, fallback: Hl7Charset): Hl7Charset {
  const key = (value ?? '').trim().replace(/\s+/g, ' ').toUpperCase();
  if (key === '') return fallback;
  const charset = TABLE_0211[key];
  if (!charset) throw new Hl7FormatError(`unsupported character set "${value}" in MSH-18`, '103', 'MSH^1^18');
  return charset;
}

function stripBom(payload: Buffer): Buffer {
  return payload.subarray(0, 3).equals(UTF8_BOM) ? payload.subarray(3) : payload;
}

function startsWithAscii(bytes: Buffer, at: number, text: string): boolean {
  return bytes.toString('latin1', at, at + text.length) === text;
}

/** Where the MSH segment starts: at the top, or for a batch (FHS/BHS first) after the first CR or LF before `MSH`. */
function findMsh(payload: Buffer): number {
  let at = 0;
  while (at < payload.length && (payload[at] === CR || payload[at] === LF)) at += 1;
  if (startsWithAscii(payload, at, 'MSH')) return at;
  if (!startsWithAscii(payload, at, 'FHS') && !startsWithAscii(payload, at, 'BHS')) return -1;

  for (let from = at; ; ) {
    const hit = payload.indexOf('MSH', from, 'latin1');
    if (hit === -1) return -1;
    if (payload[hit - 1] === CR || payload[hit - 1] === LF) return hit;
    from = hit + 1;
  }
}

/**
 * Reads MSH-18 (first repetition) straight from the bytes, before the charset is known. The header is read as
 * latin1, one character per byte: delimiters are ASCII and no byte of a multi-byte UTF-8 character is ASCII, so
 * splitting is safe whatever the real charset is.
 */
export function readMsh18(payload: Buffer): string {
  const bytes = stripBom(payload);
  const start = findMsh(bytes);
  if (start === -1) return '';

  let end = bytes.length;
  const cr = bytes.indexOf(CR, start);
  const lf = bytes.indexOf(LF, start);
  if (cr !== -1) end = cr;
  if (lf !== -1 && lf < end) end = lf;

  const segment = bytes.toString('latin1', start, end);
  const fieldSeparator = segment.charAt(3);
  if (fieldSeparator === '') return '';

  // fields[0] is 'MSH' and fields[1] is MSH-2, so MSH-N is fields[N - 1].
  const fields = segment.split(fieldSeparator);
  const msh18 = fields[17] ?? '';
  const repetition = (fields[1] ?? '').charAt(1);
  return repetition ? msh18.split(repetition)[0] : msh18;
}

/** Decodes a frame in the charset MSH-18 names (or `fallback`); fails on bytes that charset cannot hold. */
export function decodePayload(payload: Buffer, fallback: Hl7Charset): { text: string; charset: Hl7Charset } {
  const charset = charsetFromMsh18(readMsh18(payload), fallback);
  const bytes = stripBom(payload);
  return { text: decodeAs(bytes, charset), charset };
}

function decodeAs(bytes: Buffer, charset: Hl7Charset): string {
  switch (charset) {
    case 'UTF-8':
      return decodeStrict(bytes, 'utf-8', 'message is not valid UTF-8 (MSH-18 or the source default says UTF-8)');
    case 'ISO-8859-6':
      // Fatal too: bytes ISO-8859-6 leaves undefined mean the label is wrong, and guessing would corrupt names.
      return decodeStrict(bytes, 'iso-8859-6', 'message has bytes that are not defined in ISO-8859-6');
    case 'ISO-8859-1':
      // Buffer's latin1 is true ISO-8859-1; TextDecoder('latin1') is windows-1252 and would remap 0x80-0x9F.
      return bytes.toString('latin1');
    case 'ASCII': {
      const text = bytes.toString('latin1');
      const bad = text.search(/[^\x00-\x7f]/);
      if (bad !== -1) {
        const hex = bytes[bad].toString(16).toUpperCase();
        throw new Hl7FormatError(`message declares ASCII but has byte 0x${hex} at offset ${bad}`, '102');
      }
      return text;
    }
  }
}

function decodeStrict(bytes: Buffer, label: string, reason: string): string {
  try {
    // ignoreBOM: true keeps TextDecoder from touching the BOM; stripBom already removed it.
    return new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (error) {
    // Matched by Node's error code, not `instanceof TypeError`, which fails across realms (e.g. Jest's sandbox).
    if ((error as { code?: unknown }).code === 'ERR_ENCODING_INVALID_ENCODED_DATA') throw new Hl7FormatError(reason, '102');
    throw error;
  }
}

let iso88596Bytes: Map<number, number> | undefined;

/** Code point to byte for ISO-8859-6, built once from the decoder itself so both directions agree. */
function iso88596Map(): Map<number, number> {
  if (iso88596Bytes) return iso88596Bytes;
  const map = new Map<number, number>();
  for (let b = 0; b < 0x80; b += 1) map.set(b, b);
  const decoder = new TextDecoder('iso-8859-6');
  for (let b = 0xa0; b <= 0xff; b += 1) {
    const ch = decoder.decode(Uint8Array.of(b));
    if (ch !== '\ufffd') map.set(ch.codePointAt(0)!, b);
  }
  iso88596Bytes = map;
  return map;
}

/** Encodes text (an ACK) in the sender's charset; characters it cannot hold become '?'. */
export function encodeText(text: string, charset: Hl7Charset): Buffer {
  switch (charset) {
    case 'UTF-8':
      return Buffer.from(text, 'utf8');
    case 'ISO-8859-1':
      // Buffer's latin1 keeps only the low byte of wider characters, so replace those first.
      return Buffer.from(text.replace(/[^\x00-\xff]/gu, '?'), 'latin1');
    case 'ASCII':
      return Buffer.from(text.replace(/[^\x00-\x7f]/gu, '?'), 'latin1');
    case 'ISO-8859-6': {
      const map = iso88596Map();
      const bytes: number[] = [];
      for (const ch of text) bytes.push(map.get(ch.codePointAt(0)!) ?? 0x3f);
      return Buffer.from(bytes);
    }
  }
}

/** One segment per CR: CRLF and LF become CR, and empty or whitespace-only segments are dropped. */
export function normaliseSegments(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .filter((segment) => segment.trim() !== '')
    .join('\r');
}
