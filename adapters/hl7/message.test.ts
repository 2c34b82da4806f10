import { Message } from 'node-hl7-client';
import { fixture, fixtureNames } from './fixtures/load';
import { splitBatch } from './batch';
import { parseMessage, splitOurselves, splitWithLibrary } from './message';
import { decodeEscapes, delimitersOf, splitSegments, STANDARD_DELIMITERS } from './syntax';
import { Hl7FormatError } from './types';

const MSH = 'MSH|^~\\&|HIS|DEMO|PX360|PX360|20240312101530+0300||ADT^A04|C1|P|2.5.1';

function formatError(fn: () => unknown): Hl7FormatError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(Hl7FormatError);
    return error as Hl7FormatError;
  }
  throw new Error('expected an Hl7FormatError');
}

describe('parseMessage', () => {
  const ed = parseMessage(fixture('adt-a04-ed-arrival.hl7'));

  it('reads fields, components and subcomponents by path', () => {
    expect(ed.get('PID.3.1')).toBe('1234567');
    expect(ed.get('PID.3.5')).toBe('MR');
    expect(ed.get('PV1.2')).toBe('E');
    expect(ed.get('PV1.7.2')).toBe('الزهراني');
    expect(ed.get('PID-5.2')).toBe('خالد');
    expect(ed.get('MSH.9.2')).toBe('A04');
    expect(ed.get('MSH.10')).toBe('DEMO-ADT-000101');
    expect(ed.get('EVN.2')).toBe('20240312101500+0300');
    expect(parseMessage(`${MSH}\rPID|1||123^^^DEMO&2.16.840&ISO^MR`).get('PID.3.4.2')).toBe('2.16.840');
  });

  it('reads a field path as its first component, like the first repetition', () => {
    expect(ed.get('PV1.3')).toBe('ER');
    expect(ed.get('PID.5')).toBe('الحربي');
  });

  it('answers MSH-1 and MSH-2 with the delimiters themselves', () => {
    expect(ed.get('MSH.1')).toBe('|');
    expect(ed.get('MSH.2')).toBe('^~\\&');
    expect(ed.repetitions('MSH.2')).toEqual([['^~\\&']]);
  });

  it("answers '' for anything absent, however deep the path", () => {
    for (const path of ['ZZZ.1', 'OBR.24', 'PID.2', 'PID.2.1', 'PID.99', 'PID.99.1.1', 'PID.3.9', 'PID.3.9.1', 'PV1.3.2.5']) {
      expect(ed.get(path)).toBe('');
    }
    expect(ed.repetitions('ZZZ.3')).toEqual([]);
    expect(ed.repetitions('PID.2')).toEqual([]);
  });

  it('returns every repetition of a field as components', () => {
    expect(ed.repetitions('PID.3')).toEqual([
      ['1234567', '', '', 'DEMO', 'MR'],
      ['1098765432', '', '', 'MOI', 'NNSAU'],
    ]);
    expect(ed.repetitions('PID.13')).toEqual([
      ['', 'PRN', 'CP', '', '966', '55', '1234567'],
      ['', 'NET', 'Internet', 'khalid@example.sa'],
    ]);
  });

  it('keeps an empty repetition in its place', () => {
    const message = parseMessage(`${MSH}\rPID|1||~123^^^DEMO^MR`);
    expect(message.repetitions('PID.3')).toEqual([[''], ['123', '', '', 'DEMO', 'MR']]);
    expect(message.get('PID.3.1')).toBe('');
  });

  it('keeps subcomponents joined with & in repetitions', () => {
    const message = parseMessage(`${MSH}\rPID|1||123^^^DEMO&2.16.840&ISO^MR`);
    expect(message.repetitions('PID.3')).toEqual([['123', '', '', 'DEMO&2.16.840&ISO', 'MR']]);
  });

  it('lists segment names in order', () => {
    expect(ed.segmentNames()).toEqual(['MSH', 'EVN', 'PID', 'PV1']);
    expect(parseMessage(fixture('siu-s12-appointment.hl7')).segmentNames()).toEqual(['MSH', 'SCH', 'TQ1', 'PID', 'RGS', 'AIL', 'AIP']);
  });

  it('reads the first occurrence of a repeated segment', () => {
    const message = parseMessage(`${MSH}\rOBX|1|TX|||first\rOBX|2|TX|||second`);
    expect(message.get('OBX.5')).toBe('first');
  });

  it('decodes escape sequences, including UTF-8 Arabic sent as hex', () => {
    const lab = parseMessage(fixture('oru-r01-lab.hl7'));
    expect(lab.get('NTE.3')).toBe('Fasting & repeat|see note^2 \\ سكر done');
    expect(parseMessage(fixture('oru-r01-radiology.hl7')).get('OBX.5')).toBe('No acute findings\nHeart size normal');
  });

  it('decodes \\P\\ as the truncation character MSH-2 declares, as our ACKs write it', () => {
    const message = parseMessage('MSH|^~\\&#|HIS|DEMO|||20261129||ADT^A04|1|P|2.7\rMSA|AE|1|cut \\P\\ here\rNTE|1||\\P\\');
    expect(message.get('MSA.3')).toBe('cut # here');
    const withoutTruncation = parseMessage('MSH|^~\\&|HIS|DEMO|||20261129||ADT^A04|1|P|2.5.1\rNTE|1||a\\P\\b');
    expect(withoutTruncation.get('NTE.3')).toBe('a\\P\\b');
  });

  it('splits a message with non-standard delimiters by its own MSH-1/MSH-2', () => {
    const message = parseMessage(fixture('custom-delimiters.hl7'));
    expect(message.get('MSH.9.2')).toBe('A08');
    expect(message.get('PID.3.1')).toBe('1234567');
    expect(message.repetitions('PID.3')).toEqual([
      ['1234567', '', '', 'DEMO', 'MR'],
      ['1098765432', '', '', 'MOI', 'NNSAU'],
    ]);
    expect(message.get('PID.5.2')).toBe('خالد');
    // '|' is plain data here, and \F\ means this message's field separator, '#'.
    expect(message.get('PID.11.1')).toBe('Unit 4|B#2');
    expect(message.get('PV1.3')).toBe('OPD');
  });

  it('reads a message whose data contains "MSH|" (religion code MSH, Muslim), which node-hl7-client rejects', () => {
    const text = fixture('adt-a04-ed-arrival.hl7');
    expect(() => new Message({ text })).toThrow('Multiple MSH segments found');
    expect(ed.get('PID.17')).toBe('MSH');
    expect(ed.get('PID.15')).toBe('ara');
  });

  it('ignores blank lines between segments, which make node-hl7-client throw', () => {
    const text = `${MSH}\r\rPID|1||123\r`;
    expect(() => new Message({ text }).toArray()).toThrow('Segment must have a name');
    expect(parseMessage(text).get('PID.3')).toBe('123');
  });

  it('refuses a second MSH segment: batches must be split first', () => {
    const error = formatError(() => parseMessage(`${MSH}\rPID|1\r${MSH}`));
    expect(error.reason).toBe('message contains 2 MSH segments; split batches into messages first');
    expect(error.conditionCode).toBe('100');
  });

  it('refuses a line that is not a segment', () => {
    const error = formatError(() => parseMessage(`${MSH}\rPID|1||123\rcontinued free text`));
    expect(error.reason).toContain('segment 3 does not start with a segment id');
    expect(formatError(() => parseMessage(`${MSH}\rPID^1`)).reason).toContain('segment 2');
  });

  it('passes header errors through', () => {
    expect(formatError(() => parseMessage('PID|1')).conditionCode).toBe('100');
    expect(formatError(() => parseMessage('MSH|^~\\&|A|B|C|D|2024||ADT^A01||P|2.5')).location).toBe('MSH^1^10');
  });

  it('treats a malformed path as a programming error', () => {
    expect(() => ed.get('PID')).toThrow(TypeError);
    expect(() => ed.get('PID.0')).toThrow(TypeError);
    expect(() => ed.repetitions('PID.3.1')).toThrow(TypeError);
  });
});

describe('the two splitters', () => {
  it('agree on every fixture message node-hl7-client can take', () => {
    for (const name of fixtureNames()) {
      for (const text of splitBatch(fixture(name))) {
        const segments = splitSegments(text);
        const joined = segments.join('\r');
        if (joined.includes('MSH|', 1)) continue;
        expect(splitOurselves(segments, delimitersOf(segments[0]))).toEqual(splitWithLibrary(joined));
      }
    }
  });
});

describe('large messages', () => {
  const big = (extra: string) =>
    `MSH|^~\\&|HIS|DEMO|PX360|PX360|20261129083000+0300||ADT^A04^ADT_A01|C1|P|2.5.1\rPID|1||M1^^^DEMO^MR${extra}||Al-Harbi^Khalid\rPV1|1|O|OPD^101^1`;

  it('are split into the arrays the library would give, a field of 200,000 repetitions included', () => {
    // Found by fuzzing: node-hl7-client spends about 5 µs per value, so a 10 MB frame held the process
    // for half a minute; the split is ours, and this checks that it gives the same arrays.
    const text = big('~X^Y&Z'.repeat(8_000));
    const segments = splitSegments(text);
    expect(splitOurselves(segments, delimitersOf(segments[0]))).toEqual(splitWithLibrary(text));
    const message = parseMessage(big('~X^Y'.repeat(200_000)));
    expect(message.repetitions('PID.3')).toHaveLength(200_001);
    expect(message.get('PID.5.2')).toBe('Khalid');
  });
});

describe('decodeEscapes', () => {
  it.each([
    ['a\\F\\b', 'a|b'],
    ['a\\S\\b\\T\\c\\R\\d\\E\\e', 'a^b&c~d\\e'],
    ['\\H\\bold\\N\\', 'bold'],
    ['line1\\.br\\line2', 'line1\nline2'],
    ['\\X41\\\\X42\\', 'AB'],
    ['\\XD8B3D983D8B1\\', 'سكر'],
    ['\\XE9\\', 'é'],
    ['unknown \\Q\\ kept', 'unknown \\Q\\ kept'],
    ['unterminated \\F', 'unterminated \\F'],
    ['plain', 'plain'],
  ])('%s -> %s', (raw, decoded) => {
    expect(decodeEscapes(raw, STANDARD_DELIMITERS)).toBe(decoded);
  });

  it('uses the message escape character', () => {
    expect(decodeEscapes('a!F!b!S!c', { field: '#', component: '$', repetition: '~', escape: '!', subcomponent: '&' })).toBe('a#b$c');
  });
});
