// The report workbook (ExcelJS): a Summary sheet, one sheet per metric family with the period
// series, the table-valued metrics (cohort matrix, MRR waterfall, leaderboard, health per customer…)
// and optionally the data. Where a value is a simple ratio or sum of other cells of the report it is
// written as an Excel formula with its cached value, so an auditor can trace it in Excel — but only
// after checking in JS that the formula reproduces the engine's number. Sheet names, headers,
// family and metric names, statuses and period labels are written in the report language from the
// UI's resource files (src/shared/i18n); English uses the catalog's own metric labels.
import ExcelJS from 'exceljs';
import type { AnalysisResult, MetricFamily, MetricResult, MetricTableCell, PeriodComparison, Unit } from '../../shared/types';
import type { ClvResult } from '../../shared/clv';
import { clvCustomerTable } from '../metrics/clv-models/table';
import { directionOf, matchLanguage, translate, variantText } from '../../shared/i18n';
import { messageText } from '../../shared/i18n/messages';
import { tableValueKey } from '../../shared/i18n/tableValues';
import { formatPeriodKey } from '../../shared/calendar/display';

export interface DataSheet {
  name: string;
  columns: string[];
  rows: Array<Array<string | number | null>>;
  /** Rows in the table (when more than rows.length, the sheet says it is truncated). */
  total: number;
}

export interface ReportOptions {
  /** Report language (en, fa, th, zh-Hant, zh-Hans or a locale tag); Persian gives right-to-left sheets. */
  language?: string;
  /** Imported tables to include as data sheets (values only, never formulas). */
  data?: DataSheet[];
  title?: string;
  /** Predictive CLV (transactions mapped): a CLV sheet; a string says why it could not be computed. */
  clv?: ClvResult | string;
}

/** Rows per data sheet; the full data is one CSV export away. */
export const MAX_DATA_ROWS = 100_000;

const FAMILY_ORDER: MetricFamily[] = ['revenue', 'customers', 'value', 'purchases', 'support', 'surveys', 'usage', 'health'];

const SECONDS_PER_DAY = 86_400;

/** Excel number format per unit. Durations are written as Excel times (days) so [h]:mm:ss works. */
export function numberFormat(unit: Unit): string {
  switch (unit) {
    case 'currency': return '#,##0.00';
    case 'ratio': return '0.00%';
    case 'nps': return '0.0';
    case 'score': return '0.00';
    case 'duration': return '[h]:mm:ss';
    case 'months': return '0.0';
    case 'count': return '#,##0.##';
    case 'table': return 'General';
  }
}

/** A metric value as stored in the sheet (durations become fractions of a day). */
export function sheetValue(unit: Unit, v: number | null | undefined): number | null {
  if (v === null || v === undefined || !Number.isFinite(v)) return null;
  return unit === 'duration' ? v / SECONDS_PER_DAY : v;
}

function colLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** Excel sheet names: ≤ 31 chars, none of []:*?/\ , unique. */
function sheetName(wanted: string, used: Set<string>): string {
  const base = wanted.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31).trim() || 'Sheet';
  let name = base;
  for (let i = 2; used.has(name.toLowerCase()); i++) name = `${base.slice(0, 28)} ${i}`;
  used.add(name.toLowerCase());
  return name;
}

/** "2011-11 (2011-11-01 – 2011-11-09)" for a like-for-like window, the period key for a whole one. */
function comparedText(c: PeriodComparison | undefined, label: (key: string) => string): string {
  if (!c) return '';
  return c.partial ? `${label(c.period)} (${c.from} – ${c.to})` : label(c.period);
}

/** The like-for-like previous value the engine computed, else the previous point of the series. */
function previousValue(m: MetricResult): number | null {
  if (m.comparisons) return m.comparisons.previous?.value ?? null;
  const i = m.series.findIndex((p) => p.period === m.period);
  return i > 0 ? m.series[i - 1]!.value : null;
}

interface FormulaRule {
  /** Metric ids read by the formula; `prev:` = the previous period's row of that metric. */
  inputs: string[];
  /** Excel formula over cell references of the inputs, in order. */
  excel: (refs: string[]) => string;
  /** The same arithmetic in JS, used to check the formula reproduces the engine's value. */
  js: (v: number[]) => number | null;
}

const div = (a: number, b: number) => (b === 0 ? null : a / b);

/** Series metrics that are simple sums/ratios of other series in the same family sheet. */
const SERIES_FORMULAS: Record<string, FormulaRule> = {
  net_new_mrr: {
    inputs: ['mrr_new', 'mrr_reactivation', 'mrr_expansion', 'mrr_contraction', 'mrr_churn', 'mrr_moved_in', 'mrr_moved_out'],
    excel: ([n, r, e, c, ch, i, o]) => `${n}+${r}+${e}-${c}-${ch}+${i}-${o}`,
    js: ([n, r, e, c, ch, i, o]) => n! + r! + e! - c! - ch! + i! - o!,
  },
  arr: { inputs: ['mrr'], excel: ([m]) => `${m}*12`, js: ([m]) => m! * 12 },
  arpa: { inputs: ['mrr', 'active_customers'], excel: ([m, a]) => `IF(${a}=0,"",${m}/${a})`, js: ([m, a]) => div(m!, a!) },
  nrr: {
    inputs: ['prev:mrr', 'mrr_contraction', 'mrr_churn', 'mrr_expansion'],
    excel: ([s, c, ch, e]) => `IF(${s}=0,"",(${s}-${c}-${ch}+${e})/${s})`,
    js: ([s, c, ch, e]) => div(s! - c! - ch! + e!, s!),
  },
  grr: {
    inputs: ['prev:mrr', 'mrr_contraction', 'mrr_churn'],
    excel: ([s, c, ch]) => `IF(${s}=0,"",(${s}-${c}-${ch})/${s})`,
    js: ([s, c, ch]) => div(s! - c! - ch!, s!),
  },
  gross_revenue_churn: {
    inputs: ['prev:mrr', 'mrr_churn', 'mrr_contraction'],
    excel: ([s, ch, c]) => `IF(${s}=0,"",(${ch}+${c})/${s})`,
    js: ([s, ch, c]) => div(ch! + c!, s!),
  },
  net_revenue_churn: {
    inputs: ['prev:mrr', 'mrr_churn', 'mrr_contraction', 'mrr_expansion'],
    excel: ([s, ch, c, e]) => `IF(${s}=0,"",(${ch}+${c}-${e})/${s})`,
    js: ([s, ch, c, e]) => div(ch! + c! - e!, s!),
  },
  expansion_rate: {
    inputs: ['prev:mrr', 'mrr_expansion'], excel: ([s, e]) => `IF(${s}=0,"",${e}/${s})`, js: ([s, e]) => div(e!, s!),
  },
  quick_ratio: {
    inputs: ['mrr_new', 'mrr_reactivation', 'mrr_expansion', 'mrr_churn', 'mrr_contraction'],
    excel: ([n, r, e, ch, c]) => `IF(${ch}+${c}=0,"",(${n}+${r}+${e})/(${ch}+${c}))`,
    js: ([n, r, e, ch, c]) => div(n! + r! + e!, ch! + c!),
  },
  customer_churn_rate: {
    inputs: ['prev:active_customers', 'churned_customers'],
    excel: ([s, l]) => `IF(${s}=0,"",${l}/${s})`, js: ([s, l]) => div(l!, s!),
  },
  customer_retention_rate: {
    inputs: ['prev:active_customers', 'active_customers', 'new_customers', 'reactivated_customers', 'moved_in_customers'],
    excel: ([s, e, n, r, i]) => `IF(${s}=0,"",(${e}-${n}-${r}-${i})/${s})`, js: ([s, e, n, r, i]) => div(e! - n! - r! - i!, s!),
  },
  ltv_cac_ratio: { inputs: ['clv', 'cac'], excel: ([l, c]) => `IF(${c}=0,"",${l}/${c})`, js: ([l, c]) => div(l!, c!) },
  stickiness: { inputs: ['dau', 'mau'], excel: ([d, m]) => `IF(${m}=0,"",${d}/${m})`, js: ([d, m]) => div(d!, m!) },
};

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

function styleHeader(ws: ExcelJS.Worksheet, columns: number): void {
  const row = ws.getRow(1);
  row.font = { bold: true };
  row.alignment = { vertical: 'middle' };
  row.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF6' } };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: Math.max(1, columns) } };
}

function sizeColumns(ws: ExcelJS.Worksheet, widths: number[]): void {
  widths.forEach((w, i) => { ws.getColumn(i + 1).width = Math.min(60, Math.max(8, w + 2)); });
}

function textWidth(v: unknown): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'number') return Math.min(14, String(Math.round(v * 100) / 100).length + 3);
  return String(v).length;
}

/** Builds the report workbook; returns the .xlsx bytes. */
export async function buildReportWorkbook(result: AnalysisResult, options: ReportOptions = {}): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'KPI Workbench';
  wb.created = new Date(0); // deterministic bytes for the same analysis
  const language = matchLanguage(options.language) ?? 'en';
  const rtl = directionOf(language) === 'rtl';
  const tr = (key: string, vars?: Record<string, string | number>) => translate(language, key, vars);
  const familyTitle = (f: MetricFamily) => tr(`family.${f}`);
  const metricLabel = (m: MetricResult) => (language === 'en' ? m.label : translate(language, `metric.${m.id}`, {}, m.label));
  const periodLabel = (key: string) => formatPeriodKey(key, result.calendar, language);
  // The formula in the report's language (numbers in Latin digits, as in the report's other texts).
  const formulaText = (m: MetricResult) => (m.formulaMessage ? messageText(m.formulaMessage, language, 'latin') : m.formula);
  const benchmarkText = (m: MetricResult) => (m.benchmark?.message ? messageText(m.benchmark.message, language, 'latin') : m.benchmark?.text ?? '');
  // Notes in the report's language where the engine gave them as messages, one per line.
  const notesText = (m: MetricResult) => (m.notes ?? []).map((n, i) => {
    const message = m.noteMessages?.[i];
    return message ? messageText(message, language, 'latin') : n;
  }).join(' • ');
  const variantLabel = (v: string | null) => (v ? variantText((k, vars, fallback) => translate(language, k, vars, fallback), v) : '');
  const used = new Set<string>();
  const frozen = (): Partial<ExcelJS.WorksheetView>[] => [{ state: 'frozen', ySplit: 1, xSplit: 0, rightToLeft: rtl }];

  // --- Summary -------------------------------------------------------------------------------
  const summary = wb.addWorksheet(sheetName(tr('report.sheet.summary'), used), { views: frozen() });
  const header = (['family', 'metric', 'id', 'period', 'value', 'previous', 'change', 'changePct', 'unit', 'status',
    'benchmark', 'variant', 'formula', 'days', 'comparedWith', 'yearAgo', 'yearAgoPeriod', 'notes'] as const).map((c) => tr(`report.column.${c}`));
  summary.addRow(header);
  const widths = header.map((h) => h.length);
  const metrics = [...result.metrics].sort(
    (a, b) => FAMILY_ORDER.indexOf(a.family) - FAMILY_ORDER.indexOf(b.family),
  );
  for (const m of metrics) {
    const value = sheetValue(m.unit, m.value);
    const prev = sheetValue(m.unit, previousValue(m));
    const r = summary.rowCount + 1;
    const change = value !== null && prev !== null ? value - prev : null;
    const changePct = change !== null && prev !== null && prev !== 0 ? change / prev : null;
    const pp = m.periodProgress;
    const days = pp ? tr(pp.partial ? 'report.daysPartial' : 'report.days', { elapsed: pp.elapsedDays, total: pp.totalDays }) : '';
    const statusText = m.status === 'missing_inputs' ? tr('report.missingInputs', { fields: m.missing.join(', ') }) : tr(`report.status.${m.status}`);
    const row = summary.addRow([
      familyTitle(m.family), metricLabel(m), m.id, periodLabel(m.period),
      m.unit === 'table' ? null : value, m.unit === 'table' ? null : prev,
      change === null ? null : { formula: `E${r}-F${r}`, result: change },
      changePct === null ? null : { formula: `IF(F${r}=0,"",G${r}/F${r})`, result: changePct },
      m.unit, statusText, benchmarkText(m), variantLabel(m.variant), formulaText(m),
      days, comparedText(m.comparisons?.previous, periodLabel), m.unit === 'table' ? null : sheetValue(m.unit, m.comparisons?.yoy?.value ?? null),
      comparedText(m.comparisons?.yoy, periodLabel), notesText(m),
    ]);
    const fmt = numberFormat(m.unit);
    row.getCell(16).numFmt = fmt;
    row.getCell(5).numFmt = fmt;
    row.getCell(6).numFmt = fmt;
    row.getCell(7).numFmt = fmt;
    row.getCell(8).numFmt = '0.0%';
    [familyTitle(m.family), metricLabel(m), m.id, periodLabel(m.period), 12, 12, 12, 8, m.unit, statusText, benchmarkText(m), variantLabel(m.variant), formulaText(m), days, comparedText(m.comparisons?.previous, periodLabel), 12, comparedText(m.comparisons?.yoy, periodLabel), notesText(m)]
      .forEach((v, i) => { widths[i] = Math.max(widths[i]!, typeof v === 'number' ? v : textWidth(v)); });
  }
  styleHeader(summary, header.length);
  sizeColumns(summary, widths);
  summary.getColumn(13).width = 60;
  summary.getColumn(18).width = Math.min(widths[17]! + 2, 80);
  summary.getColumn(11).width = Math.min(widths[10]! + 2, 45);

  // A small parameters block below the metrics, so the report states what it was computed with.
  const info = summary.rowCount + 2;
  summary.getCell(`A${info}`).value = tr('report.asOf');
  summary.getCell(`B${info}`).value = result.asOf;
  summary.getCell(`A${info + 1}`).value = tr('report.period');
  summary.getCell(`B${info + 1}`).value = language === 'en' ? `${result.period} (${result.calendar})` : `${tr(`period.${result.period}`)} (${tr(`calendar.${result.calendar}`)})`;
  // The data runs past the as-of date when the last complete period was chosen over a partial one.
  const extra = result.dataAsOf ? 1 : 0;
  if (result.dataAsOf) {
    summary.getCell(`A${info + 2}`).value = tr('report.dataUpTo');
    summary.getCell(`B${info + 2}`).value = tr('report.partialLeftOut', { dataAsOf: result.dataAsOf, asOf: result.asOf });
  }
  const params = Object.entries(result.mapping.params ?? {});
  params.forEach(([k, v], i) => {
    summary.getCell(`A${info + 2 + extra + i}`).value = k;
    summary.getCell(`B${info + 2 + extra + i}`).value = typeof v === 'object' ? JSON.stringify(v) : String(v);
  });

  // --- One sheet per family with the period series ------------------------------------------
  for (const family of FAMILY_ORDER) {
    const series = metrics.filter((m) => m.family === family && m.unit !== 'table' && m.series.length > 0);
    if (series.length === 0) continue;
    const ws = wb.addWorksheet(sheetName(familyTitle(family), used), { views: frozen() });
    const periods = series[0]!.series.map((p) => p.period);
    // English keeps the metric ids as column heads (scripts look columns up by them); other
    // languages name the metrics.
    ws.addRow([tr('report.column.period'), ...series.map((m) => (language === 'en' ? m.id : metricLabel(m)))]);
    const colOf = new Map(series.map((m, i) => [m.id, i + 2]));
    const valueAt = (id: string, rowIdx: number): number | null => {
      const m = series.find((x) => x.id === id);
      return m ? sheetValue(m.unit, m.series[rowIdx]?.value) : null;
    };
    periods.forEach((period, rowIdx) => {
      const excelRow = rowIdx + 2;
      const cells: ExcelJS.CellValue[] = [periodLabel(period)];
      for (const m of series) {
        const v = sheetValue(m.unit, m.series[rowIdx]?.value);
        const rule = SERIES_FORMULAS[m.id];
        let cell: ExcelJS.CellValue = v;
        if (rule && v !== null && m.unit !== 'duration') {
          const refs: string[] = [];
          const vals: number[] = [];
          let ok = true;
          for (const input of rule.inputs) {
            const prevRow = input.startsWith('prev:');
            const id = prevRow ? input.slice(5) : input;
            const col = colOf.get(id);
            const srcRow = prevRow ? rowIdx - 1 : rowIdx;
            const iv = srcRow >= 0 ? valueAt(id, srcRow) : null;
            if (col === undefined || iv === null) { ok = false; break; }
            refs.push(`${colLetter(col)}${srcRow + 2}`);
            vals.push(iv);
          }
          const check = ok ? rule.js(vals) : null;
          if (ok && check !== null && close(check, v)) cell = { formula: rule.excel(refs), result: v };
        }
        cells.push(cell);
      }
      const row = ws.addRow(cells);
      series.forEach((m, i) => { row.getCell(i + 2).numFmt = numberFormat(m.unit); });
      void excelRow;
    });
    styleHeader(ws, series.length + 1);
    sizeColumns(ws, [10, ...series.map((m) => Math.max(12, m.id.length))]);
  }

  // --- Table-valued metrics ------------------------------------------------------------------
  for (const m of metrics) {
    if (!m.table || m.table.rows.length === 0) continue;
    const ws = wb.addWorksheet(sheetName(metricLabel(m) || m.id, used), { views: frozen() });
    const columns = m.table.columns;
    const headers = columns.map((c) => translate(language, `tableColumn.${c}`, {}, c));
    // Ids the engine wrote (bands, survey kinds) in the report's language; data and numbers as they are.
    const cell = (c: MetricTableCell, i: number) => {
      const key = tableValueKey(columns[i]!, c);
      return key ? tr(key) : typeof c === 'number' && !Number.isFinite(c) ? null : c;
    };
    ws.addRow(headers);
    for (const r of m.table.rows) ws.addRow(r.map(cell));
    styleHeader(ws, columns.length);
    sizeColumns(ws, headers.map((h, i) => Math.max(h.length, ...m.table!.rows.slice(0, 200).map((r) => textWidth(cell(r[i]!, i))))));
  }

  // --- Targets: every period with a target, actual against it (attainment as a formula) --------
  const targeted = metrics.filter((m) => m.targetSeries?.some((p) => p.value != null));
  if (targeted.length) {
    const ws = wb.addWorksheet(sheetName(tr('report.sheet.targets'), used), { views: frozen() });
    const head = (['metric', 'id', 'period', 'target', 'actual', 'attainment', 'projected', 'targetStatus'] as const).map((c) => tr(`report.column.${c}`));
    ws.addRow(head);
    for (const m of targeted) {
      const actualAt = new Map(m.series.map((p) => [p.period, p.value]));
      for (const p of m.targetSeries!) {
        if (p.value == null) continue;
        const r = ws.rowCount + 1;
        const actual = actualAt.get(p.period) ?? null;
        const current = p.period === m.period ? m.target : undefined;
        const lower = m.better === 'lower';
        const attainment = actual == null ? null : lower ? (actual === 0 ? null : p.value / actual) : p.value === 0 ? null : actual / p.value;
        const status = current?.status ?? (actual == null ? null : (lower ? actual <= p.value : actual >= p.value) ? 'met' : 'missed');
        const row = ws.addRow([
          metricLabel(m), m.id, periodLabel(p.period), sheetValue(m.unit, p.value), sheetValue(m.unit, actual),
          attainment == null ? null : { formula: lower ? `IF(E${r}=0,"",D${r}/E${r})` : `IF(D${r}=0,"",E${r}/D${r})`, result: attainment },
          current?.projected != null && current.projected !== actual ? sheetValue(m.unit, current.projected) : null,
          status ? tr(`kpi.targetStatus.${status}`) : '',
        ]);
        for (const c of [4, 5, 7]) row.getCell(c).numFmt = numberFormat(m.unit);
        row.getCell(6).numFmt = '0.0%';
      }
    }
    styleHeader(ws, head.length);
    sizeColumns(ws, [Math.max(...targeted.map((m) => textWidth(metricLabel(m)))), 18, 14, 12, 12, 10, 12, 12]);
  }

  if (options.clv !== undefined) clvSheet(wb.addWorksheet(sheetName(tr('report.sheet.clv'), used), { views: [{ rightToLeft: rtl }] }), options.clv, language);

  // --- Data sheets (values only: imported text is never written as a formula) ------------------
  for (const d of options.data ?? []) {
    const ws = wb.addWorksheet(sheetName(tr('report.sheet.data', { name: d.name }), used), { views: frozen() });
    ws.addRow(d.columns);
    const rows = d.rows.slice(0, MAX_DATA_ROWS);
    for (const r of rows) ws.addRow(r);
    if (d.total > rows.length) {
      ws.addRow([tr('report.moreRows', { n: d.total - rows.length })]);
    }
    styleHeader(ws, d.columns.length);
    sizeColumns(ws, d.columns.map((c, i) => Math.max(c.length, ...rows.slice(0, 200).map((r) => textWidth(r[i])))));
  }

  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}

/** Parameters with standard errors, fit quality, holdout check, the CLV variants side by side, then one row per customer, in `language`. */
function clvSheet(ws: ExcelJS.Worksheet, clv: ClvResult | string, language: string): void {
  const tr = (key: string, vars?: Record<string, string | number>, fallback?: string) => translate(language, key, vars, fallback);
  if (typeof clv === 'string') { ws.addRow([tr('report.clv.notComputed', { reason: clv })]); return; }
  const bold = (row: ExcelJS.Row) => { row.font = { bold: true }; };
  const num = (v: number | null) => (v === null || !Number.isFinite(v) ? null : v);
  const yesNo = (b: boolean) => tr(b ? 'clvModel.yes' : 'clvModel.no');
  const model = clv.model === 'sbg' ? 'sBG' : 'BG/NBD';
  const unit = tr(`clvModel.unit.${clv.timeUnit}`, {}, tr(`clvModel.period.${clv.timeUnit}`, {}, clv.timeUnit));
  bold(ws.addRow([clv.model === 'sbg'
    ? tr('clvModel.cardSbg', { customers: clv.customers, end: clv.calibrationEnd, period: unit })
    : tr('clvModel.card', { customers: clv.customers, end: clv.calibrationEnd, unit })]));
  bold(ws.addRow([tr('report.clv.parameter'), tr('report.clv.estimate'), tr('report.clv.stdError')]));
  for (const k of Object.keys(clv.params)) ws.addRow([`${model} ${k}`, num(clv.params[k]), num(clv.stdErrors[k] ?? null)]);
  if (clv.gammaGamma) for (const k of ['p', 'q', 'v'] as const) ws.addRow([`Gamma-Gamma ${k}`, num(clv.gammaGamma[k]), null]);
  ws.addRow([tr('clvModel.logLikelihood'), num(clv.logLikelihood)]);
  ws.addRow([tr('report.clv.converged'), yesNo(clv.converged)]);
  clv.problems.forEach((p, i) => {
    const message = clv.problemMessages?.[i];
    ws.addRow([tr('report.clv.problem'), message ? messageText(message, language, 'latin') : p]);
  });
  if (clv.holdout) {
    ws.addRow([]);
    bold(ws.addRow([tr('report.clv.holdoutTo', { end: clv.holdoutEnd ?? '' }), tr('clvModel.actual'), tr('clvModel.predicted'), tr('report.clv.maePerCustomer')]));
    ws.addRow([tr('report.clv.repeatPurchasesTotal'), clv.holdout.actual, num(clv.holdout.predicted), num(clv.holdout.mae)]);
    bold(ws.addRow([tr('clvModel.calibrationFrequency'), tr('clvModel.customers'), tr('report.clv.actualMean'), tr('report.clv.predictedMean')]));
    for (const b of clv.holdout.byFrequency) ws.addRow([b.frequency, b.customers, num(b.actual), num(b.predicted)]);
  }
  if (clv.segments) {
    ws.addRow([]);
    bold(ws.addRow([tr('clvModel.segment'), tr('clvModel.customers'), 'alpha', 'beta', tr('clvModel.logLikelihood'), tr('report.clv.converged'), tr('clvModel.activeCustomers'),
      tr('clvModel.clvTotal'), tr('clvModel.clvMean'), ...clv.segments[0].retention.map((_, t) => `S(${t})`)]));
    for (const g of clv.segments) {
      ws.addRow([g.segment, g.customers, num(g.params.alpha), num(g.params.beta), num(g.logLikelihood), yesNo(g.converged), g.activeCustomers, num(g.clvTotal), num(g.clvMean), ...g.retention.map(num)]);
      ws.addRow([tr('report.clv.observedOf', { segment: g.segment }), null, null, null, null, null, null, null, null, ...g.observed]);
    }
  }
  ws.addRow([]);
  bold(ws.addRow([tr('report.clv.variants', { horizon: clv.horizon, unit, discount: clv.discount, margin: clv.margin }),
    tr('clvModel.value'), tr('clvModel.inputs'), tr('clvModel.assumptions')]));
  for (const v of clv.variants) {
    ws.addRow([tr(`clvModel.variantLabel.${clv.model}.${v.id}`, {}, v.label), num(v.value),
      Object.entries(v.inputs).map(([k, x]) => `${tr(`clvModel.input.${k}`, {}, k)} = ${x === null ? '—' : Number(x.toPrecision(6))}`).join('; '),
      tr(`clvModel.assumption.${clv.model}.${v.id}`, {}, v.assumptions)]);
  }
  ws.addRow([]);
  const table = clvCustomerTable(clv, undefined, language);
  bold(ws.addRow(table.header));
  for (const row of table.rows) ws.addRow(row);
  sizeColumns(ws, [40, 14, 40, 60, 10, 18, 14, 12, 40]);
}
