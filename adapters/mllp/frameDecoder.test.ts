import { DecodedFrame, MLLP, MllpFrameDecoder, encodeFrame } from './frameDecoder';

const { START, END, CR } = MLLP;

const msg = (text: string) => Buffer.from(text, 'utf8');
const payloads = (frames: DecodedFrame[]) =>
  frames.map((f) => (f.kind === 'frame' ? f.payload.toString('utf8') : `oversize:${f.size}`));

/** Feeds the chunks in order and collects every decoded frame. */
function decodeAll(decoder: MllpFrameDecoder, chunks: Buffer[]): DecodedFrame[] {
  return chunks.flatMap((chunk) => decoder.push(chunk));
}

/** Splits a buffer at the given offsets. */
function splitAt(buffer: Buffer, offsets: number[]): Buffer[] {
  const cuts = [0, ...offsets, buffer.length];
  return cuts.slice(1).map((end, i) => buffer.subarray(cuts[i], end));
}

/** Small deterministic PRNG so split points are random but reproducible. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const ADT = 'MSH|^~\\&|HIS|KFSH|PX360|PX360|20240101120000||ADT^A04^ADT_A01|1|P|2.5.1\rPID|||123^^^^MR||محمد^أحمد';

describe('MllpFrameDecoder', () => {
  it('decodes many frames from one chunk', () => {
    const decoder = new MllpFrameDecoder({ maxFrameBytes: 1 << 20 });
    const chunk = Buffer.concat([encodeFrame(msg('A')), encodeFrame(msg('B')), encodeFrame(msg(ADT))]);
    expect(payloads(decoder.push(chunk))).toEqual(['A', 'B', ADT]);
    expect(decoder.discardedBytes).toBe(0);
    expect(decoder.bufferedBytes).toBe(0);
  });

  it('decodes one frame pushed a byte at a time', () => {
    const decoder = new MllpFrameDecoder({ maxFrameBytes: 1 << 20 });
    const framed = encodeFrame(msg(ADT));
    const out: DecodedFrame[] = [];
    for (let i = 0; i < framed.length; i += 1) out.push(...decoder.push(framed.subarray(i, i + 1)));
    expect(payloads(out)).toEqual([ADT]);
    expect(decoder.discardedBytes).toBe(0);
  });

  it('keeps a 2-byte Arabic character intact when a chunk splits it', () => {
    const decoder = new MllpFrameDecoder({ maxFrameBytes: 1 << 20 });
    const framed = encodeFrame(msg(ADT));
    // 'م' is 0xD9 0x85 in UTF-8; split between those two bytes.
    const lead = framed.indexOf(Buffer.from('م', 'utf8'));
    expect(framed[lead]).toBe(0xd9);
    const out = decodeAll(decoder, splitAt(framed, [lead + 1]));
    expect(out).toHaveLength(1);
    expect((out[0] as { payload: Buffer }).payload.equals(msg(ADT))).toBe(true);
  });

  it('swallows a CR that arrives in the chunk after the end block', () => {
    const decoder = new MllpFrameDecoder({ maxFrameBytes: 1 << 20 });
    const framed = encodeFrame(msg('first'));
    const [head, tail] = splitAt(framed, [framed.length - 1]);
    expect(head[head.length - 1]).toBe(END);
    expect(tail).toEqual(Buffer.from([CR]));
    expect(payloads(decoder.push(head))).toEqual(['first']);
    expect(payloads(decoder.push(Buffer.concat([tail, encodeFrame(msg('second'))])))).toEqual(['second']);
    expect(decoder.discardedBytes).toBe(0);
  });

  it('keeps waiting for that CR across an empty chunk', () => {
    const decoder = new MllpFrameDecoder({ maxFrameBytes: 100 });
    decoder.push(Buffer.from([START, 0x41, END]));
    expect(decoder.push(Buffer.alloc(0))).toEqual([]);
    decoder.push(Buffer.from([CR]));
    expect(decoder.discardedBytes).toBe(0);
  });

  it('tolerates a missing trailing CR', () => {
    const decoder = new MllpFrameDecoder({ maxFrameBytes: 1 << 20 });
    const chunk = Buffer.concat([
      Buffer.from([START]), msg('one'), Buffer.from([END]),
      Buffer.from([START]), msg('two'), Buffer.from([END]),
    ]);
    expect(payloads(decoder.push(chunk))).toEqual(['one', 'two']);
    // The next chunk begins with a new frame, not a CR, and nothing is lost.
    expect(payloads(decoder.push(encodeFrame(msg('three'))))).toEqual(['three']);
    expect(decoder.discardedBytes).toBe(0);
  });

  it('discards and counts bytes before the first frame and between frames', () => {
    const decoder = new MllpFrameDecoder({ maxFrameBytes: 1 << 20 });
    const chunk = Buffer.concat([msg('noise\r\n'), encodeFrame(msg('A')), msg('xyz'), encodeFrame(msg('B')), msg('tail')]);
    expect(payloads(decoder.push(chunk))).toEqual(['A', 'B']);
    expect(decoder.discardedBytes).toBe('noise\r\n'.length + 3 + 4);
    expect(payloads(decoder.push(msg('more garbage')))).toEqual([]);
    expect(decoder.discardedBytes).toBe(14 + 'more garbage'.length);
  });

  it('starts over when a start block appears inside an unfinished frame', () => {
    const decoder = new MllpFrameDecoder({ maxFrameBytes: 1 << 20 });
    const first = decoder.push(Buffer.concat([Buffer.from([START]), msg('MSH|partial')]));
    expect(first).toEqual([]);
    const out = decoder.push(Buffer.concat([msg('-more'), encodeFrame(msg('whole'))]));
    expect(payloads(out)).toEqual(['whole']);
    // The abandoned frame: its start block and 'MSH|partial-more'.
    expect(decoder.discardedBytes).toBe(1 + 'MSH|partial-more'.length);
  });

  it('reports an abandoned frame over the cap whether or not its restart arrives in the same chunk', () => {
    // Found by fuzzing: whole, the abandoned frame was dropped silently; a byte at a time, it was reported.
    const stream = Buffer.concat([Buffer.from([START]), msg('0123456789AB'), encodeFrame(msg('next'))]);
    const whole = new MllpFrameDecoder({ maxFrameBytes: 10 });
    const single = new MllpFrameDecoder({ maxFrameBytes: 10 });
    const wholeOut = whole.push(stream);
    const singleOut = decodeAll(single, [...stream].map((b) => Buffer.from([b])));
    expect(wholeOut.map((f) => f.kind)).toEqual(['oversize', 'frame']);
    expect(singleOut.map((f) => f.kind)).toEqual(['oversize', 'frame']);
    expect((wholeOut[0] as { head: Buffer }).head.subarray(0, 11)).toEqual(msg('0123456789A'));
    expect(payloads(wholeOut.slice(1))).toEqual(['next']);
    expect(whole.discardedBytes).toBe(single.discardedBytes);
    expect(whole.discardedBytes).toBe(1 + 12);
  });

  it('decodes the same frames however the stream is split', () => {
    const texts = ['A', ADT, '', 'x'.repeat(300), 'مرحبا بالعالم'];
    const stream = Buffer.concat([
      msg('junk'),
      ...texts.map((t, i) => (i === 2 ? Buffer.concat([Buffer.from([START]), msg(t), Buffer.from([END])]) : encodeFrame(msg(t)))),
    ]);
    const random = prng(42);
    for (let run = 0; run < 300; run += 1) {
      const cuts = Array.from({ length: 1 + Math.floor(random() * 12) }, () => Math.floor(random() * stream.length)).sort(
        (a, b) => a - b,
      );
      const decoder = new MllpFrameDecoder({ maxFrameBytes: 1 << 20 });
      expect(payloads(decodeAll(decoder, splitAt(stream, cuts)))).toEqual(texts);
      expect(decoder.discardedBytes).toBe(4);
    }
  });

  it('reports an oversize frame once with its head, then decodes the next frame', () => {
    const decoder = new MllpFrameDecoder({ maxFrameBytes: 10_000 });
    const big = msg(`MSH|^~\\&|HIS|KFSH|||20240101||ADT^A04|BIG1|P|2.5.1\r${'Z'.repeat(20_000)}`);
    const framed = encodeFrame(big);
    const out = decodeAll(decoder, [...splitAt(framed, [3000, 6000, 9000, 12_000, 15_000]), encodeFrame(msg('next'))]);

    expect(out.map((f) => f.kind)).toEqual(['oversize', 'frame']);
    const oversize = out[0] as Extract<DecodedFrame, { kind: 'oversize' }>;
    // Crossed in the chunk ending at byte 12 000 of the stream, i.e. 11 999 payload bytes.
    expect(oversize.size).toBe(11_999);
    expect(oversize.head.length).toBe(4096);
    expect(oversize.head.equals(big.subarray(0, 4096))).toBe(true);
    expect(oversize.head.toString('latin1')).toContain('|BIG1|');
    expect(payloads(out.slice(1))).toEqual(['next']);
    expect(decoder.discardedBytes).toBe(0);
  });

  it('reports a frame over the cap even when it arrives whole, and accepts one exactly at the cap', () => {
    const decoder = new MllpFrameDecoder({ maxFrameBytes: 10 });
    const out = decoder.push(Buffer.concat([encodeFrame(msg('0123456789')), encodeFrame(msg('0123456789A'))]));
    expect(out).toEqual([
      { kind: 'frame', payload: msg('0123456789') },
      { kind: 'oversize', head: msg('0123456789A'), size: 11 },
    ]);
  });

  it('keeps memory bounded while skipping a 50 MB frame over a 2 MB cap', () => {
    const MB = 1 << 20;
    const cap = 2 * MB;
    const decoder = new MllpFrameDecoder({ maxFrameBytes: cap });
    const filler = Buffer.alloc(MB, 0x41);
    const first = Buffer.concat([Buffer.from([START]), filler.subarray(1)]);
    const last = Buffer.concat([filler.subarray(2), Buffer.from([END, CR])]);

    const out: DecodedFrame[] = [];
    for (let i = 0; i < 50; i += 1) {
      const chunk = i === 0 ? first : i === 49 ? last : filler;
      out.push(...decoder.push(chunk));
      expect(decoder.bufferedBytes).toBeLessThanOrEqual(cap + MB);
    }
    out.push(...decoder.push(encodeFrame(msg('after'))));

    expect(out.map((f) => f.kind)).toEqual(['oversize', 'frame']);
    // Payload after three chunks is 3 MB minus the start block: the first moment it passes 2 MB.
    expect((out[0] as { size: number }).size).toBe(3 * MB - 1);
    expect((out[0] as { head: Buffer }).head.length).toBe(4096);
    expect(payloads(out.slice(1))).toEqual(['after']);
    expect(decoder.bufferedBytes).toBe(0);
  });

  it('hands out payloads that do not share memory with the pushed chunk', () => {
    const decoder = new MllpFrameDecoder({ maxFrameBytes: 100 });
    const chunk = encodeFrame(msg('abc'));
    const [frame] = decoder.push(chunk);
    chunk.fill(0);
    expect((frame as { payload: Buffer }).payload.toString()).toBe('abc');
  });

  it('refuses a cap that is not a positive integer', () => {
    expect(() => new MllpFrameDecoder({ maxFrameBytes: 0 })).toThrow(RangeError);
  });
});

describe('encodeFrame', () => {
  it('wraps the payload in start and end blocks and round-trips through the decoder', () => {
    const payload = msg(ADT);
    const framed = encodeFrame(payload);
    expect(framed[0]).toBe(0x0b);
    expect(framed.subarray(-2)).toEqual(Buffer.from([0x1c, 0x0d]));
    expect(framed.subarray(1, -2).equals(payload)).toBe(true);
    expect(new MllpFrameDecoder({ maxFrameBytes: 1 << 20 }).push(framed)).toEqual([{ kind: 'frame', payload }]);
  });
});
