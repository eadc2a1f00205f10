// `kpiw analyze FILE... [--map FILE] [--as-of YYYY-MM-DD] [--period …] [--calendar …]
//  [--segment COLUMN] [--param id=value]... [--json] [--save ws.kpiw]` and `--workspace ws.kpiw`: imports the files (read-only), maps them (the
// mapping file, or the auto-suggested mapping, which is then shown), and computes the whole
// metric catalog. `--json` prints { asOf, period, calendar, mapping, issues, metrics }.
import path from 'node:path';
import { writeFileAtomic } from '../engine/host/files';
import type { Issue, MappingFile, MetricResult, TableSuggestion } from '../shared/types';
import { changeVsComparison, type Change } from '../shared/compare';
import { CLI_MIN_CONFIDENCE, openSession, parseSessionArgs, UsageError, type Session, type SessionArgs } from './session';

const USAGE = `Usage: kpiw analyze FILE... [--map FILE] [--encoding NAME] [--as-of YYYY-MM-DD] [--period day|week|month|quarter|year]
                    [--calendar gregorian|persian|buddhist|roc] [--segment COLUMN] [--last-complete] [--param id=value]... [--json]
                    [--targets FILE]... [--view support|customer_success|finance|executive|NAME] [--save ws.kpiw]
       kpiw analyze --workspace ws.kpiw [FILE...] [options]   (works with the source files gone)
`;
export async function runAnalyze(argv: string[]): Promise<number> {
  let args: SessionArgs;
  let session: Session;
  try {
    const parsed = parseSessionArgs(argv, ['json'], ['save']);
    if (parsed === 'help') { process.stdout.write(USAGE); return 0; }
    args = parsed;
    session = await openSession(args);
  } catch (e) {
    if (e instanceof UsageError) { process.stderr.write(`kpiw analyze: ${e.message}\n${USAGE}`); return 2; }
    throw e;
  }
  const { engine, mapping, suggestions, importIssues } = session;
  const json = args.flags.has('json');
  const tables = await engine.listTables();
  if (tables.length === 0) {
    if (json) process.stdout.write(JSON.stringify({ asOf: null, period: args.options.period ?? 'month', calendar: args.options.calendar ?? 'gregorian', mapping, issues: importIssues, metrics: [] }, null, 2) + '\n');
    else process.stderr.write(importIssues.map((i) => `kpiw analyze: ${i.message}\n`).join('') || 'kpiw analyze: nothing could be imported\n');
    return 1;
  }

  const result = await engine.computeMetrics(args.options);
  const issues = [...importIssues, ...result.issues];
  const save = args.values.get('save');
  if (save) {
    if (args.files.some((f) => path.resolve(f) === path.resolve(save))) {
      process.stderr.write('kpiw analyze: --save must not name a source file (sources are never written)\n');
      return 2;
    }
    await writeFileAtomic(save, await engine.saveWorkspace({ analysis: args.options }));
    process.stderr.write(`kpiw analyze: workspace saved to ${save}\n`);
  }

  if (json) {
    if (suggestions) process.stderr.write('kpiw analyze: no --map given; the auto-suggested mapping is used (see "mapping" in the output)\n');
    process.stdout.write(JSON.stringify({
      asOf: result.asOf, ...(result.dataAsOf ? { dataAsOf: result.dataAsOf } : {}), period: result.period, calendar: result.calendar, mapping: result.mapping,
      issues, metrics: result.metrics.map(metricJson),
    }, null, 2) + '\n');
  } else {
    process.stdout.write(renderText(result.asOf, result.period, result.calendar, mapping, suggestions, issues, result.metrics));
  }
  return 0;
}

/** A metric with the keys of issue 3 §3 first, in that order, then the extra ones. */
function metricJson(m: MetricResult): Record<string, unknown> {
  return {
    id: m.id, label: m.label, unit: m.unit, value: m.value, period: m.period, status: m.status, missing: m.missing,
    variant: m.variant, benchmark: m.benchmark, formula: m.formula, sql: m.sql, series: m.series, segments: m.segments,
    stats: m.stats, family: m.family, ...(m.formulaMessage ? { formulaMessage: m.formulaMessage } : {}), ...(m.table ? { table: m.table } : {}), ...(m.notes?.length ? { notes: m.notes } : {}),
    ...(m.periodProgress ? { periodProgress: m.periodProgress } : {}), ...(m.comparisons ? { comparisons: m.comparisons } : {}),
    ...(m.target ? { target: m.target } : {}), ...(m.targetSeries ? { targetSeries: m.targetSeries } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Text output

export function formatValue(m: Pick<MetricResult, 'unit' | 'value'>): string {
  const v = m.value;
  if (v === null) return '—';
  const num = (x: number, d: number) => x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
  switch (m.unit) {
    case 'currency': return num(v, 2);
    case 'ratio': return `${num(v * 100, 1)} %`;
    case 'nps': return num(v, 1);
    case 'score': return num(v, 2);
    case 'months': return `${num(v, 1)} mo`;
    case 'count': return Number.isInteger(v) ? num(v, 0) : num(v, 2);
    case 'duration': return formatDuration(v);
    default: return String(v);
  }
}

function formatDuration(s: number): string {
  const sign = s < 0 ? '-' : '';
  let x = Math.round(Math.abs(s));
  const d = Math.floor(x / 86400); x -= d * 86400;
  const h = Math.floor(x / 3600); x -= h * 3600;
  const m = Math.floor(x / 60); const sec = x - m * 60;
  if (d) return `${sign}${d}d ${h}h ${String(m).padStart(2, '0')}m`;
  if (h) return `${sign}${h}h ${String(m).padStart(2, '0')}m`;
  if (m) return `${sign}${m}m ${String(sec).padStart(2, '0')}s`;
  return `${sign}${sec}s`;
}

/** "+12.3 %", "−1.4 pp", "+3.0 pts" against the previous period. */
function changeText(c: Change, unit: MetricResult['unit']): string {
  const sign = (x: number) => (x > 0 ? '+' : x < 0 ? '-' : '');
  if (c.kind === 'relative') return `${sign(c.delta)}${(Math.abs(c.delta) * 100).toFixed(1)} %`;
  return c.delta === 0 ? '0' : `${sign(c.delta)}${Math.abs(c.delta * (unit === 'ratio' ? 100 : 1)).toFixed(1)} ${unit === 'ratio' ? 'pp' : 'pts'}`;
}

function pad(s: string, w: number): string {
  // Width in terminal columns is approximated by code points.
  const len = [...s].length;
  return len >= w ? s : s + ' '.repeat(w - len);
}

function renderText(
  asOf: string, period: string, calendar: string, mapping: MappingFile, suggestions: TableSuggestion[] | null,
  issues: Issue[], metrics: MetricResult[],
): string {
  const lines: string[] = [];
  lines.push(`As of ${asOf} · period ${period} · calendar ${calendar}`);
  const current = metrics.find((m) => m.periodProgress && m.status !== 'missing_inputs') ?? metrics.find((m) => m.periodProgress);
  const pp = current?.periodProgress;
  if (current && pp?.partial) {
    const cmp = metrics.find((m) => m.comparisons?.previous?.partial)?.comparisons?.previous;
    lines.push(`${current.period} is partial: ${pp.elapsedDays} of ${pp.totalDays} days${cmp ? `; changes compare like for like with ${cmp.period} ${cmp.from} – ${cmp.to}` : ''} (--last-complete for the last complete period)`);
  }
  lines.push('');
  lines.push(suggestions ? 'Mapping (auto-suggested; save it with your changes and pass --map FILE):' : 'Mapping:');
  if (mapping.tables.length === 0) lines.push('  (no table could be matched to a dataset)');
  for (const t of mapping.tables) {
    const s = suggestions?.find((x) => x.source.endsWith(t.source) && (x.sheet ?? null) === (t.sheet ?? null));
    lines.push(`  ${t.source}${t.sheet ? ` [${t.sheet}]` : ''} → ${t.dataset}${t.survey ? ` (${t.survey} survey)` : ''}${s ? ` — confidence ${s.confidence.toFixed(2)}` : ''}`);
    for (const [f, c] of Object.entries(t.fields)) lines.push(`      ${pad(f, 22)} ← "${c}"`);
  }
  for (const s of suggestions ?? []) {
    if (!s.dataset || s.confidence < CLI_MIN_CONFIDENCE) lines.push(`  ${s.source}${s.sheet ? ` [${s.sheet}]` : ''} → not mapped (no dataset fits)`);
  }
  if (issues.length) {
    lines.push('', 'Issues:');
    for (const i of issues.slice(0, 60)) {
      const rows = i.rows.length ? ` (rows ${i.rows.join(', ')}${(i.count ?? 0) > i.rows.length ? ', …' : ''})` : '';
      lines.push(`  ${i.severity.padEnd(7)} ${i.message}${rows}`);
    }
    if (issues.length > 60) lines.push(`  … and ${issues.length - 60} more (use --json for all)`);
  }
  const families = [...new Set(metrics.map((m) => m.family))];
  for (const fam of families) {
    lines.push('', `${fam[0]!.toUpperCase()}${fam.slice(1)}`);
    for (const m of metrics.filter((x) => x.family === fam)) {
      let status: string;
      if (m.status === 'missing_inputs') status = `missing: ${m.missing.join(', ')}`;
      else if (m.status === 'not_applicable') status = 'not applicable';
      else status = m.table && m.value === null ? `table ${m.table.rows.length} rows` : '';
      const variant = m.variant ? `[${m.variant}]` : '';
      const change = m.status === 'ok' ? changeVsComparison(m.value, m.comparisons?.previous, m.unit) : null;
      const target = m.target ? `target ${formatValue({ unit: m.unit, value: m.target.value })}${m.target.attainment != null ? ` (${(m.target.attainment * 100).toFixed(0)} %${m.target.status ? `, ${m.target.status.replace('_', ' ')}` : ''})` : ''}` : '';
      lines.push(`  ${pad(m.label, 34)} ${pad(m.status === 'ok' ? formatValue(m) : '—', 16)} ${pad(change ? changeText(change, m.unit) : '', 10)} ${pad(m.status === 'missing_inputs' ? '' : m.period, 10)} ${pad(variant, 16)} ${status}${status && target ? ' ' : ''}${target}`.trimEnd());
    }
  }
  return lines.join('\n') + '\n';
}
