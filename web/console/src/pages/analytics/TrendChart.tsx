/**
 * One metric's trend as inline SVG: the line of figures, the 95 % interval as a band where the API
 * gives one, value axis and period labels. For screen readers the picture has a title and the same
 * figures as a visually hidden table. Time runs left to right in both languages (unless
 * TIME_RUNS_RTL says otherwise); in Arabic the value axis stands on the right.
 */
import { useId } from 'react';
import { Table, Text, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../dates';
import { currentLanguage, type Language } from '../../i18n';
import { formatFigure, type Figure, type Metric, type Period } from './kpi';

/** Flip to run the time axis right to left in Arabic. */
const TIME_RUNS_RTL = false;

const WIDTH = 640;
const HEIGHT = 220;
const PAD = { top: 16, bottom: 34, axis: 56, end: 16 };

const labelFormats = new Map<string, Intl.DateTimeFormat>();
/** A period's label: "3 Dec", "29 Nov" (its Sunday) or "Dec 2026", in the reader's language and digits. */
export function periodLabel(periodStart: string, period: Period, language: Language, long = false): string {
  const options: Intl.DateTimeFormatOptions = period === 'month' ? { month: long ? 'long' : 'short', year: 'numeric' } : { day: 'numeric', month: long ? 'long' : 'short', ...(long ? { year: 'numeric' } : {}) };
  const key = `${language}|${period}|${long}`;
  let format = labelFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(language === 'ar' ? 'ar-SA-u-ca-gregory' : 'en-GB', { timeZone: 'UTC', ...options });
    labelFormats.set(key, format);
  }
  return format.format(new Date(`${periodStart}T00:00:00Z`));
}

/** Round steps covering [min, max], from one step at or below min to one at or above max. */
function ticks(min: number, max: number): number[] {
  const raw = (max - min || 1) / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  const last = Math.ceil(max / step - 1e-9) * step;
  for (let v = Math.floor(min / step + 1e-9) * step; v <= last + step * 1e-9; v += step) out.push(Math.round(v * 1e6) / 1e6 || 0);
  return out;
}

export function TrendChart({ metric, period, items, title }: { metric: Metric; period: Period; items: Figure[]; title: string }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const id = useId();
  const rtl = language === 'ar';
  const points = items.filter((f) => f.value !== null);
  const values = points.flatMap((f) => [f.value!, f.low ?? f.value!, f.high ?? f.value!]);
  let min = Math.min(...values, metric === 'nps' ? 0 : Infinity);
  let max = Math.max(...values, metric === 'nps' ? 0 : -Infinity);
  // Every metric but NPS is zero or more: its axis starts at zero.
  if (metric !== 'nps') [min, max] = [0, Math.max(max, 1)];
  if (!(max > min)) [min, max] = [min - 1, min + 1];
  const scale = ticks(min, max);
  [min, max] = [Math.min(min, scale[0]), Math.max(max, scale[scale.length - 1])];

  const plotStart = rtl ? PAD.end : PAD.axis;
  const plotEnd = rtl ? WIDTH - PAD.axis : WIDTH - PAD.end;
  const reversed = rtl && TIME_RUNS_RTL;
  const x = (i: number) => {
    const share = points.length <= 1 ? 0.5 : i / (points.length - 1);
    return reversed ? plotEnd - share * (plotEnd - plotStart) : plotStart + share * (plotEnd - plotStart);
  };
  const y = (v: number) => PAD.top + ((max - v) / (max - min)) * (HEIGHT - PAD.top - PAD.bottom);
  const line = points.map((f, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(f.value!).toFixed(1)}`).join(' ');
  const banded = points.filter((f) => f.low != null && f.high != null).length === points.length && points.length > 0;
  const band = banded
    ? `${points.map((f, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(f.high!).toFixed(1)}`).join(' ')} ${points
        .map((f, i) => ({ f, i }))
        .reverse()
        .map(({ f, i }) => `L${x(i).toFixed(1)},${y(f.low!).toFixed(1)}`)
        .join(' ')} Z`
    : '';
  const labelAt = points.length <= 1 ? [0] : [...new Set([0, Math.floor((points.length - 1) / 2), points.length - 1])];
  const axisX = rtl ? WIDTH - PAD.axis + 6 : PAD.axis - 6;
  const summary = points.length
    ? t('analytics.trendSummary', {
        what: title,
        n: formatNumber(points.length, language),
        first: formatFigure(metric, points[0].value, language),
        last: formatFigure(metric, points[points.length - 1].value, language),
      })
    : t('analytics.noData');

  return (
    <figure style={{ margin: 0 }} data-testid={`trend-${metric}`}>
      {points.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('analytics.noData')}
        </Text>
      ) : (
        <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" role="img" aria-labelledby={`${id}-title`} direction="ltr" style={{ maxHeight: 260, display: 'block' }} data-time-axis={reversed ? 'rtl' : 'ltr'}>
          <title id={`${id}-title`}>{summary}</title>
          {scale.map((v) => (
            <g key={v}>
              <line x1={plotStart} x2={plotEnd} y1={y(v)} y2={y(v)} stroke="#dee2e6" strokeDasharray={v === 0 ? undefined : '3 3'} />
              <text x={axisX} y={y(v) + 4} fontSize="12" fill="#495057" textAnchor={rtl ? 'start' : 'end'}>
                {formatFigure(metric, v, language, false)}
              </text>
            </g>
          ))}
          {band && points.length > 1 && <path d={band} fill="#0ca678" fillOpacity={0.15} stroke="none" data-testid="trend-band" />}
          {band && points.length === 1 && <line x1={x(0)} x2={x(0)} y1={y(points[0].high!)} y2={y(points[0].low!)} stroke="#0ca678" strokeWidth={6} strokeOpacity={0.3} data-testid="trend-band" />}
          <path d={line} fill="none" stroke="#087f5b" strokeWidth={2} />
          {points.map((f, i) => (
            <circle key={f.periodStart} cx={x(i)} cy={y(f.value!)} r={3.5} fill="#087f5b" data-period={f.periodStart} />
          ))}
          {labelAt.map((i) => (
            <text key={i} x={x(i)} y={HEIGHT - 10} fontSize="12" fill="#495057" textAnchor={points.length === 1 ? 'middle' : i === 0 ? (reversed ? 'end' : 'start') : i === points.length - 1 ? (reversed ? 'start' : 'end') : 'middle'}>
              {periodLabel(points[i].periodStart, period, language)}
            </text>
          ))}
        </svg>
      )}
      <VisuallyHidden>
        <Table>
          <caption>{title}</caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t(`analytics.periodStart.${period}`)}</Table.Th>
              <Table.Th scope="col">{t('analytics.value')}</Table.Th>
              <Table.Th scope="col">{t('analytics.intervalHead')}</Table.Th>
              <Table.Th scope="col">{t('analytics.responses')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {points.map((f) => (
              <Table.Tr key={f.periodStart}>
                <Table.Th scope="row">{periodLabel(f.periodStart, period, language, true)}</Table.Th>
                <Table.Td>{formatFigure(metric, f.value, language)}</Table.Td>
                <Table.Td>{f.low != null && f.high != null ? t('analytics.intervalRange', { low: formatFigure(metric, f.low, language, false), high: formatFigure(metric, f.high, language, false) }) : '—'}</Table.Td>
                <Table.Td>{formatNumber(f.n, language)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </VisuallyHidden>
    </figure>
  );
}
