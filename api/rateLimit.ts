import { createHash } from 'node:crypto';
import type { Orm } from '../models/orm';

export interface RateLimitHit {
  /** Seconds to wait when over the limit (the hit was not counted), else 0. */
  retryAfterSeconds: number;
  /** Hits from this client in the window, this one included when it was counted (1: the first). */
  hitsInWindow: number;
}

/** Roughly one hit in this many also clears hits older than a day. */
const PRUNE_EVERY = 500;

/**
 * A limit on hits per client in a sliding window that every API process shares, kept in
 * PostgreSQL (`rate_limit_hit`): two `api` processes behind a load balancer allow the limit once,
 * not twice. Each hit counts the client's hits in the window and records itself under a
 * transaction-scoped advisory lock on the client, so racing processes cannot both slip under the
 * limit. A refused hit is not recorded, and the wait is until the oldest counted hit leaves the
 * window. Clients are keyed by a hash of their address.
 */
export class RateLimit {
  constructor(
    private readonly orm: Orm,
    readonly bucket: string,
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  async hit(client: string, now = Date.now()): Promise<RateLimitHit> {
    const key = createHash('sha256').update(`${this.bucket}\u001f${client}`).digest('hex');
    const at = new Date(now);
    const windowStart = new Date(now - this.windowMs);
    const result = await this.orm.em.fork().transactional(async (em) => {
      const connection = em.getConnection();
      const ctx = em.getTransactionContext();
      await connection.execute(`select pg_advisory_xact_lock(hashtextextended(?, 0))`, [key], 'all', ctx);
      const [row]: { hits: string; oldest: Date | null }[] = await connection.execute(
        `select count(*) as hits, min(at) as oldest from rate_limit_hit where bucket = ? and client_key = ? and at > ?`,
        [this.bucket, key, windowStart],
        'all',
        ctx,
      );
      const hits = Number(row.hits);
      if (hits >= this.limit) {
        const oldest = row.oldest ? new Date(row.oldest).getTime() : now;
        return { retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000)), hitsInWindow: hits };
      }
      await connection.execute(`insert into rate_limit_hit (bucket, client_key, at) values (?, ?, ?)`, [this.bucket, key, at], 'run', ctx);
      return { retryAfterSeconds: 0, hitsInWindow: hits + 1 };
    });
    if (Math.random() * PRUNE_EVERY < 1) await this.orm.em.getConnection().execute(`delete from rate_limit_hit where at < now() - interval '1 day'`);
    return result;
  }
}
