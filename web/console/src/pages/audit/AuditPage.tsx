/** The audit trail: filters by actor, entity, action and date; what changed shown as a before/after diff. */
import { Fragment, useState } from 'react';
import { Anchor, Badge, Code, Group, Pagination, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';

import { get, type Page } from '../../api';
import { PageHeader, QueryState, When, ListTotal } from '../../components/common';
import { useListParams } from '../../components/useListParams';

interface AuditEvent {
  id: string;
  occurredAt: string;
  action: string;
  outcome: 'success' | 'failure';
  actorId: string | null;
  actorEmail: string | null;
  entityType: string | null;
  entityId: string | null;
  hospitalId: string | null;
  ip: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

const ENTITY_TYPES = ['user', 'hospital', 'department', 'physician', 'patient', 'complaint', 'action', 'journey', 'survey_template', 'sla_policy', 'integration_source', 'event_mapping', 'inbox_message'];
const PAGE_SIZE = 25;
const show = (value: unknown) => (value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value));

/** Each field that differs, with its value before and after. */
export function AuditDiff({ before, after }: { before: Record<string, unknown> | null; after: Record<string, unknown> | null }) {
  const { t } = useTranslation();
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].sort();
  const changed = keys.filter((k) => show(before?.[k]) !== show(after?.[k]));
  if (changed.length === 0) return <Text size="sm" c="dimmed">{t('audit.noChange')}</Text>;
  return (
    <Table withTableBorder data-testid="audit-diff">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('audit.field')}</Table.Th>
          <Table.Th>{t('audit.before')}</Table.Th>
          <Table.Th>{t('audit.after')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {changed.map((k) => (
          <Table.Tr key={k}>
            <Table.Td dir="ltr">{k}</Table.Td>
            <Table.Td bg={before && k in before ? 'red.0' : undefined}>
              <Code dir="auto" bg="transparent">{show(before?.[k]) || '—'}</Code>
            </Table.Td>
            <Table.Td bg={after && k in after ? 'green.0' : undefined}>
              <Code dir="auto" bg="transparent">{show(after?.[k]) || '—'}</Code>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function AuditPage() {
  const { t } = useTranslation();
  const [params, changeParams] = useListParams();
  const [open, setOpen] = useState<string | null>(null);
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const from = params.get('from');
  const to = params.get('to');
  const query = {
    action: params.get('action'),
    entityType: params.get('entityType'),
    actorId: params.get('actorId'),
    outcome: params.get('outcome'),
    from: from ? new Date(`${from}T00:00:00`).toISOString() : undefined,
    to: to ? new Date(`${to}T23:59:59`).toISOString() : undefined,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  };
  const list = useQuery({ queryKey: ['audit', query], queryFn: () => get<Page<AuditEvent>>('/audit-events', query), placeholderData: (p) => p });
  const setParam = (key: string, value: string | null) => changeParams({ [key]: value });
  return (
    <Stack>
      <PageHeader title={t('audit.title')} />
      <Group align="flex-end" wrap="wrap">
        <TextInput label={t('audit.action')} dir="ltr" placeholder="complaint.acknowledge" defaultValue={query.action ?? ''} onBlur={(e) => setParam('action', e.currentTarget.value.trim() || null)} w={200} />
        <Select label={t('audit.entity')} clearable data={ENTITY_TYPES.map((e) => ({ value: e, label: t(`audit.entities.${e}`, { defaultValue: e }) }))} value={query.entityType} onChange={(v) => setParam('entityType', v)} w={190} />
        <TextInput label={t('audit.actor')} dir="ltr" defaultValue={query.actorId ?? ''} onBlur={(e) => setParam('actorId', e.currentTarget.value.trim() || null)} w={200} />
        <Select label={t('audit.outcome')} clearable data={['success', 'failure'].map((o) => ({ value: o, label: t(`audit.outcomes.${o}`) }))} value={query.outcome} onChange={(v) => setParam('outcome', v)} w={150} />
        <TextInput label={t('audit.from')} type="date" value={from ?? ''} onChange={(e) => setParam('from', e.currentTarget.value || null)} w={160} />
        <TextInput label={t('audit.to')} type="date" value={to ?? ''} onChange={(e) => setParam('to', e.currentTarget.value || null)} w={160} />
      </Group>
      <QueryState query={list}>
        {() => (
          <>
            <Table.ScrollContainer minWidth={900}>
              <Table data-testid="audit-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('audit.when')}</Table.Th>
                    <Table.Th>{t('audit.action')}</Table.Th>
                    <Table.Th>{t('audit.outcome')}</Table.Th>
                    <Table.Th>{t('audit.actor')}</Table.Th>
                    <Table.Th>{t('audit.entity')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.data!.items.map((e) => (
                    <Fragment key={e.id}>
                      <Table.Tr>
                        <Table.Td>
                          <When value={e.occurredAt} hospitalId={e.hospitalId} />
                        </Table.Td>
                        <Table.Td>
                          <Anchor component="button" type="button" dir="ltr" onClick={() => setOpen(open === e.id ? null : e.id)} aria-expanded={open === e.id}>
                            {e.action}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>
                          <Badge color={e.outcome === 'success' ? 'green' : 'red'} variant="light" autoContrast>
                            {t(`audit.outcomes.${e.outcome}`)}
                          </Badge>
                        </Table.Td>
                        <Table.Td dir="ltr">{e.actorEmail ?? e.actorId ?? '—'}</Table.Td>
                        <Table.Td>{e.entityType ? t(`audit.entities.${e.entityType}`, { defaultValue: e.entityType }) : '—'}</Table.Td>
                      </Table.Tr>
                      {open === e.id && (
                        <Table.Tr>
                          <Table.Td colSpan={5}>
                            <AuditDiff before={e.before} after={e.after} />
                          </Table.Td>
                        </Table.Tr>
                      )}
                    </Fragment>
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
