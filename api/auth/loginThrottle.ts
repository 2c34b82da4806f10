/**
 * Login attempts per client address in a sliding one-minute window. Account lockout (in the
 * database) stops guessing one account's password; this stops one client hammering many.
 */
export class LoginThrottle {
  private readonly attempts = new Map<string, number[]>();

  constructor(private readonly perMinute: number) {}

  /** Records an attempt; returns seconds to wait when over the limit, else 0. */
  hit(key: string, now = Date.now()): number {
    const windowStart = now - 60_000;
    const recent = (this.attempts.get(key) ?? []).filter((t) => t > windowStart);
    if (recent.length >= this.perMinute) {
      this.attempts.set(key, recent);
      return Math.max(1, Math.ceil((recent[0] + 60_000 - now) / 1000));
    }
    recent.push(now);
    this.attempts.set(key, recent);
    if (this.attempts.size > 10_000) this.prune(windowStart);
    return 0;
  }

  private prune(windowStart: number): void {
    for (const [key, times] of this.attempts) if (times.every((t) => t <= windowStart)) this.attempts.delete(key);
  }
}
