/** My work's card of today's NPS and response rate for the caller's scope, with a link to the Command Center. */
import { Anchor, Card, Group, SimpleGrid, Text, Title } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../../auth';
import { formatNumber } from '../../dates';
import { currentLanguage } from '../../i18n';
import { useTimeZone } from '../../reference';
import { todayIn } from '../complaints/queueDates';
import { combine, fetchFigures, formatFigure, type Metric } from './kpi';

const TODAY_METRICS: Metric[] = ['nps', 'response_rate'];

export function TodayKpiCard() {
  const { t } = useTranslation();
  const me = useMe();
  const language = currentLanguage();
  const today = todayIn(useTimeZone(me.hospitalId));
  const figures = useQueries({
    queries: TODAY_METRICS.map((metric) => ({
      queryKey: ['analytics', 'kpis', metric, 'day', today, today, 'mine'],
      queryFn: () => fetchFigures(metric, 'day', today, today, {}),
      staleTime: 30_000,
    })),
  });
  return (
    <Card withBorder component="section" aria-labelledby="today-kpis-title" data-testid="today-kpis">
      <Title order={2} size="h4" id="today-kpis-title" mb="xs">
        {t('analytics.today.title')}
      </Title>
      <SimpleGrid cols={2}>
        {TODAY_METRICS.map((metric, i) => {
          const figure = combine(metric, figures[i].data ?? []);
          return (
            <div key={metric} data-testid={`today-${metric}`}>
              <Text size="sm" fw={600} c="dark.6">
                {t(`analytics.metric.${metric}`)}
              </Text>
              <Text fz={26} fw={700} data-testid={`today-${metric}-value`}>
                {figures[i].isPending ? '…' : figures[i].error ? '—' : formatFigure(metric, figure.value, language)}
              </Text>
              <Text size="xs" c="dark.5">
                {t('analytics.n', { n: formatNumber(figure.n, language) })}
              </Text>
            </div>
          );
        })}
      </SimpleGrid>
      <Group mt="xs">
        <Anchor component={Link} to="/analytics" size="sm">
          {t('analytics.today.more')}
        </Anchor>
      </Group>
    </Card>
  );
}
