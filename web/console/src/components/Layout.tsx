/** The one AppShell: header with the language switch and the user's menu, navigation by role. */
import { useEffect, useRef } from 'react';
import { AppShell, Burger, Button, Group, Menu, NavLink, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { useAuth, useMe } from '../auth';
import { SCREENS, canUse, type Screen } from '../roles';
import { languageFromUrl } from '../i18n';
import { useLanguageSwitch } from './useLanguage';

const SCREEN_PATH: Record<Screen, string> = {
  analytics: '/analytics',
  complaints: '/complaints',
  actions: '/actions',
  surveys: '/surveys',
  journeys: '/journeys',
  patients: '/patients',
  integration: '/integration/messages',
  administration: '/admin/hospitals',
  audit: '/audit',
};

const SCREEN_ROOT: Record<Screen, string> = { ...SCREEN_PATH, integration: '/integration', administration: '/admin' };

export function Layout() {
  const { t } = useTranslation();
  const me = useMe();
  const { signOut } = useAuth();
  const location = useLocation();
  const [opened, { toggle, close }] = useDisclosure();
  const { language, switchTo } = useLanguageSwitch();
  const adopted = useRef(false);

  // The user's stored language applies once after sign-in, unless the link named one (?lang=).
  useEffect(() => {
    if (adopted.current) return;
    adopted.current = true;
    if (!languageFromUrl() && me.language !== language) void switchTo(me.language, { store: false });
  }, [me.language, language, switchTo]);

  useEffect(close, [location.pathname, close]);

  const other = language === 'ar' ? 'en' : 'ar';
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.toggle')} />
            <UnstyledButton component={Link} to="/">
              <Text fw={700} size="lg" c="teal.9">
                PX360
              </Text>
            </UnstyledButton>
            <Button component={Link} to="/" variant="subtle" size="compact-sm" visibleFrom="xs">
              {t('nav.myWork')}
            </Button>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Button variant="default" size="compact-sm" lang={other} onClick={() => void switchTo(other)}>
              {t('language.switchTo')}
            </Button>
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button variant="subtle" size="compact-sm">
                  <span dir="auto">{me.fullName}</span>
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{t(`roles.${me.role}`, { defaultValue: me.role })}</Menu.Label>
                <Menu.Item component={Link} to="/account">
                  {t('account.title')}
                </Menu.Item>
                <Menu.Item color="red" onClick={() => void signOut('user')}>
                  {t('account.signOut')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('nav.label')}>
        {SCREENS.filter((screen) => canUse(me.level, screen)).map((screen) => (
          <NavLink
            key={screen}
            component={Link}
            to={SCREEN_PATH[screen]}
            label={t(`nav.${screen}`)}
            active={location.pathname === SCREEN_ROOT[screen] || location.pathname.startsWith(`${SCREEN_ROOT[screen]}/`)}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
