/** Integration: the inbox monitor (filters, error and ACK, raw for PX admins, replay), sources, event mappings. */
import { useState } from 'react';
import { Alert, Anchor, Button, Code, Group, Pagination, Select, Stack, Table, Tabs, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { get, post, type Page } from '../../api';
import { useMe } from '../../auth';
import { ErrorAlert, PageHeader, QueryState, StatusBadge, When, ListTotal } from '../../components/common';
import { NotFound } from '../../components/NotFound';
import { LEVEL } from '../../roles';
import { MappingsEditor } from './MappingsEditor';
import { useListParams } from '../../components/useListParams';

interface InboxMessage {
  id: string;
  seq: string;
  receivedAt: string;
  channel: string;
  status: string;
  sendingApplication: string | null;
  sendingFacility: string | null;
  controlId: string | null;
  messageType: string | null;
  triggerEvent: string | null;
  hospitalId: string | null;
  eventCode: string | null;
  workflowId: string | null;
  error: string | null;
  attempts: number;
  duplicates: number;
  processedAt: string | null;
  ack: string | null;
  raw?: string | null;
}

interface Source {
  id: string;
  code: string;
  name?: string;
  type: string;
  hospitalId: string | null;
  active: boolean;
  createdAt: string;
}

const STATUSES = ['received', 'processed', 'failed', 'ignored'] as const;
const CHANNELS = ['mllp', 'rest', 'fhir'] as const;
const PAGE_SIZE = 25;

function MessageRow({ message }: { message: InboxMessage }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const replay = useMutation({ mutationFn: () => post(`/integration/messages/${message.id}/replay`), onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['inbox'] }) });
  return (
    <>
      <Table.Tr data-status={message.status}>
        <Table.Td>
          <Anchor component="button" type="button" onClick={() => setOpen((o) => !o)} aria-expanded={open} dir="ltr">
            {message.controlId ?? message.seq}
          </Anchor>
        </Table.Td>
        <Table.Td>{t(`integration.channel.${message.channel}`, { defaultValue: message.channel })}</Table.Td>
        <Table.Td dir="ltr">{[message.messageType, message.triggerEvent].filter(Boolean).join('^') || '—'}</Table.Td>
        <Table.Td dir="ltr">{message.sendingFacility ?? '—'}</Table.Td>
        <Table.Td>
          <StatusBadge kind="inbox" value={message.status} />
        </Table.Td>
        <Table.Td dir="ltr">{message.eventCode ?? '—'}</Table.Td>
        <Table.Td>
          <When value={message.receivedAt} hospitalId={message.hospitalId} />
        </Table.Td>
        <Table.Td>
          {(message.status === 'failed' || message.status === 'ignored') && (
            <Button size="compact-sm" variant="light" loading={replay.isPending} onClick={() => replay.mutate()}>
              {t('integration.replay')}
            </Button>
          )}
          {replay.isSuccess && <Text size="xs" c="green.9">{t('integration.replayed')}</Text>}
        </Table.Td>
      </Table.Tr>
      {(open || replay.error) && (
        <Table.Tr>
          <Table.Td colSpan={8}>
            <Stack gap="xs">
              {replay.error && <ErrorAlert error={replay.error} />}
              {message.error && (
                <Alert color="red" title={t('integration.error')}>
                  <Text size="sm" dir="auto">{message.error}</Text>
                </Alert>
              )}
              <Text size="xs" fw={600}>{t('integration.ack')}</Text>
              <Code block dir="ltr">{message.ack ?? '—'}</Code>
              {message.raw !== undefined && (
                <>
                  <Text size="xs" fw={600}>{t('integration.raw')}</Text>
                  <Code block dir="ltr" data-testid="raw-message">{message.raw ?? '—'}</Code>
                </>
              )}
            </Stack>
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}

function Messages() {
  const { t } = useTranslation();
  const [params, changeParams] = useListParams();
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const query = { status: params.get('status'), channel: params.get('channel'), messageType: params.get('messageType'), limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE };
  const list = useQuery({ queryKey: ['inbox', query], queryFn: () => get<Page<InboxMessage>>('/integration/messages', query), placeholderData: (p) => p, refetchInterval: 15_000 });
  const setParam = (key: string, value: string | null) => changeParams({ [key]: value });
  return (
    <Stack>
      <Group align="flex-end">
        <Select label={t('integration.fields.status')} clearable data={STATUSES.map((s) => ({ value: s, label: t(`inbox.status.${s}`) }))} value={query.status} onChange={(v) => setParam('status', v)} w={170} />
        <Select label={t('integration.fields.channel')} clearable data={CHANNELS.map((c) => ({ value: c, label: t(`integration.channel.${c}`) }))} value={query.channel} onChange={(v) => setParam('channel', v)} w={150} />
        <TextInput label={t('integration.fields.type')} dir="ltr" defaultValue={query.messageType ?? ''} onBlur={(e) => setParam('messageType', e.currentTarget.value.trim().toUpperCase() || null)} w={120} />
      </Group>
      <QueryState query={list}>
        {() => (
          <>
            <Table.ScrollContainer minWidth={900}>
              <Table data-testid="inbox-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('integration.fields.controlId')}</Table.Th>
                    <Table.Th>{t('integration.fields.channel')}</Table.Th>
                    <Table.Th>{t('integration.fields.type')}</Table.Th>
                    <Table.Th>{t('integration.fields.facility')}</Table.Th>
                    <Table.Th>{t('integration.fields.status')}</Table.Th>
                    <Table.Th>{t('integration.fields.event')}</Table.Th>
                    <Table.Th>{t('integration.fields.received')}</Table.Th>
                    <Table.Th>{t('integration.fields.actions')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.data!.items.map((m) => (
                    <MessageRow key={m.id} message={m} />
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

function Sources() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ['sources'], queryFn: () => get<Page<Source>>('/integration/sources', { limit: 100 }) });
  const rotate = useMutation({ mutationFn: (id: string) => post<{ apiKey?: string; key?: string }>(`/integration/sources/${id}/rotate-key`), onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['sources'] }) });
  const [form, setForm] = useState({ code: '', name: '', type: 'rest' });
  const create = useMutation({
    mutationFn: () => post<{ apiKey?: string }>('/integration/sources', form),
    onSuccess: () => {
      rotate.reset();
      setForm({ code: '', name: '', type: 'rest' });
      void queryClient.invalidateQueries({ queryKey: ['sources'] });
    },
  });
  const shownKey = rotate.data?.apiKey ?? rotate.data?.key ?? create.data?.apiKey;
  return (
    <QueryState query={list}>
      {() => (
        <Stack>
          {shownKey && (
            <Alert color="yellow" title={t('integration.keyOnce')} role="status">
              <Code dir="ltr">{shownKey}</Code>
            </Alert>
          )}
          {rotate.error && <ErrorAlert error={rotate.error} />}
          {create.error && <ErrorAlert error={create.error} />}
          {me.level >= LEVEL.PX_ADMIN && (
            <form
              onSubmit={(event) => {
                event.preventDefault();
                create.mutate();
              }}
            >
              <Group align="flex-end">
                <TextInput label={t('integration.fields.code')} dir="ltr" required value={form.code} onChange={(e) => { const v = e.currentTarget.value.toUpperCase(); setForm((f) => ({ ...f, code: v })); }} />
                <TextInput label={t('integration.fields.name')} dir="auto" required value={form.name} onChange={(e) => { const v = e.currentTarget.value; setForm((f) => ({ ...f, name: v })); }} />
                <Select label={t('integration.fields.sourceType')} allowDeselect={false} data={CHANNELS.map((c) => ({ value: c, label: t(`integration.channel.${c}`) }))} value={form.type} onChange={(v) => setForm((f) => ({ ...f, type: v ?? 'rest' }))} w={150} />
                <Button type="submit" loading={create.isPending}>
                  {t('integration.addSource')}
                </Button>
              </Group>
            </form>
          )}
          <Table striped data-testid="sources-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('integration.fields.code')}</Table.Th>
                <Table.Th>{t('integration.fields.name')}</Table.Th>
                <Table.Th>{t('integration.fields.sourceType')}</Table.Th>
                <Table.Th>{t('journeys.active')}</Table.Th>
                <Table.Th>{t('integration.fields.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data!.items.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td dir="ltr">{s.code}</Table.Td>
                  <Table.Td dir="auto">{s.name ?? '—'}</Table.Td>
                  <Table.Td>{t(`integration.channel.${s.type}`, { defaultValue: s.type })}</Table.Td>
                  <Table.Td>{s.active ? t('common.yes') : t('common.no')}</Table.Td>
                  <Table.Td>
                    {me.level >= LEVEL.PX_ADMIN && (
                      <Button size="compact-sm" variant="light" onClick={() => rotate.mutate(s.id)}>
                        {t('integration.rotateKey')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {list.data!.items.length === 0 && <Text c="dimmed">{t('common.empty')}</Text>}
        </Stack>
      )}
    </QueryState>
  );
}

const TABS = ['messages', 'sources', 'mappings'] as const;

export function IntegrationPage() {
  const { t } = useTranslation();
  const { tab = 'messages' } = useParams();
  const navigate = useNavigate();
  if (!(TABS as readonly string[]).includes(tab)) return <NotFound />;
  return (
    <Stack>
      <PageHeader title={t('integration.title')} />
      <Tabs value={tab} onChange={(v) => navigate(`/integration/${v}`)}>
        <Tabs.List>
          {TABS.map((k) => (
            <Tabs.Tab key={k} value={k}>
              {t(`integration.tabs.${k}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      {tab === 'messages' && <Messages />}
      {tab === 'sources' && <Sources />}
      {tab === 'mappings' && <MappingsEditor />}
    </Stack>
  );
}
