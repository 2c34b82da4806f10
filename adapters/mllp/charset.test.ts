import { Hl7FormatError } from '../hl7/types';
import { charsetFromMsh18, decodePayload, encodeText, normaliseSegments, readMsh18 } from './charset';

/** An MSH segment with MSH-18 set (fields[17] when split on `|`). */
const msh = (msh18: string, sep = '|', enc = '^~\\&') =>
  ['MSH', enc, 'HIS', 'KFSH', 'PX360', 'PX360', '20240101120000', '', 'ADT^A04^ADT_A01', 'C1', 'P', '2.5.1', '', '', '', '', '', msh18].join(sep);

const ascii = (text: string) => Buffer.from(text, 'latin1');

/** Catches a thrown Hl7FormatError so its fields can be checked. */
function formatError(run: () => unknown): Hl7FormatError {
  try {
    run();
  } catch (error) {
    if (error instanceof Hl7FormatError) return error;
    throw error;
  }
  throw new Error('expected an Hl7FormatError');
}

describe('charsetFromMsh18', () => {
  it('maps HL7 table 0211 names', () => {
    expect(charsetFromMsh18('UNICODE UTF-8', 'ASCII')).toBe('UTF-8');
    expect(charsetFromMsh18('8859/6', 'UTF-8')).toBe('ISO-8859-6');
    expect(charsetFromMsh18('8859/1', 'UTF-8')).toBe('ISO-8859-1');
    expect(charsetFromMsh18('ASCII', 'UTF-8')).toBe('ASCII');
    expect(charsetFromMsh18(' unicode  utf-8 ', 'ASCII')).toBe('UTF-8');
  });

  it('uses the source default when MSH-18 is empty', () => {
    expect(charsetFromMsh18(undefined, 'ISO-8859-6')).toBe('ISO-8859-6');
    expect(charsetFromMsh18('', 'UTF-8')).toBe('UTF-8');
    expect(charsetFromMsh18('  ', 'ISO-8859-1')).toBe('ISO-8859-1');
  });

  it('rejects a charset we do not support with table-value error 103 at MSH-18', () => {
    const error = formatError(() => charsetFromMsh18('UNICODE UTF-16', 'UTF-8'));
    expect(error.reason).toBe('unsupported character set "UNICODE UTF-16" in MSH-18');
    expect(error.conditionCode).toBe('103');
    expect(error.location).toBe('MSH^1^18');
  });
});

describe('readMsh18', () => {
  it('reads MSH-18 from the first segment', () => {
    expect(readMsh18(ascii(`${msh('8859/6')}\rPID|||1`))).toBe('8859/6');
    expect(readMsh18(ascii(`${msh('UNICODE UTF-8')}\nPID|||1`))).toBe('UNICODE UTF-8');
  });

  it('takes the first repetition', () => {
    expect(readMsh18(ascii(msh('8859/6~UNICODE UTF-8')))).toBe('8859/6');
  });

  it('uses the delimiters the message declares', () => {
    const payload = ascii(`${msh('8859/6$UNICODE UTF-8', '#', '^$~\\&')}\rPID###1`);
    expect(payload.toString('latin1').startsWith('MSH#^$~\\&#HIS#')).toBe(true);
    expect(readMsh18(payload)).toBe('8859/6');
  });

  it('returns empty when MSH-18 is absent or there is no MSH', () => {
    expect(readMsh18(ascii('MSH|^~\\&|HIS|KFSH|||20240101||ADT^A04|1|P|2.5.1\rPID|||1||||||||||||||||8859/6'))).toBe('');
    expect(readMsh18(ascii('PID|||1'))).toBe('');
    expect(readMsh18(ascii('MSH'))).toBe('');
    expect(readMsh18(Buffer.alloc(0))).toBe('');
  });

  it('reads the first MSH of a batch', () => {
    const batch = `FHS|^~\\&|HIS|KFSH\rBHS|^~\\&|HIS|KFSH\r${msh('8859/1')}\rPID|||1\r${msh('ASCII')}\rBTS|2\rFTS|1`;
    expect(readMsh18(ascii(batch))).toBe('8859/1');
    expect(readMsh18(ascii(`BHS|^~\\&|HIS|KFSHMSH\n${msh('ASCII')}`))).toBe('ASCII');
  });

  it('reads past a UTF-8 BOM and multi-byte characters before MSH-18', () => {
    const header = msh('UNICODE UTF-8').replace('KFSH', 'مستشفى');
    expect(readMsh18(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(header, 'utf8')]))).toBe('UNICODE UTF-8');
  });
});

describe('decodePayload', () => {
  it('decodes UTF-8 Arabic names', () => {
    const text = `${msh('UNICODE UTF-8')}\rPID|||1^^^^MR||محمد^أحمد`;
    expect(decodePayload(Buffer.from(text, 'utf8'), 'ASCII')).toEqual({ text, charset: 'UTF-8' });
  });

  it('decodes ISO-8859-6 Arabic names from hand-written bytes', () => {
    const payload = Buffer.concat([ascii(`${msh('8859/6')}\rPID|||1^^^^MR||`), Buffer.from([0xe5, 0xcd, 0xe5, 0xcf])]);
    const { text, charset } = decodePayload(payload, 'UTF-8');
    expect(charset).toBe('ISO-8859-6');
    expect(text.endsWith('||محمد')).toBe(true);
  });

  it('round-trips ISO-8859-6 through encodeText', () => {
    const text = `${msh('8859/6')}\rPID|||1^^^^MR||محمد^عبدالله، علي`;
    const bytes = encodeText(text, 'ISO-8859-6');
    expect(bytes.length).toBe(text.length);
    expect(decodePayload(bytes, 'UTF-8')).toEqual({ text, charset: 'ISO-8859-6' });
  });

  it('uses the fallback when MSH-18 is empty', () => {
    const payload = Buffer.concat([ascii('MSH|^~\\&|HIS\rPID|||1||'), Buffer.from([0xe5, 0xcd, 0xe5, 0xcf])]);
    expect(decodePayload(payload, 'ISO-8859-6').text.endsWith('محمد')).toBe(true);
  });

  it('refuses invalid UTF-8 with data-type error 102', () => {
    const payload = Buffer.concat([ascii(`${msh('UNICODE UTF-8')}\rPID|||1||`), Buffer.from([0xd9])]);
    const error = formatError(() => decodePayload(payload, 'UTF-8'));
    expect(error.reason).toMatch(/^message is not valid UTF-8/);
    expect(error.conditionCode).toBe('102');
  });

  it('refuses ISO-8859-6 bytes the charset leaves undefined', () => {
    const payload = Buffer.concat([ascii(`${msh('8859/6')}\rPID|||1||`), Buffer.from([0xa1])]);
    expect(formatError(() => decodePayload(payload, 'UTF-8')).conditionCode).toBe('102');
  });

  it('refuses non-ASCII bytes in an ASCII message and names the offset', () => {
    const prefix = `${msh('ASCII')}\rPID|||1||`;
    const error = formatError(() => decodePayload(Buffer.concat([ascii(prefix), Buffer.from([0xe9])]), 'UTF-8'));
    expect(error.reason).toBe(`message declares ASCII but has byte 0xE9 at offset ${prefix.length}`);
    expect(error.conditionCode).toBe('102');
  });

  it('decodes ISO-8859-1 byte for byte, C1 range included', () => {
    const payload = Buffer.concat([ascii(`${msh('8859/1')}\rPID|||1||`), Buffer.from([0xe9, 0x80])]);
    expect(decodePayload(payload, 'UTF-8').text.endsWith('||é\u0080')).toBe(true);
  });

  it('strips a UTF-8 BOM', () => {
    const text = `${msh('UNICODE UTF-8')}\rPID|||1`;
    const payload = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    expect(decodePayload(payload, 'UTF-8').text).toBe(text);
    expect(decodePayload(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), ascii('MSH|^~\\&|A')]), 'ASCII').text).toBe('MSH|^~\\&|A');
  });

  it('passes on an unsupported MSH-18', () => {
    expect(formatError(() => decodePayload(ascii(msh('ISO IR192')), 'UTF-8')).conditionCode).toBe('103');
  });
});

describe('encodeText', () => {
  it('writes each charset, replacing what it cannot hold with ?', () => {
    expect(encodeText('MSA|AA|محمد', 'UTF-8')).toEqual(Buffer.from('MSA|AA|محمد', 'utf8'));
    expect(encodeText('محمد', 'ISO-8859-6')).toEqual(Buffer.from([0xe5, 0xcd, 0xe5, 0xcf]));
    expect(encodeText('é€محمد', 'ISO-8859-6')).toEqual(Buffer.from([0x3f, 0x3f, 0xe5, 0xcd, 0xe5, 0xcf]));
    expect(encodeText('café محمد 😀', 'ISO-8859-1')).toEqual(Buffer.from('caf\xe9 ???? ?', 'latin1'));
    expect(encodeText('café', 'ASCII')).toEqual(Buffer.from('caf?', 'latin1'));
  });
});

describe('normaliseSegments', () => {
  it('turns CRLF and LF into CR and drops empty and whitespace-only segments', () => {
    expect(normaliseSegments('MSH|1\r\nPID|2\nPV1|3\rOBX|4\r\n\r\n  \n')).toBe('MSH|1\rPID|2\rPV1|3\rOBX|4');
    expect(normaliseSegments('MSH|1\r\rPID|2\r \t\rPV1|3')).toBe('MSH|1\rPID|2\rPV1|3');
    expect(normaliseSegments('MSH|1')).toBe('MSH|1');
  });
});
