/** Journeys: the templates encounters follow (stages, trigger events, surveys), and encounters with their live stages. */
import { useState } from 'react';
import { Anchor, Badge, Button, Card, Group, Pagination, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { get, type Page } from '../../api';
import { PageHeader, QueryState, StatusBadge, When } from '../../components/common';
import { formatNumber } from '../../dates';
import { describeDuration } from '../../durations';
import { currentLanguage } from '../../i18n';
import { nameOf } from '../../reference';
import { useMe } from '../../auth';
import { LEVEL } from '../../roles';
import { JourneyBuilder } from './JourneyBuilder';
import { JourneyVersions } from './JourneyVersions';
import type { Journey } from './types';

interface Encounter {
  id: string;
  hospitalId: string;
  visitNumber: string;
  journey: string | null;
  journeyVersion: number | null;
  status: string;
  patientClass: string | null;
  location: string | null;
  startedAt: string;
  lastEventAt: string | null;
  endedAt: string | null;
  stages?: { code: string; status: string; completedAt: string | null; eventCode: string | null }[];
}

function JourneyStages({ id }: { id: string }) {
  const { t } = useTranslation();
  const journey = useQuery({ queryKey: ['journey', id], queryFn: () => get<Journey>(`/journeys/${id}`) });
  return (
    <QueryState query={journey}>
      {() => (
        <Table data-testid="journey-stages">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>#</Table.Th>
              <Table.Th>{t('journeys.stage')}</Table.Th>
              <Table.Th>{t('journeys.triggers')}</Table.Th>
              <Table.Th>{t('journeys.survey')}</Table.Th>
              <Table.Th>{t('journeys.builder.sendDelay')}</Table.Th>
              <Table.Th>{t('journeys.required')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(journey.data!.stages ?? []).map((s, i) => (
              <Table.Tr key={s.code}>
                <Table.Td>{formatNumber(i + 1, currentLanguage())}</Table.Td>
                <Table.Td>{s.nameEn || s.nameAr ? nameOf({ nameEn: s.nameEn ?? s.code, nameAr: s.nameAr ?? s.code }) : s.code}</Table.Td>
                <Table.Td dir="ltr">{(s.triggerEvents ?? []).join(', ')}</Table.Td>
                <Table.Td>{s.surveyTemplateCode ? t(`surveys.templates.${s.surveyTemplateCode}`, { defaultValue: s.surveyTemplateCode }) : '—'}</Table.Td>
                <Table.Td>{s.sendDelay ? describeDuration(s.sendDelay, 'continuous', currentLanguage()) : '—'}</Table.Td>
                <Table.Td>{s.required ? t('common.yes') : t('common.no')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </QueryState>
  );
}

/** One journey: its stages and versions, and for those who may change it, the builder. */
function OpenJourney({ id, onSaved }: { id: string; onSaved: (saved: Journey) => void }) {
  const { t } = useTranslation();
  const canEdit = useMe().level >= LEVEL.HOSPITAL_ADMIN;
  const [editing, setEditing] = useState(false);
  const journey = useQuery({ queryKey: ['journey', id], queryFn: () => get<Journey>(`/journeys/${id}`) });
  return (
    <QueryState query={journey}>
      {() =>
        editing ? (
          <JourneyBuilder journey={journey.data!} onCancel={() => setEditing(false)} onSaved={(saved) => { setEditing(false); onSaved(saved); }} />
        ) : (
          <Card withBorder>
            <Group justify="space-between" mb="sm">
              <Title order={2} size="h4">
                {t('journeys.stages')}
              </Title>
              {canEdit && journey.data!.active && <Button variant="light" onClick={() => setEditing(true)}>{t('journeys.builder.edit')}</Button>}
            </Group>
            <JourneyStages id={id} />
            <Title order={2} size="h4" mt="md" mb="sm">
              {t('journeys.builder.versions')}
            </Title>
            <JourneyVersions journey={journey.data!} />
          </Card>
        )
      }
    </QueryState>
  );
}

function JourneyList() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const open = params.get('journey');
  const list = useQuery({ queryKey: ['journeys'], queryFn: () => get<Page<Journey>>('/journeys', { limit: 100 }) });
  const canEdit = useMe().level >= LEVEL.HOSPITAL_ADMIN;
  const [creating, setCreating] = useState(false);
  if (creating) return <JourneyBuilder onCancel={() => setCreating(false)} onSaved={(saved) => { setCreating(false); setParams({ journey: saved.id }); }} />;
  return (
    <QueryState query={list}>
      {() => (
        <Stack>
          {canEdit && (
            <Group>
              <Button onClick={() => setCreating(true)}>{t('journeys.builder.new')}</Button>
            </Group>
          )}
          <Table striped data-testid="journeys-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('journeys.name')}</Table.Th>
                <Table.Th>{t('journeys.code')}</Table.Th>
                <Table.Th>{t('journeys.version')}</Table.Th>
                <Table.Th>{t('journeys.startEvents')}</Table.Th>
                <Table.Th>{t('journeys.active')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data!.items.map((j) => (
                <Table.Tr key={j.id}>
                  <Table.Td>
                    <Anchor component="button" type="button" onClick={() => setParams({ journey: j.id })} aria-expanded={open === j.id}>
                      {nameOf(j)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td dir="ltr">{j.code}</Table.Td>
                  <Table.Td>{formatNumber(j.version, currentLanguage())}</Table.Td>
                  <Table.Td dir="ltr">{j.startEvents.join(', ')}</Table.Td>
                  <Table.Td>{j.active ? <Badge color="green" variant="light" autoContrast>{t('journeys.appliesToNew')}</Badge> : <Badge color="gray" variant="light" autoContrast>{t('journeys.inactive')}</Badge>}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {open && <OpenJourney id={open} onSaved={(saved) => setParams({ journey: saved.id })} />}
        </Stack>
      )}
    </QueryState>
  );
}

function EncounterDetail({ id }: { id: string }) {
  const { t } = useTranslation();
  const encounter = useQuery({ queryKey: ['encounter', id], queryFn: () => get<Encounter>(`/encounters/${id}`) });
  return (
    <QueryState query={encounter}>
      {() => (
        <Card withBorder data-testid="encounter-detail">
          <Title order={2} size="h4" mb="sm" dir="ltr">
            {encounter.data!.visitNumber}
          </Title>
          <Group gap="xs">
            {(encounter.data!.stages ?? []).map((s) => (
              <Badge key={s.code} color={s.status === 'completed' ? 'green' : 'gray'} variant={s.status === 'completed' ? 'filled' : 'outline'} autoContrast>
                {s.code} · {t(`journeys.stageStatus.${s.status}`, { defaultValue: s.status })}
              </Badge>
            ))}
          </Group>
        </Card>
      )}
    </QueryState>
  );
}

function EncounterList() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const open = params.get('encounter');
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const query = { limit: 25, offset: (page - 1) * 25 };
  const list = useQuery({ queryKey: ['encounters', query], queryFn: () => get<Page<Encounter>>('/encounters', query), placeholderData: (p) => p });
  return (
    <Stack>
      {open && <EncounterDetail id={open} />}
      <QueryState query={list}>
        {() => (
          <>
            <Table striped data-testid="encounters-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('journeys.visit')}</Table.Th>
                  <Table.Th>{t('journeys.journey')}</Table.Th>
                  <Table.Th>{t('journeys.status')}</Table.Th>
                  <Table.Th>{t('journeys.started')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data!.items.map((e) => (
                  <Table.Tr key={e.id}>
                    <Table.Td>
                      <Anchor component="button" type="button" dir="ltr" onClick={() => setParams({ tab: 'encounters', encounter: e.id })}>
                        {e.visitNumber}
                      </Anchor>
                    </Table.Td>
                    <Table.Td dir="ltr">{e.journey ?? '—'}</Table.Td>
                    <Table.Td>
                      <StatusBadge kind="encounter" value={e.status} />
                    </Table.Td>
                    <Table.Td>
                      <When value={e.startedAt} hospitalId={e.hospitalId} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {list.data!.items.length === 0 && <Text c="dimmed">{t('common.empty')}</Text>}
            <Pagination total={Math.max(1, Math.ceil(list.data!.total / 25))} value={page} onChange={(p) => setParams({ tab: 'encounters', page: String(p) })} getControlProps={(control) => ({ 'aria-label': t(`common.page.${control}`) })} />
          </>
        )}
      </QueryState>
    </Stack>
  );
}

export function JourneysPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'encounters' || params.has('encounter') ? 'encounters' : 'journeys';
  return (
    <Stack>
      <PageHeader title={t('journeys.title')} />
      <Tabs value={tab} onChange={(v) => setParams(v === 'encounters' ? { tab: v } : {})}>
        <Tabs.List>
          <Tabs.Tab value="journeys">{t('journeys.templates')}</Tabs.Tab>
          <Tabs.Tab value="encounters">{t('journeys.encounters')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="journeys" pt="md">
          <JourneyList />
        </Tabs.Panel>
        <Tabs.Panel value="encounters" pt="md">
          <EncounterList />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
