/**
 * MLLP framing: `0x0B payload 0x1C 0x0D`. The decoder works on bytes only, because a chunk boundary may fall
 * inside a multi-byte character and the charset is only known once MSH-18 has been read from the whole frame.
 */

export const MLLP = { START: 0x0b, END: 0x1c, CR: 0x0d } as const;

/** How many payload bytes an oversize report carries: enough to read MSH and answer AR. */
export const OVERSIZE_HEAD_BYTES = 4096;

export type DecodedFrame =
  | { kind: 'frame'; payload: Buffer }
  /** A frame whose payload passed the cap; `size` is the bytes seen when the cap was crossed. */
  | { kind: 'oversize'; head: Buffer; size: number };

/** Wraps a payload in MLLP start and end blocks. */
export function encodeFrame(payload: Buffer): Buffer {
  const framed = Buffer.allocUnsafe(payload.length + 3);
  framed[0] = MLLP.START;
  payload.copy(framed, 1);
  framed[payload.length + 1] = MLLP.END;
  framed[payload.length + 2] = MLLP.CR;
  return framed;
}

/**
 * Streaming decoder for one connection. Partial frames are kept between `push` calls as a list of slices and
 * joined once when the frame ends, so a frame spread over many chunks costs one copy, not one per chunk.
 * Slices refer to the pushed chunks, so a chunk must not be modified after it is pushed (socket chunks never are).
 */
export class MllpFrameDecoder {
  private readonly maxFrameBytes: number;
  private inFrame = false;
  /** Slices of the current frame's payload; empty once the frame went over the cap. */
  private parts: Buffer[] = [];
  private partsLength = 0;
  /** Payload bytes seen in the current frame, including those skipped after the cap. */
  private frameSize = 0;
  private oversized = false;
  /** The previous chunk ended right after 0x1C, so a 0x0D opening the next chunk still belongs to that frame. */
  private swallowCr = false;
  private discarded = 0;

  constructor({ maxFrameBytes }: { maxFrameBytes: number }) {
    if (!Number.isInteger(maxFrameBytes) || maxFrameBytes < 1) {
      throw new RangeError(`maxFrameBytes must be a positive integer (got ${maxFrameBytes})`);
    }
    this.maxFrameBytes = maxFrameBytes;
  }

  /** Bytes thrown away so far: anything outside a frame, plus frames abandoned by a new start block. */
  get discardedBytes(): number {
    return this.discarded;
  }

  /** A start block has been read and its frame has not ended yet. */
  get frameOpen(): boolean {
    return this.inFrame;
  }

  /** Payload bytes currently held for an unfinished frame (never more than `maxFrameBytes`). */
  get bufferedBytes(): number {
    return this.partsLength;
  }

  push(chunk: Buffer): DecodedFrame[] {
    const out: DecodedFrame[] = [];
    if (chunk.length === 0) return out;

    let pos = 0;
    if (this.swallowCr) {
      this.swallowCr = false;
      if (chunk[0] === MLLP.CR) pos = 1;
    }

    while (pos < chunk.length) {
      if (!this.inFrame) {
        pos = this.seekStart(chunk, pos);
        continue;
      }

      const end = chunk.indexOf(MLLP.END, pos);
      const limit = end === -1 ? chunk.length : end;
      // Only look for a restart before this frame's end, so each byte is scanned once.
      const restart = chunk.subarray(pos, limit).indexOf(MLLP.START);

      if (restart !== -1) {
        // The sender began a new frame without finishing this one: drop what we have of it. Its bytes
        // still count towards the cap first, so an abandoned frame over it is reported however the stream was split.
        this.append(chunk.subarray(pos, pos + restart), out);
        this.discarded += 1 + this.frameSize;
        this.beginFrame();
        pos += restart + 1;
      } else if (end !== -1) {
        this.append(chunk.subarray(pos, end), out);
        this.finishFrame(out);
        pos = end + 1;
        // The trailing 0x0D is optional; when the chunk ends here it may open the next chunk instead.
        if (pos === chunk.length) this.swallowCr = true;
        else if (chunk[pos] === MLLP.CR) pos += 1;
      } else {
        // The frame continues in a later chunk. Only a frame's first slice can be part of a larger chunk, so
        // holding slices keeps memory within maxFrameBytes plus one chunk.
        this.append(chunk.subarray(pos), out);
        pos = chunk.length;
      }
    }
    return out;
  }

  /** Skips to the next start block, counting what lies before it as discarded. */
  private seekStart(chunk: Buffer, pos: number): number {
    const start = chunk.indexOf(MLLP.START, pos);
    if (start === -1) {
      this.discarded += chunk.length - pos;
      return chunk.length;
    }
    this.discarded += start - pos;
    this.beginFrame();
    return start + 1;
  }

  private beginFrame(): void {
    this.inFrame = true;
    this.parts = [];
    this.partsLength = 0;
    this.frameSize = 0;
    this.oversized = false;
  }

  /** Adds payload bytes; the moment the cap is crossed, reports once and stops buffering. */
  private append(slice: Buffer, out: DecodedFrame[]): void {
    if (slice.length === 0) return;
    this.frameSize += slice.length;
    if (this.oversized) return;

    if (this.frameSize > this.maxFrameBytes) {
      this.parts.push(slice);
      // Buffer.concat copies, so the head never keeps the large chunk alive.
      const head = Buffer.concat(this.parts, Math.min(OVERSIZE_HEAD_BYTES, this.frameSize));
      out.push({ kind: 'oversize', head, size: this.frameSize });
      this.oversized = true;
      this.parts = [];
      this.partsLength = 0;
      return;
    }
    this.parts.push(slice);
    this.partsLength += slice.length;
  }

  private finishFrame(out: DecodedFrame[]): void {
    if (!this.oversized) {
      // Always a copy: the payload owns its memory and pins none of the chunks it came from.
      out.push({ kind: 'frame', payload: Buffer.concat(this.parts, this.partsLength) });
    }
    this.inFrame = false;
    this.parts = [];
    this.partsLength = 0;
    this.frameSize = 0;
    this.oversized = false;
  }
}
