/** Surveys sent to patients: filters on the server, score and NPS category per row. */
import { Anchor, Badge, Button, Group, Pagination, Select, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get, type Page } from '../../api';
import { PageHeader, QueryState, StatusBadge, When, ListTotal } from '../../components/common';
import { formatNumber } from '../../dates';
import { currentLanguage } from '../../i18n';
import { SURVEY_STATUSES, TEMPLATE_CODES, type SurveySummary } from './types';
import { useListParams } from '../../components/useListParams';

const PAGE_SIZE = 25;

export function ScoreBadge({ survey }: { survey: Pick<SurveySummary, 'score' | 'negative' | 'npsCategory'> }) {
  const { t } = useTranslation();
  if (survey.score === null) return <Text span c="dimmed">—</Text>;
  return (
    <Group gap={4} wrap="nowrap">
      <Badge color={survey.negative ? 'red' : 'green'} variant="light" autoContrast>
        {formatNumber(Math.round(survey.score), currentLanguage())}
      </Badge>
      {survey.npsCategory && <Badge variant="outline" color="gray" autoContrast>{t(`surveys.nps.${survey.npsCategory}`, { defaultValue: survey.npsCategory })}</Badge>}
    </Group>
  );
}

export function SurveysPage() {
  const { t } = useTranslation();
  const [params, changeParams] = useListParams();
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const query = { status: params.get('status'), negative: params.get('negative'), templateCode: params.get('templateCode'), limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE };
  const list = useQuery({ queryKey: ['surveys', query], queryFn: () => get<Page<SurveySummary>>('/surveys', query), placeholderData: (p) => p });
  const setParam = (key: string, value: string | null) => changeParams({ [key]: value });
  return (
    <Stack>
      <PageHeader title={t('surveys.title')}>
        <Button component={Link} to="/surveys/templates" variant="default">
          {t('templates.title')}
        </Button>
      </PageHeader>
      <Group align="flex-end">
        <Select label={t('surveys.fields.status')} clearable data={SURVEY_STATUSES.map((s) => ({ value: s, label: t(`survey.status.${s}`) }))} value={query.status} onChange={(v) => setParam('status', v)} w={180} />
        <Select label={t('surveys.fields.negative')} clearable data={[{ value: 'true', label: t('surveys.negativeOnly') }, { value: 'false', label: t('surveys.notNegative') }]} value={query.negative} onChange={(v) => setParam('negative', v)} w={180} />
        <Select label={t('surveys.fields.template')} clearable data={TEMPLATE_CODES.map((c) => ({ value: c, label: t(`surveys.templates.${c}`) }))} value={query.templateCode} onChange={(v) => setParam('templateCode', v)} w={240} />
      </Group>
      <QueryState query={list}>
        {() => (
          <>
            <Table.ScrollContainer minWidth={800}>
              <Table striped highlightOnHover data-testid="surveys-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('surveys.fields.template')}</Table.Th>
                    <Table.Th>{t('surveys.fields.status')}</Table.Th>
                    <Table.Th>{t('surveys.fields.channel')}</Table.Th>
                    <Table.Th>{t('surveys.fields.language')}</Table.Th>
                    <Table.Th>{t('surveys.fields.sentAt')}</Table.Th>
                    <Table.Th>{t('surveys.fields.score')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.data!.items.map((s) => (
                    <Table.Tr key={s.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/surveys/${s.id}`}>
                          {t(`surveys.templates.${s.templateCode}`, { defaultValue: s.templateCode })}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <StatusBadge kind="survey" value={s.status} />
                      </Table.Td>
                      <Table.Td>{s.channel ? t(`channel.${s.channel}`, { defaultValue: s.channel }) : '—'}</Table.Td>
                      <Table.Td>{t(`language.name.${s.language}`, { defaultValue: s.language })}</Table.Td>
                      <Table.Td>
                        <When value={s.sentAt} hospitalId={s.hospitalId} />
                      </Table.Td>
                      <Table.Td>
                        <ScoreBadge survey={s} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {list.data!.items.length === 0 && <Text c="dimmed">{t('common.empty')}</Text>}
            <Group justify="space-between">
              <ListTotal page={list.data} />
              <Pagination total={Math.max(1, Math.ceil(list.data!.total / PAGE_SIZE))} value={page} onChange={(p) => setParam('page', String(p))} getControlProps={(control) => ({ 'aria-label': t(`common.page.${control}`) })} />
            </Group>
          </>
        )}
      </QueryState>
    </Stack>
  );
}
