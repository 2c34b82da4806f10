/**
 * HL7 v2 date/time (TS/DTM) values: `YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]`.
 * Written here rather than taken from node-hl7-client, whose toDate() reads a value without an
 * offset in the server's local time zone.
 */

const DTM = /^(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:\.(\d{1,4}))?(?:([+-])(\d{2})(\d{2}))?$/;

/**
 * The instant an HL7 date/time names, or undefined when it is empty or not a valid date/time.
 * Missing parts default to their start (a date alone is midnight); without an offset the value is
 * taken as UTC, because senders that omit it leave the zone unknown and UTC is at least reproducible.
 */
export function parseHl7DateTime(value: string): Date | undefined {
  const match = DTM.exec(value.trim());
  if (!match) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s, fraction, sign, offH, offM] = match;
  if (fraction !== undefined && s === undefined) return undefined;
  const year = Number(y), month = Number(mo), day = Number(d), hour = Number(h), minute = Number(mi), second = Number(s ?? '0');
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const millis = fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
  let offsetMinutes = 0;
  if (sign !== undefined) {
    if (Number(offH) > 14 || Number(offM) > 59) return undefined;
    offsetMinutes = (sign === '-' ? -1 : 1) * (Number(offH) * 60 + Number(offM));
  }
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000);
}

/** ISO-8601 (UTC) form of an HL7 date/time, or undefined when it cannot be read. */
export function hl7DateTimeToIso(value: string): string | undefined {
  return parseHl7DateTime(value)?.toISOString();
}

/**
 * A calendar date (`YYYY-MM-DD`) from an HL7 date or date/time, ignoring any time and offset:
 * a birth date is a date on the calendar, not an instant to shift between zones.
 */
export function hl7DateToIsoDate(value: string): string | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})/.exec(value.trim());
  if (!match || !DTM.test(value.trim())) return undefined;
  const [, y, m, d] = match;
  const month = Number(m), day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(Number(y), month)) return undefined;
  return `${y}-${m}-${d}`;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
