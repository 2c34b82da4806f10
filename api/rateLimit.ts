import { createHash } from 'node:crypto';
import type { Orm } from '../models/orm';

export interface RateLimitHit {
  /** Seconds to wait when over the limit, else 0. */
  retryAfterSeconds: number;
  /** Hits from this client in the current window, this one included (1: the first). */
  hitsInWindow: number;
}

/** Roughly one hit in this many also clears windows older than a day. */
const PRUNE_EVERY = 500;

/**
 * A limit on hits per client that every API process shares, kept in PostgreSQL (`rate_limit_hit`):
 * two `api` processes behind a load balancer allow the limit once, not twice. Sliding window by
 * the usual two-window estimate (this window's hits plus the previous window's, weighted by how
 * much of it still overlaps), one statement per hit. Clients are keyed by a hash of their address.
 */
export class RateLimit {
  constructor(
    private readonly orm: Orm,
    readonly bucket: string,
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  async hit(client: string, now = Date.now()): Promise<RateLimitHit> {
    const windowStart = Math.floor(now / this.windowMs) * this.windowMs;
    const key = createHash('sha256').update(`${this.bucket}\u001f${client}`).digest('hex');
    const connection = this.orm.em.getConnection();
    const [row]: { current: number; previous: number }[] = await connection.execute(
      `with hit as (
         insert into rate_limit_hit (bucket, client_key, window_start, hits) values (?, ?, to_timestamp(? / 1000.0), 1)
         on conflict (bucket, client_key, window_start) do update set hits = rate_limit_hit.hits + 1
         returning hits
       )
       select (select hits from hit) as current,
              coalesce((select hits from rate_limit_hit where bucket = ? and client_key = ? and window_start = to_timestamp(? / 1000.0)), 0) as previous`,
      [this.bucket, key, windowStart, this.bucket, key, windowStart - this.windowMs],
    );
    if (Math.random() * PRUNE_EVERY < 1) await connection.execute(`delete from rate_limit_hit where window_start < now() - interval '1 day'`);
    const overlap = 1 - (now - windowStart) / this.windowMs;
    const estimate = Number(row.current) + Number(row.previous) * overlap;
    const retryAfterSeconds = estimate > this.limit ? Math.max(1, Math.ceil((windowStart + this.windowMs - now) / 1000)) : 0;
    return { retryAfterSeconds, hitsInWindow: Number(row.current) };
  }
}
