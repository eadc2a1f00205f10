// The one translation layer: every user-visible string goes through i18next. English ships now;
// Persian, Thai and Chinese are added as resource files next to en.json (and RTL_LANGUAGES).
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';

/** Languages written right to left: the layout uses logical CSS properties and flips with dir. */
export const RTL_LANGUAGES: ReadonlySet<string> = new Set(['fa', 'ar', 'he', 'ur']);

export function directionOf(language: string): 'rtl' | 'ltr' {
  return RTL_LANGUAGES.has(language.split('-')[0]!) ? 'rtl' : 'ltr';
}

export const resources = { en: { translation: en } } as const;

function applyDocumentLanguage(language: string): void {
  if (typeof document === 'undefined') return;
  document.documentElement.lang = language;
  document.documentElement.dir = directionOf(language);
}

export function initI18n(language = 'en'): typeof i18n {
  void i18n.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'en',
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  applyDocumentLanguage(language);
  i18n.on('languageChanged', applyDocumentLanguage);
  return i18n;
}
