// The metric reference (docs/metrics.md), written from the catalog itself so that it cannot drift:
// every dataset and field, every parameter with its default and allowed values, and per metric
// its inputs, formula, variants (one line per choice of the parameters that select them),
// benchmark with its source and which way is good news. `kpiw metrics --markdown` prints it; a
// test fails when the committed file differs.
import { DATASETS } from '../../shared/catalog/datasets';
import { PARAMS, PARAM_BY_ID } from '../../shared/catalog/params';
import { FAMILIES, FAMILY_LABELS } from './catalog';
import { resolveParams } from './params';
import type { MetricDef, Params } from './types';
import { messageText } from '../../shared/i18n/messages';

const code = (s: string) => `\`${s}\``;
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const shown = (v: unknown) => (v === null ? 'empty' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** Each variant a metric can show, with the parameter values that select it and its formula. */
function variantsOf(m: MetricDef, defaults: Params): Array<{ variant: string; when: string; formula: string }> {
  if (!m.variant) return [];
  const seen = new Map<string, { variant: string; when: string; formula: string }>();
  for (const id of m.params ?? []) {
    const editor = PARAM_BY_ID.get(id)?.editor;
    const options: unknown[] | null = editor?.kind === 'choice' ? [...editor.options] : editor?.kind === 'boolean' ? [true, false] : null;
    if (!options) continue;
    for (const option of options) {
      const p = { ...defaults, [id]: option };
      const variant = m.variant(p);
      if (variant === null || seen.has(variant)) continue;
      seen.set(variant, { variant, when: `${id} = ${shown(option)}`, formula: m.formula(p) });
    }
  }
  return [...seen.values()];
}

function metricSection(m: MetricDef, defaults: Params): string[] {
  const better = typeof m.better === 'function' ? 'depends on parameters' : m.better ?? 'higher';
  const inputs = m.inputs.map((a) => `${code(a.dataset)} (${a.fields.join(', ')})`).join(' or ');
  const benchmark = typeof m.benchmark === 'function' ? m.benchmark(defaults, 1) : m.benchmark;
  const lines = [
    `### ${code(m.id)} — ${m.label}`,
    '',
    `- Unit: ${m.unit}${m.kind === 'table' ? ' (a table)' : ''}; better: ${better}`,
    `- Inputs: ${inputs}`,
  ];
  if (m.params?.length) lines.push(`- Parameters: ${m.params.map(code).join(', ')}`);
  lines.push(`- Formula (defaults): ${m.formula(defaults)}`);
  const variants = variantsOf(m, defaults);
  if (variants.length > 1) {
    lines.push('- Variants:');
    for (const v of variants) lines.push(`  - ${v.variant} (${code(v.when)}): ${v.formula}`);
  }
  if (benchmark) lines.push(`- Benchmark${typeof m.benchmark === 'function' ? ' (monthly periods, defaults)' : ''}: ${benchmark.text}`);
  lines.push('');
  return lines;
}

export function metricReferenceMarkdown(): string {
  const defaults = resolveParams({});
  const out = [
    '# Metric reference',
    '',
    'Written from the engine\'s catalog by `npm run docs:metrics` (`kpiw metrics --markdown`); do not edit by',
    'hand — a test fails when this file and the catalog differ. Metric, dataset, field and parameter ids are',
    'the ids of the CLI (`--param id=value`), mapping files and workspaces.',
    '',
    '## Datasets',
    '',
  ];
  for (const d of DATASETS) {
    out.push(`### ${code(d.id)} — ${d.label}`, '', '| field | kind | required | label |', '|---|---|---|---|');
    for (const f of d.fields) out.push(`| ${code(f.id)} | ${f.kind} | ${f.required ? 'yes' : ''} | ${cell(f.label)} |`);
    if (d.requiredAnyOf?.length) out.push('', `At least one of each group: ${d.requiredAnyOf.map((g) => g.map(code).join(' or ')).join('; ')}.`);
    out.push('');
  }
  out.push('## Parameters', '', '| parameter | group | default | allowed |', '|---|---|---|---|');
  for (const p of PARAMS) out.push(`| ${code(p.id)} | ${p.group} | ${cell(shown(p.default))} | ${cell(messageText(p.allowed, 'en'))} |`);
  out.push('', '## Metrics', '');
  for (const f of FAMILIES) {
    out.push(`## ${FAMILY_LABELS[f.family]} (${code(f.family)})`, '');
    for (const m of f.metrics) out.push(...metricSection(m, defaults));
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** The catalog as plain data: id, label, family, unit and input alternatives of every metric. */
export function metricCatalog(): Array<{ id: string; label: string; family: string; unit: string; inputs: Array<{ dataset: string; fields: string[] }> }> {
  return FAMILIES.flatMap((f) => f.metrics.map((m) => ({ id: m.id, label: m.label, family: m.family, unit: m.unit, inputs: m.inputs.map((a) => ({ dataset: a.dataset, fields: [...a.fields] })) })));
}
