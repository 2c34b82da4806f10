/**
 * The one date formatter: every date the console shows is in the hospital's time zone, Gregorian
 * and Hijri (Umm al-Qura), in the reader's language.
 */
import type { Language } from './i18n';

export const DEFAULT_TIME_ZONE = 'Asia/Riyadh';

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let found = cache.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, { timeZone, ...options });
    cache.set(key, found);
  }
  return found;
}

export interface TwoCalendars {
  gregorian: string;
  hijri: string;
}

/** A moment as "3 Dec 2026, 12:00" and "23 Jumada II 1448 AH" (or their Arabic forms). */
export function formatMoment(value: string | Date, language: Language, timeZone = DEFAULT_TIME_ZONE, withTime = true): TwoCalendars {
  const date = typeof value === 'string' ? new Date(value) : value;
  const gregorianLocale = language === 'ar' ? 'ar-SA-u-ca-gregory' : 'en-GB-u-ca-gregory';
  const hijriLocale = language === 'ar' ? 'ar-SA-u-ca-islamic-umalqura' : 'en-u-ca-islamic-umalqura';
  const time: Intl.DateTimeFormatOptions = withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {};
  return {
    gregorian: formatter(gregorianLocale, timeZone, { day: 'numeric', month: 'short', year: 'numeric', ...time }).format(date),
    hijri: formatter(hijriLocale, timeZone, { day: 'numeric', month: 'long', year: 'numeric' }).format(date),
  };
}

/** A span of time as "2 h 14 min" / "٢ س ١٤ د", largest two units. */
export function formatSpan(ms: number, language: Language): string {
  const minutes = Math.max(0, Math.round(Math.abs(ms) / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const locale = language === 'ar' ? 'ar-SA' : 'en';
  const unit = (value: number, name: 'day' | 'hour' | 'minute') => new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'short' }).format(value);
  if (days > 0) return hours > 0 ? `${unit(days, 'day')} ${unit(hours, 'hour')}` : unit(days, 'day');
  if (hours > 0) return mins > 0 ? `${unit(hours, 'hour')} ${unit(mins, 'minute')}` : unit(hours, 'hour');
  return unit(mins, 'minute');
}

/** A number in the reader's digits. */
export function formatNumber(value: number, language: Language, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(language === 'ar' ? 'ar-SA' : 'en', options).format(value);
}
