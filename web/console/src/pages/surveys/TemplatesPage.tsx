/** Survey templates: the list, and an editor with a live side-by-side Arabic and English preview of the patient page. */
import { useEffect, useState } from 'react';
import { ActionIcon, Alert, Anchor, Badge, Button, Card, Checkbox, Divider, Grid, Group, NumberInput, Paper, Radio, Select, SimpleGrid, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { get, put, type Page } from '../../api';
import { useMe } from '../../auth';
import { ErrorAlert, PageHeader, QueryState } from '../../components/common';
import { formatNumber } from '../../dates';
import { currentLanguage } from '../../i18n';
import { nameOf } from '../../reference';
import { LEVEL } from '../../roles';

const QUESTION_TYPES = ['rating', 'nps', 'likert', 'yes_no', 'single_choice', 'multiple_choice', 'free_text'] as const;
const SCORING_METHODS = ['average', 'weighted', 'nps'] as const;

interface Option {
  code: string;
  labelEn: string;
  labelAr: string;
  score?: number;
}

interface Question {
  code: string;
  type: (typeof QUESTION_TYPES)[number];
  textEn: string;
  textAr: string;
  required: boolean;
  critical: boolean;
  weight: number;
  options?: Option[];
}

interface Template {
  id: string;
  hospitalId: string | null;
  code: string;
  version: number;
  nameEn: string;
  nameAr: string;
  scoringMethod: (typeof SCORING_METHODS)[number];
  negativeThreshold: number;
  multiplePerEncounter: boolean;
  active: boolean;
  questions?: (Question & { position: number })[];
}

type Draft = Pick<Template, 'nameEn' | 'nameAr' | 'scoringMethod' | 'negativeThreshold' | 'multiplePerEncounter'> & { questions: Question[] };

const isChoice = (type: string) => type === 'single_choice' || type === 'multiple_choice';

export function TemplatesPage() {
  const { t } = useTranslation();
  const list = useQuery({ queryKey: ['survey-templates'], queryFn: () => get<Page<Template>>('/survey-templates', { limit: 100 }) });
  return (
    <Stack>
      <PageHeader title={t('templates.title')}>
        <Button component={Link} to="/surveys" variant="default">
          {t('surveys.title')}
        </Button>
      </PageHeader>
      <QueryState query={list}>
        {() => (
          <Table striped data-testid="templates-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('templates.name')}</Table.Th>
                <Table.Th>{t('journeys.code')}</Table.Th>
                <Table.Th>{t('journeys.version')}</Table.Th>
                <Table.Th>{t('templates.scoring')}</Table.Th>
                <Table.Th>{t('templates.threshold')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data!.items.map((template) => (
                <Table.Tr key={template.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/surveys/templates/${template.id}`}>
                      {nameOf(template)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td dir="ltr">{template.code}</Table.Td>
                  <Table.Td>{formatNumber(template.version, currentLanguage())}</Table.Td>
                  <Table.Td>{t(`templates.methods.${template.scoringMethod}`)}</Table.Td>
                  <Table.Td>{formatNumber(template.negativeThreshold, currentLanguage())}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </QueryState>
    </Stack>
  );
}

/** What the patient page shows for one question, in one language (a preview: nothing is sent). */
function PreviewQuestion({ question, language, index }: { question: Question; language: 'ar' | 'en'; index: number }) {
  const { t } = useTranslation();
  const text = language === 'ar' ? question.textAr : question.textEn;
  const scale = (values: string[]) => (
    <Group gap={4} wrap="wrap">
      {values.map((v) => (
        <Badge key={v} variant="outline" color="gray" size="lg" radius="sm" tt="none">
          {v}
        </Badge>
      ))}
    </Group>
  );
  const digits = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => formatNumber(from + i, language));
  let answer;
  switch (question.type) {
    case 'rating':
      answer = scale(digits(1, 5));
      break;
    case 'nps':
      answer = scale(digits(0, 10));
      break;
    case 'likert':
      answer = scale(['1', '2', '3', '4', '5'].map((n) => t(`templates.likert.${n}`, { lng: language })));
      break;
    case 'yes_no':
      answer = scale([t('common.yes', { lng: language }), t('common.no', { lng: language })]);
      break;
    case 'free_text':
      answer = <Paper withBorder h={48} />;
      break;
    default:
      answer = scale((question.options ?? []).map((o) => (language === 'ar' ? o.labelAr : o.labelEn) || o.code));
  }
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        {formatNumber(index + 1, language)}. {text || '…'}
        {question.required ? ' *' : ''}
      </Text>
      {answer}
    </Stack>
  );
}

function Preview({ draft, language }: { draft: Draft; language: 'ar' | 'en' }) {
  return (
    <Paper withBorder p="md" dir={language === 'ar' ? 'rtl' : 'ltr'} lang={language} data-testid={`preview-${language}`} bg="gray.0">
      <Stack gap="sm">
        <Title order={3} size="h4">
          {language === 'ar' ? draft.nameAr : draft.nameEn}
        </Title>
        {draft.questions.map((q, i) => (
          <PreviewQuestion key={i} question={q} language={language} index={i} />
        ))}
      </Stack>
    </Paper>
  );
}

function toDraft(template: Template): Draft {
  return {
    nameEn: template.nameEn,
    nameAr: template.nameAr,
    scoringMethod: template.scoringMethod,
    negativeThreshold: template.negativeThreshold,
    multiplePerEncounter: template.multiplePerEncounter,
    questions: (template.questions ?? []).map(({ code, type, textEn, textAr, required, critical, weight, options }) => ({ code, type, textEn, textAr, required, critical, weight, ...(isChoice(type) ? { options: (options ?? []).map((o) => ({ code: o.code, labelEn: o.labelEn, labelAr: o.labelAr, ...(typeof o.score === 'number' ? { score: o.score } : {}) })) } : {}) })),
  };
}

function QuestionEditor({ question, index, count, change, move, remove, readOnly }: { question: Question; index: number; count: number; change: (q: Question) => void; move: (by: number) => void; remove: () => void; readOnly: boolean }) {
  const { t } = useTranslation();
  const n = formatNumber(index + 1, currentLanguage());
  return (
    <Card withBorder padding="sm" data-testid="question-editor">
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={600}>{t('templates.question', { n })}</Text>
          {!readOnly && (
            <Group gap={4}>
              <ActionIcon variant="subtle" disabled={index === 0} onClick={() => move(-1)} aria-label={t('templates.moveUp', { n })}>
                ↑
              </ActionIcon>
              <ActionIcon variant="subtle" disabled={index === count - 1} onClick={() => move(1)} aria-label={t('templates.moveDown', { n })}>
                ↓
              </ActionIcon>
              <Button size="compact-xs" variant="subtle" color="red" onClick={remove}>
                {t('templates.remove')}
              </Button>
            </Group>
          )}
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput label={t('templates.code')} dir="ltr" value={question.code} readOnly={readOnly} onChange={(e) => change({ ...question, code: e.currentTarget.value })} />
          <Select
            label={t('templates.type')}
            allowDeselect={false}
            readOnly={readOnly}
            data={QUESTION_TYPES.map((type) => ({ value: type, label: t(`templates.types.${type}`) }))}
            value={question.type}
            onChange={(v) => {
              const type = (v ?? 'rating') as Question['type'];
              change({ ...question, type, ...(isChoice(type) ? { options: question.options?.length ? question.options : [{ code: 'a', labelEn: 'A', labelAr: 'أ' }, { code: 'b', labelEn: 'B', labelAr: 'ب' }] } : { options: undefined }) });
            }}
          />
          <NumberInput label={t('templates.weight')} min={0} step={0.5} readOnly={readOnly} value={question.weight} onChange={(v) => change({ ...question, weight: Number(v) || 0 })} />
        </SimpleGrid>
        <Textarea label={t('templates.textAr')} dir="rtl" lang="ar" autosize readOnly={readOnly} value={question.textAr} onChange={(e) => change({ ...question, textAr: e.currentTarget.value })} />
        <Textarea label={t('templates.textEn')} dir="ltr" lang="en" autosize readOnly={readOnly} value={question.textEn} onChange={(e) => change({ ...question, textEn: e.currentTarget.value })} />
        <Group>
          <Checkbox label={t('templates.required')} disabled={readOnly} checked={question.required} onChange={(e) => change({ ...question, required: e.currentTarget.checked })} />
          <Checkbox label={t('templates.critical')} disabled={readOnly || question.type === 'free_text'} checked={question.critical} onChange={(e) => change({ ...question, critical: e.currentTarget.checked })} />
        </Group>
        {isChoice(question.type) && (
          <Stack gap={4}>
            {(question.options ?? []).map((option, i) => (
              <Group key={i} gap="xs" align="flex-end" wrap="nowrap">
                <TextInput label={t('templates.code')} dir="ltr" w={90} readOnly={readOnly} value={option.code} onChange={(e) => change({ ...question, options: question.options!.map((o, j) => (j === i ? { ...o, code: e.currentTarget.value } : o)) })} />
                <TextInput label={t('templates.labelAr')} dir="rtl" readOnly={readOnly} value={option.labelAr} onChange={(e) => change({ ...question, options: question.options!.map((o, j) => (j === i ? { ...o, labelAr: e.currentTarget.value } : o)) })} />
                <TextInput label={t('templates.labelEn')} dir="ltr" readOnly={readOnly} value={option.labelEn} onChange={(e) => change({ ...question, options: question.options!.map((o, j) => (j === i ? { ...o, labelEn: e.currentTarget.value } : o)) })} />
                {!readOnly && (
                  <Button size="compact-sm" variant="subtle" color="red" onClick={() => change({ ...question, options: question.options!.filter((_, j) => j !== i) })}>
                    {t('templates.remove')}
                  </Button>
                )}
              </Group>
            ))}
            {!readOnly && (
              <Button size="compact-sm" variant="light" w="fit-content" onClick={() => change({ ...question, options: [...(question.options ?? []), { code: `o${(question.options?.length ?? 0) + 1}`, labelEn: '', labelAr: '' }] })}>
                {t('templates.addOption')}
              </Button>
            )}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}

export function TemplatePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const template = useQuery({ queryKey: ['survey-template', id], queryFn: () => get<Template>(`/survey-templates/${id}`) });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [saved, setSaved] = useState<number | null>(null);
  useEffect(() => {
    if (template.data) setDraft(toDraft(template.data));
  }, [template.data]);
  const readOnly = me.level < LEVEL.HOSPITAL_ADMIN || (template.data?.hospitalId === null && me.level < LEVEL.PX_ADMIN);
  const save = useMutation({
    mutationFn: () => put<Template>(`/survey-templates/${id}`, draft),
    onSuccess: (next) => {
      // The new version is shown at once: its id is seeded into the cache before the page moves to it.
      queryClient.setQueryData(['survey-template', next.id], next);
      setSaved(next.version);
      void queryClient.invalidateQueries({ queryKey: ['survey-templates'] });
      navigate(`/surveys/templates/${next.id}`, { replace: true });
    },
  });
  const setQuestion = (i: number, q: Question) => setDraft((d) => d && { ...d, questions: d.questions.map((x, j) => (j === i ? q : x)) });
  const move = (i: number, by: number) =>
    setDraft((d) => {
      if (!d) return d;
      const questions = [...d.questions];
      const [q] = questions.splice(i, 1);
      questions.splice(i + by, 0, q);
      return { ...d, questions };
    });
  return (
    <QueryState query={template}>
      {() =>
        !draft ? null : (
          <Stack>
            <PageHeader
              title={
                <Group gap="sm">
                  <span>{nameOf(template.data!)}</span>
                  <Badge variant="light" color="gray" data-testid="template-version">
                    {t('templates.versionN', { n: formatNumber(template.data!.version, currentLanguage()) })}
                  </Badge>
                </Group>
              }
            >
              {!readOnly && (
                <Button loading={save.isPending} onClick={() => save.mutate()}>
                  {t('templates.save')}
                </Button>
              )}
            </PageHeader>
            {/* Shown once the page shows the saved version, so the notice and the badge never disagree. */}
            {saved !== null && saved === template.data!.version && (
              <Alert color="green" role="status">
                {t('templates.saved', { n: formatNumber(saved, currentLanguage()) })}
              </Alert>
            )}
            {save.error && <ErrorAlert error={save.error} />}
            {readOnly && <Text c="dimmed">{t('templates.readOnly')}</Text>}
            <Grid>
              <Grid.Col span={{ base: 12, lg: 6 }}>
                <Stack>
                  <SimpleGrid cols={{ base: 1, sm: 2 }}>
                    <TextInput label={t('templates.nameAr')} dir="rtl" readOnly={readOnly} value={draft.nameAr} onChange={(e) => { const v = e.currentTarget.value; setDraft((d) => d && { ...d, nameAr: v }); }} />
                    <TextInput label={t('templates.nameEn')} dir="ltr" readOnly={readOnly} value={draft.nameEn} onChange={(e) => { const v = e.currentTarget.value; setDraft((d) => d && { ...d, nameEn: v }); }} />
                  </SimpleGrid>
                  <Group align="flex-end">
                    <Radio.Group label={t('templates.scoring')} value={draft.scoringMethod} onChange={(v) => setDraft((d) => d && { ...d, scoringMethod: v as Draft['scoringMethod'] })}>
                      <Group mt={4}>
                        {SCORING_METHODS.map((m) => (
                          <Radio key={m} value={m} label={t(`templates.methods.${m}`)} disabled={readOnly} />
                        ))}
                      </Group>
                    </Radio.Group>
                    <NumberInput label={t('templates.threshold')} min={0} max={100} w={140} readOnly={readOnly} value={draft.negativeThreshold} onChange={(v) => setDraft((d) => d && { ...d, negativeThreshold: Number(v) || 0 })} />
                  </Group>
                  <Divider />
                  {draft.questions.map((q, i) => (
                    <QuestionEditor key={i} question={q} index={i} count={draft.questions.length} change={(next) => setQuestion(i, next)} move={(by) => move(i, by)} remove={() => setDraft((d) => d && { ...d, questions: d.questions.filter((_, j) => j !== i) })} readOnly={readOnly} />
                  ))}
                  {!readOnly && (
                    <Button variant="light" onClick={() => setDraft((d) => d && { ...d, questions: [...d.questions, { code: `q${d.questions.length + 1}`, type: 'rating', textEn: '', textAr: '', required: true, critical: false, weight: 1 }] })}>
                      {t('templates.addQuestion')}
                    </Button>
                  )}
                </Stack>
              </Grid.Col>
              <Grid.Col span={{ base: 12, lg: 6 }}>
                <Stack style={{ position: 'sticky', top: 70 }}>
                  <Title order={2} size="h4">
                    {t('templates.preview')}
                  </Title>
                  <SimpleGrid cols={2}>
                    <Preview draft={draft} language="ar" />
                    <Preview draft={draft} language="en" />
                  </SimpleGrid>
                </Stack>
              </Grid.Col>
            </Grid>
          </Stack>
        )
      }
    </QueryState>
  );
}
