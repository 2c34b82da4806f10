/**
 * One physician's scorecard: the 12-month rating the API gives (score shrunk toward the peers, its
 * 95 % interval, reliability, the number of answers; stars and rank, or "insufficient responses"
 * where the API gives none), and how that rating moved over the last six months, each month's
 * figure being the 12 months ending with it. A physician below PX coordinator sees only their own.
 */
import { useMemo } from 'react';
import { Alert, Badge, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { get } from '../../api';
import { CHART_COLOURS, EChart, type ChartOption } from '../../components/EChart';
import { PageHeader, QueryState } from '../../components/common';
import { formatNumber } from '../../dates';
import { currentLanguage } from '../../i18n';
import { nameOf, useDepartments } from '../../reference';
import { AnalyticsNav, physicianRatingsQuery } from './AnalyticsNav';
import { physicianName, Stars, type PhysicianRating } from './PhysicianLeaderboard';
import { useAnalyticsHospital } from './scope';
import { periodLabel } from './TrendChart';

const TREND_MONTHS = 6;

interface PhysicianRecord {
  id: string;
  hospitalId: string;
  departmentId: string | null;
  fullNameEn: string;
  fullNameAr: string | null;
  specialty: string | null;
}

/** The month `back` months before a YYYY-MM month. */
function monthBefore(month: string, back: number): string {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 - back, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

function Tile({ label, testId, children, hint }: { label: string; testId: string; children: React.ReactNode; hint?: React.ReactNode }) {
  return (
    <Card withBorder data-testid={testId}>
      <Text size="sm" fw={600} c="dark.6">
        {label}
      </Text>
      <Text fz={26} fw={700} lh={1.3} component="div" data-testid={`${testId}-value`}>
        {children}
      </Text>
      {hint && (
        <Text size="xs" c="dark.5" data-testid={`${testId}-hint`}>
          {hint}
        </Text>
      )}
    </Card>
  );
}

function RatingTrend({ months, rows }: { months: string[]; rows: (PhysicianRating | null | undefined)[] }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const one = (v: number | null | undefined) => (v === null || v === undefined ? '—' : formatNumber(v, language, { maximumFractionDigits: 1 }));
  const label = (month: string, long = false) => periodLabel(`${month}-01`, 'month', language, long);
  const rated = rows.filter((r): r is PhysicianRating => Boolean(r));
  // The same figures give the same option: the chart is drawn again only when they change.
  const figures = JSON.stringify([months, rows.map((r) => (r ? [r.score, r.low, r.high, r.n] : null))]);
  const option = useMemo((): ChartOption => {
    const names = { score: t('scorecard.score'), band: t('analytics.intervalHead') };
    const at = (f: (r: PhysicianRating) => number) => rows.map((r) => (r ? f(r) : null));
    return {
      grid: [{ top: 40, bottom: 36 }],
      legend: [{ top: 0, data: [names.score, names.band], textStyle: { color: CHART_COLOURS.label } }],
      tooltip: [
        {
          trigger: 'axis',
          formatter: (params: unknown) => {
            const index = (Array.isArray(params) ? params[0] : params)?.dataIndex as number | undefined;
            const r = index === undefined ? undefined : rows[index];
            if (index === undefined) return '';
            if (!r) return `<b>${label(months[index], true)}</b><br/>${t('scorecard.noRatingThen')}`;
            return [`<b>${label(months[index], true)}</b>`, `${names.score}: ${one(r.score)}`, `${names.band}: ${t('analytics.intervalRange', { low: one(r.low), high: one(r.high) })}`, t('analytics.n', { n: formatNumber(r.n, language) })].join('<br/>');
          },
        },
      ],
      xAxis: [{ type: 'category', data: months, axisLabel: { formatter: (m: string) => label(m), color: CHART_COLOURS.label } }],
      yAxis: [{ type: 'value', min: 0, max: 100, interval: 20, axisLabel: { formatter: (v: number) => formatNumber(v, language), color: CHART_COLOURS.label }, splitLine: { lineStyle: { type: 'dashed', color: '#dee2e6' } } }],
      series: [
        { type: 'line', data: at((r) => r.low), stack: 'interval', symbol: 'none', lineStyle: { opacity: 0 }, silent: true },
        { type: 'line', name: names.band, data: at((r) => r.high - r.low), stack: 'interval', symbol: 'none', lineStyle: { opacity: 0 }, areaStyle: { color: '#0ca678', opacity: 0.2 }, itemStyle: { color: '#63e6be' }, silent: true },
        { type: 'line', name: names.score, data: at((r) => r.score), symbol: 'circle', symbolSize: 7, lineStyle: { color: CHART_COLOURS.point, width: 2 }, itemStyle: { color: CHART_COLOURS.point }, z: 5 },
      ],
    } as ChartOption;
  }, [figures, t, language]);
  const summary = rated.length
    ? t('scorecard.trendSummary', { n: formatNumber(rated.length, language), first: one(rated[0].score), last: one(rated[rated.length - 1].score) })
    : t('scorecard.noTrend');
  return (
    <EChart option={option} label={summary} testId="scorecard-trend" height={280}>
      <Table>
        <caption>{t('scorecard.trendTitle')}</caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('analytics.periodStart.month')}</Table.Th>
            <Table.Th scope="col">{t('scorecard.score')}</Table.Th>
            <Table.Th scope="col">{t('analytics.intervalHead')}</Table.Th>
            <Table.Th scope="col">{t('analytics.responses')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {months.map((m, i) => {
            const r = rows[i];
            return (
              <Table.Tr key={m}>
                <Table.Th scope="row">{label(m, true)}</Table.Th>
                <Table.Td>{r ? one(r.score) : '—'}</Table.Td>
                <Table.Td>{r ? t('analytics.intervalRange', { low: one(r.low), high: one(r.high) }) : '—'}</Table.Td>
                <Table.Td>{r ? formatNumber(r.n, language) : '—'}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </EChart>
  );
}

export function PhysicianScorecardPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const language = currentLanguage();
  const { hospitalCode, ready } = useAnalyticsHospital();
  const ratings = useQuery({ ...physicianRatingsQuery(hospitalCode), enabled: ready });
  const row = ratings.data?.items.find((r) => r.physicianId === id);
  const record = useQuery({ queryKey: ['physicians', id], queryFn: () => get<PhysicianRecord>(`/physicians/${id}`), retry: false, staleTime: 300_000 });
  const departments = useDepartments(record.data?.hospitalId);
  const month = ratings.data?.month;
  const months = month ? Array.from({ length: TREND_MONTHS }, (_, i) => monthBefore(month, TREND_MONTHS - 1 - i)) : [];
  // The months before this one, once this one's rating is known to exist (each is a year of answers to sum).
  const earlier = useQueries({ queries: months.slice(0, -1).map((m) => ({ ...physicianRatingsQuery(hospitalCode, null, m), enabled: Boolean(row) })) });
  const trendRows = [...earlier.map((q) => q.data?.items.find((r) => r.physicianId === id) ?? null), row ?? null];
  const trendLoading = earlier.some((q) => q.isPending);

  const name = row ? physicianName(row) : record.data ? physicianName({ physicianId: id, fullNameEn: record.data.fullNameEn, fullNameAr: record.data.fullNameAr }) : t('scorecard.title');
  const specialty = row?.specialty ?? record.data?.specialty;
  const departmentId = row?.departmentId ?? record.data?.departmentId;
  const department = departmentId ? nameOf(departments.data?.items.find((d) => d.id === departmentId)) : '';
  const one = (v: number) => formatNumber(v, language, { maximumFractionDigits: 1 });

  return (
    <Stack>
      <AnalyticsNav current="scorecard" />
      <PageHeader title={<span dir="auto">{name}</span>}>
        {[specialty, department].filter(Boolean).map((s) => (
          <Badge key={s} variant="light" color="gray" autoContrast>
            <span dir="auto">{s}</span>
          </Badge>
        ))}
      </PageHeader>
      <QueryState query={ratings}>
        {() =>
          !row ? (
            <Alert color="gray" title={t('scorecard.noRating')} data-testid="scorecard-none">
              {t('scorecard.noRatingBody')}
            </Alert>
          ) : (
            <Stack>
              <Text size="sm" c="dark.5">
                {t('scorecard.hint', { month: periodLabel(`${month}-01`, 'month', language, true), peers: t(`scorecard.peers.${row.peerGroup ?? 'hospital'}`) })}
              </Text>
              <SimpleGrid cols={{ base: 1, xs: 2, md: 5 }} data-testid="scorecard">
                <Tile label={t('scorecard.score')} testId="scorecard-score" hint={t('analytics.interval', { low: one(row.low), high: one(row.high) })}>
                  {one(row.score)}
                </Tile>
                <Tile label={t('scorecard.rawMean')} testId="scorecard-raw">
                  {row.rawMean === undefined ? '—' : one(row.rawMean)}
                </Tile>
                <Tile label={t('analytics.responses')} testId="scorecard-n">
                  {formatNumber(row.n, language)}
                </Tile>
                <Tile label={t('analytics.leaderboard.reliability')} testId="scorecard-reliability">
                  {formatNumber(row.reliability, language, { maximumFractionDigits: 2, minimumFractionDigits: 2 })}
                </Tile>
                <Tile label={t('analytics.leaderboard.rating')} testId="scorecard-rating" hint={row.rank !== null && row.stars !== null ? t('scorecard.rank', { rank: formatNumber(row.rank, language) }) : t('scorecard.insufficientHint')}>
                  {row.rank === null || row.stars === null ? (
                    <Badge variant="light" color="gray" autoContrast size="lg" data-testid="insufficient">
                      {t('analytics.leaderboard.insufficient')}
                    </Badge>
                  ) : (
                    <Stars stars={row.stars} />
                  )}
                </Tile>
              </SimpleGrid>
              <Card withBorder component="section" aria-labelledby="scorecard-trend-title">
                <Group justify="space-between" mb="sm">
                  <Title order={2} size="h4" id="scorecard-trend-title">
                    {t('scorecard.trendTitle')}
                  </Title>
                </Group>
                <Text size="sm" c="dark.5" mb="sm">
                  {t('scorecard.trendHint')}
                </Text>
                {trendLoading ? <Text size="sm">…</Text> : <RatingTrend months={months} rows={trendRows} />}
              </Card>
            </Stack>
          )
        }
      </QueryState>
    </Stack>
  );
}
