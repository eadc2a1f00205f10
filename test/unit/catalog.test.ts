// The catalog (src/shared/catalog) is the one description of datasets, fields and parameters:
// its defaults must satisfy its own schemas, and everything the engine refers to must be in it.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { CROSS_PARAM_RULES, PARAMS, PARAM_GROUPS, paramDef } from '../../src/shared/catalog/params';
import { DATASETS, fieldDef, missingFields } from '../../src/shared/catalog/datasets';
import { METRICS } from '../../src/engine/metrics/catalog';
import { GLOSSARY } from '../../src/engine/mapping/glossary';
import { paramProblems } from '../../src/engine/metrics/params';
import en from '../../src/shared/i18n/en.json';
import type { DatasetId } from '../../src/shared/types';

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) out.push(...sources(p)); else if (/\.tsx?$/.test(e)) out.push(p);
  }
  return out;
}

describe('parameter catalog', () => {
  it('every default is valid under its own schema, and the defaults together pass the rules between parameters', () => {
    for (const p of PARAMS) expect(p.schema.safeParse(p.default).success, p.id).toBe(true);
    const defaults = (id: string) => PARAMS.find((p) => p.id === id)!.default;
    for (const rule of CROSS_PARAM_RULES) expect(rule.holds(defaults), rule.message.key).toBe(true);
    expect(paramProblems(Object.fromEntries(PARAMS.map((p) => [p.id, p.default])))).toEqual([]);
  });

  it('choices include the default', () => {
    for (const p of PARAMS) if (p.editor.kind === 'choice') expect(p.editor.options).toContain(p.default);
  });

  it('ids are unique and groups known', () => {
    expect(new Set(PARAMS.map((p) => p.id)).size).toBe(PARAMS.length);
    for (const p of PARAMS) expect(PARAM_GROUPS).toContain(p.group);
  });

  it('every parameter a metric declares or the engine reads exists in the catalog', () => {
    const referenced = new Set<string>();
    for (const m of METRICS) for (const id of m.params ?? []) referenced.add(`${m.id}: ${id}`);
    const read = /(?:param(?:Number|String)|num2)\(\s*[\w.]+\s*,\s*'([a-z_.]+)'|params\[\s*'([a-z_.]+)'\s*\]/g;
    for (const f of sources(path.resolve(__dirname, '../../src/engine'))) {
      for (const m of readFileSync(f, 'utf8').matchAll(read)) referenced.add(`${path.basename(f)}: ${m[1] ?? m[2]}`);
    }
    expect(referenced.size).toBeGreaterThan(20);
    const unknown = [...referenced].filter((r) => !paramDef(r.slice(r.indexOf(': ') + 2)));
    expect(unknown).toEqual([]);
  });
});

describe('dataset catalog', () => {
  it('every field a metric takes as input exists in its dataset', () => {
    const unknown: string[] = [];
    for (const m of METRICS) {
      for (const alt of m.inputs) for (const f of alt.fields) if (!fieldDef(alt.dataset, f)) unknown.push(`${m.id}: ${alt.dataset}.${f}`);
    }
    expect(unknown).toEqual([]);
  });

  it('every field the header glossary recognises exists: `field` in some dataset, `dataset.field` in that one', () => {
    const fields = new Set(DATASETS.flatMap((d) => d.fields.map((f) => f.id)));
    const unknown = Object.keys(GLOSSARY).filter((key) => {
      const dot = key.indexOf('.');
      return dot < 0 ? !fields.has(key) : !fieldDef(key.slice(0, dot) as DatasetId, key.slice(dot + 1));
    });
    expect(unknown).toEqual([]);
  });

  it('any-of groups name fields of their dataset', () => {
    for (const d of DATASETS) for (const g of d.requiredAnyOf ?? []) for (const f of g) expect(fieldDef(d.id, f), `${d.id}.${f}`).toBeDefined();
  });

  it('lists what a table still needs', () => {
    expect(missingFields('subscriptions', { customer_id: 'Id' })).toEqual(['start_date', 'mrr | amount']);
    expect(missingFields('events', { date: 'D', label: 'L' })).toEqual([]);
  });
});

describe('catalog translations', () => {
  const resolve = (key: string): unknown => key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), en);
  const has = (key: string) => typeof resolve(key) === 'string' || typeof resolve(`${key}_other`) === 'string';

  it('labels exist for every dataset, field, parameter and param group', () => {
    const missing: string[] = [];
    for (const d of DATASETS) {
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
