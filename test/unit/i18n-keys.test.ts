// Every UI language has every key of the English resource file, non-empty, with the same
// {{placeholders}}; every dataset, field and parameter of the catalog has its key in every language.
import { describe, expect, it } from 'vitest';
import { LANGUAGES, matchLanguage, resources, directionOf } from '../../src/renderer/i18n';
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

describe('UI resource files', () => {
  for (const language of LANGUAGES) {
    const keys = flatten(resources[language].translation as unknown as Tree);
    it(`${language}: every English key is present, non-empty, with the same placeholders`, () => {
      const missing = [...english.keys()].filter((k) => !keys.get(k)?.trim());
      expect(missing).toEqual([]);
      const extra = [...keys.keys()].filter((k) => !english.has(k));
      expect(extra).toEqual([]);
      const mismatched = [...english].filter(([k, v]) => placeholders(v).join() !== placeholders(keys.get(k) ?? '').join()).map(([k]) => k);
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
      const prose = [...english].filter(([, v]) => /[a-z]{4,} [a-z]{4,}/i.test(v));
      const copied = prose.filter(([k, v]) => keys.get(k) === v).map(([k]) => k);
      expect(copied, language).toEqual([]);
    }
  });

  it('picks the UI language from locale tags and the direction from the language', () => {
    expect(matchLanguage('fa-IR')).toBe('fa');
    expect(matchLanguage('en-US')).toBe('en');
    expect(matchLanguage('de-DE')).toBeNull();
    expect(directionOf('fa')).toBe('rtl');
    expect(directionOf('en')).toBe('ltr');
  });
});
