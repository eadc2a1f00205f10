// `kpiw analyze FILE... [--map FILE] [--as-of YYYY-MM-DD] [--period …] [--calendar …]
//  [--segment COLUMN] [--param id=value]... [--json] [--save ws.kpiw] [--lang L]` and `--workspace ws.kpiw`: imports the files (read-only), maps them (the
// mapping file, or the auto-suggested mapping, which is then shown), and computes the whole
// metric catalog. `--json` prints { asOf, period, calendar, mapping, issues, metrics }.
import path from 'node:path';
import { writeFileAtomic } from '../engine/host/files';
import type { CalendarId, Issue, MappingFile, MetricResult, TableSuggestion } from '../shared/types';
import { changeVsComparison } from '../shared/compare';
import { formatChange, formatRatio, formatValue, NO_VALUE, unitLabelsFrom } from '../shared/format';
import { localeTag, translate, variantText, type UiLanguage } from '../shared/i18n';
import { formatIsoDate, formatPeriodKey } from '../shared/calendar/display';
import { CLI_MIN_CONFIDENCE, languageOption, openSession, parseSessionArgs, UsageError, type Session, type SessionArgs } from './session';
import { errorInLanguage, issueInLanguage } from './errorText';

const USAGE = `Usage: kpiw analyze FILE... [--map FILE] [--encoding NAME] [--as-of YYYY-MM-DD] [--period day|week|month|quarter|year]
                    [--calendar gregorian|persian|buddhist|roc] [--segment COLUMN] [--last-complete] [--param id=value]... [--json]
                    [--targets FILE]... [--view support|customer_success|finance|executive|NAME] [--save ws.kpiw]
                    [--lang en|fa|th|zh-Hant|zh-Hans]   (the text output's language; --json stays codes and English)
       kpiw analyze --workspace ws.kpiw [FILE...] [options]   (works with the source files gone)
`;
export async function runAnalyze(argv: string[]): Promise<number> {
  let args: SessionArgs;
  let session: Session;
  try {
    const parsed = parseSessionArgs(argv, ['json'], ['save', 'lang']);
    if (parsed === 'help') { process.stdout.write(USAGE); return 0; }
    args = parsed;
    languageOption(args);
    session = await openSession(args);
  } catch (e) {
    if (e instanceof UsageError) { process.stderr.write(`kpiw analyze: ${errorInLanguage(e, argv)}\n${USAGE}`); return 2; }
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
    process.stdout.write(renderText(result.asOf, result.period, result.calendar, mapping, suggestions, issues, result.metrics, languageOption(args)));
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

function pad(s: string, w: number): string {
  // Width in terminal columns is approximated by code points.
  const len = [...s].length;
  return len >= w ? s : s + ' '.repeat(w - len);
}

function renderText(
  asOf: string, period: string, calendar: CalendarId, mapping: MappingFile, suggestions: TableSuggestion[] | null,
  issues: Issue[], metrics: MetricResult[], language: UiLanguage,
): string {
  const tr = (key: string, vars?: Record<string, string | number>) => translate(language, key, vars);
  const opts = { locale: localeTag(language), labels: unitLabelsFrom((k) => tr(k)) };
  const number = new Intl.NumberFormat(opts.locale, { maximumFractionDigits: 2 });
  const periodLabel = (key: string) => formatPeriodKey(key, calendar, language);
  const date = (iso: string) => formatIsoDate(iso, calendar, language);
  const lines: string[] = [];
  lines.push(tr('cli.header', { date: date(asOf), period: tr(`period.${period}`), calendar: tr(`calendar.${calendar}`) }));
  const current = metrics.find((m) => m.periodProgress && m.status !== 'missing_inputs') ?? metrics.find((m) => m.periodProgress);
  const pp = current?.periodProgress;
  if (current && pp?.partial) {
    const cmp = metrics.find((m) => m.comparisons?.previous?.partial)?.comparisons?.previous;
    lines.push(tr('cli.partial', { period: periodLabel(current.period), elapsed: number.format(pp.elapsedDays), total: number.format(pp.totalDays) })
      + (cmp ? tr('cli.partialCompare', { period: periodLabel(cmp.period), from: date(cmp.from), to: date(cmp.to) }) : '') + tr('cli.partialHint'));
  }
  lines.push('');
  lines.push(tr(suggestions ? 'cli.mappingSuggested' : 'cli.mapping'));
  if (mapping.tables.length === 0) lines.push(`  ${tr('cli.noTableMatched')}`);
  for (const t of mapping.tables) {
    const s = suggestions?.find((x) => x.source.endsWith(t.source) && (x.sheet ?? null) === (t.sheet ?? null));
    const survey = t.survey ? ` ${tr('cli.survey', { survey: tr(`survey.${t.survey}`) })}` : '';
    const confidence = s ? ` — ${tr('cli.confidence', { value: s.confidence.toFixed(2) })}` : '';
    lines.push(`  ${t.source}${t.sheet ? ` [${t.sheet}]` : ''} → ${t.dataset}${survey}${confidence}`);
    for (const [f, c] of Object.entries(t.fields)) lines.push(`      ${pad(f, 22)} ← "${c}"`);
  }
  for (const s of suggestions ?? []) {
    if (!s.dataset || s.confidence < CLI_MIN_CONFIDENCE) lines.push(`  ${s.source}${s.sheet ? ` [${s.sheet}]` : ''} → ${tr('cli.notMapped')}`);
  }
  if (issues.length) {
    lines.push('', tr('cli.issues'));
    for (const i of issues.slice(0, 60)) {
      const rows = i.rows.length ? ` (${tr('cli.rows', { rows: i.rows.join(', ') })}${(i.count ?? 0) > i.rows.length ? ', …' : ''})` : '';
      lines.push(`  ${pad(tr(`cli.severity.${i.severity}`), 7)} ${issueInLanguage(i, language)}${rows}`);
    }
    if (issues.length > 60) lines.push(`  ${tr('cli.moreIssues', { n: number.format(issues.length - 60) })}`);
  }
  const families = [...new Set(metrics.map((m) => m.family))];
  for (const fam of families) {
    lines.push('', tr(`family.${fam}`));
    for (const m of metrics.filter((x) => x.family === fam)) {
      let status: string;
      if (m.status === 'missing_inputs') status = tr('cli.missing', { fields: m.missing.join(', ') });
      else if (m.status === 'not_applicable') status = tr('cli.notApplicable');
      else status = m.table && m.value === null ? tr('cli.tableRows', { count: m.table.rows.length, n: number.format(m.table.rows.length) }) : '';
      const variant = m.variant ? `[${variantText((k, vars, fallback) => translate(language, k, vars, fallback), m.variant)}]` : '';
      const change = m.status === 'ok' ? changeVsComparison(m.value, m.comparisons?.previous, m.unit) : null;
      const t = m.target;
      const target = t ? tr('cli.target', { value: formatValue(t.value, m.unit, opts) })
        + (t.attainment != null ? ` (${formatRatio(t.attainment, opts)}${t.status ? `, ${tr(`kpi.targetStatus.${t.status}`)}` : ''})` : '') : '';
      const label = language === 'en' ? m.label : translate(language, `metric.${m.id}`, {}, m.label);
      lines.push(`  ${pad(label, 34)} ${pad(m.status === 'ok' ? formatValue(m.value, m.unit, opts) : NO_VALUE, 16)} ${pad(change ? formatChange(change, m.unit, opts) : '', 10)} ${pad(m.status === 'missing_inputs' ? '' : periodLabel(m.period), 10)} ${pad(variant, 16)} ${status}${status && target ? ' ' : ''}${target}`.trimEnd());
    }
  }
  return lines.join('\n') + '\n';
}
