/**
 * Administration: the tabs (one file each beside this one) and their routes. What a tab lets the
 * caller change follows the API's RBAC (shared.tsx `may`); everything else is shown read-only.
 */
import { Stack, Tabs, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { PageHeader, QueryState } from '../../components/common';
import { NotFound } from '../../components/NotFound';
import { DepartmentsTab } from './DepartmentsTab';
import { EmployeesTab } from './EmployeesTab';
import { HospitalsTab } from './HospitalsTab';
import { PhysiciansTab } from './PhysiciansTab';
import { RolesTab } from './RolesTab';
import { useRoles } from './shared';
import { SlaPoliciesTab } from './SlaPoliciesTab';
import { UsersTab } from './UsersTab';

const TABS = ['hospitals', 'departments', 'physicians', 'employees', 'users', 'roles', 'sla-policies'] as const;

export function AdministrationPage() {
  const { t } = useTranslation();
  const { tab = 'hospitals' } = useParams();
  const navigate = useNavigate();
  const roles = useRoles();
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
      {tab === 'hospitals' && <HospitalsTab />}
      {tab === 'departments' && <DepartmentsTab />}
      {tab === 'physicians' && <PhysiciansTab />}
      {tab === 'employees' && <EmployeesTab />}
      {tab === 'users' && <QueryState query={roles}>{() => <UsersTab roles={roles.data!.items} />}</QueryState>}
      {tab === 'roles' && <QueryState query={roles}>{() => <RolesTab roles={roles.data!.items} />}</QueryState>}
      {tab === 'sla-policies' && <QueryState query={roles}>{() => <SlaPoliciesTab roles={roles.data!.items} />}</QueryState>}
      <Text size="xs" c="dimmed">
        {t('admin.scopeNote')}
      </Text>
    </Stack>
  );
}
