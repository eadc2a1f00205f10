// The UI and report languages and their resource files, in src/shared so that the renderer (i18next)
// and the engine's report writer read the same strings: one copy of every translation.
// Metric, parameter, variant, dataset and field names are keyed by their catalog ids
// (metric.<id>, param.<id>.label, variant.<id>, …). Plural keys carry the Intl.PluralRules
// categories of their language: en/fa have _one and _other, th and zh only _other.
import en from './en.json';
import fa from './fa.json';
import th from './th.json';
import zhHant from './zh-Hant.json';
import zhHans from './zh-Hans.json';

/** The UI languages, in the order the language menu lists them. */
export const LANGUAGES = ['en', 'fa', 'th', 'zh-Hant', 'zh-Hans'] as const;
export type UiLanguage = (typeof LANGUAGES)[number];

/** Each language's name in itself (the language menu shows these, never translated). */
export const LANGUAGE_NAMES: Readonly<Record<UiLanguage, string>> = {
  en: 'English',
  fa: 'فارسی',
  th: 'ไทย',
  'zh-Hant': '繁體中文',
  'zh-Hans': '简体中文',
};

/** Languages written right to left: the layout uses logical CSS properties and flips with dir. */
export const RTL_LANGUAGES: ReadonlySet<string> = new Set(['fa', 'ar', 'he', 'ur']);

/**
 * Digits: the language's own default (Persian ۱۲۳ in fa, Latin in th and zh), Latin 0–9, or the
 * language's native digits (Thai ๑๒๓). Persian users often hand Latin digits to clients abroad.
 */
export type DigitsChoice = 'auto' | 'latin' | 'native';

/** The other digits a language offers beside its default: Persian → Latin, Thai → Thai digits. */
export const ALTERNATE_DIGITS: Readonly<Partial<Record<UiLanguage, { choice: Exclude<DigitsChoice, 'auto'>; sample: string }>>> = {
  fa: { choice: 'latin', sample: '123' },
  th: { choice: 'native', sample: '๑๒๓' },
};

const NATIVE_NUMBERING: Readonly<Partial<Record<UiLanguage, string>>> = { fa: 'arabext', th: 'thai' };

/** The BCP 47 tag numbers and dates are formatted with: the language plus its numbering system. */
export function localeTag(language: string, digits: DigitsChoice = 'auto'): string {
  const lang = matchLanguage(language);
  if (!lang || digits === 'auto') return language;
  const nu = digits === 'latin' ? 'latn' : NATIVE_NUMBERING[lang];
  return nu ? `${language}-u-nu-${nu}` : language;
}

/**
 * A variant's name in a language: its own key (variant.<id>), or for a survey scale ("scale 0-10",
 * "scale auto") the scale sentence with the scale filled in.
 */
export function variantText(tr: (key: string, vars?: Record<string, string>, fallback?: string) => string, variant: string): string {
  const scale = /^scale (.+)$/.exec(variant);
  if (scale) return tr('variant.scaleOf', { scale: scale[1] === 'auto' ? tr('variant.scaleAuto') : scale[1]! });
  return tr(`variant.${variant}`, {}, variant);
}

export function directionOf(language: string): 'rtl' | 'ltr' {
  return RTL_LANGUAGES.has(language.split('-')[0]!.toLowerCase()) ? 'rtl' : 'ltr';
}

export const resources = {
  en: { translation: en },
  fa: { translation: fa },
  th: { translation: th },
  'zh-Hant': { translation: zhHant },
  'zh-Hans': { translation: zhHans },
} as const;

/** Chinese regions that write Traditional characters when the tag names no script. */
const TRADITIONAL_REGIONS = new Set(['tw', 'hk', 'mo']);

/** Maps a BCP 47 tag (fa-IR, th-TH, zh-TW, zh-HK, zh-CN, zh-Hans-SG, en-US…) to a UI language. */
export function matchLanguage(tag: string | null | undefined): UiLanguage | null {
  if (!tag) return null;
  const parts = tag.toLowerCase().replace(/_/g, '-').split('-');
  const base = parts[0];
  if (base === 'fa' || base === 'prs') return 'fa';
  if (base === 'en') return 'en';
  if (base === 'th') return 'th';
  if (base === 'zh') {
    // An explicit script wins over the region (zh-Hans-HK is Simplified); bare zh is Simplified.
    if (parts.includes('hant')) return 'zh-Hant';
    if (parts.includes('hans')) return 'zh-Hans';
    return parts.some((p) => TRADITIONAL_REGIONS.has(p)) ? 'zh-Hant' : 'zh-Hans';
  }
  return null;
}

type Tree = { readonly [key: string]: string | Tree };

/** The string at a dotted key in one language's resources, without fallback. */
export function resourceText(language: UiLanguage, key: string): string | undefined {
  let node: string | Tree | undefined = resources[language].translation as unknown as Tree;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string' ? node : undefined;
}

/**
 * The string at a dotted key in a language's resources, else English, else `fallback`, else the key
 * itself — for writers outside i18next (the report). `vars` fill {{placeholders}}; a `count` picks
 * the plural form by the language's Intl.PluralRules.
 */
export function translate(language: string, key: string, vars: Readonly<Record<string, string | number>> = {}, fallback?: string): string {
  const lang = matchLanguage(language) ?? 'en';
  const lookup = resourceText;
  const find = (l: UiLanguage): string | undefined => {
    if (typeof vars.count === 'number') {
      const form = lookup(l, `${key}_${new Intl.PluralRules(l).select(vars.count)}`) ?? lookup(l, `${key}_other`);
      if (form !== undefined) return form;
    }
    return lookup(l, key);
  };
  const text = find(lang) ?? find('en') ?? fallback ?? key;
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}
