/** The signed-in user's account: language stored on the user, and a password change. */
import { useState, type FormEvent } from 'react';
import { Alert, Button, Paper, PasswordInput, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError, post } from '../api';
import { useMe } from '../auth';
import { PageHeader } from '../components/common';
import { useLanguageSwitch } from '../components/useLanguage';
import type { Language } from '../i18n';

/** The API's reasons a password is refused, by how they begin; what follows (the estimator's advice) is English only. */
const PROBLEMS: [RegExp, string][] = [
  [/^is not your current password/, 'account.problems.wrongCurrent'],
  [/^must differ from the current password/, 'account.problems.sameAsCurrent'],
  [/^must be at least (\d+) characters/, 'account.problems.tooShort'],
  [/^must not be only spaces/, 'account.problems.onlySpaces'],
  [/^is too easy to guess: it is made of your own/, 'account.problems.personal'],
  [/^is too easy to guess/, 'account.problems.weak'],
  [/^is required/, 'account.problems.required'],
];

export function AccountPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { language, switchTo } = useLanguageSwitch();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const problemText = (message: string) => {
    const known = PROBLEMS.find(([pattern]) => pattern.test(message));
    if (!known) return message;
    const min = /at least (\d+)/.exec(message)?.[1] ?? '';
    return t(known[1], { min });
  };

  const change = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setResult(null);
    try {
      await post('/me/password', { currentPassword, newPassword });
      setResult({ ok: true, text: t('account.passwordChanged') });
      setCurrent('');
      setNew('');
    } catch (error) {
      const field = error instanceof ApiError ? error.fields?.[0] : undefined;
      setResult({ ok: false, text: field ? t('account.fieldProblem', { field: t(`account.${field.field}`, { defaultValue: field.field }), message: problemText(field.message) }) : (error as Error).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack maw={520}>
      <PageHeader title={t('account.title')} />
      <Text dir="auto">
        {me.fullName} · <span dir="ltr">{me.email}</span> · {t(`roles.${me.role}`, { defaultValue: me.role })}
      </Text>
      <Paper withBorder p="md">
        <Stack>
          <Title order={2} size="h4" id="language-heading">
            {t('account.language')}
          </Title>
          <SegmentedControl
            aria-labelledby="language-heading"
            value={language}
            onChange={(value) => void switchTo(value as Language)}
            data={[
              { value: 'ar', label: 'العربية' },
              { value: 'en', label: 'English' },
            ]}
          />
        </Stack>
      </Paper>
      <Paper withBorder p="md" component="form" onSubmit={change}>
        <Stack>
          <Title order={2} size="h4">
            {t('account.changePassword')}
          </Title>
          {result && (
            <Alert color={result.ok ? 'green' : 'red'} role="status">
              {result.text}
            </Alert>
          )}
          <PasswordInput label={t('account.currentPassword')} autoComplete="current-password" required value={currentPassword} onChange={(e) => setCurrent(e.currentTarget.value)} visibilityToggleButtonProps={{ 'aria-label': t('signIn.showPassword') }} />
          <PasswordInput label={t('account.newPassword')} autoComplete="new-password" required value={newPassword} onChange={(e) => setNew(e.currentTarget.value)} visibilityToggleButtonProps={{ 'aria-label': t('signIn.showPassword') }} />
          <Button type="submit" loading={busy}>
            {t('account.changePassword')}
          </Button>
        </Stack>
      </Paper>
    </Stack>
  );
}
