/**
 * SLA policies: the group defaults (changed by group-wide PX admins) and a hospital's own (hospital
 * admins: override a default for their hospital, change or delete the override). Durations are
 * typed as ISO 8601 and read back in words as they are typed; the API's refusal shows on the field.
 */
import { useState } from 'react';
import { Button, Group, MultiSelect, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../auth';
import { QueryState } from '../../components/common';
import { describeDuration } from '../../durations';
import { currentLanguage } from '../../i18n';
import { nameOf, useHospitals } from '../../reference';
import { del, get, post, put, type Page } from './http';
import { AdminError, EditDialog, fieldError, may, type Role } from './shared';

interface SlaPolicy {
  id: string;
  hospitalId: string | null;
  entity: 'complaint' | 'action';
  severity: string | null;
  acknowledgeWithin: string;
  resolveWithin: string;
  clock: 'continuous' | 'business';
  reminderAt: number[];
  escalation: string[];
}

const DURATION = /^P(?=\d|T\d)(?:\d+W)?(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+S)?)?$/;

/** The duration in words as the clock counts it, or undefined while the text is not one. */
export function durationWords(text: string, clock: 'continuous' | 'business'): string | undefined {
  const value = text.trim().toUpperCase();
  if (!DURATION.test(value)) return undefined;
  const words = describeDuration(value, clock, currentLanguage());
  return words && words !== value ? words : undefined;
}

function DurationField({ label, value, clock, onChange, error, testId }: { label: string; value: string; clock: 'continuous' | 'business'; onChange: (v: string) => void; error?: string; testId: string }) {
  const { t } = useTranslation();
  const words = durationWords(value, clock);
  return (
    <TextInput
      label={label}
      required
      dir="ltr"
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={error}
      description={
        <span data-testid={testId} dir="auto" aria-live="polite">
          {words ?? t('adminEdit.sla.notDuration')}
        </span>
      }
    />
  );
}

type Editing = { mode: 'edit'; policy: SlaPolicy } | { mode: 'override'; policy: SlaPolicy; hospitalId: string };

function PolicyDialog({ editing, roles, onClose }: { editing: Editing; roles: Role[]; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { policy } = editing;
  const [form, setForm] = useState({ acknowledgeWithin: policy.acknowledgeWithin, resolveWithin: policy.resolveWithin, clock: policy.clock, escalation: policy.escalation });
  const save = useMutation({
    mutationFn: () => {
      const terms = { acknowledgeWithin: form.acknowledgeWithin.trim().toUpperCase(), resolveWithin: form.resolveWithin.trim().toUpperCase(), clock: form.clock, reminderAt: policy.reminderAt, escalation: form.escalation };
      return editing.mode === 'edit' ? put(`/sla-policies/${policy.id}`, terms) : post('/sla-policies', { entity: policy.entity, severity: policy.severity, hospitalId: editing.hospitalId, ...terms });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['sla-policies'] });
      onClose();
    },
  });
  const what = `${t(`admin.sla.entities.${policy.entity}`)} · ${policy.severity ? t(`severity.${policy.severity}`) : t('adminEdit.sla.anySeverity')}`;
  return (
    <EditDialog opened title={editing.mode === 'edit' ? t('adminEdit.sla.edit', { what }) : t('adminEdit.sla.override', { what })} onClose={onClose} onSubmit={() => save.mutate()} saving={save.isPending} error={save.error} shown={['acknowledgeWithin', 'resolveWithin', 'clock', 'escalation']} testId="sla-form">
      <Text size="sm" c="dimmed">
        {t('adminEdit.sla.hint')}
      </Text>
      <Stack gap={4}>
        <Text size="sm" fw={500} id="sla-clock-label">
          {t('adminEdit.sla.clock')}
        </Text>
        <SegmentedControl
          aria-labelledby="sla-clock-label"
          value={form.clock}
          onChange={(v) => setForm((f) => ({ ...f, clock: v as 'continuous' | 'business' }))}
          data={[
            { value: 'business', label: t('adminEdit.sla.clocks.business') },
            { value: 'continuous', label: t('adminEdit.sla.clocks.continuous') },
          ]}
        />
      </Stack>
      <DurationField label={t('admin.sla.acknowledge')} value={form.acknowledgeWithin} clock={form.clock} onChange={(v) => setForm((f) => ({ ...f, acknowledgeWithin: v }))} error={fieldError(t, save.error, 'acknowledgeWithin')} testId="ack-words" />
      <DurationField label={t('admin.sla.resolve')} value={form.resolveWithin} clock={form.clock} onChange={(v) => setForm((f) => ({ ...f, resolveWithin: v }))} error={fieldError(t, save.error, 'resolveWithin')} testId="resolve-words" />
      <MultiSelect label={t('admin.sla.ladder')} description={t('adminEdit.sla.ladderHint')} required data={roles.map((r) => ({ value: r.code, label: nameOf(r) }))} value={form.escalation} onChange={(v) => setForm((f) => ({ ...f, escalation: v }))} error={fieldError(t, save.error, 'escalation')} comboboxProps={{ withinPortal: true }} />
    </EditDialog>
  );
}

export function SlaPoliciesTab({ roles }: { roles: Role[] }) {
  const { t } = useTranslation();
  const me = useMe();
  const can = may(me);
  const hospitals = useHospitals();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ['sla-policies'], queryFn: () => get<Page<SlaPolicy>>('/sla-policies', { limit: 200 }) });
  const remove = useMutation({ mutationFn: (id: string) => del(`/sla-policies/${id}`), onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['sla-policies'] }) });
  const [editing, setEditing] = useState<Editing | null>(null);
  const language = currentLanguage();
  return (
    <Stack>
      <AdminError error={remove.error} />
      <QueryState query={list}>
        {() => {
          const items = list.data!.items;
          const overridden = (p: SlaPolicy) => items.some((o) => o.hospitalId === me.hospitalId && o.entity === p.entity && o.severity === p.severity);
          return (
            <Table striped data-testid="sla-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('admin.sla.entity')}</Table.Th>
                  <Table.Th>{t('admin.sla.severity')}</Table.Th>
                  <Table.Th>{t('admin.fields.hospital')}</Table.Th>
                  <Table.Th>{t('admin.sla.acknowledge')}</Table.Th>
                  <Table.Th>{t('admin.sla.resolve')}</Table.Th>
                  <Table.Th>{t('admin.sla.ladder')}</Table.Th>
                  {can.administer && <Table.Th>{t('integration.fields.actions')}</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((p) => {
                  const mayEdit = can.administer && (p.hospitalId !== null || can.groupWide);
                  const mayOverride = can.administer && p.hospitalId === null && me.hospitalId !== null && !overridden(p);
                  return (
                    <Table.Tr key={p.id} data-entity={p.entity} data-severity={p.severity ?? 'any'} data-scope={p.hospitalId ? 'hospital' : 'group'}>
                      <Table.Td>{t(`admin.sla.entities.${p.entity}`)}</Table.Td>
                      <Table.Td>{p.severity ? t(`severity.${p.severity}`) : t('adminEdit.sla.anySeverity')}</Table.Td>
                      <Table.Td>{p.hospitalId ? nameOf(hospitals.data?.items.find((h) => h.id === p.hospitalId)) : t('admin.sla.groupDefault')}</Table.Td>
                      <Table.Td>{p.acknowledgeWithin ? describeDuration(p.acknowledgeWithin, p.clock, language) : '—'}</Table.Td>
                      <Table.Td>{describeDuration(p.resolveWithin, p.clock, language)}</Table.Td>
                      <Table.Td>{p.escalation.map((r) => t(`roles.${r}`, { defaultValue: r })).join(' ← ')}</Table.Td>
                      {can.administer && (
                        <Table.Td>
                          <Group gap={4} wrap="nowrap">
                            {mayEdit && (
                              <Button size="compact-xs" variant="light" onClick={() => setEditing({ mode: 'edit', policy: p })}>
                                {t('adminEdit.edit')}
                              </Button>
                            )}
                            {mayOverride && (
                              <Button size="compact-xs" variant="light" onClick={() => setEditing({ mode: 'override', policy: p, hospitalId: me.hospitalId! })}>
                                {t('adminEdit.sla.overrideShort')}
                              </Button>
                            )}
                            {mayEdit && p.hospitalId !== null && (
                              <Button size="compact-xs" variant="subtle" color="red" onClick={() => remove.mutate(p.id)}>
                                {t('adminEdit.delete')}
                              </Button>
                            )}
                          </Group>
                        </Table.Td>
                      )}
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          );
        }}
      </QueryState>
      {editing && <PolicyDialog editing={editing} roles={roles} onClose={() => setEditing(null)} />}
    </Stack>
  );
}
