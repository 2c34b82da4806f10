/** i18next with the console's two catalogues; the language also sets `lang` and `dir` on <html>. */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { ar } from './locales/ar';
import { en } from './locales/en';

export type Language = 'ar' | 'en';
export const LANGUAGES: Language[] = ['ar', 'en'];
const STORAGE_KEY = 'px360.console.language';

export const isLanguage = (value: unknown): value is Language => value === 'ar' || value === 'en';

/** ?lang= first, then what this browser last chose, then Arabic. */
export function initialLanguage(): Language {
  const fromUrl = new URLSearchParams(window.location.search).get('lang');
  if (isLanguage(fromUrl)) return fromUrl;
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    // storage unavailable
  }
  return 'ar';
}

export const languageFromUrl = (): Language | null => {
  const value = new URLSearchParams(window.location.search).get('lang');
  return isLanguage(value) ? value : null;
};

export const directionOf = (language: Language) => (language === 'ar' ? 'rtl' : 'ltr');

function applyToDocument(language: Language): void {
  document.documentElement.lang = language;
  document.documentElement.dir = directionOf(language);
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // storage unavailable
  }
}

export function setupI18n(language: Language) {
  applyToDocument(language);
  i18n.on('languageChanged', (lng) => {
    if (isLanguage(lng)) applyToDocument(lng);
  });
  return i18n.use(initReactI18next).init({
    resources: { ar: { translation: ar }, en: { translation: en } },
    lng: language,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
}

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : 'ar';
}

export { i18n };

