// The orchestrator: resolves parameters, as-of date, data range, period kind and calendar; builds the
// metric context; runs every family whose inputs are mapped (once for the total and once per segment
// value); assembles MetricResults with status, variant, benchmark, formula and SQL; caches family
// outputs so a parameter change recomputes only the families that read it; and turns a drill-down
// request into the source rows behind a value.
import type {
  AnalysisOptions, AnalysisResult, CalendarId, DatasetId, DrillRequest, Issue, MappingFile, MetricResult, MetricSegment,
  PeriodComparison, PeriodKind, SeriesPoint, TableInfo,
} from '../../shared/types';
import { CALENDARS } from '../../shared/types';
import { ident, literal, queryRows, tableExists, type Database } from '../store/database';
import type { DrillRows } from '../store/paging';
import { DATASET_BY_ID, normalizedTable } from '../mapping/datasets';
import { mappedFieldsOf, mappingGeneration, resolveMapping, textOf } from '../mapping/normalize';
import type { ResolvedTable } from '../mapping/mappingFile';
import { FAMILIES } from './catalog';
import { buildMetricContext } from './context';
import { msg, noteOutput } from './formula';
import { issueMessage } from '../../shared/i18n/issues';
import { resourceText } from '../../shared/i18n';
import { monthsInPeriod } from './families/money-common';
import {
  dayFromIso, isoFromDay, likeForLikeWindow, periodOf, periodProgress, previousPeriod, samePeriodLastYear, today,
} from '../../shared/calendar/periods';
import type { FamilyModule, MetricContext, MetricDef, MetricOutput } from './types';
import { applyTargets, TargetIndex, targetsFromOptions, targetsFromTable } from './targets';
import { LruMap, sessionOf } from '../store/session';
import { MessageError } from '../messageError';

const PERIOD_KINDS: readonly PeriodKind[] = ['day', 'week', 'month', 'quarter', 'year'];
/** At most this many segment values are computed; the rest are grouped as OTHER_SEGMENT. */
export const MAX_SEGMENTS = 50;
export const OTHER_SEGMENT = '(other)';
export const BLANK_SEGMENT = '(blank)';
/** Date fields that may lie in the future (scheduled ends, due dates): not used for the default as-of. */
const FORWARD_LOOKING = new Set(['end_date', 'trial_end', 'due_date']);
const CACHE_LIMIT = 400;

type Mapped = Partial<Record<DatasetId, Set<string>>>;

interface Setup {
  resolved: ResolvedTable[];
  mapped: Mapped;
  params: Record<string, unknown>;
  period: PeriodKind;
  calendar: CalendarId;
  asOfDay: number;
  fromDay: number;
  issues: Issue[];
  segmentColumn: string | null;
  segmentValues: string[];
  /** The as-of day before lastComplete moved it back (equal to asOfDay otherwise). */
  dataAsOfDay: number;
  /** Set on a comparison setup: its last period ends here (the like-for-like cut). */
  lastPeriodEnd?: number;
  /** Cache key prefix: everything but the family, its params and the segment value. */
  key: string;
  /**
   * `key` without the segment column, for the total's outputs (segment value null): a total reads
   * no segment (segFilter is 1=1, no _seg), so choosing or clearing a segment column reuses them.
   */
  totalKey: string;
  /** Per dataset, the latest modification day of its source files (when the host told us). */
  fileDays: Partial<Record<DatasetId, number>>;
  /** What the n_* rows (their _seg included) depend on: the mapping generation, tables, segment column. */
  dataKey: string;
  /** The mapping generation, tables and mapping (dataKey without the segment column). */
  gen: string;
}

// ---------------------------------------------------------------------------------------------
// Caches (per database). Keys carry the mapping generation, so applyMapping invalidates them.

interface DbCache {
  outputs: Map<string, Map<string, MetricOutput>>;
  bounds: Map<string, { min: number | null; max: number | null }>;
  segments: { key: string; values: string[]; issues: Issue[] } | null;
  /**
   * MetricContext.memo per data version (Setup.dataKey), for the last MEMO_VERSIONS segment columns
   * of the current mapping generation and tables (Setup.gen): choosing a segment and clearing it
   * again finds the reads and scores of before; `shared` is MetricContext.dataMemo, the reads no
   * segment column changes. A new generation drops them all.
   */
  memo: { gen: string; byKey: LruMap<string, Map<string, unknown>>; shared: Map<string, unknown> } | null;
}
const MEMO_VERSIONS = 3;
/** The analysis caches of a database's session (keys carry the data version, so they survive a remapping). */
function cacheOf(db: Database): DbCache {
  return sessionOf(db).lasting<DbCache>('analysis', () => ({ outputs: new Map(), bounds: new Map(), segments: null, memo: null }));
}

function remember<V>(map: Map<string, V>, key: string, value: V): V {
  map.set(key, value);
  if (map.size > CACHE_LIMIT) map.delete(map.keys().next().value as string);
  return value;
}

// ---------------------------------------------------------------------------------------------


/** Earliest and latest activity day in the mapped data (forward-looking fields left out). */
function dataBounds(db: Database, mapped: Mapped, cache: DbCache, gen: string): { min: number | null; max: number | null } {
  const hit = cache.bounds.get(gen);
  if (hit) return hit;
  let min: number | null = null;
  let max: number | null = null;
  for (const [ds, fields] of Object.entries(mapped) as Array<[DatasetId, Set<string>]>) {
    const def = DATASET_BY_ID.get(ds)!;
    const cols = def.fields
      .filter((f) => fields.has(f.id) && !FORWARD_LOOKING.has(f.id) && (f.kind === 'date' || f.kind === 'datetime'))
      .map((f) => (f.kind === 'datetime' ? `${f.id}_day` : f.id));
    if (cols.length === 0) continue;
    const row = queryRows(db, `SELECT ${cols.map((c) => `min(${ident(c)}), max(${ident(c)})`).join(', ')} FROM ${ident(normalizedTable(ds))}`).rows[0] ?? [];
    for (let i = 0; i < row.length; i++) {
      const v = row[i];
      if (v == null) continue;
      const d = Number(v);
      if (i % 2 === 0) min = min === null ? d : Math.min(min, d);
      else max = max === null ? d : Math.max(max, d);
    }
  }
  return remember(cache.bounds, gen, { min, max });
}

function tablesSignature(tables: readonly TableInfo[]): string {
  return tables.map((t) => `${t.name}:${t.rowCount}:${t.columns.length}`).join('|');
}

/** Fills n_*._seg from the segment column of each source table; at most MAX_SEGMENTS values. */
function fillSegments(db: Database, resolved: ResolvedTable[], mapped: Mapped, column: string, cache: DbCache, gen: string): { values: string[]; issues: Issue[] } {
  const key = `${gen}|${column}`;
  if (cache.segments?.key === key) return cache.segments;
  const issues: Issue[] = [];
  const datasets = Object.keys(mapped) as DatasetId[];
  const want = column.trim().toLowerCase();
  let found = false;
  db.run('BEGIN');
  try {
    // Every row is rewritten: the _seg index is dropped first and built once after, rather than
    // updated row by row (most of a segment change's time on 1M rows otherwise).
    for (const ds of datasets) db.run(`DROP INDEX IF EXISTS ${ident(`ix_${normalizedTable(ds)}__seg`)}`);
    const withColumn = new Map<DatasetId, string[]>();
    for (const r of resolved) {
      const col = r.table.columns.find((c) => c.name === column) ?? r.table.columns.find((c) => c.name.trim().toLowerCase() === want);
      const label = r.table.sheet ? `${r.table.source} [${r.table.sheet}]` : r.table.source;
      if (!col) {
        issues.push({ severity: 'info', code: 'segment_column_missing', column, rows: [], table: r.table.name, params: { table: label, column }, message: `${label} has no column "${column}": its rows are in segment "${BLANK_SEGMENT}".` });
        continue;
      }
      found = true;
      withColumn.set(r.dataset, [...(withColumn.get(r.dataset) ?? []), r.table.name]);
      const n = ident(normalizedTable(r.dataset));
      db.run(`UPDATE ${n} AS n SET _seg = COALESCE((SELECT ${textOf(col)} FROM ${ident(r.table.name)} AS t WHERE t.__row = n._row), ${literal(BLANK_SEGMENT)}) WHERE n._src = ${literal(r.table.name)}`);
    }
    // The rows of the tables without the column (each row is rewritten once, not twice).
    for (const ds of datasets) {
      const sources = withColumn.get(ds);
      const rest = sources ? ` WHERE _src IS NULL OR _src NOT IN (${sources.map(literal).join(', ')})` : '';
      db.run(`UPDATE ${ident(normalizedTable(ds))} SET _seg = ${literal(BLANK_SEGMENT)}${rest}`);
    }
    // Indexed before counting: the counts then walk the index instead of sorting every row.
    for (const ds of datasets) db.run(`CREATE INDEX IF NOT EXISTS ${ident(`ix_${normalizedTable(ds)}__seg`)} ON ${ident(normalizedTable(ds))} (_seg)`);
    let values: string[] = [];
    if (found && datasets.length > 0) {
      const union = datasets.map((ds) => `SELECT _seg, count(*) AS n FROM ${ident(normalizedTable(ds))} GROUP BY _seg`).join(' UNION ALL ');
      const counts = queryRows(db, `SELECT _seg, sum(n) AS n FROM (${union}) GROUP BY _seg ORDER BY n DESC, _seg`).rows.map((r) => String(r[0]));
      if (counts.length > MAX_SEGMENTS) {
        const keep = counts.slice(0, MAX_SEGMENTS - 1);
        const list = keep.map(literal).join(', ');
        for (const ds of datasets) db.run(`UPDATE ${ident(normalizedTable(ds))} SET _seg = ${literal(OTHER_SEGMENT)} WHERE _seg NOT IN (${list})`);
        issues.push({
          severity: 'info', code: 'segments_capped', column, rows: [], count: counts.length, params: { column, count: counts.length, shown: MAX_SEGMENTS - 1 },
          message: `"${column}" has ${counts.length} values: the ${MAX_SEGMENTS - 1} largest are shown, the other ${counts.length - keep.length} are grouped as "${OTHER_SEGMENT}".`,
        });
        values = [...keep, OTHER_SEGMENT];
      } else {
        values = counts;
      }
    } else {
      issues.push({ severity: 'warning', code: 'segment_column_missing', column, rows: [], params: { column }, message: `No mapped table has a column "${column}"; metrics are not split by it.` });
    }
    db.run('COMMIT');
    cache.segments = { key, values, issues };
    return cache.segments;
  } catch (e) {
    db.run('ROLLBACK');
    throw e;
  }
}

/** Day (UTC) each source file was last modified, by source path as the tables name it. */
export type SourceDays = ReadonlyMap<string, number>;

function prepare(db: Database, tables: TableInfo[], mapping: MappingFile, options: AnalysisOptions, sourceDays?: SourceDays): Setup {
  const period = options.period ?? 'month';
  if (!PERIOD_KINDS.includes(period)) throw new MessageError('engineError.period', { periods: PERIOD_KINDS.join(', '), value: String(period) }, 'bad_option');
  const calendar = options.calendar ?? 'gregorian';
  if (!CALENDARS.includes(calendar)) throw new MessageError('engineError.calendar', { calendars: CALENDARS.join(', '), value: String(calendar) }, 'bad_option');
  const { resolved } = resolveMapping(tables, mapping);
  const mapped: Mapped = {};
  for (const [ds, fields] of Object.entries(mappedFieldsOf(resolved)) as Array<[DatasetId, Set<string>]>) {
    if (tableExists(db, normalizedTable(ds))) mapped[ds] = fields;
  }
  const cache = cacheOf(db);
  const gen = `${mappingGeneration(db)}|${tablesSignature(tables)}|${JSON.stringify(mapping.tables)}`;
  const issues: Issue[] = [];
  const bounds = dataBounds(db, mapped, cache, gen);
  let asOfDay: number;
  if (options.asOf) {
    const d = dayFromIso(options.asOf.trim());
    if (d === null) throw new MessageError('engineError.asOfNotADate', { value: options.asOf }, 'bad_option');
    asOfDay = d;
  } else if (bounds.max !== null) {
    asOfDay = bounds.max;
  } else {
    asOfDay = today();
    if (Object.keys(mapped).length > 0) {
      issues.push({ severity: 'info', code: 'as_of_today', column: null, rows: [], params: { date: isoFromDay(asOfDay) }, message: `No dates are mapped, so the as-of date is today (${isoFromDay(asOfDay)}).` });
    }
  }
  const dataAsOfDay = asOfDay;
  if (options.lastComplete) {
    const cur = periodOf(asOfDay, period, calendar);
    const progress = periodProgress(cur, asOfDay);
    if (progress.partial) {
      asOfDay = cur.start - 1;
      issues.push({
        severity: 'info', code: 'last_complete_period', column: null, rows: [],
        params: { period: cur.key, elapsed: progress.elapsedDays, total: progress.totalDays, date: isoFromDay(dataAsOfDay), analyzed: periodOf(asOfDay, period, calendar).key },
        message: `${cur.key} is partial (${progress.elapsedDays} of ${progress.totalDays} days up to ${isoFromDay(dataAsOfDay)}), so the last complete period, ${periodOf(asOfDay, period, calendar).key}, is analyzed.`,
      });
    }
  }
  const fromDay = bounds.min !== null ? Math.min(bounds.min, asOfDay) : asOfDay;
  const params = { ...dataDrivenDefaults(mapped), ...(mapping.params ?? {}), ...(options.params ?? {}) };
  let segmentColumn: string | null = options.segment?.trim() ? options.segment.trim() : null;
  let segmentValues: string[] = [];
  if (segmentColumn) {
    const seg = fillSegments(db, resolved, mapped, segmentColumn, cache, gen);
    segmentValues = seg.values;
    issues.push(...seg.issues);
    if (segmentValues.length === 0) segmentColumn = null;
  }
  const fileDays: Partial<Record<DatasetId, number>> = {};
  for (const r of resolved) {
    const d = sourceDays?.get(r.table.source);
    if (d !== undefined) fileDays[r.dataset] = Math.max(fileDays[r.dataset] ?? d, d);
  }
  const totalKey = `${gen}|${period}|${calendar}|${asOfDay}|${fromDay}|${JSON.stringify(fileDays)}`;
  const key = `${gen}|${period}|${calendar}|${asOfDay}|${fromDay}|${segmentColumn ?? ''}|${JSON.stringify(fileDays)}`;
  return { resolved, mapped, params, period, calendar, asOfDay, fromDay, issues, segmentColumn, segmentValues, dataAsOfDay, key, totalKey, fileDays, dataKey: `${gen}|${segmentColumn ?? ''}`, gen };
}

type ComparisonKind = 'previous' | 'yoy';
interface ComparisonSetup { setup: Setup; meta: Omit<PeriodComparison, 'value'> }

/**
 * The setup a comparison is computed in: the as-of date moves to the like-for-like balance day of
 * the previous period (or the same period last year) and that period is cut after the same number
 * of elapsed days as the current one; a complete current period is compared with a complete one.
 * Null when the compared period is before the first period of the data.
 */
function comparisonSetup(s: Setup, kind: ComparisonKind): ComparisonSetup | null {
  const current = periodOf(s.asOfDay, s.period, s.calendar);
  const progress = periodProgress(current, s.asOfDay);
  const compare = kind === 'previous' ? previousPeriod(current, s.period, s.calendar) : samePeriodLastYear(current, s.period, s.calendar);
  if (compare.start < periodOf(s.fromDay, s.period, s.calendar).start) return null;
  const window = progress.partial
    ? likeForLikeWindow(compare, progress.elapsedDays)
    : { start: compare.start, end: compare.end, balanceDay: compare.end - 1 };
  const partial = window.end < compare.end;
  const setup: Setup = {
    ...s, asOfDay: window.balanceDay, lastPeriodEnd: window.end,
    key: `${s.key}|cmp:${window.balanceDay}:${window.end}`, totalKey: `${s.totalKey}|cmp:${window.balanceDay}:${window.end}`,
  };
  return { setup, meta: { period: compare.key, from: isoFromDay(window.start), to: isoFromDay(window.end - 1), partial } };
}

/**
 * Defaults that follow from what is mapped: a workspace of purchases without any subscription data
 * is a one-off business, so repurchase metrics apply and CLV is the purchase variant. Anything the
 * user sets (mapping params, options) still wins.
 */
function dataDrivenDefaults(mapped: Mapped): Record<string, unknown> {
  const subscriptionData = !!(mapped.subscriptions || mapped.mrr_snapshots);
  if (!subscriptionData && mapped.transactions) return { business_model: 'one_off', 'clv.variant': 'purchase' };
  return {};
}

function memosOf(db: Database, s: Setup): NonNullable<DbCache['memo']> {
  const cache = cacheOf(db);
  if (cache.memo?.gen !== s.gen) cache.memo = { gen: s.gen, byKey: new LruMap(MEMO_VERSIONS), shared: new Map() };
  return cache.memo;
}

function memoOf(db: Database, s: Setup): Map<string, unknown> {
  const memos = memosOf(db, s);
  return memos.byKey.get(s.dataKey) ?? memos.byKey.set(s.dataKey, new Map());
}

function contextFor(db: Database, s: Setup, segmentValue: string | null, valueOnly = false): MetricContext {
  return buildMetricContext({
    db, mapped: s.mapped, fromDay: s.fromDay, asOfDay: s.asOfDay, period: s.period, calendar: s.calendar,
    params: s.params, segmentValue, fileDays: s.fileDays, memo: memoOf(db, s), dataMemo: memosOf(db, s).shared, ...(s.lastPeriodEnd !== undefined ? { lastPeriodEnd: s.lastPeriodEnd } : {}),
    ...(valueOnly ? { valueOnly } : {}),
  });
}

/** Which mapped fields a metric lacks: null when an input alternative is satisfied. */
export function missingInputs(def: MetricDef, mapped: Mapped): string[] | null {
  let best: string[] | null = null;
  for (const alt of def.inputs) {
    const have = mapped[alt.dataset];
    const missing = alt.fields.filter((f) => !have?.has(f)).map((f) => `${alt.dataset}.${f}`);
    if (missing.length === 0) return null;
    if (!best || missing.length < best.length) best = missing;
  }
  return best ?? [];
}

/** Params a family reads (declared per metric), for its cache key. */
function familyParamKey(family: FamilyModule, params: Record<string, unknown>, resolvedParams: Readonly<Record<string, unknown>>): string {
  const ids = new Set<string>();
  for (const m of family.metrics) for (const p of m.params ?? []) ids.add(p);
  // Parameters nobody declared but the user set are included too: being wrong about a stale
  // number is worse than recomputing a family.
  const undeclared = Object.keys(params).filter((k) => !FAMILIES.some((f) => f.metrics.some((m) => m.params?.includes(k))));
  for (const k of undeclared) ids.add(k);
  return JSON.stringify([...ids].sort().map((k) => [k, resolvedParams[k] ?? null]));
}

interface FamilyRun { outputs: Map<string, MetricOutput>; error: string | null }

/** `valueOnly`: only the outputs' current values are read (comparison periods; see MetricContext.valueOnly). */
function runFamily(db: Database, s: Setup, family: FamilyModule, segmentValue: string | null, valueOnly = false): FamilyRun {
  const cache = cacheOf(db);
  const ctx = contextFor(db, s, segmentValue, valueOnly);
  const key = `${segmentValue === null ? `total|${s.totalKey}` : s.key}|${family.family}|${familyParamKey(family, s.params, ctx.params)}|${segmentValue ?? '\u0000total'}${valueOnly ? '|value' : ''}`;
  const hit = cache.outputs.get(key);
  if (hit) return { outputs: hit, error: null };
  try {
    return { outputs: remember(cache.outputs, key, family.compute(ctx)), error: null };
  } catch (e) {
    return { outputs: new Map(), error: e instanceof Error ? e.message : String(e) };
  }
}

const finite = (v: number | null | undefined): number | null => (v == null || !Number.isFinite(v) ? null : v === 0 ? 0 : v);
const cleanSeries = (s: SeriesPoint[]): SeriesPoint[] => s.map((p) => ({ period: p.period, value: finite(p.value) }));

function outputValue(out: MetricOutput): number | null {
  if (out.value !== undefined) return finite(out.value);
  return finite(out.series.length ? out.series[out.series.length - 1]!.value : null);
}

/** Computes every metric of the catalog (or options.metrics) over the mapped data. */
export function analyze(
  db: Database, tables: TableInfo[], mapping: MappingFile, issues: Issue[], options: AnalysisOptions, sourceDays?: SourceDays,
): AnalysisResult {
  return analyzeFamilies(FAMILIES, db, tables, mapping, issues, options, sourceDays);
}

const englishText = (key: string): string | undefined => resourceText('en', key);

/** analyze() over a given list of family modules (the catalog, or test-only families). */
export function analyzeFamilies(
  families: readonly FamilyModule[], db: Database, tables: TableInfo[], mapping: MappingFile, issues: Issue[], options: AnalysisOptions,
  sourceDays?: SourceDays,
): AnalysisResult {
  const s = prepare(db, tables, mapping, options, sourceDays);
  const wanted = options.metrics?.length ? new Set(options.metrics) : null;
  const analysisIssues = [...s.issues];
  // Issues (exclusions, returns…) of the tables behind each dataset become notes on its metrics.
  const notesByDataset = new Map<DatasetId, Issue[]>();
  for (const i of issues) {
    if (!i.table || i.severity === 'error' || !(i.count ?? 0)) continue;
    const r = s.resolved.find((x) => x.table.name === i.table);
    if (r) notesByDataset.set(r.dataset, [...(notesByDataset.get(r.dataset) ?? []), i]);
  }
  const comparisons = (['previous', 'yoy'] as const)
    .map((kind) => ({ kind, c: comparisonSetup(s, kind) }))
    .filter((x): x is { kind: ComparisonKind; c: ComparisonSetup } => x.c !== null)
    .map(({ kind, c }) => ({ kind, ...c }));
  const totalCtx = contextFor(db, s, null);
  const metrics: MetricResult[] = [];
  // Segment values present in each dataset: a metric lists only the segments its inputs have rows
  // in (a "(blank)" segment of tickets means nothing on an MRR card).
  const segmentsIn = new Map<DatasetId, Set<string>>();
  const segmentsOf = (ds: DatasetId): Set<string> => {
    let set = segmentsIn.get(ds);
    if (!set) {
      set = new Set(queryRows(db, `SELECT DISTINCT _seg FROM ${ident(normalizedTable(ds))}`).rows.map((r) => String(r[0])));
      segmentsIn.set(ds, set);
    }
    return set;
  };
  for (const family of families) {
    const defs = family.metrics.filter((m) => !wanted || wanted.has(m.id));
    if (defs.length === 0) continue;
    const missing = new Map(defs.map((d) => [d.id, missingInputs(d, s.mapped)]));
    const computable = defs.filter((d) => missing.get(d.id) === null);
    const total = computable.length ? runFamily(db, s, family, null) : { outputs: new Map<string, MetricOutput>(), error: null };
    if (total.error) {
      analysisIssues.push({ severity: 'error', code: 'metric_failed', column: null, rows: [], params: { family: family.family, error: String(total.error) }, message: `The ${family.family} metrics could not be computed: ${total.error}` });
    }
    const compared = computable.length
      ? comparisons.map((c) => ({ kind: c.kind, meta: c.meta, run: runFamily(db, c.setup, family, null, true) }))
      : [];
    const perSegment = computable.length && s.segmentColumn
      ? s.segmentValues.map((v) => ({ value: v, run: runFamily(db, s, family, v) }))
      : [];
    for (const d of defs) {
      const base = {
        id: d.id, label: d.label, family: d.family, unit: d.unit, period: totalCtx.current.key,
        better: typeof d.better === 'function' ? d.better(totalCtx.params) : d.better ?? 'higher',
        periodProgress: periodProgress(totalCtx.current, totalCtx.asOfDay),
        variant: d.variant ? d.variant(totalCtx.params) : null, benchmark: typeof d.benchmark === 'function'
          ? d.benchmark(totalCtx.params, monthsInPeriod(totalCtx.period, totalCtx.current)) : d.benchmark ?? null, formula: d.formula(totalCtx.params),
        ...(d.formulaMessage ? { formulaMessage: d.formulaMessage(totalCtx.params) } : {}),
      };
      const miss = missing.get(d.id);
      if (miss !== null && miss !== undefined) {
        metrics.push({ ...base, value: null, status: 'missing_inputs', missing: miss, sql: '', series: [], segments: [], stats: {},
          ...noteOutput(msg('note.needs', { fields: miss.join(', ') })) });
        continue;
      }
      const out = total.outputs.get(d.id);
      if (!out) {
        metrics.push({ ...base, value: null, status: 'not_applicable', missing: [], sql: '', series: [], segments: [], stats: {},
          ...noteOutput(total.error ? msg('note.failed', { error: total.error }) : msg('note.notComputed')) });
        continue;
      }
      const value = outputValue(out);
      const hasTable = !!out.table && out.table.rows.length > 0;
      const status = out.status ?? (value !== null || (d.kind === 'table' && hasTable) ? 'ok' : 'not_applicable');
      const inputDatasets = [...new Set(d.inputs.map((a) => a.dataset))].filter((ds) => s.mapped[ds]);
      let relevant = perSegment.filter(({ value: seg }) => inputDatasets.some((ds) => segmentsOf(ds).has(seg)));
      // Inputs without the segment column at all: one "(blank)" segment would only repeat the total.
      if (relevant.length === 1 && relevant[0]!.value === BLANK_SEGMENT) relevant = [];
      const segments: MetricSegment[] = relevant.map(({ value: seg, run }) => {
        const o = run.outputs.get(d.id);
        return { segment: seg, value: o ? outputValue(o) : null, series: o ? cleanSeries(o.series) : [] };
      });
      const datasetIssues = [...new Map(d.inputs.filter((a) => !missingInputs({ ...d, inputs: [a] }, s.mapped)?.length)
        .flatMap((a) => notesByDataset.get(a.dataset) ?? []).map((i) => [i.message, i] as const)).values()];
      const notes = [...(out.notes ?? []), ...datasetIssues.map((i) => i.message)];
      // The issues' notes are messages of their codes (issue.<code>) where the resources have one.
      const noteMessages = [...(out.notes ?? []).map((_, i) => out.noteMessages?.[i] ?? null), ...datasetIssues.map((i) => issueMessage(i, englishText))];
      const cmp: NonNullable<MetricResult['comparisons']> = {};
      if (d.kind !== 'table') {
        for (const c of compared) {
          const o = c.run.outputs.get(d.id);
          if (o) cmp[c.kind] = { ...c.meta, value: outputValue(o) };
        }
      }
      metrics.push({
        ...base, value, status, missing: [], sql: out.sql, series: cleanSeries(out.series), segments,
        stats: Object.fromEntries(Object.entries(out.stats ?? {}).map(([k, v]) => [k, typeof v === 'number' ? finite(v) : v])),
        ...(out.table ? { table: out.table } : {}),
        ...(notes.length ? { notes } : {}),
        ...(noteMessages.some(Boolean) ? { noteMessages } : {}),
        ...(Object.keys(cmp).length ? { comparisons: cmp } : {}),
      });
    }
  }
  // Targets: the workspace's (entered in the app) and those of a table mapped to the targets dataset.
  const fromTable = s.mapped.targets ? targetsFromTable(db, s.calendar) : { targets: [], issues: [] };
  analysisIssues.push(...fromTable.issues);
  applyTargets(metrics, new TargetIndex([...fromTable.targets, ...targetsFromOptions(options.targets)]), totalCtx.current, totalCtx.periods);
  return {
    asOf: isoFromDay(s.asOfDay), ...(s.dataAsOfDay !== s.asOfDay ? { dataAsOf: isoFromDay(s.dataAsOfDay) } : {}),
    period: s.period, calendar: s.calendar, mapping,
    issues: [...issues, ...analysisIssues], metrics,
  };
}

/** The source rows behind one metric value (period × segment), for the grid to page through. */
export function drillRows(db: Database, tables: TableInfo[], mapping: MappingFile, req: DrillRequest, sourceDays?: SourceDays): DrillRows {
  return drillFamilies(FAMILIES, db, tables, mapping, req, sourceDays);
}

/** drillRows() over a given list of family modules. */
export function drillFamilies(
  families: readonly FamilyModule[], db: Database, tables: TableInfo[], mapping: MappingFile, req: DrillRequest, sourceDays?: SourceDays,
): DrillRows {
  const family = families.find((f) => f.metrics.some((m) => m.id === req.metric));
  if (!family) throw new MessageError('engineError.unknownMetric', { metric: req.metric }, 'bad_option');
  const options: AnalysisOptions = { ...(req.options ?? {}) };
  const segmentValue = req.segment ?? null;
  if (segmentValue !== null && !options.segment) throw new Error('a drill-down into a segment needs options.segment (the segment column)');
  const s = prepare(db, tables, mapping, options, sourceDays);
  const ctx = contextFor(db, s, segmentValue);
  const period = ctx.periods.find((p) => p.key === req.period);
  if (!period) throw new MessageError('drill.error.outsideRange', { period: req.period, first: ctx.periods[0]?.key ?? '—', last: ctx.current.key });
  const def = family.metrics.find((m) => m.id === req.metric)!;
  const miss = missingInputs(def, s.mapped);
  if (miss) throw new MessageError('drill.error.needsFields', { metric: { key: `metric.${req.metric}` }, fields: miss.join(', ') });
  const drill = family.drill(ctx, req.metric, period);
  if (!drill) throw new MessageError('drill.error.noRows', { metric: { key: `metric.${req.metric}` }, period: req.period });
  const rows = queryRows(db, drill.sql).rows;
  const bySource = new Map<string, number[]>();
  for (const [src, row] of rows) {
    if (src == null || row == null) continue;
    const list = bySource.get(String(src)) ?? [];
    list.push(Number(row));
    bySource.set(String(src), list);
  }
  if (bySource.size === 0) {
    const first = s.resolved.find((r) => def.inputs.some((a) => a.dataset === r.dataset));
    return { table: first?.table.name ?? '', rows: [] };
  }
  // Several source tables can feed one dataset: the grid shows the one holding most of the rows.
  const [table, list] = [...bySource.entries()].sort((a, b) => b[1].length - a[1].length)[0]!;
  return { table, rows: [...new Set(list)].sort((a, b) => a - b) };
}
