/** The journey template builder: ordered stages with triggers, survey, send delay and required flag; saving writes a new version. */
import { useState } from 'react';
import { ActionIcon, Alert, Button, Card, Checkbox, Group, MultiSelect, NumberInput, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get, post, put, type Page } from '../../api';
import { ErrorAlert } from '../../components/common';
import { describeDuration } from '../../durations';
import { currentLanguage } from '../../i18n';
import { nameOf } from '../../reference';
import { blankStage, delayToIso, EVENT_CODES, isoToDelay, maxAmount, type DelayUnit, type Journey, type Stage } from './types';

interface SurveyTemplate {
  code: string;
  nameEn: string;
  nameAr: string;
}

function useSurveyTemplates() {
  return useQuery({ queryKey: ['survey-templates', 'active'], queryFn: () => get<Page<SurveyTemplate>>('/survey-templates', { limit: 100 }) });
}

function SendDelay({ value, onChange, label }: { value: string | null; onChange: (v: string | null) => void; label: string }) {
  const { t } = useTranslation();
  const initial = isoToDelay(value);
  const [amount, setAmount] = useState<number>(initial.amount);
  const [unit, setUnit] = useState<DelayUnit>(initial.unit);
  const update = (a: number, u: DelayUnit) => {
    setAmount(a);
    setUnit(u);
    onChange(delayToIso(Math.min(a, maxAmount(u)), u));
  };
  return (
    <Stack gap={2}>
      <Group gap="xs" align="flex-end">
        <NumberInput label={label} min={0} max={maxAmount(unit)} clampBehavior="strict" allowDecimal={false} value={amount} onChange={(v) => update(Number(v) || 0, unit)} w={120} />
        <Select
          label={t('journeys.builder.unit')}
          allowDeselect={false}
          data={(['minute', 'hour', 'day'] as const).map((u) => ({ value: u, label: t(`journeys.builder.units.${u}`) }))}
          value={unit}
          onChange={(v) => update(amount, (v as DelayUnit) ?? 'hour')}
          w={120}
        />
      </Group>
      <Text size="xs" c="dimmed" data-testid="send-delay-words">
        {value ? describeDuration(value, 'continuous', currentLanguage()) : t('journeys.builder.atOnce')} · {t('journeys.builder.delayLimit')}
      </Text>
    </Stack>
  );
}

function StageCard({ stage, index, count, onChange, onMove, onRemove, surveys }: {
  stage: Stage;
  index: number;
  count: number;
  onChange: (s: Stage) => void;
  onMove: (delta: number) => void;
  onRemove: () => void;
  surveys: SurveyTemplate[];
}) {
  const { t } = useTranslation();
  const n = index + 1;
  const set = <K extends keyof Stage>(key: K, value: Stage[K]) => onChange({ ...stage, [key]: value });
  return (
    <Card withBorder data-testid="builder-stage" aria-label={t('journeys.builder.stageN', { n })} component="fieldset">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5">{t('journeys.builder.stageN', { n })}</Title>
        <Group gap={4}>
          <Button size="compact-sm" variant="subtle" disabled={index === 0} onClick={() => onMove(-1)} aria-label={t('journeys.builder.moveUp', { n })}>↑</Button>
          <Button size="compact-sm" variant="subtle" disabled={index === count - 1} onClick={() => onMove(1)} aria-label={t('journeys.builder.moveDown', { n })}>↓</Button>
          <ActionIcon variant="subtle" color="red" disabled={count === 1} onClick={onRemove} aria-label={t('journeys.builder.remove', { n })}>✕</ActionIcon>
        </Group>
      </Group>
      <Group align="flex-start" grow>
        <TextInput label={t('journeys.builder.stageCode')} dir="ltr" required value={stage.code} onChange={(e) => set('code', e.currentTarget.value.toUpperCase())} />
        <TextInput label={t('journeys.builder.nameAr')} dir="auto" required value={stage.nameAr} onChange={(e) => set('nameAr', e.currentTarget.value)} />
        <TextInput label={t('journeys.builder.nameEn')} dir="auto" required value={stage.nameEn} onChange={(e) => set('nameEn', e.currentTarget.value)} />
      </Group>
      <Group align="flex-start" mt="sm" grow>
        <MultiSelect label={t('journeys.triggers')} required data={[...EVENT_CODES]} value={stage.triggerEvents} onChange={(v) => set('triggerEvents', v)} searchable />
        <Select
          label={t('journeys.survey')}
          clearable
          placeholder={t('journeys.builder.noSurvey')}
          data={surveys.map((s) => ({ value: s.code, label: nameOf(s) }))}
          value={stage.surveyTemplateCode}
          onChange={(v) => set('surveyTemplateCode', v)}
        />
      </Group>
      <Group align="flex-start" mt="sm">
        <SendDelay label={t('journeys.builder.sendDelay')} value={stage.sendDelay} onChange={(v) => set('sendDelay', v)} />
        <Stack gap="xs" pt="lg">
          <Checkbox label={t('journeys.required')} checked={stage.required} onChange={(e) => set('required', e.currentTarget.checked)} />
          <Checkbox label={t('journeys.builder.terminal')} checked={stage.terminal} onChange={(e) => set('terminal', e.currentTarget.checked)} />
        </Stack>
      </Group>
    </Card>
  );
}

const emptyJourney = (): Omit<Journey, 'id' | 'hospitalId' | 'version' | 'active' | 'createdAt'> => ({
  code: '',
  nameEn: '',
  nameAr: '',
  patientClasses: [],
  startEvents: [],
  inactivityTimeout: 'P2D',
  stages: [{ ...blankStage(1), terminal: true }],
});

/** Edits `journey` (saved as its next version) or, without one, creates a new journey. */
export function JourneyBuilder({ journey, onSaved, onCancel }: { journey?: Journey; onSaved: (saved: Journey) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const surveys = useSurveyTemplates();
  const [form, setForm] = useState(() => {
    const base = journey ?? emptyJourney();
    return { code: base.code, nameEn: base.nameEn, nameAr: base.nameAr, patientClasses: base.patientClasses, startEvents: base.startEvents, inactivityTimeout: base.inactivityTimeout, stages: (base.stages ?? []).map((s) => ({ code: s.code, nameEn: s.nameEn, nameAr: s.nameAr, triggerEvents: s.triggerEvents, required: s.required, terminal: s.terminal, surveyTemplateCode: s.surveyTemplateCode ?? null, sendDelay: s.sendDelay ?? null })) };
  });
  const [keys, setKeys] = useState(() => form.stages.map((_, i) => i));
  const [nextKey, setNextKey] = useState(form.stages.length);
  const save = useMutation({
    mutationFn: () => {
      const { code, ...rest } = form;
      return journey ? put<Journey>(`/journeys/${journey.id}`, rest) : post<Journey>('/journeys', { code, ...rest });
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ['journeys'] });
      void queryClient.invalidateQueries({ queryKey: ['journey-versions'] });
      onSaved(saved);
    },
  });
  const setStages = (stages: Stage[], order: number[]) => {
    setForm((f) => ({ ...f, stages }));
    setKeys(order);
  };
  const move = (i: number, delta: number) => {
    const stages = [...form.stages];
    const order = [...keys];
    [stages[i], stages[i + delta]] = [stages[i + delta], stages[i]];
    [order[i], order[i + delta]] = [order[i + delta], order[i]];
    setStages(stages, order);
  };
  return (
    <Card withBorder data-testid="journey-builder">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <Stack>
          <Title order={2} size="h4">
            {journey ? t('journeys.builder.editTitle', { code: journey.code, version: journey.version }) : t('journeys.builder.newTitle')}
          </Title>
          <Alert color="blue" variant="light" data-testid="applies-to-new">
            {t('journeys.builder.appliesNote')}
          </Alert>
          <Group align="flex-start" grow>
            <TextInput label={t('journeys.code')} dir="ltr" required disabled={!!journey} value={form.code} onChange={(e) => { const v = e.currentTarget.value.toUpperCase(); setForm((f) => ({ ...f, code: v })); }} />
            <TextInput label={t('journeys.builder.nameAr')} dir="auto" required value={form.nameAr} onChange={(e) => { const v = e.currentTarget.value; setForm((f) => ({ ...f, nameAr: v })); }} />
            <TextInput label={t('journeys.builder.nameEn')} dir="auto" required value={form.nameEn} onChange={(e) => { const v = e.currentTarget.value; setForm((f) => ({ ...f, nameEn: v })); }} />
          </Group>
          <Group align="flex-start" grow>
            <MultiSelect label={t('journeys.startEvents')} data={[...EVENT_CODES]} value={form.startEvents} onChange={(v) => setForm((f) => ({ ...f, startEvents: v }))} searchable />
            <TextInput label={t('journeys.builder.inactivity')} description={describeDuration(form.inactivityTimeout, 'continuous', currentLanguage())} dir="ltr" required value={form.inactivityTimeout} onChange={(e) => { const v = e.currentTarget.value.toUpperCase(); setForm((f) => ({ ...f, inactivityTimeout: v })); }} />
          </Group>
          <Title order={3} size="h5">{t('journeys.stages')}</Title>
          {form.stages.map((stage, i) => (
            <StageCard
              key={keys[i]}
              stage={stage}
              index={i}
              count={form.stages.length}
              surveys={surveys.data?.items ?? []}
              onChange={(s) => setStages(form.stages.map((x, j) => (j === i ? s : x)), keys)}
              onMove={(delta) => move(i, delta)}
              onRemove={() => setStages(form.stages.filter((_, j) => j !== i), keys.filter((_, j) => j !== i))}
            />
          ))}
          <Group>
            <Button
              variant="light"
              disabled={form.stages.length >= 50}
              onClick={() => {
                setStages([...form.stages, blankStage(form.stages.length + 1)], [...keys, nextKey]);
                setNextKey((k) => k + 1);
              }}
            >
              {t('journeys.builder.addStage')}
            </Button>
          </Group>
          {save.error && <ErrorAlert error={save.error} title={t('journeys.builder.notSaved')} />}
          <Group>
            <Button type="submit" loading={save.isPending}>
              {journey ? t('journeys.builder.saveVersion') : t('journeys.builder.create')}
            </Button>
            <Button variant="default" onClick={onCancel}>
              {t('journeys.builder.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
