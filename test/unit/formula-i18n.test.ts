// Every metric's formula is a message of the resource files (formula.<id>…) in all five languages:
// the key exists and is non-empty in each, each translation has exactly the placeholders the engine
// passes (nested messages such as durations included), every formula key is used by some metric,
// and the English `formula` string is the message rendered with the en resources.
import { describe, expect, it } from 'vitest';
import { FAMILIES } from '../../src/engine/metrics/catalog';
import { resolveParams } from '../../src/engine/metrics/params';
import { PARAM_BY_ID } from '../../src/shared/catalog/params';
import { LANGUAGES, resources } from '../../src/shared/i18n';
import { messageKeys, messageText, placeholdersOf } from '../../src/shared/i18n/messages';
import type { TextMessage } from '../../src/shared/types';
import type { MetricDef, Params } from '../../src/engine/metrics/types';
import type { MappingFile } from '../../src/shared/types';
import { openDatabase } from '../../src/engine/store/database';
import { applyMapping } from '../../src/engine/mapping/normalize';
import { analyzeFamilies } from '../../src/engine/metrics/analyze';
import { createImportedTable } from '../fixtures/importedTable';

type Tree = { readonly [key: string]: string | Tree };
const lookup = (language: (typeof LANGUAGES)[number], key: string): string | undefined => {
  let node: string | Tree | undefined = resources[language].translation as unknown as Tree;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string' ? node : undefined;
};

/** The parameter choices a metric's formula can see: defaults, each choice/boolean option, numeric ones set. */
function paramSets(m: MetricDef, defaults: Params): Params[] {
  const sets: Params[] = [defaults];
  for (const id of m.params ?? []) {
    const editor = PARAM_BY_ID.get(id)?.editor;
    const options: unknown[] = editor?.kind === 'choice' ? [...editor.options] : editor?.kind === 'boolean' ? [true, false]
      : editor?.kind === 'number' ? [7] : [];
    for (const option of options) sets.push({ ...defaults, [id]: option });
  }
  return sets;
}

const METRICS = FAMILIES.flatMap((f) => f.metrics);
const defaults = resolveParams({});

describe('metric formulas are localized messages', () => {
  const used = new Set<string>();
  it('every metric has a formula message whose English text is its formula', () => {
    for (const m of METRICS) {
      expect(m.formulaMessage, m.id).toBeTypeOf('function');
      for (const p of paramSets(m, defaults)) {
        const message = m.formulaMessage!(p);
        expect(m.formula(p), m.id).toBe(messageText(message, 'en'));
        for (const key of messageKeys(message).keys()) used.add(key);
      }
    }
  });

  for (const language of LANGUAGES) {
    it(`${language}: every formula key exists with exactly the placeholders the engine passes`, () => {
      const problems: string[] = [];
      for (const m of METRICS) {
        for (const p of paramSets(m, defaults)) {
          const message: TextMessage = m.formulaMessage!(p);
          for (const [key, names] of messageKeys(message)) {
            const text = lookup(language, key);
            if (!text?.trim()) { problems.push(`${m.id}: ${key} missing`); continue; }
            const inText = [...new Set(placeholdersOf(text))].sort().join();
            if (inText !== [...names].sort().join()) problems.push(`${m.id}: ${key} has {${inText}}, the engine passes {${[...names].sort().join()}}`);
          }
          const rendered = messageText(message, language);
          if (/\{\{|\}\}/.test(rendered)) problems.push(`${m.id}: unfilled placeholder in ${rendered}`);
        }
      }
      expect(problems).toEqual([]);
    });
  }

  it('every formula key of the resource files is used by a metric', () => {
    const keys: string[] = [];
    const walk = (t: Tree, prefix: string) => {
      for (const [k, v] of Object.entries(t)) typeof v === 'string' ? keys.push(`${prefix}.${k}`) : walk(v, `${prefix}.${k}`);
    };
    walk((resources.en.translation as unknown as Tree).formula as Tree, 'formula');
    // Run the first test's collection again here so this test stands alone.
    for (const m of METRICS) for (const p of paramSets(m, defaults)) for (const k of messageKeys(m.formulaMessage!(p)).keys()) used.add(k);
    expect(keys.filter((k) => !used.has(k))).toEqual([]);
  });

  it('writes values and ids isolated in Persian, numbers in the chosen digits', () => {
    const backlog = METRICS.find((m) => m.id === 'backlog')!.formulaMessage!(defaults);
    const fa = messageText(backlog, 'fa');
    expect(fa).toContain('\u2068۴۸\u2069 ساعت');
    expect(fa).toContain('\u2068backlog.age\u2069');
    expect(messageText(backlog, 'fa', 'latin')).toContain('\u206848\u2069 ساعت');
    expect(messageText(backlog, 'fa', 'latin')).not.toMatch(/[۰-۹]/);
    expect(messageText(backlog, 'en')).toBe(METRICS.find((m) => m.id === 'backlog')!.formula(defaults));
    expect(messageText(backlog, 'zh-Hant')).toContain('48 小時');
  });
});

describe('benchmark texts are localized messages', () => {
  const benchmarks = () => METRICS.flatMap((m) => paramSets(m, defaults).flatMap((p) => [1, 3, 12, 7 / 30.436875].map((months) => {
    const b = typeof m.benchmark === 'function' ? m.benchmark(p, months) : m.benchmark;
    return b ? { id: m.id, b } : null;
  }))).filter((x) => x !== null);

  it('every benchmark of the catalog has a message whose English text is its text', () => {
    const all = benchmarks();
    expect(all.length).toBeGreaterThan(20);
    for (const { id, b } of all) {
      expect(b.message, id).toBeDefined();
      expect(b.text, id).toBe(messageText(b.message!, 'en'));
    }
  });

  for (const language of LANGUAGES) {
    it(`${language}: every benchmark key exists with exactly the placeholders the engine passes`, () => {
      const problems: string[] = [];
      for (const { id, b } of benchmarks()) {
        for (const [key, names] of messageKeys(b.message!)) {
          const text = lookup(language, key);
          if (!text?.trim()) { problems.push(`${id}: ${key} missing`); continue; }
          const inText = [...new Set(placeholdersOf(text))].sort().join();
          if (inText !== [...names].sort().join()) problems.push(`${id}: ${key} has {${inText}}, the engine passes {${[...names].sort().join()}}`);
        }
      }
      expect(problems).toEqual([]);
    });
  }

  it('writes the monthly churn band in the reader\'s digits, with its two decimals', () => {
    const b = METRICS.find((m) => m.id === 'customer_churn_rate')!;
    const monthly = (typeof b.benchmark === 'function' ? b.benchmark(defaults, 1) : b.benchmark)!;
    expect(monthly.text).toContain('≤ 0.60 %/mo');
    expect(messageText(monthly.message!, 'fa')).toContain('\u2068۰٫۶۰\u2069٪ در ماه');
    expect(messageText(monthly.message!, 'zh-Hant')).toContain('每月 ≤ 0.60 %');
  });
});

describe('notes given as messages', () => {
  it('every note key has the same placeholders in every language', () => {
    const en: Array<[string, string]> = [];
    const walk = (t: Tree, prefix: string) => {
      for (const [k, v] of Object.entries(t)) typeof v === 'string' ? en.push([`${prefix}${k}`, v]) : walk(v, `${prefix}${k}.`);
    };
    walk((resources.en.translation as unknown as Tree).note as Tree, '');
    for (const language of LANGUAGES) {
      // Plural forms: each language has the categories of its own plural rules (Thai and Chinese only _other).
      const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
      for (const [key, text] of en) {
        const plural = /_(zero|one|two|few|many|other)$/.exec(key);
        if (plural && !categories.includes(plural[1] as Intl.LDMLPluralRule)) continue;
        const own = lookup(language, `note.${key}`);
        expect(own?.trim(), `${language} note.${key}`).toBeTruthy();
        expect([...placeholdersOf(own!)].sort(), `${language} note.${key}`).toEqual([...placeholdersOf(text)].sort());
      }
    }
  });

  it('the analysis gives noteMessages aligned with the English notes (missing inputs, not applicable)', async () => {
    const db = await openDatabase();
    const t = createImportedTable(db, 'tickets_csv', [{ name: 'Ticket ID', type: 'text' }, { name: 'Created at', type: 'datetime' }],
      [['1', '2024-05-03 09:00:00'], ['2', '2024-06-01 10:00:00']], { source: 'tickets.csv' });
    const mapping: MappingFile = { version: 1, params: {}, tables: [{ source: 'tickets.csv', dataset: 'tickets', fields: { ticket_id: 'Ticket ID', created_at: 'Created at' } }] };
    const issues = applyMapping(db, [t], mapping);
    const r = analyzeFamilies(FAMILIES, db, [t], mapping, issues, { params: { business_model: 'subscription' } });
    const mrr = r.metrics.find((m) => m.id === 'mrr')!;
    expect(mrr.status).toBe('missing_inputs');
    expect(mrr.noteMessages?.[0]?.key).toBe('note.needs');
    let seen = 0;
    for (const m of r.metrics) {
      if (!m.noteMessages) continue;
      expect(m.noteMessages.length, m.id).toBe(m.notes!.length);
      m.noteMessages.forEach((n, i) => { if (n) { seen++; expect(m.notes![i], m.id).toBe(messageText(n, 'en')); } });
    }
    expect(seen).toBeGreaterThan(10);
    expect(messageText(mrr.noteMessages![0]!, 'zh-Hant')).toMatch(/^需要對應 /);
  });
});
