/** Days as the hospital lives them: the start of a calendar day in its time zone, as a moment. */

const partsFormat = new Map<string, Intl.DateTimeFormat>();

function zoneParts(ms: number, timeZone: string): number[] {
  let format = partsFormat.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    partsFormat.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return [Number(parts.year), Number(parts.month), Number(parts.day), Number(parts.hour) % 24, Number(parts.minute), Number(parts.second)];
}

/** How far the zone's wall clock runs ahead of UTC at a moment. */
function offsetAt(ms: number, timeZone: string): number {
  const [y, m, d, h, mi, s] = zoneParts(ms, timeZone);
  return Date.UTC(y, m - 1, d, h, mi, s) - Math.floor(ms / 1000) * 1000;
}

/** `2026-12-03` → the moment that day begins in the zone, `days` later when asked. */
export function startOfDay(day: string, timeZone: string, days = 0): Date {
  const [y, m, d] = day.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d + days);
  const guess = wall - offsetAt(wall, timeZone);
  return new Date(wall - offsetAt(guess, timeZone));
}

/** Today's date in the zone as `YYYY-MM-DD`. */
export function todayIn(timeZone: string, now = Date.now()): string {
  const [y, m, d] = zoneParts(now, timeZone);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export const isDay = (value: string | null): value is string => !!value && /^\d{4}-\d{2}-\d{2}$/.test(value);
