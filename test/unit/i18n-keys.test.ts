// Every UI language has every key of the English resource file, non-empty, with the same
// {{placeholders}}; plural keys carry exactly the language's Intl.PluralRules categories (Thai and
// Chinese only _other); every dataset, field and parameter of the catalog has its key in every language.
import { describe, expect, it } from 'vitest';
import { LANGUAGES, LANGUAGE_NAMES, matchLanguage, resources, directionOf } from '../../src/renderer/i18n';
import { translate } from '../../src/shared/i18n';
import { DATASETS, datasetLabelKey, fieldLabelKey } from '../../src/shared/catalog/datasets';
import { PARAMS, PARAM_GROUPS, paramGroupKey, paramHelpKey, paramLabelKey } from '../../src/shared/catalog/params';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else flatten(value, path, out);
  }
  return out;
}

const placeholders = (text: string): string[] => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!).sort();
const english = flatten(resources.en.translation as unknown as Tree);
const PLURAL = /_(zero|one|two|few|many|other)$/;

/**
 * The keys a language must have: English's, with each plural group rewritten to the language's own
 * categories; each maps to the English text whose placeholders it must carry (_other's for the
 * categories English lacks, since those cover counts other than one).
 */
function expectedKeys(language: string): Map<string, string> {
  const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
  const out = new Map<string, string>();
  for (const [key, text] of english) {
    if (!PLURAL.test(key)) { out.set(key, text); continue; }
    const base = key.replace(PLURAL, '');
    if (out.has(`${base}_other`)) continue;
    for (const category of categories) out.set(`${base}_${category}`, english.get(`${base}_${category}`) ?? english.get(`${base}_other`)!);
  }
  return out;
}

describe('UI resource files', () => {
  for (const language of LANGUAGES) {
    const keys = flatten(resources[language].translation as unknown as Tree);
    it(`${language}: every English key is present, non-empty, with the same placeholders`, () => {
      const wanted = expectedKeys(language);
      const missing = [...wanted.keys()].filter((k) => !keys.get(k)?.trim());
      expect(missing).toEqual([]);
      const extra = [...keys.keys()].filter((k) => !wanted.has(k));
      expect(extra).toEqual([]);
      const mismatched = [...wanted].filter(([k, v]) => placeholders(v).join() !== placeholders(keys.get(k) ?? '').join()).map(([k]) => k);
      expect(mismatched).toEqual([]);
    });
    it(`${language}: every catalog dataset, field, parameter and group has its key`, () => {
      const wanted = [
        ...DATASETS.flatMap((d) => [datasetLabelKey(d.id), ...d.fields.map((f) => fieldLabelKey(f.id))]),
        ...PARAMS.flatMap((p) => [paramLabelKey(p.id), paramHelpKey(p.id)]),
        ...PARAM_GROUPS.map(paramGroupKey),
      ];
      expect(wanted.filter((k) => !keys.get(k)?.trim())).toEqual([]);
    });
  }

  it('non-English files are translated, not copies of English', () => {
    for (const language of LANGUAGES.filter((l) => l !== 'en')) {
      const keys = flatten(resources[language].translation as unknown as Tree);
      const prose = [...expectedKeys(language)].filter(([, v]) => /[a-z]{4,} [a-z]{4,}/i.test(v));
      const copied = prose.filter(([k, v]) => keys.get(k) === v).map(([k]) => k);
      expect(copied, language).toEqual([]);
    }
  });

  it('Thai and Chinese files have only the _other plural form, Persian and English _one and _other', () => {
    const forms = (language: (typeof LANGUAGES)[number]) => new Set([...flatten(resources[language].translation as unknown as Tree).keys()]
      .map((k) => PLURAL.exec(k)?.[1]).filter(Boolean));
    expect([...forms('th')]).toEqual(['other']);
    expect([...forms('zh-Hant')]).toEqual(['other']);
    expect([...forms('zh-Hans')]).toEqual(['other']);
    expect([...forms('fa')].sort()).toEqual(['one', 'other']);
  });

  it('names every language in itself', () => {
    expect(LANGUAGE_NAMES).toEqual({ en: 'English', fa: 'فارسی', th: 'ไทย', 'zh-Hant': '繁體中文', 'zh-Hans': '简体中文' });
  });

  it('picks the UI language from locale tags and the direction from the language', () => {
    const cases: Array<[string, string | null]> = [
      ['fa-IR', 'fa'], ['fa', 'fa'], ['en-US', 'en'], ['en_GB', 'en'], ['de-DE', null], ['', null],
      ['th', 'th'], ['th-TH', 'th'], ['th-TH-u-ca-buddhist', 'th'],
      ['zh-TW', 'zh-Hant'], ['zh-HK', 'zh-Hant'], ['zh-MO', 'zh-Hant'], ['zh-Hant', 'zh-Hant'], ['zh-Hant-TW', 'zh-Hant'], ['zh_TW', 'zh-Hant'],
      ['zh', 'zh-Hans'], ['zh-CN', 'zh-Hans'], ['zh-SG', 'zh-Hans'], ['zh-Hans', 'zh-Hans'], ['zh-Hans-SG', 'zh-Hans'], ['zh-Hans-HK', 'zh-Hans'],
    ];
    for (const [tag, want] of cases) expect(matchLanguage(tag), tag).toBe(want);
    expect(directionOf('fa')).toBe('rtl');
    expect(directionOf('en')).toBe('ltr');
    expect(directionOf('th')).toBe('ltr');
    expect(directionOf('zh-Hant')).toBe('ltr');
  });

  it('translate() outside i18next: language strings, plural by the language, English fallback', () => {
    expect(translate('th', 'metric.mrr')).toBe((resources.th.translation.metric as Record<string, string>).mrr);
    expect(translate('th', 'sources.rows', { count: 1, n: 1 })).toBe('1 แถว');
    expect(translate('en', 'sources.rows', { count: 1, n: 1 })).toBe('1 row');
    expect(translate('en', 'sources.rows', { count: 2, n: 2 })).toBe('2 rows');
    expect(translate('zh-TW', 'controls.calendar')).toBe('曆法');
    expect(translate('zh-CN', 'controls.calendar')).toBe('历法');
    expect(translate('de', 'controls.calendar')).toBe('Calendar');
    expect(translate('th', 'no.such.key')).toBe('no.such.key');
  });
});
