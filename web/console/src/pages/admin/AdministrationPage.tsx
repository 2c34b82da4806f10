/** Administration: hospitals, the department tree, physicians, users (create, unlock, deactivate), roles, SLA policies. */
import { useState, type FormEvent } from 'react';
import { Anchor, Badge, Button, Group, Paper, PasswordInput, Select, SimpleGrid, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { get, patch, post, type Page } from '../../api';
import { useMe } from '../../auth';
import { ErrorAlert, PageHeader, QueryState, When } from '../../components/common';
import { NotFound } from '../../components/NotFound';
import { describeDuration } from '../../durations';
import { currentLanguage } from '../../i18n';
import { nameOf, useDepartments, useHospitals, type Department, type UserSummary } from '../../reference';
import { LEVEL } from '../../roles';

const TABS = ['hospitals', 'departments', 'physicians', 'employees', 'users', 'roles', 'sla-policies'] as const;

interface Role {
  id: string;
  code: string;
  level: number;
  nameEn: string;
  nameAr: string;
  system: boolean;
}

interface SlaPolicy {
  id: string;
  hospitalId: string | null;
  entity: 'complaint' | 'action';
  severity: string;
  acknowledgeWithin: string | null;
  resolveWithin: string;
  clock: 'continuous' | 'business';
  escalation: string[];
}

interface Physician {
  id: string;
  hospitalId: string;
  departmentId: string | null;
  licenseNo: string;
  fullNameEn: string;
  fullNameAr: string | null;
  specialty: string | null;
}

interface Calendar {
  timezone: string;
  weekendDays: number[];
  workdayStart: string;
  workdayEnd: string;
  holidays: { id: string; date: string; nameEn: string; nameAr: string; groupWide: boolean }[];
}

interface SurveySettings {
  effective: Record<string, string | number | null>;
}

/** Sunday-based day names in the reader's language (0 = Sunday, as the API counts). */
const dayName = (day: number) => new Intl.DateTimeFormat(currentLanguage() === 'ar' ? 'ar-SA' : 'en', { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2023, 0, 1 + day)));

function HospitalDetail({ id }: { id: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const calendar = useQuery({ queryKey: ['calendar', id], queryFn: () => get<Calendar>(`/hospitals/${id}/calendar`) });
  const settings = useQuery({ queryKey: ['survey-settings', id], queryFn: () => get<SurveySettings>(`/hospitals/${id}/survey-settings`) });
  const [holiday, setHoliday] = useState({ date: '', nameEn: '', nameAr: '' });
  const add = useMutation({
    mutationFn: () => post(`/hospitals/${id}/holidays`, holiday),
    onSuccess: () => {
      setHoliday({ date: '', nameEn: '', nameAr: '' });
      void queryClient.invalidateQueries({ queryKey: ['calendar', id] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate();
  };
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      <Paper withBorder p="md" data-testid="hospital-calendar">
        <Title order={2} size="h4" mb="sm">
          {t('admin.calendar.title')}
        </Title>
        <QueryState query={calendar}>
          {() => (
            <Stack gap="xs">
              <Text size="sm">
                {t('admin.calendar.weekend')}: {calendar.data!.weekendDays.map(dayName).join('، ')}
              </Text>
              <Text size="sm">
                {t('admin.calendar.hours')}: <span dir="ltr">{calendar.data!.workdayStart}–{calendar.data!.workdayEnd}</span> ({calendar.data!.timezone})
              </Text>
              <Table data-testid="holidays">
                <Table.Tbody>
                  {calendar.data!.holidays.map((h) => (
                    <Table.Tr key={h.id}>
                      <Table.Td>
                        <When value={`${h.date}T12:00:00Z`} hospitalId={id} withTime={false} />
                      </Table.Td>
                      <Table.Td>{nameOf(h)}</Table.Td>
                      <Table.Td>{h.groupWide ? t('admin.calendar.groupWide') : ''}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              {me.level >= LEVEL.HOSPITAL_ADMIN && (
                <form onSubmit={submit}>
                  {add.error && <ErrorAlert error={add.error} />}
                  <Group align="flex-end">
                    <TextInput type="date" label={t('admin.calendar.date')} required value={holiday.date} onChange={(e) => { const v = e.currentTarget.value; setHoliday((x) => ({ ...x, date: v })); }} />
                    <TextInput label={t('admin.calendar.nameAr')} dir="rtl" required value={holiday.nameAr} onChange={(e) => { const v = e.currentTarget.value; setHoliday((x) => ({ ...x, nameAr: v })); }} />
                    <TextInput label={t('admin.calendar.nameEn')} dir="ltr" required value={holiday.nameEn} onChange={(e) => { const v = e.currentTarget.value; setHoliday((x) => ({ ...x, nameEn: v })); }} />
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
      <Paper withBorder p="md" data-testid="survey-settings">
        <Title order={2} size="h4" mb="sm">
          {t('admin.surveySettings')}
        </Title>
        <QueryState query={settings}>
          {() => (
            <Table>
              <Table.Tbody>
                {Object.entries(settings.data!.effective).map(([key, value]) => (
                  <Table.Tr key={key}>
                    <Table.Td>{t(`admin.settings.${key}`, { defaultValue: key })}</Table.Td>
                    <Table.Td dir="ltr">{value === null ? '—' : String(value)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </QueryState>
      </Paper>
    </SimpleGrid>
  );
}

function Hospitals() {
  const { t } = useTranslation();
  const hospitals = useHospitals();
  const [open, setOpen] = useState<string | null>(null);
  return (
    <QueryState query={hospitals}>
      {() => (
        <Stack>
          <Table striped data-testid="hospitals-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('admin.fields.code')}</Table.Th>
                <Table.Th>{t('admin.fields.name')}</Table.Th>
                <Table.Th>{t('admin.fields.timezone')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {hospitals.data!.items.map((h) => (
                <Table.Tr key={h.id}>
                  <Table.Td dir="ltr">{h.code}</Table.Td>
                  <Table.Td>
                    <Anchor component="button" type="button" onClick={() => setOpen(open === h.id ? null : h.id)} aria-expanded={open === h.id}>
                      {nameOf(h)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td dir="ltr">{h.timezone}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {open && <HospitalDetail id={open} />}
        </Stack>
      )}
    </QueryState>
  );
}

function Departments() {
  const { t } = useTranslation();
  const departments = useDepartments();
  const rows = (all: Department[]) => {
    const out: { d: Department; depth: number }[] = [];
    const visit = (parentId: string | null, depth: number) => {
      for (const d of all.filter((x) => x.parentId === parentId).sort((a, b) => a.code.localeCompare(b.code))) {
        out.push({ d, depth });
        visit(d.id, depth + 1);
      }
    };
    visit(null, 0);
    return out;
  };
  return (
    <QueryState query={departments}>
      {() => (
        <Table striped data-testid="departments-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('admin.fields.name')}</Table.Th>
              <Table.Th>{t('admin.fields.code')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows(departments.data!.items).map(({ d, depth }) => (
              <Table.Tr key={d.id}>
                <Table.Td style={{ paddingInlineStart: 12 + depth * 24 }}>{nameOf(d)}</Table.Td>
                <Table.Td dir="ltr">{d.code}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </QueryState>
  );
}

function Physicians() {
  const { t } = useTranslation();
  const list = useQuery({ queryKey: ['physicians'], queryFn: () => get<Page<Physician>>('/physicians', { limit: 200 }) });
  return (
    <QueryState query={list}>
      {() => (
        <Table striped data-testid="physicians-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('admin.fields.name')}</Table.Th>
              <Table.Th>{t('admin.fields.license')}</Table.Th>
              <Table.Th>{t('admin.fields.specialty')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data!.items.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td dir="auto">{currentLanguage() === 'ar' ? p.fullNameAr || p.fullNameEn : p.fullNameEn}</Table.Td>
                <Table.Td dir="ltr">{p.licenseNo}</Table.Td>
                <Table.Td>{p.specialty ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </QueryState>
  );
}

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

function Employees() {
  const { t } = useTranslation();
  const me = useMe();
  const departments = useDepartments(me.hospitalId);
  const list = useQuery({ queryKey: ['employees'], queryFn: () => get<Page<Employee>>('/employees', { limit: 200 }) });
  return (
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
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data!.items.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td dir="auto">{currentLanguage() === 'ar' ? e.fullNameAr || e.fullNameEn : e.fullNameEn}</Table.Td>
                  <Table.Td dir="ltr">{e.employeeNo}</Table.Td>
                  <Table.Td dir="auto">{e.jobTitle ?? '—'}</Table.Td>
                  <Table.Td>{nameOf(departments.data?.items.find((d) => d.id === e.departmentId)) || '—'}</Table.Td>
                  <Table.Td>{e.userId ? t('common.yes') : t('common.no')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {list.data!.items.length === 0 && <Text c="dimmed">{t('common.empty')}</Text>}
        </Stack>
      )}
    </QueryState>
  );
}

function Users({ roles }: { roles: Role[] }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const hospitals = useHospitals();
  const [form, setForm] = useState({ email: '', fullName: '', role: 'STAFF', password: '', hospitalId: me.hospitalId ?? '', departmentId: '' });
  const departments = useDepartments(form.hospitalId || null);
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
  const grantable = roles.filter((r) => r.level < me.level || me.level >= LEVEL.PX_ADMIN);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <Stack>
      <Paper withBorder p="md" component="form" onSubmit={submit}>
        <Title order={2} size="h4" mb="sm">
          {t('admin.users.create')}
        </Title>
        {create.error && <ErrorAlert error={create.error} />}
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput label={t('admin.fields.email')} type="email" required dir="ltr" value={form.email} onChange={(e) => { const v = e.currentTarget.value; setForm((f) => ({ ...f, email: v })); }} />
          <TextInput label={t('admin.fields.fullName')} required dir="auto" value={form.fullName} onChange={(e) => { const v = e.currentTarget.value; setForm((f) => ({ ...f, fullName: v })); }} />
          <PasswordInput label={t('admin.fields.password')} required value={form.password} onChange={(e) => { const v = e.currentTarget.value; setForm((f) => ({ ...f, password: v })); }} visibilityToggleButtonProps={{ 'aria-label': t('signIn.showPassword') }} />
          <Select label={t('admin.fields.role')} required allowDeselect={false} data={grantable.map((r) => ({ value: r.code, label: nameOf(r) }))} value={form.role} onChange={(v) => setForm((f) => ({ ...f, role: v ?? 'STAFF' }))} />
          {me.hospitalId === null && <Select label={t('admin.fields.hospital')} clearable data={(hospitals.data?.items ?? []).map((h) => ({ value: h.id, label: nameOf(h) }))} value={form.hospitalId || null} onChange={(v) => setForm((f) => ({ ...f, hospitalId: v ?? '', departmentId: '' }))} />}
          <Select label={t('admin.fields.department')} clearable data={(departments.data?.items ?? []).map((d) => ({ value: d.id, label: nameOf(d) }))} value={form.departmentId || null} onChange={(v) => setForm((f) => ({ ...f, departmentId: v ?? '' }))} />
        </SimpleGrid>
        <Button type="submit" mt="md" loading={create.isPending}>
          {t('admin.users.create')}
        </Button>
      </Paper>
      {change.error && <ErrorAlert error={change.error} />}
      <QueryState query={list}>
        {() => (
          <Table striped data-testid="users-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('admin.fields.fullName')}</Table.Th>
                <Table.Th>{t('admin.fields.email')}</Table.Th>
                <Table.Th>{t('admin.fields.role')}</Table.Th>
                <Table.Th>{t('admin.fields.lastLogin')}</Table.Th>
                <Table.Th>{t('admin.fields.state')}</Table.Th>
                <Table.Th>{t('integration.fields.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data!.items.map((u) => {
                const locked = Boolean(u.lockedUntil && new Date(u.lockedUntil) > new Date());
                return (
                  <Table.Tr key={u.id}>
                    <Table.Td dir="auto">{u.fullName}</Table.Td>
                    <Table.Td dir="ltr">{u.email}</Table.Td>
                    <Table.Td>{t(`roles.${u.role}`, { defaultValue: u.role })}</Table.Td>
                    <Table.Td>
                      <When value={u.lastLoginAt} hospitalId={u.hospitalId} />
                    </Table.Td>
                    <Table.Td>
                      {!u.active ? <Badge color="gray" autoContrast>{t('admin.users.inactive')}</Badge> : locked ? <Badge color="red" autoContrast>{t('admin.users.locked')}</Badge> : <Badge color="green" variant="light" autoContrast>{t('admin.users.active')}</Badge>}
                    </Table.Td>
                    <Table.Td>
                      {u.id !== me.id && (
                        <Group gap={4}>
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
    </Stack>
  );
}

function Roles({ roles }: { roles: Role[] }) {
  const { t } = useTranslation();
  return (
    <Table striped data-testid="roles-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('admin.fields.name')}</Table.Th>
          <Table.Th>{t('admin.fields.code')}</Table.Th>
          <Table.Th>{t('admin.fields.level')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {roles.map((r) => (
          <Table.Tr key={r.id}>
            <Table.Td>{nameOf(r)}</Table.Td>
            <Table.Td dir="ltr">{r.code}</Table.Td>
            <Table.Td>{r.level}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function SlaPolicies() {
  const { t } = useTranslation();
  const hospitals = useHospitals();
  const list = useQuery({ queryKey: ['sla-policies'], queryFn: () => get<Page<SlaPolicy>>('/sla-policies', { limit: 200 }) });
  const language = currentLanguage();
  return (
    <QueryState query={list}>
      {() => (
        <Table striped data-testid="sla-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('admin.sla.entity')}</Table.Th>
              <Table.Th>{t('admin.sla.severity')}</Table.Th>
              <Table.Th>{t('admin.fields.hospital')}</Table.Th>
              <Table.Th>{t('admin.sla.acknowledge')}</Table.Th>
              <Table.Th>{t('admin.sla.resolve')}</Table.Th>
              <Table.Th>{t('admin.sla.ladder')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data!.items.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>{t(`admin.sla.entities.${p.entity}`)}</Table.Td>
                <Table.Td>{t(`severity.${p.severity}`)}</Table.Td>
                <Table.Td>{p.hospitalId ? nameOf(hospitals.data?.items.find((h) => h.id === p.hospitalId)) : t('admin.sla.groupDefault')}</Table.Td>
                <Table.Td>{p.acknowledgeWithin ? describeDuration(p.acknowledgeWithin, p.clock, language) : '—'}</Table.Td>
                <Table.Td>{describeDuration(p.resolveWithin, p.clock, language)}</Table.Td>
                <Table.Td>{p.escalation.map((r) => t(`roles.${r}`, { defaultValue: r })).join(' ← ')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </QueryState>
  );
}

export function AdministrationPage() {
  const { t } = useTranslation();
  const { tab = 'hospitals' } = useParams();
  const navigate = useNavigate();
  const roles = useQuery({ queryKey: ['roles'], queryFn: () => get<Page<Role>>('/roles') });
  if (!(TABS as readonly string[]).includes(tab)) return <NotFound />;
  return (
    <Stack>
      <PageHeader title={t('admin.title')} />
      <Tabs value={tab} onChange={(v) => navigate(`/admin/${v}`)}>
        <Tabs.List>
          {TABS.map((k) => (
            <Tabs.Tab key={k} value={k}>
              {t(`admin.tabs.${k}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      {tab === 'hospitals' && <Hospitals />}
      {tab === 'departments' && <Departments />}
      {tab === 'physicians' && <Physicians />}
      {tab === 'employees' && <Employees />}
      {tab === 'users' && <QueryState query={roles}>{() => <Users roles={roles.data!.items} />}</QueryState>}
      {tab === 'roles' && <QueryState query={roles}>{() => <Roles roles={roles.data!.items} />}</QueryState>}
      {tab === 'sla-policies' && <SlaPolicies />}
      <Text size="xs" c="dimmed">
        {t('admin.scopeNote')}
      </Text>
    </Stack>
  );
}
