/**
 * A computation shared for a while: concurrent and repeated requests for the same key get the same
 * answer (one computation) until it is `freshMs` old; a failed computation is not kept. For figures
 * that sum many rows and may lag a little behind (documented where used). `freshMs` 0 shares only
 * what is in flight.
 */
export function sharedFor<T>(freshMs: number, now: () => number = Date.now) {
  const entries = new Map<string, { at: number; value: Promise<T>; settled: boolean }>();
  return (key: string, compute: () => Promise<T>): Promise<T> => {
    const at = now();
    const entry = entries.get(key);
    if (entry && (!entry.settled || at - entry.at < freshMs)) return entry.value;
    for (const [k, e] of entries) if (e.settled && at - e.at >= freshMs) entries.delete(k);
    const value = compute();
    const fresh = { at, value, settled: false };
    entries.set(key, fresh);
    value.then(
      () => {
        fresh.settled = true;
        fresh.at = now();
        if (freshMs <= 0 && entries.get(key) === fresh) entries.delete(key);
      },
      () => {
        if (entries.get(key) === fresh) entries.delete(key);
      },
    );
    return value;
  };
}
