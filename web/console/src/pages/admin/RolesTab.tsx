/** Roles: PX admins rename any role, add custom roles between the built-in levels and change a custom role's level. */
import { useState } from 'react';
import { Badge, Button, Group, NumberInput, Stack, Table, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../auth';
import { nameOf } from '../../reference';
import { patch, post } from './http';
import { changed, EditDialog, fieldError, may, type Role } from './shared';

function RoleDialog({ role, onClose }: { role: Role | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ code: role?.code ?? '', level: role?.level ?? 45, nameAr: role?.nameAr ?? '', nameEn: role?.nameEn ?? '' });
  const save = useMutation({
    mutationFn: () => {
      if (!role) return post('/roles', { code: form.code.trim().toUpperCase(), level: form.level, nameAr: form.nameAr.trim(), nameEn: form.nameEn.trim() });
      const changes = changed(role, { level: form.level, nameAr: form.nameAr.trim(), nameEn: form.nameEn.trim() });
      return Object.keys(changes).length ? patch(`/roles/${role.id}`, changes) : Promise.resolve(role);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['roles'] });
      onClose();
    },
  });
  return (
    <EditDialog opened title={role ? t('adminEdit.roles.edit', { name: nameOf(role) }) : t('adminEdit.roles.create')} onClose={onClose} onSubmit={() => save.mutate()} saving={save.isPending} error={save.error} shown={['code', 'level', 'nameAr', 'nameEn']} testId="role-form">
      {!role && <TextInput label={t('admin.fields.code')} description={t('adminEdit.roles.codeHint')} required dir="ltr" value={form.code} onChange={(e) => { const v = e.currentTarget.value; setForm((f) => ({ ...f, code: v })); }} error={fieldError(t, save.error, 'code')} />}
      <NumberInput label={t('admin.fields.level')} description={role?.system ? t('adminEdit.roles.builtInLevel') : t('adminEdit.roles.levelHint')} required disabled={role?.system} min={1} max={99} allowDecimal={false} value={form.level} onChange={(v) => setForm((f) => ({ ...f, level: Number(v) || 0 }))} error={fieldError(t, save.error, 'level')} />
      <TextInput label={t('adminEdit.nameAr')} required dir="rtl" value={form.nameAr} onChange={(e) => { const v = e.currentTarget.value; setForm((f) => ({ ...f, nameAr: v })); }} error={fieldError(t, save.error, 'nameAr')} />
      <TextInput label={t('adminEdit.nameEn')} required dir="ltr" value={form.nameEn} onChange={(e) => { const v = e.currentTarget.value; setForm((f) => ({ ...f, nameEn: v })); }} error={fieldError(t, save.error, 'nameEn')} />
    </EditDialog>
  );
}

export function RolesTab({ roles }: { roles: Role[] }) {
  const { t } = useTranslation();
  const can = may(useMe());
  const [editing, setEditing] = useState<Role | 'new' | null>(null);
  return (
    <Stack>
      {can.roles && (
        <Group>
          <Button onClick={() => setEditing('new')}>{t('adminEdit.roles.create')}</Button>
        </Group>
      )}
      <Table striped data-testid="roles-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('admin.fields.name')}</Table.Th>
            <Table.Th>{t('admin.fields.code')}</Table.Th>
            <Table.Th>{t('admin.fields.level')}</Table.Th>
            {can.roles && <Table.Th>{t('integration.fields.actions')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {roles.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td>
                {nameOf(r)}{' '}
                {!r.system && (
                  <Badge size="xs" variant="light" color="grape" autoContrast>
                    {t('adminEdit.roles.custom')}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td dir="ltr">{r.code}</Table.Td>
              <Table.Td>{r.level}</Table.Td>
              {can.roles && (
                <Table.Td>
                  <Button size="compact-xs" variant="light" onClick={() => setEditing(r)}>
                    {t('adminEdit.edit')}
                  </Button>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {editing && <RoleDialog role={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Stack>
  );
}
