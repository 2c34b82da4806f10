/** The complaints queue: saved views, filters, paging on the server, live SLA countdowns, bulk assign. */
import { useMemo, useState } from 'react';
import { Alert, Anchor, Button, Checkbox, Group, Pagination, Paper, Select, Stack, Table, Tabs, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useListParams } from '../../components/useListParams';
import { get, post, type Page } from '../../api';
import { useMe } from '../../auth';
import { ErrorAlert, PageHeader, QueryState, SeverityBadge, SlaCountdown, StatusBadge, When, ListTotal } from '../../components/common';
import { formatNumber } from '../../dates';
import { currentLanguage } from '../../i18n';
import { nameOf, useDepartments, useTimeZone, useUserName, useUsers } from '../../reference';
import { LEVEL } from '../../roles';
import { isDay, startOfDay, todayIn } from './queueDates';
import { SortableTh, sortOf, type SortState } from './SortableTh';
import { COMPLAINT_STATUSES, SEVERITIES, SOURCE_CHANNELS, currentDue, type ComplaintSummary } from './types';

const PAGE_SIZE = 25;
const VIEWS = ['all', 'mine', 'unassigned', 'breaching', 'overdue', 'escalated', 'moh937'] as const;
type View = (typeof VIEWS)[number];

function viewQuery(view: View, meId: string, timeZone: string): Record<string, string | boolean> {
  switch (view) {
    case 'mine':
      return { assigneeId: meId };
    case 'unassigned':
      return { unassigned: true };
    case 'breaching':
      return { breachingBefore: startOfDay(todayIn(timeZone), timeZone, 1).toISOString() };
    case 'overdue':
      return { overdue: true };
    case 'escalated':
      return { escalated: true };
    case 'moh937':
      return { sourceChannel: 'moh_937' };
    default:
      return {};
  }
}

export function ComplaintsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const [params, changeParams] = useListParams();
  const view = (VIEWS as readonly string[]).includes(params.get('view') ?? '') ? (params.get('view') as View) : 'all';
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const filters = { status: params.get('status'), severity: params.get('severity'), departmentId: params.get('departmentId'), sourceChannel: params.get('sourceChannel') };
  const timeZone = useTimeZone(me.hospitalId);
  const receivedFrom = params.get('receivedFrom');
  const receivedTo = params.get('receivedTo');
  const sort: SortState = sortOf(params);
  const query = {
    ...filters,
    ...viewQuery(view, me.id, timeZone),
    ...(isDay(receivedFrom) ? { receivedFrom: startOfDay(receivedFrom, timeZone).toISOString() } : {}),
    ...(isDay(receivedTo) ? { receivedTo: startOfDay(receivedTo, timeZone, 1).toISOString() } : {}),
    ...(sort ? { sort: sort.column, direction: sort.direction } : {}),
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  };
  const list = useQuery({ queryKey: ['complaints', query], queryFn: () => get<Page<ComplaintSummary>>('/complaints', query), placeholderData: (previous) => previous });
  const departments = useDepartments(me.hospitalId);
  const users = useUsers(me.hospitalId);
  const userName = useUserName();
  const [selected, setSelected] = useState<string[]>([]);
  const [assignee, setAssignee] = useState<string | null>(null);

  const setParam = (key: string, value: string | null, also: Record<string, string | null> = {}) => {
    changeParams({ [key]: value, ...also });
    setSelected([]);
  };

  const onSort = (next: SortState) => setParam('sort', next?.column ?? null, { direction: next?.direction ?? null });

  const bulkAssign = useMutation({
    mutationFn: async () => {
      const results = await Promise.allSettled(selected.map((id) => post(`/complaints/${id}/assign`, { assigneeId: assignee })));
      const failed = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
      return { done: results.length - failed.length, failed: failed.map((f) => f.reason as Error) };
    },
    onSuccess: () => {
      setSelected([]);
      void queryClient.invalidateQueries({ queryKey: ['complaints'] });
    },
  });

  const assigneeOptions = useMemo(() => {
    const options = [{ value: me.id, label: t('common.me') }];
    for (const u of users.data?.items ?? []) if (u.id !== me.id) options.push({ value: u.id, label: u.role ? `${u.fullName} · ${t(`roles.${u.role}`, { defaultValue: u.role })}` : u.fullName });
    return options;
  }, [users.data, me.id, t]);
  const departmentOptions = (departments.data?.items ?? []).map((d) => ({ value: d.id, label: nameOf(d) }));
  const departmentName = (id: string | null) => nameOf(departments.data?.items.find((d) => d.id === id)) || '—';
  const items = list.data?.items ?? [];
  const allChecked = items.length > 0 && items.every((c) => selected.includes(c.id));
  const canAssign = me.level >= LEVEL.PX_COORDINATOR;

  return (
    <Stack>
      <PageHeader title={t('complaints.title')}>
        <Button component={Link} to="/complaints/new">
          {t('complaints.new')}
        </Button>
      </PageHeader>
      <Tabs value={view} onChange={(value) => setParam('view', value === 'all' ? null : value)}>
        <Tabs.List>
          {VIEWS.map((v) => (
            <Tabs.Tab key={v} value={v}>
              {t(`complaints.views.${v}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Group align="flex-end" wrap="wrap">
        <Select label={t('complaints.fields.status')} clearable data={COMPLAINT_STATUSES.map((s) => ({ value: s, label: t(`complaint.status.${s}`) }))} value={filters.status} onChange={(v) => setParam('status', v)} w={170} />
        <Select label={t('complaints.fields.severity')} clearable data={SEVERITIES.map((s) => ({ value: s, label: t(`severity.${s}`) }))} value={filters.severity} onChange={(v) => setParam('severity', v)} w={150} />
        <Select label={t('complaints.fields.department')} clearable searchable data={departmentOptions} value={filters.departmentId} onChange={(v) => setParam('departmentId', v)} w={220} />
        <Select label={t('complaints.fields.source')} clearable data={SOURCE_CHANNELS.map((s) => ({ value: s, label: t(`source.${s}`) }))} value={view === 'moh937' ? 'moh_937' : filters.sourceChannel} disabled={view === 'moh937'} onChange={(v) => setParam('sourceChannel', v)} w={180} />
        <TextInput type="date" label={t('complaints.receivedFrom')} value={receivedFrom ?? ''} max={receivedTo ?? undefined} onChange={(e) => setParam('receivedFrom', e.currentTarget.value || null)} w={170} />
        <TextInput type="date" label={t('complaints.receivedTo')} value={receivedTo ?? ''} min={receivedFrom ?? undefined} onChange={(e) => setParam('receivedTo', e.currentTarget.value || null)} w={170} />
      </Group>
      {canAssign && selected.length > 0 && (
        <Paper withBorder p="sm" data-testid="bulk-bar">
          <Group align="flex-end">
            <Text size="sm">{t('complaints.bulk.selected', { count: selected.length, n: formatNumber(selected.length, currentLanguage()) })}</Text>
            <Select label={t('complaints.bulk.assignTo')} data={assigneeOptions} value={assignee} onChange={setAssignee} searchable w={280} />
            <Button disabled={!assignee} loading={bulkAssign.isPending} onClick={() => bulkAssign.mutate()}>
              {t('complaints.bulk.assign')}
            </Button>
          </Group>
        </Paper>
      )}
      {bulkAssign.data && (
        <Alert color={bulkAssign.data.failed.length ? 'orange' : 'green'} role="status" withCloseButton onClose={() => bulkAssign.reset()} closeButtonLabel={t('common.close')}>
          {t('complaints.bulk.result', { done: formatNumber(bulkAssign.data.done, currentLanguage()), failed: formatNumber(bulkAssign.data.failed.length, currentLanguage()) })}
          {bulkAssign.data.failed.map((e, i) => (
            <Text key={i} size="sm" dir="auto">
              {e.message}
            </Text>
          ))}
        </Alert>
      )}
      {bulkAssign.error && <ErrorAlert error={bulkAssign.error} />}
      <QueryState query={list}>
        {() => (
          <>
            <Table.ScrollContainer minWidth={900}>
              <Table striped highlightOnHover verticalSpacing="xs" data-testid="complaints-table">
                <Table.Thead>
                  <Table.Tr>
                    {canAssign && (
                      <Table.Th w={40}>
                        <Checkbox aria-label={t('complaints.bulk.selectAll')} checked={allChecked} onChange={() => setSelected(allChecked ? [] : items.map((c) => c.id))} />
                      </Table.Th>
                    )}
                    <SortableTh column="referenceNo" sort={sort} onSort={onSort}>{t('complaints.fields.reference')}</SortableTh>
                    <SortableTh column="status" sort={sort} onSort={onSort}>{t('complaints.fields.status')}</SortableTh>
                    <SortableTh column="severity" sort={sort} onSort={onSort}>{t('complaints.fields.severity')}</SortableTh>
                    <Table.Th>{t('complaints.fields.category')}</Table.Th>
                    <Table.Th>{t('complaints.fields.department')}</Table.Th>
                    <Table.Th>{t('complaints.fields.assignee')}</Table.Th>
                    <SortableTh column="due" sort={sort} onSort={onSort}>{t('complaints.fields.due')}</SortableTh>
                    <Table.Th>{t('complaints.fields.sla')}</Table.Th>
                    <SortableTh column="createdAt" sort={sort} onSort={onSort}>{t('complaints.fields.received')}</SortableTh>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((c) => {
                    const due = currentDue(c);
                    return (
                      <Table.Tr key={c.id}>
                        {canAssign && (
                          <Table.Td>
                            <Checkbox aria-label={t('complaints.bulk.select', { ref: c.referenceNo })} checked={selected.includes(c.id)} onChange={() => setSelected((s) => (s.includes(c.id) ? s.filter((x) => x !== c.id) : [...s, c.id]))} />
                          </Table.Td>
                        )}
                        <Table.Td>
                          <Anchor component={Link} to={`/complaints/${c.id}`} dir="ltr">
                            {c.referenceNo}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>
                          <StatusBadge kind="complaint" value={c.status} />
                        </Table.Td>
                        <Table.Td>
                          <SeverityBadge value={c.severity} />
                        </Table.Td>
                        <Table.Td>{t(`category.${c.category}`, { defaultValue: c.category })}</Table.Td>
                        <Table.Td>{departmentName(c.departmentId)}</Table.Td>
                        <Table.Td>{userName(c.assigneeId, t('common.me')) ?? <Text span c="dimmed">{t('common.unassigned')}</Text>}</Table.Td>
                        <Table.Td>
                          <When value={due.due} hospitalId={c.hospitalId} />
                        </Table.Td>
                        <Table.Td>
                          <SlaCountdown due={due.due} met={due.met} />
                        </Table.Td>
                        <Table.Td>
                          <When value={c.createdAt} hospitalId={c.hospitalId} />
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {items.length === 0 && <Text c="dimmed">{t('common.empty')}</Text>}
            <Group justify="space-between">
              <ListTotal page={list.data} />
              <Pagination
                total={Math.max(1, Math.ceil((list.data?.total ?? 0) / PAGE_SIZE))}
                value={page}
                onChange={(p) => setParam('page', String(p))}
                getControlProps={(control) => ({ 'aria-label': t(`common.page.${control}`) })}
                getItemProps={(p) => ({ 'aria-label': t('common.page.number', { n: p }) })}
              />
            </Group>
          </>
        )}
      </QueryState>
    </Stack>
  );
}
