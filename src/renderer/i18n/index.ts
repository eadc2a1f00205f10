// The one translation layer of the renderer: every user-visible string goes through i18next. The
// languages and resource files live in src/shared/i18n (the report writer reads them too); this
// module initialises i18next, picks the starting language and keeps <html lang dir> in step.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { LANGUAGES, directionOf, matchLanguage, resources, type UiLanguage } from '../../shared/i18n';

export { LANGUAGES, LANGUAGE_NAMES, RTL_LANGUAGES, directionOf, matchLanguage, resources, type UiLanguage } from '../../shared/i18n';

const STORAGE_KEY = 'kpiw.language';

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
    // zh-Hant / zh-Hans are whole codes: without this i18next would also try 'zh' and fail on it.
    load: 'currentOnly',
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  applyDocumentLanguage(language);
  i18n.on('languageChanged', applyDocumentLanguage);
  return i18n;
}
