// The one translation layer: every user-visible string goes through i18next. Five UI languages ship
// as resource files next to this module; metric, parameter, variant, dataset and field names are
// keyed by their catalog ids (metric.<id>, param.<id>.label, variant.<id>, …) with the catalog's
// English as the fallback. Plurals use i18next's Intl.PluralRules categories (_one, _other, …).
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import fa from './fa.json';

/** The UI languages, in the order the language menu lists them. */
export const LANGUAGES = ['en', 'fa'] as const;
export type UiLanguage = (typeof LANGUAGES)[number];

/** Each language's name in itself (the language menu shows these, never translated). */
export const LANGUAGE_NAMES: Readonly<Record<UiLanguage, string>> = {
  en: 'English',
  fa: 'فارسی',
};

/** Languages written right to left: the layout uses logical CSS properties and flips with dir. */
export const RTL_LANGUAGES: ReadonlySet<string> = new Set(['fa', 'ar', 'he', 'ur']);

export function directionOf(language: string): 'rtl' | 'ltr' {
  return RTL_LANGUAGES.has(language.split('-')[0]!) ? 'rtl' : 'ltr';
}

export const resources = {
  en: { translation: en },
  fa: { translation: fa },
} as const;

const STORAGE_KEY = 'kpiw.language';

/** Maps a BCP 47 tag (fa-IR, th-TH, zh-TW, zh-HK, zh-CN, zh-Hans-SG, en-US…) to a UI language. */
export function matchLanguage(tag: string | null | undefined): UiLanguage | null {
  if (!tag) return null;
  const lower = tag.toLowerCase().replace(/_/g, '-');
  const [base] = lower.split('-');
  if (base === 'fa' || base === 'prs') return 'fa';
  if (base === 'en') return 'en';
  return null;
}

/** The remembered choice, else the first browser/OS locale we speak, else English. */
export function initialLanguage(): UiLanguage {
  try {
    const saved = matchLanguage(globalThis.localStorage?.getItem(STORAGE_KEY));
    if (saved) return saved;
  } catch { /* storage unavailable: fall through to the locale */ }
  const nav = typeof navigator === 'undefined' ? undefined : navigator;
  for (const tag of nav?.languages ?? (nav?.language ? [nav.language] : [])) {
    const match = matchLanguage(tag);
    if (match) return match;
  }
  return 'en';
}

/** Switches the UI language and remembers the choice. */
export function setLanguage(language: UiLanguage): void {
  try { globalThis.localStorage?.setItem(STORAGE_KEY, language); } catch { /* not remembered */ }
  void i18n.changeLanguage(language);
}

function applyDocumentLanguage(language: string): void {
  if (typeof document === 'undefined') return;
  document.documentElement.lang = language;
  document.documentElement.dir = directionOf(language);
}

export function initI18n(language: string = initialLanguage()): typeof i18n {
  void i18n.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  applyDocumentLanguage(language);
  i18n.on('languageChanged', applyDocumentLanguage);
  return i18n;
}
