/**
 * Physicians of the hospital by their 12-month rating: rank and stars only where the API says the
 * figure can be trusted (30 answers, reliability 0.70), otherwise "insufficient responses". Each
 * name opens the physician's scorecard.
 */
import { Anchor, Badge, Card, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { withQuery } from '../../api';
import { ErrorAlert } from '../../components/common';
import { formatNumber } from '../../dates';
import { currentLanguage } from '../../i18n';
import { physicianRatingsQuery } from './AnalyticsNav';

export interface PhysicianRating {
  physicianId: string;
  fullNameEn?: string;
  fullNameAr?: string | null;
  specialty?: string | null;
  n: number;
  score: number;
  low: number;
  high: number;
  reliability: number;
  rank: number | null;
  stars: number | null;
  rawMean?: number;
  departmentId?: string | null;
  peerGroup?: 'department' | 'specialty' | 'hospital';
  status?: 'rated' | 'insufficient_responses';
}

/** A physician's name in the reader's language, else the other one, else their id. */
export const physicianName = (r: Pick<PhysicianRating, 'physicianId' | 'fullNameEn' | 'fullNameAr'>) =>
  (currentLanguage() === 'ar' ? r.fullNameAr || r.fullNameEn : r.fullNameEn || r.fullNameAr) || r.physicianId;

export function Stars({ stars }: { stars: number }) {
  const { t } = useTranslation();
  const label = t('analytics.leaderboard.stars', { n: formatNumber(stars, currentLanguage()) });
  return (
    <Text span c="yellow.9" fz="lg" role="img" aria-label={label} data-stars={stars}>
      <span aria-hidden>{'★'.repeat(stars) + '☆'.repeat(5 - stars)}</span>
    </Text>
  );
}

export function PhysicianLeaderboard({ hospitalCode, departmentId }: { hospitalCode?: string; departmentId: string | null }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const ratings = useQuery(physicianRatingsQuery(hospitalCode, departmentId));
  const one = (v: number) => formatNumber(v, language, { maximumFractionDigits: 1 });
  return (
    <Card withBorder component="section" aria-labelledby="leaderboard-title" data-testid="physician-leaderboard">
      <Title order={2} size="h4" id="leaderboard-title">
        {t('analytics.leaderboard.title')}
      </Title>
      <Text size="sm" c="dark.5" mb="sm">
        {t('analytics.leaderboard.hint')}
      </Text>
      {ratings.error ? (
        <ErrorAlert error={ratings.error} />
      ) : ratings.isPending ? (
        <Text size="sm">…</Text>
      ) : ratings.data.items.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('analytics.leaderboard.none')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('analytics.leaderboard.rank')}</Table.Th>
                <Table.Th scope="col">{t('analytics.leaderboard.physician')}</Table.Th>
                <Table.Th scope="col">{t('analytics.leaderboard.score')}</Table.Th>
                <Table.Th scope="col">{t('analytics.intervalHead')}</Table.Th>
                <Table.Th scope="col">{t('analytics.responses')}</Table.Th>
                <Table.Th scope="col">{t('analytics.leaderboard.reliability')}</Table.Th>
                <Table.Th scope="col">{t('analytics.leaderboard.rating')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {ratings.data.items.map((r) => (
                <Table.Tr key={r.physicianId} data-testid="leaderboard-row" data-rank={r.rank ?? ''}>
                  <Table.Td>{r.rank === null ? '—' : formatNumber(r.rank, language)}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={withQuery(`/analytics/physicians/${r.physicianId}`, { hospital: hospitalCode })} size="sm" dir="auto" data-testid="leaderboard-physician">
                      {physicianName(r)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{one(r.score)}</Table.Td>
                  <Table.Td>{t('analytics.intervalRange', { low: one(r.low), high: one(r.high) })}</Table.Td>
                  <Table.Td>{formatNumber(r.n, language)}</Table.Td>
                  <Table.Td>{formatNumber(r.reliability, language, { maximumFractionDigits: 2, minimumFractionDigits: 2 })}</Table.Td>
                  <Table.Td>
                    {r.stars === null || r.rank === null ? (
                      <Badge variant="light" color="gray" autoContrast data-testid="insufficient">
                        {t('analytics.leaderboard.insufficient')}
                      </Badge>
                    ) : (
                      <Stars stars={r.stars} />
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}
