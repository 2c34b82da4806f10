/** One PX action: what it is, where it came from, its due date, its operations and timeline. */
import { useState } from 'react';
import { Anchor, Badge, Card, Grid, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { get } from '../../api';
import { useMe } from '../../auth';
import { CaseTimeline } from '../../components/CaseTimeline';
import { ErrorAlert, FreeText, PageHeader, QueryState, SeverityBadge, SlaCountdown, StatusBadge, When } from '../../components/common';
import { OperationButton } from '../../components/Operation';
import { nameOf, useDepartments, useUserName, useUsers } from '../../reference';
import { LEVEL } from '../../roles';
import { Field } from '../complaints/ComplaintPage';
import { isDone, type ActionDetail } from './types';

const SOURCE_PATH: Record<string, string> = { complaint: '/complaints/', survey: '/surveys/' };

export function ActionPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const action = useQuery({ queryKey: ['action', id], queryFn: () => get<ActionDetail>(`/actions/${id}`), refetchInterval: (query) => (query.state.data && !query.state.data.dueAt ? 2_000 : 30_000) });
  const departments = useDepartments(action.data?.hospitalId);
  const users = useUsers(action.data?.hospitalId);
  const userName = useUserName();
  const [operationError, setOperationError] = useState<unknown>(null);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['action', id] });
    void queryClient.invalidateQueries({ queryKey: ['actions'] });
  };
  const coordinator = me.level >= LEVEL.PX_COORDINATOR;
  const assigneeOptions = [{ value: me.id, label: t('common.me') }, ...(users.data?.items ?? []).filter((u) => u.id !== me.id).map((u) => ({ value: u.id, label: u.fullName }))];

  return (
    <QueryState query={action}>
      {() => {
        const a = action.data!;
        const base = `/actions/${a.id}`;
        // Approved and cancelled are final: nothing more can be done to the action.
        const finished = a.status === 'approved' || a.status === 'cancelled';
        return (
          <Stack>
            <PageHeader
              title={
                <Group gap="sm">
                  <span dir="ltr">{a.referenceNo}</span>
                  <StatusBadge kind="action" value={a.status} />
                  <SeverityBadge value={a.priority} />
                  {a.escalationLevel > 0 && <Badge color="red">{t('complaints.escalationLevel', { level: a.escalationLevel })}</Badge>}
                </Group>
              }
            />
            <Card withBorder>
              <Title order={2} size="h4" mb="sm">
                {t('complaints.operations')}
              </Title>
              {finished ? (
                <Text size="sm" c="dimmed" data-testid="operations-finished">
                  {t('actions.finished')}
                </Text>
              ) : (
              <Group gap="xs" data-testid="operations">
                <OperationButton label={t('actions.ops.progress')} path={`${base}/progress`} onDone={refresh} fields={[{ name: 'note', label: t('actions.fields.progressNote'), required: true }]} />
                <OperationButton label={t('actions.ops.submit')} path={`${base}/submit`} onDone={refresh} fields={[{ name: 'evidence', label: t('actions.fields.evidence'), required: true }]} />
                {coordinator && <OperationButton label={t('actions.ops.approve')} color="green" path={`${base}/approve`} onDone={refresh} onError={setOperationError} />}
                {coordinator && <OperationButton label={t('actions.ops.reject')} color="orange" path={`${base}/reject`} onDone={refresh} fields={[{ name: 'reason', label: t('complaints.fields.reason'), required: true }]} />}
                {coordinator && <OperationButton label={t('complaints.ops.assign')} path={`${base}/assign`} onDone={refresh} fields={[{ name: 'assigneeId', label: t('complaints.fields.assignee'), kind: 'select', required: true, options: assigneeOptions }]} />}
                {coordinator && <OperationButton label={t('actions.ops.cancel')} color="red" variant="subtle" path={`${base}/cancel`} onDone={refresh} fields={[{ name: 'reason', label: t('complaints.fields.reason'), required: true }]} />}
              </Group>
              )}
              {operationError ? <ErrorAlert error={operationError} /> : null}
            </Card>
            <Grid>
              <Grid.Col span={{ base: 12, md: 7 }}>
                <Card withBorder>
                  <Stack>
                    <Title order={2} size="h3">
                      <FreeText size="lg">{a.title}</FreeText>
                    </Title>
                    <SimpleGrid cols={{ base: 1, sm: 2 }}>
                      <Field label={t('actions.fields.source')}>
                        {a.sourceId && SOURCE_PATH[a.sourceType] ? (
                          <Anchor component={Link} to={SOURCE_PATH[a.sourceType] + a.sourceId}>
                            {t(`actions.source.${a.sourceType}`)}
                          </Anchor>
                        ) : (
                          t(`actions.source.${a.sourceType}`)
                        )}
                      </Field>
                      <Field label={t('complaints.fields.department')}>{nameOf(departments.data?.items.find((d) => d.id === a.departmentId)) || '—'}</Field>
                      <Field label={t('complaints.fields.assignee')}>{userName(a.assigneeId, t('common.me')) ?? t('common.unassigned')}</Field>
                      <Field label={t('complaints.fields.received')}>
                        <When value={a.createdAt} hospitalId={a.hospitalId} />
                      </Field>
                    </SimpleGrid>
                    {a.description && (
                      <Field label={t('actions.fields.description')}>
                        <FreeText>{a.description}</FreeText>
                      </Field>
                    )}
                    {a.evidence && (
                      <Field label={t('actions.fields.evidence')}>
                        <FreeText>{a.evidence}</FreeText>
                      </Field>
                    )}
                    {a.cancelReason && (
                      <Field label={t('actions.fields.cancelReason')}>
                        <FreeText>{a.cancelReason}</FreeText>
                      </Field>
                    )}
                  </Stack>
                </Card>
              </Grid.Col>
              <Grid.Col span={{ base: 12, md: 5 }}>
                <Card withBorder>
                  <SimpleGrid cols={2}>
                    <Field label={t('actions.fields.due')}>
                      <When value={a.dueAt} hospitalId={a.hospitalId} />
                    </Field>
                    <Field label={t('complaints.fields.sla')}>
                      <SlaCountdown due={a.dueAt} met={isDone(a.status)} />
                    </Field>
                  </SimpleGrid>
                </Card>
                <Card withBorder mt="md">
                  <Title order={2} size="h4" mb="sm">
                    {t('complaints.timeline')}
                  </Title>
                  <CaseTimeline events={a.timeline} hospitalId={a.hospitalId} />
                </Card>
              </Grid.Col>
            </Grid>
          </Stack>
        );
      }}
    </QueryState>
  );
}
