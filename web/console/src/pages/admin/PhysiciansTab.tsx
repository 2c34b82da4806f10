/** Physicians of a hospital: create and edit (license, names, specialty, department). */
import { useState } from 'react';
import { Button, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../auth';
import { QueryState } from '../../components/common';
import { nameOf, useDepartments } from '../../reference';
import { get, patch, post, type Page } from './http';
import { HospitalPicker, useChosenHospital } from './HospitalPicker';
import { AccountSelect, changed, EditDialog, fieldError, may, orNull, personName } from './shared';

interface Physician {
  id: string;
  hospitalId: string;
  departmentId: string | null;
  licenseNo: string;
  fullNameEn: string;
  fullNameAr: string | null;
  specialty: string | null;
  userId: string | null;
}

function PhysicianDialog({ physician, hospitalId, onClose }: { physician: Physician | null; hospitalId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const departments = useDepartments(hospitalId);
  const [form, setForm] = useState({ licenseNo: physician?.licenseNo ?? '', fullNameAr: physician?.fullNameAr ?? '', fullNameEn: physician?.fullNameEn ?? '', specialty: physician?.specialty ?? '', departmentId: physician?.departmentId ?? null, userId: physician?.userId ?? null });
  const save = useMutation({
    mutationFn: () => {
      const body = { licenseNo: form.licenseNo.trim(), fullNameAr: orNull(form.fullNameAr), fullNameEn: form.fullNameEn.trim(), specialty: orNull(form.specialty), departmentId: form.departmentId, userId: form.userId };
      if (!physician) return post('/physicians', { ...body, hospitalId });
      const changes = changed(physician, body);
      return Object.keys(changes).length ? patch(`/physicians/${physician.id}`, changes) : Promise.resolve(physician);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['physicians'] });
      onClose();
    },
  });
  const set = (key: 'licenseNo' | 'fullNameAr' | 'fullNameEn' | 'specialty') => (e: React.ChangeEvent<HTMLInputElement>) => {
    const v = e.currentTarget.value;
    setForm((f) => ({ ...f, [key]: v }));
  };
  return (
    <EditDialog opened title={physician ? t('adminEdit.physicians.edit', { name: personName(physician) }) : t('adminEdit.physicians.create')} onClose={onClose} onSubmit={() => save.mutate()} saving={save.isPending} error={save.error} shown={['licenseNo', 'fullNameAr', 'fullNameEn', 'specialty', 'departmentId', 'userId']} testId="physician-form">
      <TextInput label={t('admin.fields.license')} required dir="ltr" value={form.licenseNo} onChange={set('licenseNo')} error={fieldError(t, save.error, 'licenseNo')} />
      <TextInput label={t('adminEdit.fullNameAr')} dir="rtl" value={form.fullNameAr} onChange={set('fullNameAr')} error={fieldError(t, save.error, 'fullNameAr')} />
      <TextInput label={t('adminEdit.fullNameEn')} required dir="ltr" value={form.fullNameEn} onChange={set('fullNameEn')} error={fieldError(t, save.error, 'fullNameEn')} />
      <TextInput label={t('admin.fields.specialty')} dir="auto" value={form.specialty} onChange={set('specialty')} error={fieldError(t, save.error, 'specialty')} />
      <Select label={t('admin.fields.department')} clearable searchable data={(departments.data?.items ?? []).map((d) => ({ value: d.id, label: nameOf(d) }))} value={form.departmentId} onChange={(v) => setForm((f) => ({ ...f, departmentId: v }))} error={fieldError(t, save.error, 'departmentId')} comboboxProps={{ withinPortal: true }} />
      <AccountSelect hospitalId={hospitalId} label={t('adminEdit.physicians.account')} value={form.userId} onChange={(v) => setForm((f) => ({ ...f, userId: v }))} error={fieldError(t, save.error, 'userId')} />
    </EditDialog>
  );
}

export function PhysiciansTab() {
  const { t } = useTranslation();
  const can = may(useMe());
  const [hospitalId, setHospitalId] = useChosenHospital();
  const departments = useDepartments(hospitalId);
  const list = useQuery({ queryKey: ['physicians', hospitalId], queryFn: () => get<Page<Physician>>('/physicians', { limit: 200, hospitalId: hospitalId ?? undefined }) });
  const [editing, setEditing] = useState<Physician | 'new' | null>(null);
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <HospitalPicker value={hospitalId} onChange={setHospitalId} />
        {can.administer && hospitalId && <Button onClick={() => setEditing('new')}>{t('adminEdit.physicians.create')}</Button>}
      </Group>
      <QueryState query={list}>
        {() => (
          <Table striped data-testid="physicians-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('admin.fields.name')}</Table.Th>
                <Table.Th>{t('admin.fields.license')}</Table.Th>
                <Table.Th>{t('admin.fields.specialty')}</Table.Th>
                <Table.Th>{t('admin.fields.department')}</Table.Th>
                {can.administer && <Table.Th>{t('integration.fields.actions')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data!.items.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td dir="auto">{personName(p)}</Table.Td>
                  <Table.Td dir="ltr">{p.licenseNo}</Table.Td>
                  <Table.Td dir="auto">{p.specialty ?? '—'}</Table.Td>
                  <Table.Td>{nameOf(departments.data?.items.find((d) => d.id === p.departmentId)) || '—'}</Table.Td>
                  {can.administer && (
                    <Table.Td>
                      <Button size="compact-xs" variant="light" onClick={() => setEditing(p)}>
                        {t('adminEdit.edit')}
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </QueryState>
      {list.data?.items.length === 0 && <Text c="dimmed">{t('common.empty')}</Text>}
      {editing && hospitalId && <PhysicianDialog physician={editing === 'new' ? null : editing} hospitalId={hospitalId} onClose={() => setEditing(null)} />}
    </Stack>
  );
}
