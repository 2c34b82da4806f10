/** Staff accounts: create, change role and scope (hospital, department) and name, unlock, deactivate. */
import { useState, type FormEvent } from 'react';
import { Badge, Button, Group, Paper, PasswordInput, Select, SimpleGrid, Stack, Table, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../auth';
import { QueryState, When } from '../../components/common';
import { nameOf, useDepartments, useHospitals, type UserSummary } from '../../reference';
import { LEVEL } from '../../roles';
import { get, patch, post, type Page } from './http';
import { AdminError, changed, EditDialog, fieldError, may, type Role } from './shared';

function UserDialog({ user, roles, onClose }: { user: UserSummary; roles: Role[]; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const can = may(me);
  const queryClient = useQueryClient();
  const hospitals = useHospitals();
  const [form, setForm] = useState({ fullName: user.fullName, role: user.role, hospitalId: user.hospitalId, departmentId: user.departmentId });
  const departments = useDepartments(form.hospitalId);
  const save = useMutation({
    mutationFn: () => {
      const changes = changed(user as unknown as Record<string, unknown>, { fullName: form.fullName.trim(), role: form.role, hospitalId: form.hospitalId, departmentId: form.departmentId });
      if (!can.groupWide) delete changes.hospitalId;
      return Object.keys(changes).length ? patch(`/users/${user.id}`, changes) : Promise.resolve(user);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      onClose();
    },
  });
  const grantable = roles.filter((r) => can.grant(r.level));
  return (
    <EditDialog opened title={t('adminEdit.users.edit', { name: user.fullName })} onClose={onClose} onSubmit={() => save.mutate()} saving={save.isPending} error={save.error} shown={['fullName', 'role', 'hospitalId', 'departmentId']} testId="user-form">
      <TextInput label={t('admin.fields.fullName')} required dir="auto" value={form.fullName} onChange={(e) => { const v = e.currentTarget.value; setForm((f) => ({ ...f, fullName: v })); }} error={fieldError(t, save.error, 'fullName')} />
      <Select label={t('admin.fields.role')} required allowDeselect={false} data={grantable.map((r) => ({ value: r.code, label: nameOf(r) }))} value={form.role} onChange={(v) => setForm((f) => ({ ...f, role: v ?? f.role }))} error={fieldError(t, save.error, 'role')} comboboxProps={{ withinPortal: true }} />
      {can.groupWide && (
        <Select label={t('admin.fields.hospital')} placeholder={t('adminEdit.users.groupWide')} clearable data={(hospitals.data?.items ?? []).map((h) => ({ value: h.id, label: nameOf(h) }))} value={form.hospitalId} onChange={(v) => setForm((f) => ({ ...f, hospitalId: v, departmentId: null }))} error={fieldError(t, save.error, 'hospitalId')} comboboxProps={{ withinPortal: true }} />
      )}
      <Select label={t('admin.fields.department')} placeholder={t('adminEdit.users.wholeHospital')} clearable searchable disabled={!form.hospitalId} data={(departments.data?.items ?? []).filter((d) => d.hospitalId === form.hospitalId).map((d) => ({ value: d.id, label: nameOf(d) }))} value={form.departmentId} onChange={(v) => setForm((f) => ({ ...f, departmentId: v }))} error={fieldError(t, save.error, 'departmentId')} comboboxProps={{ withinPortal: true }} />
    </EditDialog>
  );
}

export function UsersTab({ roles }: { roles: Role[] }) {
  const { t } = useTranslation();
  const me = useMe();
  const can = may(me);
  const queryClient = useQueryClient();
  const hospitals = useHospitals();
  const [form, setForm] = useState({ email: '', fullName: '', role: 'STAFF', password: '', hospitalId: me.hospitalId ?? '', departmentId: '' });
  const [editing, setEditing] = useState<UserSummary | null>(null);
  const departments = useDepartments(form.hospitalId || null);
  const allDepartments = useDepartments();
  const list = useQuery({ queryKey: ['users', 'admin'], queryFn: () => get<Page<UserSummary>>('/users', { limit: 200 }) });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['users'] });
  const create = useMutation({
    mutationFn: () => post('/users', { email: form.email.trim(), fullName: form.fullName.trim(), role: form.role, password: form.password, hospitalId: form.hospitalId || null, departmentId: form.departmentId || null }),
    onSuccess: () => {
      setForm((f) => ({ ...f, email: '', fullName: '', password: '' }));
      refresh();
    },
  });
  const change = useMutation({ mutationFn: ({ id, body }: { id: string; body: Record<string, unknown> }) => patch(`/users/${id}`, body), onSuccess: refresh });
  const grantable = roles.filter((r) => can.grant(r.level));
  const levelOf = (code: string) => roles.find((r) => r.code === code)?.level ?? LEVEL.PX_ADMIN;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const scopeOf = (u: UserSummary) => {
    const hospital = u.hospitalId ? nameOf(hospitals.data?.items.find((h) => h.id === u.hospitalId)) : t('adminEdit.users.groupWide');
    const department = u.departmentId ? nameOf(allDepartments.data?.items.find((d) => d.id === u.departmentId)) : '';
    return department ? `${hospital} / ${department}` : hospital;
  };
  return (
    <Stack>
      {can.administer && (
        <Paper withBorder p="md" component="form" onSubmit={submit}>
          <Title order={2} size="h4" mb="sm">
            {t('admin.users.create')}
          </Title>
          <AdminError error={create.error} shown={['email', 'fullName', 'password', 'role', 'departmentId']} />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label={t('admin.fields.email')} type="email" required dir="ltr" value={form.email} onChange={(e) => { const v = e.currentTarget.value; setForm((f) => ({ ...f, email: v })); }} error={fieldError(t, create.error, 'email')} />
            <TextInput label={t('admin.fields.fullName')} required dir="auto" value={form.fullName} onChange={(e) => { const v = e.currentTarget.value; setForm((f) => ({ ...f, fullName: v })); }} error={fieldError(t, create.error, 'fullName')} />
            <PasswordInput label={t('admin.fields.password')} required value={form.password} onChange={(e) => { const v = e.currentTarget.value; setForm((f) => ({ ...f, password: v })); }} visibilityToggleButtonProps={{ 'aria-label': t('signIn.showPassword') }} error={fieldError(t, create.error, 'password')} />
            <Select label={t('admin.fields.role')} required allowDeselect={false} data={grantable.map((r) => ({ value: r.code, label: nameOf(r) }))} value={form.role} onChange={(v) => setForm((f) => ({ ...f, role: v ?? 'STAFF' }))} error={fieldError(t, create.error, 'role')} />
            {me.hospitalId === null && <Select label={t('admin.fields.hospital')} clearable data={(hospitals.data?.items ?? []).map((h) => ({ value: h.id, label: nameOf(h) }))} value={form.hospitalId || null} onChange={(v) => setForm((f) => ({ ...f, hospitalId: v ?? '', departmentId: '' }))} />}
            <Select label={t('admin.fields.department')} clearable data={(departments.data?.items ?? []).map((d) => ({ value: d.id, label: nameOf(d) }))} value={form.departmentId || null} onChange={(v) => setForm((f) => ({ ...f, departmentId: v ?? '' }))} error={fieldError(t, create.error, 'departmentId')} />
          </SimpleGrid>
          <Button type="submit" mt="md" loading={create.isPending}>
            {t('admin.users.create')}
          </Button>
        </Paper>
      )}
      <AdminError error={change.error} />
      <QueryState query={list}>
        {() => (
          <Table striped data-testid="users-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('admin.fields.fullName')}</Table.Th>
                <Table.Th>{t('admin.fields.email')}</Table.Th>
                <Table.Th>{t('admin.fields.role')}</Table.Th>
                <Table.Th>{t('adminEdit.users.scope')}</Table.Th>
                <Table.Th>{t('admin.fields.lastLogin')}</Table.Th>
                <Table.Th>{t('admin.fields.state')}</Table.Th>
                <Table.Th>{t('integration.fields.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data!.items.map((u) => {
                const locked = Boolean(u.lockedUntil && new Date(u.lockedUntil) > new Date());
                const editable = can.administer && u.id !== me.id && can.grant(levelOf(u.role));
                return (
                  <Table.Tr key={u.id} data-email={u.email}>
                    <Table.Td dir="auto">{u.fullName}</Table.Td>
                    <Table.Td dir="ltr">{u.email}</Table.Td>
                    <Table.Td data-testid="user-role">{t(`roles.${u.role}`, { defaultValue: u.role })}</Table.Td>
                    <Table.Td data-testid="user-scope">{scopeOf(u)}</Table.Td>
                    <Table.Td>
                      <When value={u.lastLoginAt} hospitalId={u.hospitalId} />
                    </Table.Td>
                    <Table.Td>
                      {!u.active ? <Badge color="gray" autoContrast>{t('admin.users.inactive')}</Badge> : locked ? <Badge color="red" autoContrast>{t('admin.users.locked')}</Badge> : <Badge color="green" variant="light" autoContrast>{t('admin.users.active')}</Badge>}
                    </Table.Td>
                    <Table.Td>
                      {editable && (
                        <Group gap={4} wrap="nowrap">
                          <Button size="compact-xs" variant="light" onClick={() => setEditing(u)}>
                            {t('adminEdit.edit')}
                          </Button>
                          {locked && (
                            <Button size="compact-xs" variant="light" onClick={() => change.mutate({ id: u.id, body: { unlock: true } })}>
                              {t('admin.users.unlock')}
                            </Button>
                          )}
                          <Button size="compact-xs" variant="subtle" color={u.active ? 'red' : 'teal'} onClick={() => change.mutate({ id: u.id, body: { active: !u.active } })}>
                            {u.active ? t('admin.users.deactivate') : t('admin.users.activate')}
                          </Button>
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
      </QueryState>
      {editing && <UserDialog user={editing} roles={roles} onClose={() => setEditing(null)} />}
    </Stack>
  );
}
