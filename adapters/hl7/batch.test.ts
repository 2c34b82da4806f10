import { splitBatch } from './batch';
import { fixture } from './fixtures/load';
import { parseHeader } from './header';
import { Hl7FormatError } from './types';

const A = 'MSH|^~\\&|HIS|DEMO|PX360|PX360|20240101||ADT^A01|A|P|2.5\rPID|1||111^^^DEMO^MR';
const B = 'MSH|^~\\&|HIS|DEMO|PX360|PX360|20240101||ADT^A08|B|P|2.5\rPID|1||222^^^DEMO^MR\rPV1|1|O';

describe('splitBatch', () => {
  it('returns a single message unchanged', () => {
    const text = fixture('adt-a04-ed-arrival.hl7');
    expect(splitBatch(text)).toEqual([text]);
  });

  it('drops FHS/BHS/BTS/FTS envelopes and returns each message CR-joined', () => {
    const messages = splitBatch(fixture('batch-fhs.hl7'));
    expect(messages).toHaveLength(2);
    expect(messages.map((m) => parseHeader(m).controlId)).toEqual(['DEMO-B-1', 'DEMO-B-2']);
    expect(messages[0].split('\r').map((s) => s.slice(0, 3))).toEqual(['MSH', 'EVN', 'PID', 'PV1']);
    expect(messages.join('\r')).not.toMatch(/FHS|BHS|BTS|FTS/);
  });

  it('starts a new message at every MSH when messages are simply concatenated', () => {
    expect(splitBatch(`${A}\r${B}\r`)).toEqual([A, B]);
  });

  it('accepts LF or CRLF segment ends and skips blank lines', () => {
    expect(splitBatch(`${A}\r\n\r\n${B}`.replace(/\r(?!\n)/g, '\n'))).toEqual([A, B]);
  });

  it('refuses text without any MSH segment', () => {
    for (const text of ['', 'hello', 'BHS|^~\\&|HIS\rBTS|0', 'PID|1||123']) {
      expect(() => splitBatch(text)).toThrow(new Hl7FormatError('no MSH segment', '100'));
    }
  });

  it('refuses data before the first MSH instead of dropping it', () => {
    expect(() => splitBatch(`PID|1||999\r${A}`)).toThrow(Hl7FormatError);
    expect(() => splitBatch(`PID|1||999\r${A}`)).toThrow('segment PID appears before the first MSH segment');
  });
});
