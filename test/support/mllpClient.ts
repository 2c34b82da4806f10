import net from 'node:net';
import { encodeFrame, MllpFrameDecoder } from '../../adapters/mllp/frameDecoder';

/** An interface engine's side of an MLLP connection, for tests: send frames, read ACK frames. */
export class MllpTestClient {
  private readonly decoder = new MllpFrameDecoder({ maxFrameBytes: 10 * 1024 * 1024 });
  private readonly frames: Buffer[] = [];
  private waiters: (() => void)[] = [];
  closed = false;

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk) => {
      for (const frame of this.decoder.push(chunk)) if (frame.kind === 'frame') this.frames.push(frame.payload);
      this.notify();
    });
    socket.on('close', () => {
      this.closed = true;
      this.notify();
    });
    socket.on('error', () => undefined);
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((w) => w());
  }

  static connect(port: number): Promise<MllpTestClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host: '127.0.0.1' }, () => resolve(new MllpTestClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Writes bytes exactly as given (no framing added). */
  write(bytes: Buffer | string): void {
    this.socket.write(bytes);
  }

  /** Frames an HL7 message (CR-separated text or bytes) and sends it. */
  sendMessage(message: string | Buffer): void {
    this.write(encodeFrame(typeof message === 'string' ? Buffer.from(message, 'utf8') : message));
  }

  /** The next ACK frame, as latin1/utf8 text. */
  async nextAck(timeoutMs = 10_000, encoding: BufferEncoding = 'utf8'): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (this.frames.length === 0) {
      if (this.closed) throw new Error('connection closed before an ACK arrived');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('no ACK within timeout');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.frames.shift()!.toString(encoding);
  }

  async send(message: string | Buffer): Promise<string> {
    this.sendMessage(message);
    return this.nextAck();
  }

  async waitClosed(timeoutMs = 5_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return this.closed;
  }

  close(): void {
    this.socket.end();
  }
}

/** One field of an HL7 segment in a CR-separated message (`MSA`, 2 -> MSA-2). */
export function field(message: string, segment: string, index: number): string {
  const line = message.split('\r').find((s) => s.startsWith(segment));
  if (!line) return '';
  const separator = line.charAt(3);
  const fields = line.split(separator);
  return (segment === 'MSH' ? ['MSH', separator, ...fields.slice(1)] : fields)[index] ?? '';
}
