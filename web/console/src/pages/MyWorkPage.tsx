/** My work: the landing page: my open complaints and actions, what waits for my approval, what is overdue. */
import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get, type Page } from '../api';
import { useMe } from '../auth';
import { FreeText, PageHeader, QueryState, SlaCountdown, StatusBadge } from '../components/common';
import { formatNumber } from '../dates';
import { currentLanguage } from '../i18n';
import { LEVEL, canUse } from '../roles';
import { TodayKpiCard } from './analytics/TodayCard';
import type { ActionSummary } from './actions/types';
import { UnheardEscalationsCard } from './UnheardEscalationsCard';
import { currentDue, type ComplaintSummary } from './complaints/types';

type Row = { id: string; referenceNo: string; status: string; label: string; due: string | null; met: boolean; kind: 'complaint' | 'action' };

function WorkCard({ title, testId, load, more }: { title: string; testId: string; load: () => Promise<{ total: number; rows: Row[] }>; more: string }) {
  const { t } = useTranslation();
  const query = useQuery({ queryKey: ['my-work', testId], queryFn: load });
  return (
    <Card withBorder data-testid={testId} component="section" aria-labelledby={`${testId}-title`}>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" id={`${testId}-title`}>
          {title}
        </Title>
        <Badge size="lg" variant="light" color="dark" data-testid={`${testId}-count`}>
          {formatNumber(query.data?.total ?? 0, currentLanguage())}
        </Badge>
      </Group>
      <QueryState query={query}>
        {() =>
          query.data!.rows.length === 0 ? (
            <Text c="dimmed" size="sm">
              {t('myWork.nothing')}
            </Text>
          ) : (
            <Table>
              <Table.Tbody>
                {query.data!.rows.map((row) => (
                  <Table.Tr key={row.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/${row.kind === 'complaint' ? 'complaints' : 'actions'}/${row.id}`} dir="ltr" size="sm">
                        {row.referenceNo}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <FreeText>{row.label}</FreeText>
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge kind={row.kind} value={row.status} />
                    </Table.Td>
                    <Table.Td>
                      <SlaCountdown due={row.due} met={row.met} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )
        }
      </QueryState>
      <Anchor component={Link} to={more} size="sm" mt="xs">
        {t('myWork.seeAll')}
      </Anchor>
    </Card>
  );
}

export function MyWorkPage() {
  const { t } = useTranslation();
  const me = useMe();
  const complaintRows = (page: Page<ComplaintSummary>) => ({
    total: page.total,
    rows: page.items.map((c): Row => ({ id: c.id, referenceNo: c.referenceNo, status: c.status, label: t(`category.${c.category}`, { defaultValue: c.category }), ...currentDue(c), kind: 'complaint' })),
  });
  const actionRows = (page: Page<ActionSummary>) => ({
    total: page.total,
    rows: page.items.map((a): Row => ({ id: a.id, referenceNo: a.referenceNo, status: a.status, label: a.title, due: a.dueAt, met: a.status === 'approved' || a.status === 'cancelled', kind: 'action' })),
  });
  const openComplaints = async () => {
    const pages = await Promise.all(['open', 'acknowledged', 'in_progress'].map((status) => get<Page<ComplaintSummary>>('/complaints', { assigneeId: me.id, status, limit: 5 })));
    return complaintRows({ items: pages.flatMap((p) => p.items).slice(0, 8), total: pages.reduce((n, p) => n + p.total, 0), limit: 8, offset: 0 });
  };
  const openActions = async () => {
    const pages = await Promise.all(['open', 'in_progress'].map((status) => get<Page<ActionSummary>>('/actions', { assigneeId: me.id, status, limit: 5 })));
    return actionRows({ items: pages.flatMap((p) => p.items).slice(0, 8), total: pages.reduce((n, p) => n + p.total, 0), limit: 8, offset: 0 });
  };
  if (me.level < LEVEL.STAFF)
    return (
      <Stack>
        <PageHeader title={t('myWork.title')} />
        <Text>{t('myWork.viewerOnly')}</Text>
      </Stack>
    );
  return (
    <Stack>
      <PageHeader title={t('myWork.title')} />
      <Text c="dimmed" dir="auto">
        {t('myWork.greeting', { name: me.fullName })}
      </Text>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <WorkCard title={t('myWork.myComplaints')} testId="my-complaints" load={openComplaints} more="/complaints?view=mine" />
        <WorkCard title={t('myWork.myActions')} testId="my-actions" load={openActions} more="/actions?view=mine" />
        {me.level >= LEVEL.PX_COORDINATOR && (
          <WorkCard title={t('myWork.awaitingApproval')} testId="awaiting-approval" load={async () => actionRows(await get<Page<ActionSummary>>('/actions', { status: 'submitted', limit: 8 }))} more="/actions?view=approval" />
        )}
        <WorkCard title={t('myWork.breaching')} testId="breaching" load={async () => complaintRows(await get<Page<ComplaintSummary>>('/complaints', { overdue: true, limit: 8 }))} more="/complaints?view=overdue" />
        {me.level >= LEVEL.PX_COORDINATOR && <UnheardEscalationsCard />}
        {me.hospitalId && canUse(me.level, 'analytics') && <TodayKpiCard />}
      </SimpleGrid>
    </Stack>
  );
}
