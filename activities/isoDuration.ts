const PATTERN = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Milliseconds in an ISO-8601 duration of weeks, days, hours, minutes and seconds (`P2D`, `PT4H`, `PT0.5S`). */
export function parse(duration: string): number {
  const match = PATTERN.exec(duration);
  if (!match || duration === 'P' || duration.endsWith('T')) throw new Error(`not an ISO-8601 duration: "${duration}"`);
  const [, w, d, h, m, s] = match.map((v) => (v === undefined ? 0 : Number(v))) as number[];
  return ((((w * 7 + d) * 24 + h) * 60 + m) * 60 + s) * 1000;
}
