/** One complaint: details, SLA in two calendars with live countdowns, every operation, the timeline. */
import { useState } from 'react';
import { Anchor, Badge, Card, Grid, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { get } from '../../api';
import { useMe } from '../../auth';
import { CaseTimeline } from '../../components/CaseTimeline';
import { ErrorAlert, FreeText, PageHeader, QueryState, SeverityBadge, SlaCountdown, StatusBadge, When } from '../../components/common';
import { OperationButton } from '../../components/Operation';
import { nameOf, useDepartments, useUserName, useUsers } from '../../reference';
import { LEVEL } from '../../roles';
import { SEVERITIES, type ComplaintDetail } from './types';

export function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <div>{children}</div>
    </Stack>
  );
}

export function ComplaintPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // The workflow plans due dates a moment after filing: look again soon until it has.
  const complaint = useQuery({
    queryKey: ['complaint', id],
    queryFn: () => get<ComplaintDetail>(`/complaints/${id}`),
    refetchInterval: (query) => (query.state.data && !query.state.data.acknowledgeBy && !query.state.data.resolveBy ? 2_000 : 30_000),
  });
  const departments = useDepartments(complaint.data?.hospitalId);
  const users = useUsers(complaint.data?.hospitalId);
  const userName = useUserName();
  const [operationError, setOperationError] = useState<unknown>(null);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['complaint', id] });
    void queryClient.invalidateQueries({ queryKey: ['complaints'] });
  };
  const coordinator = me.level >= LEVEL.PX_COORDINATOR;
  const assigneeOptions = [{ value: me.id, label: t('common.me') }, ...(users.data?.items ?? []).filter((u) => u.id !== me.id).map((u) => ({ value: u.id, label: u.role ? `${u.fullName} · ${t(`roles.${u.role}`, { defaultValue: u.role })}` : u.fullName }))];

  return (
    <QueryState query={complaint}>
      {() => {
        const c = complaint.data!;
        const base = `/complaints/${c.id}`;
        const ackMet = Boolean(c.acknowledgedAt) || c.status !== 'open';
        const resolveMet = ['resolved', 'closed'].includes(c.status);
        return (
          <Stack>
            <PageHeader
              title={
                <Group gap="sm">
                  <span dir="ltr">{c.referenceNo}</span>
                  <StatusBadge kind="complaint" value={c.status} />
                  <SeverityBadge value={c.severity} />
                  {c.escalationLevel > 0 && <Badge color="red">{t('complaints.escalationLevel', { level: c.escalationLevel })}</Badge>}
                </Group>
              }
            />
            <Card withBorder>
              <Title order={2} size="h4" mb="sm">
                {t('complaints.operations')}
              </Title>
              <Group gap="xs" data-testid="operations">
                {coordinator && <OperationButton label={t('complaints.ops.acknowledge')} path={`${base}/acknowledge`} onDone={refresh} onError={setOperationError} />}
                {coordinator && <OperationButton label={t('complaints.ops.assign')} path={`${base}/assign`} onDone={refresh} fields={[{ name: 'assigneeId', label: t('complaints.fields.assignee'), kind: 'select', required: true, options: assigneeOptions }]} />}
                <OperationButton label={t('complaints.ops.note')} path={`${base}/note`} onDone={refresh} fields={[{ name: 'note', label: t('complaints.fields.note'), required: true }]} />
                {coordinator && (
                  <OperationButton
                    label={t('complaints.ops.resolve')}
                    path={`${base}/resolve`}
                    onDone={refresh}
                    fields={[
                      { name: 'rootCause', label: t('complaints.fields.rootCause'), required: true },
                      { name: 'resolutionNotes', label: t('complaints.fields.resolutionNotes'), required: true },
                    ]}
                  />
                )}
                {coordinator && <OperationButton label={t('complaints.ops.close')} path={`${base}/close`} onDone={refresh} fields={[{ name: 'note', label: t('complaints.fields.closeNote') }]} />}
                {coordinator && <OperationButton label={t('complaints.ops.reopen')} path={`${base}/reopen`} onDone={refresh} fields={[{ name: 'reason', label: t('complaints.fields.reason'), required: true }]} />}
                {coordinator && <OperationButton label={t('complaints.ops.escalate')} color="red" path={`${base}/escalate`} onDone={refresh} fields={[{ name: 'reason', label: t('complaints.fields.reason'), required: true }]} />}
                {coordinator && (
                  <OperationButton
                    label={t('complaints.ops.openAction')}
                    path={`${base}/actions`}
                    onDone={(result) => {
                      refresh();
                      const created = result as { id?: string };
                      if (created?.id) navigate(`/actions/${created.id}`);
                    }}
                    fields={[
                      { name: 'title', label: t('actions.fields.title'), kind: 'text', required: true },
                      { name: 'priority', label: t('actions.fields.priority'), kind: 'select', required: true, options: SEVERITIES.map((s) => ({ value: s, label: t(`severity.${s}`) })) },
                      { name: 'description', label: t('actions.fields.description') },
                    ]}
                  />
                )}
              </Group>
              {operationError ? <ErrorAlert error={operationError} /> : null}
            </Card>
            <Grid>
              <Grid.Col span={{ base: 12, md: 7 }}>
                <Card withBorder>
                  <Stack>
                    <SimpleGrid cols={{ base: 1, sm: 2 }}>
                      <Field label={t('complaints.fields.category')}>{t(`category.${c.category}`, { defaultValue: c.category })}</Field>
                      <Field label={t('complaints.fields.source')}>{t(`source.${c.sourceChannel}`, { defaultValue: c.sourceChannel })}</Field>
                      <Field label={t('complaints.fields.department')}>{nameOf(departments.data?.items.find((d) => d.id === c.departmentId)) || '—'}</Field>
                      <Field label={t('complaints.fields.assignee')}>{userName(c.assigneeId, t('common.me')) ?? t('common.unassigned')}</Field>
                      <Field label={t('complaints.fields.contact')}>
                        <FreeText>{[c.contactName, c.contactPhone, c.contactEmail].filter(Boolean).join(' · ') || '—'}</FreeText>
                      </Field>
                      <Field label={t('complaints.fields.patient')}>
                        {c.patientId ? (
                          <Anchor component={Link} to={`/patients/${c.patientId}`}>
                            {t('complaints.openPatient')}
                          </Anchor>
                        ) : (
                          '—'
                        )}
                      </Field>
                      <Field label={t('complaints.fields.received')}>
                        <When value={c.createdAt} hospitalId={c.hospitalId} />
                      </Field>
                      <Field label={t('complaints.fields.language')}>{t(`language.name.${c.language}`)}</Field>
                    </SimpleGrid>
                    <Field label={t('complaints.fields.description')}>
                      <FreeText>{c.description}</FreeText>
                    </Field>
                    {c.rootCause && (
                      <Field label={t('complaints.fields.rootCause')}>
                        <FreeText>{c.rootCause}</FreeText>
                      </Field>
                    )}
                    {c.resolutionNotes && (
                      <Field label={t('complaints.fields.resolutionNotes')}>
                        <FreeText>{c.resolutionNotes}</FreeText>
                      </Field>
                    )}
                  </Stack>
                </Card>
              </Grid.Col>
              <Grid.Col span={{ base: 12, md: 5 }}>
                <Card withBorder data-testid="sla-card">
                  <Title order={2} size="h4" mb="sm">
                    {t('complaints.sla')}
                  </Title>
                  <SimpleGrid cols={2}>
                    <Field label={t('complaints.fields.acknowledgeBy')}>
                      <When value={c.acknowledgeBy} hospitalId={c.hospitalId} />
                    </Field>
                    <Field label={t('complaints.fields.sla')}>
                      <span data-testid="ack-countdown">
                        <SlaCountdown due={c.acknowledgeBy} met={ackMet} />
                      </span>
                    </Field>
                    <Field label={t('complaints.fields.resolveBy')}>
                      <When value={c.resolveBy} hospitalId={c.hospitalId} />
                    </Field>
                    <Field label={t('complaints.fields.sla')}>
                      <span data-testid="resolve-countdown">
                        <SlaCountdown due={c.resolveBy} met={resolveMet} />
                      </span>
                    </Field>
                  </SimpleGrid>
                </Card>
                <Card withBorder mt="md">
                  <Title order={2} size="h4" mb="sm">
                    {t('complaints.timeline')}
                  </Title>
                  <CaseTimeline events={c.timeline} hospitalId={c.hospitalId} />
                </Card>
              </Grid.Col>
            </Grid>
          </Stack>
        );
      }}
    </QueryState>
  );
}
