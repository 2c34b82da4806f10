/** Sign in: lockout and throttling explained in the reader's language. */
import { useState, type FormEvent } from 'react';
import { Alert, Button, Center, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';
import { useAuth } from '../auth';
import { formatMoment, formatSpan } from '../dates';
import { currentLanguage } from '../i18n';
import { useLanguageSwitch } from '../components/useLanguage';

const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})/;

export function SignInPage() {
  const { t } = useTranslation();
  const { signIn, signedOutBecause } = useAuth();
  const { language, switchTo } = useLanguageSwitch();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const explain = (error: unknown): string => {
    if (!(error instanceof ApiError)) return t('signIn.offline');
    if (error.status === 401) return t('signIn.invalid');
    if (error.status === 423) {
      const until = error.message.match(ISO_TIME)?.[0];
      if (!until) return t('signIn.lockedNoTime');
      const { gregorian } = formatMoment(until, currentLanguage(), Intl.DateTimeFormat().resolvedOptions().timeZone);
      return t('signIn.locked', { until: gregorian });
    }
    if (error.status === 429) return t('signIn.throttled', { wait: formatSpan(Math.max(60_000, (error.retryAfterSeconds ?? 60) * 1000), currentLanguage()) });
    if (error.status === 400) return t('signIn.incomplete');
    return t('signIn.unavailable');
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      await signIn(email.trim(), password);
    } catch (error) {
      setProblem(explain(error));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  const other = language === 'ar' ? 'en' : 'ar';
  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" w={400} maw="100%">
        <form onSubmit={submit} noValidate={false}>
          <Stack>
            <Group justify="space-between">
              <Title order={1} size="h2">
                {t('signIn.title')}
              </Title>
              <Button variant="default" size="compact-sm" lang={other} onClick={() => void switchTo(other)}>
                {t('language.switchTo')}
              </Button>
            </Group>
            <Text size="sm" c="dimmed">
              {t('signIn.subtitle')}
            </Text>
            {signedOutBecause === 'idle' && (
              <Alert color="blue" title={t('signIn.idleTitle')}>
                {t('signIn.idle')}
              </Alert>
            )}
            {signedOutBecause === 'expired' && <Alert color="blue">{t('signIn.expired')}</Alert>}
            {problem && (
              <Alert color="red" role="alert" data-testid="sign-in-error">
                {problem}
              </Alert>
            )}
            <TextInput type="email" label={t('signIn.email')} autoComplete="username" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} dir="ltr" />
            <PasswordInput
              label={t('signIn.password')}
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              visibilityToggleButtonProps={{ 'aria-label': t('signIn.showPassword') }}
            />
            <Button type="submit" loading={busy} fullWidth>
              {t('signIn.submit')}
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
