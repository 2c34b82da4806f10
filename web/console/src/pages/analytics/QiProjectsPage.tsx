/**
 * QI projects of the hospital (a department-bound caller: their department's): title, department,
 * metric, owner, baseline, intervention and where the project stands; PX coordinators and up create
 * one here, with the API's refusals shown on the fields they concern.
 */
import { useState } from 'react';
import { Anchor, Badge, Button, Card, Group, MultiSelect, NumberInput, Pagination, Select, SimpleGrid, Stack, Table, Text, TextInput, type MantineColor } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { get, post, type Page } from '../../api';
import { useMe } from '../../auth';
import { FreeText, ListTotal, PageHeader, QueryState } from '../../components/common';
import { useListParams } from '../../components/useListParams';
import { nameOf, useDepartments, useTimeZone, useUserName, useUsers } from '../../reference';
import { LEVEL, QI_WRITE_LEVEL } from '../../roles';
import { EditDialog, fieldError } from '../admin/shared';
import type { ActionSummary } from '../actions/types';
import { todayIn } from '../complaints/queueDates';
import { AnalyticsNav, Day } from './AnalyticsNav';
import { METRICS, type Metric } from './kpi';
import { qiStatus, type QiProject, type QiStatus } from './qi';
import { ScopeSelects, useAnalyticsHospital } from './scope';

const PAGE_SIZE = 25;
const STATUS_COLOUR: Record<QiStatus, MantineColor> = { baseline: 'blue', awaiting: 'yellow', followUp: 'teal' };

export function QiStatusBadge({ project, today }: { project: QiProject; today: string }) {
  const { t } = useTranslation();
  const status = qiStatus(project, today);
  return (
    <Badge variant="light" color={STATUS_COLOUR[status]} autoContrast data-status={status} style={{ overflow: 'visible' }} styles={{ label: { overflow: 'visible' } }}>
      {t(`qi.status.${status}`)}
    </Badge>
  );
}

const EMPTY = { title: '', metric: null as string | null, departmentId: null as string | null, ownerId: null as string | null, baselineFrom: '', baselineTo: '', targetValue: '' as string | number, interventionDate: '', actionIds: [] as string[] };

function NewQiProject({ hospitalId, opened, onClose }: { hospitalId: string | null; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const departmentBound = me.departmentId !== null && me.level < LEVEL.HOSPITAL_ADMIN;
  const [form, setForm] = useState<typeof EMPTY>({ ...EMPTY, departmentId: departmentBound ? me.departmentId : null, ownerId: me.id });
  const set = <K extends keyof typeof form>(key: K) => (value: (typeof form)[K]) => setForm((f) => ({ ...f, [key]: value }));
  const departments = useDepartments(hospitalId);
  const users = useUsers(hospitalId);
  const actions = useQuery({
    queryKey: ['actions', 'qi-choices', hospitalId],
    queryFn: () => get<Page<ActionSummary>>('/actions', { limit: 200, hospitalId: me.hospitalId ? undefined : (hospitalId ?? undefined) }),
    enabled: opened,
  });
  const create = useMutation({
    mutationFn: () => {
      const body: Record<string, unknown> = { metric: form.metric ?? undefined, baselineFrom: form.baselineFrom || undefined, baselineTo: form.baselineTo || undefined };
      if (form.title.trim()) body.title = form.title.trim();
      if (!me.hospitalId && hospitalId) body.hospitalId = hospitalId;
      if (form.departmentId) body.departmentId = form.departmentId;
      if (form.ownerId) body.ownerId = form.ownerId;
      if (form.targetValue !== '') body.targetValue = Number(form.targetValue);
      if (form.interventionDate) body.interventionDate = form.interventionDate;
      if (form.actionIds.length) body.actionIds = form.actionIds;
      return post<QiProject>('/qi-projects', body);
    },
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: ['qi-projects'] });
      navigate(`/analytics/qi/${created.id}`);
    },
  });
  const error = (field: string) => fieldError(t, create.error, field);
  const shown = ['title', 'metric', 'departmentId', 'ownerId', 'baselineFrom', 'baselineTo', 'targetValue', 'interventionDate', 'actionIds'];
  const departmentOptions = (departments.data?.items ?? []).filter((d) => !departmentBound || d.id === me.departmentId).map((d) => ({ value: d.id, label: nameOf(d) }));
  const ownerOptions = [{ value: me.id, label: t('common.me') }, ...(users.data?.items ?? []).filter((u) => u.id !== me.id).map((u) => ({ value: u.id, label: u.fullName }))];
  const actionOptions = (actions.data?.items ?? []).map((a) => ({ value: a.id, label: `${a.referenceNo} · ${a.title}` }));
  const close = () => {
    create.reset();
    onClose();
  };
  return (
    <EditDialog opened={opened} title={t('qi.new')} onClose={close} onSubmit={() => create.mutate()} saving={create.isPending} error={create.error} shown={shown} testId="qi-form">
      <TextInput label={t('qi.fields.title')} withAsterisk value={form.title} onChange={(e) => set('title')(e.currentTarget.value)} error={error('title')} maxLength={200} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select label={t('qi.fields.metric')} withAsterisk data={METRICS.map((m) => ({ value: m, label: t(`analytics.metric.${m}`) }))} value={form.metric} onChange={set('metric')} error={error('metric')} />
        <Select
          label={t('qi.fields.department')}
          placeholder={departmentBound ? undefined : t('qi.wholeHospital')}
          clearable={!departmentBound}
          searchable
          data={departmentOptions}
          value={form.departmentId}
          onChange={set('departmentId')}
          error={error('departmentId')}
          withAsterisk={departmentBound}
        />
        <Select label={t('qi.fields.owner')} searchable data={ownerOptions} value={form.ownerId} onChange={set('ownerId')} error={error('ownerId')} allowDeselect={false} />
        <NumberInput label={t('qi.fields.target')} description={form.metric ? t('qi.targetUnit', { metric: t(`analytics.metric.${form.metric as Metric}`) }) : undefined} value={form.targetValue} onChange={set('targetValue')} error={error('targetValue')} decimalScale={2} />
        <TextInput type="date" label={t('qi.fields.baselineFrom')} withAsterisk value={form.baselineFrom} onChange={(e) => set('baselineFrom')(e.currentTarget.value)} error={error('baselineFrom')} />
        <TextInput type="date" label={t('qi.fields.baselineTo')} withAsterisk value={form.baselineTo} onChange={(e) => set('baselineTo')(e.currentTarget.value)} error={error('baselineTo')} />
        <TextInput type="date" label={t('qi.fields.interventionDate')} description={t('qi.interventionHint')} value={form.interventionDate} onChange={(e) => set('interventionDate')(e.currentTarget.value)} error={error('interventionDate')} />
      </SimpleGrid>
      <MultiSelect label={t('qi.fields.actions')} searchable clearable data={actionOptions} value={form.actionIds} onChange={set('actionIds')} error={error('actionIds')} nothingFoundMessage={t('common.empty')} />
    </EditDialog>
  );
}

export function QiProjectsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [params, changeParams] = useListParams();
  const { groupWide, hospitalCode, hospitalId, departmentId, ready } = useAnalyticsHospital();
  const today = todayIn(useTimeZone(hospitalId));
  const departments = useDepartments(hospitalId);
  const userName = useUserName();
  const [creating, setCreating] = useState(false);
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const metric = (METRICS as readonly string[]).includes(params.get('metric') ?? '') ? (params.get('metric') as Metric) : null;
  const query = { hospitalCode, departmentId: departmentId ?? undefined, metric: metric ?? undefined, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE };
  const list = useQuery({ queryKey: ['qi-projects', query], queryFn: () => get<Page<QiProject>>('/qi-projects', query), enabled: ready, placeholderData: (p) => p });
  const departmentName = (id: string | null) => (id ? nameOf(departments.data?.items.find((d) => d.id === id)) || `#${id.slice(0, 8)}` : t('qi.wholeHospital'));
  const setParam = (changes: Record<string, string | null>) => changeParams(changes);

  return (
    <Stack>
      <AnalyticsNav current="qi" />
      <PageHeader title={t('qi.title')}>
        {me.level >= QI_WRITE_LEVEL && ready && (
          <Button onClick={() => setCreating(true)} data-testid="qi-new">
            {t('qi.new')}
          </Button>
        )}
      </PageHeader>
      <Group align="flex-end" wrap="wrap" role="search" aria-label={t('qi.filters')}>
        <ScopeSelects setParam={setParam} />
        <Select label={t('qi.fields.metric')} placeholder={t('qi.allMetrics')} clearable data={METRICS.map((m) => ({ value: m, label: t(`analytics.metric.${m}`) }))} value={metric} onChange={(v) => setParam({ metric: v })} w={240} />
      </Group>
      <Card withBorder>
        {ready ? (
          <QueryState query={list}>
            {() => (
              <Stack>
                {list.data!.items.length === 0 ? (
                  <Text c="dimmed" data-testid="qi-empty">
                    {t('qi.none')}
                  </Text>
                ) : (
                  <Table.ScrollContainer minWidth={900}>
                    <Table striped highlightOnHover data-testid="qi-table">
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th scope="col">{t('qi.fields.title')}</Table.Th>
                          <Table.Th scope="col">{t('qi.fields.department')}</Table.Th>
                          <Table.Th scope="col">{t('qi.fields.metric')}</Table.Th>
                          <Table.Th scope="col">{t('qi.fields.owner')}</Table.Th>
                          <Table.Th scope="col">{t('qi.fields.baseline')}</Table.Th>
                          <Table.Th scope="col">{t('qi.fields.interventionDate')}</Table.Th>
                          <Table.Th scope="col">{t('qi.fields.status')}</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {list.data!.items.map((p) => (
                          <Table.Tr key={p.id} data-testid="qi-row">
                            <Table.Td>
                              <Anchor component={Link} to={`/analytics/qi/${p.id}${groupWide && hospitalCode ? `?hospital=${encodeURIComponent(hospitalCode)}` : ''}`} size="sm">
                                <FreeText>{p.title}</FreeText>
                              </Anchor>
                            </Table.Td>
                            <Table.Td>{departmentName(p.departmentId)}</Table.Td>
                            <Table.Td>{t(`analytics.metric.${p.metric}`)}</Table.Td>
                            <Table.Td>{userName(p.ownerId, t('common.me')) ?? '—'}</Table.Td>
                            <Table.Td>
                              <Day value={p.baselineFrom} /> – <Day value={p.baselineTo} />
                            </Table.Td>
                            <Table.Td>
                              <Day value={p.interventionDate} />
                            </Table.Td>
                            <Table.Td style={{ whiteSpace: 'nowrap' }}>
                              <QiStatusBadge project={p} today={today} />
                            </Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  </Table.ScrollContainer>
                )}
                <Group justify="space-between">
                  <ListTotal page={list.data} />
                  <Pagination total={Math.max(1, Math.ceil(list.data!.total / PAGE_SIZE))} value={page} onChange={(p) => setParam({ page: String(p) })} getControlProps={(control) => ({ 'aria-label': t(`common.page.${control}`) })} />
                </Group>
              </Stack>
            )}
          </QueryState>
        ) : null}
      </Card>
      {me.level >= QI_WRITE_LEVEL && creating && <NewQiProject hospitalId={hospitalId} opened={creating} onClose={() => setCreating(false)} />}
    </Stack>
  );
}
