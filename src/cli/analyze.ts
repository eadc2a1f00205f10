// `kpiw analyze FILE... [--map FILE] [--as-of YYYY-MM-DD] [--period …] [--calendar …]
//  [--segment COLUMN] [--param id=value]... [--json]`: imports the files (read-only), maps them (the
// mapping file, or the auto-suggested mapping, which is then shown), and computes the whole
// metric catalog. `--json` prints { asOf, period, calendar, mapping, issues, metrics }.
import { readFile } from 'node:fs/promises';
import { Engine } from '../engine/api';
import { parseMappingFile } from '../engine/mapping/mappingFile';
import { mappingFromSuggestions } from '../engine/mapping/suggest';
import { CALENDARS, type AnalysisOptions, type CalendarId, type Issue, type MappingFile, type MetricResult, type PeriodKind, type TableSuggestion } from '../shared/types';

const USAGE = `Usage: kpiw analyze FILE... [--map FILE] [--as-of YYYY-MM-DD] [--period day|week|month|quarter|year]
                    [--calendar gregorian|persian|buddhist|roc] [--segment COLUMN] [--param id=value]... [--json]
`;
const PERIODS: readonly PeriodKind[] = ['day', 'week', 'month', 'quarter', 'year'];
/** Without --map, every table with a dataset guess at least this sure is mapped (and shown). */
const CLI_MIN_CONFIDENCE = 0.25;

interface Args {
  files: string[];
  map: string | null;
  json: boolean;
  options: AnalysisOptions;
}

class UsageError extends Error {}

/** A --param value: JSON when it parses (numbers, booleans, objects), else the text itself. */
function paramValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function parseArgs(argv: string[]): Args | 'help' {
  const out: Args = { files: [], map: null, json: false, options: {} };
  const params: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i]!;
    let inline: string | null = null;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    if (eq > 0) { inline = arg.slice(eq + 1); arg = arg.slice(0, eq); }
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '--help': case '-h': return 'help';
      case '--json': out.json = true; break;
      case '--map': out.map = value(); break;
      case '--as-of': {
        const v = value();
        if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new UsageError(`--as-of must be YYYY-MM-DD (got "${v}")`);
        out.options.asOf = v;
        break;
      }
      case '--period': {
        const v = value() as PeriodKind;
        if (!PERIODS.includes(v)) throw new UsageError(`--period must be one of ${PERIODS.join(', ')}`);
        out.options.period = v;
        break;
      }
      case '--calendar': {
        const v = value() as CalendarId;
        if (!CALENDARS.includes(v)) throw new UsageError(`--calendar must be one of ${CALENDARS.join(', ')}`);
        out.options.calendar = v;
        break;
      }
      case '--segment': out.options.segment = value(); break;
      case '--param': {
        const v = value();
        const k = v.indexOf('=');
        if (k <= 0) throw new UsageError(`--param needs id=value (got "${v}")`);
        params[v.slice(0, k).trim()] = paramValue(v.slice(k + 1));
        break;
      }
      default:
        if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
        out.files.push(argv[i]!);
    }
  }
  if (Object.keys(params).length) out.options.params = params;
  if (out.files.length === 0) throw new UsageError('no input file');
  return out;
}

export async function runAnalyze(argv: string[]): Promise<number> {
  let args: Args;
  try {
    const parsed = parseArgs(argv);
    if (parsed === 'help') { process.stdout.write(USAGE); return 0; }
    args = parsed;
  } catch (e) {
    if (e instanceof UsageError) { process.stderr.write(`kpiw analyze: ${e.message}\n${USAGE}`); return 2; }
    throw e;
  }

  let mappingFile: MappingFile | null = null;
  if (args.map) {
    try {
      mappingFile = parseMappingFile(await readFile(args.map, 'utf8'), args.map);
    } catch (e) {
      process.stderr.write(`kpiw analyze: ${e instanceof Error ? e.message : String(e)}\n`);
      return 2;
    }
  }

  const engine = await Engine.create();
  const importIssues: Issue[] = [];
  for (const file of args.files) {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(file));
    } catch (e) {
      importIssues.push({ severity: 'error', code: 'unreadable', column: null, rows: [], message: `${file}: ${e instanceof Error ? e.message : String(e)}` });
      continue;
    }
    const result = await engine.openFile({ source: file, bytes });
    for (const t of result.tables) for (const i of t.issues) importIssues.push({ ...i, table: i.table ?? t.name });
    for (const f of result.failures) importIssues.push({ severity: 'error', code: f.code, column: null, rows: [], message: f.message });
  }
  const tables = await engine.listTables();
  if (tables.length === 0) {
    if (args.json) process.stdout.write(JSON.stringify({ asOf: null, period: args.options.period ?? 'month', calendar: args.options.calendar ?? 'gregorian', mapping: mappingFile ?? { version: 1, tables: [], params: {} }, issues: importIssues, metrics: [] }, null, 2) + '\n');
    else process.stderr.write(importIssues.map((i) => `kpiw analyze: ${i.message}\n`).join('') || 'kpiw analyze: nothing could be imported\n');
    return 1;
  }

  let suggestions: TableSuggestion[] | null = null;
  let mapping: MappingFile;
  if (mappingFile) {
    mapping = mappingFile;
  } else {
    suggestions = await engine.suggestMapping();
    mapping = mappingFromSuggestions(suggestions, { version: 1, tables: [], params: {} }, CLI_MIN_CONFIDENCE);
  }
  await engine.setMapping(mapping);
  const result = await engine.computeMetrics(args.options);
  const issues = [...importIssues, ...result.issues];

  if (args.json) {
    if (suggestions) process.stderr.write('kpiw analyze: no --map given; the auto-suggested mapping is used (see "mapping" in the output)\n');
    process.stdout.write(JSON.stringify({
      asOf: result.asOf, period: result.period, calendar: result.calendar, mapping: result.mapping,
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
    stats: m.stats, family: m.family, ...(m.table ? { table: m.table } : {}), ...(m.notes?.length ? { notes: m.notes } : {}),
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
  lines.push(`As of ${asOf} · period ${period} · calendar ${calendar}`, '');
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
      lines.push(`  ${pad(m.label, 34)} ${pad(m.status === 'ok' ? formatValue(m) : '—', 16)} ${pad(m.status === 'missing_inputs' ? '' : m.period, 10)} ${pad(variant, 16)} ${status}`.trimEnd());
    }
  }
  return lines.join('\n') + '\n';
}
