/** What the administration tabs share: types, who may change what (the API's RBAC), the API's field errors in the reader's language, an edit dialog. */
import type { FormEvent, ReactNode } from 'react';
import { Alert, Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError, get, type Page } from '../../api';
import type { Me } from '../../auth';
import { currentLanguage } from '../../i18n';
import { LEVEL } from '../../roles';
import type { UserSummary } from '../../reference';

export interface Role {
  id: string;
  code: string;
  level: number;
  nameEn: string;
  nameAr: string;
  system: boolean;
}

export const useRoles = () => useQuery({ queryKey: ['roles'], queryFn: () => get<Page<Role>>('/roles') });

/** Who may change what, as the API decides it (README's RBAC table; api/routes/*). */
export const may = (me: Me) => ({
  /** Create and delete hospitals; group-wide holidays and SLA defaults; move users between hospitals. */
  groupWide: me.level >= LEVEL.PX_ADMIN && me.hospitalId === null,
  createHospital: me.level >= LEVEL.PX_ADMIN,
  /** Rename own hospital, its calendar and survey timing; departments, physicians, employees, users, hospital SLA policies. */
  administer: me.level >= LEVEL.HOSPITAL_ADMIN,
  roles: me.level >= LEVEL.PX_ADMIN,
  /** A PX admin hands out any level; everyone else only levels below their own. */
  grant: (level: number) => me.level >= LEVEL.PX_ADMIN || level < me.level,
});

/** Sunday-based day names in the reader's language (0 = Sunday, as the API counts). */
export const dayName = (day: number) => new Intl.DateTimeFormat(currentLanguage() === 'ar' ? 'ar-SA' : 'en', { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2023, 0, 1 + day)));

export const personName = (p: { fullNameEn: string; fullNameAr: string | null }) => (currentLanguage() === 'ar' ? p.fullNameAr || p.fullNameEn : p.fullNameEn);

import { translateProblem } from '../../components/problems';

export { translateProblem };

/** The API's complaint about one field (`field`, or `field.N` for a list), in the reader's language; undefined when it has none. */
export function fieldError(t: TFunction, error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError) || !error.fields) return undefined;
  const problems = error.fields.filter((f) => f.field === field || f.field.startsWith(`${field}.`) || f.field === `/${field}`);
  return problems.length ? problems.map((p) => translateProblem(t, p.message)).join(' ') : undefined;
}

/**
 * A refusal: the heading by the API's status in the reader's language, then, for problems not shown
 * on a field of the form (`shown`), what the API said (translated where the console knows it).
 */
export function AdminError({ error, shown = [] }: { error: unknown; shown?: string[] }) {
  const { t } = useTranslation();
  if (!error) return null;
  const apiError = error instanceof ApiError ? error : null;
  const heading = apiError ? t(`adminEdit.codes.${apiError.code}`, { defaultValue: t(`errors.${apiError.status}`, { defaultValue: t('errors.generic') }) }) : t('errors.generic');
  const rest = apiError?.fields?.filter((f) => !shown.some((s) => f.field === s || f.field.startsWith(`${s}.`))) ?? [];
  const body = apiError?.fields?.length ? rest.map((f) => `${f.field}: ${translateProblem(t, f.message)}`).join('; ') : translateProblem(t, apiError?.message ?? String((error as Error)?.message ?? error));
  return (
    <Alert color="red" title={heading} role="alert" data-testid="admin-error">
      {apiError?.status === 409 && <Text size="sm">{t('errors.conflictReason')}</Text>}
      {body && (
        <Text size="sm" dir="auto">
          {body}
        </Text>
      )}
    </Alert>
  );
}

/** A dialog with one form: the fields, the API's refusal above them, save and cancel. */
export function EditDialog({
  opened,
  title,
  onClose,
  onSubmit,
  saving,
  error,
  shown,
  children,
  testId,
}: {
  opened: boolean;
  title: string;
  onClose: () => void;
  onSubmit: () => void;
  saving: boolean;
  error: unknown;
  shown?: string[];
  children: ReactNode;
  testId?: string;
}) {
  const { t } = useTranslation();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <Modal opened={opened} onClose={onClose} title={title} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={submit} data-testid={testId}>
        <Stack>
          <AdminError error={error} shown={shown} />
          {children}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('adminEdit.cancel')}
            </Button>
            <Button type="submit" loading={saving}>
              {t('adminEdit.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Only the fields that changed, so a PATCH says what the user meant. */
export function changed<T extends Record<string, unknown>>(before: Partial<T>, after: T): Partial<T> {
  return Object.fromEntries(Object.entries(after).filter(([k, v]) => (before as Record<string, unknown>)[k] !== v)) as Partial<T>;
}

/** Optional text: blank is null. */
export const orNull = (text: string) => (text.trim() ? text.trim() : null);

/** A PX360 account of the hospital to link a staff record to (an employee, a physician); clearable. */
export function AccountSelect({ hospitalId, label, value, onChange, error }: { hospitalId: string; label: string; value: string | null; onChange: (id: string | null) => void; error?: string }) {
  const users = useQuery({ queryKey: ['users', 'admin', hospitalId], queryFn: () => get<Page<UserSummary>>('/users', { limit: 200, hospitalId }) });
  return (
    <Select
      label={label}
      clearable
      searchable
      data={(users.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.fullName} <${u.email}>` }))}
      value={value}
      onChange={onChange}
      error={error}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
