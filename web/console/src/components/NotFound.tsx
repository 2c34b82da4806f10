import { Button, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** What a URL outside the caller's scope, or one that names nothing, shows: never another hospital's data. */
export function NotFound() {
  const { t } = useTranslation();
  return (
    <Stack align="flex-start" py="xl" data-testid="not-found">
      <Title order={1}>{t('notFound.title')}</Title>
      <Text>{t('notFound.body')}</Text>
      <Button component={Link} to="/">
        {t('notFound.home')}
      </Button>
    </Stack>
  );
}
