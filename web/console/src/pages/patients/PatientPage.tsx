/** Patient 360: who the patient is, their channel opt-outs, and encounters, surveys, complaints and actions on one timeline. */
import { Anchor, Badge, Card, Grid, Group, SimpleGrid, Stack, Text, Timeline, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, get, type Page } from '../../api';
import { PageHeader, QueryState, StatusBadge, When } from '../../components/common';
import { Field } from '../complaints/ComplaintPage';
import type { SurveySummary } from '../surveys/types';
import { patientName } from './PatientsPage';
import type { Patient } from './types';

interface TimelineItem {
  kind: 'encounter' | 'survey' | 'complaint' | 'action';
  id: string;
  at: string;
  title: string;
  status: string;
}

const PATHS: Record<TimelineItem['kind'], string> = { encounter: '/journeys?encounter=', survey: '/surveys/', complaint: '/complaints/', action: '/actions/' };

/** The API's patient timeline; where that endpoint is not there yet, encounters and surveys by patient. */
async function loadTimeline(id: string): Promise<TimelineItem[]> {
  try {
    const reply = await get<{ items: Record<string, unknown>[] }>(`/patients/${id}/timeline`);
    return reply.items.map((item) => ({
      kind: item.kind as TimelineItem['kind'],
      id: String(item.id),
      at: String(item.at ?? item.occurredAt ?? item.createdAt),
      title: String(item.title ?? item.referenceNo ?? item.templateCode ?? item.journey ?? item.visitNumber ?? ''),
      status: String(item.status ?? ''),
    }));
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
  }
  const [encounters, surveys] = await Promise.all([
    get<Page<{ id: string; visitNumber: string; journey: string | null; status: string; startedAt: string }>>('/encounters', { patientId: id, limit: 100 }),
    get<Page<SurveySummary>>('/surveys', { patientId: id, limit: 100 }),
  ]);
  return [
    ...encounters.items.map((e): TimelineItem => ({ kind: 'encounter', id: e.id, at: e.startedAt, title: `${e.journey ?? ''} ${e.visitNumber}`.trim(), status: e.status })),
    ...surveys.items.map((s): TimelineItem => ({ kind: 'survey', id: s.id, at: s.sentAt ?? s.scheduledFor ?? s.completedAt ?? '', title: s.templateCode, status: s.status })),
  ].sort((a, b) => b.at.localeCompare(a.at));
}

export function PatientPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const patient = useQuery({ queryKey: ['patient', id], queryFn: () => get<Patient>(`/patients/${id}`) });
  const timeline = useQuery({ queryKey: ['patient', id, 'timeline'], queryFn: () => loadTimeline(id), enabled: patient.isSuccess });
  return (
    <QueryState query={patient}>
      {() => {
        const p = patient.data!;
        const optOuts = (['Sms', 'Whatsapp', 'Email'] as const).filter((c) => p[`optOut${c}`]);
        return (
          <Stack>
            <PageHeader title={<span dir="auto">{patientName(p)}</span>}>{p.deceased && <Badge color="dark">{t('patients.deceased')}</Badge>}</PageHeader>
            <Grid>
              <Grid.Col span={{ base: 12, md: 5 }}>
                <Card withBorder>
                  <SimpleGrid cols={2}>
                    <Field label={t('patients.fields.mrn')}>
                      <Text size="sm" dir="ltr">{p.mrn}</Text>
                    </Field>
                    <Field label={t('patients.fields.nationalId')}>
                      <Text size="sm" dir="ltr">{p.nationalId ?? '—'}</Text>
                    </Field>
                    <Field label={t('patients.fields.phone')}>
                      <Text size="sm" dir="ltr">{p.phone ?? '—'}</Text>
                    </Field>
                    <Field label={t('patients.fields.email')}>
                      <Text size="sm" dir="ltr">{p.email ?? '—'}</Text>
                    </Field>
                    <Field label={t('patients.fields.dateOfBirth')}>
                      <When value={p.dateOfBirth} hospitalId={p.hospitalId} withTime={false} />
                    </Field>
                    <Field label={t('patients.fields.language')}>{t(`language.name.${p.preferredLanguage}`)}</Field>
                  </SimpleGrid>
                  <Field label={t('patients.fields.optOuts')}>
                    <Group gap={4} data-testid="opt-outs">
                      {optOuts.length === 0 ? <Text size="sm">{t('patients.noOptOuts')}</Text> : optOuts.map((c) => <Badge key={c} color="red" variant="light" autoContrast>{t(`channel.${c.toLowerCase()}`)}</Badge>)}
                    </Group>
                  </Field>
                </Card>
              </Grid.Col>
              <Grid.Col span={{ base: 12, md: 7 }}>
                <Card withBorder>
                  <Title order={2} size="h4" mb="sm">
                    {t('patients.timeline')}
                  </Title>
                  <QueryState query={timeline}>
                    {() =>
                      timeline.data!.length === 0 ? (
                        <Text c="dimmed">{t('common.empty')}</Text>
                      ) : (
                        <Timeline bulletSize={14} data-testid="patient-timeline">
                          {timeline.data!.map((item) => (
                            <Timeline.Item key={`${item.kind}-${item.id}`} title={t(`patients.kinds.${item.kind}`)}>
                              <Group gap="xs">
                                <Anchor component={Link} to={PATHS[item.kind] + item.id} size="sm" dir="auto">
                                  {item.kind === 'survey' ? t(`surveys.templates.${item.title}`, { defaultValue: item.title }) : item.title}
                                </Anchor>
                                {item.status && <StatusBadge kind={item.kind} value={item.status} />}
                              </Group>
                              <When value={item.at} hospitalId={p.hospitalId} inline />
                            </Timeline.Item>
                          ))}
                        </Timeline>
                      )
                    }
                  </QueryState>
                </Card>
              </Grid.Col>
            </Grid>
          </Stack>
        );
      }}
    </QueryState>
  );
}
