/** One survey: each answer, the score and NPS category, why it was negative or suppressed, deliveries, the action it opened. */
import { Anchor, Badge, Card, Grid, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { get, type Page } from '../../api';
import { formatNumber } from '../../dates';
import { currentLanguage } from '../../i18n';
import { FreeText, PageHeader, QueryState, StatusBadge, When } from '../../components/common';
import { Field } from '../complaints/ComplaintPage';
import type { ActionSummary } from '../actions/types';
import { ScoreBadge } from './SurveysPage';
import type { SurveyDetail } from './types';

function answerText(answer: Record<string, unknown>): string {
  const value = answer.value;
  if (Array.isArray(value)) return value.join('، ');
  if (value === null || value === undefined) return '—';
  return String(value);
}

export function SurveyPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const survey = useQuery({ queryKey: ['survey', id], queryFn: () => get<SurveyDetail>(`/surveys/${id}`) });
  const action = useQuery({ queryKey: ['actions', 'bySurvey', id], queryFn: () => get<Page<ActionSummary>>('/actions', { sourceType: 'survey', sourceId: id, limit: 1 }), enabled: survey.isSuccess });
  return (
    <QueryState query={survey}>
      {() => {
        const s = survey.data!;
        return (
          <Stack>
            <PageHeader title={t(`surveys.templates.${s.templateCode}`, { defaultValue: s.templateCode })}>
              <StatusBadge kind="survey" value={s.status} />
            </PageHeader>
            <Grid>
              <Grid.Col span={{ base: 12, md: 7 }}>
                <Card withBorder>
                  <Title order={2} size="h4" mb="sm">
                    {t('surveys.answers')}
                  </Title>
                  {s.answers.length === 0 ? (
                    <Text c="dimmed">{t('surveys.noAnswers')}</Text>
                  ) : (
                    <Table data-testid="answers">
                      <Table.Tbody>
                        {s.answers.map((a, i) => (
                          <Table.Tr key={i}>
                            <Table.Td dir="auto">{String((currentLanguage() === 'ar' ? a.textAr ?? a.textEn : a.textEn ?? a.textAr) ?? a.questionCode ?? i + 1)}</Table.Td>
                            <Table.Td>
                              <FreeText>{answerText(a)}</FreeText>
                            </Table.Td>
                            <Table.Td>{typeof a.normalised === 'number' ? <Badge variant="outline" color="gray" autoContrast>{formatNumber(Math.round(a.normalised), currentLanguage())}/{formatNumber(100, currentLanguage())}</Badge> : null}</Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  )}
                </Card>
              </Grid.Col>
              <Grid.Col span={{ base: 12, md: 5 }}>
                <Card withBorder>
                  <SimpleGrid cols={2}>
                    <Field label={t('surveys.fields.score')}>
                      <ScoreBadge survey={s} />
                    </Field>
                    <Field label={t('surveys.fields.channel')}>{s.channel ? t(`channel.${s.channel}`, { defaultValue: s.channel }) : '—'}</Field>
                    <Field label={t('surveys.fields.sentAt')}>
                      <When value={s.sentAt} hospitalId={s.hospitalId} />
                    </Field>
                    <Field label={t('surveys.fields.completedAt')}>
                      <When value={s.completedAt} hospitalId={s.hospitalId} />
                    </Field>
                    <Field label={t('surveys.fields.expiresAt')}>
                      <When value={s.expiresAt} hospitalId={s.hospitalId} />
                    </Field>
                    <Field label={t('surveys.fields.patient')}>
                      {s.patientId ? (
                        <Anchor component={Link} to={`/patients/${s.patientId}`}>
                          {t('complaints.openPatient')}
                        </Anchor>
                      ) : (
                        '—'
                      )}
                    </Field>
                  </SimpleGrid>
                  {s.suppressionReason && (
                    <Field label={t('surveys.fields.suppression')}>
                      <Text size="sm">{t(`surveys.suppression.${s.suppressionReason}`, { defaultValue: s.suppressionReason })}</Text>
                    </Field>
                  )}
                  {s.negativeReasons.length > 0 && (
                    <Field label={t('surveys.fields.negativeReasons')}>
                      {s.negativeReasons.map((r) => (
                        <Badge key={r} color="red" variant="light" mr={4} autoContrast>
                          {t(`surveys.negativeReason.${r}`, { defaultValue: r })}
                        </Badge>
                      ))}
                    </Field>
                  )}
                  <Field label={t('surveys.fields.action')}>
                    {action.data?.items[0] ? (
                      <Anchor component={Link} to={`/actions/${action.data.items[0].id}`} dir="ltr">
                        {action.data.items[0].referenceNo}
                      </Anchor>
                    ) : (
                      '—'
                    )}
                  </Field>
                </Card>
                <Card withBorder mt="md">
                  <Title order={2} size="h4" mb="sm">
                    {t('surveys.deliveries')}
                  </Title>
                  <Table data-testid="deliveries">
                    <Table.Tbody>
                      {s.deliveries.map((d, i) => (
                        <Table.Tr key={i}>
                          <Table.Td>{t(`channel.${d.channel}`, { defaultValue: d.channel })}</Table.Td>
                          <Table.Td dir="ltr">{d.recipient}</Table.Td>
                          <Table.Td>
                            <StatusBadge kind="delivery" value={d.status} />
                          </Table.Td>
                          <Table.Td>
                            <When value={d.sentAt ?? d.createdAt} hospitalId={s.hospitalId} />
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Card>
              </Grid.Col>
            </Grid>
          </Stack>
        );
      }}
    </QueryState>
  );
}
