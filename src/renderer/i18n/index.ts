// The one translation layer of the renderer: every user-visible string goes through i18next. The
// languages and resource files live in src/shared/i18n (the report writer reads them too); this
// module initialises i18next, picks the starting language and keeps <html lang dir> in step.
import i18n from 'i18next';
import { useSyncExternalStore } from 'react';
import { initReactI18next, useTranslation } from 'react-i18next';
import { pseudoRequested, pseudoResources } from './pseudo';
import { LANGUAGES, directionOf, localeTag, matchLanguage, resources, type DigitsChoice, type UiLanguage } from '../../shared/i18n';

export { ALTERNATE_DIGITS, LANGUAGES, LANGUAGE_NAMES, RTL_LANGUAGES, directionOf, matchLanguage, resources, type DigitsChoice, type UiLanguage } from '../../shared/i18n';

const STORAGE_KEY = 'kpiw.language';
const DIGITS_KEY = 'kpiw.digits';

// The digits choice: one value for the whole window, remembered like the language.
let digits: DigitsChoice = readDigits();
const digitListeners = new Set<() => void>();

function readDigits(): DigitsChoice {
  try {
    const v = globalThis.localStorage?.getItem(DIGITS_KEY);
    return v === 'latin' || v === 'native' ? v : 'auto';
  } catch { return 'auto'; }
}

export function currentDigits(): DigitsChoice { return digits; }

/** Switches the digits numbers and dates are shown with, and remembers the choice. */
export function setDigits(choice: DigitsChoice): void {
  digits = choice;
  try { globalThis.localStorage?.setItem(DIGITS_KEY, choice); } catch { /* not remembered */ }
  for (const l of digitListeners) l();
}

export function useDigits(): DigitsChoice {
  return useSyncExternalStore((l) => { digitListeners.add(l); return () => digitListeners.delete(l); }, currentDigits, currentDigits);
}

/** The locale tag for Intl in the UI language and the digits chosen (fa-u-nu-latn …). */
export function useLocaleTag(): string {
  const { i18n: instance } = useTranslation();
  const choice = useDigits();
  return localeTag(instance.language, choice);
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

export function initI18n(language: string = pseudoRequested() ? 'en' : initialLanguage()): typeof i18n {
  // ?pseudo: English replaced by the pseudo-locale (strings outside the resource files stand out).
  const pseudo = pseudoRequested();
  void i18n.use(initReactI18next).init({
    resources: pseudo ? { ...resources, en: { translation: pseudoResources(resources.en.translation as never) } } : resources,
    lng: language,
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    // zh-Hant / zh-Hans are whole codes: without this i18next would also try 'zh' and fail on it.
    load: 'currentOnly',
    // React escapes HTML, so the "escape" hook only gives numbers put into a sentence ("11 of 90
    // days") the UI's digits, like every number formatted by Intl; names and texts stay as written.
    interpolation: {
      escapeValue: true,
      useRawValueToEscape: true,
      escape: (value: unknown) => (typeof value === 'number' && Number.isFinite(value)
        ? new Intl.NumberFormat(localeTag(i18n.language ?? 'en', digits), { useGrouping: false, maximumFractionDigits: 20 }).format(value)
        : String(value)),
    },
    returnNull: false,
  });
  applyDocumentLanguage(language);
  i18n.on('languageChanged', applyDocumentLanguage);
  return i18n;
}
