import { useCallback } from 'react';
import { useDirection } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { hasSession, patch } from '../api';
import { directionOf, isLanguage, type Language } from '../i18n';

/** Switches the console's language and direction; when signed in, stores the choice on the user. */
export function useLanguageSwitch() {
  const { i18n } = useTranslation();
  const { setDirection } = useDirection();
  const language: Language = isLanguage(i18n.language) ? i18n.language : 'ar';
  const switchTo = useCallback(
    async (next: Language, options: { store?: boolean } = {}) => {
      setDirection(directionOf(next));
      await i18n.changeLanguage(next);
      const url = new URL(window.location.href);
      if (url.searchParams.has('lang')) {
        url.searchParams.delete('lang');
        window.history.replaceState(window.history.state, '', url);
      }
      if (options.store !== false && hasSession()) {
        try {
          await patch('/me', { language: next });
        } catch {
          // the switch still applies in this browser
        }
      }
    },
    [i18n, setDirection],
  );
  return { language, switchTo };
}
