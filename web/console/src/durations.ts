/** ISO-8601 durations as staff read them: "PT4H" on a business clock is "4 working hours". */
import type { Language } from './i18n';

const PATTERN = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

export function describeDuration(iso: string, clock: 'continuous' | 'business', language: Language): string {
  const match = PATTERN.exec(iso);
  if (!match) return iso;
  const [weeks, days, hours, minutes] = match.slice(1, 5).map((v) => Number(v ?? 0));
  const parts: [number, 'week' | 'day' | 'hour' | 'minute'][] = [
    [weeks, 'week'],
    [days, 'day'],
    [hours, 'hour'],
    [minutes, 'minute'],
  ];
  const locale = language === 'ar' ? 'ar-SA' : 'en';
  const text = parts
    .filter(([n]) => n > 0)
    .map(([n, unit]) => new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(n))
    .join(language === 'ar' ? ' و' : ' ');
  if (clock !== 'business') return text;
  return language === 'ar' ? `${text} عمل` : text.replace(/(weeks?|days?|hours?|minutes?)/, 'working $1');
}
