/**
 * Posts per client address in a sliding window. The public complaint form needs no sign-in, so
 * this is what stops one client flooding the PX team's queue. In memory like the login throttle:
 * per API process and forgotten on restart, which is enough to blunt a script.
 */
export class PostLimiter {
  private readonly posts = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Records a post; returns seconds to wait when over the limit, else 0. */
  hit(key: string, now = Date.now()): number {
    const windowStart = now - this.windowMs;
    const recent = (this.posts.get(key) ?? []).filter((t) => t > windowStart);
    if (recent.length >= this.limit) {
      this.posts.set(key, recent);
      return Math.max(1, Math.ceil((recent[0] + this.windowMs - now) / 1000));
    }
    recent.push(now);
    this.posts.set(key, recent);
    if (this.posts.size > 10_000) this.prune(windowStart);
    return 0;
  }

  private prune(windowStart: number): void {
    for (const [key, times] of this.posts) if (times.every((t) => t <= windowStart)) this.posts.delete(key);
  }
}
