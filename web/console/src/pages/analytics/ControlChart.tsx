/**
 * A QI project's control chart as the API computed it: the points, the centre line and the control
 * limits (per period for P and U charts, drawn as steps), the run chart's median, the target, and
 * the intervention as a vertical line. Split at the intervention, each segment has its own centre,
 * limits and median. Points a rule flags carry that rule's mark, named in the legend; under the
 * chart the signals are listed by rule and part, and the same figures are a table for screen readers.
 */
import { useMemo } from 'react';
import { List, Stack, Table, Text, Title } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { CHART_COLOURS, EChart, type ChartOption } from '../../components/EChart';
import { formatNumber } from '../../dates';
import { currentLanguage, type Language } from '../../i18n';
import { formatFigure } from './kpi';
import { findings, partsOf, POINT_SIGNALS, type ChartPart, type Finding, type QiChart, type SpcPoint, type SpcSignal } from './qi';
import { periodLabel } from './TrendChart';

const SIGNAL_MARK: Record<SpcSignal, { symbol: string; colour: string }> = {
  beyond_limits: { symbol: 'diamond', colour: '#c92a2a' },
  astronomical: { symbol: 'triangle', colour: '#a61e4d' },
  shift: { symbol: 'rect', colour: '#d9480f' },
  trend: { symbol: 'arrow', colour: '#862e9c' },
  moving_range: { symbol: 'pin', colour: '#5f3dc4' },
};

/** Round bounds around [low, high] and the step between their labels (about five of them). */
function niceBounds(low: number, high: number): { min: number; max: number; interval: number } {
  const span = high - low || Math.abs(high) || 1;
  const raw = span / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const interval = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  return { min: Math.floor(low / interval) * interval, max: Math.ceil(high / interval) * interval, interval };
}

const partOf = (parts: ChartPart[], period: string) => parts.find((p) => p.chart.points.some((x) => x.periodStart === period));

function findingText(t: TFunction, f: Finding, label: (period: string) => string, language: Language): string {
  if (!('periods' in f)) {
    const one = (v: number) => formatNumber(v, language, { maximumFractionDigits: 1 });
    return t('qi.runsDetail', { runs: formatNumber(f.runs, language), low: one(f.low), high: one(f.high) });
  }
  return f.periods.map(label).join(language === 'ar' ? '، ' : ', ');
}

export function ControlChart({ data, split }: { data: QiChart; split: boolean }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const parts = useMemo(() => partsOf(data, split), [data, split]);
  const metric = data.metric;
  const fmt = (v: number | null | undefined) => formatFigure(metric, v, language, false);
  const label = (period: string) => periodLabel(period, data.period, language);
  const longLabel = (period: string) => periodLabel(period, data.period, language, true);
  const periods = useMemo(() => data.chart.points.map((p) => p.periodStart), [data]);
  const pointAt = useMemo(() => {
    const map = new Map<string, SpcPoint>();
    for (const part of parts) for (const p of part.chart.points) map.set(p.periodStart, p);
    return map;
  }, [parts]);
  const nOf = useMemo(() => new Map(data.items.map((i) => [i.periodStart, i.denominator])), [data.items]);
  const found = findings(parts);
  const title = t('qi.chartTitle', { metric: t(`analytics.metric.${metric}`), kind: t(`qi.kind.${data.kind}`), period: t(`analytics.period.${data.period}`) });
  const summary = periods.length
    ? t('qi.chartSummary', { what: title, n: formatNumber(periods.length, language), signals: formatNumber(found.length, language) })
    : t('qi.noPoints');

  const option = useMemo((): ChartOption => {
    const at = (f: (p: SpcPoint) => number | null | undefined) => periods.map((period) => f(pointAt.get(period)!) ?? null);
    const medians = periods.map((period) => partOf(parts, period)?.chart.runChart.median ?? null);
    const values = periods.map((period) => pointAt.get(period)!.value);
    const extent = [...values, ...at((p) => p.lcl), ...at((p) => p.ucl), ...(data.target !== null ? [data.target] : [])].filter((v): v is number => v !== null);
    const bounds = niceBounds(Math.min(...extent), Math.max(...extent));
    if (data.kind === 'p') [bounds.min, bounds.max] = [Math.max(0, bounds.min), Math.min(100, bounds.max)];
    if (data.kind === 'u') bounds.min = Math.max(0, bounds.min);
    const afterStart = data.interventionDate ? periods.find((p) => p >= data.interventionDate!) : undefined;
    const names = { figure: t('qi.series.figure'), centre: t('qi.series.centre'), limits: t('qi.series.limits'), median: t('qi.series.median') };
    const step = { type: 'line' as const, step: 'middle' as const, symbol: 'none', silent: true, connectNulls: false };
    const rules = POINT_SIGNALS.filter((rule) => periods.some((period) => pointAt.get(period)!.signals.includes(rule)));
    return {
      grid: [{ top: 64, bottom: 36 }],
      legend: [{ top: 0, itemGap: 14, itemHeight: 12, data: [names.figure, names.centre, names.limits, names.median, ...rules.map((rule) => t(`qi.signal.${rule}`))], textStyle: { color: CHART_COLOURS.label } }],
      tooltip: [
        {
          trigger: 'axis',
          formatter: (params: unknown) => {
            const index = (Array.isArray(params) ? params[0] : params)?.dataIndex as number | undefined;
            if (index === undefined) return '';
            const p = pointAt.get(periods[index])!;
            const lines = [
              `<b>${longLabel(p.periodStart)}</b>`,
              `${names.figure}: ${fmt(p.value)}`,
              `${names.centre}: ${fmt(p.centre)}`,
              ...(p.lcl !== null || p.ucl !== null ? [`${names.limits}: ${t('analytics.intervalRange', { low: fmt(p.lcl), high: fmt(p.ucl) })}`] : []),
              ...p.signals.map((s) => `⚑ ${t(`qi.signal.${s}`)}`),
            ];
            return lines.join('<br/>');
          },
        },
      ],
      xAxis: [{ type: 'category', data: periods, axisLabel: { formatter: label, color: CHART_COLOURS.label, hideOverlap: true }, axisTick: { alignWithLabel: true } }],
      yAxis: [{ type: 'value', ...bounds, axisLabel: { formatter: (v: number) => fmt(v), color: CHART_COLOURS.label }, splitLine: { lineStyle: { type: 'dashed', color: '#dee2e6' } } }],
      series: [
        ...rules.map((rule) => ({
          type: 'scatter' as const,
          name: t(`qi.signal.${rule}`),
          data: periods.map((period) => (pointAt.get(period)!.signals.includes(rule) ? pointAt.get(period)!.value : null)),
          symbol: SIGNAL_MARK[rule].symbol,
          symbolSize: 14,
          itemStyle: { color: SIGNAL_MARK[rule].colour, opacity: 0.8 },
          z: 3,
        })),
        { ...step, name: names.limits, data: at((p) => p.ucl), lineStyle: { color: CHART_COLOURS.limits, type: 'dashed', width: 1.5 }, itemStyle: { color: CHART_COLOURS.limits } },
        { ...step, name: names.limits, data: at((p) => p.lcl), lineStyle: { color: CHART_COLOURS.limits, type: 'dashed', width: 1.5 }, itemStyle: { color: CHART_COLOURS.limits } },
        { ...step, name: names.centre, data: at((p) => p.centre), lineStyle: { color: CHART_COLOURS.centre, width: 1.5 }, itemStyle: { color: CHART_COLOURS.centre } },
        { ...step, name: names.median, data: medians, lineStyle: { color: CHART_COLOURS.median, type: 'dotted', width: 1.5 }, itemStyle: { color: CHART_COLOURS.median } },
        {
          type: 'line',
          name: names.figure,
          data: values,
          symbol: 'circle',
          symbolSize: 7,
          lineStyle: { color: CHART_COLOURS.point, width: 2 },
          itemStyle: { color: CHART_COLOURS.point },
          z: 5,
          markLine: {
            symbol: 'none',
            silent: true,
            data: [
              ...(data.target !== null ? [{ yAxis: data.target, lineStyle: { color: CHART_COLOURS.target, type: 'dashed' as const, width: 1.5 }, label: { formatter: t('qi.targetMark', { value: fmt(data.target) }), color: CHART_COLOURS.target, position: language === 'ar' ? ('insideStartTop' as const) : ('insideEndTop' as const) } }] : []),
              ...(afterStart ? [{ xAxis: afterStart, lineStyle: { color: CHART_COLOURS.intervention, type: 'solid' as const, width: 2 }, label: { formatter: t('qi.interventionMark'), color: CHART_COLOURS.intervention } }] : []),
            ],
          },
        },
      ],
    } as ChartOption;
    // The labels are formatted in `language`, which `t` follows.
  }, [data, parts, pointAt, t, language]);

  const partName = (name: ChartPart['name']) => t(`qi.part.${name}`);
  return (
    <Stack gap="sm">
      {periods.length === 0 ? (
        <Text c="dimmed" size="sm" data-testid="qi-no-points">
          {t('qi.noPoints')}
        </Text>
      ) : (
        <EChart option={option} label={summary} testId="qi-chart" height={360}>
          <Table>
            <caption>{title}</caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t(`analytics.periodStart.${data.period}`)}</Table.Th>
                <Table.Th scope="col">{t('qi.series.figure')}</Table.Th>
                <Table.Th scope="col">{t('qi.denominator')}</Table.Th>
                <Table.Th scope="col">{t('qi.series.centre')}</Table.Th>
                <Table.Th scope="col">{t('qi.lcl')}</Table.Th>
                <Table.Th scope="col">{t('qi.ucl')}</Table.Th>
                <Table.Th scope="col">{t('qi.signals')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {periods.map((period) => {
                const p = pointAt.get(period)!;
                return (
                  <Table.Tr key={period}>
                    <Table.Th scope="row">{longLabel(period)}</Table.Th>
                    <Table.Td>{fmt(p.value)}</Table.Td>
                    <Table.Td>{nOf.has(period) ? formatNumber(nOf.get(period)!, language) : '—'}</Table.Td>
                    <Table.Td>{fmt(p.centre)}</Table.Td>
                    <Table.Td>{fmt(p.lcl)}</Table.Td>
                    <Table.Td>{fmt(p.ucl)}</Table.Td>
                    <Table.Td>{p.signals.length ? p.signals.map((s) => t(`qi.signal.${s}`)).join('; ') : '—'}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </EChart>
      )}
      <section aria-labelledby="qi-signals-title" data-testid="qi-signals">
        <Title order={3} size="h5" id="qi-signals-title" mb={4}>
          {t('qi.signals')}
        </Title>
        {found.length === 0 ? (
          <Text size="sm" c="dark.5" data-testid="qi-no-signal">
            {t('qi.noSignal')}
          </Text>
        ) : (
          <List size="sm" spacing={4}>
            {found.map((f) => (
              <List.Item key={`${f.part}-${f.rule}`} data-testid="qi-signal" data-rule={f.rule} data-part={f.part}>
                <Text span fw={600} size="sm">
                  {t(`qi.signal.${f.rule}`)}
                </Text>
                {parts.length > 1 || f.part !== 'whole' ? ` (${partName(f.part)})` : ''}: {findingText(t, f, label, language)}
                <Text span size="xs" c="dark.5" display="block">
                  {t(`qi.rule.${f.rule}`)}
                </Text>
              </List.Item>
            ))}
          </List>
        )}
      </section>
    </Stack>
  );
}
