/**
 * Property-based fuzzing of the HL7 intake path: the MLLP frame decoder, the HL7 parser (header,
 * message, batches, event fields, storable limits), the event mapping and `Hl7Intake.acceptFrame`
 * with an in-memory inbox. Shared by the short Jest run (adapters/fuzz.test.ts) and the long one
 * (`npm run fuzz`, bench/fuzz.ts).
 *
 * Inputs are realistic hostile messages: valid ADT/ORU/SIU messages in UTF-8, ISO-8859-6,
 * ISO-8859-1 or ASCII, with their own delimiters (MSH-1/2), then mutated as text (fields
 * lengthened, huge repetitions, NULs, CR/LF mixes, delimiter swaps, stray `MSH|`, FHS/BHS batches)
 * and as bytes (flips, insertions, deletions, truncation, MLLP block bytes), plus pure random bytes.
 */
import fc from 'fast-check';
import { createLogger } from '../../config/logger';
import { splitBatch } from '../../adapters/hl7/batch';
import { extractEventFields } from '../../adapters/hl7/eventFields';
import { checkStorable } from '../../adapters/hl7/fieldLimits';
import { parseHeader } from '../../adapters/hl7/header';
import { DEFAULT_MAPPING_RULES, matchEvent, type MappingRule } from '../../adapters/hl7/mapping';
import { parseMessage, splitOurselves, splitWithLibrary, type RawSegment } from '../../adapters/hl7/message';
import { delimitersOf, splitSegments } from '../../adapters/hl7/syntax';
import { Hl7FormatError } from '../../adapters/hl7/types';
import type { IntakeDirectory } from '../../adapters/inbox/directory';
import type { InboxEntry, StoredMessage } from '../../adapters/inbox/inbox';
import { buildAck, type AckCode } from '../../adapters/mllp/ack';
import { encodeText, type Hl7Charset } from '../../adapters/mllp/charset';
import { MLLP, MllpFrameDecoder, encodeFrame, OVERSIZE_HEAD_BYTES, type DecodedFrame } from '../../adapters/mllp/frameDecoder';
import { Hl7Intake, type Inbox } from '../../adapters/mllp/intake';

// ---------------------------------------------------------------------------------------------
// Generators

const CHARSETS: { charset: Hl7Charset; msh18: string[] }[] = [
  { charset: 'UTF-8', msh18: ['UNICODE UTF-8', '', 'unicode  utf-8'] },
  { charset: 'ISO-8859-6', msh18: ['8859/6'] },
  { charset: 'ISO-8859-1', msh18: ['8859/1'] },
  { charset: 'ASCII', msh18: ['ASCII'] },
];

/** Printable non-alphanumeric ASCII: what MSH-1/2 may hold (and some they may not, for the mutations). */
const DELIMITER_CHARS = [...'|^~\\&#!$%*,/:;<=>?@[]_`{}\'"'];
/** What mutations may put in MSH-1/2 besides: characters no sender uses as delimiters ('+', '.', '-' also occur in timestamps and versions). */
const ODD_DELIMITERS = ['+', '.', '-', 'A', ' ', '\t', '\r', ''];

const arabic = fc.constantFrom('محمد', 'أحمد', 'الحربي', 'خالد', 'نورة', 'العتيبي', 'فاطمة', 'عبدالله', 'مستشفى الملك فهد', 'ـ');
const english = fc.constantFrom('Khalid', 'Al-Harbi', 'Sara', 'Al-Ghamdi', "O'Neil", 'Fahad', 'Smith', 'Müller', 'Zoë');
const word = fc.oneof(arabic, english, fc.string({ maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 6 }));
const alnum = fc.stringMatching(/^[A-Z0-9]{1,20}$/);
const hl7Time = fc.oneof(
  fc.constantFrom('20261129083000+0300', '20261129', '2026112908', '20261129083000.1234-0500', '19800101', '00000101', '99991231235959+1400'),
  fc.stringMatching(/^\d{4,14}([+-]\d{4})?$/),
  fc.string({ maxLength: 20 }),
);

export interface MessageFacts {
  kind: 'ADT' | 'ORU' | 'SIU' | 'RDS' | 'ACK' | 'OTHER';
  trigger: string;
  field: string;
  encoding: string;
  facility: string;
  application: string;
  control: string;
  time: string;
  charsetIndex: number;
  msh18Index: number;
  ackModes: [string, string];
  mrn: string;
  nationalId: string;
  family: string;
  given: string;
  phone: string;
  language: string;
  patientClass: string;
  visit: string;
  section: string;
  dob: string;
  sex: string;
  doctor: string;
}

const delimiters = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ field: '|', encoding: '^~\\&' }) },
  { weight: 1, arbitrary: fc.constant({ field: '|', encoding: '^~\\&#' }) },
  {
    weight: 2,
    arbitrary: fc
      .shuffledSubarray(DELIMITER_CHARS, { minLength: 5, maxLength: 6 })
      .map((chars) => ({ field: chars[0], encoding: chars.slice(1).join('') })),
  },
);

export const messageFacts: fc.Arbitrary<MessageFacts> = fc
  .record({
    kind: fc.constantFrom('ADT', 'ADT', 'ADT', 'ORU', 'SIU', 'RDS', 'ACK', 'OTHER'),
    trigger: fc.constantFrom('A01', 'A02', 'A03', 'A04', 'A08', 'A11', 'A13', 'A40', 'R01', 'S12', 'S15', 'O13', '', 'ZZZ'),
    delimiters,
    facility: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('DEMO', 'demo^2.16.840^ISO', ' Demo ') }, { weight: 1, arbitrary: fc.string({ maxLength: 40 }) }),
    application: fc.constantFrom('HIS', 'LAB', 'ARABIC_HIS', 'LATIN_HIS', ''),
    control: fc.oneof({ weight: 5, arbitrary: alnum }, { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 30 }) }),
    time: hl7Time,
    charsetIndex: fc.nat({ max: CHARSETS.length - 1 }),
    msh18Index: fc.nat({ max: 2 }),
    ackModes: fc.tuple(fc.constantFrom('', '', 'AL', 'NE', 'ER', 'SU', 'XX'), fc.constantFrom('', '', 'AL', 'NE')),
    mrn: fc.oneof(alnum, word),
    nationalId: fc.stringMatching(/^\d{10}$/),
    family: word,
    given: word,
    phone: fc.oneof(fc.constantFrom('+966501234567', '0501234567', '(050) 123-4567 x12', '^PRN^PH^^966^50^1234567', '0'), fc.string({ maxLength: 20 })),
    language: fc.constantFrom('ara', 'eng', 'ar-SA', 'en', 'fr', ''),
    patientClass: fc.constantFrom('O', 'I', 'E', 'P', '', 'x'),
    visit: fc.oneof(alnum, word),
    section: fc.constantFrom('CH', 'RAD', 'CT', 'MR', '', 'HM'),
    dob: hl7Time,
    sex: fc.constantFrom('M', 'F', 'O', 'U', '', 'Z'),
    doctor: fc.constantFrom('SCFHS-10006', 'SCFHS-10001', ''),
  })
  .map(({ delimiters: d, ...rest }) => ({ ...rest, field: d.field, encoding: d.encoding }));

/** A message the facts describe, in its own delimiters (segments joined by CR). */
export function buildMessage(f: MessageFacts): string {
  const F = f.field;
  const [C, R, , S] = [...f.encoding];
  // Values are written with the message's delimiters; characters that collide are left as they are (hostile on purpose).
  const join = (...parts: string[]) => parts.join(C);
  const { charset, msh18 } = CHARSETS[f.charsetIndex];
  const charsetField = msh18[f.msh18Index % msh18.length];
  const type = f.kind === 'OTHER' ? 'ZZZ' : f.kind;
  const msh = ['MSH', f.encoding, f.application, f.facility, 'PX360', 'PX360', f.time, '', join(type, f.trigger, `${type}_${f.trigger}`), f.control, 'P', '2.5.1', '', '', f.ackModes[0], f.ackModes[1], '', charsetField].join(F);
  void charset;
  const pid = ['PID', '1', '', `${join(f.mrn, '', '', 'DEMO', 'MR')}${R}${join(f.nationalId, '', '', 'MOI', 'NNSAU')}`, '', join(f.family + S + 'x', f.given), '', f.dob, f.sex, '', '', '', '', f.phone, '', f.language].join(F);
  const pv1 = ['PV1', '1', f.patientClass, join('OPD', '101', '1'), '', '', '', join(f.doctor, 'Al-Ghamdi', 'Sara'), '', '', 'OPD', ...Array(8).fill(''), f.visit].join(F);
  const segments = [msh];
  if (f.kind === 'ADT' || f.kind === 'OTHER') segments.push(['EVN', f.trigger, f.time].join(F), pid, pv1);
  if (f.kind === 'ADT' && f.trigger === 'A40') segments.push(['MRG', join(f.mrn, '', '', 'DEMO', 'MR'), '', '', '', f.visit].join(F));
  if (f.kind === 'ORU') {
    segments.push(pid, pv1, ['OBR', '1', 'ORD1', 'FIL1', join('2345-7', 'Glucose', 'LN'), ...Array(20).fill(''), f.section, 'F'].join(F), ['OBX', '1', 'NM', '2345-7', '', '95'].join(F));
  }
  if (f.kind === 'SIU') {
    segments.push(['SCH', join(f.visit), '', '', '', '', '', '', '', '', '', join('', '', '', f.time)].join(F), pid, ['AIP', '1', '', join(f.doctor, 'Al-Ghamdi', 'Sara')].join(F), ['AIL', '1', '', join('OPD', '101')].join(F));
  }
  if (f.kind === 'RDS') segments.push(pid, pv1, ['ORC', 'RE', 'ORD2'].join(F), ['RXD', '1', join('00093-1234', 'Amoxicillin', 'NDC')].join(F));
  if (f.kind === 'ACK') segments.push(['MSA', 'AA', f.control].join(F));
  return segments.join('\r');
}

export const charsetOf = (f: MessageFacts): Hl7Charset => CHARSETS[f.charsetIndex].charset;

type TextMutation = (text: string, f: MessageFacts) => string;

const at = (text: string, ratio: number) => Math.floor(ratio * (text.length + 1));

const textMutation: fc.Arbitrary<TextMutation> = fc.oneof(
  // A field lengthened far past its column.
  fc.record({ where: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.constantFrom(65, 200, 3000, 70_000), ch: fc.constantFrom('A', 'م', '9', '\u0000') }).map(
    ({ where, length, ch }) => (t: string) => t.slice(0, at(t, where)) + ch.repeat(length) + t.slice(at(t, where)),
  ),
  // Huge repetitions of one value.
  fc.record({ where: fc.double({ min: 0, max: 1, noNaN: true }), count: fc.constantFrom(10, 1000, 20_000) }).map(
    ({ where, count }) => (t: string, f: MessageFacts) => t.slice(0, at(t, where)) + `${f.encoding[1] ?? '~'}X${f.encoding[0] ?? '^'}`.repeat(count) + t.slice(at(t, where)),
  ),
  // NULs and control characters.
  fc.record({ where: fc.double({ min: 0, max: 1, noNaN: true }), ch: fc.constantFrom('\u0000', '\u0000\u0000', '\u000b', '\u001c', '\u001c\r', '\u007f', '\uFEFF', '\uFFFD') }).map(
    ({ where, ch }) => (t: string) => t.slice(0, at(t, where)) + ch + t.slice(at(t, where)),
  ),
  // CR / LF / CRLF mixes, blank lines.
  fc.constantFrom('\n', '\r\n', '\n\r', '\r\r', '\r \r').map((sep) => (t: string) => t.split('\r').join(sep)),
  fc.constant((t: string) => `\r\n${t}\r\n\r\n`),
  // Delimiters swapped: MSH-1/2 changed without re-encoding the rest, or the other way round.
  fc.record({ from: fc.constantFrom(...DELIMITER_CHARS), to: fc.constantFrom(...DELIMITER_CHARS, ...ODD_DELIMITERS) }).map(({ from, to }) => (t: string) => t.split(from).join(to)),
  fc.record({ to: fc.string({ maxLength: 7 }) }).map(({ to }) => (t: string) => (t.startsWith('MSH') ? t.slice(0, 4) + to + t.slice(4 + 4) : t)),
  fc.record({ to: fc.constantFrom(...DELIMITER_CHARS, ...ODD_DELIMITERS) }).map(({ to }) => (t: string) => 'MSH' + to + t.slice(4)),
  // A value that reads like a second message, and segments a parser must refuse.
  fc.record({ where: fc.double({ min: 0, max: 1, noNaN: true }), seg: fc.constantFrom('MSH|', '\rMSH|^~\\&|X', '\rmsh|', '\rZZ', '\r123|', '\rPID', '\rMSH') }).map(
    ({ where, seg }) => (t: string) => t.slice(0, at(t, where)) + seg + t.slice(at(t, where)),
  ),
  // Escape sequences, valid and not.
  fc.record({ where: fc.double({ min: 0, max: 1, noNaN: true }), esc: fc.constantFrom('\\F\\', '\\X0D0A\\', '\\XD985\\', '\\X\\', '\\X0\\', '\\.br\\', '\\', '\\\\', '\\Zabc\\', '\\E\\\\E\\', '\\XFF\\', '\\P\\') }).map(
    ({ where, esc }) => (t: string) => t.slice(0, at(t, where)) + esc + t.slice(at(t, where)),
  ),
  // Cut anywhere.
  fc.double({ min: 0, max: 1, noNaN: true }).map((where) => (t: string) => t.slice(0, at(t, where))),
  // Segments duplicated many times.
  fc.constantFrom(2, 50, 2000).map((count) => (t: string) => {
    const segments = t.split('\r');
    const last = segments[segments.length - 1];
    // At most about a megabyte more, so a lengthened segment repeated stays a realistic frame.
    const times = Math.min(count, Math.floor(1_000_000 / (last.length + 1)));
    return [...segments, ...Array(times).fill(last)].join('\r');
  }),
);

type ByteMutation = (bytes: Buffer) => Buffer;

const byteMutation: fc.Arbitrary<ByteMutation> = fc.oneof(
  fc.record({ where: fc.double({ min: 0, max: 1, noNaN: true }), bit: fc.nat({ max: 7 }) }).map(({ where, bit }) => (b: Buffer) => {
    if (b.length === 0) return b;
    const copy = Buffer.from(b);
    const i = Math.min(copy.length - 1, Math.floor(where * copy.length));
    copy[i] ^= 1 << bit;
    return copy;
  }),
  fc.record({ where: fc.double({ min: 0, max: 1, noNaN: true }), insert: fc.uint8Array({ minLength: 1, maxLength: 16 }) }).map(({ where, insert }) => (b: Buffer) => {
    const i = Math.floor(where * (b.length + 1));
    return Buffer.concat([b.subarray(0, i), Buffer.from(insert), b.subarray(i)]);
  }),
  fc.record({ where: fc.double({ min: 0, max: 1, noNaN: true }), insert: fc.constantFrom(0x00, 0x0b, 0x1c, 0x0d, 0x0a, 0xff, 0xd9, 0x80, 0xef) }).map(({ where, insert }) => (b: Buffer) => {
    const i = Math.floor(where * (b.length + 1));
    return Buffer.concat([b.subarray(0, i), Buffer.of(insert), b.subarray(i)]);
  }),
  fc.record({ from: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.nat({ max: 64 }) }).map(({ from, length }) => (b: Buffer) => {
    const i = Math.floor(from * b.length);
    return Buffer.concat([b.subarray(0, i), b.subarray(i + length)]);
  }),
  fc.double({ min: 0, max: 1, noNaN: true }).map((where) => (b: Buffer) => b.subarray(0, Math.floor(where * b.length))),
  // A UTF-8 BOM in front.
  fc.constant((b: Buffer) => Buffer.concat([Buffer.of(0xef, 0xbb, 0xbf), b])),
);

export interface HostileMessage {
  facts: MessageFacts;
  text: string;
  bytes: Buffer;
  /** True when no mutation was applied (the message must be accepted as is). */
  pristine: boolean;
}

/** One message: valid, or mutated as text and then as bytes. */
export const hostileMessage: fc.Arbitrary<HostileMessage> = fc
  .record({
    facts: messageFacts,
    textMutations: fc.oneof({ weight: 1, arbitrary: fc.constant<TextMutation[]>([]) }, { weight: 4, arbitrary: fc.array(textMutation, { minLength: 1, maxLength: 3 }) }),
    byteMutations: fc.oneof({ weight: 2, arbitrary: fc.constant<ByteMutation[]>([]) }, { weight: 2, arbitrary: fc.array(byteMutation, { minLength: 1, maxLength: 3 }) }),
  })
  .map(({ facts, textMutations, byteMutations }) => {
    const text = textMutations.reduce((t, m) => m(t, facts), buildMessage(facts));
    const bytes = byteMutations.reduce((b, m) => m(b), encodeText(text, charsetOf(facts)));
    return { facts, text, bytes, pristine: textMutations.length === 0 && byteMutations.length === 0 };
  });

/** A batch: FHS/BHS envelopes around several messages, or messages simply concatenated. */
export const hostileBatch: fc.Arbitrary<Buffer> = fc
  .record({
    messages: fc.array(hostileMessage, { minLength: 1, maxLength: 4 }),
    envelope: fc.constantFrom('none', 'FHS', 'BHS', 'FHS+BHS'),
    separator: fc.constantFrom('\r', '\n', '\r\n'),
  })
  .map(({ messages, envelope, separator }) => {
    const head = envelope === 'FHS' ? ['FHS|^~\\&|HIS|DEMO'] : envelope === 'BHS' ? ['BHS|^~\\&|HIS|DEMO'] : envelope === 'FHS+BHS' ? ['FHS|^~\\&|HIS|DEMO', 'BHS|^~\\&|HIS|DEMO'] : [];
    const tail = envelope === 'FHS' ? ['FTS|1'] : envelope === 'BHS' ? [`BTS|${messages.length}`] : envelope === 'FHS+BHS' ? [`BTS|${messages.length}`, 'FTS|1'] : [];
    const sep = Buffer.from(separator, 'latin1');
    const parts = [...head.map((s) => Buffer.from(s, 'latin1')), ...messages.map((m) => m.bytes), ...tail.map((s) => Buffer.from(s, 'latin1'))];
    return Buffer.concat(parts.flatMap((p, i) => (i === 0 ? [p] : [sep, p])));
  });

/** What a frame may hold: one hostile message, a batch, or pure random bytes. */
export const hostilePayload: fc.Arbitrary<Buffer> = fc.oneof(
  { weight: 5, arbitrary: hostileMessage.map((m) => m.bytes) },
  { weight: 2, arbitrary: hostileBatch },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 2048 }).map((a) => Buffer.from(a)) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.concat([Buffer.from('MSH|^~\\&|', 'latin1'), Buffer.from(a)])) },
);

/** A connection's byte stream: frames (some truncated or with junk between) and the chunks it arrives in. */
export interface Stream {
  bytes: Buffer;
  /** Chunk boundaries (sorted offsets). */
  cuts: number[];
  maxFrameBytes: number;
}

export const hostileStream: fc.Arbitrary<Stream> = fc
  .record({
    frames: fc.array(
      fc.record({
        payload: fc.oneof({ weight: 3, arbitrary: hostilePayload }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)) }),
        framing: fc.constantFrom('full', 'full', 'full', 'no-cr', 'no-end', 'no-start', 'double-start', 'lf'),
        junk: fc.oneof({ weight: 3, arbitrary: fc.constant(new Uint8Array()) }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 16 }) }),
      }),
      { maxLength: 5 },
    ),
    cutRatios: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 }),
    maxFrameBytes: fc.constantFrom(1 << 20, 1 << 20, 4096, 256, 16, 1),
    tail: fc.uint8Array({ maxLength: 8 }),
  })
  .map(({ frames, cutRatios, maxFrameBytes, tail }) => {
    const parts: Buffer[] = [];
    for (const { payload, framing, junk } of frames) {
      parts.push(Buffer.from(junk));
      const framed = encodeFrame(payload);
      if (framing === 'full') parts.push(framed);
      else if (framing === 'no-cr') parts.push(framed.subarray(0, framed.length - 1));
      else if (framing === 'no-end') parts.push(framed.subarray(0, framed.length - 2));
      else if (framing === 'no-start') parts.push(framed.subarray(1));
      else if (framing === 'double-start') parts.push(Buffer.of(MLLP.START), framed);
      else parts.push(framed.subarray(0, framed.length - 1), Buffer.of(0x0a));
    }
    parts.push(Buffer.from(tail));
    const bytes = Buffer.concat(parts);
    const cuts = [...new Set(cutRatios.map((r) => Math.floor(r * bytes.length)))].filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b);
    return { bytes, cuts, maxFrameBytes };
  });

// ---------------------------------------------------------------------------------------------
// Properties. Each returns normally when the property holds and throws (AssertionFailure) when not.

export class PropertyFailure extends Error {
  override name = 'PropertyFailure';
}

function expectThat(condition: unknown, message: string): asserts condition {
  if (!condition) throw new PropertyFailure(message);
}

/** Frames comparable across chunkings: an oversize marker keeps only the head every chunking shares. */
function comparable(frames: DecodedFrame[], cap: number): string[] {
  return frames.map((f) =>
    f.kind === 'frame' ? `F:${f.payload.toString('hex')}` : `O:${f.head.subarray(0, Math.min(cap + 1, OVERSIZE_HEAD_BYTES)).toString('hex')}`,
  );
}

function decodeChunks(stream: Stream, chunks: Buffer[]): { frames: DecodedFrame[]; discarded: number } {
  const decoder = new MllpFrameDecoder({ maxFrameBytes: stream.maxFrameBytes });
  const frames = chunks.flatMap((c) => decoder.push(c));
  expectThat(decoder.bufferedBytes <= stream.maxFrameBytes, `decoder holds ${decoder.bufferedBytes} bytes, over the ${stream.maxFrameBytes}-byte cap`);
  return { frames, discarded: decoder.discardedBytes };
}

const chunksAt = (bytes: Buffer, cuts: number[]) => [0, ...cuts].map((from, i) => bytes.subarray(from, cuts[i] ?? bytes.length));

/** The decoder never throws, respects its cap, and yields the same frames however the stream is split. */
export function decoderProperty(stream: Stream): void {
  const whole = decodeChunks(stream, [stream.bytes]);
  const expected = comparable(whole.frames, stream.maxFrameBytes);
  for (const f of whole.frames) {
    if (f.kind === 'frame') expectThat(f.payload.length <= stream.maxFrameBytes, 'a frame over the cap came out whole');
    else expectThat(f.size > stream.maxFrameBytes && f.head.length <= OVERSIZE_HEAD_BYTES, 'oversize marker with a wrong size or head');
  }
  const split = decodeChunks(stream, chunksAt(stream.bytes, stream.cuts));
  expectThat(JSON.stringify(comparable(split.frames, stream.maxFrameBytes)) === JSON.stringify(expected), `frames differ when split at ${stream.cuts.join(',')}`);
  expectThat(split.discarded === whole.discarded, `discarded bytes differ when split at ${stream.cuts.join(',')}`);
  // Split at every byte (bounded, so huge streams stay fast).
  if (stream.bytes.length <= 4096) {
    const bytes = [...stream.bytes].map((_, i) => stream.bytes.subarray(i, i + 1));
    const single = decodeChunks(stream, bytes);
    expectThat(JSON.stringify(comparable(single.frames, stream.maxFrameBytes)) === JSON.stringify(expected), 'frames differ when split at every byte');
    expectThat(single.discarded === whole.discarded, 'discarded bytes differ when split at every byte');
  }
}

/** Runs `fn`, letting an Hl7FormatError through as a refusal and anything else out as a crash. */
function refusedOr<T>(fn: () => T): T | Hl7FormatError {
  try {
    return fn();
  } catch (error) {
    if (error instanceof Hl7FormatError) return error;
    throw error;
  }
}

const RANDOM_RULES: MappingRule[] = [
  { messageType: '*', triggerEvent: '*', eventCode: 'ANY', priority: -1 },
  { messageType: 'adt', triggerEvent: ' a04 ', patientClass: '*', serviceSection: null, eventCode: 'LOWER', priority: 5 },
];

/** Our splitter gives the arrays node-hl7-client gives, wherever the library can read the message (small ones: it is slow). */
function sameSplitAsLibrary(message: string): void {
  const segments = splitSegments(message);
  const joined = segments.join('\r');
  if (joined.length > 4096 || joined.includes('MSH|', 1)) return;
  let library: RawSegment[];
  try {
    library = splitWithLibrary(joined);
  } catch {
    return;
  }
  const ours = splitOurselves(segments, delimitersOf(segments[0]));
  expectThat(JSON.stringify(ours) === JSON.stringify(library), 'our splitter and node-hl7-client split the message differently');
}

/**
 * Parsing and extraction of any text: the header, the batch split, every message and its event
 * fields either succeed or throw Hl7FormatError; mapping the fields never throws.
 */
export function parserProperty(text: string): void {
  refusedOr(() => parseHeader(text));
  const parts = refusedOr(() => splitBatch(text));
  const messages = parts instanceof Hl7FormatError ? [text] : parts;
  for (const [index, message] of messages.entries()) {
    const parsed = refusedOr(() => parseMessage(message));
    if (parsed instanceof Hl7FormatError) continue;
    // The library is the slow reference: compared on the first messages of a batch only.
    if (index < 3) sameSplitAsLibrary(message);
    parsed.segmentNames();
    for (const path of ['MSH.1', 'MSH.2', 'MSH.9.2', 'PID.3', 'PID.5.1.2', 'OBX.5', 'ZZZ.999']) parsed.get(path);
    parsed.repetitions('PID.3');
    const fields = refusedOr(() => extractEventFields(parsed));
    if (fields instanceof Hl7FormatError) continue;
    refusedOr(() => checkStorable(fields));
    const code = matchEvent([...DEFAULT_MAPPING_RULES, ...RANDOM_RULES], fields);
    expectThat(typeof code === 'string', 'no mapping rule matched although a catch-all exists');
    matchEvent(DEFAULT_MAPPING_RULES, fields);
  }
}

// --- Intake -------------------------------------------------------------------------------------

const DEMO_HOSPITAL = '00000000-0000-4000-8000-00000000de30';

/** An in-memory inbox with the InboxService's deduplication: (MSH-3, MSH-4, MSH-10) accepted once. */
export class MemoryInbox implements Inbox {
  readonly calls: { kind: 'accept' | 'reject'; entry: InboxEntry }[] = [];
  private readonly accepted = new Map<string, StoredMessage>();
  private ids = 0;

  /** PostgreSQL keeps no NUL in text columns: an entry carrying one fails its insert, as in the database. */
  private static check(entry: InboxEntry & { error?: string }): void {
    for (const [key, value] of Object.entries(entry)) {
      if (typeof value === 'string' && value.includes('\u0000')) throw new Error(`invalid byte sequence for encoding "UTF8": 0x00 (column ${key})`);
    }
  }

  async accept(entry: InboxEntry): Promise<StoredMessage> {
    MemoryInbox.check(entry);
    this.calls.push({ kind: 'accept', entry });
    const key = [entry.sendingApplication, entry.sendingFacility, entry.controlId].join('\u001f');
    const before = this.accepted.get(key);
    if (before) return { ...before, duplicate: true };
    const stored = { id: String(++this.ids), ack: entry.ack, duplicate: false };
    this.accepted.set(key, stored);
    return stored;
  }

  async reject(entry: InboxEntry & { error: string }): Promise<StoredMessage> {
    MemoryInbox.check(entry);
    this.calls.push({ kind: 'reject', entry });
    return { id: String(++this.ids), ack: entry.ack, duplicate: false };
  }
}

/** Hospitals DEMO; sending systems ARABIC_HIS (ISO-8859-6 by default) and LATIN_HIS (ISO-8859-1). */
export const memoryDirectory = {
  async hospitalId(code: string) {
    return code.toUpperCase() === 'DEMO' ? DEMO_HOSPITAL : undefined;
  },
  async source(application: string) {
    const key = application.toUpperCase();
    if (key === 'ARABIC_HIS') return { id: 'src-ar', defaultCharset: 'ISO-8859-6' as const };
    if (key === 'LATIN_HIS') return { id: 'src-latin', defaultCharset: 'ISO-8859-1' as const };
    return undefined;
  },
} as unknown as IntakeDirectory;

const silent = createLogger('silent', 'fuzz');
const ACK_CODES: ReadonlySet<string> = new Set<AckCode>(['AA', 'AE', 'AR', 'CA', 'CE', 'CR']);

function decodeAck(bytes: Buffer, charset: string | undefined): string {
  switch (charset) {
    case 'ISO-8859-6':
      return new TextDecoder('iso-8859-6').decode(bytes);
    case 'ISO-8859-1':
    case 'ASCII':
      return bytes.toString('latin1');
    default:
      return bytes.toString('utf8');
  }
}

/** What a text looks like after going out in a charset and being read back (unencodable characters become '?'). */
const throughCharset = (text: string, charset: string | undefined) => decodeAck(encodeText(text, (charset ?? 'UTF-8') as Hl7Charset), charset);

/**
 * One frame through intake: it never throws, answers every message it stored with exactly one ACK,
 * and each ACK is a readable HL7 ACK whose MSA-2 echoes the MSH-10 that was read (NULs replaced).
 * A valid message is accepted (AA/CA) with its own control id.
 */
export async function intakeProperty(payload: Buffer, pristineControlId?: string): Promise<void> {
  const inbox = new MemoryInbox();
  const intake = new Hl7Intake({ inbox, directory: memoryDirectory, defaultCharset: 'UTF-8', log: silent, now: () => new Date('2026-12-02T10:00:00Z') });
  const { acks: pending } = await intake.acceptFrame(payload, { remoteAddress: '127.0.0.1' });
  const acks = await pending;
  expectThat(inbox.calls.length >= 1, 'a frame was answered without storing anything');
  expectThat(acks.length === inbox.calls.length, `${inbox.calls.length} messages stored but ${acks.length} ACKs sent`);
  acks.forEach((ack, i) => {
    const { entry } = inbox.calls[i];
    const text = decodeAck(ack, entry.charset);
    const header = parseHeader(text);
    expectThat(header.messageType === 'ACK', 'the answer is not an ACK');
    const segments = text.split('\r');
    const msa = segments.find((s) => s.startsWith('MSA'));
    expectThat(msa !== undefined, 'ACK without MSA');
    const msaFields = msa.split(header.fieldSeparator);
    expectThat(ACK_CODES.has(msaFields[1]), `MSA-1 is ${JSON.stringify(msaFields[1])}`);
    const expectedId = throughCharset(entry.controlId ?? '', entry.charset);
    expectThat(msaFields[2] === expectedId, `MSA-2 ${JSON.stringify(msaFields[2]?.slice(0, 50))} does not echo MSH-10 ${JSON.stringify(expectedId.slice(0, 50))}`);
    expectThat(!text.includes('\u0000'), 'ACK carries a NUL');
    if (inbox.calls[i].kind === 'reject') expectThat(!['AA', 'CA'].includes(msaFields[1]) && segments.some((s) => s.startsWith('ERR')), 'a refused message was answered as accepted or without ERR');
    else expectThat(['AA', 'CA'].includes(msaFields[1]), 'an accepted message was not answered AA/CA');
  });
  if (pristineControlId !== undefined) {
    expectThat(inbox.calls.length === 1 && inbox.calls[0].kind === 'accept', 'a valid message was refused');
  }
}

const TRIGGERS: Record<string, string[]> = { ADT: ['A01', 'A02', 'A03', 'A04', 'A08', 'A11', 'A13', 'A40'], ORU: ['R01'], SIU: ['S12', 'S15'], RDS: ['O13'] };
const plainName = fc.constantFrom('محمد', 'الحربي', 'خالد', 'نورة', 'Khalid', 'Sara', 'Fahad', 'Smith');

/** A valid message intake must accept as it is, in any charset and set of delimiters. */
export const validMessage: fc.Arbitrary<HostileMessage> = fc
  .record({ facts: messageFacts, triggerIndex: fc.nat({ max: 7 }), family: plainName, given: plainName, kind: fc.constantFrom('ADT', 'ORU', 'SIU', 'RDS') })
  .map(({ facts, triggerIndex, family, given, kind }) => {
    const triggers = TRIGGERS[kind];
    // Delimiters that also occur in the values ('ADT_A01', '8859/6') would make the message invalid.
    const clash = /[_/]/.test(facts.field + facts.encoding);
    const f: MessageFacts = {
      ...facts,
      ...(clash ? { field: '|', encoding: '^~\\&' } : {}),
      kind: kind as MessageFacts['kind'],
      trigger: triggers[triggerIndex % triggers.length],
      facility: 'DEMO',
      application: 'HIS',
      control: facts.control.replace(/[^A-Z0-9]/g, '') || 'C1',
      time: '20261129083000+0300',
      mrn: facts.nationalId,
      visit: `V${facts.nationalId}`,
      family,
      given,
      phone: '+966501234567',
    };
    const text = buildMessage(f);
    return { facts: f, text, bytes: encodeText(text, charsetOf(f)), pristine: true };
  });

// --- ACK round trip -----------------------------------------------------------------------------

export const ackInput = fc.record({
  facts: messageFacts,
  code: fc.constantFrom<AckCode>('AA', 'AE', 'AR', 'CA', 'CE', 'CR'),
  errorText: fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 40 }), arabic),
  location: fc.constantFrom('MSH^1^10', 'PID^1^3', '', 'PV1^1^19'),
});

type AckInput = typeof ackInput extends fc.Arbitrary<infer T> ? T : never;

/** An ACK we build reads back: MSA-1 the code, MSA-2 the control id, ERR and MSA-3 the error text. */
export function ackRoundTripProperty({ facts, code, errorText, location }: AckInput): void {
  const text = buildMessage(facts);
  const inbound = refusedOr(() => parseHeader(text));
  if (inbound instanceof Hl7FormatError) return;
  const ack = buildAck({ inbound, code, controlId: 'PX0123456789abcdef01', now: new Date('2026-12-02T10:00:00Z'), error: { text: errorText, location } });
  const parsed = parseMessage(ack);
  expectThat(parsed.header.messageType === 'ACK' && parsed.header.controlId === 'PX0123456789abcdef01', 'ACK header does not read back');
  expectThat(parsed.header.sendingApplication === inbound.receivingApplication || inbound.receivingApplication === '', 'sender and receiver not swapped');
  expectThat(parsed.get('MSA.1') === code, `MSA-1 reads ${JSON.stringify(parsed.get('MSA.1'))}, not ${code}`);
  const rawMsa2 = ack.split('\r')[1].split(inbound.fieldSeparator)[2] ?? '';
  expectThat(rawMsa2 === inbound.controlId, 'MSA-2 does not echo MSH-10');
  if (!['AA', 'CA'].includes(code)) {
    // Trailing whitespace of a segment's last field is not significant to HL7 parsers (ours trims it).
    const same = (read: string) => read.trimEnd() === errorText.trimEnd();
    expectThat(same(parsed.get('MSA.3')), `MSA-3 reads back ${JSON.stringify(parsed.get('MSA.3'))}, not ${JSON.stringify(errorText)}`);
    expectThat(same(parsed.get('ERR.3.2')), `ERR-3.2 reads back ${JSON.stringify(parsed.get('ERR.3.2'))}, not ${JSON.stringify(errorText)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Targets

export interface FuzzTarget<T> {
  name: string;
  arbitrary: fc.Arbitrary<T>;
  /** Share of the total runs. */
  weight: number;
  run(input: T): void | Promise<void>;
  /** The input as bytes, for the counterexample file. */
  serialize(input: T): Buffer;
}

const asBytes = (text: string) => Buffer.from(text, 'utf8');

function target<T>(t: FuzzTarget<T>): FuzzTarget<T> {
  return t;
}

export const FUZZ_TARGETS = [
  target({
    name: 'mllp-decoder',
    arbitrary: hostileStream,
    weight: 2,
    run: decoderProperty,
    serialize: (s) => Buffer.concat([Buffer.from(JSON.stringify({ cuts: s.cuts, maxFrameBytes: s.maxFrameBytes }) + '\n'), s.bytes]),
  }),
  target({
    name: 'hl7-parser',
    arbitrary: fc.oneof(
      { weight: 6, arbitrary: hostileMessage.map((m) => m.text) },
      { weight: 2, arbitrary: hostilePayload.map((b) => b.toString('latin1')) },
      { weight: 1, arbitrary: fc.string({ maxLength: 500 }) },
      { weight: 1, arbitrary: fc.string({ maxLength: 200 }).map((s) => `MSH|^~\\&|${s}`) },
    ),
    weight: 3,
    run: parserProperty,
    serialize: asBytes,
  }),
  target({
    name: 'hl7-intake',
    arbitrary: fc.oneof({ weight: 4, arbitrary: hostilePayload.map((bytes) => ({ bytes, valid: undefined as string | undefined })) }, {
      weight: 1,
      arbitrary: validMessage.map((m) => ({ bytes: m.bytes, valid: m.facts.control as string | undefined })),
    }),
    weight: 4,
    run: ({ bytes, valid }) => intakeProperty(bytes, valid),
    serialize: ({ bytes }) => bytes,
  }),
  target({
    name: 'ack-roundtrip',
    arbitrary: ackInput,
    weight: 1,
    run: ackRoundTripProperty,
    serialize: (input) => asBytes(JSON.stringify({ ...input, message: buildMessage(input.facts) })),
  }),
] as FuzzTarget<unknown>[];
