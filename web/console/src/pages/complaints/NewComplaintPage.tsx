/** Staff file a complaint taken at the desk, by phone or from MOH 937, with a patient found by MRN or phone. */
import { useState, type FormEvent } from 'react';
import { Button, Group, Paper, Radio, Select, SimpleGrid, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { get, post, type Page } from '../../api';
import { useMe } from '../../auth';
import { ErrorAlert, PageHeader } from '../../components/common';
import { nameOf, useDepartments, useHospitals } from '../../reference';
import type { Patient } from '../patients/types';
import { CATEGORIES, SEVERITIES, SOURCE_CHANNELS } from './types';

export function NewComplaintPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const hospitals = useHospitals();
  const [hospitalId, setHospitalId] = useState<string | null>(me.hospitalId);
  const departments = useDepartments(hospitalId);
  const [form, setForm] = useState({ departmentId: '', severity: 'medium', category: '', sourceChannel: 'walk_in', description: '', contactName: '', contactPhone: '', contactEmail: '', language: 'ar' });
  const [lookup, setLookup] = useState({ by: 'mrn', value: '' });
  const [searched, setSearched] = useState<{ by: string; value: string } | null>(null);
  const [patient, setPatient] = useState<Patient | null>(null);
  const set = (key: keyof typeof form) => (value: string | null) => setForm((f) => ({ ...f, [key]: value ?? '' }));

  const patients = useQuery({
    queryKey: ['patients', 'lookup', searched, hospitalId],
    queryFn: () => get<Page<Patient>>('/patients', { [searched!.by]: searched!.value, hospitalId: hospitalId ?? undefined, limit: 10 }),
    enabled: Boolean(searched?.value),
  });

  const file = useMutation({
    mutationFn: () => {
      const body: Record<string, string> = { severity: form.severity, category: form.category, sourceChannel: form.sourceChannel, description: form.description.trim(), language: form.language };
      if (hospitalId) body.hospitalId = hospitalId;
      if (form.departmentId) body.departmentId = form.departmentId;
      if (patient) body.patientId = patient.id;
      for (const key of ['contactName', 'contactPhone', 'contactEmail'] as const) if (form[key].trim()) body[key] = form[key].trim();
      return post<{ id: string }>('/complaints', body);
    },
    onSuccess: (created) => navigate(`/complaints/${created.id}`),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    file.mutate();
  };
  const choose = (p: Patient) => {
    setPatient(p);
    setForm((f) => ({ ...f, contactName: f.contactName || (form.language === 'ar' ? p.fullNameAr || p.fullNameEn : p.fullNameEn || p.fullNameAr) || '', contactPhone: f.contactPhone || p.phone || '', language: p.preferredLanguage }));
  };

  return (
    <Stack maw={900}>
      <PageHeader title={t('complaints.new')} />
      <Paper withBorder p="md">
        <Stack>
          <Text fw={600}>{t('complaints.form.findPatient')}</Text>
          <Group align="flex-end">
            <Radio.Group label={t('complaints.form.findBy')} value={lookup.by} onChange={(by) => setLookup((l) => ({ ...l, by }))}>
              <Group mt={4}>
                <Radio value="mrn" label={t('patients.fields.mrn')} />
                <Radio value="phone" label={t('patients.fields.phone')} />
              </Group>
            </Radio.Group>
            <TextInput label={t('complaints.form.lookupValue')} dir="ltr" value={lookup.value} onChange={(e) => { const value = e.currentTarget.value; setLookup((l) => ({ ...l, value })); }} />
            <Button variant="light" onClick={() => setSearched({ ...lookup, value: lookup.value.trim() })}>
              {t('common.search')}
            </Button>
          </Group>
          {patients.error && <ErrorAlert error={patients.error} />}
          {patients.data && (
            <Table data-testid="patient-matches">
              <Table.Tbody>
                {patients.data.items.map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Td dir="ltr">{p.mrn}</Table.Td>
                    <Table.Td dir="auto">{p.fullNameAr || p.fullNameEn || '—'}</Table.Td>
                    <Table.Td dir="ltr">{p.phone ?? '—'}</Table.Td>
                    <Table.Td>
                      <Button size="compact-sm" variant={patient?.id === p.id ? 'filled' : 'light'} onClick={() => choose(p)}>
                        {patient?.id === p.id ? t('complaints.form.chosen') : t('complaints.form.choose')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {patients.data?.items.length === 0 && <Text c="dimmed">{t('complaints.form.noPatient')}</Text>}
        </Stack>
      </Paper>
      <Paper withBorder p="md" component="form" onSubmit={submit}>
        <Stack>
          {file.error && <ErrorAlert error={file.error} />}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {me.hospitalId === null && (
              <Select label={t('complaints.fields.hospital')} required data={(hospitals.data?.items ?? []).map((h) => ({ value: h.id, label: nameOf(h) }))} value={hospitalId} onChange={setHospitalId} />
            )}
            <Select label={t('complaints.fields.department')} clearable searchable data={(departments.data?.items ?? []).map((d) => ({ value: d.id, label: nameOf(d) }))} value={form.departmentId || null} onChange={set('departmentId')} />
            <Select label={t('complaints.fields.severity')} required data={SEVERITIES.map((s) => ({ value: s, label: t(`severity.${s}`) }))} value={form.severity} onChange={set('severity')} />
            <Select label={t('complaints.fields.category')} required data={CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))} value={form.category || null} onChange={set('category')} />
            <Select label={t('complaints.fields.source')} required data={SOURCE_CHANNELS.map((s) => ({ value: s, label: t(`source.${s}`) }))} value={form.sourceChannel} onChange={set('sourceChannel')} />
            <Select label={t('complaints.fields.language')} required data={[{ value: 'ar', label: t('language.name.ar') }, { value: 'en', label: t('language.name.en') }]} value={form.language} onChange={set('language')} />
            <TextInput label={t('complaints.fields.contactName')} dir="auto" value={form.contactName} onChange={(e) => set('contactName')(e.currentTarget.value)} />
            <TextInput label={t('complaints.fields.contactPhone')} dir="ltr" type="tel" value={form.contactPhone} onChange={(e) => set('contactPhone')(e.currentTarget.value)} />
            <TextInput label={t('complaints.fields.contactEmail')} dir="ltr" type="email" value={form.contactEmail} onChange={(e) => set('contactEmail')(e.currentTarget.value)} />
          </SimpleGrid>
          <Textarea label={t('complaints.fields.description')} required dir="auto" autosize minRows={4} value={form.description} onChange={(e) => set('description')(e.currentTarget.value)} />
          <Group>
            <Button type="submit" loading={file.isPending}>
              {t('complaints.form.submit')}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}
