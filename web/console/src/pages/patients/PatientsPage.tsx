/** Find a patient within the caller's scope by MRN, national id or phone. */
import { useState, type FormEvent } from 'react';
import { Anchor, Button, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { get, type Page } from '../../api';
import { PageHeader, QueryState, ListTotal } from '../../components/common';
import { currentLanguage } from '../../i18n';
import type { Patient } from './types';

const KEYS = ['q', 'mrn', 'nationalId', 'phone'] as const;

export function patientName(p: Pick<Patient, 'fullNameAr' | 'fullNameEn' | 'mrn'>): string {
  return (currentLanguage() === 'ar' ? p.fullNameAr || p.fullNameEn : p.fullNameEn || p.fullNameAr) || p.mrn;
}

export function PatientsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const by = (KEYS as readonly string[]).includes(params.get('by') ?? '') ? (params.get('by') as (typeof KEYS)[number]) : 'q';
  const value = params.get('q') ?? '';
  const [draft, setDraft] = useState({ by, value });
  const list = useQuery({ queryKey: ['patients', by, value], queryFn: () => get<Page<Patient>>('/patients', { [by]: value || undefined, limit: 25 }) });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setParams(draft.value.trim() ? { by: draft.by, q: draft.value.trim() } : {});
  };
  return (
    <Stack>
      <PageHeader title={t('patients.title')} />
      <form onSubmit={submit}>
        <Group align="flex-end">
          <Select label={t('patients.searchBy')} data={KEYS.map((k) => ({ value: k, label: t(`patients.fields.${k}`) }))} value={draft.by} onChange={(v) => setDraft((d) => ({ ...d, by: (v as typeof by) ?? 'q' }))} allowDeselect={false} w={180} />
          <TextInput label={t('patients.searchValue')} dir="ltr" value={draft.value} onChange={(e) => { const v = e.currentTarget.value; setDraft((d) => ({ ...d, value: v })); }} />
          <Button type="submit">{t('common.search')}</Button>
        </Group>
      </form>
      <QueryState query={list}>
        {() => (
          <>
            <Table striped highlightOnHover data-testid="patients-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('patients.fields.mrn')}</Table.Th>
                  <Table.Th>{t('patients.fields.name')}</Table.Th>
                  <Table.Th>{t('patients.fields.nationalId')}</Table.Th>
                  <Table.Th>{t('patients.fields.phone')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data!.items.map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/patients/${p.id}`} dir="ltr">
                        {p.mrn}
                      </Anchor>
                    </Table.Td>
                    <Table.Td dir="auto">{patientName(p)}</Table.Td>
                    <Table.Td dir="ltr">{p.nationalId ?? '—'}</Table.Td>
                    <Table.Td dir="ltr">{p.phone ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {list.data!.items.length === 0 && <Text c="dimmed">{t('common.empty')}</Text>}
            <ListTotal page={list.data} />
          </>
        )}
      </QueryState>
    </Stack>
  );
}
