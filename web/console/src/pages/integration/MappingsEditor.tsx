/** Event mappings: HL7 type/trigger plus conditions -> PX event code. PX admins edit; hospital admins read. */
import { useState } from 'react';
import { Badge, Button, Card, Checkbox, Group, NumberInput, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get, patch, post, request, type Page } from '../../api';
import { useMe } from '../../auth';
import { ErrorAlert, QueryState } from '../../components/common';
import { formatNumber } from '../../dates';
import { currentLanguage } from '../../i18n';
import { LEVEL } from '../../roles';
import { EVENT_CODES } from '../journeys/types';

export interface Mapping {
  id: string;
  sourceId: string | null;
  messageType: string;
  triggerEvent: string;
  patientClass: string | null;
  serviceSection: string | null;
  eventCode: string;
  priority: number;
  active: boolean;
}

interface Source {
  id: string;
  code: string;
}

type Draft = Omit<Mapping, 'id'>;
const blank: Draft = { sourceId: null, messageType: 'ADT', triggerEvent: '', patientClass: null, serviceSection: null, eventCode: 'ADMIT', priority: 0, active: true };

function MappingForm({ mapping, onDone }: { mapping?: Mapping; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const sources = useQuery({ queryKey: ['sources'], queryFn: () => get<Page<Source>>('/integration/sources', { limit: 100 }) });
  const [draft, setDraft] = useState<Draft>(() => {
    if (!mapping) return blank;
    const { sourceId, messageType, triggerEvent, patientClass, serviceSection, eventCode, priority, active } = mapping;
    return { sourceId, messageType, triggerEvent, patientClass, serviceSection, eventCode, priority, active };
  });
  const save = useMutation({
    mutationFn: () => (mapping ? patch(`/integration/event-mappings/${mapping.id}`, draft) : post('/integration/event-mappings', draft)),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['mappings'] });
      onDone();
    },
  });
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const text = (v: string) => v.trim().toUpperCase();
  return (
    <Card withBorder data-testid="mapping-form">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <Stack>
          <Title order={2} size="h4">{mapping ? t('integration.mappings.editTitle') : t('integration.mappings.newTitle')}</Title>
          <Group align="flex-start" grow>
            <TextInput label={t('integration.mappings.messageType')} dir="ltr" required value={draft.messageType} onChange={(e) => set('messageType', text(e.currentTarget.value))} />
            <TextInput label={t('integration.mappings.triggerEvent')} description={t('integration.mappings.anyTrigger')} dir="ltr" required value={draft.triggerEvent} onChange={(e) => set('triggerEvent', text(e.currentTarget.value))} />
            <TextInput label={t('integration.mappings.patientClass')} dir="ltr" value={draft.patientClass ?? ''} onChange={(e) => set('patientClass', text(e.currentTarget.value) || null)} />
            <TextInput label={t('integration.mappings.serviceSection')} dir="ltr" value={draft.serviceSection ?? ''} onChange={(e) => set('serviceSection', text(e.currentTarget.value) || null)} />
          </Group>
          <Group align="flex-start" grow>
            <Select label={t('integration.fields.event')} allowDeselect={false} searchable data={[...EVENT_CODES]} value={draft.eventCode} onChange={(v) => set('eventCode', v ?? draft.eventCode)} />
            <NumberInput label={t('integration.fields.priority')} min={-10000} max={10000} allowDecimal={false} value={draft.priority} onChange={(v) => set('priority', Number(v) || 0)} />
            <Select
              label={t('integration.mappings.source')}
              clearable
              placeholder={t('integration.mappings.everySource')}
              data={(sources.data?.items ?? []).map((s) => ({ value: s.id, label: s.code }))}
              value={draft.sourceId}
              onChange={(v) => set('sourceId', v)}
            />
          </Group>
          <Checkbox label={t('integration.mappings.active')} checked={draft.active} onChange={(e) => set('active', e.currentTarget.checked)} />
          {save.error && <ErrorAlert error={save.error} />}
          <Group>
            <Button type="submit" loading={save.isPending}>{t('integration.mappings.save')}</Button>
            <Button variant="default" onClick={onDone}>{t('integration.mappings.cancel')}</Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function MappingRow({ mapping, canEdit, onEdit }: { mapping: Mapping; canEdit: boolean; onEdit: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const remove = useMutation({ mutationFn: () => request('DELETE', `/integration/event-mappings/${mapping.id}`), onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['mappings'] }) });
  const label = `${mapping.messageType}^${mapping.triggerEvent}`;
  return (
    <Table.Tr data-mapping={mapping.id}>
      <Table.Td dir="ltr">{label}</Table.Td>
      <Table.Td dir="ltr">{[mapping.patientClass && `PV1-2=${mapping.patientClass}`, mapping.serviceSection && `OBR-24=${mapping.serviceSection}`].filter(Boolean).join(', ') || '—'}</Table.Td>
      <Table.Td dir="ltr">
        <Badge variant="light" color="dark">{mapping.eventCode}</Badge>
      </Table.Td>
      <Table.Td>{formatNumber(mapping.priority, currentLanguage())}</Table.Td>
      <Table.Td>{mapping.active ? t('common.yes') : t('common.no')}</Table.Td>
      {canEdit && (
        <Table.Td>
          <Group gap={4} wrap="nowrap">
            <Button size="compact-sm" variant="light" onClick={onEdit} aria-label={t('integration.mappings.editOne', { rule: label })}>
              {t('integration.mappings.edit')}
            </Button>
            <Button size="compact-sm" variant="subtle" color="red" loading={remove.isPending} onClick={() => window.confirm(t('integration.mappings.confirmDelete', { rule: label })) && remove.mutate()} aria-label={t('integration.mappings.deleteOne', { rule: label })}>
              {t('integration.mappings.delete')}
            </Button>
          </Group>
          {remove.error && <ErrorAlert error={remove.error} />}
        </Table.Td>
      )}
    </Table.Tr>
  );
}

export function MappingsEditor() {
  const { t } = useTranslation();
  const canEdit = useMe().level >= LEVEL.PX_ADMIN;
  const [editing, setEditing] = useState<Mapping | 'new' | null>(null);
  const list = useQuery({ queryKey: ['mappings'], queryFn: () => get<Page<Mapping>>('/integration/event-mappings', { limit: 200 }) });
  return (
    <Stack>
      {!canEdit && <Text size="sm" c="dimmed" data-testid="mappings-read-only">{t('integration.mappings.readOnly')}</Text>}
      {canEdit && editing === null && (
        <Group>
          <Button onClick={() => setEditing('new')}>{t('integration.mappings.add')}</Button>
        </Group>
      )}
      {canEdit && editing !== null && <MappingForm key={editing === 'new' ? 'new' : editing.id} mapping={editing === 'new' ? undefined : editing} onDone={() => setEditing(null)} />}
      <QueryState query={list}>
        {() => (
          <Table.ScrollContainer minWidth={800}>
            <Table striped data-testid="mappings-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('integration.fields.type')}</Table.Th>
                  <Table.Th>{t('integration.fields.conditions')}</Table.Th>
                  <Table.Th>{t('integration.fields.event')}</Table.Th>
                  <Table.Th>{t('integration.fields.priority')}</Table.Th>
                  <Table.Th>{t('journeys.active')}</Table.Th>
                  {canEdit && <Table.Th>{t('integration.fields.actions')}</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data!.items.map((m) => (
                  <MappingRow key={m.id} mapping={m} canEdit={canEdit} onEdit={() => setEditing(m)} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
    </Stack>
  );
}
