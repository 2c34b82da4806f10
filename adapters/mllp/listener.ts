import fs from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../config/logger';
import { encodeFrame, MllpFrameDecoder, type DecodedFrame } from './frameDecoder';
import type { Hl7Intake } from './intake';

export interface MllpListenerOptions {
  host: string;
  port: number;
  maxFrameBytes: number;
  idleTimeoutMs: number;
  /** Connections open at once; one more is closed as it arrives (default 64, PX_MLLP_MAX_CONNECTIONS). */
  maxConnections?: number;
  /** A frame begun must end within this, however slowly its bytes trickle in, which resets the idle timeout (default 60 s). */
  frameDeadlineMs?: number;
  tls?: { certFile: string; keyFile: string };
  intake: Hl7Intake;
  log: Logger;
}

export interface RunningMllpListener {
  port: number;
  connectionCount(): number;
  /** Stops accepting, lets each connection finish the frames it has, then closes them. */
  close(graceMs?: number): Promise<void>;
}

const DEFAULT_MAX_CONNECTIONS = 64;
const DEFAULT_FRAME_DEADLINE_MS = 60_000;

/** Frames waiting on one connection before we stop reading from it. */
const HIGH_WATER_FRAMES = 64;

class MllpConnection {
  private readonly decoder: MllpFrameDecoder;
  /** Reading frames and queueing them for the inbox, one at a time in arrival order. */
  private reading: Promise<unknown> = Promise.resolve();
  /** Waiting for each frame's commit and writing its ACKs, in the same order. */
  private work: Promise<void> = Promise.resolve();
  private pending = 0;
  private closing = false;
  private frameDeadline?: NodeJS.Timeout;

  constructor(
    private readonly socket: net.Socket,
    private readonly options: MllpListenerOptions,
  ) {
    this.decoder = new MllpFrameDecoder({ maxFrameBytes: options.maxFrameBytes });
    socket.setTimeout(options.idleTimeoutMs, () => {
      options.log.info({ remote: this.remote }, 'MLLP connection idle: closing');
      socket.end();
    });
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error) => options.log.warn({ remote: this.remote, err: error }, 'MLLP connection error'));
  }

  get remote(): string {
    return `${this.socket.remoteAddress}:${this.socket.remotePort}`;
  }

  /** Resolves once every frame received so far has been stored and answered. */
  drained(): Promise<void> {
    return this.work;
  }

  end(): void {
    this.closing = true;
    this.socket.end();
  }

  /** Starts the frame deadline when a frame is open, clears it when none is. */
  private watchFrame(): void {
    if (!this.decoder.frameOpen) {
      clearTimeout(this.frameDeadline);
      this.frameDeadline = undefined;
      return;
    }
    this.frameDeadline ??= setTimeout(() => {
      // A sender holding a frame open this long is stuck or hostile: nothing in it can be acknowledged.
      this.options.log.warn({ remote: this.remote, bufferedBytes: this.decoder.bufferedBytes }, 'MLLP frame not finished within its deadline: closing the connection');
      this.closing = true;
      this.socket.destroy();
    }, this.options.frameDeadlineMs ?? DEFAULT_FRAME_DEADLINE_MS);
  }

  stopTimers(): void {
    clearTimeout(this.frameDeadline);
  }

  private onData(chunk: Buffer): void {
    if (this.closing) return;
    const frames = this.decoder.push(chunk);
    this.watchFrame();
    for (const frame of frames) {
      this.pending += 1;
      if (this.pending >= HIGH_WATER_FRAMES) this.socket.pause();
      // Frames of one connection are queued for the inbox strictly in order, and each is
      // acknowledged only after it is committed; the next frame is read while one commits.
      const accepted = this.accept(frame);
      this.reading = accepted.catch(() => undefined);
      this.work = this.work.then(() => this.answer(frame, accepted)).finally(() => {
        this.pending -= 1;
        if (this.pending < HIGH_WATER_FRAMES / 2 && !this.closing) this.socket.resume();
      });
    }
  }

  private accept(frame: DecodedFrame): Promise<{ acks: Promise<Buffer[]> }> {
    const sender = { remoteAddress: this.socket.remoteAddress };
    return this.reading.then(() =>
      frame.kind === 'frame'
        ? this.options.intake.acceptFrame(frame.payload, sender)
        : this.options.intake.acceptOversize(frame.head, frame.size, this.options.maxFrameBytes, sender),
    );
  }

  private async answer(frame: DecodedFrame, accepted: Promise<{ acks: Promise<Buffer[]> }>): Promise<void> {
    try {
      const acks = await (await accepted).acks;
      if (this.socket.destroyed) return;
      for (const ack of acks) await this.write(encodeFrame(ack));
      if (frame.kind === 'oversize') this.end();
    } catch (error) {
      // Storage failed: no ACK, so the sender keeps the message and sends it again.
      this.options.log.error({ remote: this.remote, err: error }, 'could not store an inbound message; closing the connection unacknowledged');
      this.closing = true;
      this.socket.destroy();
    }
  }

  private write(bytes: Buffer): Promise<void> {
    if (this.socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      if (this.socket.write(bytes)) resolve();
      else this.socket.once('drain', () => resolve());
    });
  }
}

/** Our own MLLP listener: one decoder and one ordered work queue per connection. */
export async function startMllpListener(options: MllpListenerOptions): Promise<RunningMllpListener> {
  const connections = new Set<MllpConnection>();
  const onConnection = (socket: net.Socket) => {
    const limit = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
    if (connections.size >= limit) {
      options.log.warn({ remote: `${socket.remoteAddress}:${socket.remotePort}`, limit }, 'MLLP connection limit reached: connection refused');
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    const connection = new MllpConnection(socket, options);
    connections.add(connection);
    socket.once('close', () => {
      connection.stopTimers();
      connections.delete(connection);
    });
  };
  const server = options.tls
    ? tls.createServer({ cert: fs.readFileSync(options.tls.certFile), key: fs.readFileSync(options.tls.keyFile) }, onConnection)
    : net.createServer(onConnection);
  server.on('error', (error) => options.log.error({ err: error }, 'MLLP listener error'));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  options.log.info({ port, tls: Boolean(options.tls) }, 'MLLP listener ready');

  return {
    port,
    connectionCount: () => connections.size,
    async close(graceMs = 5_000) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const open = [...connections];
      const drained = Promise.all(open.map((c) => c.drained()));
      await Promise.race([drained, new Promise((r) => setTimeout(r, graceMs))]);
      for (const connection of open) connection.end();
      await Promise.race([closed, new Promise((r) => setTimeout(r, 1_000))]);
    },
  };
}
