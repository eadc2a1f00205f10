// Issues as codes: every code of the registry has its text in every UI language, with placeholders
// the engine fills; the issues the engine emits on the bundled sample and a ragged Persian CSV
// localize from their params (names isolated for bidi); a missing key falls back to English.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/api';
import { mappingFromSuggestions } from '../../src/engine/mapping/suggest';
import { ISSUE_CODES } from '../../src/shared/issues';
import type { Issue } from '../../src/shared/types';
import { LANGUAGES, resources } from '../../src/renderer/i18n';
import { issueParts, issuePlainText } from '../../src/renderer/lib/issues';

const SAMPLE = path.resolve(__dirname, '..', '..', 'resources', 'sample');
const templateOf = (lng: string, code: string) => (resources[lng as 'en'].translation as unknown as { issue: Record<string, string> }).issue[code];
/** issue.<code> (or issue.<code>_<action>) as the renderer looks it up. */
const lookupIn = (lng: string) => (key: string) => templateOf(lng, key.replace(/^issue\./, ''));

let i18n: typeof i18next;
beforeAll(async () => {
  i18n = i18next.createInstance();
  await i18n.init({ resources, lng: 'fa', fallbackLng: 'en', interpolation: { escapeValue: false } });
});

const localize = (issue: Issue, lng: string) => {
  const t = i18n.getFixedT(lng) as unknown as (key: string, options?: Record<string, unknown>) => string;
  return issuePlainText(issueParts(issue, t, lookupIn(lng), lng));
};

describe('issue codes', () => {
  it('every code in ISSUE_CODES has a non-empty issue.<code> text in every UI language', () => {
    for (const lng of LANGUAGES) {
      expect(ISSUE_CODES.filter((c) => !templateOf(lng, c)?.trim()), lng).toEqual([]);
    }
    // …and no text for a code the engine cannot emit.
    expect(Object.keys((resources.en.translation as unknown as { issue: object }).issue).filter((k) => !(ISSUE_CODES as readonly string[]).includes(k.replace(/_(exclude|clear|flag|report)$/, '')))).toEqual([]);
  });

  it('the engine\'s issues on real files carry registered codes and params that fill the Persian text', async () => {
    const engine = await Engine.create();
    const issues: Issue[] = [];
    for (const name of (await readdir(SAMPLE)).filter((n) => n.endsWith('.csv'))) {
      const res = await engine.openFile({ source: name, bytes: new Uint8Array(await readFile(path.join(SAMPLE, name))) });
      for (const t of res.tables) issues.push(...t.issues);
    }
    // A Persian export with a short row, a blank line and a column of scores with a word in it.
    const csv = `مشتری,امتیاز\nC1,9\nC2,خوب\n\nC3\n${Array.from({ length: 30 }, (_, i) => `D${i},${i % 11}`).join('\n')}\n`;
    const res = await engine.openFile({ source: 'نظرسنجی.csv', bytes: new TextEncoder().encode(csv) });
    for (const t of res.tables) issues.push(...t.issues);
    issues.push(...await engine.setMapping(mappingFromSuggestions(await engine.suggestMapping(), { version: 1, tables: [], params: {} }, 0.25)));
    issues.push(...(await engine.computeMetrics()).issues);

    const codes = new Set(issues.map((i) => i.code));
    expect(codes.size).toBeGreaterThan(2);
    for (const issue of issues) {
      expect(ISSUE_CODES, issue.message).toContain(issue.code);
      expect(issue.params, `${issue.code}: ${issue.message}`).toBeDefined();
      const fa = localize(issue, 'fa');
      // Localized (not the English fallback) and every placeholder filled.
      expect(fa, issue.message).not.toBe(issuePlainText([{ value: issue.message }]));
      expect(fa).not.toMatch(/\{\{/);
    }
    const invalid = issues.find((i) => i.code === 'invalid_value' && i.column === 'امتیاز')!;
    expect(invalid).toBeDefined();
    // The column name and the count are isolated, so "۱ خانه در ستون ⁨امتیاز⁩" keeps its order.
    expect(localize(invalid, 'fa')).toBe(`\u2068۱\u2069 خانه در ستون \u2068امتیاز\u2069 مقدار معتبر \u2068عدد صحیح\u2069 نیستند؛ متنشان همان‌طور نگه داشته شد`);
    expect(localize(invalid, 'en')).toContain('cell(s) in column \u2068امتیاز\u2069');
    expect(codes).toContain('ragged_row');
    expect(codes).toContain('blank_lines');
  });

  it('falls back to the English message when a language has no text for the code', () => {
    const issue: Issue = { severity: 'warning', code: 'blank_cells', column: 'امتیاز', rows: [], message: '2 blank cell(s) in column "امتیاز"', params: { column: 'امتیاز', count: 2, total: 9 } };
    const t = i18n.getFixedT('fa') as unknown as (key: string, options?: Record<string, unknown>) => string;
    expect(issuePlainText(issueParts(issue, t, () => undefined, 'fa'))).toBe('\u20682 blank cell(s) in column "امتیاز"\u2069');
    const noParams: Issue = { ...issue, params: undefined, message: 'something' };
    expect(issuePlainText(issueParts(noParams, t, lookupIn('fa'), 'fa'))).toBe('\u2068امتیاز\u2069: \u2068something\u2069');
  });
});
