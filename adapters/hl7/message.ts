/**
 * Read access to one parsed HL7 v2 message, behind a small interface.
 *
 * Messages are split by a small splitter of our own into plain arrays, so every failure surfaces
 * here, at parse time, as an Hl7FormatError instead of later inside a field read. node-hl7-client
 * used to split them; it misreads a valid message (any `MSH|` inside a field value becomes a second
 * message) and builds a node per value at about 5 µs each, so one 10 MB frame held the process for
 * half a minute. Its split stays (splitWithLibrary) as the reference the tests and the fuzzer hold
 * ours to. Escape sequences are decoded by our own decoder (the library reads \X..\ hex one byte per
 * character, which garbles UTF-8, and keeps \.br\ literally).
 */
import { Message } from 'node-hl7-client';
import { parseHeader } from './header';
import { decodeEscapes, segmentId, splitSegments, type Delimiters } from './syntax';
import { Hl7FormatError, type Hl7Header } from './types';

export interface Hl7Message {
  header: Hl7Header;
  /** Value at a path like 'PID.3.1' or 'PV1.2' or 'OBR.24' (first repetition, first occurrence of the segment); '' when absent. Escape sequences decoded. */
  get(path: string): string;
  /** Every repetition of a field, e.g. all PID-3 identifiers, each as its components array. */
  repetitions(path: string): string[][];
  /** Segment names in order (e.g. ['MSH','EVN','PID','PV1']). */
  segmentNames(): string[];
}

/** Repetitions -> components -> subcomponents of one field, still escaped. */
export type RawField = string[][][];
/** One segment; `fields[n]` is field n as numbered in the standard (MSH-1 and MSH-2 are not stored). */
export interface RawSegment {
  id: string;
  fields: RawField[];
}

/** Parses one message (use splitBatch first for batches); throws Hl7FormatError saying what is wrong. */
export function parseMessage(text: string): Hl7Message {
  const header = parseHeader(text);
  const delimiters = delimitersFromHeader(header);
  const segments = splitSegments(text);
  checkSegments(segments, delimiters.field);
  return new ParsedMessage(header, delimiters, splitOurselves(segments, delimiters));
}

function delimitersFromHeader(header: Hl7Header): Delimiters {
  const [component, repetition, escape, subcomponent, truncation] = header.encodingCharacters;
  return { field: header.fieldSeparator, component, repetition, escape, subcomponent, truncation };
}

/** Every segment must start with an id and the message's field separator, and only the first may be an MSH. */
function checkSegments(segments: string[], fieldSeparator: string): void {
  segments.forEach((segment, index) => {
    const id = segmentId(segment);
    if (!id || (segment.length > 3 && segment[3] !== fieldSeparator)) {
      throw new Hl7FormatError(
        `segment ${index + 1} does not start with a segment id and the field separator: ${JSON.stringify(segment.slice(0, 20))}`,
        '100',
      );
    }
    if (id === 'MSH' && index > 0) {
      const count = segments.filter((s) => segmentId(s) === 'MSH').length;
      throw new Hl7FormatError(`message contains ${count} MSH segments; split batches into messages first`, '100', `MSH^2`);
    }
  });
}

/** The message split by node-hl7-client (exported for the tests that compare both splitters). */
export function splitWithLibrary(text: string): RawSegment[] {
  try {
    return new Message({ text }).toArray().map((segment) => {
      const [, ...fieldNodes] = segment.toArray();
      // MSH-1 (the separator itself) has no node, so MSH's first node is MSH-2; the header answers for both.
      const first = segment.name === 'MSH' ? 2 : 1;
      const fields: RawField[] = [];
      fieldNodes.forEach((node, i) => {
        if (segment.name === 'MSH' && i === 0) return;
        // Nodes built from empty text have no children; in our arrays an empty repetition is [['']] and an empty component [''].
        fields[i + first] = node.toArray().map((rep) =>
          orIfEmpty(rep.toArray().map((component) => orIfEmpty(component.toArray().map((sub) => sub.toRaw()), '')), ['']),
        );
      });
      return { id: segment.name, fields };
    });
  } catch (error) {
    throw new Hl7FormatError(`message could not be parsed: ${(error as Error).message}`, '100');
  }
}

function orIfEmpty<T>(items: T[], empty: T): T[] {
  return items.length === 0 ? [empty] : items;
}

/** The same arrays as splitWithLibrary, for messages the library cannot take (exported for tests). */
export function splitOurselves(segments: string[], d: Delimiters): RawSegment[] {
  return segments.map((segment) => {
    const id = segment.slice(0, 3);
    const [, ...values] = segment.trim().split(d.field);
    const first = id === 'MSH' ? 2 : 1;
    const fields: RawField[] = [];
    values.forEach((value, i) => {
      if (id === 'MSH' && i === 0) return;
      fields[i + first] = value === '' ? [] : value.split(d.repetition).map((rep) => rep.split(d.component).map((c) => c.split(d.subcomponent)));
    });
    return { id, fields };
  });
}

interface Path {
  segment: string;
  field: number;
  component?: number;
  subcomponent?: number;
}

/** 'PID.3.1', 'PID-3.1' and 'OBR.24' style paths; a malformed path is a programming error. */
function parsePath(path: string): Path {
  const match = /^([A-Z][A-Z0-9]{2})[.-](\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(path.trim().toUpperCase());
  if (!match || Number(match[2]) < 1 || Number(match[3] ?? 1) < 1 || Number(match[4] ?? 1) < 1) {
    throw new TypeError(`invalid HL7 path ${JSON.stringify(path)}`);
  }
  return {
    segment: match[1],
    field: Number(match[2]),
    component: match[3] === undefined ? undefined : Number(match[3]),
    subcomponent: match[4] === undefined ? undefined : Number(match[4]),
  };
}

class ParsedMessage implements Hl7Message {
  constructor(
    readonly header: Hl7Header,
    private readonly delimiters: Delimiters,
    private readonly segments: RawSegment[],
  ) {}

  get(path: string): string {
    const { segment, field, component = 1, subcomponent = 1 } = parsePath(path);
    const delimiterField = this.mshDelimiterField(segment, field);
    if (delimiterField !== undefined) return component === 1 && subcomponent === 1 ? delimiterField : '';
    const value = this.field(segment, field)[0]?.[component - 1]?.[subcomponent - 1];
    return value === undefined ? '' : this.decode(value);
  }

  repetitions(path: string): string[][] {
    const { segment, field, component } = parsePath(path);
    if (component !== undefined) throw new TypeError(`repetitions() takes a field path like 'PID.3', not ${JSON.stringify(path)}`);
    const delimiterField = this.mshDelimiterField(segment, field);
    if (delimiterField !== undefined) return [[delimiterField]];
    // Subcomponents are joined back with the standard '&' so callers need not know this message's delimiters.
    return this.field(segment, field).map((rep) => rep.map((subs) => subs.map((s) => this.decode(s)).join('&')));
  }

  segmentNames(): string[] {
    return this.segments.map((s) => s.id);
  }

  /** MSH-1 and MSH-2 are the delimiters themselves and must never be split. */
  private mshDelimiterField(segment: string, field: number): string | undefined {
    if (segment !== 'MSH' || field > 2) return undefined;
    return field === 1 ? this.header.fieldSeparator : this.header.encodingCharacters;
  }

  private field(segment: string, field: number): RawField {
    return this.segments.find((s) => s.id === segment)?.fields[field] ?? [];
  }

  private decode(value: string): string {
    return decodeEscapes(value, this.delimiters);
  }
}
