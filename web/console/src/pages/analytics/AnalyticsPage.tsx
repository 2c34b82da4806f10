/**
 * The PX Command Center: the KPI tiles of a date range (figure, 95 % interval where there is one,
 * responses, change against the range before it), one metric's trend by day, week or month, a
 * department filter, and (PX coordinators and up) the physician leaderboard. The analytics
 * navigation leads on to the QI projects and the physician scorecards.
 */
import { Badge, Card, Group, Select, SimpleGrid, Stack, Text, TextInput, Title, SegmentedControl } from '@mantine/core';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useListParams } from '../../components/useListParams';
import { useMe } from '../../auth';
import { ErrorAlert, PageHeader, QueryState } from '../../components/common';
import { formatNumber } from '../../dates';
import { currentLanguage } from '../../i18n';
import { useTimeZone } from '../../reference';
import { LEVEL } from '../../roles';
import { todayIn } from '../complaints/queueDates';
import { AnalyticsNav } from './AnalyticsNav';
import { addDays, combine, daysBetween, fetchFigures, formatFigure, isDay, LOWER_IS_BETTER, METRICS, PERIODS, type Figure, type Metric, type Period, type RangeFigure } from './kpi';
import { PhysicianLeaderboard } from './PhysicianLeaderboard';
import { ScopeSelects, useAnalyticsHospital } from './scope';
import { TrendChart } from './TrendChart';

/** The API answers at most this many days per request. */
const MAX_DAYS = 730;

function KpiTile({ metric, current, previous, loading, error }: { metric: Metric; current: RangeFigure; previous: RangeFigure | null; loading: boolean; error: unknown }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const delta = previous?.value != null && current.value != null ? current.value - previous.value : null;
  const better = delta === null || delta === 0 ? null : (delta > 0) !== Boolean(LOWER_IS_BETTER[metric]);
  const points = metric !== 'mean_score' && metric !== 'complaints_per_1000';
  return (
    <Card withBorder component="section" aria-labelledby={`tile-${metric}-title`} data-testid={`tile-${metric}`} aria-busy={loading}>
      <Text id={`tile-${metric}-title`} size="sm" fw={600} c="dark.6">
        {t(`analytics.metric.${metric}`)}
      </Text>
      {error ? (
        <ErrorAlert error={error} />
      ) : (
        <>
          <Text fz={30} fw={700} lh={1.2} data-testid={`tile-${metric}-value`}>
            {loading ? '…' : formatFigure(metric, current.value, language)}
          </Text>
          {current.low != null && current.high != null && (
            <Text size="xs" c="dark.5" data-testid={`tile-${metric}-interval`}>
              {t('analytics.interval', { low: formatFigure(metric, current.low, language, false), high: formatFigure(metric, current.high, language, false) })}
            </Text>
          )}
          <Group gap="xs" mt={4} justify="space-between">
            <Text size="xs" c="dark.5" data-testid={`tile-${metric}-n`}>
              {t(metric === 'complaints_per_1000' ? 'analytics.nEncounters' : metric === 'ack_within_sla' ? 'analytics.nComplaints' : 'analytics.n', { n: formatNumber(current.n, language) })}
            </Text>
            {delta !== null && (
              <Badge variant="light" color={better === null ? 'gray' : better ? 'teal' : 'red'} autoContrast data-testid={`tile-${metric}-delta`}>
                {t(points ? 'analytics.deltaPoints' : 'analytics.delta', { delta: formatNumber(delta, language, { maximumFractionDigits: 1, signDisplay: 'exceptZero' }) })}
              </Badge>
            )}
          </Group>
        </>
      )}
    </Card>
  );
}

export function AnalyticsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const language = currentLanguage();
  const [params, changeParams] = useListParams();
  const { hospitalCode, hospitalId, departmentId, ready } = useAnalyticsHospital();
  const timeZone = useTimeZone(hospitalId);
  const today = todayIn(timeZone);
  const period: Period = (PERIODS as readonly string[]).includes(params.get('period') ?? '') ? (params.get('period') as Period) : 'day';
  const to = isDay(params.get('to')) ? params.get('to')! : today;
  const fromParam = params.get('from');
  const from = isDay(fromParam) && fromParam <= to && daysBetween(fromParam, to) <= MAX_DAYS ? fromParam : addDays(to, -29);
  const trendMetric: Metric = (METRICS as readonly string[]).includes(params.get('metric') ?? '') ? (params.get('metric') as Metric) : 'nps';
  const scope = { hospitalCode, departmentId };

  // The range and, where the API allows, the range of the same length before it (for the change).
  const length = daysBetween(from, to) + 1;
  const withPrevious = daysBetween(addDays(from, -length), to) <= MAX_DAYS;
  const loadFrom = withPrevious ? addDays(from, -length) : from;
  const daily = useQueries({
    queries: METRICS.map((metric) => ({
      queryKey: ['analytics', 'kpis', metric, 'day', loadFrom, to, scope],
      queryFn: () => fetchFigures(metric, 'day', loadFrom, to, scope),
      enabled: ready,
      staleTime: 30_000,
    })),
  });
  const trend = useQuery({
    queryKey: ['analytics', 'kpis', trendMetric, period, from, to, scope],
    queryFn: () => fetchFigures(trendMetric, period, from, to, scope),
    enabled: ready && period !== 'day',
    staleTime: 30_000,
  });
  const trendItems: Figure[] | undefined = period === 'day' ? daily[METRICS.indexOf(trendMetric)].data?.filter((f) => f.periodStart >= from) : trend.data;
  const trendQuery = period === 'day' ? daily[METRICS.indexOf(trendMetric)] : trend;

  const setParam = (changes: Record<string, string | null>) => changeParams(changes, { keepPage: true, replace: true });
  const metricOptions = METRICS.map((m) => ({ value: m, label: t(`analytics.metric.${m}`) }));
  const trendTitle = t('analytics.trendTitle', { metric: t(`analytics.metric.${trendMetric}`), period: t(`analytics.period.${period}`) });

  return (
    <Stack>
      <AnalyticsNav current="kpis" />
      <PageHeader title={t('analytics.title')} />
      <Group align="flex-end" wrap="wrap" role="search" aria-label={t('analytics.filters')}>
        <ScopeSelects setParam={setParam} />
        <TextInput type="date" label={t('analytics.from')} value={from} max={to} onChange={(e) => setParam({ from: e.currentTarget.value || null })} w={170} />
        <TextInput type="date" label={t('analytics.to')} value={to} min={from} max={today} onChange={(e) => setParam({ to: e.currentTarget.value || null })} w={170} />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="analytics-period-label">
            {t('analytics.periodLabel')}
          </Text>
          <SegmentedControl
            aria-labelledby="analytics-period-label"
            data={PERIODS.map((p) => ({ value: p, label: t(`analytics.period.${p}`) }))}
            value={period}
            onChange={(v) => setParam({ period: v === 'day' ? null : v })}
          />
        </Stack>
      </Group>
      <Text size="sm" c="dark.5" data-testid="analytics-range">
        {t('analytics.rangeHint', { days: formatNumber(length, language) })}
      </Text>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
        {METRICS.map((metric, i) => {
          const days = daily[i].data ?? [];
          return (
            <KpiTile
              key={metric}
              metric={metric}
              loading={!ready || daily[i].isPending}
              error={daily[i].error}
              current={combine(metric, days.filter((d) => d.periodStart >= from))}
              previous={withPrevious && daily[i].data ? combine(metric, days.filter((d) => d.periodStart < from)) : null}
            />
          );
        })}
      </SimpleGrid>
      <Card withBorder component="section" aria-labelledby="trend-title">
        <Group justify="space-between" align="flex-end" mb="sm" wrap="wrap">
          <Title order={2} size="h4" id="trend-title">
            {trendTitle}
          </Title>
          <Select label={t('analytics.trendOf')} data={metricOptions} value={trendMetric} onChange={(v) => setParam({ metric: v === 'nps' ? null : v })} allowDeselect={false} w={240} />
        </Group>
        {ready ? <QueryState query={trendQuery}>{() => <TrendChart metric={trendMetric} period={period} items={trendItems ?? []} title={trendTitle} />}</QueryState> : null}
      </Card>
      {me.level >= LEVEL.PX_COORDINATOR && ready && <PhysicianLeaderboard hospitalCode={hospitalCode} departmentId={departmentId} />}
    </Stack>
  );
}
