/** Hospitals: create (PX admin), rename, the business calendar (weekend, hours, holidays) and survey timing. */
import { useEffect, useState } from 'react';
import { ActionIcon, Anchor, Button, Checkbox, Group, NumberInput, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { del, get, patch, post, put } from './http';
import { useMe } from '../../auth';
import { QueryState, When } from '../../components/common';
import { nameOf, useHospitals, type Hospital } from '../../reference';
import { AdminError, dayName, EditDialog, fieldError, may, orNull } from './shared';

interface Calendar {
  timezone: string;
  weekendDays: number[];
  workdayStart: string;
  workdayEnd: string;
  holidays: { id: string; date: string; nameEn: string; nameAr: string; groupWide: boolean }[];
}

const SETTING_KEYS = ['sendDelay', 'quietHours', 'reminders', 'expiry', 'cooldownDays'] as const;
type SettingKey = (typeof SETTING_KEYS)[number];
type Settings = Record<SettingKey, string | number | null>;

interface SurveySettings {
  own: Settings;
  effective: Settings;
}

function CalendarPanel({ id }: { id: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const can = may(me);
  const queryClient = useQueryClient();
  const calendar = useQuery({ queryKey: ['calendar', id], queryFn: () => get<Calendar>(`/hospitals/${id}/calendar`) });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['calendar', id] });
  const [hours, setHours] = useState<{ weekendDays: number[]; workdayStart: string; workdayEnd: string } | null>(null);
  useEffect(() => {
    if (calendar.data) setHours({ weekendDays: calendar.data.weekendDays, workdayStart: calendar.data.workdayStart, workdayEnd: calendar.data.workdayEnd });
  }, [calendar.data]);
  const saveHours = useMutation({ mutationFn: () => put(`/hospitals/${id}/calendar`, hours), onSuccess: refresh });
  const [holiday, setHoliday] = useState({ date: '', nameEn: '', nameAr: '' });
  const add = useMutation({
    mutationFn: () => post(`/hospitals/${id}/holidays`, holiday),
    onSuccess: () => {
      setHoliday({ date: '', nameEn: '', nameAr: '' });
      refresh();
    },
  });
  const remove = useMutation({ mutationFn: (h: { id: string; groupWide: boolean }) => del(h.groupWide ? `/holidays/${h.id}` : `/hospitals/${id}/holidays/${h.id}`), onSuccess: refresh });
  return (
    <Paper withBorder p="md" data-testid="hospital-calendar">
      <Title order={2} size="h4" mb="sm">
        {t('admin.calendar.title')}
      </Title>
      <QueryState query={calendar}>
        {() => (
          <Stack gap="sm">
            <Text size="sm">
              {t('admin.calendar.weekend')}: {calendar.data!.weekendDays.map(dayName).join('، ')}
            </Text>
            <Text size="sm">
              {t('admin.calendar.hours')}: <span dir="ltr">{calendar.data!.workdayStart}–{calendar.data!.workdayEnd}</span> ({calendar.data!.timezone})
            </Text>
            {can.administer && hours && (
              <form
                data-testid="calendar-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  saveHours.mutate();
                }}
              >
                <Stack gap="xs">
                  <AdminError error={saveHours.error} shown={['weekendDays', 'workdayStart', 'workdayEnd']} />
                  <Checkbox.Group label={t('adminEdit.calendar.weekendDays')} value={hours.weekendDays.map(String)} onChange={(v) => setHours((h) => h && { ...h, weekendDays: v.map(Number).sort() })} error={fieldError(t, saveHours.error, 'weekendDays')}>
                    <Group gap="sm" mt={4}>
                      {[0, 1, 2, 3, 4, 5, 6].map((d) => (
                        <Checkbox key={d} value={String(d)} label={dayName(d)} />
                      ))}
                    </Group>
                  </Checkbox.Group>
                  <Group align="flex-start">
                    <TextInput type="time" label={t('adminEdit.calendar.start')} required dir="ltr" value={hours.workdayStart} onChange={(e) => { const v = e.currentTarget.value; setHours((h) => h && { ...h, workdayStart: v }); }} error={fieldError(t, saveHours.error, 'workdayStart')} />
                    <TextInput type="time" label={t('adminEdit.calendar.end')} required dir="ltr" value={hours.workdayEnd} onChange={(e) => { const v = e.currentTarget.value; setHours((h) => h && { ...h, workdayEnd: v }); }} error={fieldError(t, saveHours.error, 'workdayEnd')} />
                  </Group>
                  <Group>
                    <Button type="submit" variant="light" loading={saveHours.isPending}>
                      {t('adminEdit.calendar.saveHours')}
                    </Button>
                    {saveHours.isSuccess && !saveHours.isPending && (
                      <Text size="sm" c="teal.8" role="status">
                        {t('adminEdit.saved')}
                      </Text>
                    )}
                  </Group>
                </Stack>
              </form>
            )}
            <Table data-testid="holidays">
              <Table.Tbody>
                {calendar.data!.holidays.map((h) => (
                  <Table.Tr key={h.id}>
                    <Table.Td>
                      <When value={`${h.date}T12:00:00Z`} hospitalId={id} withTime={false} />
                    </Table.Td>
                    <Table.Td>{nameOf(h)}</Table.Td>
                    <Table.Td>{h.groupWide ? t('admin.calendar.groupWide') : ''}</Table.Td>
                    <Table.Td>
                      {can.administer && (!h.groupWide || can.groupWide) && (
                        <ActionIcon variant="subtle" color="red" aria-label={t('adminEdit.calendar.remove', { name: nameOf(h) })} loading={remove.isPending && remove.variables?.id === h.id} onClick={() => remove.mutate(h)}>
                          ×
                        </ActionIcon>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <AdminError error={remove.error} />
            {can.administer && (
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  add.mutate();
                }}
              >
                <AdminError error={add.error} shown={['date', 'nameAr', 'nameEn']} />
                <Group align="flex-end">
                  <TextInput type="date" label={t('admin.calendar.date')} required value={holiday.date} onChange={(e) => { const v = e.currentTarget.value; setHoliday((x) => ({ ...x, date: v })); }} error={fieldError(t, add.error, 'date')} />
                  <TextInput label={t('admin.calendar.nameAr')} dir="rtl" required value={holiday.nameAr} onChange={(e) => { const v = e.currentTarget.value; setHoliday((x) => ({ ...x, nameAr: v })); }} error={fieldError(t, add.error, 'nameAr')} />
                  <TextInput label={t('admin.calendar.nameEn')} dir="ltr" required value={holiday.nameEn} onChange={(e) => { const v = e.currentTarget.value; setHoliday((x) => ({ ...x, nameEn: v })); }} error={fieldError(t, add.error, 'nameEn')} />
                  <Button type="submit" loading={add.isPending}>
                    {t('admin.calendar.add')}
                  </Button>
                </Group>
              </form>
            )}
          </Stack>
        )}
      </QueryState>
    </Paper>
  );
}

function SurveySettingsPanel({ id }: { id: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: ['survey-settings', id], queryFn: () => get<SurveySettings>(`/hospitals/${id}/survey-settings`) });
  const [form, setForm] = useState<Record<SettingKey, string>>({ sendDelay: '', quietHours: '', reminders: '', expiry: '', cooldownDays: '' });
  useEffect(() => {
    const own = settings.data?.own;
    if (own) setForm(Object.fromEntries(SETTING_KEYS.map((k) => [k, own[k] === null ? '' : String(own[k])])) as Record<SettingKey, string>);
  }, [settings.data]);
  const save = useMutation({
    mutationFn: () =>
      put(`/hospitals/${id}/survey-settings`, {
        sendDelay: orNull(form.sendDelay),
        quietHours: orNull(form.quietHours),
        reminders: orNull(form.reminders),
        expiry: orNull(form.expiry),
        cooldownDays: form.cooldownDays === '' ? null : Number(form.cooldownDays),
      }),
    onSuccess: (reply) => queryClient.setQueryData(['survey-settings', id], reply),
  });
  return (
    <Paper withBorder p="md" data-testid="survey-settings">
      <Title order={2} size="h4" mb="sm">
        {t('admin.surveySettings')}
      </Title>
      <QueryState query={settings}>
        {() => (
          <Stack>
            <Table>
              <Table.Tbody>
                {SETTING_KEYS.map((key) => (
                  <Table.Tr key={key}>
                    <Table.Td>{t(`admin.settings.${key}`)}</Table.Td>
                    <Table.Td dir="ltr">{settings.data!.effective[key] === null ? '—' : String(settings.data!.effective[key])}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {may(me).administer && (
              <form
                data-testid="survey-settings-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  save.mutate();
                }}
              >
                <Stack gap="xs">
                  <Text size="sm" c="dimmed">
                    {t('adminEdit.survey.hint')}
                  </Text>
                  <AdminError error={save.error} shown={[...SETTING_KEYS]} />
                  <SimpleGrid cols={{ base: 1, sm: 2 }}>
                    {(['sendDelay', 'quietHours', 'reminders', 'expiry'] as const).map((key) => (
                      <TextInput key={key} label={t(`admin.settings.${key}`)} description={t(`adminEdit.survey.examples.${key}`)} dir="ltr" value={form[key]} onChange={(e) => { const v = e.currentTarget.value; setForm((f) => ({ ...f, [key]: v })); }} error={fieldError(t, save.error, key)} />
                    ))}
                    <NumberInput label={t('admin.settings.cooldownDays')} description={t('adminEdit.survey.examples.cooldownDays')} min={0} max={365} allowDecimal={false} value={form.cooldownDays} onChange={(v) => setForm((f) => ({ ...f, cooldownDays: v === '' ? '' : String(v) }))} error={fieldError(t, save.error, 'cooldownDays')} />
                  </SimpleGrid>
                  <Group>
                    <Button type="submit" variant="light" loading={save.isPending}>
                      {t('adminEdit.survey.save')}
                    </Button>
                    {save.isSuccess && !save.isPending && (
                      <Text size="sm" c="teal.8" role="status">
                        {t('adminEdit.saved')}
                      </Text>
                    )}
                  </Group>
                </Stack>
              </form>
            )}
          </Stack>
        )}
      </QueryState>
    </Paper>
  );
}

function HospitalDialog({ hospital, onClose }: { hospital: Hospital | 'new'; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const isNew = hospital === 'new';
  const [form, setForm] = useState(() => (isNew ? { code: '', nameAr: '', nameEn: '', timezone: 'Asia/Riyadh' } : { code: hospital.code, nameAr: hospital.nameAr, nameEn: hospital.nameEn, timezone: hospital.timezone }));
  const save = useMutation({
    mutationFn: () =>
      isNew
        ? post('/hospitals', { code: form.code.trim().toUpperCase(), nameAr: form.nameAr.trim(), nameEn: form.nameEn.trim(), timezone: form.timezone.trim() })
        : patch(`/hospitals/${hospital.id}`, { nameAr: form.nameAr.trim(), nameEn: form.nameEn.trim(), timezone: form.timezone.trim() }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['hospitals'] });
      onClose();
    },
  });
  const set = (key: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) => {
    const v = e.currentTarget.value;
    setForm((f) => ({ ...f, [key]: v }));
  };
  return (
    <EditDialog opened title={isNew ? t('adminEdit.hospitals.create') : t('adminEdit.hospitals.edit', { name: nameOf(hospital) })} onClose={onClose} onSubmit={() => save.mutate()} saving={save.isPending} error={save.error} shown={['code', 'nameAr', 'nameEn', 'timezone']} testId="hospital-form">
      {isNew && <TextInput label={t('admin.fields.code')} description={t('adminEdit.hospitals.codeHint')} required dir="ltr" value={form.code} onChange={set('code')} error={fieldError(t, save.error, 'code')} />}
      <TextInput label={t('adminEdit.nameAr')} required dir="rtl" value={form.nameAr} onChange={set('nameAr')} error={fieldError(t, save.error, 'nameAr')} />
      <TextInput label={t('adminEdit.nameEn')} required dir="ltr" value={form.nameEn} onChange={set('nameEn')} error={fieldError(t, save.error, 'nameEn')} />
      <TextInput label={t('admin.fields.timezone')} required dir="ltr" value={form.timezone} onChange={set('timezone')} error={fieldError(t, save.error, 'timezone')} />
    </EditDialog>
  );
}

export function HospitalsTab() {
  const { t } = useTranslation();
  const me = useMe();
  const can = may(me);
  const hospitals = useHospitals();
  const [open, setOpen] = useState<string | null>(null);
  const [editing, setEditing] = useState<Hospital | 'new' | null>(null);
  return (
    <QueryState query={hospitals}>
      {() => (
        <Stack>
          {can.createHospital && (
            <Group>
              <Button onClick={() => setEditing('new')}>{t('adminEdit.hospitals.create')}</Button>
            </Group>
          )}
          <Table striped data-testid="hospitals-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('admin.fields.code')}</Table.Th>
                <Table.Th>{t('admin.fields.name')}</Table.Th>
                <Table.Th>{t('admin.fields.timezone')}</Table.Th>
                {can.administer && <Table.Th>{t('integration.fields.actions')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {hospitals.data!.items.map((h) => (
                <Table.Tr key={h.id}>
                  <Table.Td dir="ltr">{h.code}</Table.Td>
                  <Table.Td>
                    <Anchor id={`hospital-name-${h.id}`} component="button" type="button" onClick={() => setOpen(open === h.id ? null : h.id)} aria-expanded={open === h.id}>
                      {nameOf(h)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td dir="ltr">{h.timezone}</Table.Td>
                  {can.administer && (
                    <Table.Td>
                      <Button size="compact-xs" variant="light" onClick={() => setEditing(h)} aria-describedby={`hospital-name-${h.id}`} data-testid="rename-hospital">
                        {t('adminEdit.rename')}
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {open && (
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <CalendarPanel id={open} />
              <SurveySettingsPanel id={open} />
            </SimpleGrid>
          )}
          {editing && <HospitalDialog hospital={editing} onClose={() => setEditing(null)} />}
        </Stack>
      )}
    </QueryState>
  );
}
