/**
 * One QI project: its facts, the PX actions linked to it, and its control chart by week or month,
 * whole or split into before and after the intervention.
 */
import { Anchor, Card, Group, List, SegmentedControl, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { get } from '../../api';
import { useMe } from '../../auth';
import { FreeText, PageHeader, QueryState, StatusBadge } from '../../components/common';
import { useListParams } from '../../components/useListParams';
import { formatNumber } from '../../dates';
import { currentLanguage } from '../../i18n';
import { nameOf, useDepartments, useTimeZone, useUserName } from '../../reference';
import { canUse } from '../../roles';
import type { ActionSummary } from '../actions/types';
import { todayIn } from '../complaints/queueDates';
import { AnalyticsNav, Day } from './AnalyticsNav';
import { ControlChart } from './ControlChart';
import { formatFigure } from './kpi';
import { partsOf, type QiChart, type QiProject } from './qi';
import { QiStatusBadge } from './QiProjectsPage';

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dark.5" fw={600}>
        {label}
      </Text>
      <div>{children}</div>
    </Stack>
  );
}

function LinkedActions({ ids }: { ids: string[] }) {
  const { t } = useTranslation();
  const me = useMe();
  const readable = canUse(me.level, 'actions');
  const actions = useQueries({ queries: ids.map((id) => ({ queryKey: ['action', id], queryFn: () => get<ActionSummary>(`/actions/${id}`), enabled: readable, staleTime: 60_000 })) });
  return (
    <Card withBorder component="section" aria-labelledby="qi-actions-title" data-testid="qi-actions">
      <Title order={2} size="h4" id="qi-actions-title" mb="sm">
        {t('qi.linkedActions')}
      </Title>
      {ids.length === 0 ? (
        <Text size="sm" c="dark.5">
          {t('qi.noActions')}
        </Text>
      ) : (
        <List spacing="xs" size="sm">
          {ids.map((id, i) => {
            const a = actions[i]?.data;
            return (
              <List.Item key={id} data-testid="qi-action">
                {readable ? (
                  <Group gap="xs" wrap="nowrap">
                    <Anchor component={Link} to={`/actions/${id}`} dir="ltr" size="sm">
                      {a?.referenceNo ?? `#${id.slice(0, 8)}`}
                    </Anchor>
                    {a && <FreeText>{a.title}</FreeText>}
                    {a && <StatusBadge kind="action" value={a.status} />}
                  </Group>
                ) : (
                  <Text span size="sm" dir="ltr">{`#${id.slice(0, 8)}`}</Text>
                )}
              </List.Item>
            );
          })}
        </List>
      )}
    </Card>
  );
}

function Segments({ data }: { data: QiChart }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const fmt = (v: number | null | undefined) => formatFigure(data.metric, v, language, false);
  const parts = partsOf(data, true);
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table data-testid="qi-segments">
        <caption style={{ captionSide: 'top', textAlign: 'start' }}>{t('qi.segments')}</caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('qi.segment')}</Table.Th>
            <Table.Th scope="col">{t('qi.points')}</Table.Th>
            <Table.Th scope="col">{t('qi.series.centre')}</Table.Th>
            <Table.Th scope="col">{t('qi.series.median')}</Table.Th>
            <Table.Th scope="col">{t('qi.runs')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {parts.map(({ name, chart }) => (
            <Table.Tr key={name} data-part={name}>
              <Table.Th scope="row">{t(`qi.part.${name}`)}</Table.Th>
              <Table.Td>{formatNumber(chart.points.length, language)}</Table.Td>
              <Table.Td>{fmt(chart.centre)}</Table.Td>
              <Table.Td>{fmt(chart.runChart.median)}</Table.Td>
              <Table.Td>{formatNumber(chart.runChart.runs, language)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function QiProjectPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const [params, changeParams] = useListParams();
  const period = params.get('period') === 'week' ? 'week' : 'month';
  const project = useQuery({ queryKey: ['qi-projects', 'one', id], queryFn: () => get<QiProject>(`/qi-projects/${id}`) });
  const chart = useQuery({ queryKey: ['qi-projects', 'chart', id, period], queryFn: () => get<QiChart>(`/qi-projects/${id}/chart`, { period }), enabled: project.isSuccess, placeholderData: (p) => p });
  const departments = useDepartments(project.data?.hospitalId);
  const userName = useUserName();
  const today = todayIn(useTimeZone(project.data?.hospitalId));
  const hasSegments = Boolean(chart.data?.segments.length);
  const split = hasSegments && params.get('limits') !== 'whole';
  const setParam = (changes: Record<string, string | null>) => changeParams(changes, { keepPage: true, replace: true });

  return (
    <Stack>
      <AnalyticsNav current="qi" />
      <QueryState query={project}>
        {() => {
          const p = project.data!;
          const language = currentLanguage();
          return (
            <>
              <PageHeader
                title={
                  <Group gap="sm">
                    <span dir="auto">{p.title}</span>
                    <QiStatusBadge project={p} today={today} />
                  </Group>
                }
              >
                <Anchor component={Link} to="/analytics/qi" size="sm">
                  {t('qi.backToList')}
                </Anchor>
              </PageHeader>
              <SimpleGrid cols={{ base: 1, md: 2 }}>
                <Card withBorder component="section" aria-labelledby="qi-facts-title" data-testid="qi-facts">
                  <Title order={2} size="h4" id="qi-facts-title" mb="sm">
                    {t('qi.facts')}
                  </Title>
                  <SimpleGrid cols={2} spacing="sm">
                    <Fact label={t('qi.fields.metric')}>
                      <Text size="sm">{t(`analytics.metric.${p.metric}`)}</Text>
                    </Fact>
                    <Fact label={t('qi.fields.department')}>
                      <Text size="sm">{p.departmentId ? nameOf(departments.data?.items.find((d) => d.id === p.departmentId)) || `#${p.departmentId.slice(0, 8)}` : t('qi.wholeHospital')}</Text>
                    </Fact>
                    <Fact label={t('qi.fields.owner')}>
                      <Text size="sm">{userName(p.ownerId, t('common.me')) ?? '—'}</Text>
                    </Fact>
                    <Fact label={t('qi.fields.target')}>
                      <Text size="sm" data-testid="qi-target">
                        {p.targetValue === null ? '—' : formatFigure(p.metric, p.targetValue, language, false)}
                      </Text>
                    </Fact>
                    <Fact label={t('qi.fields.baseline')}>
                      <Day value={p.baselineFrom} /> – <Day value={p.baselineTo} />
                    </Fact>
                    <Fact label={t('qi.fields.interventionDate')}>
                      <Day value={p.interventionDate} />
                    </Fact>
                    {chart.data && (
                      <Fact label={t('qi.chartKind')}>
                        <Text size="sm" data-testid="qi-kind">
                          {t(`qi.kind.${chart.data.kind}`)}
                        </Text>
                      </Fact>
                    )}
                  </SimpleGrid>
                </Card>
                <LinkedActions ids={p.actionIds} />
              </SimpleGrid>
              <Card withBorder component="section" aria-labelledby="qi-chart-title">
                <Group justify="space-between" align="flex-end" mb="sm" wrap="wrap">
                  <Title order={2} size="h4" id="qi-chart-title">
                    {t('qi.controlChart')}
                  </Title>
                  <Group gap="md" wrap="wrap">
                    {hasSegments && (
                      <SegmentedControl
                        aria-label={t('qi.limitsLabel')}
                        data={[
                          { value: 'split', label: t('qi.limits.split') },
                          { value: 'whole', label: t('qi.limits.whole') },
                        ]}
                        value={split ? 'split' : 'whole'}
                        onChange={(v) => setParam({ limits: v === 'whole' ? 'whole' : null })}
                      />
                    )}
                    <SegmentedControl
                      aria-label={t('analytics.periodLabel')}
                      data={(['week', 'month'] as const).map((v) => ({ value: v, label: t(`analytics.period.${v}`) }))}
                      value={period}
                      onChange={(v) => setParam({ period: v === 'month' ? null : v })}
                    />
                  </Group>
                </Group>
                <Text size="sm" c="dark.5" mb="sm">
                  {t(`qi.kindHint.${chart.data?.kind ?? 'p'}`)}
                </Text>
                <QueryState query={chart}>
                  {() => (
                    <Stack>
                      <ControlChart data={chart.data!} split={split} />
                      {split && <Segments data={chart.data!} />}
                    </Stack>
                  )}
                </QueryState>
              </Card>
            </>
          );
        }}
      </QueryState>
    </Stack>
  );
}
