/** The department tree of a hospital: create, rename, move under another parent, delete a leaf. */
import { useState } from 'react';
import { Button, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../auth';
import { currentLanguage } from '../../i18n';
import { QueryState } from '../../components/common';
import { nameOf, useDepartments, type Department } from '../../reference';
import { del, patch, post } from './http';
import { EditDialog, fieldError, may, AdminError } from './shared';
import { HospitalPicker, useChosenHospital } from './HospitalPicker';

/** Depth-first, children by code: the order the tree reads in. */
export function treeRows(all: Department[]): { d: Department; depth: number; children: number }[] {
  const out: { d: Department; depth: number; children: number }[] = [];
  const visit = (parentId: string | null, depth: number) => {
    for (const d of all.filter((x) => x.parentId === parentId).sort((a, b) => a.code.localeCompare(b.code))) {
      out.push({ d, depth, children: all.filter((x) => x.parentId === d.id).length });
      visit(d.id, depth + 1);
    }
  };
  visit(null, 0);
  return out;
}

/** A department and everything under it: where it may not be moved. */
function subtree(all: Department[], id: string): Set<string> {
  const ids = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const d of all) if (d.parentId && ids.has(d.parentId) && !ids.has(d.id)) ids.add(d.id), (grew = true);
  }
  return ids;
}

type Editing = { mode: 'new'; parentId: string | null } | { mode: 'edit'; department: Department };

function DepartmentDialog({ editing, all, hospitalId, onClose }: { editing: Editing; all: Department[]; hospitalId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const existing = editing.mode === 'edit' ? editing.department : null;
  const [form, setForm] = useState({ code: existing?.code ?? '', nameAr: existing?.nameAr ?? '', nameEn: existing?.nameEn ?? '', parentId: existing ? existing.parentId : editing.mode === 'new' ? editing.parentId : null });
  const blocked = existing ? subtree(all, existing.id) : new Set<string>();
  const parents = treeRows(all)
    .filter(({ d }) => !blocked.has(d.id))
    .map(({ d, depth }) => ({ value: d.id, label: `${'— '.repeat(depth)}${nameOf(d)}` }));
  const save = useMutation({
    mutationFn: () => {
      const body = { code: form.code.trim(), nameAr: form.nameAr.trim(), nameEn: form.nameEn.trim(), parentId: form.parentId };
      if (!existing) return post('/departments', { ...body, hospitalId });
      const changes = Object.fromEntries(Object.entries(body).filter(([k, v]) => (existing as unknown as Record<string, unknown>)[k] !== v));
      return Object.keys(changes).length ? patch(`/departments/${existing.id}`, changes) : Promise.resolve(existing);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['departments'] });
      onClose();
    },
  });
  const set = (key: 'code' | 'nameAr' | 'nameEn') => (e: React.ChangeEvent<HTMLInputElement>) => {
    const v = e.currentTarget.value;
    setForm((f) => ({ ...f, [key]: v }));
  };
  return (
    <EditDialog opened title={existing ? t('adminEdit.departments.edit', { name: nameOf(existing) }) : t('adminEdit.departments.create')} onClose={onClose} onSubmit={() => save.mutate()} saving={save.isPending} error={save.error} shown={['code', 'nameAr', 'nameEn', 'parentId']} testId="department-form">
      <TextInput label={t('admin.fields.code')} description={t('adminEdit.departments.codeHint')} required dir="ltr" value={form.code} onChange={set('code')} error={fieldError(t, save.error, 'code')} />
      <TextInput label={t('adminEdit.nameAr')} required dir="rtl" value={form.nameAr} onChange={set('nameAr')} error={fieldError(t, save.error, 'nameAr')} />
      <TextInput label={t('adminEdit.nameEn')} required dir="ltr" value={form.nameEn} onChange={set('nameEn')} error={fieldError(t, save.error, 'nameEn')} />
      <Select
        label={t('adminEdit.departments.parent')}
        placeholder={t('adminEdit.departments.topLevel')}
        clearable
        searchable
        data={parents}
        value={form.parentId}
        onChange={(v) => setForm((f) => ({ ...f, parentId: v }))}
        error={fieldError(t, save.error, 'parentId')}
        comboboxProps={{ withinPortal: true }}
      />
    </EditDialog>
  );
}

export function DepartmentsTab() {
  const { t } = useTranslation();
  const me = useMe();
  const can = may(me);
  const [hospitalId, setHospitalId] = useChosenHospital();
  const departments = useDepartments(hospitalId);
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Editing | null>(null);
  const remove = useMutation({ mutationFn: (id: string) => del(`/departments/${id}`), onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['departments'] }) });
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <HospitalPicker value={hospitalId} onChange={setHospitalId} />
        {can.administer && hospitalId && <Button onClick={() => setEditing({ mode: 'new', parentId: null })}>{t('adminEdit.departments.create')}</Button>}
      </Group>
      <AdminError error={remove.error} />
      <QueryState query={departments}>
        {() => {
          const all = departments.data!.items;
          return (
            <Table striped data-testid="departments-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('admin.fields.name')}</Table.Th>
                  <Table.Th>{t('admin.fields.code')}</Table.Th>
                  {can.administer && <Table.Th>{t('integration.fields.actions')}</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {treeRows(all).map(({ d, depth, children }) => (
                  <Table.Tr key={d.id} data-depth={depth} data-code={d.code}>
                    <Table.Td style={{ paddingInlineStart: 12 + depth * 24 }}>
                      {depth > 0 && (
                        <Text span c="dimmed" aria-hidden>
                          {currentLanguage() === 'ar' ? '┘ ' : '└ '}
                        </Text>
                      )}
                      {nameOf(d)}
                    </Table.Td>
                    <Table.Td dir="ltr">{d.code}</Table.Td>
                    {can.administer && (
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          <Button size="compact-xs" variant="light" onClick={() => setEditing({ mode: 'edit', department: d })}>
                            {t('adminEdit.edit')}
                          </Button>
                          <Button size="compact-xs" variant="subtle" onClick={() => setEditing({ mode: 'new', parentId: d.id })}>
                            {t('adminEdit.departments.addChild')}
                          </Button>
                          {children === 0 && (
                            <Button size="compact-xs" variant="subtle" color="red" loading={remove.isPending && remove.variables === d.id} onClick={() => window.confirm(t('adminEdit.departments.confirmDelete', { name: nameOf(d) })) && remove.mutate(d.id)}>
                              {t('adminEdit.delete')}
                            </Button>
                          )}
                        </Group>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          );
        }}
      </QueryState>
      {editing && hospitalId && <DepartmentDialog editing={editing} all={departments.data?.items ?? []} hospitalId={hospitalId} onClose={() => setEditing(null)} />}
    </Stack>
  );
}
