/** Small pieces every screen uses: dates in two calendars, the SLA countdown, free text, errors. */
import { useEffect, useState, type ReactNode } from 'react';
import { Alert, Badge, Center, Group, Loader, Stack, Text, Title, type MantineColor } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError, type Page } from '../api';
import { formatMoment, formatNumber, formatSpan } from '../dates';
import { currentLanguage } from '../i18n';
import { useTimeZone } from '../reference';
import { NotFound } from './NotFound';
import { fieldLabel, translateProblem } from './problems';

/** A moment in the hospital's zone: Gregorian, with the Hijri (Umm al-Qura) date under it. */
export function When({ value, hospitalId, withTime = true, inline = false }: { value: string | null | undefined; hospitalId?: string | null; withTime?: boolean; inline?: boolean }) {
  const timeZone = useTimeZone(hospitalId);
  useTranslation();
  if (!value) return <Text span c="dimmed">—</Text>;
  const { gregorian, hijri } = formatMoment(value, currentLanguage(), timeZone, withTime);
  if (inline)
    return (
      <Text span size="sm" data-hijri={hijri}>
        <time dateTime={value}>{gregorian}</time> <Text span c="dimmed" size="xs">({hijri})</Text>
      </Text>
    );
  return (
    <Stack gap={0} component="span">
      <Text span size="sm">
        <time dateTime={value}>{gregorian}</time>
      </Text>
      <Text span size="xs" c="dimmed">
        {hijri}
      </Text>
    </Stack>
  );
}

/** Re-renders every `ms`: countdowns tick without refetching. */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(timer);
  }, [ms]);
  return now;
}

/** Time left to a due date, or how long past it; red once breached, orange in its last hour. */
export function SlaCountdown({ due, met }: { due: string | null | undefined; met?: boolean }) {
  const { t } = useTranslation();
  const now = useNow(1000);
  if (met) return <Badge color="gray" variant="light">{t('sla.met')}</Badge>;
  if (!due) return <Text span c="dimmed" size="sm">{t('sla.notPlanned')}</Text>;
  const left = new Date(due).getTime() - now;
  const span = formatSpan(left, currentLanguage());
  const color: MantineColor = left < 0 ? 'red' : left < 3_600_000 ? 'orange' : 'teal';
  return (
    <Badge color={color} variant={left < 0 ? 'filled' : 'light'} data-testid="sla-countdown" data-overdue={left < 0}>
      {left < 0 ? t('sla.overdueBy', { span }) : t('sla.left', { span })}
    </Badge>
  );
}

/** Staff- or patient-written text, in whichever direction it was written. */
export function FreeText({ children, size = 'sm' }: { children: ReactNode; size?: string }) {
  return (
    <Text dir="auto" size={size} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
      {children}
    </Text>
  );
}

/** The API's refusal in the user's language, with the API's own reason (409: why the state does not allow it). */
export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  const apiError = error instanceof ApiError ? error : null;
  const heading = title ?? (apiError ? t(`errors.${apiError.status}`, { defaultValue: t('errors.generic') }) : t('errors.generic'));
  return (
    <Alert color="red" title={heading} role="alert" data-testid="error-alert">
      <Stack gap={4}>
        {apiError?.status === 409 && <Text size="sm">{t('errors.conflictReason')}</Text>}
        <Text size="sm" dir="auto">
          {apiError?.fields?.length
            ? apiError.fields.map((f) => `${fieldLabel(t, f.field)}: ${translateProblem(t, f.message)}`).join('; ')
            : (apiError?.message ?? String((error as Error)?.message ?? error))}
        </Text>
      </Stack>
    </Alert>
  );
}

/** A query's loading and error states; a 404 shows the not-found page. */
export function QueryState({ query, children }: { query: { isPending: boolean; error: unknown }; children: () => ReactNode }) {
  if (query.error instanceof ApiError && (query.error.status === 404 || query.error.status === 400)) return <NotFound />;
  if (query.error) return <ErrorAlert error={query.error} />;
  if (query.isPending)
    return (
      <Center py="xl">
        <Loader />
      </Center>
    );
  return <>{children()}</>;
}

export function PageHeader({ title, children }: { title: ReactNode; children?: ReactNode }) {
  return (
    <Group justify="space-between" mb="md" wrap="wrap">
      <Title order={1} size="h2">
        {title}
      </Title>
      {children && <Group gap="xs">{children}</Group>}
    </Group>
  );
}

const STATUS_COLOR: Record<string, MantineColor> = {
  open: 'blue',
  acknowledged: 'cyan',
  in_progress: 'yellow',
  submitted: 'grape',
  resolved: 'teal',
  closed: 'gray',
  approved: 'green',
  cancelled: 'gray',
  failed: 'red',
  ignored: 'gray',
  processed: 'green',
  received: 'blue',
  completed: 'green',
  sent: 'blue',
  suppressed: 'gray',
  expired: 'gray',
};

export function StatusBadge({ kind, value }: { kind: string; value: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOR[value] ?? 'gray'} variant="light" autoContrast>
      {t(`${kind}.status.${value}`, { defaultValue: value })}
    </Badge>
  );
}

const SEVERITY_COLOR: Record<string, MantineColor> = { low: 'gray', medium: 'yellow', high: 'orange', critical: 'red' };

export function SeverityBadge({ value }: { value: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={SEVERITY_COLOR[value] ?? 'gray'} variant="outline" autoContrast>
      {t(`severity.${value}`, { defaultValue: value })}
    </Badge>
  );
}

/** How many rows a list holds: "over 1,000" when the API counted only up to its cap. */
export function ListTotal({ page }: { page: Pick<Page<unknown>, 'total' | 'totalExact'> | undefined }) {
  const { t } = useTranslation();
  const n = formatNumber(page?.total ?? 0, currentLanguage());
  return (
    <Text size="sm" c="dimmed" data-total-exact={page?.totalExact === false ? 'false' : 'true'}>
      {page?.totalExact === false ? t('common.totalAtLeast', { n }) : t('common.total', { n })}
    </Text>
  );
}
