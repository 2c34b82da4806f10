/**
 * The analytics screens' own navigation: the Command Center, QI projects, and a physician's own
 * scorecard (a physician below PX coordinator, whose rating the API answers; coordinators and up
 * reach every physician's scorecard from the leaderboard). The group-wide hospital choice is kept.
 * Also the calendar-day formatter these screens share.
 */
import { Button, Group, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { get, withQuery } from '../../api';
import { useMe } from '../../auth';
import { formatMoment } from '../../dates';
import { currentLanguage } from '../../i18n';
import { canUse, LEVEL } from '../../roles';
import type { PhysicianRating } from './PhysicianLeaderboard';

export type AnalyticsView = 'kpis' | 'qi' | 'scorecard';

/** A physician's ratings as the leaderboard asks for them (the same cache entry). */
export const physicianRatingsQuery = (hospitalCode: string | undefined, departmentId: string | null = null, month?: string) => ({
  queryKey: ['analytics', 'physicians', hospitalCode, departmentId, ...(month ? [month] : [])],
  queryFn: () => get<{ month?: string; items: PhysicianRating[] }>('/analytics/physicians', { hospitalCode, departmentId: departmentId ?? undefined, month }),
  staleTime: 60_000,
});

export function AnalyticsNav({ current }: { current: AnalyticsView }) {
  const { t } = useTranslation();
  const me = useMe();
  const [params] = useSearchParams();
  const hospital = params.get('hospital') ?? undefined;
  const ownOnly = canUse(me.level, 'physicianScorecard') && me.level < LEVEL.PX_COORDINATOR;
  const own = useQuery({ ...physicianRatingsQuery(hospital), enabled: ownOnly });
  const mine = ownOnly ? own.data?.items[0] : undefined;
  const links: { view: AnalyticsView; to: string; label: string }[] = [
    { view: 'kpis', to: withQuery('/analytics', { hospital }), label: t('analytics.nav.kpis') },
    ...(canUse(me.level, 'qiProjects') ? [{ view: 'qi' as const, to: withQuery('/analytics/qi', { hospital }), label: t('analytics.nav.qi') }] : []),
    ...(mine ? [{ view: 'scorecard' as const, to: withQuery(`/analytics/physicians/${mine.physicianId}`, { hospital }), label: t('analytics.nav.myScorecard') }] : []),
  ];
  return (
    <Group component="nav" aria-label={t('analytics.nav.label')} gap="xs" data-testid="analytics-nav">
      {links.map((link) => (
        <Button key={link.view} component={Link} to={link.to} size="compact-md" variant={current === link.view ? 'filled' : 'default'} aria-current={current === link.view ? 'page' : undefined}>
          {link.label}
        </Button>
      ))}
    </Group>
  );
}

/** A calendar day (YYYY-MM-DD) in the reader's language, Gregorian with the Hijri date beside it. */
export function Day({ value }: { value: string | null | undefined }) {
  useTranslation();
  if (!value) return <Text span c="dimmed">—</Text>;
  const { gregorian, hijri } = formatMoment(`${value}T12:00:00Z`, currentLanguage(), 'UTC', false);
  return (
    <Text span size="sm" data-day={value}>
      <time dateTime={value}>{gregorian}</time>{' '}
      <Text span c="dimmed" size="xs">
        ({hijri})
      </Text>
    </Text>
  );
}
