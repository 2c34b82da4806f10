/** The PX Action board: columns by status, a list view with filters, and "awaiting my approval". */
import { Anchor, Badge, Card, Group, Pagination, Paper, ScrollArea, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get, type Page } from '../../api';
import { useMe } from '../../auth';
import { FreeText, PageHeader, QueryState, SeverityBadge, SlaCountdown, StatusBadge, When, ListTotal } from '../../components/common';
import { formatNumber } from '../../dates';
import { currentLanguage } from '../../i18n';
import { nameOf, useDepartments, useUserName } from '../../reference';
import { LEVEL } from '../../roles';
import { SEVERITIES } from '../complaints/types';
import { ACTION_STATUSES, isDone, type ActionSummary } from './types';
import { useListParams } from '../../components/useListParams';

const COLUMNS: { key: string; statuses: string[] }[] = [
  { key: 'open', statuses: ['open'] },
  { key: 'in_progress', statuses: ['in_progress'] },
  { key: 'submitted', statuses: ['submitted'] },
  { key: 'done', statuses: ['approved', 'cancelled'] },
];
const PAGE_SIZE = 25;

function ActionCard({ action }: { action: ActionSummary }) {
  const { t } = useTranslation();
  const userName = useUserName();
  return (
    <Card withBorder padding="sm" data-testid="action-card">
      <Stack gap={4}>
        <Group justify="space-between" wrap="nowrap">
          <Anchor component={Link} to={`/actions/${action.id}`} size="sm" dir="ltr">
            {action.referenceNo}
          </Anchor>
          <SeverityBadge value={action.priority} />
        </Group>
        <FreeText>{action.title}</FreeText>
        <Text size="xs" c="dimmed">
          {userName(action.assigneeId, t('common.me')) ?? t('common.unassigned')}
        </Text>
        <SlaCountdown due={action.dueAt} met={isDone(action.status)} />
      </Stack>
    </Card>
  );
}

function BoardColumn({ column }: { column: (typeof COLUMNS)[number] }) {
  const { t } = useTranslation();
  const queries = column.statuses.map((status) => ({ status, limit: 50 }));
  const result = useQuery({
    queryKey: ['actions', 'board', column.key],
    queryFn: async () => {
      const pages = await Promise.all(queries.map((q) => get<Page<ActionSummary>>('/actions', q)));
      return { items: pages.flatMap((p) => p.items), total: pages.reduce((n, p) => n + p.total, 0) };
    },
  });
  return (
    <Paper withBorder p="sm" bg="gray.0" component="section" aria-labelledby={`column-${column.key}`}>
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h5" id={`column-${column.key}`}>
          {t(`actions.columns.${column.key}`)}
        </Title>
        <Badge variant="white" color="dark">{formatNumber(result.data?.total ?? 0, currentLanguage())}</Badge>
      </Group>
      <QueryState query={result}>
        {() => (
          <ScrollArea.Autosize mah="70vh">
            <Stack gap="xs">
              {result.data!.items.map((a) => (
                <ActionCard key={a.id} action={a} />
              ))}
              {result.data!.items.length === 0 && <Text size="sm" c="dimmed">{t('common.empty')}</Text>}
            </Stack>
          </ScrollArea.Autosize>
        )}
      </QueryState>
    </Paper>
  );
}

function ActionList({ params, setParam }: { params: URLSearchParams; setParam: (key: string, value: string | null) => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const departments = useDepartments(me.hospitalId);
  const userName = useUserName();
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const view = params.get('view');
  const query = {
    status: view === 'approval' ? 'submitted' : params.get('status'),
    priority: params.get('priority'),
    departmentId: params.get('departmentId'),
    assigneeId: view === 'mine' ? me.id : undefined,
    overdue: params.get('overdue') === 'true' ? true : undefined,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  };
  const list = useQuery({ queryKey: ['actions', query], queryFn: () => get<Page<ActionSummary>>('/actions', query), placeholderData: (p) => p });
  return (
    <Stack>
      <Group align="flex-end">
        <Select label={t('actions.fields.status')} clearable disabled={view === 'approval'} data={ACTION_STATUSES.map((s) => ({ value: s, label: t(`action.status.${s}`) }))} value={query.status} onChange={(v) => setParam('status', v)} w={180} />
        <Select label={t('actions.fields.priority')} clearable data={SEVERITIES.map((s) => ({ value: s, label: t(`severity.${s}`) }))} value={query.priority} onChange={(v) => setParam('priority', v)} w={150} />
        <Select label={t('complaints.fields.department')} clearable searchable data={(departments.data?.items ?? []).map((d) => ({ value: d.id, label: nameOf(d) }))} value={query.departmentId} onChange={(v) => setParam('departmentId', v)} w={220} />
        <Select label={t('actions.fields.overdue')} clearable data={[{ value: 'true', label: t('common.yes') }]} value={params.get('overdue')} onChange={(v) => setParam('overdue', v)} w={140} />
      </Group>
      <QueryState query={list}>
        {() => (
          <>
            <Table.ScrollContainer minWidth={800}>
              <Table striped highlightOnHover data-testid="actions-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('complaints.fields.reference')}</Table.Th>
                    <Table.Th>{t('actions.fields.title')}</Table.Th>
                    <Table.Th>{t('actions.fields.status')}</Table.Th>
                    <Table.Th>{t('actions.fields.priority')}</Table.Th>
                    <Table.Th>{t('actions.fields.source')}</Table.Th>
                    <Table.Th>{t('complaints.fields.assignee')}</Table.Th>
                    <Table.Th>{t('actions.fields.due')}</Table.Th>
                    <Table.Th>{t('complaints.fields.sla')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.data!.items.map((a) => (
                    <Table.Tr key={a.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/actions/${a.id}`} dir="ltr">
                          {a.referenceNo}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <FreeText>{a.title}</FreeText>
                      </Table.Td>
                      <Table.Td>
                        <StatusBadge kind="action" value={a.status} />
                      </Table.Td>
                      <Table.Td>
                        <SeverityBadge value={a.priority} />
                      </Table.Td>
                      <Table.Td>{t(`actions.source.${a.sourceType}`)}</Table.Td>
                      <Table.Td>{userName(a.assigneeId, t('common.me')) ?? t('common.unassigned')}</Table.Td>
                      <Table.Td>
                        <When value={a.dueAt} hospitalId={a.hospitalId} />
                      </Table.Td>
                      <Table.Td>
                        <SlaCountdown due={a.dueAt} met={isDone(a.status)} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {list.data!.items.length === 0 && <Text c="dimmed">{t('common.empty')}</Text>}
            <Group justify="space-between">
              <ListTotal page={list.data} />
              <Pagination total={Math.max(1, Math.ceil(list.data!.total / PAGE_SIZE))} value={page} onChange={(p) => setParam('page', String(p))} getControlProps={(control) => ({ 'aria-label': t(`common.page.${control}`) })} />
            </Group>
          </>
        )}
      </QueryState>
    </Stack>
  );
}

export function ActionsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, changeParams] = useListParams();
  const view = params.get('view') ?? 'board';
  const setParam = (key: string, value: string | null) => changeParams({ [key]: value });
  const views = [
    { value: 'board', label: t('actions.views.board') },
    { value: 'list', label: t('actions.views.list') },
    { value: 'mine', label: t('actions.views.mine') },
    ...(me.level >= LEVEL.PX_COORDINATOR ? [{ value: 'approval', label: t('actions.views.approval') }] : []),
  ];
  return (
    <Stack>
      <PageHeader title={t('actions.title')}>
        <SegmentedControl aria-label={t('actions.views.label')} data={views} value={view} onChange={(v) => changeParams({ view: v === 'board' ? null : v })} />
      </PageHeader>
      {view === 'board' ? (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} data-testid="action-board">
          {COLUMNS.map((column) => (
            <BoardColumn key={column.key} column={column} />
          ))}
        </SimpleGrid>
      ) : (
        <ActionList params={params} setParam={setParam} />
      )}
    </Stack>
  );
}
