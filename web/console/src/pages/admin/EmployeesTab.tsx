/** Employees of a hospital: create and edit (staff number, names, job title, department, their PX360 account). */
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

interface Employee {
  id: string;
  hospitalId: string;
  departmentId: string | null;
  employeeNo: string;
  fullNameEn: string;
  fullNameAr: string | null;
  jobTitle: string | null;
  userId: string | null;
}

function EmployeeDialog({ employee, hospitalId, onClose }: { employee: Employee | null; hospitalId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const departments = useDepartments(hospitalId);
  const [form, setForm] = useState({ employeeNo: employee?.employeeNo ?? '', fullNameAr: employee?.fullNameAr ?? '', fullNameEn: employee?.fullNameEn ?? '', jobTitle: employee?.jobTitle ?? '', departmentId: employee?.departmentId ?? null, userId: employee?.userId ?? null });
  const save = useMutation({
    mutationFn: () => {
      const body = { employeeNo: form.employeeNo.trim(), fullNameAr: orNull(form.fullNameAr), fullNameEn: form.fullNameEn.trim(), jobTitle: orNull(form.jobTitle), departmentId: form.departmentId, userId: form.userId };
      if (!employee) return post('/employees', { ...body, hospitalId });
      const changes = changed(employee, body);
      return Object.keys(changes).length ? patch(`/employees/${employee.id}`, changes) : Promise.resolve(employee);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['employees'] });
      onClose();
    },
  });
  const set = (key: 'employeeNo' | 'fullNameAr' | 'fullNameEn' | 'jobTitle') => (e: React.ChangeEvent<HTMLInputElement>) => {
    const v = e.currentTarget.value;
    setForm((f) => ({ ...f, [key]: v }));
  };
  return (
    <EditDialog opened title={employee ? t('adminEdit.employees.edit', { name: personName(employee) }) : t('adminEdit.employees.create')} onClose={onClose} onSubmit={() => save.mutate()} saving={save.isPending} error={save.error} shown={['employeeNo', 'fullNameAr', 'fullNameEn', 'jobTitle', 'departmentId', 'userId']} testId="employee-form">
      <TextInput label={t('admin.fields.employeeNo')} required dir="ltr" value={form.employeeNo} onChange={set('employeeNo')} error={fieldError(t, save.error, 'employeeNo')} />
      <TextInput label={t('adminEdit.fullNameAr')} dir="rtl" value={form.fullNameAr} onChange={set('fullNameAr')} error={fieldError(t, save.error, 'fullNameAr')} />
      <TextInput label={t('adminEdit.fullNameEn')} required dir="ltr" value={form.fullNameEn} onChange={set('fullNameEn')} error={fieldError(t, save.error, 'fullNameEn')} />
      <TextInput label={t('admin.fields.jobTitle')} dir="auto" value={form.jobTitle} onChange={set('jobTitle')} error={fieldError(t, save.error, 'jobTitle')} />
      <Select label={t('admin.fields.department')} clearable searchable data={(departments.data?.items ?? []).map((d) => ({ value: d.id, label: nameOf(d) }))} value={form.departmentId} onChange={(v) => setForm((f) => ({ ...f, departmentId: v }))} error={fieldError(t, save.error, 'departmentId')} comboboxProps={{ withinPortal: true }} />
      <AccountSelect hospitalId={hospitalId} label={t('adminEdit.employees.account')} value={form.userId} onChange={(v) => setForm((f) => ({ ...f, userId: v }))} error={fieldError(t, save.error, 'userId')} />
    </EditDialog>
  );
}

export function EmployeesTab() {
  const { t } = useTranslation();
  const can = may(useMe());
  const [hospitalId, setHospitalId] = useChosenHospital();
  const departments = useDepartments(hospitalId);
  const list = useQuery({ queryKey: ['employees', hospitalId], queryFn: () => get<Page<Employee>>('/employees', { limit: 200, hospitalId: hospitalId ?? undefined }) });
  const [editing, setEditing] = useState<Employee | 'new' | null>(null);
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <HospitalPicker value={hospitalId} onChange={setHospitalId} />
        {can.administer && hospitalId && <Button onClick={() => setEditing('new')}>{t('adminEdit.employees.create')}</Button>}
      </Group>
      <QueryState query={list}>
        {() => (
          <Stack>
            <Table striped data-testid="employees-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('admin.fields.name')}</Table.Th>
                  <Table.Th>{t('admin.fields.employeeNo')}</Table.Th>
                  <Table.Th>{t('admin.fields.jobTitle')}</Table.Th>
                  <Table.Th>{t('admin.fields.department')}</Table.Th>
                  <Table.Th>{t('admin.fields.account')}</Table.Th>
                  {can.administer && <Table.Th>{t('integration.fields.actions')}</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data!.items.map((e) => (
                  <Table.Tr key={e.id}>
                    <Table.Td dir="auto">{personName(e)}</Table.Td>
                    <Table.Td dir="ltr">{e.employeeNo}</Table.Td>
                    <Table.Td dir="auto">{e.jobTitle ?? '—'}</Table.Td>
                    <Table.Td>{nameOf(departments.data?.items.find((d) => d.id === e.departmentId)) || '—'}</Table.Td>
                    <Table.Td>{e.userId ? t('common.yes') : t('common.no')}</Table.Td>
                    {can.administer && (
                      <Table.Td>
                        <Button size="compact-xs" variant="light" onClick={() => setEditing(e)}>
                          {t('adminEdit.edit')}
                        </Button>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {list.data!.items.length === 0 && <Text c="dimmed">{t('common.empty')}</Text>}
          </Stack>
        )}
      </QueryState>
      {editing && hospitalId && <EmployeeDialog employee={editing === 'new' ? null : editing} hospitalId={hospitalId} onClose={() => setEditing(null)} />}
    </Stack>
  );
}
