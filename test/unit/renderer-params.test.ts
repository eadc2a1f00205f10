// The renderer's helpers around parameters and tables (the parameters and datasets themselves are
// the catalog's: test/unit/catalog.test.ts), and every translation key it uses.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { changedParams, paramValue, secondsToUnit, unitToSeconds } from '../../src/renderer/lib/params';
import { preferredTable } from '../../src/renderer/lib/datasets';
import en from '../../src/shared/i18n/en.json';
import type { TableInfo } from '../../src/shared/types';

describe('parameter descriptors', () => {
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

describe('preferredTable', () => {
  it('shows subscriptions before surveys, and mapped tables before unmapped ones', () => {
    // Each table carries the mapping entry the engine resolved for it (TableInfo.mapping).
    const maps = [
      { source: 'csat.csv', dataset: 'survey_responses' as const, fields: {} },
      { source: 'subs.csv', dataset: 'subscriptions' as const, fields: {} },
    ];
    const tb = (name: string) => {
      const index = maps.findIndex((m) => m.source === `${name}.csv`);
      return { name, source: `${name}.csv`, sheet: null, mapping: index >= 0 ? { index, entry: maps[index]! } : null } as TableInfo;
    };
    expect(preferredTable([tb('csat'), tb('misc'), tb('subs')])?.name).toBe('subs');
    expect(preferredTable([tb('misc'), tb('csat')])?.name).toBe('csat');
    expect(preferredTable([tb('misc')])?.name).toBe('misc');
    expect(preferredTable([])).toBeUndefined();
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
});
