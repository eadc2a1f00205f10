// The renderer describes parameters and datasets itself (it never imports engine code); these
// tests hold those descriptions to the engine's, and every translation key used to en.json.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { PARAM_DEFAULTS } from '../../src/engine/metrics/params';
import { DATASETS } from '../../src/engine/mapping/datasets';
import { PARAMS, changedParams, paramValue, secondsToUnit, unitToSeconds } from '../../src/renderer/lib/params';
import { DATASET_FIELDS, mappingForTable, missingFields, preferredTable } from '../../src/renderer/lib/datasets';
import en from '../../src/renderer/i18n/en.json';
import type { TableInfo } from '../../src/shared/types';

describe('parameter descriptors', () => {
  it('cover every engine parameter with the same default', () => {
    const ui = Object.fromEntries(PARAMS.map((p) => [p.id, p.default]));
    expect(ui).toEqual({ ...PARAM_DEFAULTS });
  });

  it('choices include the default', () => {
    for (const p of PARAMS) if (p.editor.kind === 'choice') expect(p.editor.options).toContain(p.default);
  });

  it('only changed values are sent; the default is the value in effect otherwise', () => {
    expect(changedParams({ 'churn.variant': 'cohort', gross_margin: 0.8, 'health.bands': { red: 40, green: 70 } })).toEqual({ gross_margin: 0.8 });
    expect(paramValue({}, 'backlog.age')).toBe(48 * 3600);
    expect(paramValue({ cac: null }, 'cac')).toBeNull();
  });

  it('durations are edited in minutes or hours and stored in seconds', () => {
    expect(secondsToUnit(180, 'minutes')).toBe(3);
    expect(unitToSeconds(48, 'hours')).toBe(172800);
  });
});

describe('dataset descriptors', () => {
  it('match the engine’s datasets, fields and required flags', () => {
    const engine = DATASETS.map((d) => ({ id: d.id, fields: d.fields.map((f) => ({ id: f.id, required: !!f.required })), ...(d.requiredAnyOf ? { requiredAnyOf: d.requiredAnyOf } : {}) }));
    expect(DATASET_FIELDS).toEqual(engine);
  });

  it('lists what a table still needs', () => {
    expect(missingFields('subscriptions', { customer_id: 'Id' })).toEqual(['start_date', 'mrr | amount']);
    expect(missingFields('events', { date: 'D', label: 'L' })).toEqual([]);
  });

  it('finds a table’s mapping by base name and sheet', () => {
    const t = { source: '/data/Exports/billing.xlsx', sheet: 'Subs' } as TableInfo;
    const maps = [
      { source: 'billing.xlsx', sheet: 'Other', dataset: 'events' as const, fields: {} },
      { source: 'billing.xlsx', sheet: 'Subs', dataset: 'subscriptions' as const, fields: {} },
    ];
    expect(mappingForTable(maps, t)?.dataset).toBe('subscriptions');
    expect(mappingForTable(maps, { ...t, sheet: null })).toBeUndefined();
  });
});

describe('preferredTable', () => {
  it('shows subscriptions before surveys, and mapped tables before unmapped ones', () => {
    const tb = (name: string) => ({ name, source: `${name}.csv`, sheet: null }) as TableInfo;
    const maps = [
      { source: 'csat.csv', dataset: 'survey_responses' as const, fields: {} },
      { source: 'subs.csv', dataset: 'subscriptions' as const, fields: {} },
    ];
    expect(preferredTable([tb('csat'), tb('misc'), tb('subs')], maps)?.name).toBe('subs');
    expect(preferredTable([tb('misc'), tb('csat')], maps)?.name).toBe('csat');
    expect(preferredTable([tb('misc')], maps)?.name).toBe('misc');
    expect(preferredTable([], maps)).toBeUndefined();
  });
});

describe('translations', () => {
  const resolve = (key: string): unknown => key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), en);
  const has = (key: string) => typeof resolve(key) === 'string' || typeof resolve(`${key}_other`) === 'string';

  it('every literal key used in the renderer exists in en.json', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir)) {
        const p = path.join(dir, e);
        if (statSync(p).isDirectory()) { if (e !== 'transport') walk(p); } else if (/\.tsx?$/.test(e)) files.push(p);
      }
    };
    walk(path.resolve(__dirname, '../../src/renderer'));
    const missing: string[] = [];
    for (const f of files) {
      for (const m of readFileSync(f, 'utf8').matchAll(/\bt\('([a-zA-Z0-9_.]+)'/g)) if (!has(m[1]!)) missing.push(`${path.basename(f)}: ${m[1]}`);
    }
    expect(missing).toEqual([]);
  });

  it('labels exist for every dataset, field, parameter and param group', () => {
    const missing: string[] = [];
    for (const d of DATASET_FIELDS) {
      if (!has(`dataset.${d.id}`)) missing.push(`dataset.${d.id}`);
      for (const f of d.fields) if (!has(`field.${f.id}`)) missing.push(`field.${f.id}`);
    }
    for (const p of PARAMS) {
      if (!has(`param.${p.id}.label`)) missing.push(`param.${p.id}.label`);
      if (!has(`param.${p.id}.help`)) missing.push(`param.${p.id}.help`);
      if (!has(`paramGroup.${p.group}`)) missing.push(`paramGroup.${p.group}`);
    }
    expect(missing).toEqual([]);
  });
});
